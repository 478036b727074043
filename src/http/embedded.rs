//! Pages and files compiled into the binary (the console's and the
//! playground's), served the same way: a page under its
//! Content-Security-Policy, never cached without asking; a file by name,
//! 404 for any other.

use poem::http::{header, StatusCode};
use poem::{IntoResponse, Response};

/// A file: the name it is served under, its media type, its bytes.
pub(crate) type Asset = (&'static str, &'static str, &'static [u8]);

/// An HTML page under `csp`.
pub(crate) fn page(html: &'static str, csp: &'static str) -> Response {
    Response::builder()
        .content_type("text/html; charset=utf-8")
        .header("content-security-policy", csp)
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "same-origin")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(html)
}

/// The file of `assets` named `name`, with `cache_control`; 404 when none is.
pub(crate) fn file(assets: &[Asset], name: &str, cache_control: &'static str) -> Response {
    match assets.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, bytes)) => Response::builder()
            .content_type(*content_type)
            .header(header::CACHE_CONTROL, cache_control)
            .header("x-content-type-options", "nosniff")
            .body(*bytes),
        None => (StatusCode::NOT_FOUND, "no such file").into_response(),
    }
}
