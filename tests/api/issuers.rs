//! Several issuers in one database: the tables of two districts listing
//! the same projects stay apart, each district's questions answer for it
//! alone, and the city view ranks the districts. Through the upload path,
//! GraphQL and the export routes, on both databases.

use crate::common::fixtures::{quarter_rows, source_rows, table_xlsx};
use crate::common::{TestApp, TestDb, TOKEN};
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

on_both_databases!(
    districts_with_the_same_projects_stay_apart,
    existing_data_takes_the_issuer_its_titles_name,
);
