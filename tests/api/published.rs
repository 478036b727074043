//! Tables as offices publish them, end to end: one district's third
//! quarter as an Excel file with a two-row header, as a portal page in
//! UTF-8 and in GBK, and as a Word attachment (the fixtures of
//! tests/fixtures/make_published.py), uploaded and read back through
//! GraphQL field by field; the page fetched by a URL source; the report
//! exported and read back with its categories and sub-items; hostile pages
//! and documents refused. The reader's rules have their own tests beside
//! them in sheet/.

use std::io::Write;

use crate::common::{repo, test_config, TestApp, TestDb, TOKEN};
use serde_json::{json, Value};

fn published(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/published").join(name)).unwrap()
}

const RENDITIONS: [&str; 4] = [
    "two-row.xlsx",
    "portal-utf8.html",
    "portal-gbk.html",
    "attachment.docx",
];

const FIELDS: &str =
    "{ projects(year: 2025) { totalCount nodes { serialNo serialMark name category units { name }
    latest { completionRate rawRate rateSource status light detail
             items { serial name units { name } target done measure completionRate rawRate }
             report { asOf period issuer } } } } }";

/// Every field of the four projects, as the table says them.
fn expected() -> Value {
    let item = |name: &str,
                units: &[&str],
                target: &str,
                done: &str,
                measure: &str,
                rate: f64,
                raw: &str| {
        json!({
            "serial": null, "name": name,
            "units": units.iter().map(|u| json!({"name": u})).collect::<Vec<_>>(),
            "target": target, "done": done, "measure": measure,
            "completionRate": rate, "rawRate": raw,
        })
    };
    let report = json!({"asOf": "2025-09-30", "period": "截至9月底", "issuer": "章丘区"});
    json!([
        {
            "serialNo": 1, "serialMark": null, "name": "实施学前教育提升工程",
            "category": "一、教育文化类",
            "units": [{"name": "区教体局"}, {"name": "区财政局"}],
            "latest": {
                "completionRate": 58.35, "rawRate": "", "rateSource": "ITEMS",
                "status": "IN_PROGRESS", "light": "YELLOW",
                "detail": "已建成2所\n在建1所",
                "items": [
                    item("新建幼儿园", &["区教体局"], "3", "2", "所", 66.7, "66.7%"),
                    item("改造校舍", &["区教体局", "区财政局"], "10", "5", "处", 50.0, "50%"),
                ],
                "report": report,
            }
        },
        {
            "serialNo": 2, "serialMark": "*", "name": "建设城市书房5处",
            "category": "一、教育文化类",
            "units": [{"name": "区文旅局"}, {"name": "区财政局"}],
            "latest": {
                "completionRate": 100.0, "rawRate": "已完成", "rateSource": "TABLE",
                "status": "COMPLETED", "light": "GREEN", "detail": "全部建成开放",
                "items": [], "report": report,
            }
        },
        {
            "serialNo": 3, "serialMark": null, "name": "新建改造农村公路50公里",
            "category": "（二）城乡建设类",
            "units": [{"name": "区交通局"}],
            "latest": {
                "completionRate": 112.0, "rawRate": "112%", "rateSource": "TABLE",
                "status": "COMPLETED", "light": "GREEN", "detail": "超额完成",
                "items": [], "report": report,
            }
        },
        {
            "serialNo": 4, "serialMark": null, "name": "改造老旧小区10个",
            "category": "（二）城乡建设类",
            "units": [{"name": "区住建局"}],
            "latest": {
                "completionRate": 92.5, "rawRate": "完成年度任务的92.5%", "rateSource": "TABLE",
                "status": "IN_PROGRESS", "light": "GREEN", "detail": "主体完工，进入验收",
                "items": [], "report": report,
            }
        },
    ])
}

/// Each rendition on its own database reads to every expected field, with
/// the one warning the table earns (a rate inside a sentence); the others
/// then read as the same table (UNCHANGED, the same content hash).
async fn every_rendition_reads_every_field(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let mut first_report = None;
    for name in RENDITIONS {
        let run = app.import(name, published(name)).await;
        let codes: Vec<&str> = run["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w["code"].as_str())
            .collect();
        assert_eq!(codes, ["RATE_APPROXIMATE"], "{name}: {run:#}");
        assert_eq!(run["issuer"], "章丘区", "{name}");
        assert_eq!(run["asOf"], "2025-09-30", "{name}");
        match &first_report {
            None => {
                assert_eq!(run["status"], "SUCCEEDED", "{name}: {run:#}");
                assert_eq!(run["projectsCreated"], 4, "{name}");
                let data = app.data(FIELDS, json!({})).await;
                assert_eq!(data["projects"]["totalCount"], 4);
                assert_eq!(data["projects"]["nodes"], expected(), "{name}");
                first_report = Some(run["report"]["id"].clone());
            }
            Some(held) => {
                assert_eq!(
                    run["status"], "UNCHANGED",
                    "{name} says what {} said: {run:#}",
                    RENDITIONS[0]
                );
                assert_eq!(&run["report"]["id"], held, "{name}: the report held");
            }
        }
    }
    // The category filter and the grouping it serves.
    let data = app
        .data(
            "{ projects(category: \"（二）城乡建设类\") { totalCount nodes { serialNo } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["projects"],
        json!({"totalCount": 2, "nodes": [{"serialNo": 3}, {"serialNo": 4}]})
    );
    app.stop().await;
}

/// Each rendition read alone gives the same fields: not only the same
/// hash as the first, each is right by itself. Each is imported under an
/// issuer of its own (the upload argument), so each is new.
async fn each_rendition_alone(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    for (name, issuer) in RENDITIONS.iter().zip(["甲区", "乙区", "丙区", "丁区"]) {
        let body = app
            .upload_with(
                name,
                published(name),
                Some(TOKEN),
                &format!("issuer: \"{issuer}\""),
            )
            .await;
        let run = &body["data"]["uploadSpreadsheet"];
        assert_eq!(run["status"], "SUCCEEDED", "{name}: {body:#}");
        assert_eq!(run["projectsCreated"], 4, "{name}");
        let query = FIELDS.replace(
            "projects(year: 2025)",
            &format!("projects(year: 2025, issuer: \"{issuer}\")"),
        );
        let data = app.data(&query, json!({})).await;
        let mut want = expected();
        for p in want.as_array_mut().unwrap() {
            p["latest"]["report"]["issuer"] = json!(issuer);
        }
        assert_eq!(data["projects"]["nodes"], want, "{name}");
    }
    app.stop().await;
}

/// A sync source pointed at the portal page (text/html, GBK) imports it.
async fn a_url_source_reads_the_portal_page(db: &TestDb) {
    use poem::listener::{Acceptor, Listener};
    let page = published("portal-gbk.html");
    let endpoint = poem::endpoint::make_sync(move |_| {
        poem::Response::builder()
            .header("content-type", "text/html; charset=gb2312")
            .body(page.clone())
    });
    let acceptor = poem::listener::TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let port = acceptor.local_addr()[0].as_socket_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor)
            .run(endpoint)
            .await;
    });
    let mut config = test_config(db);
    config.sync_sources = vec![format!("http://127.0.0.1:{port}/art/2025/10/9/art_1.html")];
    let app = TestApp::spawn_with(config).await;
    let runs = app
        .sync
        .run_all(shishi::sync::Trigger::Schedule)
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, "SUCCEEDED", "{runs:#?}");
    let data = app.data(FIELDS, json!({})).await;
    assert_eq!(data["projects"]["nodes"], expected());
    server.abort();
    app.stop().await;
}

/// The report exported as a workbook holds the category column and each
/// sub-item as the row it came from; uploaded again it reads back to the
/// same categories, items and rates.
async fn the_export_reads_back_with_categories_and_items(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let run = app.import("two-row.xlsx", published("two-row.xlsx")).await;
    assert_eq!(run["status"], "SUCCEEDED");
    let id = run["report"]["id"].as_str().unwrap().to_owned();
    let bytes = app
        .client
        .get(format!("{}/api/v1/exports/reports/{id}.xlsx", app.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let sheet = first_sheet(&bytes);
    let header = &sheet[1];
    assert!(header.contains(&"类别".to_owned()), "{header:?}");
    let serials: Vec<&str> = sheet[2..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(serials, ["1", "（1）", "（2）", "2*", "3", "4"]);
    assert_eq!(sheet[3][1], "新建幼儿园");

    // Read back (as another district's, so it is new): the same fields.
    let body = app
        .upload_with("back.xlsx", bytes, Some(TOKEN), "issuer: \"甲区\"")
        .await;
    let back = &body["data"]["uploadSpreadsheet"];
    assert_eq!(back["status"], "SUCCEEDED", "{body:#}");
    let query = FIELDS.replace(
        "projects(year: 2025)",
        "projects(year: 2025, issuer: \"甲区\")",
    );
    let data = app.data(&query, json!({})).await;
    let mut want = expected();
    let mut got = data["projects"]["nodes"].clone();
    // Read back, an item is numbered as the export wrote it, and its rate
    // is a percent cell (whose text is the cell's value).
    for (g, w) in got
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .zip(want.as_array_mut().unwrap())
    {
        for (i, item) in w["latest"]["items"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .enumerate()
        {
            item["serial"] = json!(format!("（{}）", i + 1));
            item["rawRate"] = Value::Null;
        }
        for item in g["latest"]["items"].as_array_mut().unwrap() {
            item["rawRate"] = Value::Null;
        }
    }
    assert_eq!(got.as_array().unwrap().len(), 4, "{got:#}");
    for (g, w) in got.as_array().unwrap().iter().zip(want.as_array().unwrap()) {
        for key in ["serialNo", "serialMark", "name", "category", "units"] {
            assert_eq!(g[key], w[key], "{key}");
        }
        for key in ["completionRate", "rateSource", "items", "detail"] {
            assert_eq!(g["latest"][key], w["latest"][key], "{key}");
        }
    }
    app.stop().await;
}

/// The first sheet of an xlsx as text, via calamine.
fn first_sheet(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// Hostile pages and documents: a span of a million columns, a Word zip
/// bomb and a page of thousands of tables are each refused with a code, a
/// page nested 100,000 deep is read at once and has no table, the server
/// answers on, and nothing is written.
async fn hostile_pages_and_documents_are_refused(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let wide = "<html><body><p>章丘区2025年民生实事项目进展情况调度表（三季度）</p><table><tr><td colspan=\"1000000\">序号</td></tr></table></body></html>";
    let tall = "<table><tr><td rowspan=\"99999999999999999999\">x</td></tr></table>";
    let deep = format!(
        "<html><body>{}<table><tr><td>x</td></tr></table></body></html>",
        "<div><span>".repeat(100_000)
    );
    let tables = format!(
        "<html><body>{}</body></html>",
        "<table><tr><td>x</td></tr></table>".repeat(5_000)
    );
    let zeros = vec![b' '; 1 << 20];
    let bomb = {
        let mut out = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut out);
            let options = zip::write::SimpleFileOptions::default().large_file(true);
            zip.start_file("[Content_Types].xml", options).unwrap();
            zip.write_all(b"<Types/>").unwrap();
            zip.start_file("word/document.xml", options).unwrap();
            zip.write_all(b"<w:document><w:body>").unwrap();
            for _ in 0..300 {
                zip.write_all(&zeros).unwrap();
            }
            zip.finish().unwrap();
        }
        out.into_inner()
    };
    assert!(bomb.len() < 2_000_000, "the bomb is small: {}", bomb.len());
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("wide.html", wide.as_bytes().to_vec(), "TOO_LARGE"),
        ("tall.html", tall.as_bytes().to_vec(), "TOO_LARGE"),
        ("deep.html", deep.into_bytes(), "NO_HEADER"),
        ("tables.html", tables.into_bytes(), "TOO_LARGE"),
        ("bomb.docx", bomb, "ARCHIVE_TOO_LARGE"),
    ];
    for (name, bytes, code) in cases {
        let run = app.import(name, bytes).await;
        assert_eq!(run["status"], "FAILED", "{name}: {run:#}");
        assert_eq!(run["error"]["code"], code, "{name}: {run:#}");
        let message = run["error"]["message"].as_str().unwrap();
        assert!(message.len() > 30, "{name}: {message}");
    }
    let data = app
        .data("{ reports { id } projects { totalCount } }", json!({}))
        .await;
    assert_eq!(data, json!({"reports": [], "projects": {"totalCount": 0}}));
    let run = app
        .import("attachment.docx", published("attachment.docx"))
        .await;
    assert_eq!(run["status"], "SUCCEEDED", "the server still imports");
    app.stop().await;
}

/// A .doc, .wps or .et is refused with its own code and a message in
/// Chinese saying how to save it; through REST too.
async fn legacy_word_and_wps_files_say_how_to_save_them(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    for name in ["通报.doc", "调度表.wps", "调度表.et"] {
        let run = app
            .import(name, b"\xD0\xCF\x11\xE0 anything".to_vec())
            .await;
        assert_eq!(
            run["error"]["code"], "UNSUPPORTED_FORMAT",
            "{name}: {run:#}"
        );
        let message = run["error"]["message"].as_str().unwrap();
        assert!(message.contains("另存为 .docx 或 .xlsx"), "{message}");
    }
    let body: Value = app
        .client
        .post(format!("{}/api/v1/spreadsheets", app.base))
        .bearer_auth(TOKEN)
        .multipart(crate::common::file_form("调度表.wps", b"x".to_vec()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["error"]["code"], "UNSUPPORTED_FORMAT", "{body:#}");
    app.stop().await;
}

/// The next period's page (the same district, 截至12月底): each sub-item
/// is matched by its name within its project, so its change since the last
/// period is known, and the project's history has both periods.
async fn sub_items_keep_their_history_by_name(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let q3 = published("portal-utf8.html");
    let run = app.import("q3.html", q3.clone()).await;
    assert_eq!(run["status"], "SUCCEEDED");
    // Q4: the items moved to 100% and 80%.
    let page = String::from_utf8(q3).unwrap();
    let q4 = page
        .replace("截至9月底", "截至12月底")
        .replace("66.7%", "100%")
        .replace(">50%<", ">80%<");
    assert!(q4 != page);
    let run = app.import("q4.html", q4.into_bytes()).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["projectsCreated"], 0, "{run:#}");
    let data = app
        .data(
            "{ projects(year: 2025, first: 1) { nodes { history { report { period }
                completionRate rateSource items { name completionRate delta } } } } }",
            json!({}),
        )
        .await;
    let history = &data["projects"]["nodes"][0]["history"];
    assert_eq!(
        history,
        &json!([
            {"report": {"period": "截至9月底"}, "completionRate": 58.35, "rateSource": "ITEMS",
             "items": [
                {"name": "新建幼儿园", "completionRate": 66.7, "delta": null},
                {"name": "改造校舍", "completionRate": 50.0, "delta": null}]},
            {"report": {"period": "截至12月底"}, "completionRate": 90.0, "rateSource": "ITEMS",
             "items": [
                {"name": "新建幼儿园", "completionRate": 100.0, "delta": 33.3},
                {"name": "改造校舍", "completionRate": 80.0, "delta": 30.0}]},
        ])
    );
    app.stop().await;
}

on_both_databases!(
    sub_items_keep_their_history_by_name,
    every_rendition_reads_every_field,
    each_rendition_alone,
    a_url_source_reads_the_portal_page,
    the_export_reads_back_with_categories_and_items,
    hostile_pages_and_documents_are_refused,
    legacy_word_and_wps_files_say_how_to_save_them,
);
