//! Notifications, received by a local HTTP receiver: the events of imports
//! (report.imported, project.turned_red naming a RED project), a unit's
//! return (collection.returned) and a deadline passed (collection.overdue,
//! once), as JSON and in the 企业微信 and 钉钉 robots' shapes (钉钉's URL
//! signed); a receiver that fails is retried, recorded FAILED, and leaves
//! every import intact; the receivers' secrets never show.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::fixtures::{quarter_rows, table_xlsx};
use crate::common::{official, test_config, TestApp, TestDb};
use poem::listener::{Acceptor, Listener};
use serde_json::{json, Value};

/// (path, query, body) of every request the receiver took.
type Received = Arc<Mutex<Vec<(String, String, Value)>>>;

async fn receiver() -> (String, Received, tokio::task::JoinHandle<()>) {
    let got: Received = Arc::default();
    let seen = got.clone();
    let endpoint = poem::endpoint::make(move |mut req: poem::Request| {
        let seen = seen.clone();
        async move {
            let body: Value = req.take_body().into_json().await.unwrap_or(Value::Null);
            let path = req.uri().path().to_owned();
            let query = req.uri().query().unwrap_or_default().to_owned();
            seen.lock().unwrap().push((path.clone(), query, body));
            if path == "/fail" {
                return poem::Response::builder()
                    .status(poem::http::StatusCode::INTERNAL_SERVER_ERROR)
                    .finish();
            }
            poem::Response::builder()
                .content_type("application/json")
                .body("{\"errcode\":0,\"errmsg\":\"ok\"}")
        }
    });
    let acceptor = poem::listener::TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let port = acceptor.local_addr()[0].as_socket_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let _ = poem::Server::new_with_acceptor(acceptor)
            .run(endpoint)
            .await;
    });
    (format!("http://127.0.0.1:{port}"), got, task)
}

/// Waits (up to 15 s) until `ready` holds of what was received.
async fn wait_for(got: &Received, what: &str, ready: impl Fn(&[(String, String, Value)]) -> bool) {
    for _ in 0..300 {
        if ready(&got.lock().unwrap()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: {:#?}", got.lock().unwrap());
}

fn events<'a>(got: &'a [(String, String, Value)], path: &str, event: &str) -> Vec<&'a Value> {
    got.iter()
        .filter(|(p, _, b)| p == path && b["event"] == event)
        .map(|(_, _, b)| b)
        .collect()
}

async fn events_reach_every_receiver(db: &TestDb) {
    let (base, got, task) = receiver().await;
    let mut config = test_config(db);
    config.notify = [
        format!("{base}/json"),
        format!("wecom:{base}/wecom?key=WECOMKEY123"),
        format!("dingtalk:{base}/ding?access_token=DINGTOKEN9#secret=SEC0123"),
        format!("{base}/fail?key=FAILKEY77"),
    ]
    .iter()
    .map(|t| shishi::notify::Target::parse(t).unwrap())
    .collect();
    config.notify_backoff = Duration::from_millis(5);
    config.overdue_every = Duration::from_millis(100);
    config.public_url = Some("http://console.example".to_owned());
    let app = TestApp::spawn_with(config).await;

    let q2 = app.import("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(
        q2["status"], "SUCCEEDED",
        "a failing receiver fails no import"
    );
    let q3 = app
        .import(
            "2025-q3.xlsx",
            table_xlsx(
                "2025年民生实事项目进展情况调度表（三季度）",
                &quarter_rows(-10),
            ),
        )
        .await;
    assert_eq!(q3["status"], "SUCCEEDED");
    let red = app
        .data(
            "{ projects(year: 2025, light: RED, first: 100) { nodes { id name serialNo } } }",
            json!({}),
        )
        .await["projects"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert!(!red.is_empty());
    let n_red = red.len();
    wait_for(&got, "two imports and every red project", |g| {
        events(g, "/json", "report.imported").len() == 2
            && events(g, "/json", "project.turned_red").len() >= n_red
    })
    .await;
    {
        let g = got.lock().unwrap();
        let imported = events(&g, "/json", "report.imported");
        assert_eq!(imported[1]["data"]["report"]["period"], "三季度");
        assert_eq!(imported[1]["data"]["projectCount"], 20);
        let turned: Vec<&Value> = events(&g, "/json", "project.turned_red");
        for p in &red {
            let hit = turned
                .iter()
                .find(|e| e["data"]["project"]["name"] == p["name"])
                .unwrap_or_else(|| panic!("{p} not notified"));
            assert_eq!(hit["data"]["project"]["serialNo"], p["serialNo"]);
            assert_eq!(
                hit["data"]["project"]["url"],
                format!(
                    "http://console.example/projects/{}",
                    p["id"].as_str().unwrap()
                )
            );
            assert!(!hit["data"]["project"]["leadUnit"]
                .as_str()
                .unwrap()
                .is_empty());
        }
        // 企业微信 and 钉钉: markdown in Chinese; 钉钉's URL signed.
        let wecom: Vec<&Value> = g
            .iter()
            .filter(|(p, ..)| p == "/wecom")
            .map(|(_, _, b)| b)
            .collect();
        assert!(wecom.iter().all(|b| b["msgtype"] == "markdown"));
        assert!(wecom.iter().any(|b| b["markdown"]["content"]
            .as_str()
            .unwrap()
            .contains("亮红灯")));
        let ding: Vec<&(String, String, Value)> = g.iter().filter(|(p, ..)| p == "/ding").collect();
        assert!(!ding.is_empty());
        for (_, query, body) in &ding {
            assert!(
                query.contains("access_token=DINGTOKEN9")
                    && query.contains("timestamp=")
                    && query.contains("sign="),
                "{query}"
            );
            assert_eq!(body["msgtype"], "markdown");
            assert!(body["markdown"]["title"].is_string() && body["markdown"]["text"].is_string());
        }
    }

    // A unit's return.
    let form = app.next_period_form("区教体局").await;
    let ret = app.import("教体局四季度.xlsx", form).await;
    assert_eq!(ret["status"], "SUCCEEDED", "{ret:#}");
    wait_for(&got, "the return", |g| {
        events(g, "/json", "collection.returned")
            .iter()
            .any(|e| e["data"]["unit"] == "区教体局" && e["data"]["period"] == "四季度")
    })
    .await;

    // A RED project that came in the return is named in an event of it
    // (its rate did not move since 三季度: stalled, and red at the year's end).
    let red_now = app
        .data(
            "{ projects(year: 2025, light: RED, unit: \"区教体局\") { nodes { name latest { report { period } } } } }",
            json!({}),
        )
        .await["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["latest"]["report"]["period"] == "四季度")
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(!red_now.is_empty());
    wait_for(&got, "the return's red project named", |g| {
        ["project.turned_red", "project.stalled"]
            .iter()
            .any(|kind| {
                events(g, "/json", kind).iter().any(|e| {
                    e["data"]["report"]["period"] == "四季度"
                        && red_now
                            .iter()
                            .any(|n| e["data"]["project"]["name"] == n.as_str())
                })
            })
    })
    .await;

    // A deadline passed with units missing: said once.
    let set = app
        .gql_with_token(
            "mutation { setCollectionDeadline(year: 2025, asOf: \"2025-12-31\", deadline: \"2025-01-01T00:00:00Z\") { missingCount } }",
        )
        .await;
    let missing = set["data"]["setCollectionDeadline"]["missingCount"]
        .as_i64()
        .unwrap();
    assert!(missing > 0, "{set:#}");
    wait_for(&got, "the overdue notice", |g| {
        !events(g, "/json", "collection.overdue").is_empty()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    {
        let g = got.lock().unwrap();
        let overdue = events(&g, "/json", "collection.overdue");
        assert_eq!(overdue.len(), 1, "once");
        assert_eq!(
            overdue[0]["data"]["missing"].as_array().unwrap().len() as i64,
            missing
        );
    }

    // The log of deliveries, with the token; the failing receiver retried
    // and FAILED, every secret hidden.
    wait_for(&got, "the failing receiver's retries", |g| {
        g.iter().filter(|(p, ..)| p == "/fail").count() >= 5
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let log = app
        .gql_with_token(
            "{ notifications(first: 100) { event target status attempts lastError summary deliveredAt } }",
        )
        .await;
    let rows = log["data"]["notifications"].as_array().unwrap();
    let text = log.to_string();
    for secret in ["WECOMKEY123", "DINGTOKEN9", "SEC0123", "FAILKEY77"] {
        assert!(!text.contains(secret), "{secret} shown: {text}");
    }
    assert!(rows
        .iter()
        .any(|r| r["target"].as_str().unwrap().contains("/fail")
            && r["status"] == "FAILED"
            && r["attempts"] == 5));
    assert!(
        rows.iter()
            .any(|r| r["target"].as_str().unwrap().starts_with("wecom:")
                && r["status"] == "DELIVERED")
    );
    let anonymous = app.gql("{ notifications { event } }", json!({})).await;
    assert_eq!(
        anonymous["errors"][0]["extensions"]["code"],
        "UNAUTHENTICATED"
    );
    app.stop().await;
    task.abort();
}

on_both_databases!(events_reach_every_receiver);
