//! Several issuers in one database: the tables of two districts listing
//! the same projects stay apart, each district's questions answer for it
//! alone, and the city view ranks the districts. Through the upload path,
//! GraphQL and the export routes, on both databases.

use crate::common::fixtures::{quarter_rows, source_rows, table_xlsx};
use crate::common::{official, test_config, TestApp, TestDb, TOKEN};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{json, Value};

const ZHANGQIU: &str = "章丘区2025年民生实事项目进展情况调度表（二季度）";
const LICHENG: &str = "2025年济南市历城区民生实事项目进展情况调度表（二季度）";

async fn count(app: &TestApp, args: &str) -> i64 {
    let q = format!("{{ projects({args}) {{ totalCount }} }}");
    app.data(&q, json!({})).await["projects"]["totalCount"]
        .as_i64()
        .unwrap()
}

fn error_of(body: &Value) -> (String, String) {
    let e = &body["errors"][0];
    (
        e["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        e["message"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn districts_with_the_same_projects_stay_apart(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, rows) = source_rows();
    let n = rows.len() as i64;
    // Two districts, every project name the same; 历城区 10 points behind.
    let zq = app.import("zq.xlsx", table_xlsx(ZHANGQIU, &rows)).await;
    let lc = app
        .import("lc.xlsx", table_xlsx(LICHENG, &quarter_rows(-10)))
        .await;
    assert_eq!(zq["status"], "SUCCEEDED", "{zq:#}");
    assert_eq!(lc["status"], "SUCCEEDED", "{lc:#}");
    assert_eq!(
        lc["projectsCreated"], n,
        "历城区's projects are its own: {lc:#}"
    );
    assert_eq!(lc["projectsUpdated"], 0);

    assert_eq!(count(&app, "year: 2025").await, 2 * n);
    assert_eq!(count(&app, "issuer: \"章丘区\"").await, n);
    assert_eq!(count(&app, "year: 2025, issuer: \"历城区\"").await, n);
    assert_eq!(count(&app, "issuer: \"平阴县\"").await, 0);
    // The same search, per district.
    let both = count(&app, "search: \"养老\"").await;
    let one = count(&app, "search: \"养老\", issuer: \"历城区\"").await;
    assert!(one > 0 && both == 2 * one, "{one} of {both}");

    let data = app
        .data(
            "{ reports { issuer title } issuers { name years reportCount }
               projects(issuer: \"历城区\", first: 1) { nodes { issuer name latest { completionRate report { issuer } } } }
               units(issuer: \"历城区\") { name all: projects { issuer } lc: projects(year: 2025, issuer: \"历城区\") { issuer } } }",
            json!({}),
        )
        .await;
    let issuers: Vec<&str> = data["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["issuer"].as_str().unwrap())
        .collect();
    assert_eq!(issuers, ["章丘区", "历城区"]);
    assert_eq!(
        data["issuers"],
        json!([
            {"name": "历城区", "years": [2025], "reportCount": 1},
            {"name": "章丘区", "years": [2025], "reportCount": 1},
        ])
    );
    // A unit prints in both districts; its projects per issuer.
    let unit = &data["units"][0];
    let all = unit["all"].as_array().unwrap();
    let lc = unit["lc"].as_array().unwrap();
    assert!(!lc.is_empty() && all.len() == 2 * lc.len(), "{unit}");
    assert!(lc.iter().all(|p| p["issuer"] == "历城区"), "{unit}");
    let first = &data["projects"]["nodes"][0];
    assert_eq!(first["issuer"], "历城区");
    assert_eq!(first["latest"]["report"]["issuer"], "历城区");

    // A year's figures need the issuer once two hold the year, and say so.
    let body = app
        .gql("{ summary(year: 2025) { projectCount } }", json!({}))
        .await;
    let (code, message) = error_of(&body);
    assert_eq!(code, "BAD_USER_INPUT", "{body:#}");
    assert!(
        message.contains("历城区") && message.contains("章丘区") && message.contains("issuer"),
        "{message}"
    );
    let data = app
        .data(
            "{ zq: summary(year: 2025, issuer: \"章丘区\") { projectCount averageRate report { issuer } }
               lc: summary(year: 2025, issuer: \"历城区\") { projectCount averageRate }
               units: unitRanking(year: 2025, issuer: \"历城区\") { units { unit { name } projectCount } }
               trend(year: 2025, issuer: \"章丘区\") { asOf projectCount }
               city: issuerRanking(year: 2025) { year total { projectCount averageRate }
                 issuers { issuer rank asOf projectCount averageRate report { title } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["zq"]["projectCount"], n);
    assert_eq!(data["zq"]["report"]["issuer"], "章丘区");
    assert_eq!(data["lc"]["projectCount"], n);
    let (zq_avg, lc_avg) = (
        data["zq"]["averageRate"].as_f64().unwrap(),
        data["lc"]["averageRate"].as_f64().unwrap(),
    );
    assert!(zq_avg > lc_avg, "{zq_avg} vs {lc_avg}");
    assert_eq!(data["trend"].as_array().unwrap().len(), 1);
    assert!(!data["units"]["units"].as_array().unwrap().is_empty());
    // The city view: 章丘区 ahead, both together.
    let city = &data["city"];
    assert_eq!(city["issuers"][0]["issuer"], "章丘区");
    assert_eq!(city["issuers"][0]["rank"], 1);
    assert_eq!(city["issuers"][0]["averageRate"].as_f64(), Some(zq_avg));
    assert_eq!(city["issuers"][1]["issuer"], "历城区");
    assert_eq!(city["issuers"][1]["rank"], 2);
    assert_eq!(city["issuers"][1]["report"]["title"], LICHENG);
    assert_eq!(city["total"]["projectCount"], 2 * n);
    let total = city["total"]["averageRate"].as_f64().unwrap();
    assert!(
        (total - (zq_avg + lc_avg) / 2.0).abs() < 0.02,
        "{total} is the mean of both districts' {zq_avg} and {lc_avg}"
    );

    // A table naming no issuer, given one: the next quarter of 历城区 only.
    let q3 = table_xlsx(
        "2025年民生实事项目进展情况调度表（三季度）",
        &quarter_rows(5),
    );
    let run = app
        .upload_with("q3.xlsx", q3, Some(TOKEN), "issuer: \"历城区\"")
        .await["data"]["uploadSpreadsheet"]
        .clone();
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["issuer"], "历城区");
    assert_eq!(run["projectsUpdated"], n);
    assert_eq!(run["projectsCreated"], 0);
    let data = app
        .data(
            "{ lc: reports(issuer: \"历城区\") { asOf } zq: reports(issuer: \"章丘区\") { asOf }
               city: issuerRanking(year: 2025) { issuers { issuer asOf } }
               earlier: issuerRanking(year: 2025, asOf: \"2025-06-30\") { issuers { issuer asOf } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["lc"],
        json!([{"asOf": "2025-06-30"}, {"asOf": "2025-09-30"}])
    );
    assert_eq!(data["zq"], json!([{"asOf": "2025-06-30"}]));
    let as_of = |v: &Value, who: &str| {
        v["issuers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["issuer"] == who)
            .map(|i| i["asOf"].clone())
    };
    assert_eq!(as_of(&data["city"], "历城区"), Some(json!("2025-09-30")));
    assert_eq!(as_of(&data["city"], "章丘区"), Some(json!("2025-06-30")));
    assert_eq!(as_of(&data["earlier"], "历城区"), Some(json!("2025-06-30")));

    // The argument wins over the title.
    let run = app
        .upload_with(
            "zq-as-pingyin.xlsx",
            table_xlsx(ZHANGQIU, &quarter_rows(1)),
            Some(TOKEN),
            "issuer: \" 平阴县 \", dryRun: true",
        )
        .await["data"]["uploadSpreadsheet"]
        .clone();
    assert_eq!(run["issuer"], "平阴县");
    assert_eq!(run["projectsCreated"], n, "a dry run for a third district");

    // Exports: several issuers hold 2025, so the file needs one named.
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(format!("{}{path}", app.base)).send();
    let r = get("/api/v1/exports/reports/latest.xlsx?year=2025")
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("章丘区"),
        "{body}"
    );
    for path in [
        "/api/v1/exports/reports/latest.xlsx?year=2025&issuer=章丘区",
        "/api/v1/exports/history.csv?year=2025&issuer=历城区",
        "/api/v1/exports/next-period.xlsx?issuer=历城区",
    ] {
        let r = get(path).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
    }
    let r = get("/api/v1/exports/history.csv?year=2025&issuer=历城区")
        .await
        .unwrap();
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    let csv = r.text().await.unwrap();
    assert!(disposition.contains("history-2025.csv"), "{disposition}");
    // 历城区's history: its two dates, none of 章丘区's.
    assert!(csv.contains("2025-09-30"));
    let data = app
        .data(
            "{ exports(year: 2025, issuer: \"历城区\") { issuer latestReportUrl historyCsvUrl } }",
            json!({}),
        )
        .await;
    assert_eq!(data["exports"]["issuer"], "历城区");
    assert!(data["exports"]["latestReportUrl"]
        .as_str()
        .unwrap()
        .contains("issuer="));
    let body = app.gql("{ exports(year: 2025) { year } }", json!({})).await;
    assert_eq!(error_of(&body).0, "BAD_USER_INPUT", "{body:#}");
    app.stop().await;
}

/// A database written before issuers were kept: its reports and projects
/// hold none until the server starts on it and reads them off the titles.
async fn existing_data_takes_the_issuer_its_titles_name(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, rows) = source_rows();
    let n = rows.len() as i64;
    app.import("zq.xlsx", table_xlsx(ZHANGQIU, &rows)).await;
    app.stop().await;
    // As the previous version left it: no issuer anywhere.
    let conn = Database::connect(&db.url).await.unwrap();
    conn.execute_unprepared("UPDATE report SET issuer = ''")
        .await
        .unwrap();
    conn.execute_unprepared("UPDATE project SET issuer = ''")
        .await
        .unwrap();
    conn.close().await.unwrap();

    let app = TestApp::spawn(db).await;
    assert_eq!(count(&app, "issuer: \"\"").await, 0);
    assert_eq!(count(&app, "issuer: \"章丘区\"").await, n);
    let data = app
        .data("{ reports { issuer } issuers { name } }", json!({}))
        .await;
    assert_eq!(data["reports"], json!([{"issuer": "章丘区"}]));
    assert_eq!(data["issuers"], json!([{"name": "章丘区"}]));
    // The next table of the district finds its projects.
    let run = app
        .import(
            "zq-q3.xlsx",
            table_xlsx(&ZHANGQIU.replace("二季度", "三季度"), &quarter_rows(5)),
        )
        .await;
    assert_eq!(run["projectsUpdated"], n, "{run:#}");
    app.stop().await;
}

/// The official table's title names no district; the same office's next
/// one, titled 章丘区…, continues its projects: one history, not two.
const OFFICIAL_Q3: &str = "2025年民生实事项目进展情况调度表（三季度）";

/// Every project of the year with how many dates its history holds.
async fn histories(app: &TestApp) -> Vec<(String, Vec<String>)> {
    let data = app
        .data(
            "{ projects(year: 2025, first: 100) { totalCount nodes { issuer name history { report { asOf issuer } } } } }",
            json!({}),
        )
        .await;
    data["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let dates = p["history"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| {
                    assert_eq!(h["report"]["issuer"], p["issuer"], "{p}");
                    h["report"]["asOf"].as_str().unwrap().to_owned()
                })
                .collect();
            (p["issuer"].as_str().unwrap_or("").to_owned(), dates)
        })
        .collect()
}

fn all_continue(h: &[(String, Vec<String>)], n: usize, issuer: &str, dates: &[&str]) {
    assert_eq!(h.len(), n, "{h:?}");
    for (i, d) in h {
        assert_eq!(i, issuer, "{h:?}");
        assert_eq!(d, dates, "{h:?}");
    }
}

async fn a_title_naming_no_issuer_continues_the_year(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let q2 = app.import("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(q2["status"], "SUCCEEDED", "{q2:#}");
    assert_eq!(q2["issuer"], Value::Null, "the official title names none");
    let n = q2["rowsRead"].as_i64().unwrap();
    assert_eq!(n, 20);
    // The next table names the district: it continues the 20 projects.
    let q3 = app
        .import(
            "zq-q3.xlsx",
            table_xlsx(&ZHANGQIU.replace("二季度", "三季度"), &quarter_rows(5)),
        )
        .await;
    assert_eq!(q3["status"], "SUCCEEDED", "{q3:#}");
    assert_eq!(q3["issuer"], "章丘区");
    assert_eq!(q3["projectsUpdated"], n, "{q3:#}");
    assert_eq!(q3["projectsCreated"], 0, "{q3:#}");
    all_continue(
        &histories(&app).await,
        20,
        "章丘区",
        &["2025-06-30", "2025-09-30"],
    );
    let data = app
        .data(
            "{ reports { issuer asOf } issuers { name reportCount }
               runs: syncRuns(first: 10) { nodes { issuer status } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["reports"],
        json!([{"issuer": "章丘区", "asOf": "2025-06-30"}, {"issuer": "章丘区", "asOf": "2025-09-30"}])
    );
    assert_eq!(
        data["issuers"],
        json!([{"name": "章丘区", "reportCount": 2}])
    );
    assert!(
        data["runs"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["issuer"] == "章丘区"),
        "the Q2 run now names the issuer it joined: {data:#}"
    );
    // A year's figures need no issuer: one holds it.
    let data = app
        .data(
            "{ summary(year: 2025) { projectCount report { asOf } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["summary"]["projectCount"], n);
    assert_eq!(data["summary"]["report"]["asOf"], "2025-09-30");

    // A later official-titled table (names none) joins 章丘区 too, and a
    // dry run says so before it.
    let q4_rows = quarter_rows(9);
    let q4 = table_xlsx(&OFFICIAL_Q3.replace("三季度", "四季度"), &q4_rows);
    let dry = app
        .upload_with("q4.xlsx", q4.clone(), Some(TOKEN), "dryRun: true")
        .await["data"]["uploadSpreadsheet"]
        .clone();
    assert_eq!(dry["status"], "DRY_RUN", "{dry:#}");
    assert_eq!(dry["issuer"], "章丘区");
    assert_eq!(dry["projectsUpdated"], n);
    let run = app.import("q4.xlsx", q4).await;
    assert_eq!(run["issuer"], "章丘区", "{run:#}");
    assert_eq!(run["projectsUpdated"], n);
    all_continue(
        &histories(&app).await,
        20,
        "章丘区",
        &["2025-06-30", "2025-09-30", "2025-12-31"],
    );
    app.stop().await;
}

/// The other way round: the district's table first, then the official
/// table (naming none), for the next date and for the same date.
async fn a_named_year_takes_in_tables_naming_none(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, rows) = source_rows();
    let n = rows.len();
    let half = table_xlsx(&ZHANGQIU.replace("二季度", "1-6月"), &quarter_rows(-3));
    let run = app.import("zq-h1.xlsx", half).await;
    assert_eq!(run["issuer"], "章丘区", "{run:#}");
    // The official table of the same date: it replaces the district's
    // table of that date, as a second table for a date does.
    let dry = app
        .upload("2025-q2.xlsx", official("xlsx"), Some(TOKEN), true)
        .await["data"]["uploadSpreadsheet"]
        .clone();
    assert_eq!(dry["issuer"], "章丘区", "{dry:#}");
    assert_eq!(dry["replaces"]["asOf"], "2025-06-30", "{dry:#}");
    let q2 = app.import("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(q2["status"], "SUCCEEDED", "{q2:#}");
    assert_eq!(q2["issuer"], "章丘区", "{q2:#}");
    assert_eq!(q2["projectsCreated"], 0, "{q2:#}");
    all_continue(&histories(&app).await, n, "章丘区", &["2025-06-30"]);
    let q3 = app
        .import("q3.xlsx", table_xlsx(OFFICIAL_Q3, &quarter_rows(5)))
        .await;
    assert_eq!(q3["issuer"], "章丘区", "{q3:#}");
    assert_eq!(q3["projectsUpdated"], n as i64);
    all_continue(
        &histories(&app).await,
        n,
        "章丘区",
        &["2025-06-30", "2025-09-30"],
    );
    app.stop().await;
}

/// A database split before this release (the official Q2 under no issuer,
/// the 章丘区 Q3 as 20 new projects) is mended when the server starts.
async fn a_split_year_is_mended_at_start(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let q3 = app
        .import(
            "zq-q3.xlsx",
            table_xlsx(&ZHANGQIU.replace("二季度", "三季度"), &quarter_rows(5)),
        )
        .await;
    assert_eq!(q3["status"], "SUCCEEDED");
    // Stand-in for the old behaviour: the official table kept apart.
    let q2 = app
        .upload_with(
            "2025-q2.xlsx",
            official("xlsx"),
            Some(TOKEN),
            "issuer: \"旧\"",
        )
        .await["data"]["uploadSpreadsheet"]
        .clone();
    assert_eq!(q2["projectsCreated"], 20, "{q2:#}");
    app.stop().await;
    let conn = Database::connect(&db.url).await.unwrap();
    for table in ["report", "project", "sync_run"] {
        conn.execute_unprepared(&format!(
            "UPDATE {table} SET issuer = '' WHERE issuer = '旧'"
        ))
        .await
        .unwrap();
    }
    conn.close().await.unwrap();

    let app = TestApp::spawn(db).await;
    let h = histories(&app).await;
    all_continue(&h, 20, "章丘区", &["2025-06-30", "2025-09-30"]);
    // The projects print as the latest table (Q3) does.
    let data = app
        .data(
            "{ projects(year: 2025, first: 1, search: \"养老\") { nodes { latest { report { asOf } } units { name } } } }",
            json!({}),
        )
        .await;
    let node = &data["projects"]["nodes"][0];
    assert_eq!(node["latest"]["report"]["asOf"], "2025-09-30", "{node}");
    assert!(!node["units"].as_array().unwrap().is_empty(), "{node}");
    app.stop().await;
}

/// A year two districts hold: a table naming none stays apart and its run
/// says why; the office's own issuer (the setting) places it instead.
async fn a_table_naming_none_in_a_city_year_stays_apart(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, rows) = source_rows();
    app.import("zq.xlsx", table_xlsx(ZHANGQIU, &rows)).await;
    app.import("lc.xlsx", table_xlsx(LICHENG, &quarter_rows(-10)))
        .await;
    let run = app
        .import("q3.xlsx", table_xlsx(OFFICIAL_Q3, &quarter_rows(5)))
        .await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["issuer"], Value::Null, "{run:#}");
    assert_eq!(run["projectsCreated"], rows.len() as i64);
    let warning = run["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "ISSUER_UNNAMED")
        .unwrap_or_else(|| panic!("no ISSUER_UNNAMED warning: {run:#}"))
        .clone();
    let message = warning["message"].as_str().unwrap();
    assert!(
        message.contains("章丘区") && message.contains("历城区"),
        "{message}"
    );
    app.stop().await;

    // The setting: the office's own district for tables naming none.
    let mut config = test_config(db);
    config.issuer = Some("历城区".to_owned());
    let app = TestApp::spawn_with(config).await;
    let run = app
        .import(
            "q4.xlsx",
            table_xlsx(&OFFICIAL_Q3.replace("三季度", "四季度"), &quarter_rows(7)),
        )
        .await;
    assert_eq!(run["issuer"], "历城区", "{run:#}");
    assert_eq!(run["projectsUpdated"], rows.len() as i64, "{run:#}");
    assert!(run["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["code"] != "ISSUER_UNNAMED"));
    app.stop().await;
}

on_both_databases!(
    districts_with_the_same_projects_stay_apart,
    existing_data_takes_the_issuer_its_titles_name,
    a_title_naming_no_issuer_continues_the_year,
    a_named_year_takes_in_tables_naming_none,
    a_split_year_is_mended_at_start,
    a_table_naming_none_in_a_city_year_stays_apart,
);
