//! Looking at a file before calamine does, so that no file can make the
//! server allocate without bound or read a damaged archive to its end:
//!
//! - zip archives (xlsx, ods) are inflated once into nothing, counting, so a
//!   zip bomb is refused whatever its headers claim;
//! - ods rows and cells repeated by `number-rows-repeated` and
//!   `number-columns-repeated`, which calamine expands, are counted first;
//! - xls (BIFF in a compound file) cell positions are scanned, because
//!   calamine builds a dense grid spanning the first to the last cell;
//! - encrypted workbooks are told apart from damaged ones.
//!
//! Along the way it notes which cells are formatted as percent (xlsx styles,
//! ods `percentage` cells), which calamine does not report.

mod archive;
mod ods;
mod xls;
mod xlsx;

use std::collections::{HashMap, HashSet};

use quick_xml::events::BytesStart;

use super::SheetError;

/// Per sheet name, the (row, col) of cells formatted as percent.
pub type PercentCells = HashMap<String, HashSet<(u32, u32)>>;

/// Most cells calamine may expand a sheet to (xls grids, ods repeats).
pub const MAX_EXPANDED_CELLS: u64 = 2_000_000;
/// Most entries an archive may hold.
const MAX_ENTRIES: usize = 10_000;

/// The kind of workbook a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Legacy Excel (BIFF8 in a compound file).
    Xls,
    /// Office Open XML.
    Xlsx,
    /// OpenDocument.
    Ods,
    /// A Word document (its tables are read).
    Docx,
}

/// What the inspection found.
#[derive(Debug, Default)]
pub struct Inspected {
    /// The workbook kind, when the file is one.
    pub kind: Option<Kind>,
    /// Per sheet name, the (row, col) of cells formatted as percent.
    pub percent_cells: PercentCells,
    /// For xls: the workbook stream in a freshly written compound file, so
    /// calamine never follows the sector pointers of the original.
    pub clean_xls: Option<Vec<u8>>,
    /// For docx: its tables, read as `word/document.xml` inflated.
    pub tables: Vec<crate::workbook::Grid>,
}

/// Checks `bytes`; `max_unpacked` bounds what a zip may inflate to.
pub fn inspect(bytes: &[u8], max_unpacked: u64) -> Result<Inspected, SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::EmptyFile);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Inspected {
            kind: Some(Kind::Xls),
            clean_xls: Some(xls::inspect_cfb(bytes)?),
            ..Default::default()
        });
    }
    if bytes.starts_with(b"PK") {
        return archive::inspect_zip(bytes, max_unpacked);
    }
    Err(SheetError::NotASpreadsheet)
}

pub(crate) fn unreadable(format: &'static str, e: impl std::fmt::Display) -> SheetError {
    SheetError::Unreadable {
        format,
        detail: e.to_string(),
    }
}

pub(super) fn too_large(sheet: &str, cells: u64) -> SheetError {
    SheetError::TooManyCells {
        sheet: sheet.to_owned(),
        cells,
        limit: MAX_EXPANDED_CELLS,
    }
}

pub(super) fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| {
        let raw = String::from_utf8_lossy(&a.value);
        quick_xml::escape::unescape(&raw).map_or_else(|_| raw.to_string(), |v| v.into_owned())
    })
}

pub(super) fn repeat(e: &BytesStart<'_>, name: &[u8]) -> u64 {
    attr(e, name).and_then(|v| v.parse().ok()).unwrap_or(1)
}
