//! Tokens and who may do what, for the HTTP routes and the GraphQL
//! resolvers alike. There is always a write token (configured, or generated
//! at start and printed); reads need it too under `--reads-need-token`.
//! Tokens are compared in constant time and never logged.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The token writes need: configured, or generated at start.
#[derive(Clone)]
pub struct WriteToken(String);

impl WriteToken {
    /// The token `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }
}

/// The bearer token a request carried.
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

/// Why a caller was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The request carries no token.
    NoToken,
    /// The request carries a token that is not the server's.
    WrongToken,
}

impl Denied {
    /// What the caller should do, in plain words.
    pub fn message(self) -> &'static str {
        match self {
            Self::NoToken => {
                "this needs an API token: send the header 'Authorization: Bearer TOKEN'"
            }
            Self::WrongToken => {
                "the API token is not valid; check the token the server was started with"
            }
        }
    }
}

/// Who may do what on this server.
#[derive(Clone)]
pub struct Access {
    token: WriteToken,
    reads_need_token: bool,
}

impl Access {
    /// Writes need `token`; reads too when `reads_need_token`.
    pub fn new(token: WriteToken, reads_need_token: bool) -> Self {
        Self {
            token,
            reads_need_token,
        }
    }

    /// Ok when `caller` may write (upload, run the sync).
    pub fn check_write(&self, caller: &Caller) -> Result<(), Denied> {
        let given = caller.0.as_deref().ok_or(Denied::NoToken)?;
        // Hashing first makes the comparison constant-time whatever the lengths.
        let (a, b) = (
            Sha256::digest(self.token.0.as_bytes()),
            Sha256::digest(given.as_bytes()),
        );
        if bool::from(a.ct_eq(&b)) {
            Ok(())
        } else {
            Err(Denied::WrongToken)
        }
    }

    /// Ok when `caller` may read (query, subscribe, export).
    pub fn check_read(&self, caller: &Caller) -> Result<(), Denied> {
        if self.reads_need_token {
            self.check_write(caller)
        } else {
            Ok(())
        }
    }

    /// True when reads need the token.
    pub fn reads_need_token(&self) -> bool {
        self.reads_need_token
    }
}
