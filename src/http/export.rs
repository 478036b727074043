//! `GET /api/v1/exports/...`: what shishi holds, back out as spreadsheets.
//! Reads: open, or needing the token under `--reads-need-token`. The files
//! themselves come from `crate::export`, as for `shishi export`; they are
//! kept until the next import and streamed from disk. Building one takes
//! one of [`EXPORTS_AT_ONCE`] slots, and a client address at most
//! [`EXPORTS_PER_CLIENT`] of them, so one client cannot hold them all.

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;

use poem::http::header;
use poem::web::{Data, Path};
use poem::{handler, Body, Request, Response};

use super::counter::{Counter, Full, Place};
use super::error::{respond, Shape};
use super::HttpState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::export::files::quoted;
use crate::export::{ExportFile, HistoryFormat, ReportChoice, Scope};

/// Exports built at the same time.
pub const EXPORTS_AT_ONCE: usize = 2;
/// Exports one client address may have built at the same time.
pub const EXPORTS_PER_CLIENT: usize = 1;

/// The slots of exports being built: [`EXPORTS_AT_ONCE`] in all,
/// [`EXPORTS_PER_CLIENT`] per client address.
pub fn export_slots() -> Arc<Counter> {
    Counter::new(EXPORTS_AT_ONCE, EXPORTS_PER_CLIENT)
}

/// A slot to build an export in, or `BUSY`.
fn export_slot(slots: &Arc<Counter>, client: Option<IpAddr>) -> Result<Place, ApiError> {
    slots.take(client).map_err(|full| ApiError::Busy {
        message: match full {
            Full::All(n) => format!("{n} exports are being built; try again in a few seconds"),
            Full::Client(n) => {
                format!("{n} export of yours is being built; wait for it, then ask again")
            }
        },
        retry_after: crate::sync::BUSY_RETRY_AFTER,
    })
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

/// Answers an export: the caller must be let read; the file kept for this
/// request and data generation is streamed, else one is built in a slot
/// (`BUSY` when none is free), kept and streamed.
async fn export<F, Fut>(req: &Request, state: &HttpState, make: F) -> Response
where
    F: FnOnce(std::path::PathBuf) -> Fut,
    Fut: Future<Output = Result<ExportFile, ApiError>>,
{
    let file = async {
        let caller = Caller::from_header(req.header(header::AUTHORIZATION))
            .from(req.remote_addr().as_socket_addr().map(|a| a.ip()));
        state.access.check_read(&caller)?;
        let generation = crate::service::reports::data_generation(&state.db).await?;
        // The path and the parameters in one order: the same request, the same file.
        let mut query: Vec<(String, String)> = params(req).into_iter().collect();
        query.sort();
        let key = format!("{}?{query:?}", req.uri().path());
        if let Some(kept) = state.export_files.get(generation, &key) {
            state.metrics.export_cache_hits.inc();
            return Ok(kept);
        }
        let client = req.remote_addr().as_socket_addr().map(|a| a.ip());
        let _slot = export_slot(&state.exports, client)?;
        let file = make(state.export_files.dir().to_path_buf()).await?;
        state.export_files.put(generation, key, file.clone());
        Ok::<_, ApiError>(file)
    };
    match file.await {
        Ok(f) => stream(f).await,
        Err(e) => respond(&e, Shape::Rest),
    }
}

/// The file as the response body, read from disk as it is sent.
async fn stream(f: ExportFile) -> Response {
    match tokio::fs::File::open(&**f.path).await {
        Ok(file) => Response::builder()
            .content_type(f.media)
            .header(header::CONTENT_LENGTH, f.size)
            .header(
                header::CONTENT_DISPOSITION,
                attachment(&f.name, &f.fallback),
            )
            .body(Body::from_async_read(file)),
        Err(e) => {
            tracing::error!(error = %e, "a built export could not be opened");
            respond(&ApiError::Internal, Shape::Rest)
        }
    }
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

/// `GET /api/v1/exports/history.csv?year=&issuer=`: the flat history of a year
/// (the latest year held without `year`), one line per project and
/// reporting date, UTF-8 with a byte-order mark.
#[handler]
pub(crate) async fn history_csv(req: &Request, state: Data<&HttpState>) -> Response {
    history(req, &state, HistoryFormat::Csv).await
}

/// `GET /api/v1/exports/history.xlsx?year=&issuer=`: the history workbook of a
/// year: rates by reporting date, a sheet per report, the unit ranking.
#[handler]
pub(crate) async fn history_xlsx(req: &Request, state: Data<&HttpState>) -> Response {
    history(req, &state, HistoryFormat::Xlsx).await
}

async fn history(req: &Request, state: &HttpState, format: HistoryFormat) -> Response {
    export(req, state, |dir| async move {
        crate::export::history(&state.db, &scope(req)?, format, &dir).await
    })
    .await
}

/// `GET /api/v1/exports/next-period.xlsx?year=&issuer=&unit=&prefill=`: the form
/// each unit fills in for the next period (see `crate::export::next_period`).
#[handler]
pub(crate) async fn next_period(req: &Request, state: Data<&HttpState>) -> Response {
    export(req, &state, |dir| async move {
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
        crate::export::next_period(&state.db, &scope(req)?, unit, prefill, &dir).await
    })
    .await
}

/// `?asOf=`, when given.
fn as_of(req: &Request) -> Result<Option<chrono::NaiveDate>, ApiError> {
    match params(req).get("asOf").map(|d| d.trim().to_owned()) {
        None => Ok(None),
        Some(d) if d.is_empty() => Ok(None),
        Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| {
                ApiError::BadUserInput(format!(
                    "asOf = '{}' is not a date; write it like ?asOf=2025-09-30",
                    quoted(&d)
                ))
            }),
    }
}

/// `GET /api/v1/exports/bulletin.docx?year=&asOf=&issuer=`: the period's
/// 通报 as a Word document (see `crate::export::documents`), of the latest
/// report on or before `asOf`.
#[handler]
pub(crate) async fn bulletin(req: &Request, state: Data<&HttpState>) -> Response {
    export(req, &state, |dir| async move {
        let (scope, as_of) = (scope(req)?, as_of(req)?);
        crate::export::files::bulletin(&state.db, &scope, as_of, &state.documents, &dir).await
    })
    .await
}

/// `GET /api/v1/exports/notices.docx?year=&asOf=&issuer=&unit=`: the 督办单
/// of the units behind pace, a page each, or of `unit` alone.
#[handler]
pub(crate) async fn notices(req: &Request, state: Data<&HttpState>) -> Response {
    export(req, &state, |dir| async move {
        let (scope, as_of) = (scope(req)?, as_of(req)?);
        let unit = params(req)
            .get("unit")
            .map(|u| u.trim().to_owned())
            .filter(|u| !u.is_empty());
        crate::export::files::notices(&state.db, &scope, as_of, unit, &state.documents, &dir).await
    })
    .await
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
    export(req, &state, |dir| async move {
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
        crate::export::report(&state.db, choice, &dir).await
    })
    .await
}
