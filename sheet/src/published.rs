//! Tables as offices publish them, read through [`super::read_table`]:
//! headers over two rows with merged groups, category rows, marked serials,
//! rates in words and over 100, and a header printed again on a new page.

use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::{read_table, ReadOptions, WarningCode};

fn put(ws: &mut Worksheet, row: u32, col: u16, text: &str) {
    ws.write_string(row, col, text).map(|_| ()).unwrap_or(());
}

fn merge(ws: &mut Worksheet, r1: u32, c1: u16, r2: u32, c2: u16, text: &str) {
    ws.merge_range(r1, c1, r2, c2, text, &Format::new())
        .map(|_| ())
        .unwrap_or(());
}

const TITLE: &str = "章丘区2025年民生实事项目进展情况调度表（截至9月底）";

/// A district's table: 目标任务 over 数量 | 单位, 截至9月底完成情况 over
/// 已完成 | 完成比例, a category row, a header repeated on page two.
fn two_row_table(merged: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let header: [(u16, u16, &str); 5] = [
        (0, 0, "序号"),
        (1, 1, "工作任务"),
        (2, 3, "目标任务"),
        (4, 5, "截至9月底完成情况"),
        (6, 6, "责任单位"),
    ];
    let parts = [(2, "数量"), (3, "单位"), (4, "已完成"), (5, "完成比例")];
    let rows: [[&str; 7]; 5] = [
        [
            "1",
            "新建幼儿园3所。新增学位810个",
            "3",
            "所",
            "2",
            "66.7%",
            "区教体局",
        ],
        [
            "2*",
            "改造老旧小区10个",
            "10",
            "个",
            "10",
            "已完成",
            "区住建局（牵头）、区财政局（配合）",
        ],
        [
            "序号",
            "工作任务",
            "目标任务",
            "",
            "截至9月底完成情况",
            "",
            "责任单位",
        ],
        [
            "3",
            "新建改造农村公路5公里",
            "5",
            "公里",
            "6",
            "120%",
            "区交通局",
        ],
        [
            "4",
            "建设口袋公园2处",
            "2",
            "处",
            "1",
            "完成年度任务的50%",
            "区城管局",
        ],
    ];
    if merged {
        merge(ws, 0, 0, 0, 6, TITLE);
        for (first, last, text) in header {
            if first == last {
                merge(ws, 1, first, 2, last, text);
            } else {
                merge(ws, 1, first, 1, last, text);
            }
        }
        merge(ws, 3, 0, 3, 6, "一、教育文化类");
        merge(ws, 5, 0, 5, 6, "（二）城乡建设类");
    } else {
        put(ws, 0, 0, TITLE);
        for (first, _, text) in header {
            put(ws, 1, first, text);
        }
        put(ws, 3, 0, "一、教育文化类");
        put(ws, 5, 0, "（二）城乡建设类");
    }
    for (col, text) in parts {
        put(ws, 2, col, text);
    }
    let at = [4u32, 6, 7, 8, 9];
    for (row, cells) in at.iter().zip(rows) {
        for (col, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                put(ws, *row, col as u16, text);
            }
        }
    }
    wb.save_to_buffer().unwrap_or_default()
}

#[test]
fn a_header_over_two_rows_reads_every_part() {
    for merged in [true, false] {
        let bytes = two_row_table(merged);
        let table = read_table(&bytes, &ReadOptions::new("table.xlsx"))
            .unwrap_or_else(|e| panic!("merged {merged}: {e}"));
        assert_eq!(table.title, TITLE);
        assert_eq!(table.issuer, "章丘区");
        assert_eq!(table.period.as_of.to_string(), "2025-09-30");
        let got: Vec<_> = table
            .projects
            .iter()
            .map(|p| {
                (
                    p.serial_no,
                    p.serial_mark.as_deref(),
                    p.name.as_str(),
                    p.units.clone(),
                    p.rate,
                    p.category.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Some(1),
                    None,
                    "新建幼儿园3所",
                    vec!["区教体局".to_owned()],
                    Some(66.7),
                    Some("一、教育文化类")
                ),
                (
                    Some(2),
                    Some("*"),
                    "改造老旧小区10个",
                    vec!["区住建局".to_owned(), "区财政局".to_owned()],
                    Some(100.0),
                    Some("（二）城乡建设类")
                ),
                (
                    Some(3),
                    None,
                    "新建改造农村公路5公里",
                    vec!["区交通局".to_owned()],
                    Some(120.0),
                    Some("（二）城乡建设类")
                ),
                (
                    Some(4),
                    None,
                    "建设口袋公园2处",
                    vec!["区城管局".to_owned()],
                    Some(50.0),
                    Some("（二）城乡建设类")
                ),
            ],
            "merged {merged}"
        );
        // The parts that are no role stay as named columns.
        let first = &table.projects[0];
        assert!(
            first
                .extra
                .iter()
                .any(|(h, t)| h == "目标任务·单位" && t == "所"),
            "merged {merged}: {:?}",
            first.extra
        );
        assert!(
            first
                .extra
                .iter()
                .any(|(h, t)| h == "目标任务·数量" && t == "3"),
            "{:?}",
            first.extra
        );
        let codes: Vec<&str> = table
            .warnings
            .iter()
            .filter_map(|w| w.code.as_deref())
            .collect();
        assert_eq!(
            codes,
            [WarningCode::RateApproximate.as_str()],
            "merged {merged}: {:?}",
            table.warnings
        );
    }
}

/// The goal column headed as offices head it.
#[test]
fn goal_columns_under_other_names() {
    for goal in [
        "工作任务",
        "项目内容",
        "实事项目",
        "具体任务",
        "工作目标",
        "民生实事项目名称",
    ] {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let rows = [
            vec!["2025年民生实事项目进展情况调度表（二季度）"],
            vec![
                "序号",
                goal,
                "牵头单位",
                "进展情况、存在问题及下一步打算",
                "完成进度",
            ],
            vec!["1", "建设城市书房5处", "区文旅局", "已建成3处", "60%"],
        ];
        for (r, cells) in rows.iter().enumerate() {
            for (c, t) in cells.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *t)
                    .map(|_| ())
                    .unwrap_or(());
            }
        }
        let bytes = wb.save_to_buffer().unwrap_or_default();
        let table = read_table(&bytes, &ReadOptions::new("t.xlsx"))
            .unwrap_or_else(|e| panic!("{goal}: {e}"));
        let p = &table.projects[0];
        assert_eq!(p.name, "建设城市书房5处", "{goal}");
        assert_eq!(p.units, ["区文旅局"], "{goal}");
        assert_eq!(p.rate, Some(60.0), "{goal}");
        assert_eq!(p.detail, "已建成3处", "{goal}");
    }
}

/// A sheet of `rows` (blank strings left empty) with `merges` (first row,
/// first column, last row, last column; the text is the first cell's).
fn sheet(rows: &[&[&str]], merges: &[(u32, u16, u32, u16)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for &(r1, c1, r2, c2) in merges {
        let text = rows[r1 as usize].get(c1 as usize).copied().unwrap_or("");
        merge(ws, r1, c1, r2, c2, text);
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            let covered = merges.iter().any(|&(r1, c1, r2, c2)| {
                (r1..=r2).contains(&(r as u32)) && (c1..=c2).contains(&(c as u16))
            });
            if !text.is_empty() && !covered {
                put(ws, r as u32, c as u16, text);
            }
        }
    }
    wb.save_to_buffer().unwrap_or_default()
}

/// (name, serial, target, done, measure, rate, units) of each item.
type ItemFields = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<f64>,
    Vec<String>,
);

fn items_of(p: &super::ProjectRecord) -> Vec<ItemFields> {
    p.items
        .iter()
        .map(|i| {
            (
                i.name.clone(),
                i.serial.clone(),
                i.target.clone(),
                i.done.clone(),
                i.measure.clone(),
                i.rate,
                i.units.clone(),
            )
        })
        .collect()
}

fn some(t: &str) -> Option<String> {
    Some(t.to_owned())
}

/// A 子项目 column beside a 序号 and name merged down over the project's
/// indicators: each row is an item with its own figures; the project
/// takes their mean, and says so; a merged rate over the block is the
/// project's own.
#[test]
fn sub_items_under_a_merged_serial() {
    let title = ["2025年民生实事项目进展情况调度表（1-9月）"];
    let header = [
        "序号",
        "项目名称",
        "子项目",
        "目标任务",
        "",
        "1—9月完成情况",
        "",
        "责任单位",
    ];
    let parts = ["", "", "", "数量", "单位", "完成量", "完成率", ""];
    let a = [
        "1",
        "教育提升工程",
        "新建幼儿园",
        "3",
        "所",
        "2",
        "66.7%",
        "区教体局",
    ];
    let b = [
        "",
        "",
        "改造校舍",
        "10",
        "处",
        "5",
        "50%",
        "区教体局、区财政局",
    ];
    let c = [
        "2",
        "城市更新工程",
        "老旧小区改造",
        "10",
        "个",
        "10",
        "80%",
        "区住建局",
    ];
    let d = ["", "", "背街小巷整治", "20", "条", "16", "", "区城管局"];
    let e = ["3", "农村公路建设", "", "5", "公里", "3", "60%", "区交通局"];
    let rows: Vec<&[&str]> = vec![&title, &header, &parts, &a, &b, &c, &d, &e];
    let merges = [
        (1, 0, 2, 0),
        (1, 1, 2, 1),
        (1, 2, 2, 2),
        (1, 3, 1, 4),
        (1, 5, 1, 6),
        (1, 7, 2, 7),
        (3, 0, 4, 0),
        (3, 1, 4, 1),
        (5, 0, 6, 0),
        (5, 1, 6, 1),
        (5, 6, 6, 6),
    ];
    let bytes = sheet(&rows, &merges);
    let table = read_table(&bytes, &ReadOptions::new("t.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.projects.len(), 3, "{:?}", table.projects);
    let [one, two, three] = table.projects.as_slice() else {
        panic!("three projects");
    };
    assert_eq!(one.name, "教育提升工程");
    assert_eq!(
        items_of(one),
        vec![
            (
                "新建幼儿园".into(),
                None,
                some("3"),
                some("2"),
                some("所"),
                Some(66.7),
                vec!["区教体局".into()]
            ),
            (
                "改造校舍".into(),
                None,
                some("10"),
                some("5"),
                some("处"),
                Some(50.0),
                vec!["区教体局".into(), "区财政局".into()]
            ),
        ]
    );
    assert_eq!(one.rate, Some(58.35));
    assert!(one.rate_from_items);
    assert_eq!(one.units, ["区教体局", "区财政局"]);
    // The rate merged over both rows is the project's own.
    assert_eq!(two.rate, Some(80.0));
    assert!(!two.rate_from_items);
    assert_eq!(two.items.len(), 2);
    assert_eq!(two.items[0].rate, Some(80.0));
    assert_eq!(two.items[1].name, "背街小巷整治");
    assert_eq!(two.units, ["区住建局", "区城管局"]);
    // No sub-item: a project as before, its figures kept as columns.
    assert!(three.items.is_empty());
    assert_eq!(three.rate, Some(60.0));
    assert!(three
        .extra
        .iter()
        .any(|(h, t)| h == "目标任务·单位" && t == "公里"));
}

/// Rows numbered （1）（2） under a project, and a row with no 序号 and a
/// rate of its own: items of the project above; a project row with a rate
/// keeps it.
#[test]
fn sub_items_numbered_or_with_their_own_rate() {
    let rows: Vec<&[&str]> = vec![
        &["2025年民生实事项目进展情况调度表（二季度）"],
        &["序号", "任务目标", "责任单位", "进展情况", "完成率"],
        &["1", "实施养老服务提升工程", "区民政局", "", ""],
        &["（1）", "新建社区食堂5处", "区民政局", "已建成3处", "60%"],
        &["（2）", "改造敬老院2所", "区民政局", "完成1所", "50%"],
        &["2", "建设口袋公园3处", "区城管局", "已建成2处", "66.7%"],
        &["", "其中：街心游园1处", "", "已完成", "100%"],
        &["3", "新建停车场1处", "区住建局", "在建", "40%"],
    ];
    let bytes = sheet(&rows, &[]);
    let table = read_table(&bytes, &ReadOptions::new("t.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = table.projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["实施养老服务提升工程", "建设口袋公园3处", "新建停车场1处"]
    );
    let one = &table.projects[0];
    assert_eq!(
        items_of(one),
        vec![
            (
                "新建社区食堂5处".into(),
                some("（1）"),
                None,
                None,
                None,
                Some(60.0),
                vec!["区民政局".into()]
            ),
            (
                "改造敬老院2所".into(),
                some("（2）"),
                None,
                None,
                None,
                Some(50.0),
                vec!["区民政局".into()]
            ),
        ]
    );
    assert_eq!(one.rate, Some(55.0));
    assert!(one.rate_from_items);
    assert_eq!(one.detail, "已建成3处\n完成1所");
    // The project row said no rate, but its items did: no RATE_EMPTY.
    assert!(
        !table.warnings.iter().any(|w| w.row == Some(3)),
        "{:?}",
        table.warnings
    );
    let two = &table.projects[1];
    assert_eq!(two.rate, Some(66.7));
    assert!(!two.rate_from_items);
    assert_eq!(two.items.len(), 1);
    assert_eq!(two.items[0].name, "其中：街心游园1处");
    assert_eq!(two.items[0].rate, Some(100.0));
    assert!(table.projects[2].items.is_empty());
}

/// The columns offices add beside the five are kept under their headers.
#[test]
fn named_extras_are_kept() {
    let header = [
        "序号",
        "任务目标",
        "责任单位",
        "责任领导",
        "进展情况",
        "存在问题",
        "下步打算",
        "完成率",
        "是否达到序时进度",
        "亮灯情况",
    ];
    let row = [
        "1",
        "建设城市书房5处",
        "区文旅局",
        "张三",
        "已建成3处",
        "选址难",
        "加快推进",
        "60%",
        "否",
        "黄灯",
    ];
    let rows: Vec<&[&str]> = vec![
        &["2025年民生实事项目进展情况调度表（二季度）"],
        &header,
        &row,
    ];
    let bytes = sheet(&rows, &[]);
    let table = read_table(&bytes, &ReadOptions::new("t.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let p = &table.projects[0];
    assert_eq!(p.detail, "已建成3处");
    assert_eq!(p.rate, Some(60.0));
    let extra: Vec<(&str, &str)> = p
        .extra
        .iter()
        .map(|(h, t)| (h.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        extra,
        [
            ("责任领导", "张三"),
            ("存在问题", "选址难"),
            ("下步打算", "加快推进"),
            ("是否达到序时进度", "否"),
            ("亮灯情况", "黄灯")
        ]
    );
}
