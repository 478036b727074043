//! The GraphQL playground: GraphiQL 4.1.2 (the newest release that ships a
//! standalone production build; 5.x is ESM only and needs a bundler for its
//! Monaco editor workers) and React 18, served from files compiled into the
//! binary, so
//! the page works on a network with nothing on it but this server. A
//! Content-Security-Policy keeps every request on the server's origin.

use poem::web::Path;
use poem::{handler, Response};

use super::embedded::{self, Asset};

/// The files, by the name they are served under.
const ASSETS: [Asset; 5] = [
    (
        "graphiql-4.1.2.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/graphiql.min.js"),
    ),
    (
        "graphiql-4.1.2.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/vendor/graphiql.min.css"),
    ),
    (
        "react-18.3.1.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/react.production.min.js"),
    ),
    (
        "react-dom-18.3.1.production.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/vendor/react-dom.production.min.js"),
    ),
    (
        "playground.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/playground.js"),
    ),
];

/// Nothing but this origin: scripts and styles from its files (GraphiQL
/// sets inline styles), fonts and images inline, requests to /graphql.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>shishi · GraphQL 调试台</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/playground/assets/graphiql-4.1.2.min.css">
<style>
html, body { margin: 0; height: 100%; } #graphiql { height: 100vh; }
/* On a phone the editor and the result stack instead of sharing a row. */
@media (max-width: 700px) {
  .graphiql-sessions > div:has(> .graphiql-response) { flex-direction: column !important; }
  .graphiql-horizontal-drag-bar { display: none !important; }
  .graphiql-editors, .graphiql-response { flex: 1 1 50% !important; min-height: 0; }
  .graphiql-sidebar { padding: 4px !important; }
}
</style>
</head>
<body>
<div id="graphiql">正在加载 GraphiQL… (Loading)</div>
<noscript>GraphiQL 需要 JavaScript。也可以用 curl 向 /graphql 发送查询。</noscript>
<script src="/playground/assets/react-18.3.1.production.min.js"></script>
<script src="/playground/assets/react-dom-18.3.1.production.min.js"></script>
<script src="/playground/assets/graphiql-4.1.2.min.js"></script>
<script src="/playground/assets/playground.js"></script>
</body>
</html>
"#;

/// The playground page.
pub(crate) fn page() -> Response {
    embedded::page(PAGE, CSP)
}

/// `GET /playground`.
#[handler]
pub(crate) fn playground() -> Response {
    page()
}

/// `GET /playground/assets/{name}`: a file of the page, cached for long
/// since its name changes with its version.
#[handler]
pub(crate) fn asset(Path(name): Path<String>) -> Response {
    let cache = if name == "playground.js" {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    embedded::file(&ASSETS, &name, cache)
}

/// True when a GET of /graphql is a browser asking for a page: it accepts
/// HTML and sends no query.
pub(crate) fn wants_page(accept: Option<&str>, query: &str) -> bool {
    let html = accept.is_some_and(|a| {
        a.split(',')
            .any(|m| m.split(';').next().is_some_and(|m| m.trim() == "text/html"))
    });
    html && !query
        .split('&')
        .any(|p| p.starts_with("query=") || p.starts_with("extensions="))
}
