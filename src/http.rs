//! Poem routes: GraphQL over HTTP (with multipart uploads) and WebSocket,
//! the playground, the health check.

use async_graphql::http::{receive_batch_body, GraphiQLSource, MultipartOptions};
use async_graphql::parser::types::OperationType;
use async_graphql_poem::{GraphQLBatchResponse, GraphQLSubscription};
use poem::http::{header, Method, StatusCode};
use poem::web::{Html, Json};
use poem::{get, handler, Body, Endpoint, EndpointExt, IntoResponse, Request, Response, Route};
use sea_orm::DatabaseConnection;
use serde_json::json;
use tokio_util::compat::TokioAsyncReadCompatExt;

use crate::graphql::{AppSchema, Caller};

/// Request-wide limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest uploaded file, in bytes.
    pub max_upload_bytes: u64,
}

/// Every route of the service.
pub fn routes(schema: AppSchema, db: DatabaseConnection, limits: Limits) -> impl Endpoint {
    let graphql = GraphqlEndpoint {
        schema: schema.clone(),
        limits,
    };
    Route::new()
        .at("/", get(playground))
        .at("/graphql", graphql)
        .at("/healthz", get(healthz.data(db)))
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

/// A GraphQL error response with `extensions.code`.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"errors": [{"message": message, "extensions": {"code": code}}]})),
    )
        .into_response()
}

/// `/graphql`: GET (queries, or a WebSocket upgrade for subscriptions) and
/// POST (JSON or multipart).
struct GraphqlEndpoint {
    schema: AppSchema,
    limits: Limits,
}

impl GraphqlEndpoint {
    async fn get(&self, req: Request) -> poem::Result<Response> {
        let upgrade = req
            .header(header::UPGRADE)
            .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
        if upgrade {
            return GraphQLSubscription::new(self.schema.clone())
                .call(req)
                .await;
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
        let gql = gql.data(Caller::from_header(req.header(header::AUTHORIZATION)));
        Ok(GraphQLBatchResponse(self.schema.execute(gql).await.into()).into_response())
    }

    async fn post(&self, req: Request) -> poem::Result<Response> {
        let caller = Caller::from_header(req.header(header::AUTHORIZATION));
        let content_type = req.header(header::CONTENT_TYPE).map(str::to_owned);
        let limit = usize::try_from(self.limits.max_upload_bytes).unwrap_or(usize::MAX);
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
        Ok(GraphQLBatchResponse(self.schema.execute_batch(batch).await).into_response())
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
