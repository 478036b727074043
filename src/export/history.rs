//! A year's history back out: the workbook (rates by reporting date, a
//! sheet per report, the unit ranking) and the flat CSV.

use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use super::{
    col, print_setup, rate_cell, row, row_points, title_and_header, wrapped_lines, Formats,
};
use crate::domain::Light;
use crate::service::projects::ProjectHistory;
use crate::service::summary::UnitFigures;
use crate::service::Entry;

/// How many units the 红榜 and the 黄榜 hold, as the API's default.
const BOARD: usize = 3;

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

/// The first sheet of the history workbook: every project's rate at every
/// reporting date, one row per project (written a page at a time), then
/// the change since the date before and the latest status.
pub(super) struct RatesSheet<'a> {
    sheet: &'a mut Worksheet,
    f: &'a Formats,
    dates: &'a [entity::report::Model],
    delta_format: Format,
    next: usize,
}

impl<'a> RatesSheet<'a> {
    /// Names the sheet and writes its title and header; `dates` are the
    /// year's current reports, oldest first.
    pub(super) fn begin(
        sheet: &'a mut Worksheet,
        f: &'a Formats,
        issuer: &str,
        year: i32,
        dates: &'a [entity::report::Model],
    ) -> Result<Self, XlsxError> {
        sheet.set_name("进展历史")?;
        let mut headers: Vec<(String, f64)> = vec![
            ("序号".to_owned(), 6.0),
            ("项目".to_owned(), 30.0),
            ("责任单位".to_owned(), 18.0),
        ];
        headers.extend(dates.iter().map(|r| (date_header(r), 14.0)));
        headers.push(("较上期（百分点）".to_owned(), 12.0));
        headers.push(("最新状态".to_owned(), 10.0));
        let title = match dates.last() {
            Some(last) => format!("{issuer}{year}年民生实事项目进展历史（截至{}）", last.as_of),
            None => format!("{issuer}{year}年民生实事项目进展历史"),
        };
        title_and_header(sheet, f, &title, &headers)?;
        Ok(Self {
            sheet,
            f,
            dates,
            delta_format: f.centered.clone().set_num_format("+0.##;-0.##;0"),
            next: 2,
        })
    }

    /// Writes the next project's row.
    pub(super) fn row(&mut self, p: &ProjectHistory) -> Result<(), XlsxError> {
        let (sheet, f) = (&mut *self.sheet, self.f);
        let r = row(self.next);
        self.next += 1;
        // The height first: a constant-memory sheet writes it with the row.
        let units = p.units.join("、");
        let lines = wrapped_lines(&p.project.name, 30.0).max(wrapped_lines(&units, 18.0));
        sheet.set_row_height(r, row_points(lines))?;
        match p.project.serial_no {
            Some(n) => sheet.write_number_with_format(r, 0, f64::from(n), &f.centered)?,
            None => sheet.write_string_with_format(r, 0, "", &f.centered)?,
        };
        sheet.write_string_with_format(r, 1, &p.project.name, &f.text)?;
        sheet.write_string_with_format(r, 2, p.units.join("、"), &f.text)?;
        let first_date = 3;
        for (d, report) in self.dates.iter().enumerate() {
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
        let after = col(first_date + self.dates.len());
        let latest = p.history.last();
        let previous = latest.and_then(|e| e.previous_in(&p.history));
        match latest.and_then(|e| e.delta(previous.as_ref())) {
            Some(delta) => sheet.write_number_with_format(r, after, delta, &self.delta_format)?,
            None => sheet.write_string_with_format(r, after, "", &f.centered)?,
        };
        let status = latest.map(|e| status_zh(e.status())).unwrap_or_default();
        sheet.write_string_with_format(r, after + 1, status, &f.centered)?;
        Ok(())
    }

    /// The print setup; the serial, name and units stay in view while the
    /// dates scroll.
    pub(super) fn finish(self) -> Result<(), XlsxError> {
        print_setup(self.sheet)?;
        self.sheet.set_freeze_panes(2, 3)?;
        Ok(())
    }
}

/// The last sheet: the units ranked at the latest report, the best few
/// marked 红榜 and the worst few 黄榜.
pub(super) fn ranking_sheet(
    workbook: &mut Workbook,
    f: &Formats,
    scope: (&str, i32, Option<chrono::NaiveDate>),
    ranking: &[UnitFigures],
) -> Result<(), XlsxError> {
    let (issuer, year, as_of) = scope;
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
    let title = match as_of {
        Some(as_of) => format!("{issuer}{year}年民生实事项目责任单位红黄榜（截至{as_of}）"),
        None => format!("{issuer}{year}年民生实事项目责任单位红黄榜"),
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
    let n = ranking.len();
    for (i, u) in ranking.iter().enumerate() {
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

/// A text cell of a CSV as a spreadsheet should show it: text that Excel,
/// WPS or LibreOffice would take for a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP
/// advises, so opening the download runs nothing. Numbers are written by
/// the caller as numbers and are not passed here.
pub fn csv_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// The flat history of a year as CSV, written a page of projects at a
/// time: one line per project and reporting date, UTF-8 with a byte-order
/// mark so that Excel opens the Chinese right.
pub(super) struct HistoryCsv<W: std::io::Write> {
    out: csv::Writer<W>,
}

impl<W: std::io::Write> HistoryCsv<W> {
    /// Writes the byte-order mark and the header.
    pub(super) fn begin(mut writer: W) -> Result<Self, csv::Error> {
        writer.write_all(b"\xEF\xBB\xBF")?;
        let mut out = csv::Writer::from_writer(writer);
        out.write_record(HISTORY_HEADER)?;
        Ok(Self { out })
    }

    /// Writes the lines of `projects`.
    pub(super) fn page(&mut self, projects: &[ProjectHistory]) -> Result<(), csv::Error> {
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        for p in projects {
            let mut previous: Option<&Entry> = None;
            for entry in &p.history {
                let e = &entry.progress;
                self.out.write_record([
                    p.project.year.to_string().as_str(),
                    &e.serial_no.map(|n| n.to_string()).unwrap_or_default(),
                    &csv_text(&p.project.name),
                    &csv_text(&p.units.join("、")),
                    &csv_text(&entry.report.period),
                    &entry.report.as_of.to_string(),
                    &number(e.completion_rate),
                    &csv_text(&e.raw_rate),
                    status_zh(entry.status()),
                    light_zh(entry.light()),
                    &number(entry.delta(previous)),
                    &csv_text(&e.summary),
                ])?;
                previous = Some(entry);
            }
        }
        Ok(())
    }

    /// Flushes what is written.
    pub(super) fn finish(mut self) -> Result<(), csv::Error> {
        self.out.flush()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    #[test]
    fn text_a_spreadsheet_would_run_is_quoted() {
        for formula in [
            "=HYPERLINK(\"http://x\",\"点击\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(1+1)",
            "\t=1+1",
            "\r=1+1",
        ] {
            assert_eq!(csv_text(formula), format!("'{formula}"));
        }
        assert_eq!(csv_text("区教体局"), "区教体局");
        assert_eq!(csv_text("50%"), "50%");
        assert_eq!(csv_text(""), "");
    }
}
