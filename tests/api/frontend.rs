//! The API frontends integrate with: filters, orders and aggregates on a
//! year of four quarterly tables, the SQL statement count, limits, error
//! codes, persisted queries, CORS and the schema's documentation.
use std::collections::BTreeMap;

use crate::common::fixtures::{quarter_rows, source_rows, table_xlsx, Row};
use crate::common::{official, repo, TestApp, TestDb, TOKEN};
use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The year's four quarters, rows in table order.
struct Year {
    q: [Vec<Row>; 4],
}

fn rate(r: &Row) -> f64 {
    r.rate.trim_end_matches('%').parse().unwrap()
}

fn name(r: &Row) -> String {
    r.goal.split('。').next().unwrap().to_owned()
}

async fn load_year(app: &TestApp) -> Year {
    let fixture = |n: &str| std::fs::read(repo().join("tests/fixtures").join(n)).unwrap();
    let q1 = quarter_rows(-30);
    for (n, bytes) in [
        ("2025-q4.xls", fixture("2025-q4.xls")),
        (
            "2025-q1.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（一季度）", &q1),
        ),
        ("2025-q3.ods", fixture("2025-q3.ods")),
        ("2025-q2.xlsx", official("xlsx")),
    ] {
        assert_eq!(app.import(n, bytes).await["status"], "SUCCEEDED", "{n}");
    }
    Year {
        q: [q1, source_rows().1, quarter_rows(20), quarter_rows(40)],
    }
}

async fn names(app: &TestApp, args: &str) -> Vec<String> {
    let q = format!("{{ projects(first: 100, {args}) {{ totalCount nodes {{ name }} }} }}");
    let data = app.data(&q, json!({})).await;
    let nodes = data["projects"]["nodes"].as_array().unwrap();
    assert_eq!(data["projects"]["totalCount"], nodes.len());
    nodes
        .iter()
        .map(|n| n["name"].as_str().unwrap().to_owned())
        .collect()
}

fn expected(rows: &[Row], keep: impl Fn(&Row) -> bool) -> Vec<String> {
    rows.iter().filter(|r| keep(r)).map(name).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn filters_and_orders_on_a_year(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let year = load_year(&app).await;
    let [q1, q2, q3, q4] = &year.q;

    // Rate bounds judge the latest entry (Q4).
    let got = names(&app, "minRate: 60, maxRate: 99.5").await;
    assert_eq!(
        sorted(got),
        sorted(expected(q4, |r| (60.0..=99.5).contains(&rate(r))))
    );
    // asOf judges each project at a date: Q2's state.
    let got = names(&app, "asOf: \"2025-07-15\", status: COMPLETED").await;
    assert_eq!(sorted(got), sorted(expected(q2, |r| rate(r) >= 100.0)));
    let got = names(&app, "asOf: \"2025-03-31\", maxRate: 20").await;
    assert_eq!(sorted(got), sorted(expected(q1, |r| rate(r) <= 20.0)));
    assert!(
        names(&app, "asOf: \"2025-01-31\"").await.is_empty(),
        "nothing was reported by January"
    );
    // Lights at Q1 (expected 24.66): computed here from the contract's rule.
    let light = |r: f64, expected: f64| match expected - r {
        _ if r >= 100.0 => "GREEN",
        b if b < 10.0 => "GREEN",
        b if b <= 30.0 => "YELLOW",
        _ => "RED",
    };
    for l in ["GREEN", "YELLOW", "RED"] {
        let got = names(&app, &format!("asOf: \"2025-03-31\", light: {l}")).await;
        assert_eq!(
            sorted(got),
            sorted(expected(q1, |r| light(rate(r), 24.66) == l)),
            "{l}"
        );
    }
    let bad = app
        .gql(
            "{ projects(minRate: 80, maxRate: 20) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");

    // Orders, ties in serial order.
    let by_rate = |rows: &[Row], desc: bool| {
        let mut v: Vec<(f64, usize, String)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| (rate(r), i, name(r)))
            .collect();
        v.sort_by(|a, b| {
            let o = a.0.partial_cmp(&b.0).unwrap();
            (if desc { o.reverse() } else { o }).then(a.1.cmp(&b.1))
        });
        v.into_iter().map(|x| x.2).collect::<Vec<_>>()
    };
    // Serial order is the Q4 order (serials 1..20 after the typo's fix).
    assert_eq!(
        names(&app, "orderBy: {field: RATE}").await,
        by_rate(q4, false)
    );
    assert_eq!(
        names(&app, "orderBy: {field: RATE, direction: DESC}").await,
        by_rate(q4, true)
    );
    assert_eq!(
        names(&app, "orderBy: {field: SERIAL, direction: DESC}").await,
        q4.iter().rev().map(name).collect::<Vec<_>>()
    );
    assert_eq!(
        names(&app, "orderBy: {field: NAME}").await,
        sorted(q4.iter().map(name).collect())
    );
    let mut change: Vec<(f64, usize, String)> = q4
        .iter()
        .zip(q3)
        .enumerate()
        .map(|(i, (a, b))| (rate(a) - rate(b), i, name(a)))
        .collect();
    change.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap().then(a.1.cmp(&b.1)));
    assert_eq!(
        names(&app, "orderBy: {field: RATE_CHANGE, direction: DESC}").await,
        change.into_iter().map(|x| x.2).collect::<Vec<_>>()
    );
    let worst_first = names(
        &app,
        "asOf: \"2025-03-31\", orderBy: {field: LIGHT, direction: DESC}",
    )
    .await;
    let severity = |n: &str| {
        let r = q1.iter().find(|r| name(r) == n).unwrap();
        match light(rate(r), 24.66) {
            "RED" => 2,
            "YELLOW" => 1,
            _ => 0,
        }
    };
    let sev: Vec<i32> = worst_first.iter().map(|n| severity(n)).collect();
    assert!(sev.windows(2).all(|w| w[0] >= w[1]), "{sev:?}");
    assert!(sev[0] >= 1, "Q1 has projects behind pace: {sev:?}");

    // Progress: previous, delta, stalled; the edge carries the judged entry.
    let data = app
        .data(
            "{ projects(first: 100, asOf: \"2025-09-30\") { edges { node { name } progress { completionRate delta stalled
                 report { period } previous { report { period } completionRate } } } } }",
            json!({}),
        )
        .await;
    for edge in data["projects"]["edges"].as_array().unwrap() {
        let n = edge["node"]["name"].as_str().unwrap();
        let i = q3.iter().position(|r| name(r) == n).unwrap();
        let p = &edge["progress"];
        assert_eq!(p["report"]["period"], "三季度");
        assert_eq!(p["completionRate"].as_f64(), Some(rate(&q3[i])));
        assert_eq!(p["previous"]["report"]["period"], "二季度");
        assert_eq!(
            p["delta"].as_f64(),
            Some(rate(&q3[i]) - rate(&q2[i])),
            "{n}"
        );
        assert_eq!(p["stalled"], false);
    }
    app.stop().await;
}

async fn stalled_projects_are_flagged(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, rows) = source_rows();
    let mut later = rows.clone();
    later[3].rate = "50%".to_owned(); // 43% -> 50%: moving
    let title = |p: &str| format!("2025年民生实事项目进展情况调度表（{p}）");
    app.import("q2.xlsx", table_xlsx(&title("二季度"), &rows))
        .await;
    app.import("q3.xlsx", table_xlsx(&title("三季度"), &later))
        .await;
    let data = app
        .data("{ projects(first: 100) { edges { node { name } progress { stalled delta status } } } }", json!({}))
        .await;
    for e in data["projects"]["edges"].as_array().unwrap() {
        let p = &e["progress"];
        let stalled = p["status"] != "COMPLETED" && p["delta"] == 0.0;
        assert_eq!(p["stalled"], stalled, "{e}");
    }
    let stalled = data["projects"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["progress"]["stalled"] == true)
        .count();
    let in_progress = rows.iter().filter(|r| rate(r) < 100.0).count();
    assert_eq!(
        stalled,
        in_progress - 1,
        "all unfinished projects but the one that moved"
    );
    app.stop().await;
}

async fn reports_trend_and_ranking(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let year = load_year(&app).await;
    let data = app
        .data(
            "{ reports(year: 2025) { period previous { period } next { period }
                 byStatus { status count } byLight { light count }
                 entries(first: 7, status: IN_PROGRESS) { totalCount nodes { completionRate status } pageInfo { hasNextPage endCursor } } } }",
            json!({}),
        )
        .await;
    let reports = data["reports"].as_array().unwrap();
    let periods: Vec<&str> = reports
        .iter()
        .map(|r| r["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["一季度", "二季度", "三季度", "四季度"]);
    assert_eq!(reports[0]["previous"], Value::Null);
    assert_eq!(reports[1]["previous"]["period"], "一季度");
    assert_eq!(reports[1]["next"]["period"], "三季度");
    assert_eq!(reports[3]["next"], Value::Null);
    for (i, r) in reports.iter().enumerate() {
        let rows = &year.q[i];
        let done = rows.iter().filter(|r| rate(r) >= 100.0).count();
        let zero = rows.iter().filter(|r| rate(r) <= 0.0).count();
        assert_eq!(
            r["byStatus"],
            json!([{"status": "NOT_STARTED", "count": zero}, {"status": "IN_PROGRESS", "count": 20 - done - zero}, {"status": "COMPLETED", "count": done}])
        );
        let entries = &r["entries"];
        assert_eq!(entries["totalCount"], 20 - done - zero);
        assert!(entries["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["status"] == "IN_PROGRESS"));
        assert_eq!(entries["pageInfo"]["hasNextPage"], (20 - done - zero) > 7);
    }

    // The trend: one point per date with its figures.
    let trend = app
        .data("{ trend(year: 2025) { asOf expectedRate projectCount completedCount averageRate byLight { light count } } }", json!({}))
        .await;
    let points = trend["trend"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    for (i, p) in points.iter().enumerate() {
        let rows = &year.q[i];
        let avg = (rows.iter().map(rate).sum::<f64>() / 20.0 * 100.0).round() / 100.0;
        assert_eq!(p["averageRate"].as_f64(), Some(avg), "{p}");
        assert_eq!(
            p["completedCount"],
            rows.iter().filter(|r| rate(r) >= 100.0).count()
        );
        assert_eq!(p["projectCount"], 20);
    }
    assert_eq!(points[1]["asOf"], "2025-06-30");
    assert_eq!(points[1]["expectedRate"], 49.59);
    // Lights: a report's, its trend point's and the summary at its date
    // agree, and each counts every project once.
    let sum = |lights: &Value| -> i64 {
        lights
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["count"].as_i64().unwrap())
            .sum()
    };
    for (report, point) in reports.iter().zip(points) {
        assert_eq!(sum(&report["byLight"]), 20, "{report}");
        assert_eq!(report["byLight"], point["byLight"], "{}", point["asOf"]);
        let at = app
            .data(
                "query($d: Date) { summary(year: 2025, asOf: $d) { byLight { light count } } }",
                json!({"d": point["asOf"]}),
            )
            .await;
        assert_eq!(at["summary"]["byLight"], point["byLight"]);
    }
    let q4_red = points[3]["byLight"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["light"] == "RED")
        .unwrap()["count"]
        .clone();
    let red = app
        .data(
            "{ projects(year: 2025, light: RED) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        red["projects"]["totalCount"], q4_red,
        "the light filter agrees"
    );

    // The unit ranking (红黄榜) at Q2, computed here.
    let (_, q2) = source_rows();
    let mut per_unit: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for r in &q2 {
        for u in r
            .units
            .split(['、', '\n'])
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            per_unit.entry(u.to_owned()).or_default().push(rate(r));
        }
    }
    let key = |rates: &Vec<f64>| {
        let avg = rates.iter().sum::<f64>() / rates.len() as f64;
        let share = rates.iter().filter(|r| **r >= 100.0).count() as f64 / rates.len() as f64;
        ((avg * 100.0).round() / 100.0, share)
    };
    let ranking = app
        .data("{ unitRanking(year: 2025, asOf: \"2025-06-30\", top: 3) { asOf units { unit { name } rank averageRate projectCount byLight { light count } } best { unit { name } } worst { unit { name } rank } } }", json!({}))
        .await["unitRanking"]
        .clone();
    assert_eq!(ranking["asOf"], "2025-06-30");
    let units = ranking["units"].as_array().unwrap();
    assert_eq!(units.len(), per_unit.len());
    for w in units.windows(2) {
        let (a, b) = (
            key(&per_unit[w[0]["unit"]["name"].as_str().unwrap()]),
            key(&per_unit[w[1]["unit"]["name"].as_str().unwrap()]),
        );
        assert!(a.0 > b.0 || (a.0 == b.0 && a.1 >= b.1), "{w:?}");
        assert!(w[0]["rank"].as_i64() <= w[1]["rank"].as_i64());
        if a == b {
            assert_eq!(w[0]["rank"], w[1]["rank"], "ties share a rank");
        }
    }
    for u in units {
        let rates = &per_unit[u["unit"]["name"].as_str().unwrap()];
        assert_eq!(u["projectCount"], rates.len(), "{u}");
        assert_eq!(sum(&u["byLight"]), rates.len() as i64, "{u}");
    }
    assert_eq!(units[0]["rank"], 1);
    assert_eq!(ranking["best"].as_array().unwrap().len(), 3);
    assert_eq!(ranking["best"][0]["unit"], units[0]["unit"]);
    assert_eq!(ranking["worst"][0]["unit"], units.last().unwrap()["unit"]);
    let bad = app
        .gql("{ unitRanking(year: 2025, top: 0) { asOf } }", json!({}))
        .await;
    assert_eq!(bad["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    app.stop().await;
}

fn statements(metrics: &str) -> u64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix("shishi_sql_statements_total "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

/// No N+1: the statements a page needs do not grow with the page size.
async fn statement_count_does_not_grow_with_the_page(db: &TestDb) {
    // The response cache would answer repeats with no statement at all.
    let mut config = crate::common::test_config(db);
    config.query_cache_ttl = std::time::Duration::ZERO;
    let app = TestApp::spawn_with(config).await;
    let (_, rows) = source_rows();
    let many: Vec<Row> = (0..60)
        .map(|i| {
            let mut r = rows[i % rows.len()].clone();
            r.serial = (i + 1).to_string();
            r.goal = format!("第{}号项目{}", i + 1, r.goal);
            r
        })
        .collect();
    for p in ["一季度", "二季度", "三季度"] {
        let run = app
            .import(
                &format!("{p}.xlsx"),
                table_xlsx(&format!("2025年民生实事项目进展情况调度表（{p}）"), &many),
            )
            .await;
        assert_eq!(run["status"], "SUCCEEDED");
    }
    let page = "query($n: Int) { projects(first: $n) { totalCount nodes { id name units { name }
        latest { completionRate light delta report { period } }
        history { completionRate report { asOf } } } } }";
    // The year's count is counted once after an import and then kept
    // (service::memo): ask once so every measured run finds it kept.
    app.data(page, json!({"n": 1})).await;
    let mut counts = Vec::new();
    for n in [5, 50] {
        let metrics = || app.metrics();
        // Three runs, each the same: the page loads its relations up front,
        // so no statement depends on how the item resolvers are scheduled.
        let mut seen = Vec::new();
        for _ in 0..3 {
            let before = statements(&metrics().await);
            let data = app.data(page, json!({"n": n})).await;
            assert_eq!(data["projects"]["nodes"].as_array().unwrap().len(), n);
            assert_eq!(
                data["projects"]["nodes"][0]["history"]
                    .as_array()
                    .unwrap()
                    .len(),
                3
            );
            seen.push(statements(&metrics().await) - before);
        }
        assert!(
            seen.iter().all(|c| *c == seen[0]),
            "statements per run: {seen:?}"
        );
        let fewest = seen[0];
        counts.push(fewest);
    }
    assert_eq!(
        counts[0], counts[1],
        "statements for 5 and 50 projects: {counts:?}"
    );
    assert!(
        counts[1] <= 6,
        "a page takes a handful of statements: {counts:?}"
    );
    app.stop().await;
}

async fn limits_error_codes_and_media_types(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("q2.xlsx", official("xlsx")).await;
    // Depth.
    let deep = format!(
        "{{ project(id: \"1\") {{ {} id {} }} }}",
        "history { project { ".repeat(7),
        "} } ".repeat(7)
    );
    let deep = deep.as_str();
    let body = app.gql(deep, json!({})).await;
    assert!(
        body.get("data").is_none_or(Value::is_null),
        "refused before running"
    );
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_DEEP");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nested too deep"),
        "{}",
        body["errors"]
    );
    // Complexity: forty full pages in one query are refused.
    let mut fields = String::from("{");
    for i in 0..40 {
        fields.push_str(&format!(" p{i}: projects(first: 100) {{ nodes {{ id name goal year serialNo units {{ id name }} }} }}"));
    }
    fields.push('}');
    let body = app.gql(&fields, json!({})).await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("too complex"),
        "{}",
        body["errors"]
    );
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    // Syntax and validation errors: codes in both media types, 400 without
    // data in application/graphql-response+json.
    for (query, what) in [
        ("{ projects { ", "syntax"),
        ("{ nosuchfield }", "validation"),
    ] {
        let plain = app
            .client
            .post(format!("{}/graphql", app.base))
            .json(&json!({"query": query}))
            .send()
            .await
            .unwrap();
        assert_eq!(plain.status(), 200, "{what}");
        let v: Value = plain.json().await.unwrap();
        assert_eq!(
            v["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{what}"
        );
        let spec = app
            .client
            .post(format!("{}/graphql", app.base))
            .header("accept", "application/graphql-response+json")
            .json(&json!({"query": query}))
            .send()
            .await
            .unwrap();
        assert_eq!(spec.status(), 400, "{what}");
        assert!(spec.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/graphql-response+json"));
        let v: Value = spec.json().await.unwrap();
        assert!(v.get("data").is_none(), "{what}: {v}");
    }
    // A field error keeps 200 and data in either media type.
    let spec = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("accept", "application/graphql-response+json")
        .json(&json!({"query": "{ project(id: \"x\") { id } reports { period } }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(spec.status(), 200);
    let v: Value = spec.json().await.unwrap();
    assert_eq!(v["data"]["reports"][0]["period"], "二季度");
    assert_eq!(v["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let unauth = app.gql("mutation { runSync { id } }", json!({})).await;
    assert_eq!(unauth["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    let no_type = app
        .client
        .post(format!("{}/graphql", app.base))
        .body("{\"query\":\"{ reports { id } }\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(no_type.status(), 415);
    app.stop().await;
}

async fn automatic_persisted_queries(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("q2.xlsx", official("xlsx")).await;
    let query = "{ summary(year: 2025) { projectCount completedCount } }";
    let hash = format!("{:x}", Sha256::digest(query.as_bytes()));
    let ext = json!({"persistedQuery": {"version": 1, "sha256Hash": hash}});
    let url = format!("{}/graphql", app.base);
    // Unknown hash: the client is told to send the query.
    let get = |ext: Value| {
        let url = url.clone();
        let client = app.client.clone();
        async move {
            client
                .get(url)
                .query(&[("extensions", ext.to_string())])
                .send()
                .await
                .unwrap()
        }
    };
    let miss: Value = get(ext.clone()).await.json().await.unwrap();
    assert_eq!(miss["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(
        miss["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    // Registered with the query, then served by hash alone over GET.
    let reg: Value = app
        .client
        .post(&url)
        .json(&json!({"query": query, "extensions": ext}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reg["data"]["summary"]["projectCount"], 20);
    let hit = get(ext.clone()).await;
    assert_eq!(hit.status(), 200);
    let hit: Value = hit.json().await.unwrap();
    assert_eq!(hit["data"], reg["data"]);
    let wrong: Value = app
        .client
        .post(&url)
        .json(&json!({"query": "{ reports { id } }", "extensions": ext}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(wrong["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    // A persisted mutation is still refused over GET.
    let mutation = "mutation { runSync { id } }";
    let mhash = format!("{:x}", Sha256::digest(mutation.as_bytes()));
    let mext = json!({"persistedQuery": {"version": 1, "sha256Hash": mhash}});
    app.client
        .post(&url)
        .bearer_auth(TOKEN)
        .json(&json!({"query": mutation, "extensions": mext}))
        .send()
        .await
        .unwrap();
    let refused = app
        .client
        .get(&url)
        .bearer_auth(TOKEN)
        .query(&[("extensions", mext.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 405);
    app.stop().await;
}

async fn cors_allows_the_listed_origins_only(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.base))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,authorization",
            )
            .send()
    };
    let ok = preflight("https://dashboard.example").await.unwrap();
    assert_eq!(
        ok.headers().get("access-control-allow-origin").unwrap(),
        "https://dashboard.example"
    );
    let other = preflight("https://elsewhere.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    app.stop().await;
}

/// schema.graphql reads as the API's documentation: every type, field,
/// argument and enum value is described.
#[test]
fn every_name_in_the_schema_is_described() {
    let sdl = std::fs::read_to_string(repo().join("schema.graphql")).unwrap();
    let doc = parse_schema(&sdl).unwrap();
    let mut missing = Vec::new();
    for def in &doc.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let t = &t.node;
        let name = t.name.node.as_str();
        // async-graphql's Relay connections carry no type description (their
        // fields are described, and checked below).
        if t.description.is_none()
            && !["Query", "Mutation", "Subscription", "Upload"].contains(&name)
            && !name.ends_with("Connection")
        {
            missing.push(name.to_owned());
        }
        match &t.kind {
            TypeKind::Object(o) => {
                for f in &o.fields {
                    let f = &f.node;
                    if f.description.is_none() {
                        missing.push(format!("{name}.{}", f.name.node));
                    }
                    for a in &f.arguments {
                        if a.node.description.is_none() {
                            missing.push(format!("{name}.{}({})", f.name.node, a.node.name.node));
                        }
                    }
                }
            }
            TypeKind::Enum(e) => {
                for v in &e.values {
                    if v.node.description.is_none() {
                        missing.push(format!("{name}.{}", v.node.value.node));
                    }
                }
            }
            TypeKind::InputObject(i) => {
                for f in &i.fields {
                    if f.node.description.is_none() {
                        missing.push(format!("{name}.{}", f.node.name.node));
                    }
                }
            }
            _ => {}
        }
    }
    assert!(missing.is_empty(), "undescribed: {missing:#?}");
}

on_both_databases!(
    filters_and_orders_on_a_year,
    reports_trend_and_ranking,
    statement_count_does_not_grow_with_the_page
);

/// The README's screen queries run on a year of data without errors.
async fn readme_screen_queries_run(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    load_year(&app).await;
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split("## Frontend screens")
        .nth(1)
        .unwrap()
        .split("\n## ")
        .next()
        .unwrap();
    let blocks: Vec<&str> = section
        .split("```graphql")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 3);
    let count = |lights: &Value| -> i64 {
        lights
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["count"].as_i64().unwrap())
            .sum()
    };

    // Overview: the figures add up, every trend point counts every
    // project once by light, and the page is worst light first.
    let overview = app.data(blocks[0], json!({})).await;
    let summary = &overview["summary"];
    assert_eq!(summary["projectCount"], 20);
    assert_eq!(count(&summary["byLight"]), 20);
    let trend = overview["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 4);
    for point in trend {
        assert_eq!(count(&point["byLight"]), 20, "{point}");
    }
    assert_eq!(trend[3]["byLight"], summary["byLight"]);
    assert_eq!(trend[3]["averageRate"], summary["averageRate"]);
    assert_eq!(overview["projects"]["totalCount"], 20);
    let severity = |l: &Value| ["GREEN", "YELLOW", "RED"].iter().position(|x| l == x);
    let lights: Vec<usize> = overview["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| severity(&n["latest"]["light"]).unwrap())
        .collect();
    assert!(lights.windows(2).all(|w| w[0] >= w[1]), "{lights:?}");
    let red = summary["byLight"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["light"] == "RED")
        .unwrap()["count"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(lights.iter().filter(|l| **l == 2).count(), red);

    // Project detail: one history entry per quarter, oldest first.
    let detail = app.data(blocks[1], json!({})).await;
    let history = detail["project"]["history"].as_array().unwrap();
    let dates: Vec<&str> = history
        .iter()
        .map(|h| h["report"]["asOf"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"]
    );
    assert_eq!(
        detail["project"]["latest"]["completionRate"],
        history[3]["completionRate"]
    );

    // Ranking: best are the first units, worst the last ones reversed, and
    // each unit's lights count its projects.
    let ranking = &app.data(blocks[2], json!({})).await["unitRanking"];
    let units = ranking["units"].as_array().unwrap();
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|u| u["unit"]["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = names(&ranking["units"]);
    assert_eq!(names(&ranking["best"]), all[..3]);
    let mut last: Vec<String> = all[all.len() - 3..].to_vec();
    last.reverse();
    assert_eq!(names(&ranking["worst"]), last);
    assert_eq!(ranking["best"][0]["rank"], 1);
    for u in units {
        assert!(count(&u["byLight"]) >= 1, "{u}");
    }
    let ranks: Vec<i64> = units.iter().map(|u| u["rank"].as_i64().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    app.stop().await;
}

/// Read answers are cached until the data changes: a repeat takes no SQL
/// statement, and an import is seen at once.
async fn responses_are_cached_until_the_data_changes(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("q2.xlsx", official("xlsx")).await;
    let metrics = || app.metrics();
    let hits = |m: &str| -> u64 {
        m.lines()
            .find_map(|l| l.strip_prefix("shishi_query_cache_hits_total "))
            .and_then(|v| v.trim().parse().ok())
            .unwrap()
    };
    let q = "{ reports { period } summary(year: 2025) { projectCount } }";
    let first = app.data(q, json!({})).await;
    let (m0, s0) = {
        let m = metrics().await;
        (hits(&m), statements(&m))
    };
    let again = app.data(q, json!({})).await;
    let (m1, s1) = {
        let m = metrics().await;
        (hits(&m), statements(&m))
    };
    assert_eq!(first, again);
    assert_eq!(m1, m0 + 1, "the repeat came from the cache");
    assert_eq!(s1, s0, "and took no SQL statement");
    // Another query is not confused with it.
    let other = app.data("{ reports { asOf } }", json!({})).await;
    assert_eq!(other["reports"][0]["asOf"], "2025-06-30");
    // An import changes the answer at once.
    app.import(
        "q3.xlsx",
        table_xlsx(
            "2025年民生实事项目进展情况调度表（三季度）",
            &quarter_rows(20),
        ),
    )
    .await;
    let after = app.data(q, json!({})).await;
    assert_eq!(after["reports"].as_array().unwrap().len(), 2, "{after}");
    // Errors are never cached.
    let bad = "{ project(id: \"x\") { id } }";
    app.gql(bad, json!({})).await;
    let m2 = hits(&metrics().await);
    app.gql(bad, json!({})).await;
    assert_eq!(hits(&metrics().await), m2);
    app.stop().await;
}

on_both_databases!(responses_are_cached_until_the_data_changes);

/// The standard introspection query of graphql-js (every option on), as
/// GraphiQL, Apollo and GraphQL Code Generator send it, is answered in
/// full, while the depth limit still refuses deep data queries; the
/// setting turns introspection off.
async fn standard_introspection_is_answered(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let query =
        std::fs::read_to_string(repo().join("tests/fixtures/vendor/introspection-query.graphql"))
            .unwrap();
    let data = app.data(&query, json!({})).await;
    let types = data["__schema"]["types"].as_array().unwrap();
    let named = |n: &str| types.iter().find(|t| t["name"] == n).cloned().unwrap();
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
    let query_type = named("Query");
    let fields: Vec<&str> = query_type["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for f in [
        "projects",
        "project",
        "reports",
        "summary",
        "trend",
        "unitRanking",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // The deepest TypeRef: a non-null list of non-null Project.
    let units = named("Project")["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "units")
        .cloned()
        .unwrap();
    assert_eq!(units["type"]["kind"], "NON_NULL");
    assert_eq!(units["type"]["ofType"]["kind"], "LIST");
    assert_eq!(units["type"]["ofType"]["ofType"]["ofType"]["name"], "Unit");
    // Data queries as deep as the introspection query are still refused.
    let deep = format!(
        "{{ project(id: \"1\") {{ {} id {} }} }}",
        "history { project { ".repeat(7),
        "} } ".repeat(7)
    );
    let body = app.gql(&deep, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "QUERY_TOO_DEEP");
    app.stop().await;

    let mut config = crate::common::test_config(db);
    config.introspection = false;
    let app = TestApp::spawn_with(config).await;
    let body = app.gql(&query, json!({})).await;
    assert!(body["data"]["__schema"].is_null(), "{body}");
    app.stop().await;
}

on_both_databases!(standard_introspection_is_answered);

/// A browser on another origin may not open the WebSocket unless the
/// origin is listed; the server's own pages and non-browser clients may.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn websocket_origins_follow_the_cors_list() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let db = TestDb::sqlite().await;
    let app = TestApp::spawn(&db).await;
    let url = format!("{}/graphql", app.base.replace("http://", "ws://"));
    let connect = |origin: Option<String>| {
        let mut req = url.as_str().into_client_request().unwrap();
        req.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        if let Some(o) = origin {
            req.headers_mut().insert("Origin", o.parse().unwrap());
        }
        tokio_tungstenite::connect_async(req)
    };
    assert!(connect(None).await.is_ok(), "no Origin: not a browser");
    let own = connect(Some(app.base.clone())).await;
    assert!(own.is_ok(), "its own pages: {:?}", own.err());
    assert!(
        connect(Some("https://dashboard.example".into()))
            .await
            .is_ok(),
        "listed"
    );
    match connect(Some("https://evil.example".into())).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => {
            assert_eq!(resp.status(), 403)
        }
        other => panic!("an unlisted origin was let in: {:?}", other.map(|_| ())),
    }
    app.stop().await;
}

/// A browser asking /graphql for a page gets the playground; the page and
/// its files come from the server, with a policy that keeps every request
/// on its origin.
async fn the_playground_is_served_by_the_server(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    for path in ["/playground", "/graphql"] {
        let resp = app
            .client
            .get(format!("{}{path}", app.base))
            .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        let csp = resp.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.starts_with("default-src 'self'"), "{csp}");
        let html = resp.text().await.unwrap();
        assert!(
            !html.contains("//cdn") && !html.contains("https://"),
            "{html}"
        );
        let assets: Vec<&str> = html
            .split("src=\"")
            .skip(1)
            .chain(html.split("href=\"").skip(1))
            .map(|s| s.split('"').next().unwrap())
            .filter(|s| s.starts_with("/playground/assets/"))
            .collect();
        assert_eq!(assets.len(), 5, "{assets:?}");
        for a in assets {
            let resp = app
                .client
                .get(format!("{}{a}", app.base))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 200, "{a}");
            assert!(resp.bytes().await.unwrap().len() > 100, "{a}");
        }
    }
    // A query over GET still answers JSON, whatever the browser accepts.
    let resp = app
        .client
        .get(format!("{}/graphql?query=%7B__typename%7D", app.base))
        .header("accept", "text/html,*/*")
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.json::<Value>().await.unwrap()["data"]["__typename"],
        "Query"
    );
    app.stop().await;
}

/// The console's pages (`/` and the views under it) are one shell whose
/// script and style come from the server, under a policy that keeps every
/// request on its origin; other paths are not found.
async fn the_console_is_served_by_the_server(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let get = |path: String| app.client.get(format!("{}{path}", app.base)).send();
    for path in ["/", "/projects", "/projects/12", "/units", "/upload"] {
        let resp = get(path.to_owned()).await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(
            resp.headers()["content-type"],
            "text/html; charset=utf-8",
            "{path}"
        );
        let csp = resp.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.starts_with("default-src 'self'; script-src 'self'; style-src 'self';"),
            "{csp}"
        );
        let html = resp.text().await.unwrap();
        assert!(html.contains("<html lang=\"zh-CN\">"), "{html}");
        assert!(
            !html.contains("https://") && !html.contains("//cdn"),
            "{html}"
        );
        for (asset, kind) in [
            ("/console/assets/console.js", "text/javascript"),
            ("/console/assets/console.css", "text/css"),
        ] {
            assert!(html.contains(asset), "{path}: {asset}");
            let resp = get(asset.to_owned()).await.unwrap();
            assert_eq!(resp.status(), 200, "{asset}");
            assert!(
                resp.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with(kind),
                "{asset}"
            );
            let body = resp.text().await.unwrap();
            assert!(body.len() > 1000, "{asset}");
            assert!(!body.contains("https://"), "{asset} names no other host");
        }
    }
    for path in ["/console/assets/x.js", "/projects/1/2", "/nothing"] {
        assert_eq!(get(path.to_owned()).await.unwrap().status(), 404, "{path}");
    }
    app.stop().await;
}

on_both_databases!(
    stalled_projects_are_flagged,
    limits_error_codes_and_media_types,
    automatic_persisted_queries,
    cors_allows_the_listed_origins_only,
    readme_screen_queries_run,
    the_playground_is_served_by_the_server,
    the_console_is_served_by_the_server,
);
