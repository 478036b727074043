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
use crate::service::reports::{latest_report, report_table, ReportTable};

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

/// What a client sent, quoted short in a message.
fn quoted(text: &str) -> String {
    crate::graphql::limits::excerpt(text, 0, 60)
}

/// Refuses callers that may not read.
fn may_read(req: &Request, state: &HttpState) -> Result<(), ApiError> {
    let caller = Caller::from_header(req.header(header::AUTHORIZATION));
    Ok(state.access.check_read(&caller)?)
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

/// Report `id` as its table.
async fn table_of(state: &HttpState, id: i32) -> Result<ReportTable, ApiError> {
    report_table(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("there is no report {id}")))
}

/// Writes a file off the async threads; a failure is logged, not shown.
async fn build<E: std::fmt::Display + Send + 'static>(
    write: impl FnOnce() -> Result<Vec<u8>, E> + Send + 'static,
) -> Result<Vec<u8>, ApiError> {
    match tokio::task::spawn_blocking(write).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "an export failed");
            Err(ApiError::Internal)
        }
        Err(e) => {
            tracing::error!(error = %e, "an export failed");
            Err(ApiError::Internal)
        }
    }
}

/// A file answer of `media` named `name` (ASCII fallback `fallback`).
fn file(bytes: Vec<u8>, media: &str, name: &str, fallback: &str) -> Response {
    Response::builder()
        .content_type(media)
        .header(header::CONTENT_DISPOSITION, attachment(name, fallback))
        .body(bytes)
}

/// The answer of an export: the file, or the error in the REST shape.
fn answer(result: Result<Response, ApiError>) -> Response {
    result.unwrap_or_else(rest)
}

/// `GET /api/v1/exports/history.csv?year=`: the flat history of a year
/// (the latest year held without `year`), one line per project and
/// reporting date, UTF-8 with a byte-order mark.
#[handler]
pub(crate) async fn history_csv(req: &Request, state: Data<&HttpState>) -> Response {
    answer(history(req, &state).await)
}

async fn history(req: &Request, state: &HttpState) -> Result<Response, ApiError> {
    may_read(req, state)?;
    let year = table_of(state, latest_id(req, state).await?)
        .await?
        .report
        .year;
    let projects = crate::service::projects::year_history(&state.db, year).await?;
    let bytes = build(move || crate::export::history_csv(&projects)).await?;
    Ok(file(
        bytes,
        "text/csv; charset=utf-8",
        &format!("{year}年民生实事项目进展历史.csv"),
        &format!("history-{year}.csv"),
    ))
}

/// `GET /api/v1/exports/next-period.xlsx?year=&unit=&prefill=`: the form
/// each unit fills in for the next period, from the latest report of the
/// year: its projects in order (only `unit`'s when given), goal and units
/// filled, last period's progress and rate as the starting text unless
/// `prefill=false`.
#[handler]
pub(crate) async fn next_period(req: &Request, state: Data<&HttpState>) -> Response {
    answer(form(req, &state).await)
}

async fn form(req: &Request, state: &HttpState) -> Result<Response, ApiError> {
    may_read(req, state)?;
    let query = params(req);
    let prefill = match query.get("prefill").map(|v| v.trim()) {
        None | Some("" | "true" | "1") => true,
        Some("false" | "0") => false,
        Some(other) => {
            return Err(ApiError::BadUserInput(format!(
                "prefill = '{}' is not true or false",
                quoted(other)
            )))
        }
    };
    let unit = query
        .get("unit")
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty());
    let table = table_of(state, latest_id(req, state).await?).await?;
    if let Some(u) = &unit {
        if !table.rows.iter().any(|r| r.units.iter().any(|n| n == u)) {
            return Err(ApiError::NotFound(format!(
                "no project of the latest report lists the unit '{}'; write the unit as the table does, e.g. 区教体局",
                quoted(u)
            )));
        }
    }
    let title = next_title(&table);
    let name = match &unit {
        Some(u) => format!("{title}（{u}）.xlsx"),
        None => format!("{title}.xlsx"),
    };
    let bytes = build(move || {
        let options = FormOptions {
            unit: unit.as_deref(),
            prefill,
        };
        next_period_xlsx(&table, options)
    })
    .await?;
    Ok(file(bytes, XLSX, &name, "next-period.xlsx"))
}

/// `GET /api/v1/exports/reports/{id}.xlsx`, or `latest.xlsx?year=`: a
/// report in the official layout, lights as fills, and its import's
/// warnings on a second sheet.
#[handler]
pub(crate) async fn report(
    req: &Request,
    Path(file_name): Path<String>,
    state: Data<&HttpState>,
) -> Response {
    answer(report_file(req, &file_name, &state).await)
}

async fn report_file(
    req: &Request,
    file_name: &str,
    state: &HttpState,
) -> Result<Response, ApiError> {
    may_read(req, state)?;
    let Some(which) = file_name.strip_suffix(".xlsx") else {
        return Err(ApiError::NotFound(
            "exports are .xlsx: /api/v1/exports/reports/{id}.xlsx or latest.xlsx".to_owned(),
        ));
    };
    let id = match which {
        "latest" => latest_id(req, state).await?,
        other => other.parse::<i32>().map_err(|_| {
            ApiError::NotFound(format!(
                "'{}' is not a report id; ids are the numbers the API returns, or 'latest'",
                quoted(other)
            ))
        })?,
    };
    let table = table_of(state, id).await?;
    let name = report_file_name(&table);
    let bytes = build(move || report_xlsx(&table)).await?;
    Ok(file(bytes, XLSX, &name, &format!("report-{id}.xlsx")))
}
