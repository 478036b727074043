//! The sync job, uploads and write security: folder and URL sources, the
//! scheduler, replicas on PostgreSQL, concurrent uploads, subscriptions,
//! the upload endpoint, token rules, metrics and shutdown.
use std::process::Command;
use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::common::fixtures::{big_xlsx, quarter_rows, table_xlsx};
use crate::common::process::ServeProcess;
use crate::common::{official, test_config, TestApp, TestDb, TOKEN};
use futures_util::{SinkExt, StreamExt};
use rand::SeedableRng;
use serde_json::{json, Value};
use shishi::sync::Trigger;

const RUNS: &str = "{ syncRuns(first: 100) { totalCount nodes { trigger source origin status error { code message } } } reports(includeRevisions: true) { id period } }";

fn q3() -> Vec<u8> {
    table_xlsx(
        "2025年民生实事项目进展情况调度表（三季度）",
        &quarter_rows(20),
    )
}

async fn folder_source_records_news_only(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let inbox = app.inbox.clone();
    let pass = || async { app.sync.run_all(Trigger::Schedule).await.unwrap() };

    std::fs::write(inbox.join("2025-q2.xlsx"), official("xlsx")).unwrap();
    let runs = pass().await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, "SUCCEEDED");
    assert_eq!(runs[0].trigger, "SCHEDULE");
    assert!(pass().await.is_empty(), "an idle pass records nothing");

    std::fs::write(inbox.join("broken.xlsx"), b"PK\x03\x04 not really").unwrap();
    std::fs::write(inbox.join("~$2025-q2.xlsx"), b"office lock file").unwrap();
    std::fs::write(inbox.join("notes.txt"), b"not a table").unwrap();
    let runs = pass().await;
    assert_eq!(runs.len(), 1, "{runs:#?}");
    assert_eq!(runs[0].status, "FAILED");
    assert!(
        pass().await.is_empty(),
        "a known error is not recorded again"
    );

    std::fs::write(inbox.join("2025-q3.xlsx"), q3()).unwrap();
    std::fs::write(inbox.join("copy-of-2025-q2.xlsx"), official("xlsx")).unwrap();
    let runs = pass().await;
    assert_eq!(runs.len(), 1, "the copy of Q2 records nothing: {runs:#?}");
    // Named relative to its folder, never by the server's path.
    assert_eq!(runs[0].source, "inbox/2025-q3.xlsx");
    assert_eq!(runs[0].status, "SUCCEEDED");
    assert!(pass().await.is_empty());

    let data = app.data(RUNS, json!({})).await;
    let statuses: Vec<&str> = data["syncRuns"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["SUCCEEDED", "FAILED", "SUCCEEDED"]);
    assert_eq!(data["reports"].as_array().unwrap().len(), 2);
    assert_eq!(data["syncRuns"]["nodes"][0]["origin"], "inbox");

    // runSync runs every file now, whatever was seen.
    let body = app
        .gql_with_token("mutation { runSync { trigger status source } }")
        .await;
    let manual: Vec<(String, String)> = body["data"]["runSync"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let source = r["source"].as_str().unwrap();
            (
                source.rsplit('/').next().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        manual,
        [
            ("2025-q2.xlsx".to_owned(), "UNCHANGED".to_owned()),
            ("2025-q3.xlsx".to_owned(), "UNCHANGED".to_owned()),
            ("broken.xlsx".to_owned(), "FAILED".to_owned()),
            ("copy-of-2025-q2.xlsx".to_owned(), "UNCHANGED".to_owned()),
        ]
    );
    assert!(body["data"]["runSync"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["trigger"] == "MANUAL"));
    app.stop().await;
}

/// The real scheduler: one pass at start, then one every interval; idle
/// passes record nothing.
async fn the_scheduler_passes_at_start_and_on_its_interval(db: &TestDb) {
    let mut config = test_config(db);
    let inbox = std::path::PathBuf::from(&config.sync_sources[0]);
    std::fs::write(inbox.join("2025-q2.ods"), official("ods")).unwrap();
    config.sync_interval = Some(Duration::from_millis(300));
    let app = TestApp::spawn_with(config).await;
    let count = || async {
        app.data(RUNS, json!({})).await["syncRuns"]["totalCount"]
            .as_i64()
            .unwrap()
    };
    let mut waited = 0;
    while count().await < 1 && waited < 100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    assert_eq!(count().await, 1, "the pass at start imported the table");
    std::fs::write(inbox.join("2025-q3.xlsx"), q3()).unwrap();
    let mut waited = 0;
    while count().await < 2 && waited < 100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let data = app.data(RUNS, json!({})).await;
    assert_eq!(
        data["syncRuns"]["totalCount"], 2,
        "idle passes record nothing: {data:#}"
    );
    assert!(data["syncRuns"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["trigger"] == "SCHEDULE" && r["status"] == "SUCCEEDED"));
    app.stop().await;
}

/// A small HTTP server publishing a table: 200 with an ETag (304 when the
/// client has it), 500, or too slow.
struct Publisher {
    mode: Arc<AtomicU8>,
    requests: Arc<AtomicU32>,
    conditional: Arc<AtomicU32>,
    url: String,
    _task: tokio::task::JoinHandle<()>,
}

const SERVE_Q2: u8 = 0;
const SERVE_500: u8 = 1;
const SERVE_SLOW: u8 = 2;
const SERVE_Q3: u8 = 3;
/// Q2 with Last-Modified and no ETag (304 when If-Modified-Since matches).
const SERVE_LAST_MODIFIED: u8 = 4;
/// A body past any limit, chunked: no Content-Length to refuse it by.
const SERVE_ENDLESS: u8 = 5;
const LAST_MODIFIED: &str = "Mon, 30 Jun 2025 08:00:00 GMT";

async fn publisher() -> Publisher {
    use poem::listener::{Acceptor, Listener};
    let mode = Arc::new(AtomicU8::new(SERVE_Q2));
    let requests = Arc::new(AtomicU32::new(0));
    let conditional = Arc::new(AtomicU32::new(0));
    let (m, r, c) = (mode.clone(), requests.clone(), conditional.clone());
    let (q2, q3) = (official("xlsx"), q3());
    let endpoint = poem::endpoint::make(move |req: poem::Request| {
        let (m, r, c, q2, q3) = (m.clone(), r.clone(), c.clone(), q2.clone(), q3.clone());
        async move {
            r.fetch_add(1, Ordering::SeqCst);
            let (etag, body) = match m.load(Ordering::SeqCst) {
                SERVE_500 => {
                    return poem::Response::builder()
                        .status(poem::http::StatusCode::INTERNAL_SERVER_ERROR)
                        .body("oops")
                }
                SERVE_SLOW => {
                    tokio::time::sleep(Duration::from_secs(3)).await;
                    ("\"v1\"", q2)
                }
                SERVE_Q3 => ("\"v3\"", q3),
                SERVE_LAST_MODIFIED => {
                    if req.header("if-modified-since") == Some(LAST_MODIFIED) {
                        c.fetch_add(1, Ordering::SeqCst);
                        return poem::Response::builder()
                            .status(poem::http::StatusCode::NOT_MODIFIED)
                            .finish();
                    }
                    return poem::Response::builder()
                        .header("last-modified", LAST_MODIFIED)
                        .body(q2);
                }
                SERVE_ENDLESS => {
                    let chunks = futures_util::stream::repeat_with(|| {
                        Ok::<_, std::io::Error>(vec![b'P'; 64 * 1024])
                    })
                    .take(1024);
                    return poem::Response::builder().body(poem::Body::from_bytes_stream(chunks));
                }
                _ => ("\"v1\"", q2),
            };
            if req.header("if-none-match") == Some(etag) {
                c.fetch_add(1, Ordering::SeqCst);
                return poem::Response::builder()
                    .status(poem::http::StatusCode::NOT_MODIFIED)
                    .finish();
            }
            poem::Response::builder().header("etag", etag).body(body)
        }
    });
    let acceptor = poem::listener::TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let port = acceptor.local_addr()[0].as_socket_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor)
            .run(endpoint)
            .await;
    });
    Publisher {
        mode,
        requests,
        conditional,
        url: format!("http://127.0.0.1:{port}/tables/latest.xlsx"),
        _task: task,
    }
}

async fn url_source_conditional_get_errors_and_backoff(db: &TestDb) {
    let web = publisher().await;
    let mut config = test_config(db);
    config.sync_sources = vec![web.url.clone()];
    config.sync_timeout = Duration::from_millis(800);
    config.max_upload_bytes = 2 * 1024 * 1024;
    let app = TestApp::spawn_with(config).await;
    let pass = || async { app.sync.run_all(Trigger::Schedule).await.unwrap() };

    let runs = pass().await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, "SUCCEEDED");
    assert_eq!(runs[0].source, web.url);
    // 304: the server is asked with the ETag and nothing is recorded.
    assert!(pass().await.is_empty());
    assert_eq!(web.conditional.load(Ordering::SeqCst), 1);
    // 500: recorded once.
    web.mode.store(SERVE_500, Ordering::SeqCst);
    let runs = pass().await;
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, "FAILED");
    assert_eq!(runs[0].error_code.as_deref(), Some("HTTP_STATUS"));
    assert!(runs[0].error_message.as_deref().unwrap().contains("500"));
    assert!(
        pass().await.is_empty(),
        "the same error is not recorded again"
    );
    // A timeout is another error.
    web.mode.store(SERVE_SLOW, Ordering::SeqCst);
    let runs = pass().await;
    assert_eq!(
        runs[0].error_code.as_deref(),
        Some("HTTP_TIMEOUT"),
        "{runs:#?}"
    );
    // A new table at the URL.
    web.mode.store(SERVE_Q3, Ordering::SeqCst);
    let runs = pass().await;
    assert_eq!(runs[0].status, "SUCCEEDED", "{runs:#?}");
    assert_eq!(
        app.data("{ reports { period } }", json!({})).await["reports"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Last-Modified alone: the next request says If-Modified-Since, and a
    // 304 records nothing.
    web.mode.store(SERVE_LAST_MODIFIED, Ordering::SeqCst);
    // Q2 again: seen from this source before, so nothing is recorded.
    assert!(pass().await.is_empty());
    let asked = web.conditional.load(Ordering::SeqCst);
    assert!(pass().await.is_empty());
    assert_eq!(web.conditional.load(Ordering::SeqCst), asked + 1);

    // A body with no Content-Length is cut off at the size limit as it
    // streams in: 64 MiB are offered, 2 MiB is the limit.
    web.mode.store(SERVE_ENDLESS, Ordering::SeqCst);
    let runs = pass().await;
    assert_eq!(
        runs[0].error_code.as_deref(),
        Some("TOO_LARGE"),
        "{runs:#?}"
    );
    assert!(runs[0]
        .error_message
        .as_deref()
        .unwrap()
        .contains("larger than the limit of 2097152 bytes"));

    // Scheduled steps back off a failing source: after a failure it is not
    // asked again at once.
    web.mode.store(SERVE_500, Ordering::SeqCst);
    let before = web.requests.load(Ordering::SeqCst);
    app.sync.step().await;
    assert_eq!(web.requests.load(Ordering::SeqCst), before + 1);
    app.sync.step().await;
    app.sync.step().await;
    assert_eq!(
        web.requests.load(Ordering::SeqCst),
        before + 1,
        "backing off"
    );
    app.stop().await;
}

/// README "Sync": several sources at once, a file among them; one that
/// fails stops none of the others, and every run names its source.
async fn several_sources_and_a_file_source(db: &TestDb) {
    let mut config = test_config(db);
    let published = db.dir.join("published");
    std::fs::create_dir_all(&published).unwrap();
    let file = published.join("2025-q3.xlsx");
    std::fs::write(&file, q3()).unwrap();
    config.sync_sources.push(file.display().to_string());
    config
        .sync_sources
        .push(db.dir.join("no-such-folder").display().to_string());
    let app = TestApp::spawn_with(config).await;
    std::fs::write(app.inbox.join("2025-q2.xlsx"), official("xlsx")).unwrap();
    let mut runs = app.sync.run_all(Trigger::Manual).await.unwrap();
    runs.sort_by(|a, b| a.source.cmp(&b.source));
    let seen: Vec<(&str, &str, Option<&str>)> = runs
        .iter()
        .map(|r| {
            (
                r.source.as_str(),
                r.status.as_str(),
                r.error_code.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("2025-q3.xlsx", "SUCCEEDED", None),
            ("inbox/2025-q2.xlsx", "SUCCEEDED", None),
            ("no-such-folder", "FAILED", Some("SOURCE_UNREADABLE")),
        ],
        "{runs:#?}"
    );
    assert!(runs
        .iter()
        .all(|r| r.trigger == "MANUAL" && r.origin.is_some()));
    // Nothing of the server's paths is shown.
    let root = db.dir.display().to_string();
    assert!(
        runs.iter().all(|r| !format!("{r:?}").contains(&root)),
        "{runs:#?}"
    );
    let data = app.data("{ reports { period } }", json!({})).await;
    assert_eq!(
        data["reports"],
        json!([{"period": "二季度"}, {"period": "三季度"}])
    );
    app.stop().await;
}

async fn concurrent_uploads_land_once(db: &TestDb) {
    // Room in the import queue for all of them (the hostile-request tests
    // show what a full queue answers).
    let mut config = test_config(db);
    config.import_queue = 32;
    let app = Arc::new(TestApp::spawn_with(config).await);
    let mut tasks = Vec::new();
    for i in 0..20 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            app.import(&format!("upload-{i}.xlsx"), official("xlsx"))
                .await
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap()["status"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        statuses.iter().filter(|s| *s == "SUCCEEDED").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| *s == "UNCHANGED").count(),
        19,
        "{statuses:?}"
    );
    let data = app
        .data(
            "{ reports(includeRevisions: true) { id } projects { totalCount } units { id } }",
            json!({}),
        )
        .await;
    assert_eq!(data["reports"].as_array().unwrap().len(), 1);
    assert_eq!(data["projects"]["totalCount"], 20);
    assert_eq!(data["units"].as_array().unwrap().len(), 21);
    if let Ok(app) = Arc::try_unwrap(app) {
        app.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribers_hear_succeeded_and_failed_runs() {
    use tokio_tungstenite::tungstenite::{client::IntoClientRequest, Message};
    let db = TestDb::sqlite().await;
    let app = TestApp::spawn(&db).await;
    let mut request = format!("{}/graphql", app.base.replace("http", "ws"))
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    ws.send(Message::text(
        json!({"type": "connection_init"}).to_string(),
    ))
    .await
    .unwrap();
    let next_json = |msg: Option<Result<Message, _>>| -> Value {
        let text = msg.unwrap().unwrap().into_text().unwrap();
        serde_json::from_str(&text).unwrap()
    };
    assert_eq!(next_json(ws.next().await)["type"], "connection_ack");
    ws.send(Message::text(
        json!({"id": "1", "type": "subscribe", "payload": {"query": "subscription { syncRunFinished { trigger status source error { code } } }"}}).to_string(),
    ))
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    app.import("junk.xlsx", b"junk".to_vec()).await;
    let mut heard = Vec::new();
    for _ in 0..2 {
        let msg = tokio::time::timeout(Duration::from_secs(10), ws.next())
            .await
            .unwrap();
        let v = next_json(msg);
        assert_eq!(v["type"], "next", "{v}");
        heard.push(v["payload"]["data"]["syncRunFinished"].clone());
    }
    assert_eq!(
        heard[0],
        json!({"trigger": "UPLOAD", "status": "SUCCEEDED", "source": "2025-q2.xlsx", "error": null})
    );
    assert_eq!(heard[1]["status"], "FAILED");
    assert_eq!(heard[1]["error"]["code"], "NOT_A_SPREADSHEET");
    app.stop().await;
}

fn form(name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    crate::common::file_form(name, bytes)
}

async fn upload_endpoint_for_scripts(db: &TestDb) {
    let mut config = test_config(db);
    config.max_upload_bytes = 20_000;
    let app = TestApp::spawn_with(config).await;
    let url = format!("{}/api/v1/spreadsheets", app.base);
    for token in [None, Some("wrong")] {
        let mut req = app
            .client
            .post(&url)
            .multipart(form("2025-q2.xlsx", official("xlsx")));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        assert_eq!(resp.status(), 401);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["code"], "UNAUTHENTICATED");
    }
    let dry = app
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .multipart(form("2025-q2.xlsx", official("xlsx")).text("dryRun", "true"))
        .send()
        .await
        .unwrap();
    assert_eq!(dry.status(), 200);
    let dry: Value = dry.json().await.unwrap();
    assert_eq!(dry["status"], "DRY_RUN");
    assert_eq!(dry["rowsRead"], 20);
    let ok = app
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .multipart(form("2025-q2.xlsx", official("xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let ok: Value = ok.json().await.unwrap();
    assert_eq!(ok["status"], "SUCCEEDED", "{ok:#}");
    assert_eq!(ok["trigger"], "UPLOAD");
    assert_eq!(ok["warnings"][0]["row"], 19);
    assert!(ok["reportId"].is_string());
    let bad = app
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .multipart(form("a.xlsx", b"nope".to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert_eq!(
        bad.json::<Value>().await.unwrap()["error"]["code"],
        "NOT_A_SPREADSHEET"
    );
    let big = app
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .multipart(form("big.xls", official("xls")))
        .send()
        .await
        .unwrap();
    assert_eq!(big.status(), 413);
    assert_eq!(
        big.json::<Value>().await.unwrap()["error"]["code"],
        "TOO_LARGE"
    );
    let missing = app
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .multipart(reqwest::multipart::Form::new().text("dryRun", "true"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
    let data = app.data(RUNS, json!({})).await;
    assert_eq!(
        data["syncRuns"]["totalCount"], 3,
        "dry run, success, failure; refused requests record nothing"
    );
    assert_eq!(data["reports"].as_array().unwrap().len(), 1);
    app.stop().await;
}

async fn reads_can_be_made_to_need_the_token(db: &TestDb) {
    let mut config = test_config(db);
    config.reads_need_token = true;
    let app = TestApp::spawn_with(config).await;
    let open = app
        .client
        .post(format!("{}/graphql", app.base))
        .json(&json!({"query": "{ reports { id } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(open.status(), 401);
    assert_eq!(
        open.json::<Value>().await.unwrap()["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    let get = app
        .client
        .get(format!("{}/graphql?query=%7Breports%7Bid%7D%7D", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 401);
    let with = app.gql_with_token("{ reports { id } }").await;
    assert_eq!(with, json!({"data": {"reports": []}}));
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200, "health stays open for load balancers");
    let metrics = app
        .client
        .get(format!("{}/metrics", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), 200, "metrics stay open for Prometheus");
    assert!(metrics
        .text()
        .await
        .unwrap()
        .contains("shishi_http_requests_total"));
    app.stop().await;
}

async fn metrics_count_runs_and_requests(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    app.import("junk.xlsx", b"junk".to_vec()).await;
    let text = app.metrics().await;
    assert!(
        text.contains(r#"shishi_sync_runs_total{status="SUCCEEDED",trigger="UPLOAD"} 1"#),
        "{text}"
    );
    assert!(
        text.contains(r#"shishi_sync_runs_total{status="FAILED",trigger="UPLOAD"} 1"#),
        "{text}"
    );
    assert!(
        text.contains("shishi_import_duration_seconds_bucket"),
        "{text}"
    );
    assert!(
        text.contains(r#"shishi_http_requests_total{method="POST",status="200"} 2"#),
        "{text}"
    );
    app.stop().await;
}

/// `shishi serve` on `db_url`, passing every `interval`, logging to `log`.
fn serve(
    db_url: &str,
    inbox: &std::path::Path,
    log: std::path::PathBuf,
    interval: &str,
) -> ServeProcess {
    ServeProcess::start(
        db_url,
        inbox,
        log,
        &[
            ("SHISHI_SYNC_INTERVAL", interval.into()),
            ("SHISHI_QUERY_CACHE_TTL", "200ms".into()),
        ],
    )
}

async fn query(base: &str, q: &str) -> Value {
    let client = reqwest::Client::new();
    crate::common::post_json(&client, base, &json!({"query": q}), None).await["data"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_postgres_import_each_table_once() {
    let db = TestDb::postgres().await;
    let inbox = db.dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("2025-q2.xlsx"), official("xlsx")).unwrap();
    std::fs::write(inbox.join("2025-q3.xlsx"), q3()).unwrap();
    // Both start at once: migrations, the pass at start and imports race.
    let a = serve(&db.url, &inbox, db.dir.join("a.log"), "1s");
    let b = serve(&db.url, &inbox, db.dir.join("b.log"), "1s");
    let mut waited = 0;
    loop {
        let data = query(&a.base, "{ reports(includeRevisions: true) { id } }").await;
        if data["reports"].as_array().map_or(0, Vec::len) >= 2 || waited > 100 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    std::fs::write(inbox.join("2025-q2-copy.xlsx"), official("xlsx")).unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let data = query(&b.base, RUNS).await;
    assert_eq!(data["reports"].as_array().unwrap().len(), 2, "{data:#}");
    let runs = data["syncRuns"]["nodes"].as_array().unwrap();
    assert_eq!(
        runs.len(),
        2,
        "each table imported once, the copy and idle passes record nothing: {data:#}"
    );
    assert!(runs.iter().all(|r| r["status"] == "SUCCEEDED"));
    drop((a, b));
}

/// SIGTERM while a large table is being imported: the process finishes the
/// request (or rolls back), exits, and the database holds the whole table
/// or none of it. The token never reaches the log.
async fn sigterm_during_an_import_leaves_the_database_whole(db: &TestDb) {
    let inbox = db.dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut server = serve(&db.url, &inbox, db.dir.join("serve.log"), "off");
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let big = big_xlsx(&mut rng, 6 * 1024 * 1024);
    let url = format!("{}/api/v1/spreadsheets", server.base);
    let upload = tokio::spawn(async move {
        reqwest::Client::new()
            .post(url)
            .bearer_auth(TOKEN)
            .multipart(form("big.xlsx", big))
            .send()
            .await
    });
    // Signal once the run is under way.
    let mut waited = 0;
    while query(&server.base, "{ syncRuns { nodes { status } } }").await["syncRuns"]["nodes"][0]
        ["status"]
        != "RUNNING"
    {
        assert!(waited < 1000, "the import never started");
        tokio::time::sleep(Duration::from_millis(10)).await;
        waited += 1;
    }
    let pid = server.child.id().to_string();
    let signalled = chrono::Utc::now();
    assert!(Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let status = tokio::task::spawn_blocking(move || {
        let status = server.child.wait();
        (status, server)
    })
    .await
    .unwrap();
    let (exit, server) = status;
    assert!(exit.unwrap().success(), "graceful exit");
    let answered = upload.await.unwrap();
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(!log.contains(TOKEN), "the token is never logged");
    drop(server);

    // Read the database back through a fresh server.
    let app = TestApp::spawn(db).await;
    let data = app
        .data("{ reports(includeRevisions: true) { projectCount } projects(first: 1) { totalCount } syncRuns { nodes { status startedAt finishedAt error { code message } } } }", json!({}))
        .await;
    let reports = data["reports"].as_array().unwrap();
    println!(
        "after SIGTERM: {} report(s), runs {}",
        reports.len(),
        data["syncRuns"]
    );
    // The import under way when the signal came was let finish: its
    // request was answered, and the table is whole.
    assert_eq!(reports.len(), 1, "the import in flight finished: {data:#}");
    assert_eq!(
        data["projects"]["totalCount"], reports[0]["projectCount"],
        "{data:#}"
    );
    let answered = answered.expect("the request in flight was answered");
    assert_eq!(answered.status(), 200);
    let run = &data["syncRuns"]["nodes"][0];
    assert_eq!(run["status"], "SUCCEEDED", "{run}");
    let at = |k: &str| chrono::DateTime::parse_from_rfc3339(run[k].as_str().unwrap()).unwrap();
    assert!(
        at("startedAt") < signalled && at("finishedAt") > signalled,
        "{run} vs {signalled}"
    );
    app.stop().await;
}

on_both_databases!(
    several_sources_and_a_file_source,
    folder_source_records_news_only,
    concurrent_uploads_land_once
);

on_both_databases!(
    the_scheduler_passes_at_start_and_on_its_interval,
    url_source_conditional_get_errors_and_backoff,
    upload_endpoint_for_scripts,
    reads_can_be_made_to_need_the_token,
    metrics_count_runs_and_requests,
    sigterm_during_an_import_leaves_the_database_whole,
);
