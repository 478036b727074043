//! The web console: a page shell and its two files (`assets/console/`,
//! built from `console/` by esbuild and committed), compiled into the
//! binary so the console works with nothing on the network but this
//! server. The console reads and writes through the public GraphQL API
//! only; the shell holds no data.

use poem::web::Path;
use poem::{handler, Response};

use super::embedded::{self, Asset};

/// The files, by the name they are served under.
const ASSETS: [Asset; 2] = [
    (
        "console.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/console/console.js"),
    ),
    (
        "console.css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/console/console.css"),
    ),
];

/// Where the console's files are served.
pub(crate) const ASSET_ROUTE: &str = "/console/assets/:name";

/// The console's pages: the browser's URL names the view, the script
/// draws it.
pub(crate) const PAGES: [&str; 6] = [
    "/",
    "/projects",
    "/projects/:id",
    "/units",
    "/collection",
    "/upload",
];

/// Nothing but this origin: the console's script and style, inline SVG,
/// requests and the WebSocket to /graphql, downloads from the export routes.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>民生实事项目调度 · shishi</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/assets/console.css">
<script defer src="/console/assets/console.js"></script>
</head>
<body>
<div id="app"><main id="main"><p class="notice">正在加载… (Loading)</p></main></div>
<noscript>控制台需要 JavaScript。也可以打开 <a href="/playground">GraphQL 调试台</a>。</noscript>
</body>
</html>
"#;

/// `GET /`, `/projects`, `/projects/{id}`, `/units`, `/upload`.
#[handler]
pub(crate) fn page() -> Response {
    embedded::page(PAGE, CSP)
}

/// `GET /console/assets/{name}`: a file of the console. Its name does not
/// change with its content, so the browser asks again each time (cheap: a
/// few dozen KB, and an upgrade is seen at once).
#[handler]
pub(crate) fn asset(Path(name): Path<String>) -> Response {
    embedded::file(&ASSETS, &name, "no-cache")
}
