//! Named tokens and the audit trail: every run records the name of the
//! token that sent it and the client's address; a unit's token uploads its
//! own unit's rows and nothing else (another unit's row refuses the run,
//! naming it, and writes nothing) and may not run the sync or set a
//! deadline; the scheduler's runs name no one.

use crate::common::{official, test_config, TestApp, TestDb, TOKEN};
use serde_json::{json, Value};
use shishi::auth::NamedToken;

const OFFICE: &str = "office-secret-0123456789";
const EDU: &str = "edu-secret-0123456789ab";

async fn tokens_name_who_sent_each_run(db: &TestDb) {
    let mut config = test_config(db);
    config.tokens = vec![
        NamedToken::parse(&format!("督查室={OFFICE}")).unwrap(),
        NamedToken::parse(&format!("区教体局@unit={EDU}")).unwrap(),
    ];
    let inbox = config.sync_sources[0].clone();
    let app = TestApp::spawn_with(config).await;
    let upload = |name: &'static str, bytes: Vec<u8>, token: &'static str| {
        let app = &app;
        async move {
            let body = app.upload(name, bytes, Some(token), false).await;
            assert!(body.get("errors").is_none(), "{name}: {body:#}");
            body["data"]["uploadSpreadsheet"].clone()
        }
    };
    let q2 = upload("2025-q2.xlsx", official("xlsx"), TOKEN).await;
    assert_eq!(q2["status"], "SUCCEEDED");
    assert_eq!(q2["uploadedBy"], "api-token");
    assert_eq!(q2["clientAddress"], "127.0.0.1");
    let ods = upload("2025-q2.ods", official("ods"), OFFICE).await;
    assert_eq!(ods["uploadedBy"], "督查室", "{ods:#}");

    // The unit's own form, with the unit's token.
    let form = app.next_period_form("区教体局").await;
    let own = upload("教体局.xlsx", form, EDU).await;
    assert_eq!(own["status"], "SUCCEEDED", "{own:#}");
    assert_eq!(own["uploadedBy"], "区教体局");
    assert_eq!(own["formUnit"], "区教体局");
    assert_eq!(own["merged"], true);

    // The whole table with the unit's token: refused, naming a row.
    let before = reports(&app).await;
    let whole = upload("2025-q2.xls", official("xls"), EDU).await;
    assert_eq!(whole["status"], "FAILED", "{whole:#}");
    assert_eq!(whole["error"]["code"], "OUTSIDE_UNIT");
    let message = whole["error"]["message"].as_str().unwrap();
    assert!(message.contains("row "), "{message}");
    assert!(message.contains("不是区教体局的项目"), "{message}");
    assert_eq!(reports(&app).await, before, "nothing written");

    // Nothing but uploads.
    for mutation in [
        "mutation { runSync { id } }",
        "mutation { setCollectionDeadline(year: 2025, asOf: \"2025-09-30\", deadline: \"2025-10-08T09:00:00Z\") { deadline } }",
    ] {
        let body: Value = app
            .client
            .post(format!("{}/graphql", app.base))
            .bearer_auth(EDU)
            .json(&json!({"query": mutation}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN", "{mutation}: {body:#}");
    }
    // The scheduler's runs name no one.
    std::fs::write(
        std::path::Path::new(&inbox).join("q4.xls"),
        std::fs::read(crate::common::repo().join("tests/fixtures/2025-q4.xls")).unwrap(),
    )
    .unwrap();
    let runs = app
        .sync
        .run_all(shishi::sync::Trigger::Schedule)
        .await
        .unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].uploaded_by, None);
    assert_eq!(runs[0].client_address, None);
    app.stop().await;
}

async fn reports(app: &TestApp) -> usize {
    app.data("{ reports(includeRevisions: true) { id } }", json!({}))
        .await["reports"]
        .as_array()
        .unwrap()
        .len()
}

on_both_databases!(tokens_name_who_sent_each_run);
