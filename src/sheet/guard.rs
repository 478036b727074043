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

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::SheetError;

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
}

/// What the inspection found.
#[derive(Debug, Default)]
pub struct Inspected {
    /// The workbook kind, when the file is one.
    pub kind: Option<Kind>,
    /// Per sheet name, the (row, col) of cells formatted as percent.
    pub percent_cells: HashMap<String, HashSet<(u32, u32)>>,
    /// For xls: the workbook stream in a freshly written compound file, so
    /// calamine never follows the sector pointers of the original.
    pub clean_xls: Option<Vec<u8>>,
}

/// Checks `bytes`; `max_unpacked` bounds what a zip may inflate to.
pub fn inspect(bytes: &[u8], max_unpacked: u64) -> Result<Inspected, SheetError> {
    if bytes.is_empty() {
        return Err(SheetError::EmptyFile);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Inspected {
            kind: Some(Kind::Xls),
            clean_xls: Some(inspect_cfb(bytes)?),
            ..Default::default()
        });
    }
    if bytes.starts_with(b"PK") {
        return inspect_zip(bytes, max_unpacked);
    }
    Err(SheetError::NotASpreadsheet)
}

fn unreadable(format: &'static str, e: impl std::fmt::Display) -> SheetError {
    SheetError::Unreadable {
        format,
        detail: e.to_string(),
    }
}

fn too_large(sheet: &str, cells: u64) -> SheetError {
    SheetError::TooManyCells {
        sheet: sheet.to_owned(),
        cells,
        limit: MAX_EXPANDED_CELLS,
    }
}

/// A compound file: an encrypted OOXML package, or an xls workbook whose
/// cell span is bounded; returns the workbook stream re-packed.
fn inspect_cfb(bytes: &[u8]) -> Result<Vec<u8>, SheetError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| unreadable("xls", e))?;
    if cfb.exists("/EncryptedPackage") || cfb.exists("/EncryptionInfo") {
        return Err(SheetError::PasswordProtected);
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

/// Inflates every entry into nothing, counting; then tells xlsx from ods
/// and reads what calamine would expand.
fn inspect_zip(bytes: &[u8], max_unpacked: u64) -> Result<Inspected, SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable("zip", e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(SheetError::ArchiveTooLarge {
            limit: max_unpacked,
        });
    }
    let mut names = Vec::with_capacity(zip.len());
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| unreadable("zip", e))?;
        names.push(entry.name().to_owned());
        let room = max_unpacked.saturating_sub(total);
        let n = std::io::copy(&mut (&mut entry).take(room + 1), &mut std::io::sink())
            .map_err(|e| unreadable("zip", e))?;
        total += n;
        if total > max_unpacked {
            return Err(SheetError::ArchiveTooLarge {
                limit: max_unpacked,
            });
        }
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("content.xml")
        && read_entry(&mut zip, "mimetype")?
            .starts_with(b"application/vnd.oasis.opendocument.spreadsheet")
    {
        let content = read_entry(&mut zip, "content.xml")?;
        let percent_cells = scan_ods(&content)?;
        return Ok(Inspected {
            kind: Some(Kind::Ods),
            percent_cells,
            clean_xls: None,
        });
    }
    if has("xl/workbook.xml") {
        return Ok(Inspected {
            kind: Some(Kind::Xlsx),
            percent_cells: xlsx_percent_cells(&mut zip).unwrap_or_default(),
            clean_xls: None,
        });
    }
    Err(SheetError::NotASpreadsheet)
}

fn read_entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, SheetError> {
    let mut out = Vec::new();
    match zip.by_name(name) {
        Ok(mut e) => {
            e.read_to_end(&mut out).map_err(|e| unreadable("zip", e))?;
            Ok(out)
        }
        Err(zip::result::ZipError::FileNotFound) => Ok(out),
        Err(e) => Err(unreadable("zip", e)),
    }
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| {
        let raw = String::from_utf8_lossy(&a.value);
        quick_xml::escape::unescape(&raw).map_or_else(|_| raw.to_string(), |v| v.into_owned())
    })
}

fn repeat(e: &BytesStart<'_>, name: &[u8]) -> u64 {
    attr(e, name).and_then(|v| v.parse().ok()).unwrap_or(1)
}

/// Counts what calamine will expand each ods table to, and notes its
/// percentage cells.
fn scan_ods(content: &[u8]) -> Result<HashMap<String, HashSet<(u32, u32)>>, SheetError> {
    let mut reader = XmlReader::from_reader(content);
    let mut buf = Vec::new();
    let mut percent: HashMap<String, HashSet<(u32, u32)>> = HashMap::new();
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

/// Cells whose number format shows a percent, per sheet name.
fn xlsx_percent_cells(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
) -> Result<HashMap<String, HashSet<(u32, u32)>>, SheetError> {
    let styles = read_entry(zip, "xl/styles.xml")?;
    let percent_styles = percent_style_ids(&styles)?;
    let mut out = HashMap::new();
    if percent_styles.is_empty() {
        return Ok(out);
    }
    let workbook = read_entry(zip, "xl/workbook.xml")?;
    let rels = read_entry(zip, "xl/_rels/workbook.xml.rels")?;
    let targets = relationship_targets(&rels)?;
    for (name, rid) in sheet_ids(&workbook)? {
        let Some(target) = targets.get(&rid) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_owned(),
            None => format!("xl/{target}"),
        };
        let xml = read_entry(zip, &path)?;
        out.insert(name, percent_positions(&xml, &percent_styles)?);
    }
    Ok(out)
}

fn each_start(xml: &[u8], mut f: impl FnMut(&BytesStart<'_>)) -> Result<(), SheetError> {
    let mut reader = XmlReader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| unreadable("xlsx", e))?
        {
            Event::Start(ref e) | Event::Empty(ref e) => f(e),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// Indices of `cellXfs` entries whose number format shows a percent: the
/// built-in formats 9 and 10, and custom formats with a % outside quotes.
fn percent_style_ids(styles: &[u8]) -> Result<HashSet<u32>, SheetError> {
    let mut custom = HashSet::new();
    let mut ids = HashSet::new();
    let mut in_xfs = false;
    let mut index = 0u32;
    let mut reader = XmlReader::from_reader(styles);
    let mut buf = Vec::new();
    loop {
        match reader
            .read_event_into(&mut buf)
            .map_err(|e| unreadable("xlsx", e))?
        {
            Event::Start(ref e) | Event::Empty(ref e) => match e.local_name().as_ref() {
                b"numFmt" => {
                    let code = attr(e, b"formatCode").unwrap_or_default();
                    let unquoted: String = code.split('"').step_by(2).collect();
                    if unquoted.contains('%') {
                        if let Some(id) = attr(e, b"numFmtId").and_then(|v| v.parse::<u32>().ok()) {
                            custom.insert(id);
                        }
                    }
                }
                b"cellXfs" => in_xfs = true,
                b"xf" if in_xfs => {
                    let fmt = attr(e, b"numFmtId")
                        .and_then(|v| v.parse::<u32>().ok())
                        .unwrap_or(0);
                    if fmt == 9 || fmt == 10 || custom.contains(&fmt) {
                        ids.insert(index);
                    }
                    index += 1;
                }
                _ => {}
            },
            Event::End(ref e) if e.local_name().as_ref() == b"cellXfs" => in_xfs = false,
            Event::Eof => return Ok(ids),
            _ => {}
        }
        buf.clear();
    }
}

fn relationship_targets(rels: &[u8]) -> Result<HashMap<String, String>, SheetError> {
    let mut out = HashMap::new();
    each_start(rels, |e| {
        if e.local_name().as_ref() == b"Relationship" {
            if let (Some(id), Some(target)) = (attr(e, b"Id"), attr(e, b"Target")) {
                out.insert(id, target);
            }
        }
    })?;
    Ok(out)
}

fn sheet_ids(workbook: &[u8]) -> Result<Vec<(String, String)>, SheetError> {
    let mut out = Vec::new();
    each_start(workbook, |e| {
        if e.local_name().as_ref() == b"sheet" {
            if let (Some(name), Some(rid)) = (attr(e, b"name"), attr(e, b"r:id")) {
                out.push((name, rid));
            }
        }
    })?;
    Ok(out)
}

/// (row, col) of `<c r=".." s="..">` cells with a percent style.
fn percent_positions(
    sheet: &[u8],
    styles: &HashSet<u32>,
) -> Result<HashSet<(u32, u32)>, SheetError> {
    let mut out = HashSet::new();
    each_start(sheet, |e| {
        if e.local_name().as_ref() != b"c" {
            return;
        }
        let percent = attr(e, b"s")
            .and_then(|s| s.parse::<u32>().ok())
            .is_some_and(|s| styles.contains(&s));
        if let Some(pos) = percent
            .then(|| attr(e, b"r"))
            .flatten()
            .and_then(|r| cell_ref(&r))
        {
            out.insert(pos);
        }
    })?;
    Ok(out)
}

/// "E5" -> (4, 4).
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let mut col = 0u32;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col
            .checked_mul(26)?
            .checked_add(c as u32 - 'A' as u32 + 1)?;
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs() {
        assert_eq!(cell_ref("A1"), Some((0, 0)));
        assert_eq!(cell_ref("E5"), Some((4, 4)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_ref("5"), None);
        assert_eq!(cell_ref("A0"), None);
    }

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
