//! Write access: the bearer token a request carries, compared in constant
//! time with the configured one. Tokens are never logged.

use async_graphql::Context;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::error::{ApiError, ApiResult};

/// The token writes need, if any is configured.
#[derive(Clone, Default)]
pub struct WriteToken(pub Option<String>);

/// The bearer token the request carried.
#[derive(Clone, Default)]
pub struct Caller(pub Option<String>);

impl Caller {
    /// Reads `Authorization: Bearer TOKEN`.
    pub fn from_header(value: Option<&str>) -> Self {
        let token = value.and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| token.trim().to_owned())
        });
        Self(token)
    }
}

/// Why a caller may not write, or Ok.
pub fn check_write(configured: &WriteToken, caller: &Caller) -> ApiResult<()> {
    let Some(expected) = &configured.0 else {
        return Err(ApiError::Forbidden(
            "writes are disabled: no API token is configured on the server; start it with --api-token or SHISHI_API_TOKEN".to_owned(),
        ));
    };
    let Some(given) = &caller.0 else {
        return Err(ApiError::Unauthenticated(
            "this needs an API token: send the header 'Authorization: Bearer TOKEN'".to_owned(),
        ));
    };
    // Hashing first makes the comparison constant-time whatever the lengths.
    let (a, b) = (
        Sha256::digest(expected.as_bytes()),
        Sha256::digest(given.as_bytes()),
    );
    if bool::from(a.ct_eq(&b)) {
        Ok(())
    } else {
        Err(ApiError::Unauthenticated(
            "the API token is not valid; check the token the server was started with".to_owned(),
        ))
    }
}

/// Refuses the resolver unless the request carries the write token.
pub fn require_writer(ctx: &Context<'_>) -> ApiResult<()> {
    let configured = ctx.data_opt::<WriteToken>().cloned().unwrap_or_default();
    let caller = ctx.data_opt::<Caller>().cloned().unwrap_or_default();
    check_write(&configured, &caller)
}
