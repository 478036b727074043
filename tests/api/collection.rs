//! The period's collection loop as the office runs it: Q2 held, each unit's
//! next-period form exported, filled in and re-saved by openpyxl (as a
//! unit's clerk would in Excel or WPS), and uploaded one after another:
//! the returns merge into one 三季度 report, the units that sent nothing
//! keep Q2, every unit still gets its form, `collection` says who has
//! returned and when, the deadline is set, and a whole table afterwards
//! replaces the date keeping the revisions. Also an unmarked table merged
//! on request (the REST `merge` field).

use std::process::Command;

use crate::common::fixtures::{quarter_rows, table_xlsx};
use crate::common::{official, TestApp, TestDb};
use serde_json::{json, Value};

fn have_openpyxl() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .is_ok_and(|s| s.success());
    let required = std::env::var("SHISHI_REQUIRE_DOCS").is_ok_and(|v| v == "1");
    assert!(
        ok || !required,
        "openpyxl is required (SHISHI_REQUIRE_DOCS=1)"
    );
    if !ok {
        eprintln!("SKIPPED: no openpyxl; pip install openpyxl");
    }
    ok
}

/// The form filled in as a clerk would: each project's 完成率 set to
/// `rate`, its 进展情况 to a sentence saying so, saved again by openpyxl.
fn fill_in(form: &[u8], rate: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("form.xlsx");
    std::fs::write(&path, form).unwrap();
    let script = r#"
import sys, openpyxl
path, rate = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(path)
ws = wb.worksheets[0]
for row in ws.iter_rows(min_row=3):
    if row[1].value:
        row[3].value = "目前，已完成年度计划" + rate + "。\n持续推进。"
        row[4].value = rate
wb.save(path)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .arg(rate)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&path).unwrap()
}

async fn get(app: &TestApp, path: &str) -> (u16, Vec<u8>) {
    let resp = app
        .client
        .get(format!("{}{path}", app.base))
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.bytes().await.unwrap().to_vec())
}

/// Each project's latest entry: (serial, period, rate).
async fn latest(app: &TestApp) -> Vec<(i64, String, Option<f64>, Vec<String>)> {
    let data = app
        .data(
            "{ projects(year: 2025, first: 100) { nodes { serialNo units { name }
                 latest { completionRate report { period } } } } }",
            json!({}),
        )
        .await;
    data["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["serialNo"].as_i64().unwrap(),
                p["latest"]["report"]["period"].as_str().unwrap().to_owned(),
                p["latest"]["completionRate"].as_f64(),
                p["units"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u["name"].as_str().unwrap().to_owned())
                    .collect(),
            )
        })
        .collect()
}

const COLLECTION: &str = "query($d: Date) { collection(year: 2025, asOf: $d) { year period asOf deadline
    returnedCount missingCount units { unit { name } returned returnedAt run { id source } projectCount } } }";

async fn returns_merge_into_one_period(db: &TestDb) {
    if !have_openpyxl() {
        return;
    }
    let app = TestApp::spawn(db).await;
    let run = app.import("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(run["status"], "SUCCEEDED");
    let before = latest(&app).await;
    let leads = |unit: &str| -> Vec<i64> {
        before
            .iter()
            .filter(|(_, _, _, us)| us.iter().any(|u| u == unit))
            .map(|(s, ..)| *s)
            .collect()
    };
    let (edu, hr) = ("区教体局", "区人社局");
    assert!(leads(edu).len() >= 2 && !leads(hr).is_empty());

    // Two units' returns, one after the other.
    let edu_form = fill_in(&app.next_period_form(edu).await, "90%");
    let hr_form = fill_in(&app.next_period_form(hr).await, "80%");
    let first = app.import("教体局三季度.xlsx", edu_form).await;
    assert_eq!(first["status"], "SUCCEEDED", "{first:#}");
    assert_eq!(first["period"], "三季度");
    assert_eq!(first["asOf"], "2025-09-30");
    let codes: Vec<&str> = first["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert!(
        !codes.contains(&"SERIAL_OUT_OF_SEQUENCE"),
        "a unit's rows are in its form's order: {first:#}"
    );
    // A unit whose form was not exported before the first return gets its
    // form all the same, still 三季度's, cut from Q2.
    let late = app.next_period_form("区民政局").await;
    assert!(!late.is_empty());
    let second = app.import("人社局三季度.xlsx", hr_form.clone()).await;
    assert_eq!(second["status"], "SUCCEEDED", "{second:#}");
    assert_eq!(second["report"]["asOf"], "2025-09-30");
    // The same return re-saved (other bytes, the same rows): nothing new,
    // and the other unit's return stays.
    let again = app
        .import("人社局三季度（再存）.xlsx", fill_in(&hr_form, "80%"))
        .await;
    assert_eq!(again["status"], "UNCHANGED", "{again:#}");
    assert_eq!(again["report"]["id"], second["report"]["id"]);

    // One 三季度 report holds both returns; the others keep Q2.
    let after = latest(&app).await;
    for (serial, period, rate, units) in &after {
        let returned = units.iter().any(|u| u == edu || u == hr);
        if returned {
            assert_eq!(period, "三季度", "project {serial}");
            let want = if units.iter().any(|u| u == edu) {
                90.0
            } else {
                80.0
            };
            assert_eq!(*rate, Some(want), "project {serial}");
        } else {
            let held = before.iter().find(|b| b.0 == *serial).unwrap();
            assert_eq!(period, "二季度", "project {serial} keeps Q2");
            assert_eq!(*rate, held.2, "project {serial}");
        }
    }
    let reports = app
        .data(
            "{ reports(includeRevisions: true) { period asOf projectCount replacedBy { id } } }",
            json!({}),
        )
        .await;
    let q3: Vec<&Value> = reports["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["asOf"] == "2025-09-30")
        .collect();
    assert_eq!(
        q3.len(),
        2,
        "the first return kept as a revision: {reports:#}"
    );
    let current: Vec<&&Value> = q3.iter().filter(|r| r["replacedBy"].is_null()).collect();
    assert_eq!(current.len(), 1);
    let returned_projects = (leads(edu).len() + leads(hr).len()) as i64;
    assert!(current[0]["projectCount"].as_i64().unwrap() >= returned_projects - 1);

    // Who has returned.
    let c = &app.data(COLLECTION, json!({})).await["collection"];
    assert_eq!(c["period"], "三季度");
    assert_eq!(c["asOf"], "2025-09-30");
    let units = c["units"].as_array().unwrap();
    let returned: Vec<&str> = units
        .iter()
        .filter(|u| u["returned"] == true)
        .map(|u| u["unit"]["name"].as_str().unwrap())
        .collect();
    let mut want: Vec<&str> = vec![edu, hr];
    want.retain(|u| units.iter().any(|x| x["unit"]["name"] == *u));
    assert_eq!(returned.len(), want.len(), "{c:#}");
    for u in &want {
        assert!(returned.contains(u), "{u} returned: {c:#}");
    }
    assert_eq!(c["returnedCount"], want.len());
    assert_eq!(c["missingCount"], units.len() - want.len());
    let edu_return = units.iter().find(|u| u["unit"]["name"] == edu).unwrap();
    assert_eq!(edu_return["run"]["id"], first["id"]);
    assert!(edu_return["returnedAt"].is_string());
    let led: i64 = units
        .iter()
        .map(|u| u["projectCount"].as_i64().unwrap())
        .sum();
    assert_eq!(led, 20, "every project of Q2 is a unit's to return");

    // The deadline, with the token.
    let body = app
        .gql(
            "mutation { setCollectionDeadline(year: 2025, asOf: \"2025-09-30\", deadline: \"2025-10-08T09:00:00Z\") { deadline } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{body:#}"
    );
    let set = app
        .gql_with_token(
            "mutation { setCollectionDeadline(year: 2025, asOf: \"2025-09-30\", deadline: \"2025-10-08T09:00:00Z\") { deadline } }",
        )
        .await;
    assert_eq!(
        set["data"]["setCollectionDeadline"]["deadline"], "2025-10-08T09:00:00+00:00",
        "{set:#}"
    );
    let c = &app.data(COLLECTION, json!({})).await["collection"];
    assert_eq!(c["deadline"], "2025-10-08T09:00:00+00:00");

    // A whole table of the period afterwards replaces it, the returns kept
    // as revisions, and every unit counts as returned.
    let whole = app
        .import(
            "2025-q3.xlsx",
            table_xlsx(
                "2025年民生实事项目进展情况调度表（三季度）",
                &quarter_rows(20),
            ),
        )
        .await;
    assert_eq!(whole["status"], "SUCCEEDED", "{whole:#}");
    let after = latest(&app).await;
    assert!(after.iter().all(|(_, period, ..)| period == "三季度"));
    let reports = app
        .data("{ reports(includeRevisions: true) { asOf } }", json!({}))
        .await;
    let q3 = reports["reports"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["asOf"] == "2025-09-30")
        .count();
    assert_eq!(q3, 3, "two returns and the whole table");
    let c = &app.data(COLLECTION, json!({})).await["collection"];
    assert_eq!(c["missingCount"], 0, "{c:#}");
    // The forms are now the next period's, cut from the whole 三季度.
    let form = app.next_period_form(edu).await;
    let text = first_cell(&form);
    assert!(text.contains("四季度"), "{text}");
    app.stop().await;
}

/// The first sheet's first cell (the title) of an xlsx.
fn first_cell(xlsx: &[u8]) -> String {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range.get((0, 0)).map(|c| c.to_string()).unwrap_or_default()
}

/// An unmarked table merges when asked (REST `merge=true`): its projects
/// get the period's entry and the rest keep what the period holds.
async fn an_unmarked_table_merges_when_asked(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let q3 = quarter_rows(20);
    let run = app
        .import(
            "2025-q3.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（三季度）", &q3),
        )
        .await;
    assert_eq!(run["status"], "SUCCEEDED");
    // A correction of two projects only.
    let mut fix: Vec<_> = q3.iter().take(2).cloned().collect();
    for r in &mut fix {
        r.rate = "99%".to_owned();
    }
    let form = crate::common::file_form(
        "更正.xlsx",
        table_xlsx("2025年民生实事项目进展情况调度表（三季度）", &fix),
    )
    .text("merge", "true");
    let (_, body) = app.rest_upload(form).await;
    assert_eq!(body["status"], "SUCCEEDED", "{body:#}");
    let after = latest(&app).await;
    assert_eq!(after.len(), 20, "nothing lost");
    for (serial, period, rate, _) in &after {
        assert_eq!(period, "三季度");
        let want = if *serial <= 2 {
            99.0
        } else {
            q3[(*serial as usize).min(20) - 1]
                .rate
                .trim_end_matches('%')
                .parse()
                .unwrap()
        };
        if *serial != 117 {
            assert_eq!(*rate, Some(want), "project {serial}");
        }
    }
    let bad = crate::common::file_form("x.xlsx", b"x".to_vec()).text("merge", "maybe");
    let (status, _) = app.rest_upload(bad).await;
    assert_eq!(status, 400);
    app.stop().await;
}

on_both_databases!(
    returns_merge_into_one_period,
    an_unmarked_table_merges_when_asked
);
