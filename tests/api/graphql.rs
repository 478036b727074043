//! The GraphQL API over HTTP against the real server, on a SQLite file and
//! on PostgreSQL, with the official table and tables made from it.
use std::collections::{BTreeMap, HashMap};

use crate::common::fixtures::{quarter_rows, source_rows, table_xlsx, tidy, Row};
use crate::common::{official, TestApp, TestDb, TOKEN};
use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};

const SNAPSHOT: &str = r#"{
  projects(year: 2025, first: 100) {
    totalCount
    nodes {
      serialNo name goal year
      units { name }
      latest { completionRate rawRate status summary detail expectedRate light serialNo
               report { year period asOf title projectCount } }
      history { rawRate report { asOf } }
    }
  }
  units(year: 2025) { name }
}"#;

fn split_units(text: &str) -> Vec<String> {
    text.split(['、', '\n'])
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
        .collect()
}

fn name_of(goal: &str) -> String {
    goal.split('。').next().unwrap().trim().to_owned()
}

fn rate_of(row: &Row) -> f64 {
    row.rate.trim_end_matches('%').parse().unwrap()
}

/// Expected rate and light computed here, from the contract's words.
fn expected_rate(as_of: NaiveDate) -> f64 {
    let days = if as_of.leap_year() { 366.0 } else { 365.0 };
    (100.0 * f64::from(as_of.ordinal()) / days * 100.0).round() / 100.0
}

fn light(rate: f64, expected: f64) -> &'static str {
    let behind = expected - rate;
    if rate >= 100.0 || behind < 10.0 {
        "GREEN"
    } else if behind <= 30.0 {
        "YELLOW"
    } else {
        "RED"
    }
}

fn by_name(data: &Value) -> HashMap<String, Value> {
    data["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["name"].as_str().unwrap().to_owned(), n.clone()))
        .collect()
}

/// Checks every project of the official table against the source text.
fn assert_official(data: &Value) {
    let (title, rows) = source_rows();
    assert_eq!(data["projects"]["totalCount"], 20);
    let nodes = by_name(data);
    assert_eq!(nodes.len(), 20);
    let q2 = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    for row in &rows {
        let name = name_of(&row.goal);
        let node = nodes
            .get(&name)
            .unwrap_or_else(|| panic!("no project named {name}"));
        assert_eq!(node["year"], 2025);
        assert_eq!(
            tidy(node["goal"].as_str().unwrap()),
            row.goal,
            "goal of {name}"
        );
        let units: Vec<&str> = node["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        assert_eq!(units, split_units(&row.units), "units of {name}");
        let latest = &node["latest"];
        assert_eq!(latest["rawRate"], row.rate.as_str());
        assert_eq!(latest["completionRate"].as_f64(), Some(rate_of(row)));
        let status = match rate_of(row) {
            r if r >= 100.0 => "COMPLETED",
            r if r <= 0.0 => "NOT_STARTED",
            _ => "IN_PROGRESS",
        };
        assert_eq!(latest["status"], status, "status of {name}");
        assert_eq!(
            latest["summary"],
            row.progress.lines().next().unwrap(),
            "summary of {name}"
        );
        assert_eq!(
            tidy(latest["detail"].as_str().unwrap()),
            row.progress,
            "detail of {name}"
        );
        assert_eq!(latest["expectedRate"].as_f64(), Some(49.59));
        assert_eq!(latest["light"], light(rate_of(row), expected_rate(q2)));
        assert_eq!(latest["report"]["period"], "二季度");
        assert_eq!(latest["report"]["asOf"], "2025-06-30");
        assert_eq!(latest["report"]["title"], title.as_str());
        assert_eq!(node["serialNo"].as_i64(), row.serial.parse::<i64>().ok());
        assert_eq!(
            node["history"].as_array().unwrap().len(),
            1,
            "one point per date for {name}"
        );
    }
    let mut units: Vec<String> = rows.iter().flat_map(|r| split_units(&r.units)).collect();
    units.sort();
    units.dedup();
    assert_eq!(units.len(), 21);
    let mut listed: Vec<String> = data["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_owned())
        .collect();
    listed.sort();
    assert_eq!(listed, units);
}

fn assert_serial_warning(run: &Value) {
    let warnings = run["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{run:#}");
    assert_eq!(warnings[0]["row"], 19);
    assert_eq!(warnings[0]["column"], "序号");
    assert_eq!(warnings[0]["sheet"], "Sheet1");
    assert_eq!(warnings[0]["code"], "SERIAL_OUT_OF_SEQUENCE");
    let message = warnings[0]["message"].as_str().unwrap();
    assert!(
        message.contains("117") && message.contains("17"),
        "{message}"
    );
}

async fn every_rendition_reads_the_same(db: &TestDb) {
    // Each rendition on a database of its own reads the same snapshot.
    let mut snapshots = Vec::new();
    for ext in ["xlsx", "xls", "ods"] {
        let own = if db.is_postgres() {
            TestDb::postgres().await
        } else {
            TestDb::sqlite().await
        };
        let app = TestApp::spawn(&own).await;
        let run = app.import(&format!("2025-q2.{ext}"), official(ext)).await;
        assert_eq!(run["status"], "SUCCEEDED", "{ext}: {run:#}");
        assert_eq!(run["trigger"], "UPLOAD");
        assert_eq!(run["rowsRead"], 20);
        assert_eq!(run["projectsCreated"], 20);
        assert_eq!(run["report"]["asOf"], "2025-06-30");
        assert_serial_warning(&run);
        let data = app.data(SNAPSHOT, json!({})).await;
        assert_official(&data);
        snapshots.push(data);
        app.stop().await;
    }
    assert_eq!(snapshots[0], snapshots[1], "xlsx and xls differ");
    assert_eq!(snapshots[0], snapshots[2], "xlsx and ods differ");

    // On one database, the xls and ods copies of the xlsx say the same
    // thing: UNCHANGED, and no revision is made.
    let app = TestApp::spawn(db).await;
    let first = app.import("2025-q2.xlsx", official("xlsx")).await;
    for ext in ["xls", "ods"] {
        let run = app.import(&format!("2025-q2.{ext}"), official(ext)).await;
        assert_eq!(run["status"], "UNCHANGED", "{ext}: {run:#}");
        assert_eq!(run["report"]["id"], first["report"]["id"]);
        assert_eq!(run["projectsUpdated"], 0);
    }
    let data = app
        .data(
            "{ all: reports(year: 2025, includeRevisions: true) { id isRevision } }",
            json!({}),
        )
        .await;
    assert_eq!(data["all"].as_array().unwrap().len(), 1, "{data}");
    app.stop().await;
}

/// A table re-saved (other bytes, same content) is UNCHANGED; a changed
/// rate makes a new snapshot and keeps the old one as a revision.
async fn same_content_in_other_bytes_is_unchanged(db: &TestDb) {
    use std::io::{Cursor, Read, Write};
    let app = TestApp::spawn(db).await;
    let first = app.import("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(first["status"], "SUCCEEDED");
    // Re-saved: every part of the zip written again, uncompressed.
    let mut zip = zip::ZipArchive::new(Cursor::new(official("xlsx"))).unwrap();
    let mut out = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().to_owned();
            let mut body = Vec::new();
            entry.read_to_end(&mut body).unwrap();
            w.start_file(name, stored).unwrap();
            w.write_all(&body).unwrap();
        }
        w.finish().unwrap();
    }
    let resaved = out.into_inner();
    assert_ne!(resaved, official("xlsx"), "other bytes");
    let run = app.import("2025-q2 (resaved).xlsx", resaved).await;
    assert_eq!(run["status"], "UNCHANGED", "{run:#}");
    assert_eq!(run["report"]["id"], first["report"]["id"]);

    let (title, mut rows) = source_rows();
    rows[0].rate = "61%".to_owned();
    let changed = app
        .import("2025-q2 (fixed).xlsx", table_xlsx(&title, &rows))
        .await;
    assert_eq!(changed["status"], "SUCCEEDED", "{changed:#}");
    assert_eq!(changed["projectsUpdated"], 20);
    let first_project = "{ projects(first: 1) { nodes { latest { completionRate } } } }";
    let data = app.data(first_project, json!({})).await;
    assert_eq!(
        data["projects"]["nodes"][0]["latest"]["completionRate"],
        61.0
    );
    // The same fixed table written again (a fresh file) changes nothing.
    let again = app
        .import("2025-q2 (fixed, again).xlsx", table_xlsx(&title, &rows))
        .await;
    assert_eq!(again["status"], "UNCHANGED", "{again:#}");
    assert_eq!(again["report"]["id"], changed["report"]["id"]);
    let data = app
        .data(
            "{ all: reports(year: 2025, includeRevisions: true) { isRevision } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["all"],
        json!([{"isRevision": true}, {"isRevision": false}])
    );
    app.stop().await;
}

async fn reimport_is_unchanged(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let first = app.import("2025-q2.xlsx", official("xlsx")).await;
    let again = app.import("copy-of-q2.xlsx", official("xlsx")).await;
    assert_eq!(first["status"], "SUCCEEDED");
    assert_eq!(again["status"], "UNCHANGED");
    assert_eq!(again["sha256"], first["sha256"]);
    assert_eq!(again["report"]["id"], first["report"]["id"]);
    assert_eq!(again["projectsCreated"], 0);
    let data = app
        .data("{ reports(includeRevisions: true) { id } projects { totalCount } syncRuns { totalCount nodes { status } } }", json!({}))
        .await;
    assert_eq!(data["reports"].as_array().unwrap().len(), 1);
    assert_eq!(data["projects"]["totalCount"], 20);
    assert_eq!(data["syncRuns"]["totalCount"], 2);
    assert_eq!(data["syncRuns"]["nodes"][0]["status"], "UNCHANGED");
    app.stop().await;
}

async fn writes_need_the_token(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    for token in [None, Some("wrong-token"), Some("")] {
        let body = app
            .upload("2025-q2.xlsx", official("xlsx"), token, false)
            .await;
        assert_eq!(body["data"], Value::Null, "{body:#}");
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
            "{body:#}"
        );
        let msg = body["errors"][0]["message"].as_str().unwrap();
        assert!(msg.contains("token"), "{msg}");
    }
    let body = app.gql("mutation { runSync { id } }", json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let data = app
        .data("{ reports(includeRevisions: true) { id } projects { totalCount } syncRuns { totalCount } units { id } }", json!({}))
        .await;
    assert_eq!(data["reports"], json!([]));
    assert_eq!(data["projects"]["totalCount"], 0);
    assert_eq!(data["syncRuns"]["totalCount"], 0);
    assert_eq!(data["units"], json!([]));
    // The right token works, in any case of the scheme word.
    let ok = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("Authorization", format!("bearer {TOKEN}"))
        .json(&json!({"query": "mutation { runSync { id } }"}))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert!(ok.get("errors").is_none(), "{ok:#}");
    app.stop().await;
}

async fn summary_figures(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    let (_, rows) = source_rows();
    let rates: Vec<f64> = rows.iter().map(rate_of).collect();
    let completed = rates.iter().filter(|r| **r >= 100.0).count();
    let average = (rates.iter().sum::<f64>() / rates.len() as f64 * 100.0).round() / 100.0;
    let q = "query($y: Int!, $d: Date) { summary(year: $y, asOf: $d) {
        year asOf projectCount completedCount averageRate byLight { light count }
        byUnit { unit { name } projectCount completedCount averageRate } } }";
    let s = app.data(q, json!({"y": 2025})).await["summary"].clone();
    assert_eq!(s["year"], 2025);
    assert_eq!(s["asOf"], "2025-06-30");
    assert_eq!(s["projectCount"], 20);
    assert_eq!(s["completedCount"], completed);
    assert_eq!(s["averageRate"].as_f64(), Some(average));
    assert_eq!(
        s["byLight"],
        json!([{"light": "GREEN", "count": 20}, {"light": "YELLOW", "count": 0}, {"light": "RED", "count": 0}])
    );
    let mut per_unit: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for row in &rows {
        for u in split_units(&row.units) {
            per_unit.entry(u).or_default().push(rate_of(row));
        }
    }
    let by_unit = s["byUnit"].as_array().unwrap();
    assert_eq!(by_unit.len(), per_unit.len());
    for entry in by_unit {
        let name = entry["unit"]["name"].as_str().unwrap();
        let rates = &per_unit[name];
        assert_eq!(entry["projectCount"], rates.len(), "{name}");
        assert_eq!(
            entry["completedCount"],
            rates.iter().filter(|r| **r >= 100.0).count(),
            "{name}"
        );
        let avg = (rates.iter().sum::<f64>() / rates.len() as f64 * 100.0).round() / 100.0;
        assert_eq!(entry["averageRate"].as_f64(), Some(avg), "{name}");
    }
    assert_eq!(by_unit[0]["unit"]["name"], "区市场监管局");
    assert_eq!(by_unit[0]["projectCount"], 3);
    // A date before any report, and a year with none.
    let early = app.data(q, json!({"y": 2025, "d": "2025-03-31"})).await["summary"].clone();
    assert_eq!(early["asOf"], Value::Null);
    assert_eq!(early["projectCount"], 0);
    let none = app.data(q, json!({"y": 2024})).await["summary"].clone();
    assert_eq!(none["projectCount"], 0);
    assert_eq!(none["averageRate"], Value::Null);
    let bad = app.gql(q, json!({"y": 2025, "d": "30/06/2025"})).await;
    assert!(
        bad["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("YYYY-MM-DD"),
        "{bad:#}"
    );
    app.stop().await;
}

async fn a_year_of_quarters_out_of_order(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let mut q3 = quarter_rows(20);
    q3[16].serial = "17".to_owned(); // the typo is fixed in Q3
    let q1 = quarter_rows(-30);
    let q3_run = app
        .import(
            "q3.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（三季度）", &q3),
        )
        .await;
    assert_eq!(q3_run["status"], "SUCCEEDED", "{q3_run:#}");
    assert_eq!(q3_run["warnings"], json!([]));
    app.import("2025-q2.xls", official("xls")).await;
    let q1_run = app
        .import(
            "q1.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（1-3月）", &q1),
        )
        .await;
    assert_eq!(q1_run["report"]["asOf"], "2025-03-31");
    assert_eq!(q1_run["projectsCreated"], 0);
    assert_eq!(q1_run["projectsUpdated"], 20);

    let data = app.data(SNAPSHOT, json!({})).await;
    assert_eq!(
        data["projects"]["totalCount"], 20,
        "a serial typo never makes a second project"
    );
    let (_, q2) = source_rows();
    let nodes = by_name(&data);
    let dates = [
        NaiveDate::from_ymd_opt(2025, 3, 31).unwrap(),
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
        NaiveDate::from_ymd_opt(2025, 9, 30).unwrap(),
    ];
    for (i, row) in q2.iter().enumerate() {
        let node = &nodes[&name_of(&row.goal)];
        let history = node["history"].as_array().unwrap();
        let got: Vec<(&str, &str)> = history
            .iter()
            .map(|h| {
                (
                    h["report"]["asOf"].as_str().unwrap(),
                    h["rawRate"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("2025-03-31", q1[i].rate.as_str()),
                ("2025-06-30", row.rate.as_str()),
                ("2025-09-30", q3[i].rate.as_str())
            ]
        );
        // Latest is Q3 whatever the import order; its serial wins.
        assert_eq!(node["latest"]["report"]["period"], "三季度");
        assert_eq!(node["serialNo"].as_i64(), Some(i as i64 + 1));
        let rate = rate_of(&q3[i]);
        assert_eq!(
            node["latest"]["light"],
            light(rate, expected_rate(dates[2]))
        );
    }
    // The summary at a date between reports uses the latest on or before it.
    let s = app
        .data(
            "{ summary(year: 2025, asOf: \"2025-07-15\") { asOf byLight { light count } } }",
            json!({}),
        )
        .await;
    assert_eq!(s["summary"]["asOf"], "2025-06-30");
    let q1s = app
        .data(
            "{ summary(year: 2025, asOf: \"2025-03-31\") { byLight { light count } } }",
            json!({}),
        )
        .await;
    let mut expected = BTreeMap::from([("GREEN", 0), ("YELLOW", 0), ("RED", 0)]);
    for r in &q1 {
        *expected
            .get_mut(light(rate_of(r), expected_rate(dates[0])))
            .unwrap() += 1;
    }
    for lc in q1s["summary"]["byLight"].as_array().unwrap() {
        assert_eq!(lc["count"], expected[lc["light"].as_str().unwrap()], "{lc}");
    }
    let reports = app
        .data(
            "{ reports(year: 2025) { period asOf projectCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        reports["reports"],
        json!([
            {"period": "1-3月", "asOf": "2025-03-31", "projectCount": 20},
            {"period": "二季度", "asOf": "2025-06-30", "projectCount": 20},
            {"period": "三季度", "asOf": "2025-09-30", "projectCount": 20},
        ])
    );
    app.stop().await;
}

async fn dry_run_writes_only_the_run(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let body = app
        .upload("2025-q2.ods", official("ods"), Some(TOKEN), true)
        .await;
    let run = &body["data"]["uploadSpreadsheet"];
    assert_eq!(run["status"], "DRY_RUN", "{body:#}");
    assert_eq!(run["rowsRead"], 20);
    assert_eq!(run["projectsCreated"], 20);
    assert_eq!(run["report"], Value::Null);
    // What the table was read as, before anything is written.
    assert_eq!(run["year"], 2025);
    assert_eq!(run["period"], "二季度");
    assert_eq!(run["asOf"], "2025-06-30");
    assert_eq!(run["title"], "2025年民生实事项目进展情况调度表（二季度）");
    assert_eq!(run["replaces"], Value::Null, "a new date replaces nothing");
    assert_serial_warning(run);
    let data = app
        .data("{ reports(includeRevisions: true) { id } projects { totalCount } units { id } syncRuns { totalCount } }", json!({}))
        .await;
    assert_eq!(data["reports"], json!([]));
    assert_eq!(data["projects"]["totalCount"], 0);
    assert_eq!(data["units"], json!([]));
    assert_eq!(data["syncRuns"]["totalCount"], 1);

    // Once the date is held, a dry run of another table for it names the
    // report the import would replace; a real import names none.
    let held = app.import("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(held["replaces"], Value::Null);
    let (title, rows) = source_rows();
    let body = app
        .upload(
            "2025-q2-fixed.xlsx",
            table_xlsx(&title, &rows[..19]),
            Some(TOKEN),
            true,
        )
        .await;
    let run = &body["data"]["uploadSpreadsheet"];
    assert_eq!(run["status"], "DRY_RUN", "{body:#}");
    assert_eq!(run["replaces"]["id"], held["report"]["id"], "{body:#}");
    assert_eq!(run["projectsUpdated"], 19, "{body:#}");
    app.stop().await;
}

async fn bad_files_fail_cleanly(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let xlsx = official("xlsx");
    let (title, rows) = source_rows();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "notes.txt",
            "序号,任务目标\n1,x\n".as_bytes().to_vec(),
            "NOT_A_SPREADSHEET",
        ),
        ("empty.xlsx", Vec::new(), "EMPTY_FILE"),
        (
            "cut.xlsx",
            xlsx[..xlsx.len() / 2].to_vec(),
            "UNREADABLE_FILE",
        ),
        (
            "header-only.xlsx",
            table_xlsx(&title, &[]),
            "NO_PROJECT_ROWS",
        ),
        (
            "no-year.xlsx",
            table_xlsx("民生实事项目进展情况调度表（二季度）", &rows),
            "NO_YEAR",
        ),
        (
            "2025-no-period.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表", &rows),
            "NO_PERIOD",
        ),
    ];
    for (name, bytes, code) in cases {
        let run = app.import(name, bytes).await;
        assert_eq!(run["status"], "FAILED", "{name}: {run:#}");
        assert_eq!(run["error"]["code"], code, "{name}: {run:#}");
        assert!(run["error"]["message"].as_str().unwrap().len() > 20);
        assert_eq!(run["report"], Value::Null);
    }
    let data = app
        .data("{ reports(includeRevisions: true) { id } projects { totalCount } syncRuns(first: 100) { totalCount nodes { status error { code } } } }", json!({}))
        .await;
    assert_eq!(data["reports"], json!([]));
    assert_eq!(data["projects"]["totalCount"], 0);
    assert_eq!(data["syncRuns"]["totalCount"], 6);
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    app.stop().await;
}

async fn filters_and_paging(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("2025-q2.xlsx", official("xlsx")).await;
    let (_, rows) = source_rows();
    let count = |q: &str, v: Value| {
        let app = &app;
        let q = q.to_owned();
        async move {
            app.data(&q, v).await["projects"]["totalCount"]
                .as_i64()
                .unwrap()
        }
    };
    let q = "query($u: String, $s: ProgressStatus, $l: Light, $t: String, $y: Int) {
        projects(unit: $u, status: $s, light: $l, search: $t, year: $y) { totalCount } }";
    let with_unit = rows
        .iter()
        .filter(|r| split_units(&r.units).contains(&"区市场监管局".to_owned()))
        .count() as i64;
    assert_eq!(count(q, json!({"u": "区市场监管局"})).await, with_unit);
    assert_eq!(
        count(q, json!({"u": "国开集团"})).await,
        1,
        "co-units count"
    );
    assert_eq!(count(q, json!({"u": "没有这个单位"})).await, 0);
    let done = rows.iter().filter(|r| rate_of(r) >= 100.0).count() as i64;
    assert_eq!(count(q, json!({"s": "COMPLETED"})).await, done);
    assert_eq!(count(q, json!({"s": "IN_PROGRESS"})).await, 20 - done);
    assert_eq!(count(q, json!({"l": "GREEN"})).await, 20);
    assert_eq!(count(q, json!({"l": "RED"})).await, 0);
    for needle in ["人工智能", "公交", "压疮"] {
        let expected = rows
            .iter()
            .filter(|r| r.goal.contains(needle) || r.progress.contains(needle))
            .count() as i64;
        assert!(expected > 0);
        assert_eq!(count(q, json!({"t": needle})).await, expected, "{needle}");
    }
    assert_eq!(count(q, json!({"y": 2024})).await, 0);
    assert_eq!(
        count(q, json!({"y": 2025, "u": "区教体局", "s": "COMPLETED"})).await,
        1
    );

    // Relay paging: pages of 7 cover all 20 once, in serial order.
    let page = "query($after: String) { projects(first: 7, after: $after) {
        totalCount edges { cursor node { id serialNo } } nodes { id } pageInfo { hasNextPage endCursor } } }";
    let (mut after, mut seen) = (Value::Null, Vec::new());
    loop {
        let p = app.data(page, json!({"after": after})).await["projects"].clone();
        assert_eq!(p["totalCount"], 20);
        let edges = p["edges"].as_array().unwrap();
        let ids: Vec<&Value> = p["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| &n["id"])
            .collect();
        assert_eq!(
            ids,
            edges.iter().map(|e| &e["node"]["id"]).collect::<Vec<_>>()
        );
        seen.extend(
            edges
                .iter()
                .map(|e| e["node"]["serialNo"].as_i64().unwrap()),
        );
        assert_eq!(p["pageInfo"]["endCursor"], edges.last().unwrap()["cursor"]);
        if p["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = p["pageInfo"]["endCursor"].clone();
    }
    let mut expected: Vec<i64> = rows.iter().map(|r| r.serial.parse().unwrap()).collect();
    expected.sort();
    assert_eq!(seen, expected);
    // Numbered pages: offset (N-1)*size is the page `after` reaches.
    let numbered = "query($offset: Int) { projects(first: 7, offset: $offset) {
        totalCount nodes { serialNo } pageInfo { hasNextPage hasPreviousPage } } }";
    for (n, want) in expected.chunks(7).enumerate() {
        let p = app.data(numbered, json!({"offset": n * 7})).await["projects"].clone();
        let got: Vec<i64> = p["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["serialNo"].as_i64().unwrap())
            .collect();
        assert_eq!(got, want, "page {}", n + 1);
        assert_eq!(p["pageInfo"]["hasNextPage"], (n + 1) * 7 < 20);
    }
    let past = app.data(numbered, json!({"offset": 40})).await;
    assert_eq!(past["projects"]["nodes"], json!([]));
    for bad in [
        "{ projects(offset: -1) { totalCount } }",
        "{ projects(offset: 7, after: \"b2Zmc2V0OjY\") { totalCount } }",
    ] {
        let e = app.gql(bad, json!({})).await;
        assert_eq!(
            e["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{bad}"
        );
    }
    let too_many = app
        .gql("{ projects(first: 1000) { totalCount } }", json!({}))
        .await;
    assert_eq!(
        too_many["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    let bad_cursor = app
        .gql(
            "{ projects(after: \"nonsense\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        bad_cursor["errors"][0]["extensions"]["code"],
        "BAD_USER_INPUT"
    );
    app.stop().await;
}

async fn lookups_by_id(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let run = app.import("2025-q2.xlsx", official("xlsx")).await;
    let report_id = run["report"]["id"].clone();
    let r = app
        .data(
            "query($id: ID!) { report(id: $id) { id year period asOf title sourceName sha256 importedAt projectCount } }",
            json!({"id": report_id}),
        )
        .await;
    assert_eq!(r["report"]["sourceName"], "2025-q2.xlsx");
    assert_eq!(r["report"]["sha256"], run["sha256"]);
    assert_eq!(r["report"]["projectCount"], 20);
    assert!(r["report"]["importedAt"].as_str().unwrap().contains('T'));
    let first = app
        .data("{ projects(first: 1) { nodes { id name } } }", json!({}))
        .await;
    let id = first["projects"]["nodes"][0]["id"].clone();
    let p = app
        .data("query($id: ID!) { project(id: $id) { id name units { name projects(year: 2025) { id } } } }", json!({"id": id}))
        .await;
    assert_eq!(p["project"]["name"], first["projects"]["nodes"][0]["name"]);
    assert_eq!(p["project"]["units"][0]["name"], "区人社局");
    assert_eq!(p["project"]["units"][0]["projects"], json!([{"id": id}]));
    let missing = app
        .data(
            "{ project(id: \"999999\") { id } report(id: \"999999\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(missing, json!({"project": null, "report": null}));
    let bad = app.gql("{ project(id: \"abc\") { id } }", json!({})).await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    app.stop().await;
}

async fn http_surface(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let health = app
        .client
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<Value>().await.unwrap(),
        json!({"status": "ok"})
    );
    let page = app
        .client
        .get(format!("{}/playground", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .to_lowercase()
        .contains("graphiql"));
    let get = app
        .client
        .get(format!("{}/graphql", app.base))
        .query(&[("query", "{ reports { id } }")])
        .send()
        .await
        .unwrap();
    assert_eq!(get.status(), 200);
    assert_eq!(
        get.json::<Value>().await.unwrap(),
        json!({"data": {"reports": []}})
    );
    let mutation = app
        .client
        .get(format!("{}/graphql", app.base))
        .query(&[("query", "mutation { runSync { id } }")])
        .header("Authorization", format!("Bearer {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(mutation.status(), 405);
    app.stop().await;
}

async fn example_data_seeds_an_empty_database(db: &TestDb) {
    let mut config = crate::common::test_config(db);
    config.example_data = true;
    let app = TestApp::spawn_with(config.clone()).await;
    let data = app
        .data(
            "{ projects { totalCount } syncRuns { nodes { trigger status source } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["projects"]["totalCount"], 20);
    assert_eq!(data["syncRuns"]["nodes"][0]["trigger"], "EXAMPLE");
    app.stop().await;
    // A second start finds a report and imports nothing.
    let app = TestApp::spawn_with(config).await;
    let data = app
        .data("{ reports { id } syncRuns { totalCount } }", json!({}))
        .await;
    assert_eq!(data["reports"].as_array().unwrap().len(), 1);
    assert_eq!(data["syncRuns"]["totalCount"], 1);
    app.stop().await;
}

on_both_databases!(
    every_rendition_reads_the_same,
    same_content_in_other_bytes_is_unchanged,
    reimport_is_unchanged,
    writes_need_the_token,
    summary_figures,
    a_year_of_quarters_out_of_order,
    dry_run_writes_only_the_run,
    bad_files_fail_cleanly,
    filters_and_paging,
    lookups_by_id,
    http_surface,
    example_data_seeds_an_empty_database,
);
