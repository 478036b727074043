//! Tables back out as spreadsheets, in the official layout, so the office
//! that keeps them in Excel gets back what shishi holds. This module writes
//! workbooks from plain values; `files` asks `service` for those values
//! (db <- service <- export <- http and the CLI); nothing here queries the
//! database itself or parses a workbook. Workbooks are written in
//! rust_xlsxwriter's constant-memory mode, row by row as `files` reads the
//! rows a page at a time, so a year of any size is never held whole.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use crate::domain::Light;
use crate::service::reports::TableRow;

pub mod cache;
pub mod documents;
pub mod files;
mod history;

pub use cache::ExportCache;
pub use files::{history, next_period, report, save};
pub use files::{ExportFile, HistoryFormat, ReportChoice, Scope, CSV, XLSX};
pub use history::{csv_text, HISTORY_HEADER};

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the workbook could not be written: {0}")]
pub struct ExportError(#[from] XlsxError);

/// The columns of the official table, in its order.
const HEADER: [&str; 5] = ["序号", "任务目标", "责任单位", "进展情况", "完成率（%）"];
/// Column widths, in characters.
const WIDTHS: [f64; 5] = [6.0, 40.0, 18.0, 60.0, 12.0];
/// A4 in Excel's paper sizes.
const A4: u8 = 9;

/// The fill of a light: Excel's own good, neutral and bad cell colours.
fn fill(light: Light) -> Color {
    match light {
        Light::Green => Color::RGB(0xC6EFCE),
        Light::Yellow => Color::RGB(0xFFEB9C),
        Light::Red => Color::RGB(0xFFC7CE),
    }
}

/// A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if clean.trim().is_empty() || clean.starts_with('\'') {
        "Sheet1".to_owned()
    } else {
        clean
    }
}

/// Invisible format characters: zero-width spaces and joiners, the
/// direction marks, embeddings, overrides and isolates, the word joiner and
/// the byte-order mark. In a file name a right-to-left override makes
/// `…xslx.exe` display as `…exe.xlsx`, so none of them is kept.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// A file name every system takes: no path separators, no characters
/// Windows refuses, no control or invisible format characters, at most 60
/// characters before the extension; empty when nothing is left.
pub fn clean_file_name(name: &str) -> String {
    let name: String = name.chars().filter(|c| !is_invisible_format(*c)).collect();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.len() <= 4 => (stem, Some(ext)),
        _ => (name.as_str(), None),
    };
    let stem: String = stem
        .chars()
        .filter(|c| !"\\/:*?\"<>|".contains(*c) && !c.is_control())
        .take(60)
        .collect();
    let stem = stem.trim().trim_start_matches('.').trim();
    match (stem.is_empty(), ext) {
        (true, _) => String::new(),
        (false, Some(ext)) => format!("{stem}.{ext}"),
        (false, None) => stem.to_owned(),
    }
}

/// The file name a report is offered under: its title, `.xlsx`.
pub fn report_file_name(report: &entity::report::Model) -> String {
    match clean_file_name(&format!("{}.xlsx", report.title)) {
        name if name.is_empty() => format!("report-{}.xlsx", report.id),
        name => name,
    }
}

/// One row of an official table as written out.
#[derive(Clone, Debug, Default)]
pub struct OutRow {
    /// 序号.
    pub serial: Option<i32>,
    /// 任务目标.
    pub goal: String,
    /// 责任单位, in order.
    pub units: Vec<String>,
    /// 进展情况.
    pub detail: String,
    /// 完成率 in percent, when known.
    pub rate: Option<f64>,
    /// The rate as written, when there is no number.
    pub raw_rate: String,
    /// The fill of the rate cell.
    pub light: Option<Light>,
    /// 备注.
    pub remarks: Option<String>,
    /// Other columns, header and text.
    pub extra: Vec<(String, String)>,
    /// The mark after the serial (`7*`: `*`).
    pub serial_mark: Option<String>,
    /// The category row the project sat under.
    pub category: Option<String>,
    /// Its sub-items, written as rows under it.
    pub items: Vec<crate::sheet::ItemRecord>,
}

/// A report's row as written out: as imported, after cleaning.
fn out_row(row: &TableRow) -> OutRow {
    let p = &row.entry.progress;
    OutRow {
        serial: p.serial_no,
        goal: row.project.goal.clone(),
        units: row.units.clone(),
        detail: p.detail.clone(),
        // A rate the table did not give (its items' mean) is left blank, as
        // the table had it, so the file reads back the same.
        rate: p.completion_rate.filter(|_| !row.entry.rate_from_items()),
        raw_rate: p.raw_rate.clone(),
        light: Some(row.entry.light()),
        remarks: p.remarks.clone(),
        extra: row.entry.extra(),
        serial_mark: p.serial_mark.clone(),
        category: p.category.clone(),
        items: row.entry.items(),
    }
}

/// The quarter after the one `as_of` falls in: its label, year and last day.
pub fn next_quarter(as_of: chrono::NaiveDate) -> (String, i32, chrono::NaiveDate) {
    use chrono::Datelike;
    let quarter = (as_of.month() - 1) / 3 + 1;
    let (year, next) = if quarter == 4 {
        (as_of.year() + 1, 1)
    } else {
        (as_of.year(), quarter + 1)
    };
    let label = ["一季度", "二季度", "三季度", "四季度"][(next - 1) as usize].to_owned();
    let end = match next {
        1 => chrono::NaiveDate::from_ymd_opt(year, 3, 31),
        2 => chrono::NaiveDate::from_ymd_opt(year, 6, 30),
        3 => chrono::NaiveDate::from_ymd_opt(year, 9, 30),
        _ => chrono::NaiveDate::from_ymd_opt(year, 12, 31),
    }
    .unwrap_or(as_of);
    (label, year, end)
}

/// The title of the next period's form: the report's title with its year
/// and period replaced, or the official wording when the title names
/// neither.
pub fn next_title(report: &entity::report::Model) -> String {
    let (label, year, _) = next_quarter(report.as_of);
    let title = report.title.trim();
    let has_period = !report.period.is_empty() && title.contains(report.period.as_str());
    if has_period {
        title.replacen(report.period.as_str(), &label, 1).replacen(
            &format!("{}年", report.year),
            &format!("{year}年"),
            1,
        )
    } else {
        format!("{year}年民生实事项目进展情况调度表（{label}）")
    }
}

/// What the next period's form holds.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormOptions<'a> {
    /// Only the projects of this unit (lead or co-unit).
    pub unit: Option<&'a str>,
    /// Last period's progress and rate as the starting text; blank when false.
    pub prefill: bool,
}

/// A row of the next period's form: the report's row when it is
/// `options.unit`'s (lead or co-unit) or no unit is asked for, with last
/// period's progress and rate as the starting text, or blank. The form is
/// the official layout, so the filled-in form imports as the next period's
/// report.
fn form_row(row: &TableRow, options: FormOptions<'_>) -> Option<OutRow> {
    if options
        .unit
        .is_some_and(|u| !row.units.iter().any(|n| n == u))
    {
        return None;
    }
    let r = out_row(row);
    Some(if options.prefill {
        OutRow { light: None, ..r }
    } else {
        OutRow {
            detail: String::new(),
            rate: None,
            raw_rate: String::new(),
            light: None,
            items: r
                .items
                .into_iter()
                .map(|item| crate::sheet::ItemRecord {
                    done: None,
                    rate: None,
                    raw_rate: String::new(),
                    ..item
                })
                .collect(),
            ..r
        }
    })
}

/// The cell formats every sheet shares.
struct Formats {
    title: Format,
    header: Format,
    text: Format,
    centered: Format,
}

impl Formats {
    fn new() -> Self {
        let border = Format::new().set_border(FormatBorder::Thin);
        let text = border
            .clone()
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: border
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xD9E1F2)),
            centered: text.clone().set_align(FormatAlign::Center),
            text,
        }
    }

    /// A rate cell: centered, filled by its light.
    fn rate(&self, light: Option<Light>) -> Format {
        match light {
            Some(light) => self.centered.clone().set_background_color(fill(light)),
            None => self.centered.clone(),
        }
    }
}

/// A column index as Excel counts them.
fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// A row index as Excel counts them.
fn row(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The title row merged over `columns` columns, then the header row.
fn title_and_header(
    sheet: &mut Worksheet,
    f: &Formats,
    title: &str,
    headers: &[(String, f64)],
) -> Result<(), XlsxError> {
    let last = col(headers.len().saturating_sub(1));
    if last == 0 {
        sheet.write_string_with_format(0, 0, title, &f.title)?;
    } else {
        sheet.merge_range(0, 0, 0, last, title, &f.title)?;
    }
    sheet.set_row_height(0, 36)?;
    for (i, (name, width)) in headers.iter().enumerate() {
        sheet.write_string_with_format(1, col(i), name, &f.header)?;
        sheet.set_column_width(col(i), *width)?;
    }
    Ok(())
}

/// Print setup of a table: header frozen and repeated, A4 landscape, one
/// page wide.
fn print_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(2, 0)?;
    sheet.set_repeat_rows(1, 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The columns of an official table past the five: 备注 when any row has
/// it, the other columns the import kept in their order, 类别 when any row
/// sat under a category row, and the sub-items' figures when any has some.
pub use crate::service::reports::ReportColumns as Columns;

/// The headers of the sub-items' figures, as the reader reads them back.
const ITEM_HEADERS: [&str; 3] = ["年度目标", "已完成", "计量单位"];
/// The header of the category column, as the reader reads it back.
const CATEGORY_HEADER: &str = "类别";

/// An official table written on a sheet row by row (the sheet may be in
/// constant-memory mode, which writes each row out as the next begins):
/// title, header, then rows.
struct TableWriter<'a> {
    sheet: &'a mut Worksheet,
    f: &'a Formats,
    columns: &'a Columns,
    /// Each column's width, in characters, for the rows' heights.
    widths: Vec<f64>,
    next: usize,
}

/// A text line's height in points at the sheets' 11-point font, as Excel,
/// WPS and LibreOffice lay it out.
const LINE_POINTS: f64 = 15.0;
/// The room above and below a row's lines, in points.
const ROW_PADDING: f64 = 4.0;
/// The tallest row Excel takes, in points.
const MAX_ROW_POINTS: f64 = 409.0;

/// How wide `c` is, in column-width units: a CJK or full-width character
/// takes two, as it does on screen and on paper.
fn char_width(c: char) -> usize {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// The lines `text` takes wrapped in a column `width` characters wide:
/// each line break starts a line, and each paragraph takes as many lines
/// as its width needs (a column's padding leaves a character less).
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let room = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            let units: usize = line.chars().map(char_width).sum();
            ((units as f64) / room).ceil().max(1.0) as usize
        })
        .sum::<usize>()
        .max(1)
}

/// The height of a row whose wrapped cells take at most `lines` lines.
pub fn row_points(lines: usize) -> f64 {
    (lines as f64 * LINE_POINTS + ROW_PADDING).min(MAX_ROW_POINTS)
}

impl<'a> TableWriter<'a> {
    /// Writes the title and the header.
    fn begin(
        sheet: &'a mut Worksheet,
        f: &'a Formats,
        title: &str,
        columns: &'a Columns,
    ) -> Result<Self, XlsxError> {
        let mut headers: Vec<(String, f64)> = HEADER
            .iter()
            .zip(WIDTHS)
            .map(|(h, w)| ((*h).to_owned(), w))
            .collect();
        if columns.with_remarks {
            headers.push(("备注".to_owned(), 16.0));
        }
        headers.extend(columns.extra.iter().map(|e| (e.clone(), 16.0)));
        if columns.with_items {
            headers.extend(ITEM_HEADERS.iter().map(|h| ((*h).to_owned(), 10.0)));
        }
        if columns.with_category {
            headers.push((CATEGORY_HEADER.to_owned(), 16.0));
        }
        title_and_header(sheet, f, title, &headers)?;
        let widths = headers.iter().map(|(_, w)| *w).collect();
        Ok(Self {
            sheet,
            f,
            columns,
            widths,
            next: 2,
        })
    }

    /// Writes the next row, then its sub-items' rows as the table had
    /// them: each numbered (（1）), named in the goal column, with its own
    /// units, figures and rate.
    fn row(&mut self, out: &OutRow) -> Result<(), XlsxError> {
        let r = row(self.next);
        self.next += 1;
        // The height first: a constant-memory sheet writes a row out as
        // the next begins, its height with it.
        let mut texts: Vec<(usize, &str)> = vec![
            (1, out.goal.as_str()),
            (3, out.detail.as_str()),
            (4, out.raw_rate.as_str()),
        ];
        let units = out.units.join("、");
        texts.push((2, &units));
        let mut c = 5;
        if self.columns.with_remarks {
            texts.push((c, out.remarks.as_deref().unwrap_or_default()));
            c += 1;
        }
        for name in &self.columns.extra {
            if let Some((_, v)) = out.extra.iter().find(|(n, _)| n == name) {
                texts.push((c, v));
            }
            c += 1;
        }
        if self.columns.with_items {
            c += ITEM_HEADERS.len();
        }
        if self.columns.with_category {
            texts.push((c, out.category.as_deref().unwrap_or_default()));
        }
        self.fit_row(r, &texts)?;
        let (sheet, f) = (&mut *self.sheet, self.f);
        match (out.serial, &out.serial_mark) {
            (Some(n), Some(mark)) => {
                sheet.write_string_with_format(r, 0, format!("{n}{mark}"), &f.centered)?
            }
            (Some(n), None) => sheet.write_number_with_format(r, 0, f64::from(n), &f.centered)?,
            (None, _) => sheet.write_string_with_format(r, 0, "", &f.centered)?,
        };
        sheet.write_string_with_format(r, 1, &out.goal, &f.text)?;
        sheet.write_string_with_format(r, 2, out.units.join("、"), &f.text)?;
        sheet.write_string_with_format(r, 3, &out.detail, &f.text)?;
        rate_cell(sheet, f, r, 4, out.rate, &out.raw_rate, out.light)?;
        let mut c = 5u16;
        if self.columns.with_remarks {
            let remarks = out.remarks.as_deref().unwrap_or_default();
            sheet.write_string_with_format(r, c, remarks, &f.text)?;
            c += 1;
        }
        for name in &self.columns.extra {
            let value = out
                .extra
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default();
            sheet.write_string_with_format(r, c, value, &f.text)?;
            c += 1;
        }
        let figures_at = c;
        if self.columns.with_items {
            for _ in ITEM_HEADERS {
                sheet.write_string_with_format(r, c, "", &f.text)?;
                c += 1;
            }
        }
        if self.columns.with_category {
            let category = out.category.as_deref().unwrap_or_default();
            sheet.write_string_with_format(r, c, category, &f.text)?;
        }
        for (i, item) in out.items.iter().enumerate() {
            let r = row(self.next);
            self.next += 1;
            let units = item.units.join("、");
            self.fit_row(r, &[(1, item.name.as_str()), (2, &units)])?;
            let (sheet, f) = (&mut *self.sheet, self.f);
            let serial = item
                .serial
                .clone()
                .unwrap_or_else(|| format!("（{}）", i + 1));
            sheet.write_string_with_format(r, 0, serial, &f.centered)?;
            sheet.write_string_with_format(r, 1, &item.name, &f.text)?;
            sheet.write_string_with_format(r, 2, item.units.join("、"), &f.text)?;
            sheet.write_string_with_format(r, 3, "", &f.text)?;
            rate_cell(sheet, f, r, 4, item.rate, &item.raw_rate, None)?;
            let figures = [&item.target, &item.done, &item.measure];
            for (k, figure) in figures.into_iter().enumerate() {
                let text = figure.as_deref().unwrap_or_default();
                sheet.write_string_with_format(r, figures_at + k as u16, text, &f.text)?;
            }
        }
        Ok(())
    }

    /// Sets row `r`'s height to the lines its tallest wrapped cell takes
    /// (`texts`: column and text).
    fn fit_row(&mut self, r: u32, texts: &[(usize, &str)]) -> Result<(), XlsxError> {
        let lines = texts
            .iter()
            .filter(|(_, t)| !t.is_empty())
            .map(|(c, t)| wrapped_lines(t, self.widths.get(*c).copied().unwrap_or(16.0)))
            .max()
            .unwrap_or(1);
        self.sheet.set_row_height(r, row_points(lines))?;
        Ok(())
    }

    /// Rows written so far.
    fn rows(&self) -> usize {
        self.next - 2
    }

    /// The print setup.
    fn finish(self) -> Result<(), XlsxError> {
        print_setup(self.sheet)
    }
}

/// A completion rate: a percent cell filled by its light, or the text as
/// written when there is no number.
fn rate_cell(
    sheet: &mut Worksheet,
    f: &Formats,
    r: u32,
    c: u16,
    rate: Option<f64>,
    raw: &str,
    light: Option<Light>,
) -> Result<(), XlsxError> {
    let format = f.rate(light);
    match rate {
        Some(rate) => {
            let percent = format.set_num_format("0.##%");
            sheet.write_number_with_format(r, c, rate / 100.0, &percent)?
        }
        None => sheet.write_string_with_format(r, c, raw, &format)?,
    };
    Ok(())
}

/// The sheet of the warnings an import raised.
fn notes_sheet(
    notes: &mut Worksheet,
    f: &Formats,
    warnings: &[crate::sheet::Warning],
) -> Result<(), XlsxError> {
    notes.set_name("导入提示")?;
    for (i, (name, width)) in [("工作表", 14.0), ("行", 6.0), ("列", 14.0), ("提示", 90.0)]
        .into_iter()
        .enumerate()
    {
        notes.write_string_with_format(0, col(i), name, &f.header)?;
        notes.set_column_width(col(i), width)?;
    }
    if warnings.is_empty() {
        notes.write_string_with_format(1, 3, "导入时没有提示。", &f.text)?;
    }
    for (i, w) in warnings.iter().enumerate() {
        let r = row(i + 1);
        notes.set_row_height(r, row_points(wrapped_lines(&w.message, 90.0)))?;
        notes.write_string_with_format(r, 0, w.sheet.as_deref().unwrap_or_default(), &f.text)?;
        match w.row {
            Some(n) => notes.write_number_with_format(r, 1, f64::from(n), &f.centered)?,
            None => notes.write_string_with_format(r, 1, "", &f.centered)?,
        };
        notes.write_string_with_format(r, 2, w.column.as_deref().unwrap_or_default(), &f.text)?;
        notes.write_string_with_format(r, 3, &w.message, &f.text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_invisible_format_characters() {
        assert_eq!(
            clean_file_name("章丘区\u{202E}xslx.exe\u{200B}.xlsx"),
            "章丘区xslx.exe.xlsx"
        );
        assert_eq!(clean_file_name("\u{FEFF}\u{2066}a/b:c.csv"), "abc.csv");
        assert_eq!(clean_file_name("\u{202E}\u{202C}.xlsx"), "");
    }

    #[test]
    fn the_next_quarter_follows_the_date() {
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(
            next_quarter(d(2025, 6, 30)),
            ("三季度".into(), 2025, d(2025, 9, 30))
        );
        assert_eq!(
            next_quarter(d(2025, 8, 31)),
            ("四季度".into(), 2025, d(2025, 12, 31))
        );
        assert_eq!(
            next_quarter(d(2025, 12, 31)),
            ("一季度".into(), 2026, d(2026, 3, 31))
        );
    }
}
