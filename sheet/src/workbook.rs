//! Opening a workbook from bytes into plain grids of cells. [`super::guard`]
//! has looked at the file first; here xlsx is streamed cell by cell and the
//! grid itself is bounded.
//!
//! The format is told by the file's content, not its name.

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsx};

use super::guard::{inspect, Kind, MAX_EXPANDED_CELLS};
use super::SheetError;

/// Most rows a table may have; past it the file is refused.
pub const MAX_ROWS: u32 = 200_000;
/// Columns past this one are ignored (tracking tables have a handful).
pub const MAX_COLS: u32 = 64;

/// One cell's content.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// The text as shown (numbers printed without trailing zeros).
    pub text: String,
    /// The numeric value, when the cell holds a number.
    pub number: Option<f64>,
    /// The cell is formatted as a percent (0.52 shows as 52%).
    pub percent: bool,
}

impl Cell {
    /// A cell of text alone (html and docx cells carry no number type).
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            number: None,
            percent: false,
        }
    }

    /// True when the cell shows nothing.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A merged range of cells (0-based, inclusive); its text is in its first
/// cell, as every format writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Merge {
    /// First row.
    pub top: u32,
    /// First column.
    pub left: u32,
    /// Last row.
    pub bottom: u32,
    /// Last column.
    pub right: u32,
}

/// One worksheet (or an HTML or Word table) as rows of cells (row 0 is
/// spreadsheet row 1), with its merged ranges: the one model every
/// format's reader gives the recognizer.
#[derive(Debug, Default)]
pub struct Grid {
    /// The worksheet's name.
    pub name: String,
    /// Rows, each as long as its last used cell.
    pub rows: Vec<Vec<Cell>>,
    /// Merged ranges, when the format says (xlsx, xls, html, docx).
    pub merged: Vec<Merge>,
    /// Cell slots allocated so far, bounded by [`MAX_EXPANDED_CELLS`].
    slots: u64,
}

impl Grid {
    /// An empty grid named `name`.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// The merged range covering (`row`, `col`) other than at its first
    /// cell, if any.
    pub fn merge_at(&self, row: usize, col: usize) -> Option<Merge> {
        let (row, col) = (row as u32, col as u32);
        self.merged
            .iter()
            .find(|m| {
                (m.top..=m.bottom).contains(&row)
                    && (m.left..=m.right).contains(&col)
                    && (row, col) != (m.top, m.left)
            })
            .copied()
    }

    /// Most merged ranges kept; past it the rest are ignored (the header
    /// reader falls back to reading blank cells).
    pub const MAX_MERGES: usize = 10_000;

    /// Keeps the merged ranges a workbook lists (the first
    /// [`Self::MAX_MERGES`]; ranges past [`MAX_COLS`] or [`MAX_ROWS`] are
    /// cut to the grid).
    fn keep_merges(&mut self, merges: Vec<calamine::Dimensions>) {
        self.merged.extend(
            merges
                .into_iter()
                .filter(|d| d.start.0 < MAX_ROWS && d.start.1 < MAX_COLS)
                .take(Self::MAX_MERGES)
                .map(|d| Merge {
                    top: d.start.0,
                    left: d.start.1,
                    bottom: d.end.0.min(MAX_ROWS - 1),
                    right: d.end.1.min(MAX_COLS - 1),
                }),
        );
    }

    /// A table read from a page or a document (html, docx) as a grid: its
    /// title in the first row, then its rows of (column, cell), its merged
    /// ranges moved down one row and clipped to the rows it has (a
    /// `rowspan` past the table's end reaches no further, as in browsers).
    pub fn titled(
        name: String,
        title: &str,
        rows: Vec<Vec<(u32, Cell)>>,
        merged: Vec<Merge>,
    ) -> Result<Self, SheetError> {
        let mut grid = Self::named(name);
        grid.put(0, 0, Cell::text(title))?;
        let last = (rows.len() as u32).saturating_sub(1);
        for (r, cells) in rows.into_iter().enumerate() {
            for (c, cell) in cells {
                grid.put(r as u32 + 1, c, cell)?;
            }
        }
        grid.merged = merged
            .into_iter()
            .filter(|m| m.top <= last)
            .take(Self::MAX_MERGES)
            .map(|m| Merge {
                top: m.top + 1,
                bottom: m.bottom.min(last) + 1,
                ..m
            })
            .collect();
        Ok(grid)
    }

    /// Puts `cell` at (`row`, `col`), bounded as every reader's grid is.
    pub fn put(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), SheetError> {
        if row >= MAX_ROWS {
            return Err(SheetError::TooLarge {
                sheet: self.name.clone(),
                rows: MAX_ROWS,
            });
        }
        if col >= MAX_COLS || cell.is_blank() {
            return Ok(());
        }
        let (row, col) = (row as usize, col as usize);
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= col {
            self.slots += (col + 1 - cells.len()) as u64;
            if self.slots > MAX_EXPANDED_CELLS {
                return Err(SheetError::TooManyCells {
                    sheet: self.name.clone(),
                    cells: self.slots,
                    limit: MAX_EXPANDED_CELLS,
                });
            }
            // Exactly as wide as needed: growing by doubling would leave a
            // five-column row with room for eight cells, and a table of
            // 150,000 rows with 20 MB of empty slots.
            cells.reserve_exact(col + 1 - cells.len());
            cells.resize_with(col + 1, Cell::default);
        }
        cells[col] = cell;
        Ok(())
    }
}

/// Reads every worksheet of the workbook in `bytes`; a zip may inflate to
/// `max_unpacked` bytes at most.
pub fn read_grids(bytes: &[u8], max_unpacked: u64) -> Result<Vec<Grid>, SheetError> {
    if super::html::looks_like_html(bytes) {
        return super::html::read_html(bytes);
    }
    let mut inspected = inspect(bytes, max_unpacked)?;
    if inspected.kind == Some(Kind::Docx) {
        return Ok(std::mem::take(&mut inspected.tables));
    }
    // calamine indexes into records it trusts; a damaged file can make it
    // panic (the fuzz test found short xls records doing so). Allocation is
    // bounded by the guard, so what is left to catch unwinds.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_workbook(bytes, &inspected)
    }));
    let mut grids = match read {
        Ok(grids) => grids?,
        Err(_) => {
            return Err(SheetError::Unreadable {
                format: match inspected.kind {
                    Some(Kind::Xls) => "xls",
                    Some(Kind::Ods) => "ods",
                    _ => "xlsx",
                },
                detail: "the reader stopped on damaged data".to_owned(),
            })
        }
    };
    for grid in &mut grids {
        if let Some(cells) = inspected.percent_cells.get(&grid.name) {
            for &(row, col) in cells {
                if let Some(cell) = grid
                    .rows
                    .get_mut(row as usize)
                    .and_then(|r| r.get_mut(col as usize))
                {
                    cell.percent = true;
                }
            }
        }
    }
    Ok(grids)
}

fn read_workbook(
    bytes: &[u8],
    inspected: &super::guard::Inspected,
) -> Result<Vec<Grid>, SheetError> {
    let grids = match inspected.kind {
        Some(Kind::Xls) => {
            let clean = inspected.clean_xls.as_deref().unwrap_or(bytes);
            let mut wb: Xls<_> = Xls::new(Cursor::new(clean)).map_err(|e| classify("xls", e))?;
            let mut grids = read_ranges(&mut wb)?;
            for grid in &mut grids {
                let merges = wb.merge_cells_by_sheet_name(&grid.name).unwrap_or_default();
                grid.keep_merges(merges);
            }
            grids
        }
        Some(Kind::Ods) => {
            let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| classify("ods", e))?;
            read_ranges(&mut wb)?
        }
        Some(Kind::Xlsx) => {
            let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| classify("xlsx", e))?;
            read_xlsx(&mut wb)?
        }
        // Read by the guard as the document inflated.
        Some(Kind::Docx) => Vec::new(),
        None => return Err(SheetError::NotASpreadsheet),
    };
    Ok(grids)
}

fn classify(format: &'static str, err: impl std::fmt::Display) -> SheetError {
    let detail = err.to_string();
    if detail.to_lowercase().contains("password") || detail.contains("encrypt") {
        SheetError::PasswordProtected
    } else {
        SheetError::Unreadable { format, detail }
    }
}

/// xlsx is streamed cell by cell: its declared dimensions are never trusted,
/// so a sheet claiming cells at XFD1048576 costs nothing.
fn read_xlsx<R: std::io::Read + std::io::Seek>(wb: &mut Xlsx<R>) -> Result<Vec<Grid>, SheetError> {
    let names = wb.sheet_names();
    let mut grids = Vec::with_capacity(names.len());
    for name in names {
        let mut grid = Grid {
            name: name.clone(),
            ..Grid::default()
        };
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| classify("xlsx", e))?;
        while let Some(cell) = reader.next_cell().map_err(|e| classify("xlsx", e))? {
            let (row, col) = cell.get_position();
            grid.put(row, col, from_data_ref(cell.get_value()))?;
        }
        drop(reader);
        // A damaged merge list only costs the header's group words.
        let merges = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
        grid.keep_merges(merges);
        grids.push(grid);
    }
    Ok(grids)
}

fn read_ranges<R, W>(wb: &mut W) -> Result<Vec<Grid>, SheetError>
where
    R: std::io::Read + std::io::Seek,
    W: Reader<R>,
    W::Error: std::fmt::Display,
{
    let names = wb.sheet_names();
    let mut grids = Vec::with_capacity(names.len());
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| classify("spreadsheet", e))?;
        let mut grid = Grid {
            name,
            ..Grid::default()
        };
        for (row, col, data) in range.used_cells() {
            let (Ok(row), Ok(col)) = (u32::try_from(row), u32::try_from(col)) else {
                continue;
            };
            let (top, left) = range.start().unwrap_or((0, 0));
            grid.put(top + row, left + col, from_data(data))?;
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn text_cell(text: String) -> Cell {
    Cell {
        text,
        ..Cell::default()
    }
}

fn number_cell(value: f64) -> Cell {
    Cell {
        text: number_text(value),
        number: Some(value),
        percent: false,
    }
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Int(i) => number_cell(*i as f64),
        Data::Float(f) => number_cell(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => text_cell(s.clone()),
        Data::Bool(b) => text_cell(b.to_string()),
        Data::DateTime(dt) => text_cell(number_text(dt.as_f64())),
        Data::Error(_) | Data::Empty => Cell::default(),
    }
}

fn from_data_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::SharedString(s) => text_cell((*s).to_owned()),
        other => from_data(&Data::from(other.clone())),
    }
}
