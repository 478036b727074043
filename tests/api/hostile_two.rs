//! Hostile input, round two, against the real `shishi serve` process: a
//! table of formulas whose CSV must run nothing when opened, headers that
//! trickle in a byte at a time, floods of connections and WebSockets past
//! their caps, made-up methods that must not grow `/metrics`, a title with
//! a right-to-left override, and over-long upload arguments. The server
//! stays up and answers a fresh client through all of it.
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::common::fixtures::{source_rows, table_xlsx, Row};
use crate::common::process::ServeProcess;
use crate::common::{post_json, upload_form, TestDb, TOKEN};
use serde_json::{json, Value};

/// `shishi serve` on the test's database, logging to `NAME.log`.
fn start(db: &TestDb, name: &str, env: &[(&str, String)]) -> ServeProcess {
    ServeProcess::start(
        &db.url,
        &db.dir.join("inbox"),
        db.dir.join(format!("{name}.log")),
        env,
    )
}

/// Uploads `bytes` as `name` through GraphQL; the run.
async fn upload(base: &str, name: &str, bytes: Vec<u8>) -> Value {
    let form = upload_form(
        "uploadSpreadsheet(file: $file) { status report { id } error { code message } }",
        name,
        bytes,
    );
    let body: Value = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["data"]["uploadSpreadsheet"].clone()
}

/// A client whose connections come from `ip` (any of 127.0.0.0/8 reaches
/// the server on loopback), so one test can play several clients.
fn client_from(ip: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(ip))
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

/// `{ __typename }` answered for a fresh client from `ip`.
async fn answers(base: &str, ip: [u8; 4]) -> bool {
    let v = client_from(ip)
        .post(format!("{base}/graphql"))
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await;
    match v {
        Ok(r) => {
            r.json::<Value>().await.ok().map(|v| v["data"].clone())
                == Some(json!({"__typename": "Query"}))
        }
        Err(_) => false,
    }
}

/// A TCP connection from `ip` to the server.
async fn connect_from(ip: [u8; 4], server: SocketAddr) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::from((IpAddr::from(ip), 0)))
        .unwrap();
    socket.connect(server).await.unwrap()
}

/// True when the server closes `stream` within `within` without answering
/// (end of file or a reset), false when it stays open.
async fn closed_by_server(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut byte = [0u8; 1];
    match tokio::time::timeout(within, stream.read(&mut byte)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(_)) => false,
        Err(_) => false,
    }
}

/// Asks `{ __typename }` every 50 ms until stopped; how many went
/// unanswered within 5 s.
fn probe(base: String, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<(usize, usize)> {
    tokio::spawn(async move {
        let (mut asked, mut failed) = (0, 0);
        while !stop.load(Ordering::SeqCst) {
            asked += 1;
            let ok = tokio::time::timeout(Duration::from_secs(5), answers(&base, [127, 0, 0, 9]))
                .await
                .unwrap_or(false);
            if !ok {
                failed += 1;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        (asked, failed)
    })
}

/// A table whose goals, units, progress and rates start with what
/// spreadsheets take for formulas.
fn formula_rows() -> Vec<Row> {
    let (_, rows) = source_rows();
    let formulas = [
        "=HYPERLINK(\"http://evil.example/x\",\"点击查看\")",
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
    ];
    rows.into_iter()
        .enumerate()
        .map(|(i, mut r)| {
            if let Some(f) = formulas.get(i) {
                r.goal = format!("{f}。{}", r.goal);
                r.units = format!("{f}、{}", r.units);
                r.progress = format!("{f}\n{}", r.progress);
            }
            if i == 7 {
                r.rate = "-".to_owned();
            }
            r
        })
        .collect()
}

/// Spreadsheets run a cell as a formula when its text starts with one of these.
fn runs_as_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

async fn a_table_of_formulas_downloads_as_csv_that_runs_nothing(db: &TestDb) {
    let server = start(db, "formulas", &[]);
    let base = server.base.clone();
    let title = "2025年民生实事项目进展情况调度表（二季度）";
    let run = upload(&base, "formulas.xlsx", table_xlsx(title, &formula_rows())).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run}");
    let csv = reqwest::get(format!("{base}/api/v1/exports/history.csv?year=2025"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = std::str::from_utf8(&csv).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (name, units, rate, raw, delta) = (
        column("项目"),
        column("责任单位"),
        column("完成率（%）"),
        column("完成率原文"),
        column("较上期（百分点）"),
    );
    let mut quoted = 0;
    let mut lines = 0;
    for record in reader.records() {
        let record = record.unwrap();
        lines += 1;
        for (i, cell) in record.iter().enumerate() {
            assert!(
                !runs_as_formula(cell),
                "column {} holds a cell a spreadsheet runs: {cell:?}",
                &header[i]
            );
        }
        for c in [name, units] {
            if record[c].starts_with("'=")
                || record[c].starts_with("'+")
                || record[c].starts_with("'-")
                || record[c].starts_with("'@")
                || record[c].starts_with("'\t")
            {
                quoted += 1;
            }
        }
        // Numbers stay numbers.
        if !record[rate].is_empty() {
            record[rate].parse::<f64>().unwrap();
        }
        if !record[delta].is_empty() {
            record[delta].parse::<f64>().unwrap();
        }
        if record[raw].starts_with('\'') {
            assert_eq!(
                &record[raw], "'-",
                "the raw rate keeps its text behind the quote"
            );
        }
    }
    assert_eq!(lines, 20);
    assert_eq!(
        quoted, 12,
        "each formula is kept, as text, in the name and the units"
    );
    // The workbooks write strings as strings: the formula is a text cell.
    let book = reqwest::get(format!(
        "{base}/api/v1/exports/reports/latest.xlsx?year=2025"
    ))
    .await
    .unwrap()
    .bytes()
    .await
    .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book.to_vec())).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut sheet)
        .unwrap();
    assert!(
        !sheet.contains("<f>"),
        "no formula cell in the report export"
    );
}

async fn trickled_headers_and_floods_are_cut_off(db: &TestDb) {
    let server = start(
        db,
        "floods",
        &[
            ("SHISHI_HEADER_TIMEOUT", "2s".into()),
            ("SHISHI_IDLE_TIMEOUT", "60s".into()),
            ("SHISHI_MAX_CONNECTIONS", "40".into()),
            ("SHISHI_MAX_CONNECTIONS_PER_CLIENT", "15".into()),
            ("SHISHI_MAX_WEBSOCKETS", "5".into()),
            ("SHISHI_MAX_WEBSOCKETS_PER_CLIENT", "3".into()),
        ],
    );
    let base = server.base.clone();
    let addr: SocketAddr = server.addr().parse().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let prober = probe(base.clone(), stop.clone());

    // Headers that trickle a byte every 500 ms: the idle clock (60 s)
    // restarts at every byte, the header clock (2 s) does not.
    let trickle = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        let started = Instant::now();
        let request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
        for b in request {
            if s.write_all(&[*b]).is_err() {
                return (started.elapsed(), true);
            }
            std::thread::sleep(Duration::from_millis(500));
            s.set_nonblocking(true).unwrap();
            let mut buf = [0u8; 256];
            let closed = matches!(s.read(&mut buf), Ok(0));
            s.set_nonblocking(false).unwrap();
            if closed {
                return (started.elapsed(), true);
            }
        }
        (started.elapsed(), false)
    });
    let (took, closed) = trickle.await.unwrap();
    assert!(closed, "the trickling request was closed");
    assert!(
        took < Duration::from_secs(6),
        "closed within the header timeout and a little: {took:?}"
    );
    // A slow but whole request within the deadline is answered.
    let slow = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        for part in [&b"GET /healthz HTTP/1.1\r\n"[..], b"Host: x\r\n", b"\r\n"] {
            s.write_all(part).unwrap();
            std::thread::sleep(Duration::from_millis(400));
        }
        let mut answer = vec![0u8; 1024];
        let n = s.read(&mut answer).unwrap_or(0);
        String::from_utf8_lossy(&answer[..n]).into_owned()
    })
    .await
    .unwrap();
    assert!(slow.starts_with("HTTP/1.1 200"), "{slow}");

    // Connections past the cap per client are closed as they come; other
    // clients are still served. The prober (127.0.0.9) holds at most one.
    let mut held = Vec::new();
    for _ in 0..15 {
        let mut s = connect_from([127, 0, 0, 2], addr).await;
        assert!(!closed_by_server(&mut s, Duration::from_millis(300)).await);
        held.push(s);
    }
    let mut refused = 0;
    for _ in 0..10 {
        let mut s = connect_from([127, 0, 0, 2], addr).await;
        if closed_by_server(&mut s, Duration::from_secs(3)).await {
            refused += 1;
        }
    }
    assert_eq!(
        refused, 10,
        "every connection past 15 from one address is closed"
    );
    assert!(
        answers(&base, [127, 0, 0, 3]).await,
        "another client is served"
    );
    // WebSockets: three per address, five in all; past them 503 BUSY.
    let ws = |ip: [u8; 4]| async move {
        use tokio_tungstenite::tungstenite::client::IntoClientRequest;
        let mut req = format!("ws://{addr}/graphql")
            .into_client_request()
            .unwrap();
        req.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        let stream = connect_from(ip, addr).await;
        tokio_tungstenite::client_async(req, stream).await
    };
    let mut sockets = Vec::new();
    for _ in 0..3 {
        sockets.push(ws([127, 0, 0, 7]).await.unwrap());
    }
    match ws([127, 0, 0, 7]).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 503),
        other => panic!("a fourth socket from one address: {:?}", other.map(|_| ())),
    }
    for _ in 0..2 {
        sockets.push(ws([127, 0, 0, 8]).await.unwrap());
    }
    match ws([127, 0, 0, 10]).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(r)) => assert_eq!(r.status(), 503),
        other => panic!("a sixth socket in all: {:?}", other.map(|_| ())),
    }
    drop(sockets);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        ws([127, 0, 0, 10]).await.is_ok(),
        "a socket given back is taken again"
    );

    stop.store(true, Ordering::SeqCst);
    let (asked, failed) = prober.await.unwrap();
    assert!(asked > 10);
    assert_eq!(failed, 0, "{{ __typename }} was answered throughout");

    // Past the cap in all (40), by design nobody new is served, so the
    // prober has stopped: a fresh client's connection is closed too
    // (15 held + 2 × 13 = 41).
    for ip in [[127, 0, 0, 4], [127, 0, 0, 5]] {
        for _ in 0..13 {
            held.push(connect_from(ip, addr).await);
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut fresh = connect_from([127, 0, 0, 6], addr).await;
    assert!(
        closed_by_server(&mut fresh, Duration::from_secs(3)).await,
        "a connection past the cap in all is closed"
    );
    drop(held);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        answers(&base, [127, 0, 0, 6]).await,
        "once the flood is gone a fresh client is served"
    );
}

async fn made_up_methods_names_and_arguments_stay_bounded(db: &TestDb) {
    let server = start(db, "bounded", &[]);
    let base = server.base.clone();
    let client = reqwest::Client::new();
    let metrics = || async {
        reqwest::get(format!("{base}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = metrics().await.len();
    for i in 0..500 {
        let method = reqwest::Method::from_bytes(format!("M{i}X").as_bytes()).unwrap();
        let _ = client
            .request(method, format!("{base}/graphql"))
            .send()
            .await
            .unwrap();
    }
    let after = metrics().await;
    assert!(
        after.len() < before + 20 * 1024,
        "/metrics grew from {before} to {} bytes",
        after.len()
    );
    assert!(after.contains("method=\"other\""), "{after}");
    assert!(!after.contains("M42X"));

    // A title that would show the file name backwards.
    let (_, rows) = source_rows();
    let title = "章丘区\u{202E}xslx.exe\u{200B}2025年民生实事项目进展情况调度表（二季度）";
    let run = upload(&base, "rlo.xlsx", table_xlsx(title, &rows)).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run}");
    for path in [
        "/api/v1/exports/reports/latest.xlsx?year=2025",
        "/api/v1/exports/history.csv?year=2025",
        "/api/v1/exports/next-period.xlsx?year=2025",
    ] {
        let resp = reqwest::get(format!("{base}{path}")).await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        let disposition = resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        let encoded = disposition.split("filename*=UTF-8''").nth(1).unwrap();
        let bytes: Vec<u8> = {
            let mut out = Vec::new();
            let mut it = encoded.bytes();
            while let Some(b) = it.next() {
                if b == b'%' {
                    let hex: String = [it.next().unwrap(), it.next().unwrap()]
                        .iter()
                        .map(|c| *c as char)
                        .collect();
                    out.push(u8::from_str_radix(&hex, 16).unwrap());
                } else {
                    out.push(b);
                }
            }
            out
        };
        let name = String::from_utf8(bytes).unwrap();
        if !path.contains("history") {
            assert!(name.contains("xslx.exe2025年"), "{path}: {name}");
        }
        assert!(
            !name.chars().any(|c| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')),
            "{path}: {name:?}"
        );
    }

    // The GraphQL upload's short arguments are capped as the REST fields are.
    for arg in ["issuer", "period", "columns"] {
        let form = upload_form(
            &format!(
                "uploadSpreadsheet(file: $file, {arg}: \"{}\") {{ status }}",
                "区".repeat(100)
            ),
            "t.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（三季度）", &rows),
        );
        let v: Value = client
            .post(format!("{base}/graphql"))
            .bearer_auth(TOKEN)
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            v["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{arg}: {v}"
        );
        assert!(
            v["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("at most 200"),
            "{v}"
        );
    }

    // The pages may connect to their own origin only.
    for page in ["/", "/playground"] {
        let resp = reqwest::get(format!("{base}{page}")).await.unwrap();
        let csp = resp.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("connect-src 'self';"), "{page}: {csp}");
        assert!(
            !csp.contains("ws:") && !csp.contains("wss:"),
            "{page}: {csp}"
        );
    }
    let v = post_json(&client, &base, &json!({"query": "{ __typename }"}), None).await;
    assert_eq!(v["data"]["__typename"], "Query");
}

on_both_databases!(
    a_table_of_formulas_downloads_as_csv_that_runs_nothing,
    made_up_methods_names_and_arguments_stay_bounded,
);

/// Connections and sockets do not touch the database: SQLite only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trickled_headers_and_floods_are_cut_off_sqlite() {
    let db = TestDb::sqlite().await;
    trickled_headers_and_floods_are_cut_off(&db).await;
}
