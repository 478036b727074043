//! The 通报 and the 督办单 as the office opens them: downloaded over HTTP,
//! read with python-docx (tests/fixtures/read_docx.py), every figure
//! compared with the API's own answers (`summary`, `unitRanking`,
//! `projects(light:)`); an empty year is 404 in the REST error shape; reads
//! follow `--reads-need-token`. The workbook exports' rows are as tall as
//! their wrapped text. And LibreOffice renders the documents and the report
//! export to PDF, pdftoppm page 1 (`target/screenshots/`).
//!
//! Without python-docx (or LibreOffice) these say so and pass, unless
//! `SHISHI_REQUIRE_DOCS=1` (CI sets it; `.ci/run` installs them).

use std::process::Command;

use crate::common::fixtures::{quarter_rows, table_xlsx};
use crate::common::{official, repo, test_config, TestApp, TestDb, TOKEN};
use serde_json::{json, Value};

fn required() -> bool {
    std::env::var("SHISHI_REQUIRE_DOCS").is_ok_and(|v| v == "1")
}

fn have_python_docx() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import docx"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok || !required(),
        "python-docx is required (SHISHI_REQUIRE_DOCS=1)"
    );
    if !ok {
        eprintln!("SKIPPED: no python-docx; pip install python-docx");
    }
    ok
}

/// The document as python-docx reads it.
fn read_docx(bytes: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.docx");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("python3")
        .arg(repo().join("tests/fixtures/read_docx.py"))
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (u16, Vec<u8>) {
    let mut req = app.client.get(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.bytes().await.unwrap().to_vec())
}

/// Q2 as published, then a Q3 ten points behind it (some projects RED and
/// YELLOW at 9月30日's 序时进度).
async fn two_quarters(app: &TestApp) {
    let q3 = table_xlsx(
        "2025年民生实事项目进展情况调度表（三季度）",
        &quarter_rows(-10),
    );
    for (name, bytes) in [("2025-q2.xlsx", official("xlsx")), ("2025-q3.xlsx", q3)] {
        let run = app.import(name, bytes).await;
        assert_eq!(run["status"], "SUCCEEDED", "{name}: {run:#}");
    }
}

/// 一 to 九十九, as the documents write serials (第十七项).
fn chinese(n: i64) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ => format!(
            "{}十{}",
            D[(n / 10) as usize],
            if n % 10 == 0 {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
    }
}

/// 52, 52.5, 58.35: as the documents print a percent.
fn num(v: f64) -> String {
    let s = format!("{:.2}", (v * 100.0).round() / 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

async fn the_bulletin_says_what_the_api_says(db: &TestDb) {
    if !have_python_docx() {
        return;
    }
    let app = TestApp::spawn(db).await;
    two_quarters(&app).await;
    let api = app
        .data(
            "{ summary(year: 2025) { asOf projectCount completedCount averageRate expectedRate
                 byLight { light count } }
               unitRanking(year: 2025, top: 5) { best { unit { name } } worst { unit { name } } }
               red: projects(year: 2025, light: RED, first: 100) { nodes { serialNo name } }
               yellow: projects(year: 2025, light: YELLOW, first: 100) { nodes { serialNo name } }
               exports(year: 2025) { bulletinUrl noticesUrl } }",
            json!({}),
        )
        .await;
    let url = api["exports"]["bulletinUrl"].as_str().unwrap();
    assert_eq!(url, "/api/v1/exports/bulletin.docx?year=2025");
    let (status, bytes) = get(&app, url, None).await;
    assert_eq!(status, 200);
    let doc = read_docx(&bytes);
    let paragraphs: Vec<&str> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let text = paragraphs.join("\n");
    assert_eq!(paragraphs[0], "关于2025年三季度民生实事项目进展情况的通报");
    // GB/T 9704: A4, the margins, "— 1 —" at the foot, the four faces.
    assert_eq!(
        doc["sections"][0],
        json!({"width": 11906, "height": 16838, "top": 2098, "bottom": 1984,
               "left": 1587, "right": 1474, "footer": ["— 1 —"]})
    );
    assert_eq!(
        doc["fonts"],
        json!(["仿宋_GB2312", "方正小标宋简体", "楷体_GB2312", "黑体"])
    );

    let s = &api["summary"];
    let count = |light: &str| {
        s["byLight"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["light"] == light)
            .unwrap()["count"]
            .as_i64()
            .unwrap()
    };
    let overall = paragraphs
        .iter()
        .find(|p| p.starts_with("截至9月30日，"))
        .unwrap_or_else(|| panic!("{text}"));
    for part in [
        format!(
            "{}项民生实事已完成{}项",
            s["projectCount"], s["completedCount"]
        ),
        format!("平均完成率{}%", num(s["averageRate"].as_f64().unwrap())),
        format!("序时进度{}%", num(s["expectedRate"].as_f64().unwrap())),
        format!(
            "绿灯{}项、黄灯{}项、红灯{}项",
            count("GREEN"),
            count("YELLOW"),
            count("RED")
        ),
        "较二季度下降".to_owned(),
    ] {
        assert!(overall.contains(&part), "'{part}' not in: {overall}");
    }
    // Every RED and YELLOW project named with its serial, under its heading.
    let red = api["red"]["nodes"].as_array().unwrap();
    let yellow = api["yellow"]["nodes"].as_array().unwrap();
    assert!(!red.is_empty() && !yellow.is_empty(), "{api:#}");
    for p in red.iter().chain(yellow) {
        let named = format!(
            "{}（第{}项）",
            p["name"].as_str().unwrap(),
            chinese(p["serialNo"].as_i64().unwrap())
        );
        assert!(
            paragraphs
                .iter()
                .any(|l| l.contains("是") && l.contains(&named)),
            "{named} not named: {text}"
        );
    }
    let red_at = text.find("进度明显滞后项目（红灯）").unwrap();
    let yellow_at = text.find("需关注项目（黄灯）").unwrap();
    assert!(red_at < yellow_at);
    // The ranking is unitRanking's.
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|u| u["unit"]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let listed = |prefix: &str| -> Vec<String> {
        let line = paragraphs.iter().find(|p| p.starts_with(prefix)).unwrap();
        line[prefix.len()..]
            .trim_end_matches('。')
            .split('、')
            .map(|u| u.split('（').next().unwrap().to_owned())
            .collect()
    };
    assert_eq!(listed("红榜："), names(&api["unitRanking"]["best"]));
    assert_eq!(listed("黄榜："), names(&api["unitRanking"]["worst"]));
    // The 附件 tables: every project once, slower than 序时 or not.
    let tables = doc["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 2);
    let rows: usize = tables.iter().map(|t| t.as_array().unwrap().len() - 1).sum();
    assert_eq!(rows as i64, s["projectCount"].as_i64().unwrap());
    // asOf picks the report: Q2's bulletin.
    let (_, q2) = get(&app, &format!("{url}&asOf=2025-06-30"), None).await;
    let q2 = read_docx(&q2);
    assert_eq!(
        q2["paragraphs"][0],
        "关于2025年二季度民生实事项目进展情况的通报"
    );
    app.stop().await;
}

async fn a_units_notice_names_exactly_its_lagging_projects(db: &TestDb) {
    if !have_python_docx() {
        return;
    }
    let app = TestApp::spawn(db).await;
    two_quarters(&app).await;
    let lagging = app
        .data(
            "{ red: projects(year: 2025, light: RED, first: 100) { nodes { serialNo name units { name } } }
               yellow: projects(year: 2025, light: YELLOW, first: 100) { nodes { serialNo name units { name } } } }",
            json!({}),
        )
        .await;
    let mut behind: Vec<(i64, String, Vec<String>)> = ["red", "yellow"]
        .iter()
        .flat_map(|k| lagging[k]["nodes"].as_array().unwrap().clone())
        .map(|p| {
            (
                p["serialNo"].as_i64().unwrap(),
                p["name"].as_str().unwrap().to_owned(),
                p["units"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["name"].as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect();
    behind.sort();
    let mut units: Vec<String> = Vec::new();
    for (_, _, us) in &behind {
        for u in us {
            if !units.contains(u) {
                units.push(u.clone());
            }
        }
    }
    // One page per unit behind pace.
    let (status, all) = get(&app, "/api/v1/exports/notices.docx?year=2025", None).await;
    assert_eq!(status, 200);
    let all = read_docx(&all);
    let titles = all["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| *p == "督 办 单")
        .count();
    assert_eq!(titles, units.len(), "{all:#}");
    // One unit's: exactly its projects, with rates, and the 反馈 table.
    let unit = &units[0];
    let url = app
        .data(
            "query($u: String) { exports(year: 2025) { noticesUrl(unit: $u) } }",
            json!({"u": unit}),
        )
        .await["exports"]["noticesUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, one) = get(&app, &url, None).await;
    assert_eq!(status, 200, "{url}");
    let one = read_docx(&one);
    assert!(one["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| *p == format!("{unit}：")));
    let listed: Vec<(i64, String)> = one["tables"][0].as_array().unwrap()[1..]
        .iter()
        .map(|r| {
            (
                r[0].as_str().unwrap().parse().unwrap(),
                r[1].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(i64, String)> = behind
        .iter()
        .filter(|(_, _, us)| us.contains(unit))
        .map(|(s, n, _)| (*s, n.clone()))
        .collect();
    assert_eq!(listed, want);
    let feedback: Vec<&str> = one["tables"][1].as_array().unwrap()[1..]
        .iter()
        .map(|r| r[0].as_str().unwrap())
        .collect();
    assert_eq!(
        feedback,
        ["滞后原因", "整改措施", "预计完成时间", "责任人及联系电话"]
    );
    // A unit with nothing behind pace: NOT_FOUND, said.
    let (status, body) = get(
        &app,
        "/api/v1/exports/notices.docx?year=2025&unit=%E4%BA%A4%E8%AD%A6%E5%A4%A7%E9%98%9F",
        None,
    )
    .await;
    assert_eq!(status, 404, "{}", String::from_utf8_lossy(&body));
    app.stop().await;
}

async fn documents_of_an_empty_year_and_a_locked_server(db: &TestDb) {
    let mut config = test_config(db);
    config.reads_need_token = true;
    let app = TestApp::spawn_with(config).await;
    for path in [
        "/api/v1/exports/bulletin.docx?year=2030",
        "/api/v1/exports/notices.docx?year=2030",
    ] {
        let (status, body) = get(&app, path, Some(TOKEN)).await;
        assert_eq!(status, 404, "{path}");
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["code"], "NOT_FOUND", "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("2030"));
    }
    let run = app.import("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(run["status"], "SUCCEEDED");
    let (status, _) = get(&app, "/api/v1/exports/bulletin.docx", None).await;
    assert_eq!(status, 401, "reads need the token");
    let (status, bytes) = get(&app, "/api/v1/exports/bulletin.docx", Some(TOKEN)).await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"PK"));
    let (status, body) = get(
        &app,
        "/api/v1/exports/bulletin.docx?asOf=30.06.2025",
        Some(TOKEN),
    )
    .await;
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
    app.stop().await;
}

/// Every data row of the report export is as tall as its tallest wrapped
/// cell: the lines its text takes in its column's width (a CJK character
/// two width units), 15 points each, plus 4.
async fn workbook_rows_hold_their_text(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let run = app.import("2025-q2.xlsx", official("xlsx")).await;
    let id = run["report"]["id"].as_str().unwrap().to_owned();
    let (status, bytes) = get(&app, &format!("/api/v1/exports/reports/{id}.xlsx"), None).await;
    assert_eq!(status, 200);
    let (widths, heights) = sheet_layout(&bytes);
    let cells = {
        use calamine::{Reader, Xlsx};
        let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
        let name = wb.sheet_names()[0].clone();
        wb.worksheet_range(&name).unwrap()
    };
    let mut checked = 0;
    for (r, row) in cells.rows().enumerate().skip(2) {
        let lines = row
            .iter()
            .enumerate()
            .filter(|(c, _)| *c != 0 && *c != 4)
            .map(|(c, cell)| {
                let width = widths.get(&(c as u32 + 1)).copied().unwrap_or(8.43);
                let room = (width - 1.0).max(1.0);
                cell.to_string()
                    .split('\n')
                    .map(|line| {
                        let units: usize = line
                            .chars()
                            .map(|ch| if ch as u32 >= 0x2E80 { 2 } else { 1 })
                            .sum();
                        ((units as f64) / room).ceil().max(1.0) as usize
                    })
                    .sum::<usize>()
            })
            .max()
            .unwrap_or(1);
        let want = (lines as f64 * 15.0 + 4.0).min(409.0);
        let got = heights.get(&(r as u32 + 1)).copied().unwrap_or(15.0);
        // Heights are stored in whole pixels (¾ pt).
        assert!(
            (got - want).abs() < 0.76,
            "row {}: {got} pt for {lines} lines",
            r + 1
        );
        checked += 1;
    }
    assert_eq!(checked, 20);
    app.stop().await;
}

/// Column widths (1-based column -> width) and row heights (1-based row ->
/// points) of the first sheet, from its XML.
fn sheet_layout(
    xlsx: &[u8],
) -> (
    std::collections::HashMap<u32, f64>,
    std::collections::HashMap<u32, f64>,
) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..].split('"').next()?.to_owned())
    };
    let mut widths = std::collections::HashMap::new();
    for tag in xml.split("<col ").skip(1) {
        let tag = format!(" {}", tag.split('>').next().unwrap());
        let (min, max, width) = (
            attr(&tag, "min").unwrap().parse::<u32>().unwrap(),
            attr(&tag, "max").unwrap().parse::<u32>().unwrap(),
            attr(&tag, "width").unwrap().parse::<f64>().unwrap(),
        );
        for c in min..=max {
            // The file stores the width with the cell padding added.
            widths.insert(c, ((width - 0.71) * 100.0).round() / 100.0);
        }
    }
    let mut heights = std::collections::HashMap::new();
    for tag in xml.split("<row ").skip(1) {
        let tag = format!(" {}", tag.split('>').next().unwrap());
        if let (Some(r), Some(ht)) = (attr(&tag, "r"), attr(&tag, "ht")) {
            heights.insert(r.parse().unwrap(), ht.parse().unwrap());
        }
    }
    (widths, heights)
}

/// LibreOffice (headless) converts the bulletin, the notices and the
/// report export to PDF; pdftoppm renders each first page into
/// `target/screenshots/` (docs/ keeps two). SQLite only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn libreoffice_renders_the_documents_and_the_export() {
    // pdftoppm -v prints its version and exits 0 (-v, not --version).
    let have = |p: &str, arg: &str| {
        Command::new(p)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !(have("soffice", "--version") && have("pdftoppm", "-v")) {
        assert!(
            !required(),
            "soffice and pdftoppm are required (SHISHI_REQUIRE_DOCS=1)"
        );
        eprintln!("SKIPPED: no LibreOffice or pdftoppm; apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils");
        return;
    }
    let db = TestDb::sqlite().await;
    let app = TestApp::spawn(&db).await;
    two_quarters(&app).await;
    let out = repo().join("target/screenshots");
    std::fs::create_dir_all(&out).unwrap();
    let work = tempfile::tempdir().unwrap();
    for (name, path) in [
        ("bulletin.docx", "/api/v1/exports/bulletin.docx"),
        ("notices.docx", "/api/v1/exports/notices.docx"),
        ("report.xlsx", "/api/v1/exports/reports/latest.xlsx"),
    ] {
        let (status, bytes) = get(&app, path, None).await;
        assert_eq!(status, 200, "{path}");
        std::fs::write(work.path().join(name), bytes).unwrap();
        let converted = Command::new("soffice")
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(work.path())
            .arg(work.path().join(name))
            .env("HOME", work.path())
            .output()
            .unwrap();
        assert!(converted.status.success(), "{converted:?}");
        let stem = name.split('.').next().unwrap();
        let pdf = work.path().join(format!("{stem}.pdf"));
        assert!(pdf.exists(), "{name} became no PDF: {converted:?}");
        let rendered = Command::new("pdftoppm")
            .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
            .arg(&pdf)
            .arg(out.join(format!("document-{stem}")))
            .status()
            .unwrap();
        assert!(rendered.success());
        assert!(out.join(format!("document-{stem}.png")).exists());
    }
    app.stop().await;
}

/// With several districts in the year, a district's 通报 ranks them as
/// `issuerRanking` does.
async fn a_citys_bulletin_ranks_its_districts(db: &TestDb) {
    if !have_python_docx() {
        return;
    }
    let app = TestApp::spawn(db).await;
    for (name, title, step) in [
        (
            "zq.xlsx",
            "章丘区2025年民生实事项目进展情况调度表（二季度）",
            0,
        ),
        (
            "lc.xlsx",
            "2025年济南市历城区民生实事项目进展情况调度表（二季度）",
            -10,
        ),
    ] {
        let run = app
            .import(name, table_xlsx(title, &quarter_rows(step)))
            .await;
        assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    }
    let ranking = app
        .data(
            "{ issuerRanking(year: 2025) { issuers { issuer rank } } }",
            json!({}),
        )
        .await;
    let (status, bytes) = get(
        &app,
        "/api/v1/exports/bulletin.docx?year=2025&issuer=%E7%AB%A0%E4%B8%98%E5%8C%BA",
        None,
    )
    .await;
    assert_eq!(status, 200);
    let doc = read_docx(&bytes);
    let paragraphs: Vec<&str> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    let at = paragraphs
        .iter()
        .position(|p| p.ends_with("各地推进情况"))
        .unwrap_or_else(|| panic!("{paragraphs:#?}"));
    let line = paragraphs[at + 1];
    for i in ranking["issuerRanking"]["issuers"].as_array().unwrap() {
        let named = format!("第{}名{}", i["rank"], i["issuer"].as_str().unwrap());
        assert!(line.contains(&named), "{named} not in: {line}");
    }
    assert!(
        line.find("章丘区") < line.find("历城区"),
        "章丘区 is ahead: {line}"
    );
    app.stop().await;
}

on_both_databases!(
    a_citys_bulletin_ranks_its_districts,
    the_bulletin_says_what_the_api_says,
    a_units_notice_names_exactly_its_lagging_projects,
    documents_of_an_empty_year_and_a_locked_server,
    workbook_rows_hold_their_text,
);
