//! zip archives (xlsx, ods): every entry is inflated once, counting, so a
//! zip bomb is refused whatever its headers claim. The entries that matter
//! are read in that same pass as they inflate: ods `content.xml` and each
//! xlsx sheet go through their scanner, never held whole in memory.

use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Cursor, Read};

use super::{ods, unreadable, xlsx, Inspected, Kind, PercentCells, MAX_ENTRIES};
use crate::SheetError;

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// What inflating is allowed, and what it has used.
struct Budget {
    limit: u64,
    used: u64,
}

impl Budget {
    fn too_large(&self) -> SheetError {
        SheetError::ArchiveTooLarge { limit: self.limit }
    }

    /// Inflates entry `index` through `scan` (which may stop early), then
    /// to its end, counting; None when there is no such entry.
    fn inflate<T>(
        &mut self,
        zip: &mut Archive<'_>,
        index: usize,
        scan: impl FnOnce(&mut dyn std::io::BufRead) -> Result<T, SheetError>,
    ) -> Result<T, SheetError> {
        let entry = zip.by_index(index).map_err(|e| unreadable("zip", e))?;
        let room = self.limit.saturating_sub(self.used);
        let mut counted = Counted {
            inner: entry.take(room.saturating_add(1)),
            read: 0,
        };
        let scanned = {
            let mut reader = BufReader::new(&mut counted);
            let scanned = scan(&mut reader);
            // What the scanner left is counted too.
            std::io::copy(&mut reader, &mut std::io::sink()).map_err(|e| unreadable("zip", e))?;
            scanned
        };
        self.used += counted.read;
        if self.used > self.limit {
            return Err(self.too_large());
        }
        scanned
    }

    /// Entry `index` whole (a small part: styles, workbook, mimetype).
    fn read(&mut self, zip: &mut Archive<'_>, index: usize) -> Result<Vec<u8>, SheetError> {
        self.inflate(zip, index, |r| {
            let mut out = Vec::new();
            r.read_to_end(&mut out).map_err(|e| unreadable("zip", e))?;
            Ok(out)
        })
    }
}

/// Inflates every entry once; tells xlsx from ods and reads what calamine
/// would expand or does not report.
pub(super) fn inspect_zip(bytes: &[u8], max_unpacked: u64) -> Result<Inspected, SheetError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable("zip", e))?;
    if zip.len() > MAX_ENTRIES {
        return Err(SheetError::ArchiveTooLarge {
            limit: max_unpacked,
        });
    }
    let index: HashMap<String, usize> = (0..zip.len())
        .filter_map(|i| Some((zip.name_for_index(i)?.to_owned(), i)))
        .collect();
    let mut budget = Budget {
        limit: max_unpacked,
        used: 0,
    };
    let mut done: HashSet<usize> = HashSet::new();
    let mut read_part =
        |zip: &mut Archive<'_>, budget: &mut Budget, name: &str| match index.get(name) {
            Some(&i) => {
                done.insert(i);
                budget.read(zip, i)
            }
            None => Ok(Vec::new()),
        };
    let kind = if index.contains_key("content.xml")
        && read_part(&mut zip, &mut budget, "mimetype")?
            .starts_with(b"application/vnd.oasis.opendocument.spreadsheet")
    {
        Some(Kind::Ods)
    } else if index.contains_key("xl/workbook.xml") {
        Some(Kind::Xlsx)
    } else if index.contains_key("word/document.xml") {
        Some(Kind::Docx)
    } else {
        None
    };
    // xlsx: the small parts first; then each sheet's percent cells as it
    // inflates. A workbook with no percent style needs no sheet read.
    let mut sheets: HashMap<usize, String> = HashMap::new();
    let mut percent_styles = HashSet::new();
    if kind == Some(Kind::Xlsx) {
        let styles = read_part(&mut zip, &mut budget, "xl/styles.xml")?;
        // A damaged styles part only costs the percent hints.
        percent_styles = xlsx::percent_style_ids(&styles).unwrap_or_default();
        if !percent_styles.is_empty() {
            let workbook = read_part(&mut zip, &mut budget, "xl/workbook.xml")?;
            let rels = read_part(&mut zip, &mut budget, "xl/_rels/workbook.xml.rels")?;
            for (name, path) in xlsx::sheet_paths(&workbook, &rels).unwrap_or_default() {
                if let Some(&i) = index.get(&path) {
                    sheets.insert(i, name);
                }
            }
        }
    }
    let content = index.get("content.xml").copied();
    let document = index.get("word/document.xml").copied();
    let mut percent_cells = PercentCells::new();
    let mut tables = Vec::new();
    for i in 0..zip.len() {
        if done.contains(&i) {
            continue;
        }
        if kind == Some(Kind::Ods) && Some(i) == content {
            percent_cells = budget.inflate(&mut zip, i, |r| ods::scan_ods(r))?;
        } else if kind == Some(Kind::Docx) && Some(i) == document {
            tables = budget.inflate(&mut zip, i, |r| crate::docx::scan_document(r))?;
        } else if let Some(name) = sheets.remove(&i) {
            let styles = &percent_styles;
            let found = budget.inflate(&mut zip, i, |r| {
                Ok(xlsx::percent_positions(r, styles).unwrap_or_default())
            })?;
            percent_cells.insert(name, found);
        } else {
            budget.inflate(&mut zip, i, |_| Ok(()))?;
        }
    }
    match kind {
        None => Err(SheetError::NotASpreadsheet),
        kind => Ok(Inspected {
            kind,
            percent_cells,
            clean_xls: None,
            tables,
        }),
    }
}
