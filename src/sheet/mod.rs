//! Reading tracking tables: workbook bytes -> rows -> typed records.
//!
//! Nothing here touches the database: the result is a [`ParsedTable`] that
//! `ingest` writes, or a [`SheetError`] that says what is wrong with the file
//! and what to do about it.

mod columns;
mod guard;
mod issuer;
mod period;
mod text;
mod workbook;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::ProgressStatus;
use columns::{find_header, role_of, Header};
pub use columns::{Mapping, Role};
pub use issuer::issuer_in;
pub use period::{parse_period, parse_year, year_argument, Period};
pub use text::normalize_name as normalize_project_name;
use text::{
    clean, first_line, name_of, normalize_name, parse_rate, parse_serial, split_units, RateReading,
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
    /// Derived from the rate.
    pub status: ProgressStatus,
    /// First line of 进展情况.
    pub summary: String,
    /// 进展情况, the whole text.
    pub detail: String,
    /// 备注.
    pub remarks: Option<String>,
    /// Other columns: header -> text.
    pub extra: Vec<(String, String)>,
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
    let grids = read_grids(bytes, options.max_unpacked_bytes)?;
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
    let title = title_of(&first, first_header.row);
    let (year, period) =
        year_and_period(&title, &period_places(&first, first_header.row), options)?;
    let issuer = issuer_of(&title, options)?;
    let mut sheets = vec![first.name.clone()];
    let mut part = read_sheet(first, &first_header)?;
    let mut projects = std::mem::take(&mut part.projects);
    let mut warnings = std::mem::take(&mut part.warnings);
    for (grid, header) in tables {
        let own_title = title_of(&grid, header.row);
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
    Ok(ParsedTable {
        title,
        issuer,
        year,
        period,
        sheet: sheets.join(", "),
        projects,
        warnings,
    })
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
            held.status = p.status;
        }
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
const FOOTER_WORDS: [&str; 5] = ["注", "备注", "说明", "填报人", "审核人"];

/// Walks the rows under the header, building project records.
struct RowReader<'a> {
    grid: &'a Grid,
    header: &'a Header,
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
        // At most one project per row: reserved once, not grown by doubling.
        let rows = rows.len().saturating_sub(header.row + 1);
        Self {
            grid,
            header,
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
            let serial = serial_cell.and_then(|c| parse_serial(&c.text, c.number));
            if serial.is_none() && FOOTER_WORDS.iter().any(|w| lead.starts_with(w)) {
                continue;
            }
            if goal.is_empty() && serial.is_none() {
                self.continue_previous(cells, row);
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
            let record = self.record(cells, row, serial, goal);
            self.projects.push(record);
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
        Some(if (0.0..=100.0).contains(&percent) {
            (RateReading::Percent(percent), written)
        } else {
            (RateReading::OutOfRange(percent), written)
        })
    }

    fn is_repeated_header(&self, cells: &[Cell]) -> bool {
        self.header
            .column(Role::Goal)
            .and_then(|c| cells.get(c))
            .is_some_and(|c| role_of(&c.text) == Some(Role::Goal))
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

    fn record(
        &mut self,
        cells: &[Cell],
        row: u32,
        serial: Option<i32>,
        goal: String,
    ) -> ProjectRecord {
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
                self.warn(row, rate_col, WarningCode::RateOutOfRange, format!("rate '{raw_rate}' ({v}) is outside 0..100; stored with no rate, raw text kept"));
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
        let detail = self.text(cells, Role::Progress);
        let remarks = self.text(cells, Role::Remarks);
        let name = match self.text(cells, Role::Name) {
            n if n.is_empty() => name_of(&goal),
            n => name_of(&n),
        };
        // The target and done figures stay as other columns too.
        let known: Vec<usize> = self
            .header
            .roles
            .iter()
            .filter(|(_, r)| !matches!(r, Role::Target | Role::Done))
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
            status: ProgressStatus::from_rate(rate),
            summary: first_line(&detail),
            detail,
            remarks: (!remarks.is_empty()).then_some(remarks),
            extra,
        }
    }
}
