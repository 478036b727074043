//! [`ApiError`] as an HTTP response, in the shape of the route that sends
//! it: GraphQL's `{"errors": [...]}` on `/graphql`, `{"error": {...}}` on
//! the REST routes.

use poem::http::{HeaderName, HeaderValue, StatusCode};
use poem::web::Json;
use poem::{IntoResponse, Response};

use crate::error::ApiError;

/// Which body an error is sent as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `{"errors": [{"message", "extensions": {"code"}}]}`.
    Graphql,
    /// `{"error": {"code", "message"}}`.
    Rest,
}

/// The response for `e`: its status, headers and body in `shape`.
pub(crate) fn respond(e: &ApiError, shape: Shape) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match shape {
        Shape::Graphql => e.graphql_body(),
        Shape::Rest => e.rest_body(),
    };
    let mut resp = (status, Json(body)).into_response();
    for (name, value) in e.headers() {
        if let Ok(value) = HeaderValue::from_str(&value) {
            resp.headers_mut()
                .insert(HeaderName::from_static(name), value);
        }
    }
    resp
}
