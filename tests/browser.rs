//! The pages in a real browser: Debian's chromium, headless, driven by
//! puppeteer-core (`tests/browser/`), with every host but the server
//! unreachable. It opens the playground at `/`, `/playground` and
//! `/graphql`, types and runs a query and reads the result pane, opens the
//! docs explorer and the history, and fails on any request off the
//! server's origin or any error in the page. Screenshots go to
//! `target/screenshots/`.
//!
//! Without chromium or node the test says so and passes, unless
//! `SHISHI_REQUIRE_BROWSER=1` (CI sets it; `.ci/run` installs both).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{repo, TestDb, TOKEN};

fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_playground_works_offline_in_chromium() {
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
        return;
    }
    let dir = repo().join("tests/browser");
    if !dir.join("node_modules/puppeteer-core").exists() {
        let ok = Command::new("npm")
            .args(["ci", "--silent", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "npm ci in tests/browser");
    }
    let db = TestDb::sqlite().await;
    let mut server = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("SHISHI_LISTEN", "127.0.0.1:0")
        .env("SHISHI_API_TOKEN", TOKEN)
        .env("SHISHI_SYNC_INTERVAL", "off")
        // With an allow-list set, the server's own pages must still work.
        .env("SHISHI_CORS_ORIGINS", "https://dashboard.example")
        .env(
            "SHISHI_SYNC_SOURCES",
            db.dir.join("inbox").display().to_string(),
        )
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.strip_prefix("shishi is listening on ") {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    let shots = repo().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("playground.mjs")
            .arg(&base)
            .arg(&shots)
            .env("CHROMIUM", chromium)
            .current_dir(dir)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    server.kill().ok();
    server.wait().ok();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("\"projectCount\":20"), "{stdout}");
    println!("{stdout}");
}
