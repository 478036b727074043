//! `GET /api/v1/exports/...`: what shishi holds, back out as spreadsheets.
//! Reads: open, or needing the token under `--reads-need-token`.

use poem::http::header;
use poem::web::{Data, Path};
use poem::{handler, Request, Response};

use super::error::{respond, Shape};
use super::HttpState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::export::{report_file_name, report_xlsx};
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
        let query: std::collections::HashMap<String, String> =
            serde_urlencoded::from_str(req.uri().query().unwrap_or_default()).unwrap_or_default();
        let year = match query.get("year").map(|y| y.trim().parse::<i32>()) {
            None => None,
            Some(Ok(y)) => Some(y),
            Some(Err(_)) => {
                return rest(ApiError::BadUserInput(
                    "year is not a year; write it like ?year=2025".to_owned(),
                ))
            }
        };
        match latest_report(&state.db, year).await {
            Ok(Some(r)) => r.id,
            Ok(None) => {
                return rest(ApiError::NotFound(match year {
                    Some(y) => format!("no report of {y} is held"),
                    None => "no report is held yet".to_owned(),
                }))
            }
            Err(e) => return rest(ApiError::from(e)),
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
    Response::builder()
        .content_type(XLSX)
        .header(
            header::CONTENT_DISPOSITION,
            attachment(&name, &format!("report-{id}.xlsx")),
        )
        .body(bytes)
}
