//! Tables back out as spreadsheets, in the official layout, so the office
//! that keeps them in Excel gets back what shishi holds. Reads come from
//! `service`; nothing here touches the database or parses a workbook.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::domain::Light;
use crate::service::reports::ReportTable;

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

/// The file name a report is offered under: its title, `.xlsx`.
pub fn report_file_name(table: &ReportTable) -> String {
    let title: String = table
        .report
        .title
        .chars()
        .filter(|c| !"\\/:*?\"<>|\r\n".contains(*c))
        .collect();
    let title = title.trim();
    if title.is_empty() {
        format!("report-{}.xlsx", table.report.id)
    } else {
        format!("{title}.xlsx")
    }
}

/// A report as the table it was imported from, after cleaning: title,
/// header, one row per project in table order (units joined with 、, rates
/// as percent cells filled by their light), 备注 and any other column kept;
/// then a sheet of the warnings its import raised.
pub fn report_xlsx(table: &ReportTable) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let border = Format::new().set_border(FormatBorder::Thin);
    let title_format = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let header_format = border
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9E1F2));
    let text = border
        .clone()
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let centered = text.clone().set_align(FormatAlign::Center);

    // The columns past the five: 备注 when any row has it, then the other
    // columns the import kept, in their order.
    let with_remarks = table
        .rows
        .iter()
        .any(|r| r.entry.progress.remarks.is_some());
    let mut extra: Vec<String> = Vec::new();
    for row in &table.rows {
        for (name, _) in row.entry.extra() {
            if !extra.contains(&name) {
                extra.push(name);
            }
        }
    }
    let mut headers: Vec<String> = HEADER.iter().map(|h| (*h).to_owned()).collect();
    if with_remarks {
        headers.push("备注".to_owned());
    }
    headers.extend(extra.iter().cloned());
    let last_col = u16::try_from(headers.len().saturating_sub(1)).unwrap_or(u16::MAX);

    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&table.report.sheet))?;
    sheet.merge_range(0, 0, 0, last_col, &table.report.title, &title_format)?;
    sheet.set_row_height(0, 36)?;
    for (col, name) in headers.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(1, col, name, &header_format)?;
        let width = WIDTHS.get(usize::from(col)).copied().unwrap_or(16.0);
        sheet.set_column_width(col, width)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(i + 2).unwrap_or(u32::MAX);
        let p = &row.entry.progress;
        match p.serial_no {
            Some(n) => sheet.write_number_with_format(r, 0, f64::from(n), &centered)?,
            None => sheet.write_string_with_format(r, 0, "", &centered)?,
        };
        sheet.write_string_with_format(r, 1, &row.project.goal, &text)?;
        sheet.write_string_with_format(r, 2, row.units.join("、"), &text)?;
        sheet.write_string_with_format(r, 3, &p.detail, &text)?;
        let lit = centered
            .clone()
            .set_background_color(fill(row.entry.light()));
        match p.completion_rate {
            Some(rate) => {
                let percent = lit.set_num_format("0.##%");
                sheet.write_number_with_format(r, 4, rate / 100.0, &percent)?
            }
            None => sheet.write_string_with_format(r, 4, &p.raw_rate, &lit)?,
        };
        let mut col = 5u16;
        if with_remarks {
            let remarks = p.remarks.as_deref().unwrap_or_default();
            sheet.write_string_with_format(r, col, remarks, &text)?;
            col += 1;
        }
        let values = row.entry.extra();
        for name in &extra {
            let value = values
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default();
            sheet.write_string_with_format(r, col, value, &text)?;
            col += 1;
        }
    }
    sheet.set_freeze_panes(2, 0)?;
    sheet.set_repeat_rows(1, 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);

    let notes = book.add_worksheet();
    notes.set_name("导入提示")?;
    for (col, (name, width)) in [("工作表", 14.0), ("行", 6.0), ("列", 14.0), ("提示", 90.0)]
        .into_iter()
        .enumerate()
    {
        let col = u16::try_from(col).unwrap_or(0);
        notes.write_string_with_format(0, col, name, &header_format)?;
        notes.set_column_width(col, width)?;
    }
    if table.warnings.is_empty() {
        notes.write_string_with_format(1, 3, "导入时没有提示。", &text)?;
    }
    for (i, w) in table.warnings.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        notes.write_string_with_format(r, 0, w.sheet.as_deref().unwrap_or_default(), &text)?;
        match w.row {
            Some(row) => notes.write_number_with_format(r, 1, f64::from(row), &centered)?,
            None => notes.write_string_with_format(r, 1, "", &centered)?,
        };
        notes.write_string_with_format(r, 2, w.column.as_deref().unwrap_or_default(), &text)?;
        notes.write_string_with_format(r, 3, &w.message, &text)?;
    }
    Ok(book.save_to_buffer()?)
}
