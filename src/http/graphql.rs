//! `/graphql`: GraphQL over HTTP as the spec says (GET for queries, POST
//! with JSON or multipart, `application/graphql-response+json` negotiated
//! with its status codes), and subscriptions over WebSocket.
//!
//! Every request is bounded before it is parsed (see `graphql::limits`):
//! the body by size and read time, the query text by length and nesting,
//! batches by count; a multipart request (an upload) shows its token before
//! any of its body is read.

use async_graphql::http::{receive_batch_body, MultipartOptions};
use async_graphql::parser::types::{ExecutableDocument, OperationType};
use async_graphql_poem::GraphQLProtocol;
use poem::http::{header, Method, StatusCode};
use poem::web::websocket::WebSocket;
use poem::{Body, Endpoint, FromRequest, IntoResponse, Request, Response};
use tokio_util::compat::TokioAsyncReadCompatExt;

use super::error::{respond, Shape};
use super::websocket::{serve_socket, SocketSettings};
use super::HttpState;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::graphql::limits::Refusal;

/// `/graphql`: GET (queries, or a WebSocket upgrade for subscriptions) and
/// POST (JSON or multipart).
pub(crate) struct GraphqlEndpoint {
    pub(crate) state: HttpState,
}

/// A GET request's parameters, as the GraphQL over HTTP spec names them.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    #[serde(default)]
    query: String,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

impl GraphqlEndpoint {
    /// With reads needing the token, refuses callers without it.
    fn check_read(&self, caller: &Caller) -> Option<Response> {
        self.state
            .access
            .check_read(caller)
            .err()
            .map(|e| error(ApiError::from(e)))
    }

    async fn subscribe(&self, req: Request) -> poem::Result<Response> {
        // Browsers send their page's origin and cannot be stopped by CORS
        // on a WebSocket: the same allow-list applies here.
        if let Some(origin) = req.header(header::ORIGIN) {
            let same = super::same_origin(&req);
            let allowed = self
                .state
                .cors_origins
                .iter()
                .any(|o| o.eq_ignore_ascii_case(origin.trim_end_matches('/')));
            if !same && !allowed {
                return Ok(error(ApiError::Forbidden("this page's origin may not open the API's WebSocket; list it in --cors-origins".to_owned())));
            }
        }
        let client = req.remote_addr().as_socket_addr().map(|a| a.ip());
        let place = match self.state.websockets.take(client) {
            Ok(place) => place,
            Err(full) => {
                let message = match full {
                    super::counter::Full::All(n) => format!("{n} WebSockets are open, as many as the server takes (--max-websockets); try again later"),
                    super::counter::Full::Client(n) => format!("this address has {n} WebSockets open, as many as one client may (--max-websockets-per-client); close one first"),
                };
                return Ok(error(ApiError::Busy {
                    message,
                    retry_after: crate::sync::BUSY_RETRY_AFTER,
                }));
            }
        };
        let (req, mut body) = req.split();
        let websocket = WebSocket::from_request(&req, &mut body).await?;
        let protocol = GraphQLProtocol::from_request(&req, &mut body).await?;
        let settings = SocketSettings {
            schema: self.state.schema.clone(),
            protocol: protocol.0,
            header_caller: Caller::from_header(req.header(header::AUTHORIZATION))
                .from(req.remote_addr().as_socket_addr().map(|a| a.ip())),
            access: self.state.access.clone(),
            limits: self.state.limits,
        };
        Ok(websocket
            .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
            .config(settings.websocket_config())
            .on_upgrade(move |socket| async move {
                // The place is held for the socket's life.
                let _place = place;
                serve_socket(socket, settings).await
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
        if super::playground::wants_page(
            req.header(header::ACCEPT),
            req.uri().query().unwrap_or_default(),
        ) {
            return Ok(super::playground::page());
        }
        let caller = Caller::from_header(req.header(header::AUTHORIZATION))
            .from(req.remote_addr().as_socket_addr().map(|a| a.ip()));
        if let Some(refused) = self.check_read(&caller) {
            return Ok(refused);
        }
        let accept = negotiate(req.header(header::ACCEPT));
        let gql = match parse_get(req.uri().query().unwrap_or_default()) {
            Ok(gql) => gql,
            Err(message) => return Ok(error(ApiError::BadUserInput(message))),
        };
        let key = self.state.cache.key(&gql, accept);
        let mut gql = gql.data(caller);
        if let Err(refusal) = self.state.guard.prepare(&mut gql).await {
            return Ok(refused(&refusal, accept));
        }
        if is_mutation(&mut gql) {
            return Ok(error(ApiError::MethodNotAllowed(
                "mutations are not allowed over GET; send them with POST".to_owned(),
            )));
        }
        Ok(self.execute_read(gql, key, accept).await)
    }

    /// Executes a prepared query, from the response cache when the data
    /// has not changed since the same query was answered.
    async fn execute_read(
        &self,
        gql: async_graphql::Request,
        key: Option<[u8; 32]>,
        accept: MediaType,
    ) -> Response {
        let cache = &self.state.cache;
        let generation = self.state.importer.generation();
        if let Some(hit) = key.and_then(|k| cache.get(&k, generation)) {
            self.state.metrics.query_cache_hits.inc();
            return rendered(hit);
        }
        let response = self.state.schema.execute(gql).await;
        let out = render(async_graphql::BatchResponse::Single(response), accept);
        if let Some(k) = key.filter(|_| out.cacheable) {
            cache.put(k, generation, out.clone());
        }
        rendered(out)
    }

    async fn post(&self, req: Request) -> poem::Result<Response> {
        let caller = Caller::from_header(req.header(header::AUTHORIZATION))
            .from(req.remote_addr().as_socket_addr().map(|a| a.ip()));
        if let Some(refused) = self.check_read(&caller) {
            return Ok(refused);
        }
        let accept = negotiate(req.header(header::ACCEPT));
        let content_type = req.header(header::CONTENT_TYPE).map(str::to_owned);
        let media = content_type
            .as_deref()
            .and_then(|c| c.split(';').next())
            .map(|c| c.trim().to_ascii_lowercase());
        let multipart = match media.as_deref() {
            Some("multipart/form-data") => true,
            Some("application/json" | "application/graphql") => false,
            _ => return Ok(error(ApiError::UnsupportedMediaType(
                "send GraphQL requests as application/json (or multipart/form-data for uploads)"
                    .to_owned(),
            ))),
        };
        // Multipart requests carry files, and only writers upload: the
        // token is checked before a byte of the body is read.
        if multipart {
            // A unit's token may upload (its own rows; checked on import).
            if let Err(e) = self.state.access.writer(&caller) {
                return Ok(error(ApiError::from(e)));
            }
        }
        let limits = &self.state.limits;
        let upload_limit = usize::try_from(limits.max_upload_bytes).unwrap_or(usize::MAX);
        let body_limit = if multipart {
            limits.max_upload_bytes + 1024 * 1024
        } else {
            // Every operation of a full batch at its longest, and room for
            // variables.
            (limits.request.max_query_bytes as u64) * (limits.request.max_batch.max(1) as u64)
                + 1024 * 1024
        };
        let options = MultipartOptions::default()
            .max_file_size(upload_limit)
            .max_num_files(4);
        let declared = req
            .header(header::CONTENT_LENGTH)
            .and_then(|v| v.parse::<u64>().ok());
        let body_timeout = limits.body_timeout;
        let received = async move {
            if declared.is_some_and(|n| n > body_limit) {
                return Err(async_graphql::ParseRequestError::PayloadTooLarge);
            }
            if multipart {
                // Files go to temporary files as they stream in; the body
                // may be slow, but not stop.
                let body = body_limited(req.into_body(), body_limit, body_timeout);
                return receive_batch_body(content_type, body, options).await;
            }
            // A query is small: it arrives whole within the timeout.
            let bytes = tokio::time::timeout(
                body_timeout,
                req.into_body()
                    .into_bytes_limit(usize::try_from(body_limit).unwrap_or(usize::MAX)),
            )
            .await
            .map_err(|_| {
                async_graphql::ParseRequestError::Io(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    super::stall::STALLED,
                ))
            })?
            .map_err(|e| match e {
                poem::error::ReadBodyError::PayloadTooLarge => {
                    async_graphql::ParseRequestError::PayloadTooLarge
                }
                other => {
                    async_graphql::ParseRequestError::Io(std::io::Error::other(other.to_string()))
                }
            })?;
            receive_batch_body(content_type, futures_util::io::Cursor::new(bytes), options).await
        }
        .await;
        let batch = match received {
            Ok(batch) => batch,
            Err(e) if super::stall::is_stalled(&e) => {
                return Ok(error(ApiError::RequestTimeout(format!(
                    "the request body stopped arriving for {} s (--read-timeout); send it again",
                    limits.body_timeout.as_secs()
                ))));
            }
            Err(async_graphql::ParseRequestError::PayloadTooLarge) => {
                let message = if multipart {
                    format!("the upload is larger than the limit of {upload_limit} bytes (--max-upload-bytes); a tracking table is far smaller")
                } else {
                    format!("the request body is larger than {body_limit} bytes; queries are limited to {} bytes each (--max-query-bytes)", limits.request.max_query_bytes)
                };
                return Ok(error(ApiError::TooLarge(message)));
            }
            Err(e) => {
                let message = crate::error::excerpt(&e.to_string(), 0, 200);
                return Ok(error(ApiError::BadUserInput(format!(
                    "the request body is not a GraphQL request: {message}"
                ))));
            }
        };
        match batch {
            async_graphql::BatchRequest::Single(single) => {
                let key = self.state.cache.key(&single, accept);
                let mut single = single.data(caller);
                if let Err(refusal) = self.state.guard.prepare(&mut single).await {
                    return Ok(refused(&refusal, accept));
                }
                if single.uploads.is_empty() && !is_mutation(&mut single) {
                    return Ok(self.execute_read(single, key, accept).await);
                }
                let response = self.state.schema.execute(single).await;
                Ok(rendered(render(
                    async_graphql::BatchResponse::Single(response),
                    accept,
                )))
            }
            async_graphql::BatchRequest::Batch(requests) => {
                if let Err(refusal) = self.state.guard.check_batch(requests.len()) {
                    return Ok(refused(&refusal, accept));
                }
                // One after another, each prepared (and refused) on its own.
                let mut responses = Vec::with_capacity(requests.len());
                for request in requests {
                    let mut request = request.data(caller.clone());
                    let response = match self.state.guard.prepare(&mut request).await {
                        Ok(()) => self.state.schema.execute(request).await,
                        Err(refusal) => {
                            async_graphql::Response::from_errors(vec![refusal.to_server_error()])
                        }
                    };
                    responses.push(response);
                }
                Ok(rendered(render(
                    async_graphql::BatchResponse::Batch(responses),
                    accept,
                )))
            }
        }
    }
}

/// Reads a GET request's query string.
fn parse_get(query: &str) -> Result<async_graphql::Request, String> {
    let params: GetParams = serde_urlencoded::from_str(query)
        .map_err(|e| format!("the query string is not a GraphQL request ({e}); pass ?query=..."))?;
    let json = |what: &str, text: Option<String>| -> Result<serde_json::Value, String> {
        match text.filter(|t| !t.trim().is_empty()) {
            None => Ok(serde_json::Value::Null),
            Some(t) => serde_json::from_str(&t)
                .map_err(|e| format!("{what} is not JSON ({e}); send it URL-encoded")),
        }
    };
    let variables = json("variables", params.variables)?;
    let extensions = json("extensions", params.extensions)?;
    let mut request = async_graphql::Request::new(params.query)
        .variables(async_graphql::Variables::from_json(variables));
    if let Some(name) = params.operation_name.filter(|n| !n.is_empty()) {
        request = request.operation_name(name);
    }
    if let serde_json::Value::Object(map) = extensions {
        for (k, v) in map {
            if let Ok(v) = async_graphql::Value::from_json(v) {
                request.extensions.insert(k, v);
            }
        }
    }
    Ok(request)
}

/// A request refused before it ran, as a request error.
fn refused(refusal: &Refusal, accept: MediaType) -> Response {
    let response = async_graphql::Response::from_errors(vec![refusal.to_server_error()]);
    rendered(render(
        async_graphql::BatchResponse::Single(response),
        accept,
    ))
}

impl Endpoint for GraphqlEndpoint {
    type Output = Response;

    async fn call(&self, req: Request) -> poem::Result<Response> {
        match *req.method() {
            Method::GET => self.get(req).await,
            Method::POST => self.post(req).await,
            _ => Ok(error(ApiError::MethodNotAllowed(
                "use GET or POST for /graphql".to_owned(),
            ))),
        }
    }
}

/// True when the operation `doc` selects is a mutation.
fn selects_mutation(doc: &ExecutableDocument, operation_name: Option<&str>) -> bool {
    doc.operations.iter().any(|(name, op)| {
        let selected = match (operation_name, name) {
            (Some(wanted), Some(name)) => wanted == name.as_str(),
            (None, _) => true,
            (Some(_), None) => false,
        };
        selected && op.node.ty == OperationType::Mutation
    })
}

/// True when a prepared request selects a mutation (its document was
/// parsed by the guard, so nothing is parsed here).
fn is_mutation(req: &mut async_graphql::Request) -> bool {
    let name = req.operation_name.clone();
    req.parsed_query()
        .is_ok_and(|doc| selects_mutation(doc, name.as_deref()))
}

fn body_limited(
    body: Body,
    limit: u64,
    stall: std::time::Duration,
) -> impl futures_util::AsyncRead + Send + Unpin {
    use tokio::io::AsyncReadExt;
    super::stall::StallGuard::new(body.into_async_read(), stall)
        .take(limit)
        .compat()
}

/// The media type of a GraphQL response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MediaType {
    /// `application/json`: request errors answer 200, as before the spec.
    Json,
    /// `application/graphql-response+json`: request errors answer 400
    /// without a data entry.
    GraphqlResponse,
}

impl MediaType {
    fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json; charset=utf-8",
            Self::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
        }
    }
}

/// The first media type of `Accept` that shishi can answer with;
/// application/json when there is none.
fn negotiate(accept: Option<&str>) -> MediaType {
    accept
        .unwrap_or_default()
        .split(',')
        .filter_map(|part| part.split(';').next())
        .find_map(|media| match media.trim().to_ascii_lowercase().as_str() {
            "application/graphql-response+json" => Some(MediaType::GraphqlResponse),
            "application/json" | "application/*" | "*/*" => Some(MediaType::Json),
            _ => None,
        })
        .unwrap_or(MediaType::Json)
}

/// Gives every error an `extensions.code`: resolver errors carry theirs;
/// what async-graphql reports itself (syntax, validation, limits, input
/// coercion) is the client's to fix.
fn add_codes(response: &mut async_graphql::Response) {
    for e in &mut response.errors {
        // No message echoes more than a short excerpt of what was sent.
        if e.message.len() > 500 {
            e.message = crate::error::excerpt(&e.message, 0, 300);
        }
        let ext = e.extensions.get_or_insert_with(Default::default);
        if ext.get("code").is_none() {
            let code = if e.message == "PersistedQueryNotFound" {
                Refusal::PersistedQueryNotFound.code()
            } else {
                ApiError::BAD_USER_INPUT
            };
            ext.set("code", code);
        }
    }
}

/// A request error: the request never reached execution (syntax,
/// validation, variables), so there is no data at all.
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// A GraphQL answer ready to send (and to keep in the cache).
#[derive(Clone)]
pub(crate) struct Rendered {
    status: StatusCode,
    media: MediaType,
    body: String,
    headers: poem::http::HeaderMap,
    /// A plain success: no errors, status 200.
    cacheable: bool,
}

fn render(batch: async_graphql::BatchResponse, media: MediaType) -> Rendered {
    let (status, body, headers, clean) = match batch {
        async_graphql::BatchResponse::Single(mut response) => {
            add_codes(&mut response);
            let request_error = is_request_error(&response);
            let clean = response.errors.is_empty();
            let headers = std::mem::take(&mut response.http_headers);
            let mut body = serde_json::to_value(&response).unwrap_or_default();
            let status = if media == MediaType::GraphqlResponse && request_error {
                if let Some(map) = body.as_object_mut() {
                    map.remove("data");
                }
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            (status, body, headers, clean)
        }
        async_graphql::BatchResponse::Batch(mut responses) => {
            responses.iter_mut().for_each(add_codes);
            let body = serde_json::to_value(&responses).unwrap_or_default();
            (StatusCode::OK, body, Default::default(), false)
        }
    };
    Rendered {
        cacheable: clean && status == StatusCode::OK,
        status,
        media,
        body: body.to_string(),
        headers,
    }
}

fn rendered(r: Rendered) -> Response {
    let mut resp = Response::builder()
        .status(r.status)
        .content_type(r.media.content_type())
        .body(r.body);
    for (name, value) in r.headers.iter() {
        resp.headers_mut().append(name.clone(), value.clone());
    }
    resp
}

/// Answers of read queries, kept until this process writes a run or a
/// report (the importer's generation changes) or `ttl` passes, which bounds
/// how long an import by another replica goes unseen.
pub struct ResponseCache {
    entries: std::sync::Mutex<lru::LruCache<[u8; 32], (u64, std::time::Instant, Rendered)>>,
    ttl: std::time::Duration,
}

/// Answers larger than this are not kept.
const MAX_CACHED_BODY: usize = 1024 * 1024;

impl ResponseCache {
    /// A cache of `capacity` answers, each good for `ttl` at most; a zero
    /// `ttl` keeps nothing.
    pub fn new(capacity: usize, ttl: std::time::Duration) -> Self {
        let capacity =
            std::num::NonZeroUsize::new(capacity.max(1)).unwrap_or(std::num::NonZeroUsize::MIN);
        Self {
            entries: std::sync::Mutex::new(lru::LruCache::new(capacity)),
            ttl,
        }
    }

    fn key(&self, req: &async_graphql::Request, media: MediaType) -> Option<[u8; 32]> {
        use sha2::{Digest, Sha256};
        if self.ttl.is_zero() {
            return None;
        }
        let mut h = Sha256::new();
        h.update(format!("{media:?}\0{:?}\0", req.operation_name));
        h.update(req.query.as_bytes());
        h.update(b"\0");
        h.update(serde_json::to_vec(&req.variables).ok()?);
        h.update(b"\0");
        h.update(serde_json::to_vec(&req.extensions).ok()?);
        Some(h.finalize().into())
    }

    fn get(&self, key: &[u8; 32], generation: u64) -> Option<Rendered> {
        let mut entries = self.entries.lock().ok()?;
        match entries.get(key) {
            Some((g, at, r)) if *g == generation && at.elapsed() < self.ttl => Some(r.clone()),
            _ => None,
        }
    }

    fn put(&self, key: [u8; 32], generation: u64, r: Rendered) {
        if r.body.len() > MAX_CACHED_BODY {
            return;
        }
        if let Ok(mut entries) = self.entries.lock() {
            entries.put(key, (generation, std::time::Instant::now(), r));
        }
    }
}

/// An error in the GraphQL response shape.
fn error(e: ApiError) -> Response {
    respond(&e, Shape::Graphql)
}
