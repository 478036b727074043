//! xlsx: which cells are formatted as percent (calamine does not say). The
//! styles, workbook and relationships are read first (they are small); each
//! sheet is then scanned as it inflates, in the archive's one pass.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::{attr, unreadable};
use crate::SheetError;

/// The archive path of each sheet, by sheet name.
pub(super) fn sheet_paths(
    workbook: &[u8],
    rels: &[u8],
) -> Result<Vec<(String, String)>, SheetError> {
    let targets = relationship_targets(rels)?;
    Ok(sheet_ids(workbook)?
        .into_iter()
        .filter_map(|(name, rid)| {
            let target = targets.get(&rid)?;
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_owned(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect())
}

fn each_start(xml: impl BufRead, mut f: impl FnMut(&BytesStart<'_>)) -> Result<(), SheetError> {
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
pub(super) fn percent_style_ids(styles: &[u8]) -> Result<HashSet<u32>, SheetError> {
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

/// (row, col) of `<c r=".." s="..">` cells with a percent style, read as
/// the sheet inflates.
pub(super) fn percent_positions(
    sheet: impl BufRead,
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
}
