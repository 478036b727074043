//! `shishi serve` as a separate process, for tests that must survive what
//! they send it (a crash takes down the server, not the test runner), read
//! its memory from /proc, or kill it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::TOKEN;

/// A running `shishi serve`, killed when dropped.
pub struct ServeProcess {
    pub child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Its stderr (the log).
    pub log: PathBuf,
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl ServeProcess {
    /// Starts `shishi serve` on `db_url` with `inbox` as its sync source
    /// (created), the test token, no example data, no scheduled passes and
    /// no response cache; `env` adds or overrides settings. Returns once it
    /// listens.
    pub fn start(db_url: &str, inbox: &Path, log: PathBuf, env: &[(&str, String)]) -> Self {
        std::fs::create_dir_all(inbox).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_shishi"));
        cmd.arg("serve")
            .env("DATABASE_URL", db_url)
            .env("SHISHI_LISTEN", "127.0.0.1:0")
            .env("SHISHI_API_TOKEN", TOKEN)
            .env("SHISHI_EXAMPLE_DATA", "false")
            .env("SHISHI_SYNC_INTERVAL", "off")
            .env("SHISHI_SYNC_SOURCES", inbox.display().to_string())
            .env("SHISHI_QUERY_CACHE_TTL", "0")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).unwrap());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let base = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(rest) = line.strip_prefix("shishi is listening on ") {
                break rest.split_whitespace().next().unwrap().to_owned();
            }
        };
        Self { child, base, log }
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> String {
        self.base.trim_start_matches("http://").to_owned()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// True while the process runs.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Peak resident memory so far (VmHWM), in MiB.
    pub fn peak_rss_mib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap()
            / 1024
    }
}
