//! `POST /api/v1/spreadsheets`: uploads for scripts and curl.

use poem::http::StatusCode;
use poem::web::{Json, Multipart};
use poem::{handler, IntoResponse, Request, Response};
use serde::Serialize;
use serde_json::json;
use tokio::io::AsyncReadExt;

use super::error::{respond, Shape};
use super::HttpState;
use crate::auth::Caller;
use crate::error::{ApiError, MAX_FIELD_BYTES};
use crate::sync::source::copy_capped;
use crate::sync::{
    parse_warnings, Busy, Content, RunRequest, RunStatus, Trigger, BUSY_RETRY_AFTER,
};
use poem::http::header;

/// A sync run as the upload endpoint answers it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunJson {
    id: String,
    trigger: String,
    source: String,
    status: String,
    sha256: Option<String>,
    started_at: String,
    finished_at: Option<String>,
    report_id: Option<String>,
    rows_read: i32,
    projects_created: i32,
    projects_updated: i32,
    warnings: Vec<crate::sheet::Warning>,
    error: Option<serde_json::Value>,
    uploaded_by: Option<String>,
    client_address: Option<String>,
    form_unit: Option<String>,
    merged: bool,
    outcome: Option<String>,
}

impl From<entity::sync_run::Model> for RunJson {
    fn from(r: entity::sync_run::Model) -> Self {
        Self {
            id: r.id.to_string(),
            warnings: parse_warnings(&r.warnings),
            error: r
                .error_code
                .map(|code| json!({"code": code, "message": r.error_message.unwrap_or_default()})),
            trigger: r.trigger,
            source: r.source,
            status: r.status,
            sha256: r.sha256,
            started_at: r.started_at.to_rfc3339(),
            finished_at: r.finished_at.map(|t| t.to_rfc3339()),
            report_id: r.report_id.map(|i| i.to_string()),
            rows_read: r.rows_read,
            projects_created: r.projects_created,
            projects_updated: r.projects_updated,
            uploaded_by: r.uploaded_by,
            client_address: r.client_address,
            form_unit: r.form_unit,
            merged: r.merged,
            outcome: r.outcome,
        }
    }
}

/// `POST /api/v1/spreadsheets`: multipart field `file`, optional fields
/// `dryRun`, `merge`, `asOf`, `period`, `year`, `issuer`, `headerRow`,
/// `columns` (also accepted as query parameters; any other is refused). The size
/// limit is enforced as the body streams in.
#[handler]
pub(crate) async fn upload_spreadsheet(
    req: &Request,
    multipart: poem::Result<Multipart>,
    state: poem::web::Data<&HttpState>,
) -> Response {
    let caller = Caller::from_header(req.header(header::AUTHORIZATION))
        .from(req.remote_addr().as_socket_addr().map(|a| a.ip()));
    let writer = match state.access.writer(&caller) {
        Ok(w) => w,
        Err(e) => return rest(ApiError::from(e)),
    };
    // A place in the import queue before any of the file is read: a flood
    // of uploads is answered 503 without being stored.
    let admitted = state.importer.admit();
    let limit = state.limits.max_upload_bytes;
    let query: std::collections::HashMap<String, String> =
        serde_urlencoded::from_str(req.uri().query().unwrap_or_default()).unwrap_or_default();
    let mut fields = query;
    // Multipart reads the body lazily: nothing is read before the token check.
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(_) => {
            return rest(ApiError::BadUserInput("send the table as multipart/form-data with the field 'file' (curl -F file=@table.xlsx)".to_owned()))
        }
    };
    let _ticket = match admitted {
        Ok(t) => t,
        Err(busy) => {
            // Read and drop what was sent (nothing is kept), so the client
            // gets the answer instead of a broken connection.
            let drain = async {
                while let Ok(Some(field)) = multipart.next_field().await {
                    let reader = field.into_async_read();
                    tokio::pin!(reader);
                    let mut sink = tokio::io::sink();
                    if tokio::io::copy(&mut (&mut reader).take(limit + 1), &mut sink)
                        .await
                        .is_err()
                    {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(state.limits.body_timeout, drain).await;
            return busy_response(&busy);
        }
    };
    let mut file: Option<(String, std::fs::File)> = None;
    loop {
        let next = tokio::time::timeout(state.limits.body_timeout, multipart.next_field()).await;
        let field = match next {
            Ok(Ok(Some(f))) => f,
            Ok(Ok(None)) => break,
            Ok(Err(e)) => {
                return rest(ApiError::BadUserInput(format!(
                    "the multipart body is malformed: {}",
                    crate::error::excerpt(&e.to_string(), 0, 200)
                )))
            }
            Err(_) => {
                return rest(ApiError::RequestTimeout(format!(
                    "the upload stopped arriving for {} s (--read-timeout); send it again",
                    state.limits.body_timeout.as_secs()
                )))
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("upload").to_owned();
            let reader =
                super::stall::StallGuard::new(field.into_async_read(), state.limits.body_timeout);
            let bytes = match spool(reader, limit).await {
                Ok(Some(f)) => f,
                Ok(None) => {
                    return rest(ApiError::TooLarge(format!("the file is larger than the upload limit of {limit} bytes (--max-upload-bytes); a tracking table is far smaller")))
                }
                Err(e) if super::stall::is_stalled(&e) => {
                    return rest(ApiError::RequestTimeout(format!(
                        "the file stopped arriving for {} s (--read-timeout); send it again",
                        state.limits.body_timeout.as_secs()
                    )))
                }
                Err(e) => {
                    return rest(ApiError::BadUserInput(format!(
                        "the upload broke off: {}",
                        crate::error::excerpt(&e.to_string(), 0, 200)
                    )))
                }
            };
            file = Some((file_name, bytes));
        } else if !name.is_empty() {
            // At most 201 bytes are read: a field that is not a short text
            // is refused, whatever its size.
            let mut text = Vec::new();
            let reader =
                super::stall::StallGuard::new(field.into_async_read(), state.limits.body_timeout);
            let read = reader
                .take(MAX_FIELD_BYTES as u64 + 1)
                .read_to_end(&mut text)
                .await;
            match read.ok().and_then(|_| String::from_utf8(text).ok()) {
                Some(text) if text.len() <= MAX_FIELD_BYTES => {
                    fields.insert(name, text);
                }
                _ => {
                    return rest(ApiError::BadUserInput(format!(
                        "the field '{name}' is not a short text"
                    )))
                }
            }
        }
    }
    let Some((name, bytes)) = file else {
        return rest(ApiError::BadUserInput(
            "the multipart field 'file' is missing (curl -F file=@table.xlsx)".to_owned(),
        ));
    };
    // The fields say how to import, read as every upload's options are.
    let options = match crate::sync::ImportFields::from_pairs(
        fields.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    )
    .and_then(crate::sync::ImportFields::read)
    {
        Ok(o) => o,
        Err(message) => return rest(ApiError::BadUserInput(message)),
    };
    let request = options.into_request(RunRequest {
        uploaded_by: Some(writer.name),
        unit_only: writer.unit,
        client_address: caller.client.clone(),
        ..RunRequest::of(Trigger::Upload, name, Content::File(bytes))
    });
    match state.importer.run(request).await {
        Ok(run) => {
            let status = if RunStatus::parse(&run.status) == RunStatus::Failed {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            (status, Json(RunJson::from(run))).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "the run log cannot be written");
            rest(ApiError::Internal)
        }
    }
}

/// Writes an upload to a temporary file (deleted when closed), at most
/// `limit` bytes; None when it is larger.
async fn spool(
    reader: impl tokio::io::AsyncRead,
    limit: u64,
) -> std::io::Result<Option<std::fs::File>> {
    use tokio::io::AsyncWriteExt;
    let file = tokio::task::spawn_blocking(tempfile::tempfile)
        .await
        .map_err(std::io::Error::other)??;
    let mut out = tokio::fs::File::from_std(file);
    if !copy_capped(reader, &mut out, limit).await? {
        return Ok(None);
    }
    out.flush().await?;
    Ok(Some(out.into_std().await))
}

/// 503 with Retry-After: the import queue is full.
fn busy_response(busy: &Busy) -> Response {
    rest(ApiError::Busy {
        message: busy.to_string(),
        retry_after: BUSY_RETRY_AFTER,
    })
}

fn rest(e: ApiError) -> Response {
    respond(&e, Shape::Rest)
}
