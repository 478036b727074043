//! `GET /api/v1/exports/...`: what shishi holds, back out as spreadsheets.
//! Reads: open, or needing the token under `--reads-need-token`. The files
//! themselves come from `crate::export`, as for `shishi export`.

use poem::http::header;
use poem::web::{Data, Path};
use poem::{handler, Request, Response};

use super::error::{respond, Shape};
use super::HttpState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::export::files::quoted;
use crate::export::{ExportFile, HistoryFormat, ReportChoice, Scope};

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

/// Refuses callers that may not read, then takes one of the export slots
/// (held until the file is built), or answers `BUSY` when all are taken.
fn may_read(
    req: &Request,
    state: &HttpState,
) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    let caller = Caller::from_header(req.header(header::AUTHORIZATION));
    state.access.check_read(&caller)?;
    state
        .exports
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::Busy {
            message: format!(
                "{} exports are being built; try again in a few seconds",
                super::EXPORTS_AT_ONCE
            ),
            retry_after: crate::sync::BUSY_RETRY_AFTER,
        })
}

/// `?year=`, when given.
fn year(req: &Request) -> Result<Option<i32>, ApiError> {
    match params(req).get("year").map(|y| y.trim().parse::<i32>()) {
        None => Ok(None),
        Some(Ok(y)) => Ok(Some(y)),
        Some(Err(_)) => Err(ApiError::BadUserInput(
            "year is not a year; write it like ?year=2025".to_owned(),
        )),
    }
}

/// The `year` and `issuer` parameters.
fn scope(req: &Request) -> Result<Scope, ApiError> {
    Ok(Scope {
        year: year(req)?,
        issuer: params(req).get("issuer").map(|i| i.trim().to_owned()),
    })
}

/// The answer of an export: the file, or the error in the REST shape.
fn answer(result: Result<ExportFile, ApiError>) -> Response {
    match result {
        Ok(f) => Response::builder()
            .content_type(f.media)
            .header(
                header::CONTENT_DISPOSITION,
                attachment(&f.name, &f.fallback),
            )
            .body(f.bytes),
        Err(e) => respond(&e, Shape::Rest),
    }
}

/// `GET /api/v1/exports/history.csv?year=&issuer=`: the flat history of a year
/// (the latest year held without `year`), one line per project and
/// reporting date, UTF-8 with a byte-order mark.
#[handler]
pub(crate) async fn history_csv(req: &Request, state: Data<&HttpState>) -> Response {
    answer(history(req, &state, HistoryFormat::Csv).await)
}

/// `GET /api/v1/exports/history.xlsx?year=&issuer=`: the history workbook of a
/// year: rates by reporting date, a sheet per report, the unit ranking.
#[handler]
pub(crate) async fn history_xlsx(req: &Request, state: Data<&HttpState>) -> Response {
    answer(history(req, &state, HistoryFormat::Xlsx).await)
}

async fn history(
    req: &Request,
    state: &HttpState,
    format: HistoryFormat,
) -> Result<ExportFile, ApiError> {
    let _slot = may_read(req, state)?;
    crate::export::history(&state.db, &scope(req)?, format).await
}

/// `GET /api/v1/exports/next-period.xlsx?year=&issuer=&unit=&prefill=`: the form
/// each unit fills in for the next period (see `crate::export::next_period`).
#[handler]
pub(crate) async fn next_period(req: &Request, state: Data<&HttpState>) -> Response {
    answer(form(req, &state).await)
}

async fn form(req: &Request, state: &HttpState) -> Result<ExportFile, ApiError> {
    let _slot = may_read(req, state)?;
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
    crate::export::next_period(&state.db, &scope(req)?, unit, prefill).await
}

/// `GET /api/v1/exports/reports/{id}.xlsx`, or `latest.xlsx?year=&issuer=`: a
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
) -> Result<ExportFile, ApiError> {
    let _slot = may_read(req, state)?;
    let Some(which) = file_name.strip_suffix(".xlsx") else {
        return Err(ApiError::NotFound(
            "exports are .xlsx: /api/v1/exports/reports/{id}.xlsx or latest.xlsx".to_owned(),
        ));
    };
    let choice = match which {
        "latest" => ReportChoice::Latest(scope(req)?),
        other => ReportChoice::Id(other.parse::<i32>().map_err(|_| {
            ApiError::NotFound(format!(
                "'{}' is not a report id; ids are the numbers the API returns, or 'latest'",
                quoted(other)
            ))
        })?),
    };
    crate::export::report(&state.db, choice).await
}
