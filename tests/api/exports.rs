//! Tables back out: a report as xlsx in the official layout, read back with
//! calamine, and imported again as UNCHANGED whatever format it came in.
use std::io::Cursor;

use calamine::{Data, DataType, Reader, Xlsx};
use serde_json::{json, Value};

use crate::common::xlsx::{a1, fills, light_fill};
use crate::common::{official, repo, test_config, TestApp, TestDb, TOKEN};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// GETs `path`; (status, headers, body).
async fn get(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut req = app.client.get(format!("{}{path}", app.base));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.bytes().await.unwrap().to_vec())
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    range
        .get_value((row, col))
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// A report exported and imported again is the report held: UNCHANGED.
async fn round_trip(app: &TestApp, name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let run = app.import(name, bytes).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    let id = run["report"]["id"].as_str().unwrap().to_owned();
    let url = app
        .data(
            "query($id: ID!) { report(id: $id) { exportUrl } }",
            json!({"id": id}),
        )
        .await["report"]["exportUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(url, format!("/api/v1/exports/reports/{id}.xlsx"));
    let (status, headers, body) = get(app, &url, None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], XLSX);
    let again = app
        .import(&format!("exported-{name}.xlsx"), body.clone())
        .await;
    assert_eq!(again["status"], "UNCHANGED", "{name}: {again:#}");
    assert_eq!(again["report"]["id"], id);
    body
}

async fn a_report_exports_in_the_official_layout(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let body = round_trip(&app, "2025-q2.xlsx", official("xlsx")).await;

    // The latest of a year, under its Chinese name (RFC 6266 filename*).
    let (status, headers, latest) =
        get(&app, "/api/v1/exports/reports/latest.xlsx?year=2025", None).await;
    assert_eq!(status, 200);
    let disposition = headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"report-"),
        "{disposition}"
    );
    let title = app.data("{ reports { title } }", json!({})).await["reports"][0]["title"]
        .as_str()
        .unwrap()
        .to_owned();
    let encoded: String = format!("{title}.xlsx")
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    assert!(
        disposition.ends_with(&format!("filename*=UTF-8''{encoded}")),
        "{disposition}"
    );
    assert!(!latest.is_empty());

    // Read back: title merged over the columns, header, 20 rows in order,
    // units joined with 、, rates as percent numbers.
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(body.clone())).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(names[1], "导入提示");
    let sheet = book.worksheet_range(&names[0]).unwrap();
    assert_eq!(cell(&sheet, 0, 0), title);
    let header: Vec<String> = (0..5).map(|c| cell(&sheet, 1, c)).collect();
    assert_eq!(
        header,
        ["序号", "任务目标", "责任单位", "进展情况", "完成率（%）"]
    );
    // In table order, as the report's entries are.
    let entries = app
        .data(
            "{ reports { entries(first: 100) { nodes { serialNo completionRate detail light project { goal units { name } } } } } }",
            json!({}),
        )
        .await;
    let nodes = entries["reports"][0]["entries"]["nodes"]
        .as_array()
        .unwrap();
    assert_eq!(nodes.len(), 20);
    assert_eq!(sheet.height(), 2 + nodes.len());
    for (i, p) in nodes.iter().enumerate() {
        let r = 2 + i as u32;
        assert_eq!(cell(&sheet, r, 0), p["serialNo"].to_string());
        assert_eq!(cell(&sheet, r, 1), p["project"]["goal"].as_str().unwrap());
        let units: Vec<&str> = p["project"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        assert_eq!(cell(&sheet, r, 2), units.join("、"));
        assert_eq!(cell(&sheet, r, 3), p["detail"].as_str().unwrap());
        let rate = sheet.get_value((r, 4)).and_then(|v| v.as_f64());
        let expected = p["completionRate"].as_f64().map(|v| v / 100.0);
        assert_eq!(
            rate.map(|v| (v * 1e6).round()),
            expected.map(|v| (v * 1e6).round())
        );
    }
    let merged = book.merge_cells_by_sheet_name(&names[0]).unwrap();
    assert!(
        merged.iter().any(|d| d.start == (0, 0) && d.end == (0, 4)),
        "{merged:?}"
    );
    // The import's warning (serial 117 out of sequence) on the second sheet.
    let notes = book.worksheet_range("导入提示").unwrap();
    let messages: Vec<String> = (1..notes.height() as u32)
        .map(|r| cell(&notes, r, 3))
        .collect();
    assert!(messages.iter().any(|m| m.contains("117")), "{messages:?}");

    // Lights as fills: each rate cell is filled with its project's light.
    let fills = fills(&body, 1);
    for (i, p) in nodes.iter().enumerate() {
        let at = a1(2 + i as u32, 4);
        let light = p["light"].as_str().unwrap();
        assert_eq!(
            fills.get(&at).map(String::as_str),
            Some(light_fill(light)),
            "{at}: {p}"
        );
    }

    // Errors are plain.
    let (status, _, body) = get(&app, "/api/v1/exports/reports/999.xlsx", None).await;
    assert_eq!(status, 404);
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["code"], "NOT_FOUND");
    let (status, _, _) = get(&app, "/api/v1/exports/reports/latest.xlsx?year=1999", None).await;
    assert_eq!(status, 404);
    let (status, _, _) = get(&app, "/api/v1/exports/reports/latest.xlsx?year=x", None).await;
    assert_eq!(status, 400);
    app.stop().await;

    // Reads that need the token need it for every export.
    let mut config = test_config(db);
    config.reads_need_token = true;
    let closed = TestApp::spawn_with(config).await;
    for path in [
        "/api/v1/exports/reports/latest.xlsx",
        "/api/v1/exports/next-period.xlsx",
        "/api/v1/exports/history.xlsx",
        "/api/v1/exports/history.csv",
    ] {
        assert_eq!(get(&closed, path, None).await.0, 401, "{path}");
        assert_eq!(get(&closed, path, Some(TOKEN)).await.0, 200, "{path}");
    }
    closed.stop().await;
}

/// The round trip holds whatever format the table came in.
async fn exports_of_xls_and_ods_tables_import_unchanged(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let fixture = |name: &str| std::fs::read(repo().join("tests/fixtures").join(name)).unwrap();
    round_trip(&app, "2025-q3.ods", fixture("2025-q3.ods")).await;
    round_trip(&app, "2025-q4.xls", fixture("2025-q4.xls")).await;
    app.stop().await;
}

/// The next period's form: the latest report's projects for the units to
/// fill in (all, or one unit's; prefilled or blank), which imports, filled
/// in, as the next period's report with the values written in it.
async fn the_next_period_form_comes_back_as_the_next_report(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    let path = "/api/v1/exports/next-period.xlsx?year=2025";
    let (status, headers, form) = get(&app, path, None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], XLSX);
    let disposition = headers["content-disposition"].to_str().unwrap();
    // 三季度, percent-encoded in filename*.
    assert!(
        disposition.contains("%E4%B8%89%E5%AD%A3%E5%BA%A6"),
        "{disposition}"
    );
    let read = |bytes: Vec<u8>| {
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let names = book.sheet_names();
        // No notes sheet: the table, and the form's mark, hidden.
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(names[1], "shishi");
        let mark = &book.sheets_metadata()[1];
        assert_eq!(mark.visible, calamine::SheetVisible::Hidden, "{mark:?}");
        book.worksheet_range(&names[0]).unwrap()
    };
    let sheet = read(form);
    let title = cell(&sheet, 0, 0);
    assert!(
        title.contains("三季度") && !title.contains("二季度"),
        "{title}"
    );
    let q2 = app
        .data(
            "{ reports { entries(first: 100) { nodes { serialNo completionRate detail project { goal units { name } } } } } }",
            json!({}),
        )
        .await;
    let nodes = q2["reports"][0]["entries"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(sheet.height(), 2 + nodes.len());
    for (i, p) in nodes.iter().enumerate() {
        let r = 2 + i as u32;
        assert_eq!(cell(&sheet, r, 1), p["project"]["goal"].as_str().unwrap());
        assert_eq!(
            cell(&sheet, r, 3),
            p["detail"].as_str().unwrap(),
            "prefilled"
        );
    }

    // Blank: goal and units only.
    let (_, _, blank) = get(&app, &format!("{path}&prefill=false"), None).await;
    let blank = read(blank);
    assert_eq!(blank.height(), 2 + nodes.len());
    for r in 2..blank.height() as u32 {
        assert_eq!(cell(&blank, r, 3), "");
        assert_eq!(cell(&blank, r, 4), "");
        assert!(!cell(&blank, r, 1).is_empty());
    }

    // One unit's rows.
    let unit = nodes[0]["project"]["units"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let encoded: String = url_encode(&unit);
    let (status, _, mine) = get(&app, &format!("{path}&unit={encoded}"), None).await;
    assert_eq!(status, 200);
    let theirs = app
        .data(
            "query($u: String) { projects(year: 2025, unit: $u) { totalCount } }",
            json!({"u": unit}),
        )
        .await["projects"]["totalCount"]
        .as_u64()
        .unwrap() as usize;
    let mine = read(mine);
    assert_eq!(mine.height(), 2 + theirs);
    for r in 2..mine.height() as u32 {
        assert!(cell(&mine, r, 2).split('、').any(|u| u == unit));
    }
    let (status, _, _) = get(
        &app,
        &format!("{path}&unit={}", url_encode("不存在的单位")),
        None,
    )
    .await;
    assert_eq!(status, 404);
    // A long unit is quoted short, never echoed whole.
    let long = "单".repeat(3000);
    let (status, _, body) = get(&app, &format!("{path}&unit={}", url_encode(&long)), None).await;
    assert_eq!(status, 404);
    assert!(body.len() < 1000, "{} bytes", body.len());
    let (status, _, _) = get(&app, &format!("{path}&prefill=maybe"), None).await;
    assert_eq!(status, 400);

    // Filled in: every rate moves on and the text says so; imported, it is
    // the 三季度 report with exactly those values.
    let filled: Vec<crate::common::fixtures::Row> = (2..sheet.height() as u32)
        .map(|r| {
            let old = sheet
                .get_value((r, 4))
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0)
                * 100.0;
            let new = (old.round() as i64 + 7).min(100);
            crate::common::fixtures::Row {
                serial: cell(&sheet, r, 0),
                goal: cell(&sheet, r, 1),
                units: cell(&sheet, r, 2),
                progress: format!("目前，已完成年度计划{new}%。\n三季度新进展。"),
                rate: format!("{new}%"),
            }
        })
        .collect();
    let run = app
        .import(
            "filled.xlsx",
            crate::common::fixtures::table_xlsx(&title, &filled),
        )
        .await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["report"]["period"], "三季度");
    assert_eq!(run["report"]["asOf"], "2025-09-30");
    assert_eq!(run["projectsCreated"], 0);
    assert_eq!(run["projectsUpdated"], nodes.len());
    let q3 = app
        .data(
            "query($id: ID!) { report(id: $id) { entries(first: 100) { nodes { serialNo completionRate summary } } } }",
            json!({"id": run["report"]["id"]}),
        )
        .await;
    let got = q3["report"]["entries"]["nodes"].as_array().unwrap();
    assert_eq!(got.len(), filled.len());
    for (g, f) in got.iter().zip(&filled) {
        let rate: f64 = f.rate.trim_end_matches('%').parse().unwrap();
        assert_eq!(g["completionRate"].as_f64(), Some(rate), "{g}");
        assert_eq!(
            g["summary"],
            format!("目前，已完成年度计划{}%。", f.rate.trim_end_matches('%'))
        );
    }
    app.stop().await;
}

/// The flat history as CSV: a byte-order mark, the header, one line per
/// project and date, values as the API gives them.
async fn the_history_downloads_as_csv(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    let q3 = crate::common::fixtures::table_xlsx(
        "2025年民生实事项目进展情况调度表（三季度）",
        &crate::common::fixtures::quarter_rows(20),
    );
    app.import("2025-q3.xlsx", q3).await;
    let (status, headers, body) = get(&app, "/api/v1/exports/history.csv?year=2025", None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("filename=\"history-2025.csv\""));
    assert!(
        body.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark for Excel"
    );
    let mut reader = csv::Reader::from_reader(&body[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[..4], ["年度", "序号", "项目", "责任单位"]);
    let lines: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(lines.len(), 40, "20 projects × 2 dates");
    let api = app
        .data(
            "{ projects(year: 2025, first: 100) { nodes { name history { completionRate delta report { period } } } } }",
            json!({}),
        )
        .await;
    for p in api["projects"]["nodes"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let mine: Vec<&csv::StringRecord> = lines.iter().filter(|l| &l[2] == name).collect();
        assert_eq!(mine.len(), 2, "{name}");
        for (line, h) in mine.iter().zip(p["history"].as_array().unwrap()) {
            assert_eq!(&line[4], h["report"]["period"].as_str().unwrap());
            let rate = h["completionRate"]
                .as_f64()
                .map(|v| v.to_string())
                .unwrap_or_default();
            assert_eq!(&line[6], rate, "{name}");
            let delta = h["delta"]
                .as_f64()
                .map(|v| v.to_string())
                .unwrap_or_default();
            assert_eq!(&line[10], delta, "{name}");
            assert!(["绿", "黄", "红"].contains(&&line[9]));
        }
    }
    let (status, _, _) = get(&app, "/api/v1/exports/history.csv?year=1999", None).await;
    assert_eq!(status, 404);
    app.stop().await;
}

/// The history workbook: one row per project and one column per date
/// (rates and lights as the API gives them, the change since the date
/// before), each report as its own sheet, and the units ranked (红黄榜);
/// the GraphQL `exports` field gives every path.
async fn the_history_workbook_holds_every_date_report_and_unit(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    // Q3 without the last project: its Q3 cell is a dash.
    let mut q3 = crate::common::fixtures::quarter_rows(20);
    q3.pop();
    let q3 = crate::common::fixtures::table_xlsx("2025年民生实事项目进展情况调度表（三季度）", &q3);
    assert_eq!(app.import("2025-q3.xlsx", q3).await["status"], "SUCCEEDED");

    let unit = "区教体局";
    let links = app
        .data(
            "query($u: String) { exports(year: 2025) { year latestReportUrl historyXlsxUrl historyCsvUrl nextPeriodUrl(unit: $u, prefill: false) all: nextPeriodUrl } none: exports(year: 1999) { year } }",
            json!({"u": unit}),
        )
        .await;
    let e = &links["exports"];
    assert_eq!(links["none"], Value::Null);
    assert_eq!(e["year"], 2025);
    assert_eq!(
        e["latestReportUrl"],
        "/api/v1/exports/reports/latest.xlsx?year=2025"
    );
    assert_eq!(
        e["historyXlsxUrl"],
        "/api/v1/exports/history.xlsx?year=2025"
    );
    assert_eq!(e["historyCsvUrl"], "/api/v1/exports/history.csv?year=2025");
    assert_eq!(e["all"], "/api/v1/exports/next-period.xlsx?year=2025");
    assert_eq!(
        e["nextPeriodUrl"],
        format!(
            "/api/v1/exports/next-period.xlsx?year=2025&unit={}&prefill=false",
            url_encode(unit)
        )
    );
    for key in ["latestReportUrl", "historyCsvUrl", "nextPeriodUrl", "all"] {
        let (status, _, _) = get(&app, e[key].as_str().unwrap(), None).await;
        assert_eq!(status, 200, "{key}");
    }

    let (status, headers, body) = get(&app, e["historyXlsxUrl"].as_str().unwrap(), None).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], XLSX);
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .contains("filename=\"history-2025.xlsx\""));
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(body.clone())).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "进展历史",
            "二季度 2025-06-30",
            "三季度 2025-09-30",
            "红黄榜"
        ]
    );

    // The rates by date.
    let rates = book.worksheet_range("进展历史").unwrap();
    let header: Vec<String> = (0..7).map(|c| cell(&rates, 1, c)).collect();
    assert_eq!(
        header,
        [
            "序号",
            "项目",
            "责任单位",
            "二季度（2025-06-30）",
            "三季度（2025-09-30）",
            "较上期（百分点）",
            "最新状态"
        ]
    );
    assert_eq!(
        cell(&rates, 0, 0),
        "2025年民生实事项目进展历史（截至2025-09-30）"
    );
    let merged = book.merge_cells_by_sheet_name("进展历史").unwrap();
    assert!(
        merged.iter().any(|d| d.start == (0, 0) && d.end == (0, 6)),
        "{merged:?}"
    );
    let filled = fills(&body, 1);
    let api = app
        .data(
            "{ projects(year: 2025, first: 100) { nodes { name latest { status } units { name } history { completionRate light delta report { asOf } } } } }",
            json!({}),
        )
        .await;
    let nodes = api["projects"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 20);
    assert_eq!(rates.height(), 2 + nodes.len());
    let mut dashes = 0;
    for r in 2..rates.height() as u32 {
        let name = cell(&rates, r, 1);
        let p = nodes.iter().find(|p| p["name"] == name.as_str()).unwrap();
        let units: Vec<&str> = p["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        assert_eq!(cell(&rates, r, 2), units.join("、"));
        let history = p["history"].as_array().unwrap();
        for (c, date) in [(3, "2025-06-30"), (4, "2025-09-30")] {
            match history.iter().find(|h| h["report"]["asOf"] == date) {
                Some(h) => {
                    let rate = rates.get_value((r, c)).and_then(|v| v.as_f64());
                    assert_eq!(
                        rate.map(|v| (v * 1e6).round()),
                        h["completionRate"].as_f64().map(|v| (v * 1e4).round()),
                        "{name} {date}"
                    );
                    assert_eq!(
                        filled.get(&a1(r, c)).map(String::as_str),
                        Some(light_fill(h["light"].as_str().unwrap())),
                        "{name} {date}"
                    );
                }
                None => {
                    assert_eq!(cell(&rates, r, c), "—", "{name} {date}");
                    dashes += 1;
                }
            }
        }
        let last = history.last().unwrap();
        assert_eq!(
            rates.get_value((r, 5)).and_then(|v| v.as_f64()),
            last["delta"].as_f64(),
            "{name}"
        );
        let status = match p["latest"]["status"].as_str().unwrap() {
            "COMPLETED" => "已完成",
            "IN_PROGRESS" => "进行中",
            _ => "未开始",
        };
        assert_eq!(cell(&rates, r, 6), status, "{name}");
    }
    assert_eq!(dashes, 1, "the project Q3 left out");

    // Each report's sheet is that report's own export.
    let reports = app.data("{ reports { id exportUrl } }", json!({})).await;
    for (i, rep) in reports["reports"].as_array().unwrap().iter().enumerate() {
        let (_, _, own) = get(&app, rep["exportUrl"].as_str().unwrap(), None).await;
        let mut own: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(own)).unwrap();
        let first = own.sheet_names()[0].clone();
        let expected = own.worksheet_range(&first).unwrap();
        let got = book.worksheet_range(&book.sheet_names()[i + 1]).unwrap();
        assert_eq!(got, expected, "report {}", rep["id"]);
    }

    // 红黄榜: the units in the API's ranking, best and worst marked.
    let ranking = app
        .data(
            "{ unitRanking(year: 2025) { units { unit { name } rank projectCount completedCount averageRate byLight { light count } } best { unit { name } } worst { unit { name } } } }",
            json!({}),
        )
        .await;
    let ranking = &ranking["unitRanking"];
    let units = ranking["units"].as_array().unwrap();
    let board = book.worksheet_range("红黄榜").unwrap();
    let board_fills = fills(&body, 4);
    assert_eq!(cell(&board, 1, 8), "榜单");
    assert_eq!(board.height(), 2 + units.len());
    let named = |list: &str| -> Vec<String> {
        ranking[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["unit"]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let (best, worst) = (named("best"), named("worst"));
    for (i, u) in units.iter().enumerate() {
        let r = 2 + i as u32;
        let name = u["unit"]["name"].as_str().unwrap();
        assert_eq!(cell(&board, r, 0), u["rank"].to_string());
        assert_eq!(cell(&board, r, 1), name);
        assert_eq!(cell(&board, r, 2), u["projectCount"].to_string());
        assert_eq!(cell(&board, r, 3), u["completedCount"].to_string());
        assert_eq!(
            board
                .get_value((r, 4))
                .and_then(|v| v.as_f64())
                .map(|v| (v * 1e6).round()),
            u["averageRate"].as_f64().map(|v| (v * 1e4).round()),
            "{name}"
        );
        for (c, light) in [(5, "GREEN"), (6, "YELLOW"), (7, "RED")] {
            let count = u["byLight"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["light"] == light)
                .unwrap()["count"]
                .to_string();
            assert_eq!(cell(&board, r, c), count, "{name} {light}");
        }
        let mark = cell(&board, r, 8);
        if best.iter().any(|b| b == name) {
            assert_eq!(mark, "红榜", "{name}");
            assert_eq!(
                board_fills.get(&a1(r, 8)).map(String::as_str),
                Some("FFFFC7CE")
            );
        } else if worst.iter().any(|w| w == name) {
            assert_eq!(mark, "黄榜", "{name}");
            assert_eq!(
                board_fills.get(&a1(r, 8)).map(String::as_str),
                Some("FFFFEB9C")
            );
        } else {
            assert_eq!(mark, "", "{name}");
        }
    }
    assert_eq!(best.len(), 3);

    let (status, _, _) = get(&app, "/api/v1/exports/history.xlsx?year=1999", None).await;
    assert_eq!(status, 404);
    let (status, _, _) = get(&app, "/api/v1/exports/history.xlsx?year=MMXXV", None).await;
    assert_eq!(status, 400);
    app.stop().await;
}

/// Exports are built two at a time: a crowd of anonymous requests for the
/// heaviest file is answered, each with the workbook or a plain 503 BUSY
/// with Retry-After, and the server goes on answering.
async fn a_crowd_of_exports_is_answered_or_told_to_wait(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    let answers = futures_util::future::join_all(
        (0..24).map(|_| get(&app, "/api/v1/exports/history.xlsx?year=2025", None)),
    )
    .await;
    let mut built = 0;
    for (status, headers, body) in answers {
        match status {
            200 => {
                assert_eq!(headers["content-type"], XLSX);
                built += 1;
            }
            503 => {
                assert!(headers.contains_key("retry-after"));
                let body: Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(body["error"]["code"], "BUSY", "{body}");
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(built >= 1, "at least the first ones are built");
    let (status, _, _) = get(&app, "/api/v1/exports/history.xlsx?year=2025", None).await;
    assert_eq!(
        status, 200,
        "a slot is free again once the crowd is answered"
    );
    app.stop().await;
}

fn url_encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

on_both_databases!(
    a_crowd_of_exports_is_answered_or_told_to_wait,
    the_history_downloads_as_csv,
    the_history_workbook_holds_every_date_report_and_unit,
    the_next_period_form_comes_back_as_the_next_report,
    a_report_exports_in_the_official_layout,
    exports_of_xls_and_ods_tables_import_unchanged,
);
