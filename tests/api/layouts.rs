//! Other offices' layouts: a generator makes many variants of the seed
//! table (column order, synonyms, lead lines, merged title and merged
//! cells over a project's rows, the period in
//! each place, rates in each spelling, 年度目标 + 已完成, a short name
//! column, one sheet per category) as xlsx, tests/fixtures/make_fixtures.py
//! six of them as committed xls and ods, and each must read to the seed's
//! values;
//! a layout no rule recognizes is refused with the mapping that reads it,
//! and read with that mapping (upload argument, REST field, source setting).

use crate::common::fixtures::{s, source_rows, workbook, Row, Sheet, C};
use crate::common::{official, repo, test_config, TestApp, TestDb, TOKEN};
use serde_json::{json, Value};

const TITLE: &str = "2025年民生实事项目进展情况调度表（二季度）";
const FIELDS: &str =
    "serialNo name goal units { name } latest { completionRate detail report { asOf } }";

/// What a variant does to the official table.
#[derive(Clone, Copy, Debug)]
enum Rate {
    /// 45% as text (the seed).
    Text,
    /// 45 as a number.
    Number,
    /// 0.45 under a header saying %.
    Decimal,
    /// 0.45 formatted as a percent.
    PercentCell,
    /// ４５％ typed full-width.
    FullWidth,
    /// 年度目标 100 and 已完成 45, no 完成率 column.
    TargetDone,
}

#[derive(Clone, Copy, Debug)]
enum PeriodAt {
    Title,
    FileName,
    LeadLine,
    Header,
}

#[derive(Clone, Copy, Debug)]
struct Variant {
    reversed: bool,
    synonyms: bool,
    name_column: bool,
    lead_lines: bool,
    period: PeriodAt,
    rate: Rate,
    two_sheets: bool,
    /// A project with several units or progress lines spread over two
    /// rows, its other cells merged down.
    merged: bool,
    /// The header over two rows: 截至6月底完成情况 over the progress and
    /// rate columns (merged when `merged`), the others over both rows.
    two_row: bool,
    /// Category rows before projects 1 and 11 (`一、…类`, `（二）…类`).
    categories: bool,
    /// Project 3 with two sub-items numbered （1） and （2） under it.
    sub_items: bool,
}

/// A generated column: its header and its cell of a row.
type Col = (String, Box<dyn Fn(&Row) -> C>);

/// The category rows `categories` adds, and the serial each comes before.
const CATEGORIES: [(&str, &str); 2] = [("1", "一、民生保障类"), ("11", "（二）城市建设类")];
/// The serial of the project `sub_items` gives items, and their names.
const WITH_ITEMS: &str = "3";
const ITEM_NAMES: [&str; 2] = ["新建社区食堂", "改造敬老院"];

fn rate_of(r: &Row) -> f64 {
    r.rate.trim_end_matches('%').parse().unwrap()
}

fn name_of(goal: &str) -> String {
    let first = goal.lines().next().unwrap_or("");
    first
        .split(['。', '；', ';'])
        .next()
        .unwrap_or(first)
        .trim()
        .to_owned()
}

/// The workbook and file name of `v` made from `rows`.
fn make(v: Variant, rows: &[Row]) -> (String, Vec<u8>) {
    let title = match v.period {
        PeriodAt::Title => TITLE.to_owned(),
        _ => "2025年民生实事项目进展情况调度表".to_owned(),
    };
    let file = match v.period {
        PeriodAt::FileName => "2025年二季度.xlsx".to_owned(),
        _ => "variant.xlsx".to_owned(),
    };
    // (header, cell of a row) per column, in the official order.
    let mut cols: Vec<Col> = Vec::new();
    cols.push((
        if v.synonyms { "编号" } else { "序号" }.into(),
        Box::new(|r: &Row| C::N(r.serial.parse().unwrap())),
    ));
    if v.name_column {
        cols.push(("项目名称".into(), Box::new(|r: &Row| s(&name_of(&r.goal)))));
    }
    cols.push((
        if v.synonyms {
            "目标任务"
        } else {
            "任务目标"
        }
        .into(),
        Box::new(|r: &Row| s(&r.goal)),
    ));
    let units_header = if v.synonyms {
        "牵头单位"
    } else {
        "责任单位"
    };
    cols.push((units_header.into(), Box::new(|r: &Row| s(&r.units))));
    let progress = match (v.period, v.synonyms) {
        (PeriodAt::Header, _) => "截至6月底进展情况",
        (_, true) => "工作进展",
        _ => "进展情况",
    };
    cols.push((progress.into(), Box::new(|r: &Row| s(&r.progress))));
    let rate_header = if v.synonyms {
        "完成比例（%）"
    } else {
        "完成率（%）"
    };
    match v.rate {
        Rate::Text => cols.push((rate_header.into(), Box::new(|r: &Row| s(&r.rate)))),
        Rate::Number => cols.push((rate_header.into(), Box::new(|r: &Row| C::N(rate_of(r))))),
        Rate::Decimal => cols.push((
            rate_header.into(),
            Box::new(|r: &Row| C::N(rate_of(r) / 100.0)),
        )),
        Rate::PercentCell => cols.push((
            "完成率".into(),
            Box::new(|r: &Row| C::P(rate_of(r) / 100.0)),
        )),
        Rate::FullWidth => cols.push((
            rate_header.into(),
            Box::new(|r: &Row| {
                let wide: String = r
                    .rate
                    .chars()
                    .map(|c| match c {
                        '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
                        '%' => '％',
                        c => c,
                    })
                    .collect();
                s(&wide)
            }),
        )),
        Rate::TargetDone => {
            cols.push(("年度目标".into(), Box::new(|_: &Row| C::N(200.0))));
            cols.push(("已完成".into(), Box::new(|r: &Row| C::N(rate_of(r) * 2.0))));
        }
    }
    if v.reversed {
        cols.reverse();
    }
    let width = cols.len() as u16;
    // The columns under the two-row header's group: progress and the rate
    // (or the figures it is made from), side by side in either order.
    let grouped = |h: &str| h == progress || h.contains("完成") || h == "年度目标" || h == "已完成";
    let sheet = |name: &str, part: &[Row], first_sheet: bool| {
        let mut out: Vec<Vec<C>> = Vec::new();
        let mut merges = Vec::new();
        if first_sheet || v.two_sheets {
            out.push(vec![s(&title)]);
            merges.push((0, 0, 0, width - 1));
            if v.lead_lines {
                out.push(vec![
                    s("填报单位：区委督查室"),
                    C::E,
                    C::E,
                    s("填报日期：7月5日"),
                ]);
                out.push(vec![]);
            }
            if let PeriodAt::LeadLine = v.period {
                out.push(vec![s("（截至2025年6月30日）")]);
            }
        }
        if v.two_row {
            let at = out.len() as u32;
            let group = "截至6月底完成情况";
            let first_of_group = cols.iter().position(|(h, _)| grouped(h)).unwrap();
            let group_len = cols.iter().filter(|(h, _)| grouped(h)).count() as u16;
            let (mut top, mut parts) = (Vec::new(), Vec::new());
            for (c, (h, _)) in cols.iter().enumerate() {
                if grouped(h) {
                    // The group's words once, over its parts.
                    top.push(if c == first_of_group { s(group) } else { C::E });
                    parts.push(s(if h.starts_with("完成") {
                        "完成比例"
                    } else {
                        h
                    }));
                } else {
                    top.push(s(h));
                    parts.push(C::E);
                    if v.merged {
                        merges.push((at, c as u16, at + 1, c as u16));
                    }
                }
            }
            if v.merged {
                let c = first_of_group as u16;
                merges.push((at, c, at, c + group_len - 1));
            }
            out.push(top);
            out.push(parts);
        } else {
            out.push(cols.iter().map(|(h, _)| s(h)).collect());
        }
        for r in part {
            if v.categories && first_sheet {
                if let Some((_, name)) = CATEGORIES.iter().find(|(at, _)| *at == r.serial) {
                    let at = out.len() as u32;
                    out.push(vec![s(name)]);
                    merges.push((at, 0, at, width - 1));
                }
            }
            let split = v.merged && (r.units.contains('、') || r.progress.contains('\n'));
            if !split {
                out.push(cols.iter().map(|(_, f)| f(r)).collect());
                if v.sub_items && first_sheet && r.serial == WITH_ITEMS {
                    out.extend(item_rows(r, &cols));
                }
                continue;
            }
            // The first unit and progress line on the first row, the rest
            // on the second; every other cell merged over both.
            let (u1, u2) = r.units.split_once('、').unwrap_or((&r.units, ""));
            let (p1, p2) = r.progress.split_once('\n').unwrap_or((&r.progress, ""));
            let at = out.len() as u32;
            let (mut first, mut second) = (Vec::new(), Vec::new());
            for (c, (h, f)) in cols.iter().enumerate() {
                if h == units_header {
                    first.push(s(u1));
                    second.push(s(u2));
                } else if h == progress {
                    first.push(s(p1));
                    second.push(s(p2));
                } else {
                    first.push(f(r));
                    second.push(C::E);
                    merges.push((at, c as u16, at + 1, c as u16));
                }
            }
            out.push(first);
            out.push(second);
            if v.sub_items && first_sheet && r.serial == WITH_ITEMS {
                out.extend(item_rows(r, &cols));
            }
        }
        Sheet {
            name: name.into(),
            rows: out,
            merges,
        }
    };
    let bytes = if v.two_sheets {
        // One sheet per category, serials restarting on the second.
        let (a, b) = rows.split_at(rows.len() / 2);
        let b: Vec<Row> = b
            .iter()
            .map(|r| Row {
                serial: (r.serial.parse::<usize>().unwrap() - a.len()).to_string(),
                ..r.clone()
            })
            .collect();
        workbook(&[sheet("民生保障类", a, true), sheet("城市建设类", &b, false)])
    } else {
        workbook(&[sheet("调度表", rows, true)])
    };
    (file, bytes)
}

/// The sub-item rows under project `r`: numbered （1） and （2）, named in
/// the goal column, the project's lead unit, no progress text, and a rate
/// of their own (60% and 40%) written as the variant writes rates.
fn item_rows(r: &Row, cols: &[Col]) -> Vec<Vec<C>> {
    let lead = r.units.split('、').next().unwrap_or_default().to_owned();
    ITEM_NAMES
        .iter()
        .zip(["60%", "40%"])
        .enumerate()
        .map(|(i, (name, rate))| {
            let item = Row {
                serial: r.serial.clone(),
                goal: (*name).to_owned(),
                units: lead.clone(),
                progress: String::new(),
                rate: rate.to_owned(),
            };
            cols.iter()
                .map(|(h, f)| match h.as_str() {
                    "序号" | "编号" => s(&format!("（{}）", i + 1)),
                    "项目名称" => C::E,
                    _ => f(&item),
                })
                .collect()
        })
        .collect()
}

/// The generated variants: each dimension varied at least once, mixed so
/// that no two differ by one dimension only where the mix matters.
fn variants() -> Vec<Variant> {
    let periods = [
        PeriodAt::Title,
        PeriodAt::FileName,
        PeriodAt::LeadLine,
        PeriodAt::Header,
    ];
    let rates = [
        Rate::Text,
        Rate::Number,
        Rate::Decimal,
        Rate::PercentCell,
        Rate::FullWidth,
        Rate::TargetDone,
    ];
    let mut out = Vec::new();
    for (i, rate) in rates.into_iter().enumerate() {
        for (j, period) in periods.into_iter().enumerate() {
            let k = i * periods.len() + j;
            out.push(Variant {
                reversed: k % 2 == 1,
                synonyms: k % 3 == 1,
                name_column: k % 5 == 2,
                lead_lines: k % 4 != 0,
                period,
                rate,
                two_sheets: k % 7 == 3,
                merged: k % 3 == 2 && !matches!(rate, Rate::PercentCell),
                two_row: k % 4 == 1 || k % 6 == 5,
                categories: k % 5 == 1 || k % 5 == 3,
                sub_items: k % 3 == 0,
            });
        }
    }
    out
}

async fn projects_of(app: &TestApp, issuer: &str) -> Vec<Value> {
    let q = format!("{{ projects(issuer: \"{issuer}\", first: 100) {{ nodes {{ {FIELDS} }} }} }}");
    app.data(&q, json!({})).await["projects"]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

async fn layout_variants_read_to_the_seed_values(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let (_, rows) = source_rows();
    // The seed as published, the reference.
    let run = app
        .upload_with(
            "2025-q2.xlsx",
            official("xlsx"),
            Some(TOKEN),
            "issuer: \"seed\"",
        )
        .await;
    assert_eq!(
        run["data"]["uploadSpreadsheet"]["status"], "SUCCEEDED",
        "{run:#}"
    );
    let seed = projects_of(&app, "seed").await;
    assert_eq!(seed.len(), rows.len());
    // Its xls and ods renditions.
    type Case = (String, String, Vec<u8>, Option<Variant>);
    let mut cases: Vec<Case> = ["xls", "ods"]
        .into_iter()
        .map(|ext| {
            (
                ext.to_owned(),
                format!("2025-q2.{ext}"),
                official(ext),
                None,
            )
        })
        .collect();
    // Layouts in xls and ods, made by tests/fixtures/make_fixtures.py.
    let mut committed: Vec<_> = std::fs::read_dir(repo().join("tests/fixtures/layouts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    committed.sort();
    assert_eq!(committed.len(), 12, "six layouts, as xls and ods");
    for path in committed {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        cases.push((file.clone(), file, std::fs::read(&path).unwrap(), None));
    }
    for (i, v) in variants().into_iter().enumerate() {
        let (file, bytes) = make(v, &rows);
        cases.push((format!("v{i} {v:?}"), file, bytes, Some(v)));
    }
    assert!(cases.len() >= 38, "{} cases", cases.len());
    let made =
        |f: fn(&Variant) -> bool| cases.iter().filter(|c| c.3.as_ref().is_some_and(f)).count();
    assert!(
        made(|v| v.two_row) >= 6 && made(|v| v.categories) >= 6 && made(|v| v.sub_items) >= 6,
        "each published shape is made several times"
    );
    for (i, (what, file, bytes, variant)) in cases.into_iter().enumerate() {
        let issuer = format!("case{i}");
        let body = app
            .upload_with(&file, bytes, Some(TOKEN), &format!("issuer: \"{issuer}\""))
            .await;
        let run = &body["data"]["uploadSpreadsheet"];
        assert_eq!(run["status"], "SUCCEEDED", "{what}: {body:#}");
        assert_eq!(run["asOf"], "2025-06-30", "{what}");
        let read = projects_of(&app, &issuer).await;
        assert_eq!(read.len(), seed.len(), "{what}");
        for (got, want) in read.iter().zip(&seed) {
            assert_eq!(got, want, "{what}");
        }
        if let Some(v) = variant {
            published_shapes(&app, &issuer, v, &what).await;
        }
    }
    app.stop().await;
}

/// What a variant's published shapes read to: each project's category (the
/// row above it, or none), and project 3's two sub-items with their rates
/// beside the project's own.
async fn published_shapes(app: &TestApp, issuer: &str, v: Variant, what: &str) {
    let q = format!(
        "{{ projects(issuer: \"{issuer}\", first: 100) {{ nodes {{ serialNo category
            latest {{ rateSource items {{ serial name units {{ name }} completionRate }} }} }} }} }}"
    );
    let nodes = app.data(&q, json!({})).await["projects"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    for p in &nodes {
        let serial = p["serialNo"].as_i64().unwrap();
        // With one sheet per category, the category rows are on the first
        // sheet only (the second sheet's projects, 11 on, have none).
        let category = if !v.categories {
            Value::Null
        } else if serial < 11 {
            json!(CATEGORIES[0].1)
        } else if v.two_sheets {
            Value::Null
        } else {
            json!(CATEGORIES[1].1)
        };
        assert_eq!(p["category"], category, "{what}: project {serial}");
        let items: Vec<Value> = p["latest"]["items"].as_array().unwrap().clone();
        if v.sub_items && serial.to_string() == WITH_ITEMS {
            let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
            assert_eq!(names, ITEM_NAMES, "{what}");
            let rates: Vec<f64> = items
                .iter()
                .map(|i| i["completionRate"].as_f64().unwrap())
                .collect();
            assert_eq!(rates, [60.0, 40.0], "{what}");
            assert_eq!(items[0]["serial"], "（1）", "{what}");
            assert_eq!(items[0]["units"].as_array().unwrap().len(), 1, "{what}");
            assert_eq!(
                p["latest"]["rateSource"], "TABLE",
                "{what}: the table's own rate"
            );
        } else {
            assert!(items.is_empty(), "{what}: project {serial} {items:?}");
        }
    }
}

/// A layout the rules do not know: nothing names 任务目标 or 完成率.
pub(crate) fn unknown_layout(rows: &[Row], sheet: &str) -> Vec<u8> {
    let mut out = vec![vec![s(TITLE)], vec![]];
    out.push(
        [
            "序次",
            "重点工作",
            "承担科室",
            "推进落实情况简述",
            "进度比例",
        ]
        .into_iter()
        .map(s)
        .collect(),
    );
    for r in rows {
        out.push(vec![
            C::N(r.serial.parse().unwrap()),
            s(&r.goal),
            s(&r.units),
            s(&r.progress),
            s(&r.rate),
        ]);
    }
    workbook(&[Sheet {
        name: sheet.into(),
        rows: out,
        merges: vec![(0, 0, 0, 4)],
    }])
}

pub(crate) const SUGGESTED: &str = "serial=A, goal=B, units=C, progress=D, rate=E";

async fn an_unknown_layout_is_refused_with_the_mapping_that_reads_it(db: &TestDb) {
    let (_, rows) = source_rows();
    // Each import its own bytes: the same file twice is one import.
    let bytes = unknown_layout(&rows, "Sheet1");
    let source = db.dir.join("zhangqiu");
    std::fs::create_dir_all(&source).unwrap();
    let mut config = test_config(db);
    config.sync_sources.push(format!(
        "{}#issuer=章丘区&header-row=3&columns={}",
        source.display(),
        SUGGESTED.replace(' ', "").replace(',', "%2C")
    ));
    let app = TestApp::spawn_with(config).await;
    let seed_run = app
        .upload_with(
            "2025-q2.xlsx",
            official("xlsx"),
            Some(TOKEN),
            "issuer: \"seed\"",
        )
        .await;
    assert_eq!(seed_run["data"]["uploadSpreadsheet"]["status"], "SUCCEEDED");
    let seed = projects_of(&app, "seed").await;

    // Unmapped: refused, the headers found and the arguments named.
    let body = app
        .upload_with("work.xlsx", bytes.clone(), Some(TOKEN), "issuer: \"plain\"")
        .await;
    let run = &body["data"]["uploadSpreadsheet"];
    assert_eq!(run["status"], "FAILED", "{body:#}");
    assert_eq!(run["error"]["code"], "NO_HEADER");
    let message = run["error"]["message"].as_str().unwrap();
    for part in [
        "Row 3 of sheet 'Sheet1'",
        "A 序次 | B 重点工作 | C 承担科室 | D 推进落实情况简述 | E 进度比例",
        &format!("headerRow: 3, columns: \"{SUGGESTED}\""),
        &format!("--header-row 3 --columns \"{SUGGESTED}\""),
    ] {
        assert!(message.contains(part), "'{part}' not in: {message}");
    }
    assert_eq!(projects_of(&app, "plain").await.len(), 0, "nothing written");

    // Mapped as the message says: read to the seed's values.
    let body = app
        .upload_with(
            "work.xlsx",
            bytes.clone(),
            Some(TOKEN),
            &format!("issuer: \"mapped\", headerRow: 3, columns: \"{SUGGESTED}\""),
        )
        .await;
    assert_eq!(
        body["data"]["uploadSpreadsheet"]["status"], "SUCCEEDED",
        "{body:#}"
    );
    assert_eq!(projects_of(&app, "mapped").await, seed);

    // By header text, no row given; the REST upload takes the same fields.
    let form = reqwest::multipart::Form::new()
        .text("issuer", "by-text")
        .text(
            "columns",
            "goal=重点工作, units=承担科室, progress=推进落实情况简述, rate=进度比例, serial=序次",
        )
        .part(
            "file",
            reqwest::multipart::Part::bytes(unknown_layout(&rows, "Sheet2")).file_name("work.xlsx"),
        );
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/spreadsheets", app.base))
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{body:#}");
    assert_eq!(body["status"], "SUCCEEDED", "{body:#}");
    assert_eq!(projects_of(&app, "by-text").await, seed);

    // A mapping that fits nothing, and one that is not a mapping.
    let body = app
        .upload_with(
            "work.xlsx",
            bytes.clone(),
            Some(TOKEN),
            "issuer: \"far\", headerRow: 40, columns: \"goal=B\"",
        )
        .await;
    assert_eq!(
        body["data"]["uploadSpreadsheet"]["error"]["code"], "BAD_MAPPING",
        "{body:#}"
    );
    let body = app
        .upload_with(
            "work.xlsx",
            bytes.clone(),
            Some(TOKEN),
            "columns: \"goal B\"",
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body:#}"
    );
    assert!(body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("key=column"));
    // Without the token, nothing about the arguments is said.
    let body = app
        .upload_with("work.xlsx", bytes.clone(), None, "columns: \"goal B\"")
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED",
        "{body:#}"
    );

    // A sync source whose settings carry the mapping and the issuer.
    std::fs::write(
        source.join("章丘区二季度.xlsx"),
        unknown_layout(&rows, "Sheet3"),
    )
    .unwrap();
    let body = app
        .gql_with_token("mutation { runSync { status source issuer } }")
        .await;
    let runs = body["data"]["runSync"].as_array().unwrap();
    let run = runs
        .iter()
        .find(|r| r["source"].as_str().unwrap().ends_with("章丘区二季度.xlsx"))
        .unwrap_or_else(|| panic!("{body:#}"));
    assert_eq!(run["status"], "SUCCEEDED", "{body:#}");
    assert_eq!(run["issuer"], "章丘区");
    assert_eq!(projects_of(&app, "章丘区").await, seed);
    app.stop().await;
}

fn table(title: &str, header: &[&str], rows: Vec<Vec<C>>) -> Vec<Vec<C>> {
    let mut out = vec![vec![s(title)], header.iter().map(|h| s(h)).collect()];
    out.extend(rows);
    out
}

const HEADER: [&str; 5] = ["序号", "任务目标", "责任单位", "进展情况", "完成率"];

fn code_of<'a>(run: &'a Value, code: &str) -> Vec<&'a Value> {
    run["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == code)
        .collect()
}

/// One sheet per unit, a shared project on both, a sheet of another period
/// and an instructions sheet: one report of the shared period.
async fn sheets_of_one_period_are_one_report(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let sheet = |name: &str, rows| Sheet {
        name: name.into(),
        rows,
        merges: vec![],
    };
    let book = workbook(&[
        sheet("填表说明", vec![vec![s("完成率填百分比")]]),
        sheet(
            "区教体局",
            table(
                TITLE,
                &HEADER,
                vec![
                    vec![
                        C::N(1.0),
                        s("建设学校食堂。新建10处"),
                        s("区教体局"),
                        s("教体局：已完工6处"),
                        s("60%"),
                    ],
                    vec![
                        C::N(2.0),
                        s("改造校园操场"),
                        s("区教体局"),
                        s("已招标"),
                        s("30%"),
                    ],
                ],
            ),
        ),
        sheet(
            "区卫健局",
            table(
                TITLE,
                &HEADER,
                vec![
                    vec![
                        C::N(1.0),
                        s("建设学校食堂。新建10处"),
                        s("区卫健局"),
                        s("卫健局：食品安全检查已完成"),
                        s("60%"),
                    ],
                    vec![
                        C::N(2.0),
                        s("建设社区医院"),
                        s("区卫健局"),
                        s("主体封顶"),
                        s("70%"),
                    ],
                ],
            ),
        ),
        sheet(
            "三季度",
            table(
                "2025年民生实事项目进展情况调度表（三季度）",
                &HEADER,
                vec![vec![
                    C::N(1.0),
                    s("建设社区医院"),
                    s("区卫健局"),
                    s("投用"),
                    s("100%"),
                ]],
            ),
        ),
    ]);
    let run = app.import("by-unit.xlsx", book).await;
    assert_eq!(run["status"], "SUCCEEDED", "{run:#}");
    assert_eq!(run["projectsCreated"], 3, "{run:#}");
    assert_eq!(run["report"]["projectCount"], 3);
    let merged = code_of(&run, "PROJECT_MERGED");
    assert_eq!(merged.len(), 1, "{run:#}");
    assert!(merged[0]["message"]
        .as_str()
        .unwrap()
        .contains("建设学校食堂"));
    let skipped = code_of(&run, "SHEET_SKIPPED");
    assert_eq!(skipped.len(), 1, "{run:#}");
    assert_eq!(skipped[0]["sheet"], "三季度");
    let data = app
        .data(
            "{ reports { sheet } projects { nodes { serialNo name units { name } latest { completionRate detail } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["reports"][0]["sheet"], "区教体局, 区卫健局");
    let nodes = data["projects"]["nodes"].as_array().unwrap();
    let summary: Vec<(i64, &str, f64)> = nodes
        .iter()
        .map(|n| {
            (
                n["serialNo"].as_i64().unwrap(),
                n["name"].as_str().unwrap(),
                n["latest"]["completionRate"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "建设学校食堂", 60.0),
            (2, "改造校园操场", 30.0),
            (4, "建设社区医院", 70.0)
        ],
        "the second sheet's serials continue the first's"
    );
    assert_eq!(
        nodes[0]["units"],
        json!([{"name": "区教体局"}, {"name": "区卫健局"}])
    );
    assert_eq!(
        nodes[0]["latest"]["detail"],
        "教体局：已完工6处\n卫健局：食品安全检查已完成"
    );
    app.stop().await;
}

async fn rates_of(app: &TestApp, issuer: &str) -> Vec<f64> {
    let q = format!(
        "{{ projects(issuer: \"{issuer}\") {{ nodes {{ latest {{ completionRate }} }} }} }}"
    );
    app.data(&q, json!({})).await["projects"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["latest"]["completionRate"].as_f64().unwrap())
        .collect()
}

/// A percent header decides whether whole 0s and 1s are percents; 年度目标
/// and 已完成 that are not figures give no rate and say so.
async fn a_percent_header_and_figures_that_are_not_numbers(db: &TestDb) {
    let app = TestApp::spawn(db).await;
    let rows = |a: f64, b: f64| {
        vec![
            vec![C::N(1.0), s("项目甲"), s("区教体局"), s("推进中"), C::N(a)],
            vec![C::N(2.0), s("项目乙"), s("区教体局"), s("完成"), C::N(b)],
        ]
    };
    let mut with_percent = HEADER;
    with_percent[4] = "完成率（%）";
    for (issuer, header, want) in [
        ("percent", with_percent, [0.0, 1.0]),
        ("shares", HEADER, [0.0, 100.0]),
    ] {
        let book = workbook(&[Sheet {
            name: "表".into(),
            rows: table(TITLE, &header, rows(0.0, 1.0)),
            merges: vec![],
        }]);
        let body = app
            .upload_with(
                "t.xlsx",
                book,
                Some(TOKEN),
                &format!("issuer: \"{issuer}\""),
            )
            .await;
        assert_eq!(
            body["data"]["uploadSpreadsheet"]["status"], "SUCCEEDED",
            "{body:#}"
        );
        assert_eq!(rates_of(&app, issuer).await, want, "{issuer}");
    }

    let book = workbook(&[Sheet {
        name: "表".into(),
        rows: table(
            TITLE,
            &[
                "序号",
                "任务目标",
                "责任单位",
                "进展情况",
                "年度目标",
                "已完成",
            ],
            vec![
                vec![
                    C::N(1.0),
                    s("新建学校"),
                    s("区教体局"),
                    s("推进中"),
                    s("新建10处"),
                    s("推进中"),
                ],
                vec![
                    C::N(2.0),
                    s("新建公园"),
                    s("区住建局"),
                    s("推进中"),
                    s("8个"),
                    s("２个"),
                ],
            ],
        ),
        merges: vec![],
    }]);
    let body = app
        .upload_with("f.xlsx", book, Some(TOKEN), "issuer: \"figures\"")
        .await;
    let run = &body["data"]["uploadSpreadsheet"];
    assert_eq!(run["status"], "SUCCEEDED", "{body:#}");
    let unreadable = code_of(run, "RATE_UNREADABLE");
    assert_eq!(unreadable.len(), 1, "{run:#}");
    assert_eq!(unreadable[0]["row"], 3);
    assert_eq!(unreadable[0]["column"], "年度目标");
    let data = app
        .data(
            "{ projects(issuer: \"figures\") { nodes { latest { completionRate rawRate extra { name value } } } } }",
            json!({}),
        )
        .await;
    let nodes = data["projects"]["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["latest"]["completionRate"], Value::Null);
    assert_eq!(nodes[1]["latest"]["completionRate"], 25.0);
    assert_eq!(nodes[1]["latest"]["rawRate"], "２个/8个");
    assert_eq!(
        nodes[0]["latest"]["extra"],
        json!([{"name": "年度目标", "value": "新建10处"}, {"name": "已完成", "value": "推进中"}]),
        "the figures are kept as written"
    );
    app.stop().await;
}

on_both_databases!(
    sheets_of_one_period_are_one_report,
    a_percent_header_and_figures_that_are_not_numbers,
    layout_variants_read_to_the_seed_values,
    an_unknown_layout_is_refused_with_the_mapping_that_reads_it,
);
