//! Tokens and who may do what, for the HTTP routes and the GraphQL
//! resolvers alike. There is always a write token (configured, or generated
//! at start and printed); reads need it too under `--reads-need-token`.
//! Beside it, named tokens (`--token 督查室=SECRET`) write as it does and
//! name who sent each run; a unit's token (`--token 区教体局@unit=SECRET`)
//! may only upload its own unit's rows. Tokens are compared in constant
//! time and never logged or shown.

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

/// The name runs uploaded with the server's own write token carry.
pub const MAIN_TOKEN_NAME: &str = "api-token";

/// A named token: who holds it, and the unit it is limited to.
#[derive(Clone, PartialEq, Eq)]
pub struct NamedToken {
    /// The holder's name, as runs record it (督查室, 区教体局).
    pub name: String,
    /// A unit's token uploads only that unit's rows.
    pub unit: Option<String>,
    secret: String,
}

impl std::fmt::Debug for NamedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NamedToken")
            .field("name", &self.name)
            .field("unit", &self.unit)
            .field("secret", &"(hidden)")
            .finish()
    }
}

impl NamedToken {
    /// Reads `NAME=SECRET`, or `UNIT@unit=SECRET` for a unit's token. The
    /// error never repeats the secret.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let Some((who, secret)) = spec.split_once('=') else {
            return Err("a token is NAME=SECRET (or UNIT@unit=SECRET for a unit's)".to_owned());
        };
        let (who, secret) = (who.trim(), secret.trim());
        let (name, unit) = match who.rsplit_once('@') {
            Some((unit, "unit")) => (unit.trim(), true),
            Some((_, other)) => {
                return Err(format!(
                    "'@{other}' in a token's name is not @unit; write UNIT@unit=SECRET"
                ))
            }
            None => (who, false),
        };
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
            return Err("a token's name is 1 to 64 characters, e.g. 督查室 or 区教体局".to_owned());
        }
        if secret.chars().count() < 16 {
            return Err(format!(
                "the token of '{name}' is shorter than 16 characters; give a long random one (openssl rand -hex 24)"
            ));
        }
        Ok(Self {
            name: name.to_owned(),
            unit: unit.then(|| name.to_owned()),
            secret: secret.to_owned(),
        })
    }
}

/// The bearer token a request carried, and the address it came from.
#[derive(Clone, Default)]
pub struct Caller {
    /// The token, when the request sent one.
    pub token: Option<String>,
    /// The client's address, for the run log.
    pub client: Option<String>,
}

impl Caller {
    /// Reads `Authorization: Bearer TOKEN`; anything else is no token.
    pub fn from_header(value: Option<&str>) -> Self {
        let token = value.and_then(|v| {
            let (scheme, token) = v.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| token.trim().to_owned())
        });
        Self {
            token,
            client: None,
        }
    }

    /// The caller, coming from `client`.
    pub fn from(mut self, client: Option<std::net::IpAddr>) -> Self {
        self.client = client.map(|ip| ip.to_string());
        self
    }
}

/// Who a write comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Writer {
    /// The token's name ([`MAIN_TOKEN_NAME`] for the server's own).
    pub name: String,
    /// The unit a unit's token is limited to.
    pub unit: Option<String>,
}

/// Why a request may not do what it asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// No token was sent.
    NoToken,
    /// A token was sent and it is not the right one.
    WrongToken,
    /// A unit's token asked for more than uploading its rows.
    UnitToken,
}

impl Denied {
    /// What to tell the caller.
    pub fn message(self) -> &'static str {
        match self {
            Self::NoToken => {
                "this needs an API token: send the header 'Authorization: Bearer TOKEN'"
            }
            Self::WrongToken => {
                "the API token is not valid; check the token the server was started with"
            }
            Self::UnitToken => {
                "a unit's token may only upload that unit's rows; ask the office for this"
            }
        }
    }
}

/// Who may read and write.
#[derive(Clone)]
pub struct Access {
    token: WriteToken,
    named: Vec<NamedToken>,
    reads_need_token: bool,
}

fn same(a: &str, b: &str) -> bool {
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    bool::from(a.ct_eq(&b))
}

impl Access {
    /// Rules with `token` for writes (and reads when `reads_need_token`).
    pub fn new(token: WriteToken, reads_need_token: bool) -> Self {
        Self {
            token,
            named: Vec::new(),
            reads_need_token,
        }
    }

    /// The rules with `named` tokens beside the write token.
    pub fn with_named(mut self, named: Vec<NamedToken>) -> Self {
        self.named = named;
        self
    }

    /// Who the caller writes as: the write token or a named one (a unit's
    /// too: what it may upload is checked against the table).
    pub fn writer(&self, caller: &Caller) -> Result<Writer, Denied> {
        let given = caller.token.as_deref().ok_or(Denied::NoToken)?;
        // Every token compared, so the time says nothing of which matched.
        let main = same(&self.token.0, given);
        let mut found = None;
        for t in &self.named {
            if same(&t.secret, given) && found.is_none() {
                found = Some(t);
            }
        }
        match (main, found) {
            (true, _) => Ok(Writer {
                name: MAIN_TOKEN_NAME.to_owned(),
                unit: None,
            }),
            (false, Some(t)) => Ok(Writer {
                name: t.name.clone(),
                unit: t.unit.clone(),
            }),
            (false, None) => Err(Denied::WrongToken),
        }
    }

    /// The caller may write anything: the write token or a named token
    /// that is not a unit's.
    pub fn check_write(&self, caller: &Caller) -> Result<(), Denied> {
        match self.writer(caller)? {
            Writer { unit: Some(_), .. } => Err(Denied::UnitToken),
            _ => Ok(()),
        }
    }

    /// The caller may read: anyone, or any valid token under
    /// `--reads-need-token`.
    pub fn check_read(&self, caller: &Caller) -> Result<(), Denied> {
        if self.reads_need_token {
            self.writer(caller).map(|_| ())
        } else {
            Ok(())
        }
    }

    /// Reads need the token.
    pub fn reads_need_token(&self) -> bool {
        self.reads_need_token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_named_and_units_limited() {
        let unit = NamedToken::parse("区教体局@unit=0123456789abcdef0123")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(unit.unit.as_deref(), Some("区教体局"));
        assert!(!format!("{unit:?}").contains("0123456789"));
        let office =
            NamedToken::parse("督查室 = fedcba9876543210fedc").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(office.unit, None);
        let short = NamedToken::parse("x=short").err().unwrap_or_default();
        assert!(!short.contains("short\""), "{short}");
        assert!(NamedToken::parse("x@team=0123456789abcdef").is_err());
        let access = Access::new(WriteToken::new("main-token-0123456789"), false)
            .with_named(vec![unit, office]);
        let caller = |t: &str| Caller::from_header(Some(&format!("Bearer {t}")));
        assert_eq!(
            access
                .writer(&caller("fedcba9876543210fedc"))
                .map(|w| w.name),
            Ok("督查室".to_owned())
        );
        assert_eq!(
            access.check_write(&caller("0123456789abcdef0123")),
            Err(Denied::UnitToken)
        );
        assert_eq!(
            access
                .writer(&caller("main-token-0123456789"))
                .map(|w| w.name),
            Ok(MAIN_TOKEN_NAME.to_owned())
        );
        assert_eq!(access.check_write(&caller("nope")), Err(Denied::WrongToken));
    }
}
