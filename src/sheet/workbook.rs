//! Opening a workbook from bytes into plain grids of cells, with every size
//! guarded before calamine is asked to allocate.
//!
//! The format is told by the file's first bytes, not its name: CFB
//! (D0 CF 11 E0) is the legacy xls, a zip is xlsx or ods.

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsx};

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
}

impl Cell {
    /// True when the cell shows nothing.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// One worksheet as rows of cells (row 0 is spreadsheet row 1).
#[derive(Debug, Default)]
pub struct Grid {
    /// The worksheet's name.
    pub name: String,
    /// Rows, each as long as its last used cell.
    pub rows: Vec<Vec<Cell>>,
}

impl Grid {
    fn put(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), SheetError> {
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
            cells.resize_with(col + 1, Cell::default);
        }
        cells[col] = cell;
        Ok(())
    }
}

/// Reads every worksheet of the workbook in `bytes`.
pub fn read_grids(bytes: &[u8]) -> Result<Vec<Grid>, SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::EmptyFile);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| classify("xls", e))?;
        return read_ranges(&mut wb);
    }
    if bytes.starts_with(b"PK") {
        if is_ods(bytes) {
            let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| classify("ods", e))?;
            return read_ranges(&mut wb);
        }
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| classify("xlsx", e))?;
        return read_xlsx(&mut wb);
    }
    Err(SheetError::NotASpreadsheet)
}

/// An ods archive names its type in a first, uncompressed `mimetype` entry.
fn is_ods(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(128)];
    head.windows(46)
        .any(|w| w == b"application/vnd.oasis.opendocument.spreadsheet")
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
            rows: Vec::new(),
        };
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| classify("xlsx", e))?;
        while let Some(cell) = reader.next_cell().map_err(|e| classify("xlsx", e))? {
            let (row, col) = cell.get_position();
            grid.put(row, col, from_data_ref(cell.get_value()))?;
        }
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
            rows: Vec::new(),
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

fn from_data(d: &Data) -> Cell {
    match d {
        Data::Int(i) => Cell {
            text: i.to_string(),
            number: Some(*i as f64),
        },
        Data::Float(f) => Cell {
            text: number_text(*f),
            number: Some(*f),
        },
        Data::String(s) => Cell {
            text: s.clone(),
            number: None,
        },
        Data::Bool(b) => Cell {
            text: b.to_string(),
            number: None,
        },
        Data::DateTime(dt) => Cell {
            text: number_text(dt.as_f64()),
            number: None,
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell {
            text: s.clone(),
            number: None,
        },
        Data::Error(_) | Data::Empty => Cell::default(),
    }
}

fn from_data_ref(d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::SharedString(s) => Cell {
            text: (*s).to_owned(),
            number: None,
        },
        other => from_data(&Data::from(other.clone())),
    }
}
