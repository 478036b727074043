//! The `shishi` binary: import, migrate, export-schema and settings, on real
//! files and databases; then what the import wrote, read back over GraphQL.
use std::path::Path;
use std::process::{Command, Output};

use crate::common::{official, repo, TestApp, TestDb};
use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};
use serde_json::json;

fn shishi(db_url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(args)
        .env_remove("SHISHI_CONFIG")
        .env_remove("SHISHI_MAX_UPLOAD_BYTES")
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn example(ext: &str) -> String {
    repo()
        .join("examples")
        .join(format!("2025-q2.{ext}"))
        .display()
        .to_string()
}

#[test]
fn schema_graphql_is_what_export_schema_prints() {
    let out = shishi("sqlite::memory:", &["export-schema"]);
    assert!(out.status.success(), "{}", text(&out));
    let committed = std::fs::read_to_string(repo().join("schema.graphql")).unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout) == committed,
        "schema.graphql is stale: run `cargo run -- export-schema > schema.graphql` and commit it"
    );
}

/// Every type, field, argument and enum value the contract names exists in
/// the schema with the same type.
#[test]
fn schema_keeps_every_name_of_the_api_contract() {
    let contract = parse_schema(
        std::fs::read_to_string(repo().join("tests/fixtures/api-contract.graphql")).unwrap(),
    )
    .unwrap();
    let ours =
        parse_schema(std::fs::read_to_string(repo().join("schema.graphql")).unwrap()).unwrap();
    let find = |name: &str| {
        ours.definitions.iter().find_map(|d| match d {
            TypeSystemDefinition::Type(t) if t.node.name.node == name => Some(t.node.kind.clone()),
            _ => None,
        })
    };
    let mut checked = 0;
    for def in &contract.definitions {
        let TypeSystemDefinition::Type(t) = def else {
            continue;
        };
        let name = t.node.name.node.as_str();
        let kind = find(name).unwrap_or_else(|| panic!("type {name} is missing"));
        match (&t.node.kind, &kind) {
            (TypeKind::Object(want), TypeKind::Object(have)) => {
                for f in &want.fields {
                    let fname = f.node.name.node.as_str();
                    let got = have
                        .fields
                        .iter()
                        .find(|g| g.node.name.node == fname)
                        .unwrap_or_else(|| panic!("{name}.{fname} is missing"));
                    assert_eq!(
                        got.node.ty.node.to_string(),
                        f.node.ty.node.to_string(),
                        "type of {name}.{fname}"
                    );
                    for a in &f.node.arguments {
                        let aname = a.node.name.node.as_str();
                        let arg = got
                            .node
                            .arguments
                            .iter()
                            .find(|b| b.node.name.node == aname)
                            .unwrap_or_else(|| panic!("{name}.{fname}({aname}) is missing"));
                        assert_eq!(
                            arg.node.ty.node.to_string(),
                            a.node.ty.node.to_string(),
                            "{name}.{fname}({aname})"
                        );
                        assert_eq!(
                            arg.node.default_value.as_ref().map(|v| v.node.to_string()),
                            a.node.default_value.as_ref().map(|v| v.node.to_string()),
                            "default of {name}.{fname}({aname})"
                        );
                    }
                    checked += 1;
                }
            }
            (TypeKind::Enum(want), TypeKind::Enum(have)) => {
                for v in &want.values {
                    assert!(
                        have.values
                            .iter()
                            .any(|h| h.node.value.node == v.node.value.node),
                        "{name}.{} is missing",
                        v.node.value.node
                    );
                    checked += 1;
                }
            }
            (TypeKind::Scalar, TypeKind::Scalar) => checked += 1,
            (want, have) => panic!("{name} is {have:?} but the contract has {want:?}"),
        }
    }
    assert!(
        checked >= 90,
        "only {checked} names checked: did the contract parse?"
    );
}

async fn import_then_query(db: &TestDb) {
    // The xls and ods copies say what the xlsx said: UNCHANGED.
    for (ext, status) in [
        ("xlsx", "SUCCEEDED"),
        ("xls", "UNCHANGED"),
        ("ods", "UNCHANGED"),
    ] {
        let out = shishi(&db.url, &["import", &example(ext)]);
        let printed = text(&out);
        assert!(out.status.success(), "{printed}");
        assert!(printed.contains(status), "{ext}: {printed}");
        assert!(
            printed.contains("row 19") && printed.contains("serial 117"),
            "{printed}"
        );
    }
    let again = shishi(&db.url, &["import", &example("xlsx")]);
    assert!(again.status.success());
    assert!(text(&again).contains("UNCHANGED"), "{}", text(&again));

    let app = TestApp::spawn(db).await;
    let data = app
        .data(
            "{ projects(first: 100) { totalCount nodes { serialNo name units { name } latest { rawRate light } } }
               reports(includeRevisions: true) { period asOf isRevision }
               syncRuns { totalCount nodes { trigger status } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["projects"]["totalCount"], 20);
    let typo = data["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "提升长期护理参保人员压疮治愈率")
        .unwrap();
    assert_eq!(typo["serialNo"], 117);
    assert_eq!(typo["latest"]["rawRate"], "100%");
    assert_eq!(data["reports"].as_array().unwrap().len(), 1);
    assert_eq!(data["syncRuns"]["totalCount"], 4);
    assert_eq!(data["syncRuns"]["nodes"][0]["trigger"], "CLI");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_then_query_on_sqlite() {
    import_then_query(&TestDb::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_then_query_on_postgres() {
    import_then_query(&TestDb::postgres().await).await;
}

async fn failed_runs_exit_non_zero_and_dry_runs_write_nothing(db: &TestDb) {
    let junk = db.dir.join("junk.xlsx");
    std::fs::write(&junk, b"this is not a workbook").unwrap();
    let out = shishi(
        &db.url,
        &["import", &example("ods"), junk.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let printed = text(&out);
    assert!(
        printed.contains("SUCCEEDED") && printed.contains("NOT_A_SPREADSHEET"),
        "{printed}"
    );

    let missing = shishi(&db.url, &["import", "/no/such/file.xlsx"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing).contains("SOURCE_UNREADABLE: cannot read 'file.xlsx'"),
        "{}",
        text(&missing)
    );

    let db2 = TestDb::sqlite().await;
    let dry = shishi(&db2.url, &["import", "--dry-run", &example("xls")]);
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(text(&dry).contains("DRY_RUN"));
    let app = TestApp::spawn(&db2).await;
    let data = app
        .data(
            "{ projects { totalCount } syncRuns { nodes { status } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["projects"]["totalCount"], 0);
    assert_eq!(data["syncRuns"]["nodes"], json!([{"status": "DRY_RUN"}]));
    app.stop().await;
}

#[test]
fn migrate_creates_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/shishi.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let out = shishi(&url, &["migrate"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(path.exists());
    let twice = shishi(&url, &["migrate"]);
    assert!(twice.status.success());
    let bad = shishi(
        "postgres://postgres@127.0.0.1:5432/shishi_no_such_database",
        &["migrate"],
    );
    assert!(!bad.status.success());
    assert!(text(&bad).contains("--database-url"), "{}", text(&bad));
}

/// Flags win over the environment, the environment over the config file.
#[test]
fn settings_come_from_flags_then_environment_then_file() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display());
    let config = dir.path().join("shishi.toml");
    std::fs::write(&config, "max-upload-bytes = \"1KiB\"\n").unwrap();
    let file = example("xlsx");
    let run = |envs: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_shishi"));
        cmd.env_remove("SHISHI_MAX_UPLOAD_BYTES")
            .env("DATABASE_URL", &url)
            .env("SHISHI_CONFIG", &config)
            .env("RUST_LOG", "warn");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut all = vec!["import", "--dry-run"];
        all.extend_from_slice(args);
        all.push(&file);
        cmd.args(all).output().unwrap()
    };
    let from_file = run(&[], &[]);
    assert!(
        // The same code as a sync source's file over the limit.
        text(&from_file).contains("TOO_LARGE: 2025-q2.xlsx is larger than the limit of 1024 bytes"),
        "{}",
        text(&from_file)
    );
    let from_env = run(&[("SHISHI_MAX_UPLOAD_BYTES", "20MiB")], &[]);
    assert!(from_env.status.success(), "{}", text(&from_env));
    let from_flag = run(
        &[("SHISHI_MAX_UPLOAD_BYTES", "20MiB")],
        &["--max-upload-bytes", "2000"],
    );
    assert!(
        text(&from_flag).contains("larger than the limit of 2000 bytes"),
        "{}",
        text(&from_flag)
    );
    let bad = run(&[], &["--max-upload-bytes", "lots"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad).contains("max-upload-bytes = 'lots' is not valid"),
        "{}",
        text(&bad)
    );
    std::fs::write(&config, "no-such-setting = 1\n").unwrap();
    let unknown = run(&[], &[]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        text(&unknown).contains("no-such-setting"),
        "{}",
        text(&unknown)
    );
}

/// `shishi export` writes the files the HTTP endpoints serve: a report
/// under its Chinese title, one unit's blank form, the history workbook,
/// the CSV to stdout byte for byte what HTTP sends; and says clearly what
/// is missing, leaving no half-written file.
async fn export_writes_what_the_endpoints_serve(db: &TestDb) {
    use calamine::{Reader, Xlsx};
    let out = shishi(&db.url, &["import", &example("xlsx")]);
    assert!(out.status.success(), "{}", text(&out));
    let dir = db.dir.join("exports");
    std::fs::create_dir_all(&dir).unwrap();
    let dir_arg = dir.display().to_string();
    let open = |path: &Path| -> Xlsx<_> { calamine::open_workbook(path).unwrap() };

    // A report (the latest by default) into a folder, under its title.
    let out = shishi(&db.url, &["export", "report", "--out", &dir_arg]);
    assert!(out.status.success(), "{}", text(&out));
    let title = "2025年民生实事项目进展情况调度表（二季度）";
    let report = dir.join(format!("{title}.xlsx"));
    assert!(
        text(&out).contains(&format!("wrote {}", report.display())),
        "{}",
        text(&out)
    );
    let mut book = open(&report);
    assert_eq!(book.sheet_names(), ["Sheet1", "导入提示"]);
    let sheet = book.worksheet_range("Sheet1").unwrap();
    assert_eq!(sheet.height(), 22);
    assert_eq!(sheet.get_value((0, 0)).unwrap().to_string(), title);

    // One unit's blank form, to a file named on the command line.
    let form = dir.join("form.xlsx");
    let out = shishi(
        &db.url,
        &[
            "export",
            "next-period",
            "--unit",
            "区教体局",
            "--prefill",
            "false",
            "-o",
            &form.display().to_string(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let mut book = open(&form);
    let sheet = book
        .worksheet_range(&book.sheet_names()[0].clone())
        .unwrap();
    assert!(sheet
        .get_value((0, 0))
        .unwrap()
        .to_string()
        .contains("三季度"));
    assert!(sheet.height() > 2);
    for r in 2..sheet.height() as u32 {
        let units = sheet.get_value((r, 2)).unwrap().to_string();
        assert!(units.split('、').any(|u| u == "区教体局"), "{units}");
        assert_eq!(sheet.get_value((r, 3)).unwrap().to_string(), "");
    }

    // The history workbook, and the CSV on stdout as HTTP sends it.
    let out = shishi(
        &db.url,
        &["export", "history", "--year", "2025", "-o", &dir_arg],
    );
    assert!(out.status.success(), "{}", text(&out));
    let book = open(&dir.join("2025年民生实事项目进展历史.xlsx"));
    assert_eq!(
        book.sheet_names(),
        ["进展历史", "二季度 2025-06-30", "红黄榜"]
    );
    let csv = shishi(
        &db.url,
        &["export", "history", "--format", "csv", "-o", "-"],
    );
    assert!(csv.status.success(), "{}", text(&csv));
    let app = TestApp::spawn(db).await;
    let served = app
        .client
        .get(format!("{}/api/v1/exports/history.csv?year=2025", app.base))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    app.stop().await;
    assert!(csv.stdout.starts_with(b"\xEF\xBB\xBF"));
    assert_eq!(csv.stdout, served.to_vec());

    // What is missing or wrong, said plainly, with exit code 1 (2 for a
    // flag clap refuses), and nothing half-written.
    for (args, says) in [
        (&["export", "report", "999"][..], "there is no report 999"),
        (&["export", "report", "abc"][..], "'abc' is not a report id"),
        (
            &["export", "history", "--year", "1999"][..],
            "no report of 1999 is held",
        ),
        (
            &["export", "next-period", "--unit", "没有这个单位"][..],
            "no project of the latest report lists the unit",
        ),
    ] {
        let out = shishi(&db.url, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(says), "{args:?}: {}", text(&out));
    }
    let out = shishi(&db.url, &["export", "history", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let nowhere = dir.join("no-such-folder").join("x.xlsx");
    let out = shishi(
        &db.url,
        &["export", "report", "-o", &nowhere.display().to_string()],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("cannot write"), "{}", text(&out));
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn official_example_ships_with_the_repository() {
    for ext in ["xlsx", "xls", "ods"] {
        let bytes = official(ext);
        assert!(bytes.len() > 10_000, "{ext}");
    }
    assert!(Path::new(&example("xlsx")).exists());
}

/// `--issuer`, `--header-row` and `--columns` as the upload arguments do:
/// a layout refused with the flags that read it, read with them; exports
/// of a year two issuers hold need `--issuer`; a source setting that does
/// not read stops the command, naming it.
async fn import_flags_name_the_issuer_and_map_the_columns(db: &TestDb) {
    use crate::common::fixtures::source_rows;
    use crate::layouts::{unknown_layout, SUGGESTED};
    let (_, rows) = source_rows();
    let file = db.dir.join("work.xlsx");
    std::fs::write(&file, unknown_layout(&rows, "Sheet1")).unwrap();
    let path = file.to_str().unwrap();
    let refused = shishi(&db.url, &["import", path]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    let printed = text(&refused);
    let flags = format!("--header-row 3 --columns \"{SUGGESTED}\"");
    assert!(
        printed.contains("NO_HEADER") && printed.contains(&flags),
        "{printed}"
    );

    let mapped = shishi(
        &db.url,
        &[
            "import",
            path,
            "--issuer",
            "章丘区",
            "--header-row",
            "3",
            "--columns",
            SUGGESTED,
        ],
    );
    assert!(mapped.status.success(), "{}", text(&mapped));
    let bad = shishi(&db.url, &["import", path, "--columns", "goal B"]);
    assert!(!bad.status.success());
    assert!(text(&bad).contains("key=column"), "{}", text(&bad));
    let zero = shishi(&db.url, &["import", path, "--header-row", "0"]);
    assert!(!zero.status.success(), "{}", text(&zero));

    let other = shishi(&db.url, &["import", &example("xlsx"), "--issuer", "历城区"]);
    assert!(other.status.success(), "{}", text(&other));
    let out = db.dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let out_path = out.to_str().unwrap();
    let ambiguous = shishi(
        &db.url,
        &[
            "export", "history", "--format", "csv", "--year", "2025", "--out", out_path,
        ],
    );
    assert_eq!(ambiguous.status.code(), Some(1), "{}", text(&ambiguous));
    assert!(text(&ambiguous).contains("历城区"), "{}", text(&ambiguous));
    let one = shishi(
        &db.url,
        &[
            "export",
            "history",
            "--format",
            "csv",
            "--issuer",
            "章丘区",
            "--out",
            out_path,
        ],
    );
    assert!(one.status.success(), "{}", text(&one));
    assert!(
        out.join("章丘区2025年民生实事项目进展历史.csv").exists(),
        "{}",
        text(&one)
    );

    // The office's own issuer (SHISHI_ISSUER) places a table naming none
    // in a year two issuers hold; `serve --issuer` refuses a non-name.
    let q3 = db.dir.join("q3.xlsx");
    std::fs::write(
        &q3,
        crate::common::fixtures::table_xlsx(
            "2025年民生实事项目进展情况调度表（三季度）",
            &crate::common::fixtures::quarter_rows(5),
        ),
    )
    .unwrap();
    let placed = Command::new(env!("CARGO_BIN_EXE_shishi"))
        .args(["import", q3.to_str().unwrap()])
        .env_remove("SHISHI_CONFIG")
        .env("DATABASE_URL", &db.url)
        .env("SHISHI_ISSUER", "历城区")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(placed.status.success(), "{}", text(&placed));
    assert!(
        text(&placed).contains("0 projects created, 20 updated"),
        "{}",
        text(&placed)
    );
    let long = "区".repeat(65);
    let refused = shishi(&db.url, &["serve", "--issuer", &long]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("issuer"), "{}", text(&refused));

    let app = TestApp::spawn(db).await;
    let data = app
        .data(
            "{ a: projects(issuer: \"章丘区\") { totalCount } b: projects(issuer: \"历城区\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(data["a"]["totalCount"], 20);
    assert_eq!(data["b"]["totalCount"], 20);
    app.stop().await;

    let bad_source = shishi(
        &db.url,
        &[
            "migrate",
            "--sync-source",
            &format!("{}#colour=red", db.dir.display()),
        ],
    );
    assert_eq!(bad_source.status.code(), Some(2), "{}", text(&bad_source));
    assert!(text(&bad_source).contains("'colour' is not a source setting"));
}

on_both_databases!(
    import_flags_name_the_issuer_and_map_the_columns,
    failed_runs_exit_non_zero_and_dry_runs_write_nothing,
    export_writes_what_the_endpoints_serve,
);
