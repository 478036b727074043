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
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::process::ServeProcess;
use crate::common::{repo, TestDb};

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
    let server = ServeProcess::start(
        &db.url,
        &db.dir.join("inbox"),
        db.dir.join("serve.log"),
        &[
            ("SHISHI_EXAMPLE_DATA", "true".into()),
            ("RUST_LOG", "warn".into()),
            // With an allow-list set, the server's own pages must still work.
            ("SHISHI_CORS_ORIGINS", "https://dashboard.example".into()),
        ],
    );
    let base = server.base.clone();
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
    drop(server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("\"projectCount\":20"), "{stdout}");
    println!("{stdout}");
}
