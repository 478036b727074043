//! The mark a period's form carries (the next period's form each unit is
//! sent): a hidden sheet of the form's scope, issuer, year, period, date
//! and unit, which Excel, WPS, LibreOffice and openpyxl keep when they
//! save. A table bearing it is a unit's return: imported, it merges into
//! its period's report instead of replacing it.

use chrono::NaiveDate;
use serde::Serialize;

use super::workbook::{Cell, Grid};

/// The name of the hidden sheet holding the mark.
pub const FORM_SHEET: &str = "shishi";
/// Its first cell, saying what the sheet is.
pub const FORM_HEADING: &str = "shishi 填报表标记（请勿修改或删除此工作表）";

/// Whose form a table is, and for which period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FormScope {
    /// The issuer ("" for the tables naming none).
    pub issuer: String,
    /// The year.
    pub year: i32,
    /// The period's label (三季度).
    pub period: String,
    /// The period's last day.
    pub as_of: NaiveDate,
    /// The unit the form was cut for; None for a form of every unit.
    pub unit: Option<String>,
}

impl FormScope {
    /// The mark's rows, as the form's hidden sheet writes them: the
    /// heading, then a key and its value per row.
    pub fn rows(&self) -> Vec<[String; 2]> {
        vec![
            [FORM_HEADING.to_owned(), String::new()],
            ["issuer".to_owned(), self.issuer.clone()],
            ["year".to_owned(), self.year.to_string()],
            ["period".to_owned(), self.period.clone()],
            ["asOf".to_owned(), self.as_of.to_string()],
            ["unit".to_owned(), self.unit.clone().unwrap_or_default()],
        ]
    }

    /// The mark read off a grid named [`FORM_SHEET`]; None when it is not
    /// one (a sheet of that name the office made itself, or damaged).
    pub fn read(grid: &Grid) -> Option<Self> {
        if grid.name != FORM_SHEET {
            return None;
        }
        let text = |c: &Cell| c.text.trim().to_owned();
        let first = grid.rows.first()?.first().map(text)?;
        if first != FORM_HEADING {
            return None;
        }
        let value = |key: &str| -> Option<String> {
            grid.rows.iter().find_map(|r| {
                (r.first().map(text).as_deref() == Some(key))
                    .then(|| r.get(1).map(text).unwrap_or_default())
            })
        };
        let year = value("year")?.parse().ok()?;
        let as_of = NaiveDate::parse_from_str(&value("asOf")?, "%Y-%m-%d").ok()?;
        Some(Self {
            issuer: value("issuer")?,
            year,
            period: value("period")?,
            as_of,
            unit: value("unit").filter(|u| !u.is_empty()),
        })
    }
}

/// Takes the form's mark out of `grids`: the sheet is no table.
pub fn take_mark(grids: &mut Vec<Grid>) -> Option<FormScope> {
    let at = grids.iter().position(|g| g.name == FORM_SHEET)?;
    let grid = grids.remove(at);
    FormScope::read(&grid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_reads_back() {
        let scope = FormScope {
            issuer: "章丘区".to_owned(),
            year: 2025,
            period: "三季度".to_owned(),
            as_of: NaiveDate::from_ymd_opt(2025, 9, 30).unwrap_or_default(),
            unit: Some("区教体局".to_owned()),
        };
        let mut grid = Grid::named(FORM_SHEET);
        for (r, [k, v]) in scope.rows().iter().enumerate() {
            let _ = grid.put(r as u32, 0, Cell::text(k.clone()));
            let _ = grid.put(r as u32, 1, Cell::text(v.clone()));
        }
        assert_eq!(FormScope::read(&grid), Some(scope));
        let mut other = Grid::named(FORM_SHEET);
        let _ = other.put(0, 0, Cell::text("备注"));
        assert_eq!(FormScope::read(&other), None);
    }
}
