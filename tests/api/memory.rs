//! The server's memory stays bounded whatever file within the upload limit
//! it is sent: the real `shishi serve` process is sent large uploads of
//! several kinds (150,000 short rows, 20 MB of long text in xlsx and ods, a
//! zip bomb, random bytes), one after another, and its peak resident memory
//! (VmHWM) is read from /proc after each: it stays under 300 MiB, the bound
//! the README states.
use std::io::{Cursor, Write};

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
