//! ods: `content.xml`, read as it inflates. calamine expands
//! `number-rows-repeated` and `number-columns-repeated`, so what it would
//! expand each table to is counted first; `percentage` cells are noted.

use std::io::BufRead;

use quick_xml::events::Event;
use quick_xml::Reader as XmlReader;

use super::{attr, repeat, too_large, unreadable, PercentCells, MAX_EXPANDED_CELLS};
use crate::SheetError;

/// Counts what calamine will expand each ods table to, and notes its
/// percentage cells.
pub(super) fn scan_ods(content: impl BufRead) -> Result<PercentCells, SheetError> {
    let mut reader = XmlReader::from_reader(content);
    let mut buf = Vec::new();
    let mut percent = PercentCells::new();
    let mut table = String::new();
    // Rows up to the last non-empty one, widest non-empty row.
    let (mut row, mut width) = (0u64, 0u64);
    let (mut row_repeat, mut col, mut row_width) = (1u64, 0u64, 0u64);
    let mut cell: Option<(u64, bool)> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| unreadable("ods", e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    b"table:table" => {
                        table = attr(e, b"table:name").unwrap_or_default();
                        (row, width) = (0, 0);
                    }
                    b"table:table-row" => {
                        row_repeat = repeat(e, b"table:number-rows-repeated");
                        (col, row_width) = (0, 0);
                        if empty {
                            row += row_repeat;
                        }
                    }
                    b"table:table-cell" | b"table:covered-table-cell" => {
                        let reps = repeat(e, b"table:number-columns-repeated");
                        let typed = attr(e, b"office:value-type");
                        if typed.as_deref() == Some("percentage") && row < u64::from(u32::MAX) {
                            let set = percent.entry(table.clone()).or_default();
                            for c in col..(col + reps).min(col + 64) {
                                set.insert((row as u32, c as u32));
                            }
                        }
                        if typed.is_some() {
                            row_width = col + reps;
                        }
                        if empty {
                            col += reps;
                        } else {
                            cell = Some((reps, typed.is_some()));
                        }
                    }
                    b"text:p" => {
                        if let Some((reps, _)) = cell {
                            cell = Some((reps, true));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.name().as_ref() {
                b"table:table-cell" | b"table:covered-table-cell" => {
                    if let Some((reps, filled)) = cell.take() {
                        if filled {
                            row_width = col + reps;
                        }
                        col += reps;
                    }
                }
                b"table:table-row" => {
                    row += row_repeat;
                    if row_width > 0 {
                        width = width.max(row_width);
                        let cells = row.saturating_mul(width);
                        if cells > MAX_EXPANDED_CELLS {
                            return Err(too_large(&table, cells));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(percent)
}
