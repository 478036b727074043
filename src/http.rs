//! Poem routes: GraphQL over HTTP (with multipart uploads) and WebSocket,
//! the upload endpoint for scripts, the playground, health and metrics.

use async_graphql::http::{receive_batch_body, GraphiQLSource, MultipartOptions};
use async_graphql::parser::types::OperationType;
use async_graphql_poem::{GraphQLBatchResponse, GraphQLProtocol, GraphQLWebSocket};
use poem::http::{header, Method, StatusCode};
use poem::web::websocket::WebSocket;
use poem::web::{Html, Json, Multipart};
use poem::{
    get, handler, post, Body, Endpoint, EndpointExt, FromRequest, IntoResponse, Request, Response,
    Route,
};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio_util::compat::TokioAsyncReadCompatExt;

use crate::graphql::auth::check_write;
use crate::graphql::{AppSchema, Caller, WriteToken};
use crate::metrics::Metrics;
use crate::sync::{parse_warnings, Importer, RunRequest, RunStatus, Trigger};

/// Request-wide limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest uploaded file, in bytes.
    pub max_upload_bytes: u64,
}

/// What the routes need.
#[derive(Clone)]
pub struct HttpState {
    /// The GraphQL schema.
    pub schema: AppSchema,
    /// The database, for the health check.
    pub db: DatabaseConnection,
    /// The importer, for the upload endpoint.
    pub importer: Importer,
    /// Upload limits.
    pub limits: Limits,
    /// The write token.
    pub token: WriteToken,
    /// Reads need the token too.
    pub reads_need_token: bool,
    /// Metrics.
    pub metrics: Metrics,
}

/// Every route of the service.
pub fn routes(state: HttpState) -> impl Endpoint {
    let metrics = state.metrics.clone();
    let graphql = GraphqlEndpoint {
        state: state.clone(),
    };
    Route::new()
        .at("/", get(playground))
        .at("/graphql", graphql)
        .at("/healthz", get(healthz.data(state.db.clone())))
        .at("/metrics", get(metrics_text.data(state.metrics.clone())))
        .at("/api/v1/spreadsheets", post(upload_spreadsheet.data(state)))
        .around(move |ep, req| {
            let metrics = metrics.clone();
            async move {
                let method = req.method().to_string();
                let response = match ep.call(req).await {
                    Ok(r) => r.into_response(),
                    Err(e) => e.into_response(),
                };
                metrics
                    .http_requests
                    .with_label_values(&[&method, response.status().as_str()])
                    .inc();
                Ok(response)
            }
        })
}

#[handler]
fn playground() -> Html<String> {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql")
            .title("shishi · 民生实事项目")
            .finish(),
    )
}

#[handler]
async fn healthz(db: poem::web::Data<&DatabaseConnection>) -> Response {
    match db.ping().await {
        Ok(()) => Json(json!({"status": "ok"})).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"status": "unavailable", "reason": "the database does not answer"})),
            )
                .into_response()
        }
    }
}

#[handler]
fn metrics_text(metrics: poem::web::Data<&Metrics>) -> Response {
    Response::builder()
        .content_type("text/plain; version=0.0.4")
        .body(metrics.render())
}

/// A GraphQL error response with `extensions.code`.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"errors": [{"message": message, "extensions": {"code": code}}]})),
    )
        .into_response()
}

/// The upload endpoint's and the REST error shape.
fn rest_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"error": {"code": code, "message": message}})),
    )
        .into_response()
}

fn unauthorized(code: &str, message: &str, rest: bool) -> Response {
    let status = if code == "FORBIDDEN" {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::UNAUTHORIZED
    };
    let mut resp = if rest {
        rest_error(status, code, message)
    } else {
        error_response(status, code, message)
    };
    if status == StatusCode::UNAUTHORIZED {
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
    }
    resp
}

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
        }
    }
}

/// `POST /api/v1/spreadsheets`: multipart field `file`, optional fields
/// `dryRun`, `asOf`, `period` (also accepted as query parameters). The size
/// limit is enforced as the body streams in.
#[handler]
async fn upload_spreadsheet(
    req: &Request,
    multipart: poem::Result<Multipart>,
    state: poem::web::Data<&HttpState>,
) -> Response {
    let caller = Caller::from_header(req.header(header::AUTHORIZATION));
    if let Err(e) = check_write(&state.token, &caller) {
        return unauthorized(e.code(), e.message(), true);
    }
    let limit = state.limits.max_upload_bytes;
    let query: std::collections::HashMap<String, String> =
        serde_urlencoded::from_str(req.uri().query().unwrap_or_default()).unwrap_or_default();
    let mut fields = query;
    // Multipart reads the body lazily: nothing is read before the token check.
    let mut multipart = match multipart {
        Ok(m) => m,
        Err(_) => {
            return rest_error(
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
                "send the table as multipart/form-data with the field 'file' (curl -F file=@table.xlsx)",
            )
        }
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                return rest_error(
                    StatusCode::BAD_REQUEST,
                    "BAD_USER_INPUT",
                    &format!("the multipart body is malformed: {e}"),
                )
            }
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("upload").to_owned();
            let reader = field.into_async_read();
            tokio::pin!(reader);
            let mut bytes = Vec::new();
            let mut chunk = vec![0u8; 64 * 1024];
            loop {
                match reader.read(&mut chunk).await {
                    Ok(0) => break,
                    Ok(n) => {
                        if (bytes.len() + n) as u64 > limit {
                            return rest_error(
                                StatusCode::PAYLOAD_TOO_LARGE,
                                "TOO_LARGE",
                                &format!("the file is larger than the upload limit of {limit} bytes (--max-upload-bytes); a tracking table is far smaller"),
                            );
                        }
                        bytes.extend_from_slice(&chunk[..n]);
                    }
                    Err(e) => {
                        return rest_error(
                            StatusCode::BAD_REQUEST,
                            "BAD_USER_INPUT",
                            &format!("the upload broke off: {e}"),
                        )
                    }
                }
            }
            file = Some((file_name, bytes));
        } else if !name.is_empty() {
            match field.text().await {
                Ok(text) if text.len() <= 200 => {
                    fields.insert(name, text);
                }
                _ => {
                    return rest_error(
                        StatusCode::BAD_REQUEST,
                        "BAD_USER_INPUT",
                        &format!("the field '{name}' is not a short text"),
                    )
                }
            }
        }
    }
    let Some((name, bytes)) = file else {
        return rest_error(
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
            "the multipart field 'file' is missing (curl -F file=@table.xlsx)",
        );
    };
    let dry_run = match fields.get("dryRun").map(|v| v.trim()) {
        None | Some("false") | Some("0") | Some("") => false,
        Some("true") | Some("1") => true,
        Some(other) => {
            return rest_error(
                StatusCode::BAD_REQUEST,
                "BAD_USER_INPUT",
                &format!("dryRun = '{other}' is not true or false"),
            )
        }
    };
    let as_of = match fields
        .get("asOf")
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
    {
        None => None,
        Some(v) => match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                return rest_error(
                    StatusCode::BAD_REQUEST,
                    "BAD_USER_INPUT",
                    &format!("asOf = '{v}' is not a date; write it as YYYY-MM-DD"),
                )
            }
        },
    };
    let request = RunRequest {
        dry_run,
        as_of,
        period: fields
            .get("period")
            .cloned()
            .filter(|p| !p.trim().is_empty()),
        ..RunRequest::new(Trigger::Upload, name, bytes)
    };
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
            rest_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "the run log cannot be written; the server log has the details",
            )
        }
    }
}

/// `/graphql`: GET (queries, or a WebSocket upgrade for subscriptions) and
/// POST (JSON or multipart).
struct GraphqlEndpoint {
    state: HttpState,
}

impl GraphqlEndpoint {
    /// With reads needing the token, refuses callers without it.
    fn check_read(&self, caller: &Caller) -> Option<Response> {
        if !self.state.reads_need_token {
            return None;
        }
        check_write(&self.state.token, caller)
            .err()
            .map(|e| unauthorized(e.code(), e.message(), false))
    }

    async fn subscribe(&self, req: Request) -> poem::Result<Response> {
        let (req, mut body) = req.split();
        let websocket = WebSocket::from_request(&req, &mut body).await?;
        let protocol = GraphQLProtocol::from_request(&req, &mut body).await?;
        let schema = self.state.schema.clone();
        let header_caller = Caller::from_header(req.header(header::AUTHORIZATION));
        let token = self.state.token.clone();
        let reads_need_token = self.state.reads_need_token;
        Ok(websocket
            .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
            .on_upgrade(move |stream| {
                GraphQLWebSocket::new(stream, schema, protocol)
                    .on_connection_init(move |payload| async move {
                        // Browsers cannot set headers on a WebSocket: the
                        // token may come in connection_init's payload.
                        let from_payload = payload
                            .get("Authorization")
                            .or_else(|| payload.get("authorization"))
                            .and_then(|v| v.as_str())
                            .map(|v| Caller::from_header(Some(v)))
                            .filter(|c| c.0.is_some());
                        let caller = from_payload.unwrap_or(header_caller);
                        if reads_need_token {
                            check_write(&token, &caller).map_err(async_graphql::Error::from)?;
                        }
                        let mut data = async_graphql::Data::default();
                        data.insert(caller);
                        Ok(data)
                    })
                    .serve()
            })
            .into_response())
    }

    async fn get(&self, req: Request) -> poem::Result<Response> {
        let upgrade = req
            .header(header::UPGRADE)
            .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
        if upgrade {
            return self.subscribe(req).await;
        }
        let caller = Caller::from_header(req.header(header::AUTHORIZATION));
        if let Some(refused) = self.check_read(&caller) {
            return Ok(refused);
        }
        let query = req.uri().query().unwrap_or_default();
        let gql = match async_graphql::http::parse_query_string(query) {
            Ok(gql) => gql,
            Err(e) => {
                return Ok(error_response(
                    StatusCode::BAD_REQUEST,
                    "BAD_USER_INPUT",
                    &format!("the query string is not a GraphQL request ({e}); pass ?query=..."),
                ))
            }
        };
        if is_mutation(&gql) {
            let mut resp = error_response(
                StatusCode::METHOD_NOT_ALLOWED,
                "BAD_USER_INPUT",
                "mutations are not allowed over GET; send them with POST",
            );
            resp.headers_mut()
                .insert(header::ALLOW, header::HeaderValue::from_static("GET, POST"));
            return Ok(resp);
        }
        let gql = gql.data(caller);
        Ok(GraphQLBatchResponse(self.state.schema.execute(gql).await.into()).into_response())
    }

    async fn post(&self, req: Request) -> poem::Result<Response> {
        let caller = Caller::from_header(req.header(header::AUTHORIZATION));
        if let Some(refused) = self.check_read(&caller) {
            return Ok(refused);
        }
        let content_type = req.header(header::CONTENT_TYPE).map(str::to_owned);
        let limit = usize::try_from(self.state.limits.max_upload_bytes).unwrap_or(usize::MAX);
        let body: Body = req.into_body();
        let options = MultipartOptions::default()
            .max_file_size(limit)
            .max_num_files(4);
        let batch = match receive_batch_body(content_type, body.into_async_read().compat(), options).await {
            Ok(batch) => batch,
            Err(async_graphql::ParseRequestError::PayloadTooLarge) => {
                return Ok(error_response(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "BAD_USER_INPUT",
                    &format!(
                        "the upload is larger than the limit of {limit} bytes (--max-upload-bytes); a tracking table is far smaller"
                    ),
                ))
            }
            Err(e) => {
                return Ok(error_response(
                    StatusCode::BAD_REQUEST,
                    "BAD_USER_INPUT",
                    &format!("the request body is not a GraphQL request: {e}"),
                ))
            }
        };
        let batch = batch.data(caller);
        Ok(GraphQLBatchResponse(self.state.schema.execute_batch(batch).await).into_response())
    }
}

impl Endpoint for GraphqlEndpoint {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        match *req.method() {
            Method::GET => self.get(req).await,
            Method::POST => self.post(req).await,
            _ => {
                let mut resp = error_response(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "BAD_USER_INPUT",
                    "use GET or POST for /graphql",
                );
                resp.headers_mut()
                    .insert(header::ALLOW, header::HeaderValue::from_static("GET, POST"));
                Ok(resp)
            }
        }
    }
}

/// True when the operation the request selects is a mutation.
fn is_mutation(req: &async_graphql::Request) -> bool {
    let Ok(doc) = async_graphql::parser::parse_query(&req.query) else {
        return false;
    };
    doc.operations.iter().any(|(name, op)| {
        let selected = match (&req.operation_name, name) {
            (Some(wanted), Some(name)) => wanted == name.as_str(),
            (None, _) => true,
            (Some(_), None) => false,
        };
        selected && op.node.ty == OperationType::Mutation
    })
}
