//! The pages in a real browser: Debian's chromium, headless, driven by
//! puppeteer-core (`tests/browser/`), with every host but the server
//! unreachable. The playground (`/playground`, `/graphql`): a query typed
//! and run, the docs explorer, the history. The console (`/` and its
//! pages): every page at phone and desktop widths against the API's own
//! answers, filters in the URL, English, A4 print, and an upload through
//! the form. Either fails on any request off the server's origin or any
//! error in the page. Screenshots go to `target/screenshots/` (the
//! README's come from there).
//!
//! Without chromium or node the test says so and passes, unless
//! `SHISHI_REQUIRE_BROWSER=1` (CI sets it; `.ci/run` installs both).
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::fixtures::{quarter_rows, table_xlsx};
use crate::common::process::ServeProcess;
use crate::common::{official, repo, TestDb, TOKEN};

fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Chromium and the driver's folder with its packages installed; None
/// (the test says so and passes) when chromium or node is missing and
/// `SHISHI_REQUIRE_BROWSER` is not 1.
fn driver() -> Option<(String, std::path::PathBuf)> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    let required = std::env::var("SHISHI_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    if !Path::new(&chromium).exists() || !available("node", "--version") {
        assert!(
            !required,
            "chromium ({chromium}) and node are required (SHISHI_REQUIRE_BROWSER=1)"
        );
        eprintln!(
            "SKIPPED: no chromium at {chromium} or no node; apt-get install chromium nodejs npm"
        );
        return None;
    }
    let dir = repo().join("tests/browser");
    // Both tests may get here at once: one installs, under a lock file.
    let lock = dir.join(".npm-ci.lock");
    loop {
        if dir
            .join("node_modules/puppeteer-core/package.json")
            .exists()
        {
            break;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&lock)
        {
            Ok(_) => {
                let ok = Command::new("npm")
                    .args(["ci", "--silent", "--no-audit", "--no-fund"])
                    .current_dir(&dir)
                    .status()
                    .is_ok_and(|s| s.success());
                let _ = std::fs::remove_file(&lock);
                assert!(ok, "npm ci in tests/browser");
                break;
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(500)),
        }
    }
    Some((chromium, dir))
}

/// Runs `script` with `args` under node; its stdout when it succeeded.
async fn drive(
    chromium: String,
    dir: std::path::PathBuf,
    script: &str,
    args: Vec<String>,
) -> String {
    let script = script.to_owned();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .args(args)
            .env("CHROMIUM", chromium)
            .current_dir(dir)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    stdout
}

/// `shishi serve` on `db` with `env`, quiet, and with a CORS allow-list
/// set: the server's own pages must work whatever other origins it lists.
fn serve(db: &TestDb, env: &[(&str, &str)]) -> ServeProcess {
    let mut all: Vec<(&str, String)> = vec![
        ("RUST_LOG", "warn".into()),
        ("SHISHI_CORS_ORIGINS", "https://dashboard.example".into()),
    ];
    all.extend(env.iter().map(|(k, v)| (*k, (*v).to_owned())));
    ServeProcess::start(
        &db.url,
        &db.dir.join("inbox"),
        db.dir.join("serve.log"),
        &all,
    )
}

/// Uploads `bytes` as `name` to the server at `base` through the REST
/// endpoint with the write token; the run must succeed.
async fn upload(base: &str, name: &str, bytes: Vec<u8>) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    let run: serde_json::Value = reqwest::Client::new()
        .post(format!("{base}/api/v1/spreadsheets"))
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["status"], "SUCCEEDED", "{name}: {run}");
}

fn screenshots() -> String {
    let shots = repo().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    shots.to_string_lossy().into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_playground_works_offline_in_chromium() {
    let Some((chromium, dir)) = driver() else {
        return;
    };
    let db = TestDb::sqlite().await;
    let server = serve(&db, &[("SHISHI_EXAMPLE_DATA", "true")]);
    let stdout = drive(
        chromium,
        dir,
        "playground.mjs",
        vec![server.base.clone(), screenshots()],
    )
    .await;
    drop(server);
    assert!(stdout.contains("\"projectCount\":20"), "{stdout}");
    println!("{stdout}");
}

/// The console on a server holding the four quarters of 2025 (Q1 made
/// from the official table, the official Q2, the Q3 ods and the Q4 xls);
/// the browser uploads a revised Q4 and a text file through the form; then
/// another district's table arrives and the console ranks the two and
/// switches between them. Then a server whose reads need the token: the
/// console asks for it first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_works_offline_in_chromium() {
    let Some((chromium, dir)) = driver() else {
        return;
    };
    let db = TestDb::sqlite().await;
    // The office's own district: its tables name none, and 历城区's table
    // later is another district's, not the continuation of the year.
    let server = serve(
        &db,
        &[
            ("SHISHI_EXAMPLE_DATA", "false"),
            ("SHISHI_ISSUER", "章丘区"),
        ],
    );
    let fixture = |name: &str| std::fs::read(repo().join("tests/fixtures").join(name)).unwrap();
    let q1 = table_xlsx(
        "2025年民生实事项目进展情况调度表（一季度）",
        &quarter_rows(-20),
    );
    for (name, bytes) in [
        ("2025-q1.xlsx", q1),
        ("2025-q2.xlsx", official("xlsx")),
        ("2025-q3.ods", fixture("2025-q3.ods")),
        ("2025-q4.xls", fixture("2025-q4.xls")),
    ] {
        upload(&server.base, name, bytes).await;
    }
    // What the browser uploads: Q4 revised (rates 5 points on, but three
    // projects still at their Q3 rate: stalled, and red at the year's end),
    // and a text file.
    let mut q4 = quarter_rows(45);
    let q3 = quarter_rows(20);
    for (row, before) in q4
        .iter_mut()
        .zip(&q3)
        .filter(|(_, b)| b.rate != "100%")
        .take(3)
    {
        row.rate = before.rate.clone();
        row.progress = before.progress.clone();
    }
    let revised = db.dir.join("2025年四季度调度表（修订）.xlsx");
    std::fs::write(
        &revised,
        table_xlsx("2025年民生实事项目进展情况调度表（四季度）", &q4),
    )
    .unwrap();
    let bad = db.dir.join("说明.txt");
    std::fs::write(&bad, "这不是调度表\n").unwrap();
    // Another district's Q2, the same projects 10 points behind: the
    // console then shows the issuer picker and the city view.
    let other = db.dir.join("历城区二季度.xlsx");
    std::fs::write(
        &other,
        table_xlsx(
            "2025年济南市历城区民生实事项目进展情况调度表（二季度）",
            &quarter_rows(-10),
        ),
    )
    .unwrap();
    // A second server, whose reads need the token.
    let locked_db = TestDb::sqlite().await;
    let locked = serve(
        &locked_db,
        &[
            ("SHISHI_EXAMPLE_DATA", "true"),
            ("SHISHI_READS_NEED_TOKEN", "true"),
        ],
    );
    let stdout = drive(
        chromium,
        dir,
        "console.mjs",
        vec![
            server.base.clone(),
            screenshots(),
            TOKEN.to_owned(),
            revised.to_string_lossy().into_owned(),
            bad.to_string_lossy().into_owned(),
            locked.base.clone(),
            other.to_string_lossy().into_owned(),
        ],
    )
    .await;
    drop(server);
    drop(locked);
    assert!(stdout.contains("\"reports\":4"), "{stdout}");
    println!("{stdout}");
}

/// The console on a table as an office published it: categories as row
/// groups, a category's own list, a marked serial and a project's
/// sub-items, at desktop and phone widths.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_shows_categories_and_sub_items_in_chromium() {
    let Some((chromium, dir)) = driver() else {
        return;
    };
    let db = TestDb::sqlite().await;
    let server = serve(&db, &[("SHISHI_EXAMPLE_DATA", "false")]);
    let bytes = std::fs::read(repo().join("tests/fixtures/published/portal-gbk.html")).unwrap();
    upload(&server.base, "调度表.html", bytes).await;
    let stdout = drive(
        chromium,
        dir,
        "published.mjs",
        vec![server.base.clone(), screenshots()],
    )
    .await;
    drop(server);
    assert!(stdout.contains("\"checked\":\"published\""), "{stdout}");
}

/// 报送情况 in the console: Q2 held, 区教体局's form returned as it was sent
/// (prefilled) and a deadline set in the past; the page lists who is in and
/// who is missing, each missing unit's form downloads, and the overview
/// shows the count; desktop and phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_shows_the_returns_in_chromium() {
    let Some((chromium, dir)) = driver() else {
        return;
    };
    let db = TestDb::sqlite().await;
    let server = serve(&db, &[("SHISHI_EXAMPLE_DATA", "false")]);
    let client = reqwest::Client::new();
    upload(&server.base, "2025-q2.xlsx", official("xlsx")).await;
    let form = client
        .get(format!(
            "{}/api/v1/exports/next-period.xlsx?unit=%E5%8C%BA%E6%95%99%E4%BD%93%E5%B1%80",
            server.base
        ))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    upload(&server.base, "区教体局三季度.xlsx", form).await;
    let set: serde_json::Value = client
        .post(format!("{}/graphql", server.base))
        .bearer_auth(TOKEN)
        .json(&serde_json::json!({"query": "mutation { setCollectionDeadline(year: 2025, asOf: \"2025-09-30\", deadline: \"2025-10-08T09:00:00Z\") { deadline } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(set.get("errors").is_none(), "{set}");
    let stdout = drive(
        chromium,
        dir,
        "collection.mjs",
        vec![server.base.clone(), screenshots()],
    )
    .await;
    drop(server);
    assert!(stdout.contains("\"checked\":\"collection\""), "{stdout}");
}
