//! The server's memory stays bounded whatever file within the upload limit
//! it is sent: the real `shishi serve` process is sent large uploads of
//! several kinds (150,000 short rows, 20 MB of long text in xlsx and ods, a
//! zip bomb, random bytes), one after another, and its peak resident memory
//! (VmHWM) is read from /proc after each: it stays under 300 MiB, the bound
//! the README states.
use std::io::{Cursor, Write};
use std::time::Instant;

use crate::common::fixtures::{big_xlsx, short_rows_xlsx};
use crate::common::process::ServeProcess;
use crate::common::{upload_form, TOKEN};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

const LIMIT: usize = 20 * 1024 * 1024;
const TARGET: usize = LIMIT - 512 * 1024;

/// An ods of `target` bytes: the content stored uncompressed, rows of
/// unique text.
fn big_ods(rng: &mut StdRng, target: usize) -> Vec<u8> {
    let cell = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let mut content = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">"#,
    );
    content.push_str(&format!(
        "<table:table-row>{}</table:table-row>",
        cell("2025年民生实事项目进展情况调度表（二季度）")
    ));
    let header: String = ["序号", "任务目标", "责任单位", "进展情况", "完成率"]
        .iter()
        .map(|h| cell(h))
        .collect();
    content.push_str(&format!("<table:table-row>{header}</table:table-row>"));
    let mut n = 1;
    while content.len() < target - 4_000 {
        let text: String = (0..1500)
            .map(|_| char::from_u32(rng.gen_range(0x4E00..0x9FA5)).unwrap())
            .collect();
        content.push_str(&format!(
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>{}{}{}{}</table:table-row>"#,
            cell(&format!("项目{n}{text}。")),
            cell("区发改局"),
            cell(&text),
            cell("50%")
        ));
        n += 1;
    }
    content.push_str("</table:table></office:spreadsheet></office:body></office:document-content>");
    let mut out = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file("mimetype", stored).unwrap();
        w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        w.start_file("META-INF/manifest.xml", stored).unwrap();
        w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        w.start_file("content.xml", stored).unwrap();
        w.write_all(content.as_bytes()).unwrap();
        w.finish().unwrap();
    }
    out.into_inner()
}

/// A zip bomb as large as an upload may be: deflated zeros.
fn big_bomb() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().large_file(true);
        w.start_file("xl/workbook.xml", options).unwrap();
        w.write_all(b"<workbook/>").unwrap();
        w.start_file("xl/sharedStrings.xml", options).unwrap();
        let zeros = vec![b'0'; 1 << 20];
        for _ in 0..2048 {
            w.write_all(&zeros).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

/// A Word document whose body inflates to 2 GiB.
fn docx_bomb() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().large_file(true);
        w.start_file("word/document.xml", options).unwrap();
        let tables = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>".repeat(20_000);
        w.write_all(tables.as_bytes()).unwrap();
        let blank = vec![b' '; 1 << 20];
        for _ in 0..2048 {
            w.write_all(&blank).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}

/// A page just under the page limit of elements nested as deep as allowed,
/// over and over: the most the HTML parser is made to build.
fn nested_page() -> Vec<u8> {
    let block = format!("{}x{}", "<div>".repeat(500), "</div>".repeat(500));
    let n = (4 * 1024 * 1024 - 200) / block.len();
    format!("<html><body>{}</body></html>", block.repeat(n)).into_bytes()
}

/// A portal page of a table as large as the page limit allows.
fn big_page() -> Vec<u8> {
    let mut page = String::from(
        "<html><head><meta charset=\"utf-8\"></head><body><p>2025年民生实事项目进展情况调度表（二季度）</p><table>\
         <tr><td>序号</td><td>任务目标</td><td>责任单位</td><td>进展情况</td><td>完成率</td></tr>",
    );
    let mut i = 0;
    while page.len() < 4 * 1024 * 1024 - 400 {
        i += 1;
        page.push_str(&format!(
            "<tr><td>{i}</td><td>项目{i}。建设内容。</td><td>区发改局</td><td>推进中<br>已完成一半</td><td>50%</td></tr>"
        ));
    }
    page.push_str("</table></body></html>");
    page.into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_bounded_for_20mb_uploads() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServeProcess::start(
        &format!("sqlite://{}?mode=rwc", dir.path().join("m.db").display()),
        &dir.path().join("inbox"),
        dir.path().join("serve.log"),
        &[("RUST_LOG", "warn".into())],
    );
    let base = server.base.clone();
    let mut rng = StdRng::seed_from_u64(7);
    let random: Vec<u8> = (0..TARGET).map(|_| rng.gen()).collect();
    let mut zip_of_random = b"PK\x03\x04".to_vec();
    zip_of_random.extend_from_slice(&random[4..]);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "150000-short-rows.xlsx",
            short_rows_xlsx(150_000),
            "SUCCEEDED",
        ),
        ("big.xlsx", big_xlsx(&mut rng, TARGET), "SUCCEEDED"),
        ("big.ods", big_ods(&mut rng, TARGET), "SUCCEEDED"),
        ("bomb.xlsx", big_bomb(), "FAILED"),
        ("bomb.docx", docx_bomb(), "FAILED"),
        ("nested.html", nested_page(), "FAILED"),
        ("big-page.html", big_page(), "SUCCEEDED"),
        (
            "page-too-big.html",
            format!("<html><body>{}", " ".repeat(TARGET - 12)).into_bytes(),
            "FAILED",
        ),
        ("random.bin", random, "FAILED"),
        ("broken.xlsx", zip_of_random, "FAILED"),
    ];
    let client = reqwest::Client::new();
    let mut report = Vec::new();
    for (name, bytes, status) in cases {
        assert!(bytes.len() <= LIMIT, "{name} is {} bytes", bytes.len());
        let size = bytes.len();
        let form = upload_form(
            "uploadSpreadsheet(file: $file) { status rowsRead error { code message } }",
            name,
            bytes,
        );
        let body: Value = client
            .post(format!("{base}/graphql"))
            .bearer_auth(TOKEN)
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let run = &body["data"]["uploadSpreadsheet"];
        assert_eq!(run["status"], status, "{name}: {body:#}");
        let peak = server.peak_rss_mib();
        report.push(format!(
            "{name} ({size} bytes): {} -> peak RSS {peak} MiB",
            run["status"],
        ));
        assert!(
            peak < 300,
            "peak RSS {peak} MiB after {name}\n{}",
            report.join("\n")
        );
    }
    println!("{}", report.join("\n"));
}

/// A quarter's table of `rows` long projects (a 300-character goal, a
/// 900-character progress text), rates moving with the quarter.
fn long_rows_xlsx(rows: usize, quarter: usize) -> Vec<u8> {
    let mut rng = StdRng::seed_from_u64(11);
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    let label = ["一季度", "二季度", "三季度", "四季度"][quarter];
    ws.write_string(0, 0, format!("2025年民生实事项目进展情况调度表（{label}）"))
        .unwrap();
    for (c, h) in ["序号", "任务目标", "责任单位", "进展情况", "完成率"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let mut text = |n: usize| -> String {
        (0..n)
            .map(|_| char::from_u32(rng.gen_range(0x4E00..0x9FA5)).unwrap())
            .collect()
    };
    for i in 0..rows {
        let r = i as u32 + 2;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 1, format!("项目{i}{}。", text(300)))
            .unwrap();
        ws.write_string(r, 2, format!("区单位{}", i % 30)).unwrap();
        ws.write_string(r, 3, text(900)).unwrap();
        ws.write_string(r, 4, format!("{}%", (i * 7 + quarter * 20) % 101))
            .unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// A year of four quarters of 6,000 long rows each, then its exports, two
/// of them at once from two clients: the exports are written a page at a
/// time and streamed from disk, so peak RSS stays under the README's bound;
/// one client gets one build at a time; a second download of the same
/// file is the kept one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_of_a_big_year_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let server = ServeProcess::start(
        &format!("sqlite://{}?mode=rwc", dir.path().join("m.db").display()),
        &dir.path().join("inbox"),
        dir.path().join("serve.log"),
        &[("RUST_LOG", "warn".into())],
    );
    let base = server.base.clone();
    let client = reqwest::Client::new();
    for quarter in 0..4 {
        let bytes = long_rows_xlsx(6_000, quarter);
        assert!(bytes.len() <= LIMIT, "{} bytes", bytes.len());
        let form = upload_form(
            "uploadSpreadsheet(file: $file) { status rowsRead error { code message } }",
            &format!("q{quarter}.xlsx"),
            bytes,
        );
        let body: Value = client
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
            body["data"]["uploadSpreadsheet"]["status"], "SUCCEEDED",
            "{body:#}"
        );
    }
    let after_imports = server.peak_rss_mib();
    let from = |ip: [u8; 4]| {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from(ip))
            .build()
            .unwrap()
    };
    let get = |ip: [u8; 4], path: &'static str| {
        let client = from(ip);
        let url = format!("{base}{path}");
        tokio::spawn(async move {
            let resp = client.get(url).send().await.unwrap();
            let status = resp.status().as_u16();
            let bytes = resp.bytes().await.unwrap();
            (status, bytes, Instant::now())
        })
    };
    let xlsx = get([127, 0, 0, 2], "/api/v1/exports/history.xlsx?year=2025");
    let csv = get([127, 0, 0, 3], "/api/v1/exports/history.csv?year=2025");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let asked = Instant::now();
    let second = from([127, 0, 0, 2])
        .get(format!(
            "{base}/api/v1/exports/reports/latest.xlsx?year=2025"
        ))
        .send()
        .await
        .unwrap();
    let (xlsx_status, xlsx_bytes, xlsx_done) = xlsx.await.unwrap();
    println!("a second build for the same client: {}", second.status());
    if second.status() == 200 {
        assert!(
            xlsx_done < asked,
            "a second build for one client while its first is built is BUSY"
        );
    } else {
        assert_eq!(second.status(), 503);
        assert!(second.headers().contains_key("retry-after"));
        let v: Value = second.json().await.unwrap();
        assert_eq!(v["error"]["code"], "BUSY", "{v}");
    }
    let (csv_status, csv_bytes, _) = csv.await.unwrap();
    assert_eq!((xlsx_status, csv_status), (200, 200));
    let peak = server.peak_rss_mib();
    println!(
        "history.xlsx {} bytes, history.csv {} bytes; peak RSS {after_imports} MiB after the imports, {peak} MiB after the exports",
        xlsx_bytes.len(),
        csv_bytes.len()
    );
    assert!(peak < 300, "peak RSS {peak} MiB");
    // What was written is whole: every line of the CSV, every sheet.
    let lines = csv_bytes.iter().filter(|b| **b == b'\n').count();
    assert_eq!(lines, 1 + 4 * 6_000);
    let book = zip::ZipArchive::new(Cursor::new(xlsx_bytes.to_vec())).unwrap();
    let sheets = book
        .file_names()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .count();
    assert_eq!(sheets, 1 + 4 + 1, "rates, a sheet per report, the ranking");
    // The same file again is the kept one.
    let again = client
        .get(format!("{base}/api/v1/exports/history.csv?year=2025"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(again == csv_bytes, "the kept file is the same file");
    let metrics = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("shishi_export_cache_hits_total 1"),
        "{metrics}"
    );
}
