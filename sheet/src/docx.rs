//! Word tables: `word/document.xml` of a .docx, read as it inflates (the
//! zip guard's budget bounds it as it bounds an xlsx sheet).
//!
//! Each `<w:tbl>` becomes a [`Grid`] whose first row is the title found in
//! the paragraphs above it. `w:gridSpan` widens a cell, `w:vMerge` joins it
//! to the cell above (as Word writes a merged 序号 over sub-items), the
//! paragraphs in a cell are joined by line breaks, and `w:gridBefore`
//! skips columns a row starts without. A table inside a cell is a table of
//! its own; the streaming reader never recurses.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader as XmlReader;

use super::html::{tidy, title_above};
use super::workbook::{Cell, Grid, Merge, MAX_COLS, MAX_ROWS};
use super::SheetError;

/// Most tables read from one document.
const MAX_TABLES: usize = 200;

/// The value of `w:val` (or another attribute) on `e`.
fn val(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| std::str::from_utf8(&a.value).ok().map(str::to_owned))
}

/// A number attribute, clipped to the widest table read.
fn width(e: &BytesStart<'_>) -> u32 {
    val(e, b"w:val")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_COLS)
}

/// One table being read.
#[derive(Default)]
struct Table {
    lines_before: usize,
    opened: usize,
    rows: Vec<Vec<(u32, Cell)>>,
    merged: Vec<Merge>,
    /// Vertical merges still open: (column, index into `merged`).
    open_v: Vec<(u32, usize)>,
    /// The current row's next column.
    cursor: u32,
    /// The cell being read: its text, grid span and vMerge state.
    cell: Option<CellState>,
}

#[derive(Default)]
struct CellState {
    text: String,
    span: u32,
    /// None: no vMerge; Some(true): restart; Some(false): continue.
    v_merge: Option<bool>,
}

impl Table {
    fn start_row(&mut self) -> Result<(), SheetError> {
        if self.rows.len() as u32 >= MAX_ROWS - 1 {
            return Err(SheetError::TooLarge {
                sheet: "Word".to_owned(),
                rows: MAX_ROWS,
            });
        }
        self.rows.push(Vec::new());
        self.cursor = 0;
        Ok(())
    }

    fn end_cell(&mut self) {
        let Some(cell) = self.cell.take() else {
            return;
        };
        if self.rows.is_empty() {
            self.rows.push(Vec::new());
        }
        let r = (self.rows.len() - 1) as u32;
        let col = self.cursor;
        self.cursor = col.saturating_add(cell.span);
        if col >= MAX_COLS {
            return;
        }
        let right = (col + cell.span - 1).min(MAX_COLS - 1);
        let open = self.open_v.iter().position(|(c, _)| *c == col);
        match cell.v_merge {
            // Continues the merge above: its text is the first cell's.
            Some(false) => {
                if let Some(i) = open {
                    let m = self.open_v[i].1;
                    self.merged[m].bottom = r;
                }
                return;
            }
            restart => {
                if let Some(i) = open {
                    self.open_v.swap_remove(i);
                }
                let starts = restart == Some(true);
                if (starts || cell.span > 1) && self.merged.len() < Grid::MAX_MERGES {
                    self.merged.push(Merge {
                        top: r,
                        left: col,
                        bottom: r,
                        right,
                    });
                    if starts {
                        self.open_v.push((col, self.merged.len() - 1));
                    }
                }
            }
        }
        self.rows[r as usize].push((col, Cell::text(tidy(&cell.text))));
    }
}

/// Every table of `document.xml`, each a grid titled by the paragraph
/// above it.
pub(super) fn scan_document(content: impl BufRead) -> Result<Vec<Grid>, SheetError> {
    let mut reader = XmlReader::from_reader(content);
    let mut buf = Vec::new();
    let mut lines: Vec<String> = Vec::new();
    let mut paragraph = String::new();
    let mut open: Vec<Table> = Vec::new();
    let mut done: Vec<Table> = Vec::new();
    let mut in_text = false;
    let unreadable = |e: quick_xml::Error| super::guard::unreadable("docx", e);
    loop {
        let event = reader.read_event_into(&mut buf).map_err(unreadable)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    b"w:tbl" if !empty => {
                        if open.len() + done.len() >= MAX_TABLES {
                            return Err(SheetError::TooManyTables { limit: MAX_TABLES });
                        }
                        let opened = open.len() + done.len();
                        open.push(Table {
                            lines_before: lines.len(),
                            opened,
                            ..Table::default()
                        });
                    }
                    b"w:tr" if !empty => {
                        if let Some(t) = open.last_mut() {
                            t.end_cell();
                            t.start_row()?;
                        }
                    }
                    b"w:gridBefore" => {
                        if let Some(t) = open.last_mut() {
                            t.cursor = t.cursor.saturating_add(width(e));
                        }
                    }
                    b"w:tc" if !empty => {
                        if let Some(t) = open.last_mut() {
                            t.end_cell();
                            t.cell = Some(CellState {
                                span: 1,
                                ..CellState::default()
                            });
                        }
                    }
                    b"w:gridSpan" => {
                        if let Some(c) = open.last_mut().and_then(|t| t.cell.as_mut()) {
                            c.span = width(e);
                        }
                    }
                    b"w:vMerge" => {
                        if let Some(c) = open.last_mut().and_then(|t| t.cell.as_mut()) {
                            c.v_merge = Some(val(e, b"w:val").as_deref() == Some("restart"));
                        }
                    }
                    b"w:t" if !empty => in_text = true,
                    b"w:br" | b"w:cr" => push_text(&mut open, &mut paragraph, "\n"),
                    b"w:tab" => push_text(&mut open, &mut paragraph, " "),
                    _ => {}
                }
            }
            Event::Text(ref t) if in_text => {
                let text = t.decode().map_err(|e| unreadable(e.into()))?;
                push_text(&mut open, &mut paragraph, &text);
            }
            Event::GeneralRef(ref r) if in_text => {
                // &amp; &lt; and character references inside w:t.
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &r[..] {
                        b"amp" => "&".to_owned(),
                        b"lt" => "<".to_owned(),
                        b"gt" => ">".to_owned(),
                        b"quot" => "\"".to_owned(),
                        b"apos" => "'".to_owned(),
                        _ => String::new(),
                    },
                };
                push_text(&mut open, &mut paragraph, &text);
            }
            Event::End(ref e) => match e.name().as_ref() {
                b"w:t" => in_text = false,
                b"w:p" => match open.last_mut().map(|t| t.cell.as_mut()) {
                    Some(Some(c)) => c.text.push('\n'),
                    None => {
                        let line = tidy(&paragraph).replace('\n', " ");
                        if !line.is_empty() {
                            lines.push(line);
                        }
                        paragraph.clear();
                    }
                    Some(None) => {}
                },
                b"w:tc" => {
                    if let Some(t) = open.last_mut() {
                        t.end_cell();
                    }
                }
                b"w:tbl" => {
                    if let Some(mut t) = open.pop() {
                        t.end_cell();
                        done.push(t);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if done.is_empty() {
        return Err(SheetError::NoHeader {
            sheets: "(the document has no table)".to_owned(),
            hint: "; a Word file is read from its tables: put the projects in a table".to_owned(),
        });
    }
    done.sort_by_key(|t| t.opened);
    done.into_iter()
        .enumerate()
        .map(|(i, t)| {
            let title = title_above(&lines[..t.lines_before.min(lines.len())]).unwrap_or_default();
            Grid::titled(format!("表格{}", i + 1), &title, t.rows, t.merged)
        })
        .collect()
}

/// Text to the open cell, or to the paragraph outside tables.
fn push_text(open: &mut [Table], paragraph: &mut String, text: &str) {
    match open.last_mut() {
        Some(t) => {
            if let Some(c) = t.cell.as_mut() {
                c.text.push_str(text);
            }
        }
        None => paragraph.push_str(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        )
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn spans_merges_and_paragraphs_are_read() {
        let body = format!(
            "{}<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>\
             <w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>{}</w:tc>\
             <w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr>\
             <w:tr><w:tc>{}</w:tc><w:tc>{}{}</w:tc><w:tc><w:p><w:r><w:t>66.7</w:t></w:r><w:r><w:t>%</w:t></w:r></w:p></w:tc></w:tr>\
             </w:tbl>",
            p("章丘区2025年民生实事项目进展情况调度表（三季度）"),
            p("序号"),
            p("截至9月底完成情况"),
            p("已完成"),
            p("完成比例"),
            p("1"),
            p("2所"),
            p("在建1所 &amp; 1处"),
        );
        let grids = scan_document(doc(&body).as_bytes()).unwrap_or_default();
        assert_eq!(grids.len(), 1);
        let g = &grids[0];
        assert_eq!(
            g.rows[0][0].text,
            "章丘区2025年民生实事项目进展情况调度表（三季度）"
        );
        assert_eq!(g.rows[1][0].text, "序号");
        assert_eq!(g.rows[1][1].text, "截至9月底完成情况");
        assert_eq!(g.rows[2][1].text, "已完成");
        assert_eq!(g.rows[2][2].text, "完成比例");
        assert_eq!(g.rows[3][1].text, "2所\n在建1所 & 1处");
        assert_eq!(g.rows[3][2].text, "66.7%");
        assert!(g.merged.contains(&Merge {
            top: 1,
            left: 0,
            bottom: 2,
            right: 0
        }));
        assert!(g.merged.contains(&Merge {
            top: 1,
            left: 1,
            bottom: 1,
            right: 2
        }));
    }

    #[test]
    fn a_document_without_tables_says_so() {
        let body = p("通知");
        assert!(matches!(
            scan_document(doc(&body).as_bytes()),
            Err(SheetError::NoHeader { .. })
        ));
    }
}
