//! Reading tracking tables: workbook bytes -> rows -> typed records.
//!
//! Nothing here touches the database: the result is a [`ParsedTable`] that
//! `ingest` writes, or a [`SheetError`] that says what is wrong with the file
//! and what to do about it.

mod columns;
mod docx;
mod error;
mod form;
mod guard;
mod html;
mod issuer;
mod model;
mod period;
#[cfg(test)]
mod published;
mod rows;
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

pub use error::SheetError;
pub use model::{ItemRecord, ParsedTable, ProjectRecord, Warning, WarningCode};
use rows::{check_identity, read_sheet};

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
