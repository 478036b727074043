//! A year's history back out: the workbook (rates by reporting date, a
//! sheet per report, the unit ranking) and the flat CSV.

use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};

use super::{
    col, print_setup, rate_cell, row, rows_of, sheet_name, table_sheet, title_and_header,
    ExportError, Formats, OutTable,
};
use crate::domain::Light;
use crate::service::projects::ProjectHistory;
use crate::service::reports::ReportTable;
use crate::service::summary::UnitFigures;
use crate::service::Entry;

/// How many units the 红榜 and the 黄榜 hold, as the API's default.
const BOARD: usize = 3;

/// Everything the history workbook shows of one year.
#[derive(Clone, Debug)]
pub struct HistoryBook {
    /// The year.
    pub year: i32,
    /// The issuer ("" when its tables name none), put before the year in
    /// titles.
    pub issuer: String,
    /// Every project in serial order, with units and history.
    pub projects: Vec<ProjectHistory>,
    /// The year's current reports as tables, oldest first.
    pub reports: Vec<ReportTable>,
    /// The units ranked at the latest report, best first.
    pub ranking: Vec<UnitFigures>,
}

/// 状态 as a clerk reads it.
fn status_zh(status: crate::domain::ProgressStatus) -> &'static str {
    match status {
        crate::domain::ProgressStatus::NotStarted => "未开始",
        crate::domain::ProgressStatus::InProgress => "进行中",
        crate::domain::ProgressStatus::Completed => "已完成",
    }
}

/// 灯 as a clerk reads it.
fn light_zh(light: Light) -> &'static str {
    match light {
        Light::Green => "绿",
        Light::Yellow => "黄",
        Light::Red => "红",
    }
}

/// The column of a reporting date: "二季度（2025-06-30）".
fn date_header(report: &entity::report::Model) -> String {
    if report.period.trim().is_empty() {
        report.as_of.to_string()
    } else {
        format!("{}（{}）", report.period.trim(), report.as_of)
    }
}

/// The workbook of a year's history: one row per project and one column
/// per reporting date (rates as percent cells filled by their light, then
/// the change since the date before and the latest status); a sheet per
/// report in the official layout, oldest first; and the units ranked at
/// the latest report (红黄榜).
pub fn history_xlsx(book: &HistoryBook) -> Result<Vec<u8>, ExportError> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    rates_sheet(&mut workbook, &f, book)?;
    for table in &book.reports {
        let sheet = workbook.add_worksheet();
        let name = format!("{} {}", table.report.period.trim(), table.report.as_of);
        sheet.set_name(sheet_name(name.trim()))?;
        table_sheet(
            sheet,
            &f,
            &OutTable {
                title: table.report.title.clone(),
                sheet: String::new(),
                rows: rows_of(table),
                notes: None,
            },
        )?;
    }
    ranking_sheet(&mut workbook, &f, book)?;
    Ok(workbook.save_to_buffer()?)
}

/// The first sheet: every project's rate at every reporting date.
fn rates_sheet(workbook: &mut Workbook, f: &Formats, book: &HistoryBook) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("进展历史")?;
    let dates: Vec<&entity::report::Model> = book.reports.iter().map(|t| &t.report).collect();
    let mut headers: Vec<(String, f64)> = vec![
        ("序号".to_owned(), 6.0),
        ("项目".to_owned(), 30.0),
        ("责任单位".to_owned(), 18.0),
    ];
    headers.extend(dates.iter().map(|r| (date_header(r), 14.0)));
    headers.push(("较上期（百分点）".to_owned(), 12.0));
    headers.push(("最新状态".to_owned(), 10.0));
    let title = match dates.last() {
        Some(last) => format!(
            "{}{}年民生实事项目进展历史（截至{}）",
            book.issuer, book.year, last.as_of
        ),
        None => format!("{}{}年民生实事项目进展历史", book.issuer, book.year),
    };
    title_and_header(sheet, f, &title, &headers)?;
    let delta_format = f.centered.clone().set_num_format("+0.##;-0.##;0");
    let first_date = 3;
    for (i, p) in book.projects.iter().enumerate() {
        let r = row(i + 2);
        match p.project.serial_no {
            Some(n) => sheet.write_number_with_format(r, 0, f64::from(n), &f.centered)?,
            None => sheet.write_string_with_format(r, 0, "", &f.centered)?,
        };
        sheet.write_string_with_format(r, 1, &p.project.name, &f.text)?;
        sheet.write_string_with_format(r, 2, p.units.join("、"), &f.text)?;
        for (d, report) in dates.iter().enumerate() {
            let c = col(first_date + d);
            match p.history.iter().find(|e| e.report.id == report.id) {
                Some(e) => rate_cell(
                    sheet,
                    f,
                    r,
                    c,
                    e.progress.completion_rate,
                    &e.progress.raw_rate,
                    Some(e.light()),
                )?,
                // Not in that report: listed later, or dropped.
                None => {
                    sheet.write_string_with_format(r, c, "—", &f.centered)?;
                }
            }
        }
        let after = col(first_date + dates.len());
        let latest = p.history.last();
        let previous = latest.and_then(|e| e.previous_in(&p.history));
        match latest.and_then(|e| e.delta(previous.as_ref())) {
            Some(delta) => sheet.write_number_with_format(r, after, delta, &delta_format)?,
            None => sheet.write_string_with_format(r, after, "", &f.centered)?,
        };
        let status = latest.map(|e| status_zh(e.status())).unwrap_or_default();
        sheet.write_string_with_format(r, after + 1, status, &f.centered)?;
    }
    print_setup(sheet)?;
    // The serial, name and units stay in view while the dates scroll.
    sheet.set_freeze_panes(2, 3)?;
    Ok(())
}

/// The last sheet: the units ranked at the latest report, the best few
/// marked 红榜 and the worst few 黄榜.
fn ranking_sheet(
    workbook: &mut Workbook,
    f: &Formats,
    book: &HistoryBook,
) -> Result<(), XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("红黄榜")?;
    let headers: Vec<(String, f64)> = [
        ("排名", 6.0),
        ("责任单位", 20.0),
        ("项目数", 8.0),
        ("已完成", 8.0),
        ("平均完成率", 12.0),
        ("绿灯", 6.0),
        ("黄灯", 6.0),
        ("红灯", 6.0),
        ("榜单", 8.0),
    ]
    .into_iter()
    .map(|(h, w)| (h.to_owned(), w))
    .collect();
    let title = match book.reports.last() {
        Some(t) => format!(
            "{}{}年民生实事项目责任单位红黄榜（截至{}）",
            book.issuer, book.year, t.report.as_of
        ),
        None => format!("{}{}年民生实事项目责任单位红黄榜", book.issuer, book.year),
    };
    title_and_header(sheet, f, &title, &headers)?;
    let percent = f.centered.clone().set_num_format("0.##%");
    let best = f
        .centered
        .clone()
        .set_background_color(Color::RGB(0xFFC7CE));
    let worst = f
        .centered
        .clone()
        .set_background_color(Color::RGB(0xFFEB9C));
    let n = book.ranking.len();
    for (i, u) in book.ranking.iter().enumerate() {
        let r = row(i + 2);
        let figures = &u.figures;
        let count = |light: Light| {
            figures
                .by_light
                .iter()
                .find(|(l, _)| *l == light)
                .map_or(0, |(_, c)| *c)
        };
        sheet.write_number_with_format(r, 0, f64::from(u.rank), &f.centered)?;
        sheet.write_string_with_format(r, 1, &u.unit.name, &f.text)?;
        sheet.write_number_with_format(r, 2, f64::from(figures.project_count), &f.centered)?;
        sheet.write_number_with_format(r, 3, f64::from(figures.completed_count), &f.centered)?;
        match figures.average_rate {
            Some(a) => sheet.write_number_with_format(r, 4, a / 100.0, &percent)?,
            None => sheet.write_string_with_format(r, 4, "", &f.centered)?,
        };
        for (c, light) in [(5, Light::Green), (6, Light::Yellow), (7, Light::Red)] {
            sheet.write_number_with_format(r, c, f64::from(count(light)), &f.centered)?;
        }
        let (label, format): (&str, &Format) = if i < BOARD {
            ("红榜", &best)
        } else if i + BOARD >= n {
            ("黄榜", &worst)
        } else {
            ("", &f.centered)
        };
        sheet.write_string_with_format(r, 8, label, format)?;
    }
    print_setup(sheet)
}

/// The header of the flat history.
pub const HISTORY_HEADER: [&str; 12] = [
    "年度",
    "序号",
    "项目",
    "责任单位",
    "报告期",
    "截至日期",
    "完成率（%）",
    "完成率原文",
    "状态",
    "序时进度灯",
    "较上期（百分点）",
    "进展摘要",
];

/// The flat history of a year as CSV: one line per project and reporting
/// date, UTF-8 with a byte-order mark so that Excel opens the Chinese right.
pub fn history_csv(projects: &[ProjectHistory]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(HISTORY_HEADER)?;
    for p in projects {
        let mut previous: Option<&Entry> = None;
        for entry in &p.history {
            let e = &entry.progress;
            let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
            out.write_record([
                p.project.year.to_string(),
                e.serial_no.map(|n| n.to_string()).unwrap_or_default(),
                p.project.name.clone(),
                p.units.join("、"),
                entry.report.period.clone(),
                entry.report.as_of.to_string(),
                number(e.completion_rate),
                e.raw_rate.clone(),
                status_zh(entry.status()).to_owned(),
                light_zh(entry.light()).to_owned(),
                number(entry.delta(previous)),
                e.summary.clone(),
            ])?;
            previous = Some(entry);
        }
    }
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
