//! Reading tracking tables: workbook bytes -> rows -> typed records.
//!
//! Nothing here touches the database: the result is a [`ParsedTable`] that
//! `ingest` writes, or a [`SheetError`] that says what is wrong with the file
//! and what to do about it.

mod columns;
mod docx;
mod form;
mod guard;
mod html;
mod issuer;
mod period;
#[cfg(test)]
mod published;
mod text;
mod workbook;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use columns::{find_header, role_of, Header};
pub use columns::{Mapping, Role};
pub use form::{FormScope, FORM_HEADING, FORM_SHEET};
pub use issuer::issuer_in;
pub use period::{parse_period, parse_year, year_argument, Period};
pub use text::normalize_name as normalize_project_name;
use text::{
    clean, first_line, name_of, normalize_name, parse_marked_serial, parse_rate, split_units,
    RateReading,
};
use workbook::{read_grids, Cell, Grid};

/// A problem the reader noticed that did not stop the import.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Warning {
    /// The worksheet.
    pub sheet: Option<String>,
    /// The spreadsheet row, 1-based.
    pub row: Option<u32>,
    /// The column's header as printed.
    pub column: Option<String>,
    /// What was noticed, as a stable code (see [`WarningCode`]); none on
    /// runs stored before codes were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What was noticed and what was done about it.
    pub message: String,
}

/// What a warning is about: the stable codes of `SyncWarning.code`, which
/// a client translates (the console does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningCode {
    /// Two rows carry the same 序号.
    SerialRepeated,
    /// A 序号 out of the table's sequence.
    SerialOutOfSequence,
    /// A row with a 序号 and no 任务目标: skipped.
    NoGoal,
    /// A row with neither, and no project above it to continue: skipped.
    StrayRow,
    /// A rate written as an approximation (约80%, 80%左右): read as the number.
    RateApproximate,
    /// An empty rate cell: stored with no rate.
    RateEmpty,
    /// A rate outside 0..100: stored with no rate, the text kept.
    RateOutOfRange,
    /// A rate that is not a number: stored with no rate, the text kept.
    RateUnreadable,
    /// A sheet with a table of another period: not read.
    SheetSkipped,
    /// A project listed on several sheets: read as one.
    ProjectMerged,
    /// A title naming no issuer in a year held by several: kept apart.
    IssuerUnnamed,
    /// A row of a unit's return that is not that unit's project: imported.
    OutsideForm,
    /// A sheet named like the form's mark that is not one: ignored.
    FormMarkUnreadable,
}

impl WarningCode {
    /// The stored and API form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SerialRepeated => "SERIAL_REPEATED",
            Self::SerialOutOfSequence => "SERIAL_OUT_OF_SEQUENCE",
            Self::NoGoal => "NO_GOAL",
            Self::StrayRow => "STRAY_ROW",
            Self::RateApproximate => "RATE_APPROXIMATE",
            Self::RateEmpty => "RATE_EMPTY",
            Self::RateOutOfRange => "RATE_OUT_OF_RANGE",
            Self::RateUnreadable => "RATE_UNREADABLE",
            Self::SheetSkipped => "SHEET_SKIPPED",
            Self::ProjectMerged => "PROJECT_MERGED",
            Self::IssuerUnnamed => "ISSUER_UNNAMED",
            Self::OutsideForm => "OUTSIDE_FORM",
            Self::FormMarkUnreadable => "FORM_MARK_UNREADABLE",
        }
    }
}

/// One project row of a table (several sheet rows when it continues).
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectRecord {
    /// The spreadsheet row (1-based) the project starts on.
    pub row: u32,
    /// 序号 as printed.
    pub serial_no: Option<i32>,
    /// First sentence of the goal without 。.
    pub name: String,
    /// The name as compared for identity.
    pub normalized_name: String,
    /// 任务目标, the whole text.
    pub goal: String,
    /// 责任单位 then 配合单位, in order, without repeats.
    pub units: Vec<String>,
    /// 完成率 in percent, when readable.
    pub rate: Option<f64>,
    /// The 完成率 cell as written.
    pub raw_rate: String,
    /// First line of 进展情况.
    pub summary: String,
    /// 进展情况, the whole text.
    pub detail: String,
    /// 备注.
    pub remarks: Option<String>,
    /// Other columns: header -> text.
    pub extra: Vec<(String, String)>,
    /// The mark written after the serial (`7*`: `*`, a project chosen by
    /// the deputies' vote).
    pub serial_mark: Option<String>,
    /// The category row above the project (`一、教育文化类`), if any.
    pub category: Option<String>,
    /// Sub-items (子项目, 考核指标), in table order; empty when none.
    pub items: Vec<ItemRecord>,
    /// The project's rate is the mean of its items' rates: the table gave
    /// none of its own.
    pub rate_from_items: bool,
}

/// One sub-item of a project: an indicator with its own target, done
/// figure and rate, on a row of its own under the project's 序号.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ItemRecord {
    /// The spreadsheet row (1-based).
    pub row: u32,
    /// Its number as printed (（1）, ①), when it has one.
    pub serial: Option<String>,
    /// Its name: the sub-item column, else its goal text.
    pub name: String,
    /// Its units, when its row names some.
    pub units: Vec<String>,
    /// 目标任务: the target as written (3, 10).
    pub target: Option<String>,
    /// 已完成: the figure reached as written.
    pub done: Option<String>,
    /// 计量单位 (所, 公里).
    pub measure: Option<String>,
    /// Its rate in percent, when readable.
    pub rate: Option<f64>,
    /// The rate cell as written.
    pub raw_rate: String,
}

impl ParsedTable {
    /// SHA-256 (lowercase hex) of what the table says: year, period and, in
    /// order, every project's serial, name, goal, units, rate, progress
    /// text, remarks and other columns. Not the file's bytes, format, sheet,
    /// row numbers or how a rate was written (`52%`, 0.52 as a percent, 52),
    /// so a table re-saved in Excel or WPS, or its xls copy, gives the same.
    pub fn content_sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        /// Feeds what serde writes straight into the hash: the table is
        /// never copied (a 150,000-row table would take 100 MB as JSON).
        struct Feed(Sha256);
        impl std::io::Write for Feed {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.update(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut feed = Feed(Sha256::new());
        let head = (self.year, &self.period.label, self.period.as_of.to_string());
        // Writing into a hash cannot fail; a failure would only leave the
        // hash different, which makes the table count as new.
        let _ = serde_json::to_writer(&mut feed, &head);
        for p in &self.projects {
            let fields = (
                p.serial_no,
                &p.name,
                &p.goal,
                &p.units,
                p.rate,
                &p.summary,
                &p.detail,
                &p.remarks,
                &p.extra,
            );
            let _ = serde_json::to_writer(&mut feed, &fields);
            // Only when present, so tables without them hash as before.
            if p.serial_mark.is_some() || p.category.is_some() {
                let _ = serde_json::to_writer(&mut feed, &(&p.serial_mark, &p.category));
            }
            // Items without their row numbers: a row inserted above moves
            // them and says nothing new.
            for item in &p.items {
                let fields = (
                    &item.serial,
                    &item.name,
                    &item.units,
                    &item.target,
                    &item.done,
                    &item.measure,
                    item.rate,
                );
                let _ = serde_json::to_writer(&mut feed, &fields);
            }
        }
        feed.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A whole table, ready to be ingested.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedTable {
    /// The title line (e.g. 2025年民生实事项目进展情况调度表（二季度）).
    pub title: String,
    /// The issuing body (章丘区, 济南市...): the import's argument, else
    /// what the title or file name names; empty when none does.
    pub issuer: String,
    /// The year it covers.
    pub year: i32,
    /// The period as the title words it, and its last day.
    pub period: Period,
    /// The worksheet it came from.
    pub sheet: String,
    /// The projects, in table order.
    pub projects: Vec<ProjectRecord>,
    /// What was noticed along the way.
    pub warnings: Vec<Warning>,
    /// The mark of a period's form: the table is a unit's return.
    pub form: Option<FormScope>,
}

/// Why a file could not be read as a tracking table. Each message says what
/// is wrong and what to do.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// Zero bytes.
    #[error("the file is empty (0 bytes); export the table again and upload the saved file")]
    EmptyFile,
    /// Not xlsx, xls or ods.
    #[error("the file is not a spreadsheet; upload the table as .xlsx, .xls or .ods")]
    NotASpreadsheet,
    /// A spreadsheet calamine could not read (truncated, damaged).
    #[error("the {format} file could not be read ({detail}); it may be damaged or cut short: open it in Excel or WPS, save it again and upload that copy")]
    Unreadable {
        /// xlsx, xls or ods.
        format: &'static str,
        /// What the reader said.
        detail: String,
    },
    /// Encrypted.
    #[error("the workbook is password-protected; remove the password (File > Info > Protect Workbook) and upload it again")]
    PasswordProtected,
    /// Too many rows.
    #[error("sheet '{sheet}' has cells beyond row {rows}; a tracking table is far smaller: delete the stray cells far below the table (Ctrl+End shows the last one) or check that this is the right file")]
    TooLarge {
        /// The sheet.
        sheet: String,
        /// The limit.
        rows: u32,
    },
    /// A sheet spans more cells than may be expanded.
    #[error("sheet '{sheet}' spans {cells} cells (more than {limit}); a tracking table is far smaller: delete stray cells or formatting far from the table, or check that this is the right file")]
    TooManyCells {
        /// The sheet.
        sheet: String,
        /// Cells it spans.
        cells: u64,
        /// The limit.
        limit: u64,
    },
    /// A format shishi does not read (.doc, .wps, .et).
    #[error("{format} 文件无法读取：请在 Word、WPS 或 Excel 中将其另存为 .docx 或 .xlsx 后再上传 (a {format} file is not read; save it as .docx or .xlsx and upload that)")]
    UnsupportedFormat {
        /// The format, as its extension: .doc, .wps, .et.
        format: String,
    },
    /// An HTML page larger than any portal page with a table.
    #[error("the page is {bytes} bytes (more than {limit}); a portal page with one table is far smaller: save the table itself, or check that this is the right address")]
    PageTooLarge {
        /// The page's size.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// A `rowspan` or `colspan` past what any table uses.
    #[error("a table cell has {attribute}=\"{value}\" (more than {limit}); no table spans so far, so the page is refused")]
    SpanTooLarge {
        /// colspan or rowspan.
        attribute: String,
        /// The value given.
        value: u64,
        /// The limit.
        limit: u32,
    },
    /// More tables in a page or document than a report holds.
    #[error("the page or document holds more than {limit} tables; a report is one table or a few: save the table itself")]
    TooManyTables {
        /// The limit.
        limit: usize,
    },
    /// A zip that inflates past the limit (a zip bomb, or not a table).
    #[error("the archive inflates to more than {limit} bytes; a tracking table is far smaller, so this file is refused (raise --max-upload-bytes if it really is a table)")]
    ArchiveTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// No sheet has a header row.
    #[error("no sheet has a header row with 任务目标 and at least two of 序号, 责任单位, 进展情况, 完成率 in its first 30 rows (sheets: {sheets}){hint}")]
    NoHeader {
        /// The sheets looked at.
        sheets: String,
        /// The headers found and the mapping that would read them, or
        /// what to check.
        hint: String,
    },
    /// A mapping that fits no sheet.
    #[error("the mapping (headerRow {row}, columns '{columns}') fits no sheet: {why}; check the row number and the column letters or header texts against the table")]
    MappingFitsNoSheet {
        /// The header row given, or "not given".
        row: String,
        /// The columns given.
        columns: String,
        /// What did not fit.
        why: String,
    },
    /// A header and nothing under it.
    #[error("sheet '{sheet}' has a header row (row {row}) but no project rows under it; fill in the projects and upload again")]
    NoProjectRows {
        /// The sheet.
        sheet: String,
        /// The header row, 1-based.
        row: u32,
    },
    /// No year.
    #[error("no year found: looked in the title ('{title}') and the file name ('{file}'); put the year in the title, e.g. 2025年民生实事项目进展情况调度表（二季度）, or pass asOf (upload argument, --as-of)")]
    NoYear {
        /// The title looked at.
        title: String,
        /// The file name looked at.
        file: String,
    },
    /// A period argument that names no period.
    #[error("the period '{period}' names no reporting period; write it like 二季度, 上半年, 1-6月, 9月 or 截至9月底, or give asOf as YYYY-MM-DD")]
    BadPeriodArgument {
        /// The argument.
        period: String,
    },
    /// An issuer argument that cannot be a body's name.
    #[error("the issuer '{issuer}' is not a name: give the issuing body's name as its tables print it, e.g. 章丘区 (at most 64 characters)")]
    BadIssuerArgument {
        /// The argument.
        issuer: String,
    },
    /// No period.
    #[error("no reporting period found: looked in the title ('{title}'), the file name ('{file}'), the lines above the header and the column headers; name the period in the title, e.g. （二季度）, （1-6月） or （截至9月底）, or pass it as period/asOf (upload arguments, --period/--as-of)")]
    NoPeriod {
        /// The title looked at.
        title: String,
        /// The file name looked at.
        file: String,
    },
    /// Two rows name the same project.
    #[error("rows {first} and {second} both name the project '{name}'; a table lists each project once, so merge or rename one of them")]
    DuplicateProject {
        /// The name.
        name: String,
        /// The first row, 1-based.
        first: u32,
        /// The second row, 1-based.
        second: u32,
    },
}

/// The extension of a file Word, WPS or Excel saved in a format shishi
/// does not read (.doc, .wps, .et), whatever its bytes are.
fn unsupported_extension(file_name: &str) -> Option<String> {
    // A URL's query or fragment is not part of the name.
    let name = file_name.split(['?', '#']).next().unwrap_or(file_name);
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    matches!(ext.as_str(), "doc" | "wps" | "et" | "dps" | "ppt").then(|| format!(".{ext}"))
}

/// How to read a table.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// The file name (or URL), a fallback source of year and period.
    pub file_name: String,
    /// Most bytes a zip (xlsx, ods) may inflate to.
    pub max_unpacked_bytes: u64,
    /// The reporting date, overriding what the title says.
    pub as_of: Option<NaiveDate>,
    /// The period label (e.g. 二季度, 1-6月), overriding what the title says.
    pub period: Option<String>,
    /// The issuer (章丘区), overriding what the title says.
    pub issuer: Option<String>,
    /// The office's own issuer, for a table whose title and file name name
    /// none (the `--issuer` setting of `shishi serve`).
    pub default_issuer: Option<String>,
    /// The year, overriding what the title says.
    pub year: Option<i32>,
    /// Which row is the header and which column is which, for a layout
    /// the reader does not recognize.
    pub mapping: Mapping,
}

impl ReadOptions {
    /// Options for `file_name` with the default limits and no overrides.
    pub fn new(file_name: impl Into<String>) -> Self {
        Self {
            file_name: file_name.into(),
            max_unpacked_bytes: DEFAULT_MAX_UNPACKED_BYTES,
            as_of: None,
            period: None,
            issuer: None,
            default_issuer: None,
            year: None,
            mapping: Mapping::default(),
        }
    }
}

/// What a zip may inflate to unless told otherwise.
pub const DEFAULT_MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;

/// Reads the tracking table in `bytes`.
pub fn read_table(bytes: &[u8], options: &ReadOptions) -> Result<ParsedTable, SheetError> {
    if let Some(format) = unsupported_extension(&options.file_name) {
        return Err(SheetError::UnsupportedFormat { format });
    }
    let mut grids = read_grids(bytes, options.max_unpacked_bytes)?;
    let marked = grids.iter().any(|g| g.name == FORM_SHEET);
    let form = form::take_mark(&mut grids);
    // Every sheet with a table: the first gives the title, year and period;
    // the others are read with it when they share its period (one sheet
    // per category or per unit), and only then.
    let mut tables: Vec<(Grid, Header)> = Vec::new();
    let sheet_names = || {
        grids
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if options.mapping.is_empty() {
        let found: Vec<Option<Header>> = grids.iter().map(find_header).collect();
        if found.iter().all(Option::is_none) {
            return Err(SheetError::NoHeader {
                sheets: sheet_names(),
                hint: suggestion(&grids),
            });
        }
        tables.extend(
            grids
                .into_iter()
                .zip(found)
                .filter_map(|(g, h)| Some((g, h?))),
        );
    } else {
        // A mapping reads the first sheet it fits.
        let Some(at) = grids
            .iter()
            .position(|g| options.mapping.header(g).is_some())
        else {
            return Err(SheetError::MappingFitsNoSheet {
                row: options
                    .mapping
                    .header_row
                    .map_or("not given".to_owned(), |r| r.to_string()),
                columns: options.mapping.columns_text(),
                why: format!(
                    "no sheet ({}) has such a header row with a goal column",
                    sheet_names()
                ),
            });
        };
        let mut grids = grids;
        let grid = grids.swap_remove(at);
        let header = options
            .mapping
            .header(&grid)
            .ok_or_else(|| SheetError::NoHeader {
                sheets: grid.name.clone(),
                hint: String::new(),
            })?;
        tables.push((grid, header));
    }
    let mut tables = tables.into_iter();
    let Some((first, first_header)) = tables.next() else {
        return Err(SheetError::NoHeader {
            sheets: String::new(),
            hint: String::new(),
        });
    };
    let title = title_of(&first, first_header.top);
    let (year, period) =
        year_and_period(&title, &period_places(&first, first_header.row), options)?;
    let issuer = issuer_of(&title, options)?;
    let mut sheets = vec![first.name.clone()];
    let mut part = read_sheet(first, &first_header)?;
    let mut projects = std::mem::take(&mut part.projects);
    let mut warnings = std::mem::take(&mut part.warnings);
    for (grid, header) in tables {
        let own_title = title_of(&grid, header.top);
        let own = year_and_period(&own_title, &period_places(&grid, header.row), options);
        let same = matches!(&own, Ok((y, p)) if *y == year && p.as_of == period.as_of);
        let name = grid.name.clone();
        if !same {
            let named = match own {
                Ok((_, p)) => format!("names {} ({})", p.label, p.as_of),
                Err(_) => "names no period".to_owned(),
            };
            warnings.push(Warning {
                sheet: Some(name),
                row: Some(header.row as u32 + 1),
                column: None,
                code: Some(WarningCode::SheetSkipped.as_str().to_owned()),
                message: format!(
                    "this sheet has a table too, but it {named}, not {} ({}); it is not read with this report: import it on its own",
                    period.label, period.as_of
                ),
            });
            continue;
        }
        let Ok(mut more) = read_sheet(grid, &header) else {
            continue;
        };
        // Serials restart on each sheet: they continue the sheet before.
        let offset = projects
            .iter()
            .filter_map(|p| p.serial_no)
            .max()
            .unwrap_or(0);
        if more
            .projects
            .first()
            .and_then(|p| p.serial_no)
            .is_some_and(|s| s <= offset)
        {
            for p in &mut more.projects {
                p.serial_no = p.serial_no.map(|s| s + offset);
            }
        }
        sheets.push(name);
        merge_projects(&mut projects, more.projects, &mut warnings);
        warnings.append(&mut more.warnings);
    }
    check_identity(&projects)?;
    let mut table = ParsedTable {
        title,
        issuer,
        year,
        period,
        sheet: sheets.join(", "),
        projects,
        warnings,
        form: None,
    };
    if marked && form.is_none() {
        table.warnings.push(Warning {
            sheet: Some(FORM_SHEET.to_owned()),
            row: None,
            column: None,
            code: Some(WarningCode::FormMarkUnreadable.as_str().to_owned()),
            message: format!("the sheet '{FORM_SHEET}' is not a form's mark shishi can read; the table is read as a whole table, not a unit's return"),
        });
    }
    if let Some(form) = form {
        apply_form(&mut table, form, options);
    }
    Ok(table)
}

/// A unit's return: its period is the form's (unless the import's
/// arguments say otherwise), a row outside the unit's projects is said,
/// and its serials follow the form's own order (a unit's rows skip the
/// others'), so only a serial out of that order is out of sequence.
fn apply_form(table: &mut ParsedTable, form: FormScope, options: &ReadOptions) {
    if options.year.is_none() && options.as_of.is_none() && options.period.is_none() {
        table.year = form.year;
        table.period.as_of = form.as_of;
        table.period.label = form.period.clone();
    }
    if options.issuer.is_none() && !form.issuer.is_empty() {
        table.issuer = form.issuer.clone();
    }
    let increasing = table
        .projects
        .iter()
        .filter_map(|p| p.serial_no)
        .collect::<Vec<_>>()
        .windows(2)
        .all(|w| w[0] < w[1]);
    if increasing {
        let code = WarningCode::SerialOutOfSequence.as_str();
        table.warnings.retain(|w| w.code.as_deref() != Some(code));
    }
    if let Some(unit) = &form.unit {
        for p in &table.projects {
            if !p.units.contains(unit) {
                table.warnings.push(Warning {
                    sheet: None,
                    row: Some(p.row),
                    column: None,
                    code: Some(WarningCode::OutsideForm.as_str().to_owned()),
                    message: format!(
                        "'{}' is not a project of {unit}, whose form this is; it is imported all the same",
                        p.name
                    ),
                });
            }
        }
    }
    table.form = Some(form);
}

/// One sheet's projects and warnings.
struct SheetPart {
    projects: Vec<ProjectRecord>,
    warnings: Vec<Warning>,
}

/// Reads the projects under `header` on `grid`.
fn read_sheet(mut grid: Grid, header: &Header) -> Result<SheetPart, SheetError> {
    let rows = std::mem::take(&mut grid.rows);
    let mut reader = RowReader::new(&grid, header, &rows);
    // Each row is dropped once read, so the sheet and the records it
    // becomes are not held in full at once.
    reader.read_rows(rows);
    let RowReader {
        projects,
        mut warnings,
        ..
    } = reader;
    if projects.is_empty() {
        return Err(SheetError::NoProjectRows {
            sheet: grid.name.clone(),
            row: header.row as u32 + 1,
        });
    }
    check_identity(&projects)?;
    check_serials(&grid.name, header, &projects, &mut warnings);
    Ok(SheetPart { projects, warnings })
}

/// Adds another sheet's projects: a project a sheet before listed too (a
/// project shared by units, one sheet per unit) gets the other sheet's
/// units and progress text added, and is said to have been merged.
fn merge_projects(
    projects: &mut Vec<ProjectRecord>,
    more: Vec<ProjectRecord>,
    warnings: &mut Vec<Warning>,
) {
    // Names to positions: a lookup per project, however many sheets.
    let mut at: HashMap<String, usize> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| (p.normalized_name.clone(), i))
        .collect();
    for p in more {
        let Some(held) = at
            .get(&p.normalized_name)
            .and_then(|&i| projects.get_mut(i))
        else {
            at.insert(p.normalized_name.clone(), projects.len());
            projects.push(p);
            continue;
        };
        for u in p.units {
            if !held.units.contains(&u) {
                held.units.push(u);
            }
        }
        if !p.detail.is_empty() && !held.detail.contains(&p.detail) {
            held.detail = if held.detail.is_empty() {
                p.detail
            } else {
                format!("{}\n{}", held.detail, p.detail)
            };
            held.summary = first_line(&held.detail);
        }
        if held.rate.is_none() {
            held.rate = p.rate;
            held.raw_rate = p.raw_rate;
            held.rate_from_items = p.rate_from_items;
        }
        held.items.extend(p.items);
        warnings.push(Warning {
            sheet: None,
            row: Some(p.row),
            column: None,
            code: Some(WarningCode::ProjectMerged.as_str().to_owned()),
            message: format!(
                "'{}' is listed on more than one sheet; read as one project with the units and progress of each (the first rate given is kept)",
                p.name
            ),
        });
    }
}

/// For a table no sheet's header was recognized in: the row that looks
/// most like a header, its cells, and the arguments that would map them.
fn suggestion(grids: &[Grid]) -> String {
    let Some((grid, (row, found, mapping))) = grids
        .iter()
        .find_map(|g| columns::suggest(g).map(|s| (g, s)))
    else {
        return "; check the header wording, or say which row is the header and which column is which (headerRow and columns upload arguments, --header-row and --columns)".to_owned();
    };
    let cells: Vec<String> = found
        .iter()
        .take(20)
        .map(|(letter, text)| format!("{letter} {}", text.chars().take(20).collect::<String>()))
        .collect();
    let columns = mapping.columns_text();
    format!(
        ". Row {} of sheet '{}' reads: {}. If that is the header, import with the upload arguments headerRow: {}, columns: \"{columns}\" (command line: --header-row {} --columns \"{columns}\"; a sync source: #header-row={}&columns={columns}), correcting any column that is wrong",
        row + 1,
        grid.name,
        cells.join(" | "),
        row + 1,
        row + 1,
        row + 1,
    )
}

/// Where else a table may name its period when its title and file name do
/// not: the lead lines above the header (`（截至2025年9月30日）`), then the
/// header's cells (`1-9月完成率（%）`, `截至9月底进展情况`).
fn period_places(grid: &Grid, header_row: usize) -> Vec<String> {
    grid.rows
        .iter()
        .take(header_row + 1)
        .flat_map(|cells| cells.iter())
        .filter(|c| !c.is_blank())
        .map(|c| clean(&c.text))
        .collect()
}

/// Year and period: an explicit asOf or period wins; else the title; else
/// the file name; else a lead line or a header cell (`places`) that names
/// a reporting date.
fn year_and_period(
    title: &str,
    places: &[String],
    options: &ReadOptions,
) -> Result<(i32, Period), SheetError> {
    let file = options.file_name.as_str();
    let given = options
        .period
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let no_year = || SheetError::NoYear {
        title: title.to_owned(),
        file: file.to_owned(),
    };
    if let Some(as_of) = options.as_of {
        let year = as_of.year();
        let label = match given {
            Some(p) => p.to_owned(),
            None => parse_period(title, year)
                .filter(|p| p.as_of == as_of)
                .map(|p| p.label)
                .unwrap_or_else(|| format!("截至{}月{}日", as_of.month(), as_of.day())),
        };
        return Ok((year, Period { label, as_of }));
    }
    let year = options
        .year
        .or_else(|| parse_year(title))
        .or_else(|| parse_year(file))
        .or_else(|| given.and_then(parse_year))
        .ok_or_else(no_year)?;
    if let Some(p) = given {
        let period = parse_period(p, year).ok_or_else(|| SheetError::BadPeriodArgument {
            period: p.to_owned(),
        })?;
        return Ok((
            year,
            Period {
                label: p.to_owned(),
                as_of: period.as_of,
            },
        ));
    }
    let period = parse_period(title, year)
        .or_else(|| parse_period(file, year))
        .or_else(|| {
            places
                .iter()
                .find_map(|p| period::parse_period_in_header(p, year))
        })
        .ok_or_else(|| SheetError::NoPeriod {
            title: title.to_owned(),
            file: file.to_owned(),
        })?;
    Ok((year, period))
}

/// The longest issuer an import may name.
const LONGEST_ISSUER: usize = 64;

/// The issuer: the argument when given, else what the title names, else
/// what the file name names, else none (empty).
fn issuer_of(title: &str, options: &ReadOptions) -> Result<String, SheetError> {
    if let Some(given) = options
        .issuer
        .as_deref()
        .map(clean)
        .filter(|i| !i.is_empty())
    {
        if given.chars().count() > LONGEST_ISSUER || given.chars().any(char::is_control) {
            let mut issuer: String = given.chars().take(LONGEST_ISSUER).collect();
            if issuer.len() < given.len() {
                issuer.push('…');
            }
            return Err(SheetError::BadIssuerArgument { issuer });
        }
        return Ok(given);
    }
    Ok(issuer_in(title)
        .or_else(|| issuer_in(&options.file_name))
        .or_else(|| {
            options
                .default_issuer
                .as_deref()
                .map(clean)
                .filter(|i| !i.is_empty())
        })
        .unwrap_or_default())
}

/// The title: the lead line above the header that names a year, else the
/// first non-blank one.
fn title_of(grid: &Grid, header_row: usize) -> String {
    let lines: Vec<String> = grid.rows[..header_row]
        .iter()
        .filter_map(|cells| {
            let line = cells
                .iter()
                .filter(|c| !c.is_blank())
                .map(|c| clean(&c.text))
                .collect::<Vec<_>>()
                .join(" ");
            (!line.is_empty()).then_some(line)
        })
        .collect();
    lines
        .iter()
        .find(|l| parse_year(l).is_some() && (l.contains("表") || l.contains("实事")))
        .or_else(|| lines.iter().find(|l| parse_year(l).is_some()))
        .or_else(|| lines.first())
        .cloned()
        .unwrap_or_default()
}

fn check_identity(projects: &[ProjectRecord]) -> Result<(), SheetError> {
    let mut seen: HashMap<&str, u32> = HashMap::new();
    for p in projects {
        if let Some(first) = seen.insert(&p.normalized_name, p.row) {
            return Err(SheetError::DuplicateProject {
                name: p.name.clone(),
                first,
                second: p.row,
            });
        }
    }
    Ok(())
}

/// Serials should run 1, 2, 3...: a serial that is not its position (117
/// for 17) or repeats is reported, and the row is imported all the same.
fn check_serials(
    sheet: &str,
    header: &Header,
    projects: &[ProjectRecord],
    warnings: &mut Vec<Warning>,
) {
    let column = header.column(Role::Serial).map(|c| header.label(c));
    let mut seen: HashMap<i32, u32> = HashMap::new();
    for (i, p) in projects.iter().enumerate() {
        let Some(serial) = p.serial_no else { continue };
        let expected = i as i32 + 1;
        let mut warn = |code: WarningCode, message| {
            warnings.push(Warning {
                sheet: Some(sheet.to_owned()),
                row: Some(p.row),
                column: column.clone(),
                code: Some(code.as_str().to_owned()),
                message,
            })
        };
        if let Some(first) = seen.insert(serial, p.row) {
            warn(WarningCode::SerialRepeated, format!(
                "serial {serial} repeats the serial of row {first}; both rows are imported, told apart by name"
            ));
        } else if serial != expected {
            warn(WarningCode::SerialOutOfSequence, format!(
                "serial {serial} is out of sequence (expected {expected}); the row is imported as '{}'",
                p.name
            ));
        }
    }
}

const TOTAL_WORDS: [&str; 3] = ["合计", "小计", "总计"];

/// A category heading: 一、教育文化类, （一）省级民生实事（涉我区任务）,
/// 第一类 城市建设.
static CATEGORY: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?:[一二三四五六七八九十]{1,3}[、.．，,]|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}[类部分项]|[一二三四五六七八九十]{1,3}\s)")
        .ok()
});

/// The number of a sub-item row: ① to ⑳, or （1） when projects are
/// numbered without brackets.
fn item_number(serial: &str, bracketed_serials: bool) -> Option<String> {
    let t = serial.trim();
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if ('\u{2460}'..='\u{2473}').contains(&c) {
            return Some(t.to_owned());
        }
    }
    if bracketed_serials {
        return None;
    }
    let inner = t
        .strip_prefix(['(', '（'])?
        .strip_suffix([')', '）'])?
        .trim();
    (!inner.is_empty() && inner.len() <= 3 && inner.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.to_owned())
}

/// The category a row names, when it is a category row: one text (a
/// merged cell across the table, or a lone cell) that reads as a heading,
/// with no figure anywhere in the row.
fn category_of(cells: &[Cell]) -> Option<String> {
    let words: Vec<&Cell> = cells.iter().filter(|c| !c.is_blank()).collect();
    let [only] = words.as_slice() else {
        return None;
    };
    if only.number.is_some() {
        return None;
    }
    let text = clean(&only.text);
    let heading = CATEGORY.as_ref().is_some_and(|re| re.is_match(&text))
        || (text.chars().count() <= 20 && (text.ends_with('类') || text.ends_with("类项目")));
    (heading && text.chars().count() <= 60).then_some(text)
}
const FOOTER_WORDS: [&str; 5] = ["注", "备注", "说明", "填报人", "审核人"];

/// Walks the rows under the header, building project records.
struct RowReader<'a> {
    grid: &'a Grid,
    header: &'a Header,
    /// The header rows' words, per row, to know a header repeated below.
    header_rows: Vec<Vec<(usize, String)>>,
    /// The category row read last.
    category: Option<String>,
    /// The last project's serial was written in brackets (（3）): then a
    /// bracketed number is a project's, not a sub-item's.
    bracketed_serials: bool,
    /// Projects whose own row is their first sub-item (a sub-item column
    /// beside a merged 序号), so its rate is that item's unless it is the
    /// only one.
    row_is_item: Vec<usize>,
    rate_is_fraction: bool,
    projects: Vec<ProjectRecord>,
    warnings: Vec<Warning>,
}

impl<'a> RowReader<'a> {
    fn new(grid: &'a Grid, header: &'a Header, rows: &[Vec<Cell>]) -> Self {
        // Shares of 1 (0.52 for 52%) when every number in the column is at
        // most 1 and one is a fraction; a column of whole 0s and 1s is
        // shares too unless its header says % (then 1 is 1%).
        let rate_is_fraction = header.column(Role::Rate).is_some_and(|col| {
            let numbers: Vec<f64> = rows[(header.row + 1).min(rows.len())..]
                .iter()
                .filter_map(|r| r.get(col).and_then(|c| c.number))
                .collect();
            let says_percent = header.label(col).contains(['%', '％']);
            !numbers.is_empty()
                && numbers.iter().all(|n| (0.0..=1.0).contains(n))
                && (!says_percent || numbers.iter().any(|n| n.fract() != 0.0))
        });
        let header_rows = rows[header.top.min(rows.len())..(header.row + 1).min(rows.len())]
            .iter()
            .map(|cells| {
                cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.is_blank())
                    .map(|(i, c)| (i, columns::header_key(&c.text)))
                    .collect()
            })
            .collect();
        // At most one project per row: reserved once, not grown by doubling.
        let rows = rows.len().saturating_sub(header.row + 1);
        Self {
            grid,
            header,
            header_rows,
            category: None,
            bracketed_serials: false,
            row_is_item: Vec::new(),
            rate_is_fraction,
            projects: Vec::with_capacity(rows),
            warnings: Vec::new(),
        }
    }

    fn text(&self, cells: &[Cell], role: Role) -> String {
        self.header
            .column(role)
            .and_then(|c| cells.get(c))
            .map(|c| clean(&c.text))
            .unwrap_or_default()
    }

    fn units(&self, cells: &[Cell]) -> Vec<String> {
        [Role::Units, Role::CoUnits]
            .into_iter()
            .flat_map(|role| self.header.columns(role).collect::<Vec<_>>())
            .filter_map(|c| cells.get(c))
            .flat_map(|c| split_units(&c.text))
            .collect()
    }

    fn warn(&mut self, row: u32, col: Option<usize>, code: WarningCode, message: String) {
        self.warnings.push(Warning {
            sheet: Some(self.grid.name.clone()),
            row: Some(row),
            column: col.map(|c| self.header.label(c)),
            code: Some(code.as_str().to_owned()),
            message,
        });
    }

    fn read_rows(&mut self, rows: Vec<Vec<Cell>>) {
        for (i, cells) in rows.into_iter().enumerate().skip(self.header.row + 1) {
            let cells = cells.as_slice();
            let row = i as u32 + 1;
            if cells.iter().all(Cell::is_blank) || self.is_repeated_header(cells) {
                continue;
            }
            if let Some(category) = category_of(cells) {
                self.category = Some(category);
                continue;
            }
            let serial_text = self.text(cells, Role::Serial);
            let goal = self.text(cells, Role::Goal);
            let lead = if serial_text.is_empty() {
                &goal
            } else {
                &serial_text
            };
            let lead = lead.trim_start_matches(['(', '（']);
            // Two-character words are often spaced out: 合 计, 总　计.
            let unspaced =
                |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
            let (lead_word, goal_word) = (unspaced(lead), unspaced(&goal));
            if TOTAL_WORDS
                .iter()
                .any(|w| lead_word.starts_with(w) || goal_word.starts_with(w))
            {
                continue;
            }
            let serial_cell = self.header.column(Role::Serial).and_then(|c| cells.get(c));
            let (serial, mark) =
                serial_cell.map_or((None, None), |c| parse_marked_serial(&c.text, c.number));
            if serial.is_none() && FOOTER_WORDS.iter().any(|w| lead.starts_with(w)) {
                continue;
            }
            let serial_raw = clean(&serial_text);
            if let Some(number) = item_number(&serial_raw, self.bracketed_serials) {
                if !self.projects.is_empty() {
                    self.push_item(cells, row, Some(number));
                    continue;
                }
            }
            if goal.is_empty() && serial.is_none() {
                if self.has_own_figures(cells) || !self.text(cells, Role::Item).is_empty() {
                    self.push_item(cells, row, None);
                } else {
                    self.continue_previous(cells, row);
                }
                continue;
            }
            // A row with a goal but no 序号 under a numbered project, its
            // 序号 merged over it or its own rate given: a sub-item.
            if serial.is_none()
                && self.projects.last().is_some_and(|p| p.serial_no.is_some())
                && self.header.column(Role::Serial).is_some_and(|c| {
                    self.grid.merge_at(i, c).is_some() || self.has_own_figures(cells)
                })
            {
                self.push_item(cells, row, None);
                continue;
            }
            if goal.is_empty() {
                let col = self.header.column(Role::Goal);
                self.warn(
                    row,
                    col,
                    WarningCode::NoGoal,
                    format!("row has serial {serial_text} but no goal text; skipped"),
                );
                continue;
            }
            let mut record = self.record(cells, row, serial, goal);
            record.serial_mark = mark;
            record.category = Some(self.text(cells, Role::Category))
                .filter(|t| !t.is_empty())
                .or_else(|| self.category.clone());
            self.bracketed_serials = serial_raw.starts_with(['(', '（']);
            let item_name = self.text(cells, Role::Item);
            if !item_name.is_empty() {
                let item = self.item(cells, row, None, item_name, &record);
                record.items.push(item);
                if !self.rate_spans_block(i) {
                    self.row_is_item.push(self.projects.len());
                }
            }
            self.projects.push(record);
        }
        self.settle_items();
    }

    /// True when the row gives figures of its own: a rate, or the target
    /// and done a rate is computed from (a merged cell's rows below its
    /// first are blank, so they give none).
    fn has_own_figures(&self, cells: &[Cell]) -> bool {
        let given = |role| {
            self.header
                .column(role)
                .and_then(|c| cells.get(c))
                .is_some_and(|c| !c.is_blank())
        };
        given(Role::Rate)
            || (self.header.column(Role::Rate).is_none()
                && given(Role::Target)
                && given(Role::Done))
    }

    /// The rate cell of row `i` is merged down over the rows below: the
    /// project's rate, over its items' own.
    fn rate_spans_block(&self, i: usize) -> bool {
        self.header.column(Role::Rate).is_some_and(|c| {
            self.grid
                .merged
                .iter()
                .any(|m| m.top as usize == i && m.left as usize == c && m.bottom as usize > i)
        })
    }

    /// A sub-item read from `cells`, named `name`.
    fn item(
        &mut self,
        cells: &[Cell],
        row: u32,
        serial: Option<String>,
        name: String,
        project: &ProjectRecord,
    ) -> ItemRecord {
        let figure = |role| Some(self.text(cells, role)).filter(|t| !t.is_empty());
        let (target, done, measure) = (
            figure(Role::Target),
            figure(Role::Done),
            figure(Role::Measure),
        );
        let (rate, raw_rate) = if row == project.row {
            (project.rate, project.raw_rate.clone())
        } else {
            self.rate_of(cells, row)
        };
        ItemRecord {
            row,
            serial,
            name,
            units: self.units(cells),
            target,
            done,
            measure,
            rate,
            raw_rate,
        }
    }

    /// Row `row` as a sub-item of the project above: named by the
    /// sub-item column, else its goal or name text, else its number.
    fn push_item(&mut self, cells: &[Cell], row: u32, serial: Option<String>) {
        let Some(last) = self.projects.pop() else {
            return;
        };
        let name = [Role::Item, Role::Goal, Role::Name]
            .into_iter()
            .map(|r| self.text(cells, r))
            .find(|t| !t.is_empty())
            .or_else(|| serial.clone())
            .unwrap_or_else(|| format!("第{}项", last.items.len() + 1));
        let item = self.item(cells, row, serial, name, &last);
        self.projects.push(last);
        // Its units and progress text are the project's too.
        self.continue_previous(cells, row);
        if let Some(last) = self.projects.last_mut() {
            last.items.push(item);
        }
    }

    /// Each project with sub-items: a project row that is its own first
    /// item gives that item's rate, not the project's (unless it is the
    /// only item); a project the table gives no rate takes the mean of its
    /// items' (each at most 100), and says so.
    fn settle_items(&mut self) {
        for (i, p) in self.projects.iter_mut().enumerate() {
            if p.items.is_empty() {
                continue;
            }
            if p.items.len() > 1 && self.row_is_item.contains(&i) {
                p.rate = None;
                p.raw_rate.clear();
            }
            if p.rate.is_some() {
                continue;
            }
            let rates: Vec<f64> = p
                .items
                .iter()
                .filter_map(|it| it.rate.map(|r| r.min(100.0)))
                .collect();
            if rates.is_empty() {
                continue;
            }
            let mean = rates.iter().sum::<f64>() / rates.len() as f64;
            p.rate = Some((mean * 100.0).round() / 100.0);
            p.rate_from_items = true;
            let row = p.row;
            let empty = WarningCode::RateEmpty.as_str();
            self.warnings
                .retain(|w| !(w.row == Some(row) && w.code.as_deref() == Some(empty)));
        }
    }

    /// 完成率 from 年度目标 and 已完成 when a table gives those instead:
    /// done / target as a percent, with `done/target` as the text written.
    /// None when either is not a number (a text goal, say) or the target
    /// is not above 0.
    fn rate_from_figures(&self, cells: &[Cell]) -> Option<(RateReading, String)> {
        let figure = |role| -> Option<(f64, String)> {
            let cell = cells.get(self.header.column(role)?)?;
            let text = clean(&cell.text);
            let value = cell.number.or_else(|| text::leading_number(&text))?;
            Some((value, text))
        };
        let (target, target_text) = figure(Role::Target)?;
        let (done, done_text) = figure(Role::Done)?;
        if target <= 0.0 {
            return None;
        }
        let percent = (done / target * 100.0 * 100.0).round() / 100.0;
        let written = format!("{done_text}/{target_text}");
        Some(if (0.0..=text::MAX_RATE).contains(&percent) {
            (RateReading::Percent(percent), written)
        } else {
            (RateReading::OutOfRange(percent), written)
        })
    }

    /// A header printed again further down (a table over several pages):
    /// its goal cell names the goal column, or two of its cells say what
    /// one of the header's rows says in the same columns.
    fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        if self
            .header
            .column(Role::Goal)
            .and_then(|c| cells.get(c))
            .is_some_and(|c| role_of(&c.text) == Some(Role::Goal))
        {
            return true;
        }
        self.header_rows.iter().any(|words| {
            let same = words
                .iter()
                .filter(|(i, key)| {
                    cells
                        .get(*i)
                        .is_some_and(|c| !c.is_blank() && columns::header_key(&c.text) == *key)
                })
                .count();
            same >= 2 && same * 2 >= words.len()
        })
    }

    /// A row with no serial and no goal continues the project above it:
    /// one row per unit, with that unit's part of the progress text.
    fn continue_previous(&mut self, cells: &[Cell], row: u32) {
        let units = self.units(cells);
        let detail = self.text(cells, Role::Progress);
        let remarks = self.text(cells, Role::Remarks);
        let Some(last) = self.projects.last_mut() else {
            self.warn(
                row,
                None,
                WarningCode::StrayRow,
                "row has no serial and no goal and no project above it; skipped".into(),
            );
            return;
        };
        for u in units {
            if !last.units.contains(&u) {
                last.units.push(u);
            }
        }
        if !detail.is_empty() {
            if last.detail.is_empty() {
                last.summary = first_line(&detail);
                last.detail = detail;
            } else {
                last.detail = format!("{}\n{}", last.detail, detail);
            }
        }
        if !remarks.is_empty() {
            last.remarks = Some(match last.remarks.take() {
                Some(r) => format!("{r}\n{remarks}"),
                None => remarks,
            });
        }
    }

    /// The row's 完成率: read from its rate cell, or computed from its
    /// target and done figures when the table gives those instead; every
    /// doubt is a warning. Also the text as written.
    fn rate_of(&mut self, cells: &[Cell], row: u32) -> (Option<f64>, String) {
        let rate_col = self.header.column(Role::Rate);
        let rate_cell = rate_col
            .and_then(|c| cells.get(c))
            .cloned()
            .unwrap_or_default();
        let mut raw_rate = clean(&rate_cell.text);
        let fraction = self.rate_is_fraction || rate_cell.percent;
        let mut reading = parse_rate(&raw_rate, rate_cell.number, fraction);
        let figures = [Role::Target, Role::Done].map(|r| self.header.column(r));
        if let (None, [Some(target), Some(_)]) = (rate_col, figures) {
            match self.rate_from_figures(cells) {
                Some((computed, written)) => {
                    raw_rate = written;
                    reading = computed;
                }
                None => {
                    let shown = |c: Option<usize>| {
                        c.and_then(|c| cells.get(c))
                            .map(|cell| clean(&cell.text))
                            .unwrap_or_default()
                    };
                    let (t, d) = (shown(figures[0]), shown(figures[1]));
                    if !(t.is_empty() && d.is_empty()) {
                        self.warn(
                            row,
                            Some(target),
                            WarningCode::RateUnreadable,
                            format!("年度目标 '{t}' and 已完成 '{d}' are not two numbers with a target above 0; stored with no rate"),
                        );
                    }
                }
            }
        }
        let rate = match reading {
            RateReading::Percent(v) => Some(v),
            RateReading::Approximate(v, why) => {
                self.warn(
                    row,
                    rate_col,
                    WarningCode::RateApproximate,
                    format!("rate '{raw_rate}' is {why}; read as {v}%"),
                );
                Some(v)
            }
            RateReading::Blank => {
                if rate_col.is_some() {
                    self.warn(
                        row,
                        rate_col,
                        WarningCode::RateEmpty,
                        "rate is empty; stored with no rate".into(),
                    );
                }
                None
            }
            RateReading::OutOfRange(v) => {
                self.warn(row, rate_col, WarningCode::RateOutOfRange, format!("rate '{raw_rate}' ({v}) is outside 0..{}; stored with no rate, raw text kept", text::MAX_RATE));
                None
            }
            RateReading::Pace => {
                self.warn(
                    row,
                    rate_col,
                    WarningCode::RateUnreadable,
                    format!("rate '{raw_rate}' says the pace, not a figure; stored with no rate, the words kept"),
                );
                None
            }
            RateReading::Unreadable => {
                self.warn(
                    row,
                    rate_col,
                    WarningCode::RateUnreadable,
                    format!(
                        "rate '{raw_rate}' is not a number; stored with no rate, raw text kept"
                    ),
                );
                None
            }
        };
        (rate, raw_rate)
    }

    fn record(
        &mut self,
        cells: &[Cell],
        row: u32,
        serial: Option<i32>,
        goal: String,
    ) -> ProjectRecord {
        let (rate, raw_rate) = self.rate_of(cells, row);
        let detail = self.text(cells, Role::Progress);
        let remarks = self.text(cells, Role::Remarks);
        let name = match self.text(cells, Role::Name) {
            n if n.is_empty() => name_of(&goal),
            n => name_of(&n),
        };
        // The target, done and measure figures stay as other columns too.
        let known: Vec<usize> = self
            .header
            .roles
            .iter()
            .filter(|(_, r)| !matches!(r, Role::Target | Role::Done | Role::Measure))
            .map(|(c, _)| *c)
            .collect();
        let extra = self
            .header
            .labels
            .iter()
            .filter(|(c, _)| !known.contains(c))
            .filter_map(|(c, label)| {
                let text = cells.get(*c).map(|cell| clean(&cell.text))?;
                (!text.is_empty()).then(|| (label.clone(), text))
            })
            .collect();
        ProjectRecord {
            row,
            serial_no: serial,
            normalized_name: normalize_name(&name),
            name,
            goal,
            units: self.units(cells),
            rate,
            raw_rate,
            summary: first_line(&detail),
            detail,
            remarks: (!remarks.is_empty()).then_some(remarks),
            extra,
            serial_mark: None,
            category: None,
            items: Vec::new(),
            rate_from_items: false,
        }
    }
}
