//! xls: BIFF records in a compound file. calamine builds a dense grid from
//! the first to the last cell and reserves what DIMENSIONS declares, so
//! both are bounded here; the workbook stream is re-packed into a fresh
//! compound file so calamine never follows the original's sector pointers.

use std::io::{Cursor, Read};

use super::{too_large, unreadable, MAX_EXPANDED_CELLS};
use crate::SheetError;

/// A compound file: an encrypted OOXML package, or an xls workbook whose
/// cell span is bounded; returns the workbook stream re-packed.
pub(super) fn inspect_cfb(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| unreadable("xls", e))?;
    if cfb.exists("/EncryptedPackage") || cfb.exists("/EncryptionInfo") {
        return Err(SheetError::PasswordProtected);
    }
    if cfb.is_stream("/WordDocument") {
        return Err(SheetError::UnsupportedFormat {
            format: ".doc".to_owned(),
        });
    }
    let path = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|p| cfb.is_stream(p))
        .ok_or(SheetError::NotASpreadsheet)?;
    let len = cfb
        .entry(path)
        .map(|e| e.len())
        .map_err(|e| unreadable("xls", e))?;
    if len > bytes.len() as u64 {
        return Err(unreadable("xls", "a stream is longer than the file"));
    }
    let mut stream = Vec::new();
    cfb.open_stream(path)
        .and_then(|s| s.take(len).read_to_end(&mut stream))
        .map_err(|e| unreadable("xls", e))?;
    scan_biff(&stream)?;
    repack(&stream).map_err(|e| unreadable("xls", e))
}

fn repack(stream: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    // Version 3: calamine refuses a version 4 root entry without a mini stream.
    let mut out =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    out.create_stream("/Workbook")?.write_all(stream)?;
    out.flush()?;
    Ok(out.into_inner().into_inner())
}

/// One BIFF record: type and data.
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = (u16, &[u8])> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        let head = stream.get(pos..pos + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((kind, data))
    })
}

fn le16(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 2)
        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn le32(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Walks the BIFF records as calamine will: the globals (refusing an
/// encrypted workbook), then each sheet from where its BOUNDSHEET record
/// says it starts, bounding both its declared dimensions (calamine reserves
/// them) and the span of its cells (calamine builds a dense grid of it).
fn scan_biff(stream: &[u8]) -> Result<(), SheetError> {
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for (kind, data) in records(stream, 0) {
        match kind {
            0x002F if le16(data, 0) != Some(0) => return Err(SheetError::PasswordProtected),
            0x0085 => {
                if let Some(pos) = le32(data, 0) {
                    sheets.push((pos as usize, boundsheet_name(data)));
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    for (pos, name) in sheets {
        scan_sheet(stream, pos, &name)?;
    }
    Ok(())
}

fn scan_sheet(stream: &[u8], pos: usize, name: &str) -> Result<(), SheetError> {
    let mut span: Option<(u32, u32, u32, u32)> = None;
    for (kind, data) in records(stream, pos) {
        match kind {
            0x000A => break,
            0x0200 => {
                let (first_row, last_row, first_col, last_col) = match data.len() {
                    10 => (le16(data, 0), le16(data, 2), le16(data, 4), le16(data, 6)),
                    14 => (le32(data, 0), le32(data, 4), le16(data, 8), le16(data, 10)),
                    _ => continue,
                };
                let (Some(rf), Some(rl), Some(cf), Some(cl)) =
                    (first_row, last_row, first_col, last_col)
                else {
                    continue;
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    let rows = (rl - 1).checked_sub(rf).ok_or_else(|| {
                        unreadable(
                            "xls",
                            format!("sheet '{name}' declares rows ending before they start"),
                        )
                    })?;
                    let cols = (cl - 1).checked_sub(cf).ok_or_else(|| {
                        unreadable(
                            "xls",
                            format!("sheet '{name}' declares columns ending before they start"),
                        )
                    })?;
                    let cells = (u64::from(rows) + 1) * (u64::from(cols) + 1);
                    if cells > MAX_EXPANDED_CELLS {
                        return Err(too_large(name, cells));
                    }
                }
            }
            // FORMULA, LABELSST, NUMBER, RK, LABEL, BOOLERR, RSTRING,
            // MULRK: row and first column lead the record.
            0x0006 | 0x00FD | 0x0203 | 0x027E | 0x0204 | 0x0205 | 0x00D6 | 0x00BD | 0x0201
            | 0x00BE => {
                if let (Some(row), Some(col)) = (le16(data, 0), le16(data, 2)) {
                    let last_col = if matches!(kind, 0x00BD | 0x00BE) && data.len() >= 6 {
                        le16(data, data.len() - 2).unwrap_or(col).max(col)
                    } else {
                        col
                    };
                    span = Some(match span {
                        None => (row, row, col, last_col),
                        Some((r0, r1, c0, c1)) => {
                            (r0.min(row), r1.max(row), c0.min(col), c1.max(last_col))
                        }
                    });
                }
            }
            _ => {}
        }
    }
    if let Some((r0, r1, c0, c1)) = span {
        let cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
        if cells > MAX_EXPANDED_CELLS {
            return Err(too_large(name, cells));
        }
    }
    Ok(())
}

/// The sheet name of a BOUNDSHEET record: a byte count, a flag, then Latin-1
/// or UTF-16LE characters.
fn boundsheet_name(data: &[u8]) -> String {
    let (Some(&count), Some(&flags)) = (data.get(6), data.get(7)) else {
        return String::new();
    };
    let chars = data.get(8..).unwrap_or(&[]);
    if flags & 1 == 1 {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(count as usize)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars
            .iter()
            .take(count as usize)
            .map(|&b| char::from(b))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    #[test]
    fn biff_spans() {
        // Globals: BOF, BOUNDSHEET "S" at the sheet's offset, EOF; then the
        // sheet: BOF, NUMBER at A1 and IV65536, EOF.
        let sheet_at = |offset: u32| {
            let mut bs = offset.to_le_bytes().to_vec();
            bs.extend_from_slice(&[0, 0, 1, 0, b'S']);
            bs
        };
        let globals_len = record(0x0809, &[0; 4]).len() + record(0x0085, &sheet_at(0)).len() + 4;
        let mut s = record(0x0809, &[0; 4]);
        s.extend(record(0x0085, &sheet_at(globals_len as u32)));
        s.extend(record(0x000A, &[]));
        let small = s.clone();
        s.extend(record(0x0809, &[0; 4]));
        for (row, col) in [(0u16, 0u16), (65535, 255)] {
            let mut d = row.to_le_bytes().to_vec();
            d.extend_from_slice(&col.to_le_bytes());
            d.extend_from_slice(&[0; 10]);
            s.extend(record(0x0203, &d));
        }
        s.extend(record(0x000A, &[]));
        assert!(
            matches!(scan_biff(&s), Err(SheetError::TooManyCells { ref sheet, .. }) if sheet == "S")
        );
        assert!(scan_biff(&small).is_ok());
        let filepass = record(0x002F, &[1, 0]);
        assert!(matches!(
            scan_biff(&filepass),
            Err(SheetError::PasswordProtected)
        ));
        // DIMENSIONS claiming 4 billion rows.
        let mut dims = small.clone();
        dims.truncate(globals_len);
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend_from_slice(&u32::MAX.to_le_bytes());
        d.extend_from_slice(&[0, 0, 10, 0, 0, 0]);
        dims.extend(record(0x0809, &[0; 4]));
        dims.extend(record(0x0200, &d));
        assert!(matches!(
            scan_biff(&dims),
            Err(SheetError::TooManyCells { .. })
        ));
    }
}
