//! The state kept at import (each project's latest entry, rate, status,
//! light, change; the search index; the figures) against the judgement of
//! each project's whole history, which the API still gives per entry
//! (`history { light delta }`): after tables came out of order, a date's
//! table was replaced, and after the state was dropped and refilled at
//! start as for a database from before it was kept.
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};

use crate::common::fixtures::{quarter_rows, table_xlsx};
use crate::common::{official, repo, TestApp, TestDb};

/// A project as its history judges it: at its latest date, or at `as_of`.
#[derive(Debug, Clone)]
struct Judged {
    id: String,
    serial: Option<i64>,
    name: String,
    goal: String,
    entry: Option<Value>,
    delta: Option<f64>,
    /// Not completed, and the same rate (or none) as the entry before.
    stalled: bool,
}

async fn judged(app: &TestApp, as_of: Option<&str>) -> Vec<Judged> {
    let data = app
        .data(
            "{ projects(year: 2025, first: 100) { nodes { id serialNo name goal
                history { completionRate status light detail report { asOf } } } } }",
            json!({}),
        )
        .await;
    data["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let history: Vec<&Value> = p["history"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|h| as_of.is_none_or(|d| h["report"]["asOf"].as_str().unwrap() <= d))
                .collect();
            let entry = history.last().map(|e| (*e).clone());
            let delta = match (history.len(), entry.as_ref()) {
                (n, Some(e)) if n >= 2 => {
                    match (
                        e["completionRate"].as_f64(),
                        history[n - 2]["completionRate"].as_f64(),
                    ) {
                        (Some(a), Some(b)) => Some(((a - b) * 100.0).round() / 100.0),
                        _ => None,
                    }
                }
                _ => None,
            };
            let n = history.len();
            let stalled = n >= 2
                && history[n - 1]["status"] != "COMPLETED"
                && history[n - 1]["completionRate"] == history[n - 2]["completionRate"];
            Judged {
                id: p["id"].as_str().unwrap().to_owned(),
                serial: p["serialNo"].as_i64(),
                name: p["name"].as_str().unwrap().to_owned(),
                goal: p["goal"].as_str().unwrap().to_owned(),
                entry,
                delta,
                stalled,
            }
        })
        .collect()
}

/// The ids `projects(...)` lists with `args`, in its order, with the date
/// of each edge's entry.
async fn listed(app: &TestApp, args: &str) -> Vec<(String, Option<String>)> {
    let q = format!(
        "{{ projects(year: 2025, first: 100{args}) {{ totalCount edges {{ node {{ id }} progress {{ report {{ asOf }} }} }} }} }}"
    );
    let data = app.data(&q, json!({})).await;
    let edges = data["projects"]["edges"].as_array().unwrap();
    assert_eq!(
        data["projects"]["totalCount"].as_u64().unwrap() as usize,
        edges.len(),
        "{args}"
    );
    edges
        .iter()
        .map(|e| {
            (
                e["node"]["id"].as_str().unwrap().to_owned(),
                e["progress"]["report"]["asOf"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

/// The project ids `projects(...)` lists with `args`, in its order.
async fn listed_ids(app: &TestApp, args: &str) -> Vec<String> {
    listed(app, args)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

/// The ids of `projects` (in serial order) for which `keep` holds.
fn ids_where(projects: &[&Judged], keep: impl Fn(&Judged) -> bool) -> Vec<String> {
    projects
        .iter()
        .filter(|p| keep(p))
        .map(|p| p.id.clone())
        .collect()
}

fn severity(p: &Judged) -> Option<u8> {
    p.entry
        .as_ref()
        .map(|e| match e["light"].as_str().unwrap() {
            "GREEN" => 0,
            "YELLOW" => 1,
            _ => 2,
        })
}

fn rate(p: &Judged) -> Option<f64> {
    p.entry.as_ref().and_then(|e| e["completionRate"].as_f64())
}

/// Unknown values last whichever the direction, ties in serial order (the
/// judged list is in serial order and the sort is stable).
fn sorted<T: PartialOrd>(
    projects: &[Judged],
    key: impl Fn(&Judged) -> Option<T>,
    descending: bool,
) -> Vec<String> {
    let mut out: Vec<&Judged> = projects.iter().collect();
    out.sort_by(|a, b| match (key(a), key(b)) {
        (Some(x), Some(y)) => {
            let o = x.partial_cmp(&y).unwrap_or(Ordering::Equal);
            if descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    out.into_iter().map(|p| p.id.clone()).collect()
}

/// Every filter and order of `projects` (at `as_of` when given) lists what
/// the histories say, in the order they say.
async fn state_matches_history(app: &TestApp, as_of: Option<&str>) {
    let all = judged(app, as_of).await;
    let at = as_of
        .map(|d| format!(", asOf: \"{d}\""))
        .unwrap_or_default();
    // Without asOf every project is listed; with it, those with an entry.
    let present: Vec<&Judged> = all
        .iter()
        .filter(|p| as_of.is_none() || p.entry.is_some())
        .collect();

    // The edge's entry is the judged one.
    let serial = listed(app, &at).await;
    assert_eq!(
        serial,
        present
            .iter()
            .map(|p| (
                p.id.clone(),
                p.entry
                    .as_ref()
                    .map(|e| e["report"]["asOf"].as_str().unwrap().to_owned())
            ))
            .collect::<Vec<_>>(),
        "serial order {at}"
    );
    let field_is = |field: &'static str, value: &'static str| {
        move |p: &Judged| p.entry.as_ref().is_some_and(|e| e[field] == value)
    };
    for light in ["GREEN", "YELLOW", "RED"] {
        let want = ids_where(&present, field_is("light", light));
        let got = listed_ids(app, &format!("{at}, light: {light}")).await;
        assert_eq!(got, want, "light {light} {at}");
    }
    for stalled in [true, false] {
        let want = ids_where(&present, |p| p.stalled == stalled);
        let got = listed_ids(app, &format!("{at}, stalled: {stalled}")).await;
        assert_eq!(got, want, "stalled {stalled} {at}");
    }
    for status in ["NOT_STARTED", "IN_PROGRESS", "COMPLETED"] {
        let want = ids_where(&present, field_is("status", status));
        let got = listed_ids(app, &format!("{at}, status: {status}")).await;
        assert_eq!(got, want, "status {status} {at}");
    }
    let want = ids_where(&present, |p| {
        rate(p).is_some_and(|r| (40.0..=90.0).contains(&r))
    });
    let got = listed_ids(app, &format!("{at}, minRate: 40, maxRate: 90")).await;
    assert_eq!(got, want, "rates {at}");

    let owned: Vec<Judged> = present.iter().map(|p| (*p).clone()).collect();
    for (field, descending, want) in [
        ("LIGHT", true, sorted(&owned, severity, true)),
        ("LIGHT", false, sorted(&owned, severity, false)),
        ("RATE", true, sorted(&owned, rate, true)),
        ("RATE", false, sorted(&owned, rate, false)),
        ("RATE_CHANGE", true, sorted(&owned, |p| p.delta, true)),
        ("RATE_CHANGE", false, sorted(&owned, |p| p.delta, false)),
        (
            "NAME",
            false,
            sorted(&owned, |p| Some(p.name.clone()), false),
        ),
        ("NAME", true, sorted(&owned, |p| Some(p.name.clone()), true)),
    ] {
        let dir = if descending { "DESC" } else { "ASC" };
        let got = listed_ids(
            app,
            &format!("{at}, orderBy: {{field: {field}, direction: {dir}}}"),
        )
        .await;
        assert_eq!(got, want, "{field} {dir} {at}");
    }
    let mut reversed = ids_where(&present, |_| true);
    reversed.reverse();
    let got = listed_ids(
        app,
        &format!("{at}, orderBy: {{field: SERIAL, direction: DESC}}"),
    )
    .await;
    assert_eq!(got, reversed, "serial desc {at}");

    // Search: two characters (the index alone), longer (checked), one
    // character (scanned), Latin case, and text only an older entry held.
    for needle in [
        "养老",
        "公交线路",
        "压疮治愈率",
        "人",
        "ai",
        "AI",
        "三季度新进展",
        "没有这样的词",
    ] {
        let n = needle.to_lowercase();
        let want = ids_where(&present, |p| {
            p.name.to_lowercase().contains(&n)
                || p.goal.to_lowercase().contains(&n)
                || p.entry
                    .as_ref()
                    .is_some_and(|e| e["detail"].as_str().unwrap().to_lowercase().contains(&n))
        });
        let got = listed_ids(app, &format!("{at}, search: \"{needle}\"")).await;
        assert_eq!(got, want, "search {needle} {at}");
    }
}

/// The figures of the latest report equal the entries' own lights and
/// rates, in total and per unit.
async fn figures_match_entries(app: &TestApp) {
    let data = app
        .data(
            "{ summary(year: 2025) { projectCount completedCount averageRate byLight { light count }
                 byUnit { unit { name } projectCount completedCount averageRate byLight { light count } } }
               reports(year: 2025) { id asOf byLight { light count } byStatus { status count } } }",
            json!({}),
        )
        .await;
    let mut reports = Vec::new();
    for r in data["reports"].as_array().unwrap() {
        let entries = app
            .data(
                "query($id: ID!) { report(id: $id) {
                   entries(first: 100) { totalCount nodes { light status completionRate project { units { name } } } }
                   red: entries(first: 100, light: RED) { totalCount } } }",
                json!({"id": r["id"]}),
            )
            .await;
        let mut r = r.clone();
        r["entries"] = entries["report"]["entries"].clone();
        r["red"] = entries["report"]["red"].clone();
        reports.push(r);
    }
    for r in &reports {
        let nodes = r["entries"]["nodes"].as_array().unwrap();
        for light in ["GREEN", "YELLOW", "RED"] {
            let n = nodes.iter().filter(|e| e["light"] == light).count();
            let got = r["byLight"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["light"] == light)
                .unwrap()["count"]
                .as_u64()
                .unwrap() as usize;
            assert_eq!(got, n, "{} {light}", r["asOf"]);
            if light == "RED" {
                assert_eq!(r["red"]["totalCount"].as_u64().unwrap() as usize, n);
            }
        }
        for s in r["byStatus"].as_array().unwrap() {
            let n = nodes.iter().filter(|e| e["status"] == s["status"]).count();
            assert_eq!(s["count"].as_u64().unwrap() as usize, n, "{}", r["asOf"]);
        }
    }
    let latest = reports.last().unwrap()["entries"]["nodes"]
        .as_array()
        .unwrap();
    let average = |es: &[&Value]| -> Option<f64> {
        let rates: Vec<f64> = es
            .iter()
            .filter_map(|e| e["completionRate"].as_f64())
            .collect();
        (!rates.is_empty())
            .then(|| ((rates.iter().sum::<f64>() / rates.len() as f64) * 100.0).round() / 100.0)
    };
    let s = &data["summary"];
    let all: Vec<&Value> = latest.iter().collect();
    assert_eq!(s["projectCount"].as_u64().unwrap() as usize, all.len());
    assert_eq!(s["averageRate"].as_f64(), average(&all));
    let mut per_unit: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for e in latest {
        let units: BTreeSet<&str> = e["project"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap())
            .collect();
        for u in units {
            per_unit.entry(u.to_owned()).or_default().push(e);
        }
    }
    let by_unit = s["byUnit"].as_array().unwrap();
    assert_eq!(by_unit.len(), per_unit.len());
    for u in by_unit {
        let es = &per_unit[u["unit"]["name"].as_str().unwrap()];
        assert_eq!(u["projectCount"].as_u64().unwrap() as usize, es.len());
        let done = es.iter().filter(|e| e["status"] == "COMPLETED").count();
        assert_eq!(u["completedCount"].as_u64().unwrap() as usize, done);
        assert_eq!(
            u["averageRate"].as_f64(),
            average(es),
            "{}",
            u["unit"]["name"]
        );
        for l in u["byLight"].as_array().unwrap() {
            let n = es.iter().filter(|e| e["light"] == l["light"]).count();
            assert_eq!(l["count"].as_u64().unwrap() as usize, n);
        }
    }
}

async fn the_state_kept_at_import_is_what_the_histories_say(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let fixture = |name: &str| std::fs::read(repo().join("tests/fixtures").join(name)).unwrap();
    // Out of order: Q2, then Q4, then Q3.
    for (name, bytes) in [
        ("2025-q2.xlsx", official("xlsx")),
        ("2025-q4.xls", fixture("2025-q4.xls")),
        ("2025-q3.ods", fixture("2025-q3.ods")),
    ] {
        assert_eq!(
            app.import(name, bytes).await["status"],
            "SUCCEEDED",
            "{name}"
        );
    }
    state_matches_history(&app, None).await;
    // Q4 replaced by a table without the last project and with rates moved
    // back: that project's latest is Q3 again, the others' changes differ.
    let mut q4 = quarter_rows(10);
    let dropped = q4.pop().unwrap();
    // Two projects stand still since Q3 (its rates are the table's +20).
    let q3 = quarter_rows(20);
    for (r, before) in q4
        .iter_mut()
        .zip(&q3)
        .filter(|(_, b)| b.rate != "100%")
        .take(2)
    {
        r.rate = before.rate.clone();
        r.progress = before.progress.clone();
    }
    for r in &mut q4 {
        r.progress.push_str("\n三季度新进展");
    }
    let run = app
        .import(
            "2025-q4-revised.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（四季度）", &q4),
        )
        .await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    let judged_now = judged(&app, None).await;
    let last = judged_now
        .iter()
        .find(|p| dropped.goal.starts_with(&p.name))
        .unwrap();
    assert_eq!(
        last.entry.as_ref().unwrap()["report"]["asOf"],
        "2025-09-30",
        "the dropped project falls back to Q3"
    );
    let stalled = judged(&app, None).await;
    assert_eq!(
        stalled.iter().filter(|p| p.stalled).count(),
        2,
        "two projects stalled"
    );
    state_matches_history(&app, None).await;
    state_matches_history(&app, Some("2025-09-30")).await;
    state_matches_history(&app, Some("2025-07-15")).await;
    figures_match_entries(&app).await;
    app.stop().await;

    // A database from before the state was kept: the server fills it at
    // start, and every answer is the same.
    let conn = Database::connect(&db.url).await.unwrap();
    for sql in [
        "UPDATE progress SET light = NULL",
        "UPDATE project SET state_as_of = NULL, state_report_id = NULL, state_progress_id = NULL, \
         state_previous_id = NULL, state_rate = NULL, state_status = NULL, state_light = NULL, \
         state_delta = NULL, state_stalled = false",
        "DELETE FROM search_posting",
    ] {
        conn.execute_unprepared(sql).await.unwrap();
    }
    conn.close().await.unwrap();
    let app = TestApp::spawn(db).await;
    state_matches_history(&app, None).await;
    state_matches_history(&app, Some("2025-09-30")).await;
    figures_match_entries(&app).await;
    app.stop().await;
}

on_both_databases!(the_state_kept_at_import_is_what_the_histories_say,);

/// The figures a server keeps between imports (the count of a year's or a
/// unit's projects, a report's figures per unit) follow every import: one
/// through the server, and one by the command line in another process
/// that the server never hears of. After each, the running server answers
/// what a server started afresh on the same database answers.
async fn kept_figures_follow_every_import(db: &TestDb) {
    const FIGURES: &str = "{
      all: projects(year: 2025, first: 1) { totalCount }
      red: projects(year: 2025, first: 1, light: RED) { totalCount }
      stalled: projects(year: 2025, first: 1, stalled: true) { totalCount }
      unit: projects(year: 2025, first: 1, unit: \"区教体局\") { totalCount }
      summary(year: 2025) { byUnit { unit { name } projectCount completedCount averageRate } }
      unitRanking(year: 2025, top: 3) { units { rank unit { name } projectCount averageRate byLight { light count } } }
    }";
    // No response cache: it would answer a repeated query until its TTL
    // after another process's import (see --query-cache-ttl).
    let mut config = crate::common::test_config(db);
    config.query_cache_ttl = std::time::Duration::ZERO;
    let app = TestApp::spawn_with(config).await;
    assert_eq!(
        app.import("2025-q2.xlsx", official("xlsx")).await["status"],
        "SUCCEEDED"
    );
    let q2 = app.data(FIGURES, json!({})).await;
    assert_eq!(q2["all"]["totalCount"], 20, "{q2:#}");

    // Q3 through the server: a project more, 区教体局 leads a project it
    // did not, and two projects stand still.
    let q2_rows = quarter_rows(0);
    let mut q3 = quarter_rows(20);
    let mut extra = q3[0].clone();
    extra.serial = "21".to_owned();
    extra.goal = format!("新增项目：{}", extra.goal);
    q3.push(extra);
    let other = q3
        .iter()
        .position(|r| !r.units.contains("区教体局"))
        .unwrap();
    q3[other].units = format!("区教体局、{}", q3[other].units);
    for (row, before) in q3.iter_mut().zip(&q2_rows).skip(2).take(2) {
        row.rate = before.rate.clone();
    }
    let run = app
        .import(
            "2025-q3.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（三季度）", &q3),
        )
        .await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    let after_q3 = app.data(FIGURES, json!({})).await;
    assert_eq!(after_q3["all"]["totalCount"], 21, "{after_q3:#}");
    assert_ne!(after_q3["unit"], q2["unit"], "{after_q3:#}");
    assert_ne!(after_q3["unitRanking"], q2["unitRanking"]);
    let fresh = TestApp::spawn(db).await;
    assert_eq!(fresh.data(FIGURES, json!({})).await, after_q3);
    fresh.stop().await;

    // Q4 by the command line, beside the running server.
    let mut q4 = quarter_rows(30);
    q4.truncate(15);
    // Each database's run its own file: both run at once in this process.
    let path = std::env::temp_dir().join(format!(
        "kept-q4-{}-{}.xlsx",
        std::process::id(),
        if db.is_postgres() { "pg" } else { "sqlite" }
    ));
    std::fs::write(
        &path,
        table_xlsx("2025年民生实事项目进展情况调度表（四季度）", &q4),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shishi"))
        .arg("import")
        .arg(&path)
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "{out:?}");
    let after_q4 = app.data(FIGURES, json!({})).await;
    assert_ne!(after_q4["unitRanking"], after_q3["unitRanking"]);
    let fresh = TestApp::spawn(db).await;
    assert_eq!(fresh.data(FIGURES, json!({})).await, after_q4);
    fresh.stop().await;
    app.stop().await;
}

on_both_databases!(kept_figures_follow_every_import,);

/// A two-character search that matches hundreds of projects pages through
/// the year in serial order (service::projects::walk_serial) rather than
/// handing every match to the database: every page, both directions, an
/// offset deep in the list and past its end, and the count, as the table
/// says.
async fn a_common_words_pages_are_the_tables(db: &TestDb) {
    let mut config = crate::common::test_config(db);
    config.query_cache_ttl = std::time::Duration::ZERO;
    let app = TestApp::spawn_with(config).await;
    let (_, rows) = crate::common::fixtures::source_rows();
    // 甲乙 is in no row of the official table; in four goals of five here, 1,040
    // of 1,300: a deep page needs more than one step of the walk.
    let many: Vec<_> = (0..1300)
        .map(|i| {
            let mut r = rows[i % rows.len()].clone();
            r.serial = (i + 1).to_string();
            let word = if i % 5 == 4 { "" } else { "甲乙" };
            r.goal = format!("第{}号项目{word}{}", i + 1, r.goal);
            r
        })
        .collect();
    assert!(rows
        .iter()
        .all(|r| !format!("{}{}", r.goal, r.progress).contains("甲乙")));
    let run = app
        .import(
            "many.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（二季度）", &many),
        )
        .await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    let expected: Vec<i64> = (0..1300).filter(|i| i % 5 != 4).map(|i| i + 1).collect();
    assert_eq!(expected.len(), 1040);
    let page = |args: String| {
        let app = &app;
        async move {
            let data = app
                .data(
                    &format!("{{ projects(year: 2025, search: \"甲乙\", {args}) {{ totalCount nodes {{ serialNo name }} }} }}"),
                    json!({}),
                )
                .await;
            let total = data["projects"]["totalCount"].as_i64().unwrap();
            let serials: Vec<i64> = data["projects"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| {
                    assert!(n["name"].as_str().unwrap().contains("甲乙"), "{n}");
                    n["serialNo"].as_i64().unwrap()
                })
                .collect();
            (total, serials)
        }
    };
    assert_eq!(
        page("first: 20".into()).await,
        (1040, expected[..20].to_vec())
    );
    assert_eq!(
        page("first: 20, offset: 1010".into()).await,
        (1040, expected[1010..1030].to_vec())
    );
    assert_eq!(
        page("first: 100, offset: 1030".into()).await,
        (1040, expected[1030..].to_vec())
    );
    assert_eq!(page("first: 20, offset: 1040".into()).await, (1040, vec![]));
    let mut reversed = expected.clone();
    reversed.reverse();
    assert_eq!(
        page("first: 20, orderBy: {field: SERIAL, direction: DESC}".into()).await,
        (1040, reversed[..20].to_vec())
    );
    assert_eq!(
        page("first: 20, offset: 900, orderBy: {field: SERIAL, direction: DESC}".into()).await,
        (1040, reversed[900..920].to_vec())
    );
    app.stop().await;
}

on_both_databases!(a_common_words_pages_are_the_tables,);
