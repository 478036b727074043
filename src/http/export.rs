//! `GET /api/v1/exports/...`: what shishi holds, back out as spreadsheets.
//! Reads: open, or needing the token under `--reads-need-token`.

use poem::http::header;
use poem::web::{Data, Path};
use poem::{handler, Request, Response};

use super::error::{respond, Shape};
use super::HttpState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::export::{next_period_xlsx, next_title, report_file_name, report_xlsx, FormOptions};
use crate::service::reports::{latest_report, report_table};

/// The media type of xlsx.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn rest(e: ApiError) -> Response {
    respond(&e, Shape::Rest)
}

/// `Content-Disposition` for `name`: an ASCII fallback and the real name
/// as RFC 6266 / RFC 5987 `filename*` (UTF-8, percent-encoded).
pub(crate) fn attachment(name: &str, fallback: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// The query string's parameters.
fn params(req: &Request) -> std::collections::HashMap<String, String> {
    serde_urlencoded::from_str(req.uri().query().unwrap_or_default()).unwrap_or_default()
}

/// The latest current report of `?year=` (of the latest year without it).
async fn latest_id(req: &Request, state: &HttpState) -> Result<i32, ApiError> {
    let year = match params(req).get("year").map(|y| y.trim().parse::<i32>()) {
        None => None,
        Some(Ok(y)) => Some(y),
        Some(Err(_)) => {
            return Err(ApiError::BadUserInput(
                "year is not a year; write it like ?year=2025".to_owned(),
            ))
        }
    };
    match latest_report(&state.db, year).await? {
        Some(r) => Ok(r.id),
        None => Err(ApiError::NotFound(match year {
            Some(y) => format!("no report of {y} is held"),
            None => "no report is held yet".to_owned(),
        })),
    }
}

/// An xlsx answer named `name` (ASCII fallback `fallback`).
fn xlsx(bytes: Vec<u8>, name: &str, fallback: &str) -> Response {
    Response::builder()
        .content_type(XLSX)
        .header(header::CONTENT_DISPOSITION, attachment(name, fallback))
        .body(bytes)
}

/// `GET /api/v1/exports/history.csv?year=`: the flat history of a year
/// (the latest year held without `year`), one line per project and
/// reporting date, UTF-8 with a byte-order mark.
#[handler]
pub(crate) async fn history_csv(req: &Request, state: Data<&HttpState>) -> Response {
    let caller = Caller::from_header(req.header(header::AUTHORIZATION));
    if let Err(e) = state.access.check_read(&caller) {
        return rest(ApiError::from(e));
    }
    let year = match latest_id(req, &state).await {
        Ok(id) => match crate::service::reports::report(&state.db, id).await {
            Ok(Some(r)) => r.year,
            Ok(None) => return rest(ApiError::NotFound("no report is held yet".to_owned())),
            Err(e) => return rest(ApiError::from(e)),
        },
        Err(e) => return rest(e),
    };
    let projects = match crate::service::projects::year_history(&state.db, year).await {
        Ok(p) => p,
        Err(e) => return rest(ApiError::from(e)),
    };
    match crate::export::history_csv(&projects) {
        Ok(bytes) => Response::builder()
            .content_type("text/csv; charset=utf-8")
            .header(
                header::CONTENT_DISPOSITION,
                attachment(
                    &format!("{year}年民生实事项目进展历史.csv"),
                    &format!("history-{year}.csv"),
                ),
            )
            .body(bytes),
        Err(e) => {
            tracing::error!(error = %e, "an export failed");
            rest(ApiError::Internal)
        }
    }
}

/// `GET /api/v1/exports/next-period.xlsx?year=&unit=&prefill=`: the form
/// each unit fills in for the next period, from the latest report of the
/// year: its projects in order (only `unit`'s when given), goal and units
/// filled, last period's progress and rate as the starting text unless
/// `prefill=false`.
#[handler]
pub(crate) async fn next_period(req: &Request, state: Data<&HttpState>) -> Response {
    let caller = Caller::from_header(req.header(header::AUTHORIZATION));
    if let Err(e) = state.access.check_read(&caller) {
        return rest(ApiError::from(e));
    }
    let query = params(req);
    let prefill = match query.get("prefill").map(|v| v.trim()) {
        None | Some("" | "true" | "1") => true,
        Some("false" | "0") => false,
        Some(other) => {
            return rest(ApiError::BadUserInput(format!(
                "prefill = '{other}' is not true or false"
            )))
        }
    };
    let unit = query
        .get("unit")
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    let id = match latest_id(req, &state).await {
        Ok(id) => id,
        Err(e) => return rest(e),
    };
    let table = match report_table(&state.db, id).await {
        Ok(Some(t)) => t,
        Ok(None) => return rest(ApiError::NotFound(format!("there is no report {id}"))),
        Err(e) => return rest(ApiError::from(e)),
    };
    if let Some(u) = &unit {
        if !table.rows.iter().any(|r| r.units.iter().any(|n| n == u)) {
            return rest(ApiError::NotFound(format!(
                "no project of the latest report lists the unit '{u}'; write the unit as the table does, e.g. 区教体局"
            )));
        }
    }
    let title = next_title(&table);
    let name = match &unit {
        Some(u) => format!("{title}（{u}）.xlsx"),
        None => format!("{title}.xlsx"),
    };
    let built = tokio::task::spawn_blocking(move || {
        let options = FormOptions {
            unit: unit.as_deref(),
            prefill,
        };
        next_period_xlsx(&table, options)
    })
    .await;
    match built {
        Ok(Ok(bytes)) => xlsx(bytes, &name, "next-period.xlsx"),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "an export failed");
            rest(ApiError::Internal)
        }
        Err(e) => {
            tracing::error!(error = %e, "an export failed");
            rest(ApiError::Internal)
        }
    }
}

/// `GET /api/v1/exports/reports/{id}.xlsx`, or `latest.xlsx?year=`: a
/// report in the official layout, lights as fills, and its import's
/// warnings on a second sheet.
#[handler]
pub(crate) async fn report(
    req: &Request,
    Path(file): Path<String>,
    state: Data<&HttpState>,
) -> Response {
    let caller = Caller::from_header(req.header(header::AUTHORIZATION));
    if let Err(e) = state.access.check_read(&caller) {
        return rest(ApiError::from(e));
    }
    let Some(which) = file.strip_suffix(".xlsx") else {
        return rest(ApiError::NotFound(
            "exports are .xlsx: /api/v1/exports/reports/{id}.xlsx or latest.xlsx".to_owned(),
        ));
    };
    let id = if which == "latest" {
        match latest_id(req, &state).await {
            Ok(id) => id,
            Err(e) => return rest(e),
        }
    } else {
        match which.parse::<i32>() {
            Ok(id) => id,
            Err(_) => {
                return rest(ApiError::NotFound(format!(
                    "'{which}' is not a report id; ids are the numbers the API returns, or 'latest'"
                )))
            }
        }
    };
    let table = match report_table(&state.db, id).await {
        Ok(Some(t)) => t,
        Ok(None) => return rest(ApiError::NotFound(format!("there is no report {id}"))),
        Err(e) => return rest(ApiError::from(e)),
    };
    let name = report_file_name(&table);
    let bytes = match tokio::task::spawn_blocking(move || report_xlsx(&table)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => {
            tracing::error!(error = %e, report = id, "an export failed");
            return rest(ApiError::Internal);
        }
        Err(e) => {
            tracing::error!(error = %e, report = id, "an export failed");
            return rest(ApiError::Internal);
        }
    };
    xlsx(bytes, &name, &format!("report-{id}.xlsx"))
}
