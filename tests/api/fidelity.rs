//! Reading every rendition right, and refusing bad files safely: each case
//! goes through the upload path of the real server, with fixtures made here
//! (rust_xlsxwriter, zip) or committed (tests/fixtures/make_fixtures.py).
use std::io::Write;

use crate::common::fixtures::{quarter_rows, s, source_rows, table_xlsx, workbook, Sheet, C};
use crate::common::{official, repo, TestApp, TestDb, TOKEN};
use serde_json::{json, Value};

const PROJECTS: &str =
    "{ projects(first: 100) { totalCount nodes { serialNo name goal units { name }
    latest { completionRate rawRate status light summary detail remarks extra { name value }
             report { period asOf title sheet } } } } }";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures").join(name)).unwrap()
}

fn header() -> Vec<C> {
    ["序号", "任务目标", "责任单位", "进展情况", "完成率\n（%）"]
        .into_iter()
        .map(s)
        .collect()
}

fn project(serial: f64, goal: &str, units: &str, progress: &str, rate: C) -> Vec<C> {
    vec![C::N(serial), s(goal), s(units), s(progress), rate]
}

const TITLE: &str = "2025年民生实事项目进展情况调度表（二季度）";

fn one_sheet(rows: Vec<Vec<C>>) -> Vec<u8> {
    workbook(&[Sheet {
        name: "调度表".into(),
        rows,
        merges: vec![],
    }])
}

async fn projects(app: &TestApp) -> Vec<Value> {
    let data = app.data(PROJECTS, json!({})).await;
    data["projects"]["nodes"].as_array().unwrap().clone()
}

fn warning_at(run: &Value, row: i64) -> Vec<&Value> {
    run["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["row"] == row)
        .collect()
}

async fn header_below_lead_lines_on_the_sheet_that_has_it(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let instructions = Sheet {
        name: "填表说明".into(),
        rows: vec![
            vec![s("填表说明")],
            vec![s("1. 完成率填写百分比。")],
            vec![s("2. 按季度报送。")],
        ],
        merges: vec![],
    };
    let table = Sheet {
        name: "调度表".into(),
        rows: vec![
            vec![s("附件2")],
            vec![s(TITLE)],
            vec![
                s("填报单位：区政府督查室"),
                C::E,
                C::E,
                s("填报日期：2025年7月5日"),
            ],
            vec![],
            header(),
            project(
                1.0,
                "建设口袋公园。新建口袋公园5处。",
                "区住建局",
                "目前，已完成年度计划60%。\n已建成3处。",
                s("60%"),
            ),
        ],
        merges: vec![(1, 0, 1, 4)],
    };
    let run = app
        .import("q2.xlsx", workbook(&[instructions, table]))
        .await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["report"]["title"], TITLE);
    assert_eq!(run["report"]["period"], "二季度");
    let p = &projects(&app).await[0];
    assert_eq!(p["name"], "建设口袋公园");
    assert_eq!(p["latest"]["report"]["sheet"], "调度表");
    assert_eq!(p["latest"]["summary"], "目前，已完成年度计划60%。");
    // A workbook whose sheets hold no table says which sheets it looked at.
    let run = app
        .import(
            "notes.xlsx",
            workbook(&[Sheet {
                name: "说明".into(),
                rows: vec![vec![s("没有表格")]],
                merges: vec![],
            }]),
        )
        .await;
    assert_eq!(run["error"]["code"], "NO_HEADER");
    assert!(run["error"]["message"].as_str().unwrap().contains("说明"));
    app.stop().await;
}

async fn columns_in_any_order_known_by_synonyms(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let rows = vec![
        vec![s("2025年民生实事项目推进情况表（1—9月）")],
        [
            "备注",
            "完成比例(%)",
            "完成情况",
            "配合单位",
            "项目名称",
            "牵头部门",
            "计划投资（万元）",
            "编号",
        ]
        .into_iter()
        .map(s)
        .collect(),
        vec![
            s("已验收"),
            C::N(80.0),
            s("完成主体工程。\n正在验收。"),
            s("区财政局、区审计局"),
            s("实施老旧小区改造工程。改造12个小区。"),
            s("区住建局"),
            C::N(1200.0),
            C::N(1.0),
        ],
    ];
    let run = app.import("t.xlsx", one_sheet(rows)).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["report"]["period"], "1—9月");
    assert_eq!(run["report"]["asOf"], "2025-09-30");
    let p = &projects(&app).await[0];
    assert_eq!(p["serialNo"], 1);
    assert_eq!(p["name"], "实施老旧小区改造工程");
    let units: Vec<&str> = p["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        units,
        ["区住建局", "区财政局", "区审计局"],
        "lead unit first, co-units after"
    );
    assert_eq!(p["latest"]["completionRate"], 80.0);
    assert_eq!(p["latest"]["detail"], "完成主体工程。\n正在验收。");
    assert_eq!(p["latest"]["remarks"], "已验收");
    assert_eq!(
        p["latest"]["extra"],
        json!([{"name": "计划投资（万元）", "value": "1200"}])
    );
    app.stop().await;
}

async fn rates_in_every_spelling(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let mut rows = vec![vec![s(TITLE)], header()];
    // The cell, the rate read, and the warning's words and code.
    type Case = (C, Option<f64>, Option<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        (s("52%"), Some(52.0), None),
        (s("52"), Some(52.0), None),
        (C::N(52.0), Some(52.0), None),
        (C::P(0.52), Some(52.0), None),
        (
            s("约80%"),
            Some(80.0),
            Some(("approximate", "RATE_APPROXIMATE")),
        ),
        // Completion words are 100; above 100 is kept as reported.
        (s("已完成"), Some(100.0), None),
        (s("已办结"), Some(100.0), None),
        (s("120%"), Some(120.0), None),
        (s("100%（提前完成）"), Some(100.0), None),
        (
            s("完成年度任务的92.5%"),
            Some(92.5),
            Some(("inside a sentence", "RATE_APPROXIMATE")),
        ),
        (s("—"), None, Some(("empty", "RATE_EMPTY"))),
        (s("序时推进"), None, Some(("the pace", "RATE_UNREADABLE"))),
        (
            s("1200%"),
            None,
            Some(("outside 0..1000", "RATE_OUT_OF_RANGE")),
        ),
        (s("进行中"), None, Some(("not a number", "RATE_UNREADABLE"))),
        (C::E, None, Some(("empty", "RATE_EMPTY"))),
        // Full-width, as a Chinese input method types them.
        (s("４５％"), Some(45.0), None),
        (s("４５．５％"), Some(45.5), None),
        (
            s("约８０％"),
            Some(80.0),
            Some(("approximate", "RATE_APPROXIMATE")),
        ),
    ];
    for (i, (rate, _, _)) in cases.iter().enumerate() {
        rows.push(project(
            i as f64 + 1.0,
            &format!("项目{}。内容。", i + 1),
            "区发改局",
            "进展。",
            rate.clone(),
        ));
    }
    let run = app.import("rates.xlsx", one_sheet(rows)).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    let nodes = projects(&app).await;
    for (i, (_, expected, warning)) in cases.iter().enumerate() {
        let p = nodes
            .iter()
            .find(|p| p["name"] == format!("项目{}", i + 1))
            .unwrap();
        assert_eq!(
            p["latest"]["completionRate"].as_f64(),
            *expected,
            "case {i}: {p:#}"
        );
        let row = i as i64 + 3;
        let warnings = warning_at(&run, row);
        match warning {
            None => assert!(warnings.is_empty(), "case {i}: {warnings:?}"),
            Some((words, code)) => {
                assert_eq!(warnings.len(), 1, "case {i}: {run:#}");
                let w = warnings[0];
                assert_eq!(w["sheet"], "调度表");
                assert_eq!(w["column"], "完成率（%）");
                assert_eq!(w["code"], *code, "case {i}: {w}");
                assert!(
                    w["message"].as_str().unwrap().contains(words),
                    "case {i}: {w}"
                );
            }
        }
    }
    let raw = nodes.iter().find(|p| p["name"] == "项目14").unwrap();
    assert_eq!(raw["latest"]["rawRate"], "进行中", "raw text is kept");
    let over = nodes.iter().find(|p| p["name"] == "项目8").unwrap();
    assert_eq!(over["latest"]["rawRate"], "120%");
    assert_eq!(over["latest"]["status"], "COMPLETED", "above 100 is done");
    assert_eq!(over["latest"]["light"], "GREEN");
    assert_eq!(raw["latest"]["status"], "IN_PROGRESS");
    let done = nodes.iter().find(|p| p["name"] == "项目6").unwrap();
    assert_eq!(done["latest"]["status"], "COMPLETED");

    // A column of shares of 1 (0.52, 1) is read as percent.
    let rows = vec![
        vec![s("2025年民生实事项目进展情况调度表（三季度）")],
        ["序号", "任务目标", "责任单位", "进展情况", "完成率"]
            .into_iter()
            .map(s)
            .collect(),
        project(1.0, "项目甲。", "区发改局", "进展。", C::N(0.52)),
        project(2.0, "项目乙。", "区发改局", "进展。", C::N(1.0)),
    ];
    let run = app.import("fractions.xlsx", one_sheet(rows)).await;
    assert_eq!(run["status"], "SUCCEEDED");
    let rates = app
        .data(
            "{ projects { nodes { name latest { completionRate status } } } }",
            json!({}),
        )
        .await;
    let rate = |name: &str| {
        rates["projects"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()["latest"]
            .clone()
    };
    assert_eq!(rate("项目甲")["completionRate"], 52.0);
    assert_eq!(rate("项目乙")["status"], "COMPLETED");
    app.stop().await;
}

async fn merged_cells_and_continuation_rows_make_one_project(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let rows = vec![
        vec![s(TITLE)],
        header(),
        project(
            1.0,
            "实施城区供暖扩网工程。新增供暖面积50万平方米。",
            "区住建局",
            "住建局：管网铺设完成。",
            s("70%"),
        ),
        vec![
            C::E,
            C::E,
            s("热力公司"),
            s("热力公司：换热站建设中。"),
            C::E,
        ],
        vec![C::E, C::E, s("区财政局"), s("财政局：资金已拨付。"), C::E],
        project(
            2.0,
            "建设社区食堂。新建10处。",
            "区民政局",
            "已建成6处。",
            s("60%"),
        ),
    ];
    let wb = workbook(&[Sheet {
        name: "Sheet1".into(),
        rows,
        merges: vec![(2, 0, 4, 0), (2, 1, 4, 1), (2, 4, 4, 4)],
    }]);
    let run = app.import("merged.xlsx", wb).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["rowsRead"], 2);
    let nodes = projects(&app).await;
    assert_eq!(nodes.len(), 2);
    let heat = &nodes[0];
    let units: Vec<&str> = heat["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["区住建局", "热力公司", "区财政局"]);
    assert_eq!(
        heat["latest"]["detail"],
        "住建局：管网铺设完成。\n热力公司：换热站建设中。\n财政局：资金已拨付。"
    );
    assert_eq!(heat["latest"]["summary"], "住建局：管网铺设完成。");
    assert_eq!(heat["latest"]["completionRate"], 70.0);
    app.stop().await;
}

async fn rows_that_are_not_projects_are_skipped(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let rows = vec![
        vec![s(TITLE)],
        header(),
        project(1.0, "项目一。内容。", "区发改局", "进展。", s("50%")),
        vec![],
        header(),
        project(2.0, "项目二。内容。", "区发改局", "进展。", s("60%")),
        vec![s("合计"), C::E, C::E, C::E, s("55%")],
        vec![C::E, s("小计"), C::E, C::E, C::E],
        vec![s("总计"), C::E, C::E, C::E, s("55%")],
        vec![C::E, s("总 计"), C::E, C::E, C::E],
        vec![s("注：完成率为累计数。")],
        vec![s("备注：无")],
        vec![s("说明：按季度报送。")],
        vec![s("填报人：张三"), C::E, s("审核人：李四")],
    ];
    let run = app.import("skips.xlsx", one_sheet(rows)).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["rowsRead"], 2);
    assert_eq!(run["warnings"], json!([]));
    let names: Vec<String> = projects(&app)
        .await
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["项目一", "项目二"]);
    app.stop().await;
}

async fn identity_serials_and_duplicate_names(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    // Spellings of one name across tables are one project.
    let first = vec![
        vec![s(TITLE)],
        header(),
        project(
            1.0,
            "实施全域光储充检一体化综合能源项目（二期）。内容。",
            "区发改局",
            "进展。",
            s("50%"),
        ),
    ];
    app.import("a.xlsx", one_sheet(first)).await;
    let second = vec![
        vec![s("2025年民生实事项目进展情况调度表（三季度）")],
        header(),
        project(
            1.0,
            "实施全域光储充检一体化综合能源项目 (二期)。内容。",
            "区发改局",
            "进展。",
            s("70%"),
        ),
        project(1.0, "项目二。内容。", "区发改局", "进展。", s("70%")),
    ];
    let run = app.import("b.xlsx", one_sheet(second)).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["projectsUpdated"], 1);
    assert_eq!(run["projectsCreated"], 1);
    let dup = warning_at(&run, 4);
    assert_eq!(dup.len(), 1, "{run:#}");
    assert!(dup[0]["message"]
        .as_str()
        .unwrap()
        .contains("repeats the serial of row 3"));
    // Two rows with one name refuse the table, naming both rows.
    let twice = vec![
        vec![s("2025年民生实事项目进展情况调度表（四季度）")],
        header(),
        project(1.0, "项目二。内容甲。", "区发改局", "进展。", s("80%")),
        project(2.0, "项目二。内容乙。", "区发改局", "进展。", s("90%")),
    ];
    let run = app.import("c.xlsx", one_sheet(twice)).await;
    assert_eq!(run["status"], "FAILED");
    assert_eq!(run["error"]["code"], "DUPLICATE_PROJECT");
    let msg = run["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("rows 3 and 4") && msg.contains("项目二"),
        "{msg}"
    );
    let data = app
        .data("{ projects { totalCount } reports { period } }", json!({}))
        .await;
    assert_eq!(data["projects"]["totalCount"], 2);
    assert_eq!(data["reports"].as_array().unwrap().len(), 2);
    app.stop().await;
}

async fn periods_from_title_file_name_or_arguments(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, rows) = source_rows();
    let titled = |title: &str| table_xlsx(title, &rows[..2]);
    let cases = [
        (
            "2025年民生实事项目进展情况调度表（上半年）",
            "上半年",
            "2025-06-30",
        ),
        (
            "2025年民生实事项目进展情况调度表（前8月）",
            "前8月",
            "2025-08-31",
        ),
        (
            "2025年民生实事项目进展情况调度表（截至10月15日）",
            "截至10月15日",
            "2025-10-15",
        ),
        (
            "2025年民生实事项目进展情况调度表（11月份）",
            "11月份",
            "2025-11-30",
        ),
        (
            "2025年民生实事项目进展情况调度表（1至3月）",
            "1至3月",
            "2025-03-31",
        ),
        (
            "2025年民生实事项目进展情况调度表（全年）",
            "全年",
            "2025-12-31",
        ),
    ];
    for (title, label, as_of) in cases {
        let run = app.import("t.xlsx", titled(title)).await;
        assert_eq!(run["report"]["period"], label, "{title}: {run:#}");
        assert_eq!(run["report"]["asOf"], as_of, "{title}");
    }
    // No period in the title: the file name, then the arguments.
    let untitled = titled("2025年民生实事项目进展情况调度表");
    let run = app
        .import("民生实事-2025-三季度.xlsx", untitled.clone())
        .await;
    assert_eq!(run["report"]["asOf"], "2025-09-30", "{run:#}");
    let body = app
        .upload_with(
            "x.xlsx",
            titled("2025年民生实事项目调度表 "),
            Some(TOKEN),
            r#"period: "1-6月""#,
        )
        .await;
    let run = &body["data"]["uploadSpreadsheet"];
    assert_eq!(run["report"]["period"], "1-6月", "{body:#}");
    assert_eq!(run["report"]["asOf"], "2025-06-30");
    // asOf overrides even a title that names a period.
    let body = app
        .upload_with(
            "y.xlsx",
            titled("2025年民生实事项目进展情况调度表（二季度） "),
            Some(TOKEN),
            r#"asOf: "2025-07-31""#,
        )
        .await;
    let run = &body["data"]["uploadSpreadsheet"];
    assert_eq!(run["report"]["asOf"], "2025-07-31", "{body:#}");
    assert_eq!(run["report"]["year"], 2025);
    // No year anywhere: refused, saying where it looked.
    let run = app
        .import("table.xlsx", titled("民生实事项目进展情况调度表（二季度）"))
        .await;
    assert_eq!(run["error"]["code"], "NO_YEAR");
    let msg = run["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("title") && msg.contains("table.xlsx") && msg.contains("asOf"),
        "{msg}"
    );
    let body = app
        .upload_with("z.xlsx", untitled, Some(TOKEN), r#"period: "soon""#)
        .await;
    assert_eq!(
        body["data"]["uploadSpreadsheet"]["error"]["code"], "BAD_PERIOD",
        "{body:#}"
    );
    // Neither title nor file name names the period: a lead line or the
    // column headers do. 年度目标 and a filling-in date are not periods.
    let goal = |n: f64| {
        project(
            n,
            &format!("项目{n}。内容。"),
            "区发改局",
            "进展。",
            s("50%"),
        )
    };
    let headed = |lead: Option<&str>, headers: [&str; 5]| {
        let mut rows = vec![vec![s("2025年民生实事项目进展情况调度表")]];
        if let Some(lead) = lead {
            rows.push(vec![s(lead)]);
        }
        rows.push(headers.into_iter().map(s).collect());
        rows.push(goal(1.0));
        rows.push(goal(2.0));
        one_sheet(rows)
    };
    let usual = ["序号", "任务目标", "责任单位", "进展情况", "完成率（%）"];
    for (name, lead, headers, as_of) in [
        (
            "h1.xlsx",
            None,
            [
                "序号",
                "任务目标",
                "责任单位",
                "进展情况",
                "1-9月完成率（%）",
            ],
            "2025-09-30",
        ),
        (
            "h2.xlsx",
            None,
            [
                "序号",
                "任务目标",
                "责任单位",
                "截至8月底进展情况",
                "完成率",
            ],
            "2025-08-31",
        ),
        (
            "h3.xlsx",
            Some("填报日期：10月8日  （截至2025年6月30日）"),
            usual,
            "2025-06-30",
        ),
    ] {
        let run = app.import(name, headed(lead, headers)).await;
        assert_eq!(run["status"], "SUCCEEDED", "{name}: {run:#}");
        assert_eq!(run["report"]["asOf"], as_of, "{name}: {run:#}");
    }
    let run = app
        .import("h4.xlsx", headed(Some("填报日期：10月8日"), usual))
        .await;
    assert_eq!(run["error"]["code"], "NO_PERIOD", "{run:#}");
    app.stop().await;
}

/// Same date, other wording: 上半年 replaces 二季度's snapshot.
async fn same_date_in_other_words_replaces_the_snapshot(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    app.import("q2.xlsx", official("xlsx")).await;
    let rows = quarter_rows(5);
    let run = app
        .import(
            "h1.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（上半年）", &rows),
        )
        .await;
    assert_eq!(run["report"]["asOf"], "2025-06-30");
    let data = app
        .data("{ reports { period } all: reports(includeRevisions: true) { period isRevision } projects(first: 1) { nodes { history { report { period } } } } }", json!({}))
        .await;
    assert_eq!(data["reports"], json!([{"period": "上半年"}]));
    assert_eq!(data["all"].as_array().unwrap().len(), 2);
    assert_eq!(
        data["projects"]["nodes"][0]["history"],
        json!([{"report": {"period": "上半年"}}])
    );
    app.stop().await;
}

/// A Word 97 document: a compound file with a WordDocument stream.
fn word_97() -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cfb.create_stream("/WordDocument")
        .unwrap()
        .write_all(&[0xEC, 0xA5, 0xC1, 0x00])
        .unwrap();
    cfb.flush().unwrap();
    cfb.into_inner().into_inner()
}

fn zip_of(entries: &[(&str, &[u8])], repeat_last: u64) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().large_file(true);
        for (i, (name, body)) in entries.iter().enumerate() {
            zip.start_file(*name, options).unwrap();
            let times = if i + 1 == entries.len() {
                repeat_last
            } else {
                1
            };
            for _ in 0..times {
                zip.write_all(body).unwrap();
            }
        }
        zip.finish().unwrap();
    }
    out.into_inner()
}

async fn bad_files_each_fail_with_a_reason(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, rows) = source_rows();
    let zeros = vec![0u8; 1 << 20];
    let bomb = zip_of(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/sharedStrings.xml", &zeros),
        ],
        300,
    );
    assert!(bomb.len() < 2_000_000, "the bomb is small: {}", bomb.len());
    let ods_content = format!(
        r#"<?xml version="1.0"?><office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="100"><text:p>{TITLE}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let ods_bomb = zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", ods_content.as_bytes()),
        ],
        1,
    );
    let far_cell = {
        // A cell at XFD1048576 as well as A1: calamine's worksheet_range
        // would allocate the whole sheet.
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, TITLE).unwrap();
        ws.write_string(1_048_575, 16_383, "x").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        assert!(bytes.len() < 10_000);
        bytes
    };
    let docx = zip_of(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w:document/>"),
        ],
        1,
    );
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.xlsx", Vec::new(), "EMPTY_FILE"),
        (
            "photo.xlsx",
            b"\x89PNG\r\n\x1a\n not a table".to_vec(),
            "NOT_A_SPREADSHEET",
        ),
        // A Word document is read from its tables; this one has none.
        ("report.docx", docx, "NO_HEADER"),
        ("report.doc", word_97(), "UNSUPPORTED_FORMAT"),
        // Told by its content whatever it is called.
        ("misnamed.xls", word_97(), "UNSUPPORTED_FORMAT"),
        ("table.et", official("xls"), "UNSUPPORTED_FORMAT"),
        ("table.wps", b"anything".to_vec(), "UNSUPPORTED_FORMAT"),
        (
            "cut.xls",
            official("xls")[..8000].to_vec(),
            "UNREADABLE_FILE",
        ),
        (
            "cut.ods",
            official("ods")[..6000].to_vec(),
            "UNREADABLE_FILE",
        ),
        (
            "locked.xlsx",
            fixture("encrypted.xlsx"),
            "PASSWORD_PROTECTED",
        ),
        (
            "header-only.xlsx",
            one_sheet(vec![vec![s(TITLE)], header()]),
            "NO_PROJECT_ROWS",
        ),
        ("far.xlsx", far_cell, "TOO_LARGE"),
        ("huge.xls", fixture("huge.xls"), "TOO_LARGE"),
        ("huge.ods", ods_bomb, "TOO_LARGE"),
        ("bomb.xlsx", bomb, "ARCHIVE_TOO_LARGE"),
        (
            "no-header.xlsx",
            one_sheet(vec![vec![s(TITLE)], vec![s("甲"), s("乙")]]),
            "NO_HEADER",
        ),
        (
            "wrong-year.xlsx",
            table_xlsx("民生实事项目进展情况调度表（二季度）", &rows),
            "NO_YEAR",
        ),
    ];
    for (name, bytes, code) in cases {
        let run = app.import(name, bytes).await;
        assert_eq!(run["status"], "FAILED", "{name}: {run:#}");
        assert_eq!(run["error"]["code"], code, "{name}: {run:#}");
        assert!(
            run["error"]["message"].as_str().unwrap().len() > 30,
            "{name}"
        );
    }
    let data = app
        .data(
            "{ reports(includeRevisions: true) { id } projects { totalCount } units { id } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data,
        json!({"reports": [], "projects": {"totalCount": 0}, "units": []})
    );
    // The server is alive and still imports.
    let run = app.import("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(run["status"], "SUCCEEDED");
    app.stop().await;
}

async fn uploads_over_the_limit_are_refused(db: &TestDb) {
    let mut config = crate::common::test_config(db);
    config.max_upload_bytes = 12_000;
    let app = TestApp::spawn_with(config).await;
    let body = app
        .upload("2025-q2.xlsx", official("xlsx"), Some(TOKEN), false)
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "TOO_LARGE",
        "{body:#}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("12000"),
        "{body:#}"
    );
    let data = app
        .data("{ reports { id } syncRuns { totalCount } }", json!({}))
        .await;
    assert_eq!(data, json!({"reports": [], "syncRuns": {"totalCount": 0}}));
    app.stop().await;
}

/// A year from four quarterly tables in three formats, imported out of order.
async fn four_quarters_in_three_formats(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let q1 = quarter_rows(-30);
    let order: Vec<(&str, Vec<u8>)> = vec![
        ("2025-q3.ods", fixture("2025-q3.ods")),
        (
            "2025-q1.xlsx",
            table_xlsx("2025年民生实事项目进展情况调度表（一季度）", &q1),
        ),
        ("2025-q4.xls", fixture("2025-q4.xls")),
        ("2025-q2.xlsx", official("xlsx")),
    ];
    for (name, bytes) in order {
        let run = app.import(name, bytes).await;
        assert_eq!(run["status"], "SUCCEEDED", "{name}: {run:#}");
    }
    let data = app
        .data("{ projects(first: 100) { totalCount nodes { name serialNo latest { report { period } } history { rawRate report { asOf } } } } }", json!({}))
        .await;
    assert_eq!(data["projects"]["totalCount"], 20);
    let (_, q2) = source_rows();
    let (q3, q4) = (quarter_rows(20), quarter_rows(40));
    for node in data["projects"]["nodes"].as_array().unwrap() {
        let name = node["name"].as_str().unwrap();
        let i = q2
            .iter()
            .position(|r| r.goal.starts_with(&format!("{name}。")))
            .unwrap();
        let got: Vec<(String, String)> = node["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["report"]["asOf"].as_str().unwrap().to_owned(),
                    h["rawRate"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = [
            ("2025-03-31", &q1[i]),
            ("2025-06-30", &q2[i]),
            ("2025-09-30", &q3[i]),
            ("2025-12-31", &q4[i]),
        ]
        .iter()
        .map(|(d, r)| (d.to_string(), r.rate.clone()))
        .collect();
        assert_eq!(got, want, "{name}");
        assert_eq!(node["latest"]["report"]["period"], "四季度");
        assert_eq!(
            node["serialNo"].as_i64(),
            Some(i as i64 + 1),
            "Q4 fixed the serial"
        );
    }
    app.stop().await;
}

on_both_databases!(
    a_dry_run_tells_what_the_import_would_do,
    bad_files_each_fail_with_a_reason,
    uploads_over_the_limit_are_refused,
    four_quarters_in_three_formats
);

on_both_databases!(
    header_below_lead_lines_on_the_sheet_that_has_it,
    columns_in_any_order_known_by_synonyms,
    rates_in_every_spelling,
    merged_cells_and_continuation_rows_make_one_project,
    rows_that_are_not_projects_are_skipped,
    identity_serials_and_duplicate_names,
    periods_from_title_file_name_or_arguments,
    same_date_in_other_words_replaces_the_snapshot,
);

/// A dry run says what the import would do: for a table already held (the
/// same file, or the same table in another format) that it would change
/// nothing, with no counts; for a new table what it would create and
/// update; through GraphQL and REST alike.
async fn a_dry_run_tells_what_the_import_would_do(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let dry = |name: &'static str, bytes: Vec<u8>| {
        let app = &app;
        async move {
            let body = app
                .upload_with(name, bytes, Some(TOKEN), "dryRun: true")
                .await;
            let run = body["data"]["uploadSpreadsheet"].clone();
            assert_eq!(run["status"], "DRY_RUN", "{name}: {body:#}");
            let outcome = run["outcome"].clone();
            (run, outcome)
        }
    };
    let (first, outcome) = dry("2025-q2.xlsx", official("xlsx")).await;
    assert_eq!(outcome, "SUCCEEDED");
    assert_eq!(first["projectsCreated"], 20);
    assert_eq!(
        app.import("2025-q2.xlsx", official("xlsx")).await["status"],
        "SUCCEEDED"
    );
    for (name, bytes) in [
        ("2025-q2.xlsx", official("xlsx")),
        ("2025-q2.xls", official("xls")),
    ] {
        let (run, outcome) = dry(name, bytes).await;
        assert_eq!(outcome, "UNCHANGED", "{name}: {run:#}");
        assert_eq!(run["projectsCreated"], 0, "{name}");
        assert_eq!(run["projectsUpdated"], 0, "{name}: not '20 updated'");
    }
    let q3 = table_xlsx(
        "2025年民生实事项目进展情况调度表（三季度）",
        &quarter_rows(10),
    );
    let (run, outcome) = dry("q3.xlsx", q3).await;
    assert_eq!(outcome, "SUCCEEDED");
    assert_eq!(run["projectsUpdated"], 20);
    // REST says it too.
    let form = crate::common::file_form("2025-q2.ods", official("ods")).text("dryRun", "true");
    let (_, body) = app.rest_upload(form).await;
    assert_eq!(body["outcome"], "UNCHANGED", "{body:#}");
    app.stop().await;
}
