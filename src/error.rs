//! The API's errors: one enum for every error a client is sent, over
//! GraphQL or the REST endpoints, with its `extensions.code` (or
//! `error.code`), its HTTP status and both response shapes.
//!
//! When to use which error type (after the Rust package registry's
//! `util/errors.rs`): a layer below the API (sheet, ingest, sync, service)
//! returns its own `thiserror` enum or `DbErr`; the API turns those into an
//! [`ApiError`] at the edge. A run that fails is not an API error at all: it
//! is a FAILED run with a code of [`crate::sync::RunErrorCode`].
//!
//! `ApiError` deliberately does not implement `Display`: async-graphql
//! turns any `Display` type into an error without a code, which would also
//! let a database message slip through. A `DbErr` becomes
//! [`ApiError::Internal`] (logged, never sent) on `?`.

use serde_json::{json, Value};

use crate::auth::Denied;

/// An error a client is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The request's arguments are wrong; the message says how (400).
    BadUserInput(String),
    /// The request is sent with a method the route does not take (405).
    MethodNotAllowed(String),
    /// The body is of a media type the route does not take (415).
    UnsupportedMediaType(String),
    /// No token, or not the right one (401).
    Unauthenticated(String),
    /// Not allowed from here, whatever the token (403).
    Forbidden(String),
    /// Nothing is found at the address (404).
    NotFound(String),
    /// The body or file is over a limit (413).
    TooLarge(String),
    /// The body stopped arriving (408).
    RequestTimeout(String),
    /// Too much work is queued; try again after `retry_after` seconds (503).
    Busy {
        /// What is queued and what to do.
        message: String,
        /// Seconds to wait.
        retry_after: u32,
    },
    /// A WebSocket holds as many live operations as it may.
    TooManySubscriptions(String),
    /// A failure on our side; details are in the server log (500).
    Internal,
}

impl ApiError {
    /// The code of a request the client must fix: also what async-graphql's
    /// own errors (syntax, validation, variables) are given.
    pub const BAD_USER_INPUT: &'static str = "BAD_USER_INPUT";

    /// The `extensions.code` (GraphQL) or `error.code` (REST) value.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUserInput(_) | Self::MethodNotAllowed(_) | Self::UnsupportedMediaType(_) => {
                Self::BAD_USER_INPUT
            }
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::NotFound(_) => "NOT_FOUND",
            Self::TooLarge(_) => "TOO_LARGE",
            Self::RequestTimeout(_) => "REQUEST_TIMEOUT",
            Self::Busy { .. } => "BUSY",
            Self::TooManySubscriptions(_) => "TOO_MANY_SUBSCRIPTIONS",
            Self::Internal => "INTERNAL",
        }
    }

    /// The HTTP status the error answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadUserInput(_) | Self::TooManySubscriptions(_) => 400,
            Self::Unauthenticated(_) => 401,
            Self::Forbidden(_) => 403,
            Self::NotFound(_) => 404,
            Self::MethodNotAllowed(_) => 405,
            Self::RequestTimeout(_) => 408,
            Self::TooLarge(_) => 413,
            Self::UnsupportedMediaType(_) => 415,
            Self::Busy { .. } => 503,
            Self::Internal => 500,
        }
    }

    /// The message sent to the client.
    pub fn message(&self) -> &str {
        match self {
            Self::BadUserInput(m)
            | Self::MethodNotAllowed(m)
            | Self::UnsupportedMediaType(m)
            | Self::Unauthenticated(m)
            | Self::Forbidden(m)
            | Self::NotFound(m)
            | Self::TooLarge(m)
            | Self::RequestTimeout(m)
            | Self::TooManySubscriptions(m)
            | Self::Busy { message: m, .. } => m,
            Self::Internal => "internal error; the server log has the details",
        }
    }

    /// Headers the status calls for: `WWW-Authenticate` on 401, `Allow` on
    /// 405, `Retry-After` on 503.
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::Unauthenticated(_) => vec![("www-authenticate", "Bearer".to_owned())],
            Self::MethodNotAllowed(_) => vec![("allow", "GET, POST".to_owned())],
            Self::Busy { retry_after, .. } => vec![("retry-after", retry_after.to_string())],
            _ => Vec::new(),
        }
    }

    /// One GraphQL error, `{message, extensions: {code}}`.
    pub fn graphql_error(&self) -> Value {
        json!({"message": self.message(), "extensions": {"code": self.code()}})
    }

    /// The GraphQL response shape: `{"errors": [...]}`.
    pub fn graphql_body(&self) -> Value {
        json!({"errors": [self.graphql_error()]})
    }

    /// The REST shape: `{"error": {"code", "message"}}`.
    pub fn rest_body(&self) -> Value {
        json!({"error": {"code": self.code(), "message": self.message()}})
    }
}

impl ApiError {
    /// The issuer a question about `year` settles on (None when the year
    /// holds no report); several issuers and none asked for is the
    /// client's to settle, and the message names them.
    pub fn from_issuer_choice(
        year: i32,
        choice: crate::service::reports::IssuerChoice,
    ) -> ApiResult<Option<String>> {
        use crate::service::reports::IssuerChoice;
        match choice {
            IssuerChoice::One(issuer) => Ok(Some(issuer)),
            IssuerChoice::Nobody => Ok(None),
            IssuerChoice::Several(held) => {
                let names: Vec<String> = held
                    .iter()
                    .map(|i| match i.as_str() {
                        "" => "\"\" (tables naming none)".to_owned(),
                        name => name.to_owned(),
                    })
                    .collect();
                Err(Self::BadUserInput(format!(
                    "the {year} tables come from several issuers ({}); pass issuer to pick one, or ask issuerRanking to compare them",
                    names.join(", ")
                )))
            }
        }
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::UnitToken => Self::Forbidden(d.message().to_owned()),
            _ => Self::Unauthenticated(d.message().to_owned()),
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        Self::Internal
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(e: ApiError) -> Self {
        use async_graphql::ErrorExtensions;
        let code = e.code();
        async_graphql::Error::new(e.message()).extend_with(|_, ext| ext.set("code", code))
    }
}

/// A result whose error is sent to the client.
pub type ApiResult<T> = Result<T, ApiError>;

/// At most `len` characters of `text` from character `from`, marked with …
/// where cut.
pub fn excerpt(text: &str, from: usize, len: usize) -> String {
    let start = from.saturating_sub(len / 2);
    let total = text.chars().count();
    let mut out: String = text.chars().skip(start).take(len).collect();
    if start > 0 {
        out.insert(0, '…');
    }
    if start + len < total {
        out.push('…');
    }
    out
}

/// The longest text an upload's short fields (issuer, period, columns…)
/// may hold, in bytes, on the REST upload and the GraphQL mutation alike.
pub const MAX_FIELD_BYTES: usize = 200;

/// Refuses a short upload field longer than [`MAX_FIELD_BYTES`].
pub fn check_short_field(name: &str, value: Option<&str>) -> Result<(), ApiError> {
    match value {
        Some(v) if v.len() > MAX_FIELD_BYTES => Err(ApiError::BadUserInput(format!(
            "{name} is {} bytes long; it may hold at most {MAX_FIELD_BYTES}",
            v.len()
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_code_a_status_and_both_shapes() {
        let all = [
            ApiError::BadUserInput("m".into()),
            ApiError::MethodNotAllowed("m".into()),
            ApiError::UnsupportedMediaType("m".into()),
            ApiError::Unauthenticated("m".into()),
            ApiError::Forbidden("m".into()),
            ApiError::NotFound("m".into()),
            ApiError::TooLarge("m".into()),
            ApiError::RequestTimeout("m".into()),
            ApiError::Busy {
                message: "m".into(),
                retry_after: 5,
            },
            ApiError::TooManySubscriptions("m".into()),
        ];
        for e in all {
            assert!(
                (400..500).contains(&e.status()) || e.status() == 503,
                "{e:?}"
            );
            assert_eq!(
                e.graphql_body()["errors"][0]["extensions"]["code"],
                e.code()
            );
            assert_eq!(e.rest_body()["error"]["message"], "m");
        }
        assert_eq!(ApiError::Internal.status(), 500);
        assert!(!ApiError::Internal.message().contains("database"));
    }
}
