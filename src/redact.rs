//! Secrets kept out of what people see: URLs (sync sources, the database)
//! are shown with their user info and the values of secret-looking query
//! parameters replaced by `***`. The settings keep the real ones.

/// Query parameters whose values are taken for secrets.
const SECRET_PARAMETERS: [&str; 14] = [
    "token",
    "access_token",
    "auth",
    "key",
    "apikey",
    "api_key",
    "secret",
    "password",
    "passwd",
    "pwd",
    "sig",
    "signature",
    "credential",
    "session",
];

fn is_secret_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_PARAMETERS
        .iter()
        .any(|s| name == *s || name.ends_with(&format!("_{s}")) || name.ends_with(&format!("-{s}")))
        || name.contains("token")
        || name.contains("secret")
        || name.contains("password")
}

/// A URL as runs, logs and messages show it: user info and the values of
/// secret-looking query parameters replaced by `***`. The configured URL
/// itself is what is fetched.
pub fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = reqwest::Url::parse(url) else {
        // Not a URL we could fetch either; keep only what precedes any
        // user info or query.
        let cut = url.find(['?', '@', '#']).unwrap_or(url.len());
        return format!("{}…", &url[..cut]);
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        let _ = parsed.set_password(None);
        let _ = parsed.set_username("***");
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(k, v)| {
                let v = if is_secret_parameter(&k) {
                    "***".to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.set_fragment(None);
    parsed.to_string()
}

/// A database URL as messages and logs show it: [`redact_url`], and for a
/// URL that does not parse, the keyword form's `password=...` hidden too.
pub fn redact_database_url(url: &str) -> String {
    if url.starts_with("sqlite:") {
        return url.to_owned();
    }
    if url.contains("://") {
        return redact_url(url);
    }
    url.split_whitespace()
        .map(|part| match part.split_once('=') {
            Some((k, _)) if is_secret_parameter(k) => format!("{k}=***"),
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_hidden() {
        assert_eq!(
            redact_url("https://bob:hunter2@example.gov.cn/t.xlsx?access_token=abc&year=2025"),
            "https://***@example.gov.cn/t.xlsx?access_token=***&year=2025"
        );
        assert_eq!(
            redact_url("https://example.gov.cn/t.xlsx"),
            "https://example.gov.cn/t.xlsx"
        );
        assert_eq!(
            redact_database_url("postgres://app:s3cret@db:5432/shishi?sslpassword=x"),
            "postgres://***@db:5432/shishi?sslpassword=***"
        );
        assert_eq!(
            redact_database_url("host=db user=app password=s3cret"),
            "host=db user=app password=***"
        );
        assert!(!redact_url("not a url?token=abc").contains("abc"));
    }
}
