//! Poem routes: GraphQL over HTTP (with multipart uploads) and WebSocket,
//! the upload endpoint for scripts, the playground, health and metrics.

mod console;
pub mod counter;
mod embedded;
mod error;
mod export;
mod graphql;
pub mod idle;
mod playground;
mod stall;
mod upload;
mod websocket;

use poem::http::{header, StatusCode};
use poem::middleware::Cors;
use poem::web::Json;
use poem::{get, handler, post, Endpoint, EndpointExt, IntoResponse, Response, Route};
use sea_orm::DatabaseConnection;
use serde_json::json;

use crate::auth::Access;
use crate::cli::Limits;
use crate::graphql::AppSchema;
use crate::metrics::Metrics;
use crate::sync::Importer;
use graphql::GraphqlEndpoint;
pub use graphql::ResponseCache;
use upload::upload_spreadsheet;

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
    /// Who may read and write.
    pub access: Access,
    /// Metrics.
    pub metrics: Metrics,
    /// Origins allowed to call the API from a browser; empty: none.
    pub cors_origins: Vec<String>,
    /// Answers of read queries.
    pub cache: std::sync::Arc<ResponseCache>,
    /// Checks and parses GraphQL requests (the schema's own guard).
    pub guard: crate::graphql::RequestGuard,
    /// Open connections, marked busy while a request of theirs is served.
    pub connections: idle::Connections,
    /// Exports being built: each reads a year and writes a workbook, so
    /// only [`EXPORTS_AT_ONCE`] run at a time, one per client address, and
    /// the rest are told to come back (503 `BUSY`).
    pub exports: std::sync::Arc<counter::Counter>,
    /// Open WebSockets, capped in all and per client address.
    pub websockets: std::sync::Arc<counter::Counter>,
    /// Export files kept until the next import.
    pub export_files: std::sync::Arc<crate::export::ExportCache>,
    /// The sentences of the 通报 and the 督办单.
    pub documents: std::sync::Arc<crate::export::documents::Template>,
}

pub use export::{export_slots, EXPORTS_AT_ONCE, EXPORTS_PER_CLIENT};

/// Every route of the service.
pub fn routes(state: HttpState) -> impl Endpoint {
    let metrics = state.metrics.clone();
    let connections = state.connections.clone();
    let graphql = GraphqlEndpoint {
        state: state.clone(),
    };
    let cors = Cors::new()
        .allow_origins(state.cors_origins.iter().map(String::as_str))
        .allow_methods([poem::http::Method::GET, poem::http::Method::POST])
        .allow_headers(["authorization", "content-type", "accept"])
        .max_age(600);
    let cors_enabled = !state.cors_origins.is_empty();
    let app = std::sync::Arc::new(
        console::PAGES
            .iter()
            .fold(Route::new(), |route, path| {
                route.at(*path, get(console::page))
            })
            .at(console::ASSET_ROUTE, get(console::asset))
            .at("/playground", get(playground::playground))
            .at("/playground/assets/:name", get(playground::asset))
            .at("/graphql", graphql)
            .at("/healthz", get(healthz.data(state.db.clone())))
            .at("/metrics", get(metrics_text.data(state.metrics.clone())))
            .at(
                crate::export::files::paths::HISTORY_CSV,
                get(export::history_csv.data(state.clone())),
            )
            .at(
                crate::export::files::paths::HISTORY_XLSX,
                get(export::history_xlsx.data(state.clone())),
            )
            .at(
                crate::export::files::paths::NEXT_PERIOD,
                get(export::next_period.data(state.clone())),
            )
            .at(
                crate::export::files::paths::BULLETIN,
                get(export::bulletin.data(state.clone())),
            )
            .at(
                crate::export::files::paths::NOTICES,
                get(export::notices.data(state.clone())),
            )
            .at(
                format!("{}/:file", crate::export::files::paths::REPORTS),
                get(export::report.data(state.clone())),
            )
            .at("/api/v1/spreadsheets", post(upload_spreadsheet.data(state))),
    );
    let app = if cors_enabled {
        SameOriginFirst {
            plain: app.clone(),
            cors: poem::Middleware::transform(&cors, app),
        }
        .boxed()
    } else {
        app.map_to_response().boxed()
    };
    app.around(move |ep, req| {
        let metrics = metrics.clone();
        let busy = connections.busy(req.remote_addr().as_socket_addr());
        async move {
            let _busy = busy;
            let method = crate::metrics::method_label(req.method());
            let response = match ep.call(req).await {
                Ok(r) => r.into_response(),
                Err(e) => e.into_response(),
            };
            metrics
                .http_requests
                .with_label_values(&[method, response.status().as_str()])
                .inc();
            Ok(response)
        }
    })
}

/// The host (and port) an Origin header names: `http://127.0.0.1:8000` ->
/// `127.0.0.1:8000`.
pub(crate) fn origin_host(origin: &str) -> Option<&str> {
    origin
        .split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/'))
}

/// True when the request comes from a page of this server: no Origin (not a
/// browser, or a same-origin GET), or an Origin naming the host asked.
pub(crate) fn same_origin(req: &poem::Request) -> bool {
    match req.header(header::ORIGIN) {
        None => true,
        Some(origin) => req
            .header(header::HOST)
            .is_some_and(|host| origin_host(origin) == Some(host)),
    }
}

/// CORS for other origins only. poem's Cors refuses any Origin that is not
/// listed, and browsers send Origin on same-origin POSTs too, so with
/// `--cors-origins` set the server's own pages would be refused.
struct SameOriginFirst<E, C> {
    plain: std::sync::Arc<E>,
    cors: C,
}

impl<E: Endpoint, C: Endpoint> Endpoint for SameOriginFirst<E, C> {
    type Output = Response;

    async fn call(&self, req: poem::Request) -> poem::Result<Response> {
        if same_origin(&req) {
            self.plain.call(req).await.map(IntoResponse::into_response)
        } else {
            self.cors.call(req).await.map(IntoResponse::into_response)
        }
    }
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
