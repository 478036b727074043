//! Test helpers: a real database per test (a SQLite file or a fresh
//! PostgreSQL database), the real server on port 0, and a GraphQL client.

pub mod fixtures;
pub mod process;
pub mod xlsx;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use shishi::app::Application;
use shishi::cli::Config;
use tokio::sync::oneshot;

/// The token the test servers are started with.
pub const TOKEN: &str = "test-token-3f9a";

/// PostgreSQL server the suite creates its databases on.
pub fn postgres_base() -> String {
    std::env::var("SHISHI_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// A database made for one test and dropped after it.
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
    _dir: tempfile::TempDir,
    pub dir: PathBuf,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDb {
    /// A SQLite file in a fresh temporary folder.
    pub async fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shishi.db");
        Self {
            url: format!("sqlite://{}?mode=rwc", path.display()),
            pg_name: None,
            dir: dir.path().to_owned(),
            _dir: dir,
        }
    }

    /// A fresh database on the PostgreSQL server.
    pub async fn postgres() -> Self {
        let name = format!(
            "shishi_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            chrono::Utc::now().timestamp_micros() % 1_000_000
        );
        let admin = Database::connect(format!("{}/postgres", postgres_base()))
            .await
            .expect("PostgreSQL at 127.0.0.1:5432 is needed for the PostgreSQL half of the suite (SHISHI_TEST_POSTGRES overrides)");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        admin.close().await.ok();
        let dir = tempfile::tempdir().unwrap();
        Self {
            url: format!("{}/{name}", postgres_base()),
            pg_name: Some(name),
            dir: dir.path().to_owned(),
            _dir: dir,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg_name.is_some()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Runs even when the test panicked; a thread of its own because
        // the test's runtime may be gone or busy.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(admin) = Database::connect(format!("{}/postgres", postgres_base())).await
                {
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await;
                    admin.close().await.ok();
                }
            });
        })
        .join();
    }
}

/// A GraphQL multipart request (the spec's `operations` and `map`) of the
/// mutation `mutation($file: Upload!) { FIELD }` with `bytes` as `$file`.
pub fn upload_form(field: &str, name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    let operations = json!({
        "query": format!("mutation($file: Upload!) {{ {field} }}"),
        "variables": {"file": null}
    });
    reqwest::multipart::Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({"0": ["variables.file"]}).to_string())
        .part(
            "0",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        )
}

/// POSTs `body` to the server at `base` (`http://127.0.0.1:PORT`) as a
/// GraphQL request, with `token` when given; the answer as JSON.
pub async fn post_json(
    client: &reqwest::Client,
    base: &str,
    body: &Value,
    token: Option<&str>,
) -> Value {
    let mut req = client.post(format!("{base}/graphql")).json(body);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    req.send().await.unwrap().json().await.unwrap()
}

/// The upload endpoint's form: `bytes` as the field `file`, named `name`.
pub fn file_form(name: &str, bytes: Vec<u8>) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    )
}

/// A WebSocket of the tests.
pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws socket to the server at `addr` (`127.0.0.1:PORT`),
/// with `connection_init` sent with `init` as its payload, when given.
pub async fn ws_socket(addr: &str, init: Option<Value>) -> Socket {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut req = format!("ws://{addr}/graphql")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    if let Some(payload) = init {
        let message = json!({"type": "connection_init", "payload": payload});
        socket
            .send(tokio_tungstenite::tungstenite::Message::text(
                message.to_string(),
            ))
            .await
            .unwrap();
    }
    socket
}

/// A running server.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub inbox: PathBuf,
    pub sync: std::sync::Arc<shishi::sync::SyncJob>,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// Settings of a test server: no example data, a token, an empty inbox.
pub fn test_config(db: &TestDb) -> Config {
    let inbox = db.dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    Config {
        database_url: db.url.clone(),
        listen: "127.0.0.1:0".parse().unwrap(),
        api_token: Some(TOKEN.to_owned()),
        sync_sources: vec![inbox.display().to_string()],
        // No scheduled passes: tests run them with the sync job.
        sync_interval: None,
        sync_timeout: Duration::from_secs(5),
        max_upload_bytes: 20 * 1024 * 1024,
        example_data: false,
        reads_need_token: false,
        log_json: false,
        cors_origins: vec!["https://dashboard.example".to_owned()],
        query_cache_ttl: Duration::from_secs(5),
        ..Config::default()
    }
}

impl TestApp {
    /// Starts the real application on `db`.
    pub async fn spawn(db: &TestDb) -> Self {
        Self::spawn_with(test_config(db)).await
    }

    /// Starts the real application with `config`.
    pub async fn spawn_with(config: Config) -> Self {
        let inbox = PathBuf::from(&config.sync_sources[0]);
        let app = Application::build(config).await.expect("the app starts");
        let base = format!("http://127.0.0.1:{}", app.port());
        let sync = app.sync_job();
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(app.run_until_stopped(async {
            let _ = rx.await;
        }));
        Self {
            base,
            client: reqwest::Client::new(),
            inbox,
            sync,
            stop: Some(tx),
            handle: Some(handle),
        }
    }

    /// Stops the server and waits until it has.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            let _ = h.await;
        }
    }

    /// POSTs a query; returns the whole response body.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.post_query(query, variables, None).await
    }

    /// POSTs a query with the write token; returns the whole response body.
    pub async fn gql_with_token(&self, query: &str) -> Value {
        self.post_query(query, json!({}), Some(TOKEN)).await
    }

    async fn post_query(&self, query: &str, variables: Value, token: Option<&str>) -> Value {
        let body = json!({"query": query, "variables": variables});
        post_json(&self.client, &self.base, &body, token).await
    }

    /// The Prometheus text of `/metrics`.
    pub async fn metrics(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.base))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// POSTs a query and returns `data`, failing on any error.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let body = self.gql(query, variables).await;
        assert!(body.get("errors").is_none(), "errors: {body:#}");
        body["data"].clone()
    }

    /// Uploads a file through the GraphQL multipart mutation; returns the
    /// whole response body.
    pub async fn upload(
        &self,
        name: &str,
        bytes: Vec<u8>,
        token: Option<&str>,
        dry_run: bool,
    ) -> Value {
        self.upload_with(name, bytes, token, &format!("dryRun: {dry_run}"))
            .await
    }

    /// Uploads with extra mutation arguments written as GraphQL, e.g.
    /// `period: "1-6月"`; returns the whole response body.
    pub async fn upload_with(
        &self,
        name: &str,
        bytes: Vec<u8>,
        token: Option<&str>,
        args: &str,
    ) -> Value {
        let form = upload_form(
            &format!("uploadSpreadsheet(file: $file, {args}) {{ {RUN_FIELDS} }}"),
            name,
            bytes,
        );
        let mut req = self
            .client
            .post(format!("{}/graphql", self.base))
            .multipart(form);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap().json().await.unwrap()
    }

    /// `unit`'s next-period form, as `exports { nextPeriodUrl(unit:) }`
    /// links it, downloaded.
    pub async fn next_period_form(&self, unit: &str) -> Vec<u8> {
        let url = self
            .data(
                "query($u: String) { exports(year: 2025) { nextPeriodUrl(unit: $u) } }",
                json!({"u": unit}),
            )
            .await["exports"]["nextPeriodUrl"]
            .as_str()
            .unwrap()
            .to_owned();
        let resp = self
            .client
            .get(format!("{}{url}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{unit}'s form");
        resp.bytes().await.unwrap().to_vec()
    }

    /// POSTs `form` to the REST upload with the write token; the status and
    /// the JSON body.
    pub async fn rest_upload(&self, form: reqwest::multipart::Form) -> (u16, Value) {
        let resp = self
            .client
            .post(format!("{}/api/v1/spreadsheets", self.base))
            .bearer_auth(TOKEN)
            .multipart(form)
            .send()
            .await
            .unwrap();
        (resp.status().as_u16(), resp.json().await.unwrap())
    }

    /// Uploads with the right token and returns the run.
    pub async fn import(&self, name: &str, bytes: Vec<u8>) -> Value {
        let body = self.upload(name, bytes, Some(TOKEN), false).await;
        assert!(body.get("errors").is_none(), "errors: {body:#}");
        body["data"]["uploadSpreadsheet"].clone()
    }
}

/// The SyncRun fields the tests read.
pub const RUN_FIELDS: &str = "id trigger source status issuer sha256 rowsRead projectsCreated projectsUpdated uploadedBy clientAddress formUnit merged outcome \
    title year period asOf replaces { id asOf } \
    report { id period asOf year title projectCount } warnings { sheet row column code message } error { code message }";

/// The repository's root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the official table in `examples/`.
pub fn official(ext: &str) -> Vec<u8> {
    std::fs::read(repo().join("examples").join(format!("2025-q2.{ext}"))).unwrap()
}

/// Runs the test body on a SQLite file and on a fresh PostgreSQL database.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = $crate::common::TestDb::sqlite().await;
                    super::$name(&db).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let db = $crate::common::TestDb::postgres().await;
                    super::$name(&db).await;
                }
            }
        )*
    };
}
