//! README claims that no other module shows: each test names the claim it
//! checks, through the surface the README names.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use futures_util::StreamExt;
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message as Ws;

use crate::common::fixtures::{quarter_rows, table_xlsx};
use crate::common::{official, repo, test_config, TestApp, TestDb, TOKEN};

/// README "A first query": the block runs, and its figures agree with each
/// other and with the official table (20 projects, Q2 2025).
async fn the_first_query_of_the_readme(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let query = readme
        .split("## A first query")
        .nth(1)
        .and_then(|s| s.split("```graphql").nth(1))
        .and_then(|s| s.split("```").next())
        .unwrap();
    let data = app.data(query, json!({})).await;
    let summary = &data["summary"];
    assert_eq!(summary["asOf"], "2025-06-30");
    assert_eq!(summary["projectCount"], 20);
    let lights: i64 = summary["byLight"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["count"].as_i64().unwrap())
        .sum();
    assert_eq!(lights, 20, "every project has one light: {summary}");
    let page = &data["projects"];
    assert_eq!(page["totalCount"], 20);
    assert_eq!(page["nodes"].as_array().unwrap().len(), 5);
    assert_eq!(page["nodes"][0]["serialNo"], 1);
    assert_eq!(page["nodes"][0]["history"][0]["report"]["period"], "二季度");
    assert_eq!(page["pageInfo"]["hasNextPage"], true);

    // The report's own counts (byLight, byStatus) are the summary's.
    let report = &app
        .data(
            "{ reports { projectCount byLight { light count } byStatus { status count } } }",
            json!({}),
        )
        .await["reports"][0];
    assert_eq!(report["byLight"], summary["byLight"]);
    let statuses: i64 = report["byStatus"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["count"].as_i64().unwrap())
        .sum();
    assert_eq!(statuses, 20);
    let completed = report["byStatus"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["status"] == "COMPLETED")
        .unwrap()["count"]
        .clone();
    assert_eq!(completed, summary["completedCount"]);
    app.stop().await;
}

/// README "Security": a WebSocket client may send the token as its
/// `connection_init` payload when reads need it.
async fn the_token_may_come_in_connection_init(db: &TestDb) {
    let mut config = test_config(db);
    config.reads_need_token = true;
    let app = TestApp::spawn_with(config).await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let open = |payload: Value| {
        let addr = addr.clone();
        async move {
            let mut socket = crate::common::ws_socket(&addr, Some(payload)).await;
            // The first answer: connection_ack, or the socket closed.
            let first = tokio::time::timeout(Duration::from_secs(10), socket.next())
                .await
                .unwrap();
            match first {
                Some(Ok(Ws::Text(t))) => serde_json::from_str::<Value>(&t).unwrap()["type"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                Some(Ok(Ws::Close(Some(frame)))) => {
                    format!("closed {} {}", u16::from(frame.code), frame.reason)
                }
                Some(Ok(Ws::Close(None))) => "closed".to_owned(),
                other => format!("{other:?}"),
            }
        }
    };
    assert_eq!(
        open(json!({"Authorization": format!("Bearer {TOKEN}")})).await,
        "connection_ack"
    );
    // Refused as graphql-transport-ws says: 4403 Forbidden, with the reason.
    let refused = open(json!({})).await;
    assert!(
        refused.starts_with("closed 4403 this needs an API token"),
        "{refused}"
    );
    let wrong = open(json!({"Authorization": "Bearer nope"})).await;
    assert!(
        wrong.starts_with("closed 4403 the API token is not valid"),
        "{wrong}"
    );
    app.stop().await;
}

/// README "Performance": after an import on PostgreSQL the tables it
/// rewrote are vacuumed and analyzed, so the next project's update leaves no
/// dead rows behind for reads to visit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_tables_are_vacuumed_after_an_import() {
    let db = TestDb::postgres().await;
    let app = TestApp::spawn(&db).await;
    let conn = Database::connect(&db.url).await.unwrap();
    let stats = || async {
        let row = conn
            .query_one(sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT n_dead_tup, last_vacuum IS NOT NULL AS vacuumed, \
                 last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables \
                 WHERE relname = 'project'",
            ))
            .await
            .unwrap()
            .unwrap();
        (
            row.try_get::<i64>("", "n_dead_tup").unwrap(),
            row.try_get::<bool>("", "vacuumed").unwrap(),
            row.try_get::<bool>("", "analyzed").unwrap(),
        )
    };
    // The next period updates every project row the first one wrote.
    for (name, bytes) in [
        ("2025-q2.xlsx", official("xlsx")),
        (
            "2025-q3.xlsx",
            table_xlsx(
                "2025年民生实事项目进展情况调度表（三季度）",
                &quarter_rows(20),
            ),
        ),
    ] {
        assert_eq!(app.import(name, bytes).await["status"], "SUCCEEDED");
    }
    let mut last = stats().await;
    for _ in 0..50 {
        if last == (0, true, true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        last = stats().await;
    }
    assert_eq!(last, (0, true, true), "(dead rows, vacuumed, analyzed)");
    app.stop().await;
}

/// README "Endpoints": `/healthz` answers 503 when the database does not
/// answer. A PostgreSQL database can go away under a running server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_503_when_the_database_does_not_answer() {
    let db = TestDb::postgres().await;
    let app = TestApp::spawn(&db).await;
    let health = || async {
        app.client
            .get(format!("{}/healthz", app.base))
            .send()
            .await
            .unwrap()
    };
    assert_eq!(health().await.status(), 200);
    let name = db.url.rsplit('/').next().unwrap().to_owned();
    let admin = Database::connect(format!("{}/postgres", crate::common::postgres_base()))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
    admin.close().await.ok();
    let down = health().await;
    assert_eq!(down.status(), 503);
    let body: Value = down.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert!(
        !body.to_string().contains(&name),
        "no database name: {body}"
    );
    app.stop().await;
}

/// README "Settings": with no token configured, `serve` generates one and
/// prints it once with a ready-to-paste curl command; that token writes.
async fn a_generated_token_is_printed_and_works(db: &TestDb) {
    let inbox = db.dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("SHISHI_LISTEN", "127.0.0.1:0")
        .env_remove("SHISHI_API_TOKEN")
        .env("SHISHI_EXAMPLE_DATA", "false")
        .env("SHISHI_SYNC_INTERVAL", "off")
        .env("SHISHI_SYNC_SOURCES", inbox.display().to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    while let Some(Ok(line)) = lines.next() {
        let done = line.contains("-F 0=@table.xlsx");
        printed.push(line);
        if done {
            break;
        }
    }
    let base = printed[0]
        .strip_prefix("shishi is listening on ")
        .and_then(|r| r.split_whitespace().next())
        .unwrap()
        .to_owned();
    let at = printed
        .iter()
        .position(|l| l.contains("this one was generated"))
        .unwrap();
    let token = printed[at + 1].trim().to_owned();
    assert_eq!(token.len(), 48, "{printed:#?}");
    assert!(printed
        .iter()
        .any(|l| l.contains(&format!("Bearer {token}"))));
    let client = reqwest::Client::new();
    let upload = |token: String| {
        let client = client.clone();
        let url = format!("{base}/api/v1/spreadsheets");
        async move {
            let form = crate::common::file_form("2025-q2.xlsx", official("xlsx"));
            client
                .post(url)
                .bearer_auth(token)
                .multipart(form)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(upload("not-it".into()).await, 401);
    assert_eq!(upload(token).await, 200);
    child.kill().ok();
    child.wait().ok();
}

/// README "Settings": `--log-format json` writes one JSON object a line.
#[test]
fn log_format_json_writes_json_lines() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("l.db").display());
    let file = repo().join("examples/2025-q2.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(["import", "--log-format", "json"])
        .arg(&file)
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    assert!(out.status.success());
    let log = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let finished = lines
        .iter()
        .find(|l| l["fields"]["message"] == "sync run finished")
        .unwrap_or_else(|| panic!("{log}"));
    assert_eq!(finished["level"], "INFO");
    assert_eq!(finished["fields"]["status"], "SUCCEEDED");
}

/// README "What it does with a table": each import is one transaction. A
/// database that refuses a row halfway through leaves nothing of the table,
/// and the run says INTERNAL in plain words, without the database's message.
async fn a_database_failure_mid_import_writes_nothing(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("q2.xlsx", official("xlsx")).await;
    let conn = Database::connect(&db.url).await.unwrap();
    // Refuse the 10th progress row of the next import.
    let refuse = if db.is_postgres() {
        vec![
            "CREATE FUNCTION refuse_row() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'secret-db-detail'; END; $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse BEFORE INSERT ON progress FOR EACH ROW WHEN (NEW.row_no > 12) EXECUTE FUNCTION refuse_row()",
        ]
    } else {
        vec!["CREATE TRIGGER refuse BEFORE INSERT ON progress WHEN NEW.row_no > 12 BEGIN SELECT RAISE(ABORT, 'secret-db-detail'); END"]
    };
    for sql in refuse {
        conn.execute_unprepared(sql).await.unwrap();
    }
    conn.close().await.ok();
    let q3 = table_xlsx(
        "2025年民生实事项目进展情况调度表（三季度）",
        &quarter_rows(20),
    );
    let run = app.import("q3.xlsx", q3).await;
    assert_eq!(run["status"], "FAILED", "{run:#}");
    assert_eq!(run["error"]["code"], "INTERNAL");
    let message = run["error"]["message"].as_str().unwrap();
    assert!(message.contains("nothing of it was written"), "{message}");
    assert!(!message.contains("secret-db-detail"), "{message}");
    let data = app
        .data(
            "{ reports(includeRevisions: true) { period } projects(first: 100) { totalCount nodes { history { report { period } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["reports"], json!([{"period": "二季度"}]));
    assert_eq!(data["projects"]["totalCount"], 20);
    for p in data["projects"]["nodes"].as_array().unwrap() {
        assert_eq!(p["history"].as_array().unwrap().len(), 1, "{p}");
    }
    app.stop().await;
}

/// README "Requests that could hurt the server": complexity 20,000 is
/// answered, 20,001 is refused with BAD_USER_INPUT. A year field counts
/// 1,000 plus its fields, any other field 1 (`__typename` is free).
async fn the_complexity_limit_is_exact(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("q2.xlsx", official("xlsx")).await;
    // 19 summaries: 19 × (1,000 + 1) plus the first one's `extra` fields;
    // 490 `project { id }` of 2 each make 980.
    let query = |extra: &str| {
        let mut q = format!("{{ s0: summary(year: 2025) {{ year {extra} }}");
        for i in 1..19 {
            q.push_str(&format!(" s{i}: summary(year: 2025) {{ year }}"));
        }
        for i in 0..490 {
            q.push_str(&format!(" p{i}: project(id: \"1\") {{ id }}"));
        }
        q.push('}');
        q
    };
    let at_limit = app.gql(&query("projectCount"), json!({})).await;
    assert!(at_limit.get("errors").is_none(), "{at_limit}");
    let over = app
        .gql(&query("projectCount completedCount"), json!({}))
        .await;
    assert_eq!(over["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        over["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("complex"),
        "{over}"
    );
    app.stop().await;
}

on_both_databases!(
    the_first_query_of_the_readme,
    the_token_may_come_in_connection_init,
    a_generated_token_is_printed_and_works,
    a_database_failure_mid_import_writes_nothing,
    the_complexity_limit_is_exact,
);

/// README "What it does with a table": a title without a period takes it
/// from the `asOf`/`period` arguments: `--as-of`/`--period` on the CLI, the
/// `asOf`/`period` fields of the upload endpoint.
async fn period_and_as_of_arguments(db: &TestDb) {
    // A table whose title names no period; each import says something new
    // (the rates move), since the same file twice is UNCHANGED.
    let bare = |step: i32| table_xlsx("2025年民生实事项目进展情况调度表", &quarter_rows(step));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("table.xlsx");
    let cli = |args: &[&str], step: i32| {
        std::fs::write(&file, bare(step)).unwrap();
        Command::new(env!("CARGO_BIN_EXE_shishi"))
            .arg("import")
            .args(args)
            .arg(&file)
            .env("DATABASE_URL", &db.url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let none = cli(&[], 0);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stdout).contains("NO_PERIOD"));
    let period = cli(&["--period", "一季度"], 0);
    assert!(period.status.success(), "{period:?}");
    let as_of = cli(&["--as-of", "2025-09-30", "--period", "1-9月"], 20);
    assert!(as_of.status.success(), "{as_of:?}");

    let app = TestApp::spawn(db).await;
    let form = |field: &str, value: &str, step: i32| {
        crate::common::file_form("table.xlsx", bare(step)).text(field.to_owned(), value.to_owned())
    };
    let upload = |form: reqwest::multipart::Form| async {
        let resp = app
            .client
            .post(format!("{}/api/v1/spreadsheets", app.base))
            .bearer_auth(TOKEN)
            .multipart(form)
            .send()
            .await
            .unwrap();
        (resp.status(), resp.json::<Value>().await.unwrap())
    };
    let (status, run) = upload(form("period", "四季度", 30)).await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["status"], "SUCCEEDED");
    let (status, run) = upload(form("asOf", "2025-06-30", 10)).await;
    assert_eq!(status, 200, "{run}");
    let (status, bad) = upload(form("asOf", "30.06.2025", 5)).await;
    assert_eq!(status, 400);
    assert_eq!(bad["error"]["code"], "BAD_USER_INPUT");
    let reports = app.data("{ reports { period asOf } }", json!({})).await;
    let dates: Vec<&str> = reports["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["asOf"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"],
        "{reports}"
    );
    assert_eq!(reports["reports"][0]["period"], "一季度");
    assert_eq!(reports["reports"][2]["period"], "1-9月");
    app.stop().await;
}

on_both_databases!(period_and_as_of_arguments);

/// README "Performance": every figure the Goals table quotes (a ratio,
/// a share, a growth exponent, a throughput) is in the measured tables
/// above it, as printed or rounded to the prose's precision; figures of an
/// earlier run say so in parentheses ("the previous run: ...") and are not
/// checked.
#[test]
fn performance_prose_quotes_the_tables() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split("\n## Performance")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    let (measured, goals) = section.split_once("### Goals").unwrap();
    let goals = goals.split("\n### ").next().unwrap();
    let figure = regex::Regex::new(r"n\^(\d+\.\d+)|(\d[\d,]*(?:\.\d+)?)(x|%| req/s| MiB)").unwrap();
    // (unit, value) of every figure in the tables; bare numbers (req/s,
    // MiB columns) count for both of those units.
    let mut table: Vec<(String, f64)> = Vec::new();
    for line in measured.lines().filter(|l| l.starts_with('|')) {
        for cell in line.split('|').map(str::trim) {
            let value = |t: &str| t.replace(',', "").parse::<f64>().ok();
            if let Some(c) = figure.captures(cell) {
                if let Some(g) = c.get(1) {
                    table.push(("n^".into(), value(g.as_str()).unwrap()));
                } else {
                    table.push((c[3].to_owned(), value(&c[2]).unwrap()));
                }
            } else if let Some(v) = value(cell) {
                table.push((" req/s".into(), v));
                table.push((" MiB".into(), v));
            }
        }
    }
    assert!(table.len() > 100, "the tables were read: {}", table.len());
    let earlier = regex::Regex::new(r"\((the )?previous run[^)]*\)").unwrap();
    let mut checked = 0;
    for row in goals
        .lines()
        .filter(|l| l.starts_with("| ") && !l.contains("---"))
    {
        let result = row.split('|').nth(2).unwrap_or_default();
        let result = earlier.replace_all(result, "");
        for c in figure.captures_iter(&result) {
            let (unit, text) = match c.get(1) {
                Some(g) => ("n^".to_owned(), g.as_str().to_owned()),
                None => (c[3].to_owned(), c[2].to_owned()),
            };
            let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
            let quoted: f64 = text.replace(',', "").parse().unwrap();
            let scale = 10f64.powi(decimals as i32);
            let found = table
                .iter()
                .any(|(u, v)| *u == unit && ((v * scale).round() - quoted * scale).abs() < 0.5);
            assert!(
                found,
                "'{}{unit}' in the Goals table is in no measured table",
                text
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "figures checked: {checked}");
}

/// README "What the tests show": every test it names exists, in the module
/// it names (a unit test: somewhere in `src/`).
#[test]
fn every_test_the_readme_names_exists() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split("\n## What the tests show")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    let named = regex::Regex::new(r"`(?:(\w+)::)?(\w+)`").unwrap();
    let sources: String = walk(&repo().join("src"));
    let mut seen = 0;
    for line in section
        .lines()
        .filter(|l| l.starts_with("| ") && !l.contains("---"))
    {
        let tests = line.rsplit('|').nth(1).unwrap_or_default();
        for c in named.captures_iter(tests) {
            let name = &c[2];
            let file = match c.get(1) {
                Some(module) => std::fs::read_to_string(
                    repo().join(format!("tests/api/{}.rs", module.as_str())),
                )
                .unwrap_or_default(),
                None => sources.clone(),
            };
            assert!(
                file.contains(&format!("fn {name}(")),
                "README names {} but no such test exists",
                &c[0]
            );
            seen += 1;
        }
    }
    assert!(seen > 50, "tests named: {seen}");
}

fn walk(dir: &std::path::Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            all.push_str(&walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            all.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
    all
}
