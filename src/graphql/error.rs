//! The API's errors: each carries `extensions.code`, and internal causes are
//! logged, never sent to the client.
//!
//! `ApiError` deliberately does not implement `Display`: async-graphql turns
//! any `Display` type into an error without a code, which would also let a
//! database message slip through. Resolvers return [`ApiResult`], and a
//! `DbErr` becomes [`ApiError::Internal`] (logged) on `?`.

/// An error a resolver returns.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// The request's arguments are wrong; the message says how.
    BadUserInput(String),
    /// No token, or not the right one.
    Unauthenticated(String),
    /// Writes are not allowed at all.
    Forbidden(String),
    /// Too much work is queued; the message says when to try again.
    Busy(String),
    /// A failure on our side; details are in the server log.
    Internal,
}

impl ApiError {
    /// The `extensions.code` value.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUserInput(_) => "BAD_USER_INPUT",
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::Busy(_) => "BUSY",
            Self::Internal => "INTERNAL",
        }
    }

    /// The message sent to the client.
    pub fn message(&self) -> &str {
        match self {
            Self::BadUserInput(m)
            | Self::Unauthenticated(m)
            | Self::Forbidden(m)
            | Self::Busy(m) => m,
            Self::Internal => "internal error; the server log has the details",
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
        let code = e.code();
        use async_graphql::ErrorExtensions;
        async_graphql::Error::new(e.message()).extend_with(|_, ext| ext.set("code", code))
    }
}

/// Resolver result.
pub type ApiResult<T> = Result<T, ApiError>;
