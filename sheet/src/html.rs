//! Tables in a portal page: Word pasted into a CMS, with `rowspan` and
//! `colspan`, `<td>` headers, `<br>` inside cells, often in GBK, and
//! layout tables around or before the data table.
//!
//! The page is decoded (BOM, `<meta charset>`, else UTF-8 when it is, else
//! GB18030, which reads GBK and GB2312), parsed by html5ever (through
//! `scraper`), and walked once, depth-first without recursion: each
//! `<table>` becomes a [`Grid`] whose first row is the title found above it
//! (the nearest heading or paragraph naming a year, else the page's
//! `<title>`), spans expanded into merged ranges. The recognizer then picks
//! the table holding the header words, as it picks a sheet.

use ego_tree::iter::Edge;

use encoding_rs::{Encoding, GB18030, UTF_8};
use scraper::{Html, Node};

use super::workbook::{Cell, Grid, Merge, MAX_COLS, MAX_ROWS};
use super::SheetError;

/// The largest page read, in bytes; a portal page with one table is far
/// smaller.
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// The widest `colspan` read (the HTML standard's own cap).
const MAX_COLSPAN: u32 = 1_000;
/// The tallest `rowspan` read (the HTML standard's own cap).
const MAX_ROWSPAN: u32 = 65_534;
/// Most tables read from one page.
const MAX_TABLES: usize = 200;
/// The deepest nesting of elements read. html5ever's tree builder looks
/// through the open elements at each tag, so a page nested 100,000 deep
/// takes minutes; a portal page is nested a few dozen deep.
pub const MAX_DEPTH: usize = 512;
/// Elements with no content or whose end tag may be left out (`<td>a<td>b`
/// is two cells): the nesting estimate does not count them.
const UNCOUNTED: [&str; 30] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "rt", "rp", "caption",
];
/// Lines above a table looked at for its title.
const TITLE_LINES: usize = 40;

/// True when `bytes` look like an HTML page rather than a workbook.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text: String = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    // UTF-16 pages are rare enough to leave out; a BOM-less UTF-16 file
    // starts with "<\0".
    text.starts_with('<')
        && (text.contains("<html")
            || text.contains("<!doctype html")
            || text.contains("<table")
            || text.contains("<meta")
            || text.contains("<body"))
}

/// The page's text, decoded as it says or as it looks.
pub fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let encoding = declared_charset(bytes).unwrap_or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            UTF_8
        } else {
            GB18030
        }
    });
    // A page declaring UTF-8 that is not (saved by a CMS in GBK) reads as
    // GB18030 rather than as replacement characters.
    let encoding = if encoding == UTF_8 && std::str::from_utf8(bytes).is_err() {
        GB18030
    } else {
        encoding
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset a `<meta>` in the page's first 4 KB names.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// One table being read.
struct TableBuilder {
    /// How many title lines were known when it opened.
    lines_before: usize,
    /// Its place among the page's tables, by where it opens.
    opened: usize,
    rows: Vec<Vec<(u32, Cell)>>,
    merged: Vec<Merge>,
    /// Per row, the columns (of the first [`MAX_COLS`]) a span from above
    /// fills, as bits.
    taken: Vec<u64>,
    /// The cell being read: its text and spans.
    cell: Option<(String, u32, u32)>,
    /// The current row's next free column, before spans from above.
    cursor: u32,
    /// Cells the spans so far cover.
    cells: u64,
}

impl TableBuilder {
    fn new(lines_before: usize, opened: usize) -> Self {
        Self {
            lines_before,
            opened,
            rows: Vec::new(),
            merged: Vec::new(),
            taken: Vec::new(),
            cell: None,
            cursor: 0,
            cells: 0,
        }
    }

    fn start_row(&mut self) -> Result<(), SheetError> {
        if self.rows.len() as u32 >= MAX_ROWS {
            return Err(SheetError::TooLarge {
                sheet: "HTML".to_owned(),
                rows: MAX_ROWS,
            });
        }
        self.rows.push(Vec::new());
        self.cursor = 0;
        if self.taken.len() < self.rows.len() {
            self.taken.push(0);
        }
        Ok(())
    }

    /// Places the finished cell in the current row: the first column no
    /// span from above fills, its spans marked below and right.
    fn end_cell(&mut self) -> Result<(), SheetError> {
        let Some((text, colspan, rowspan)) = self.cell.take() else {
            return Ok(());
        };
        if self.rows.is_empty() {
            self.start_row()?;
        }
        let r = self.rows.len() - 1;
        let row_taken = self.taken[r];
        let mut col = self.cursor;
        while col < MAX_COLS && row_taken & (1u64 << col) != 0 {
            col += 1;
        }
        self.cursor = col.saturating_add(colspan);
        if col >= MAX_COLS {
            // Past the widest table read: dropped, as the workbook readers
            // drop such columns.
            return Ok(());
        }
        self.cells += u64::from(colspan) * u64::from(rowspan);
        if self.cells > super::guard::MAX_EXPANDED_CELLS {
            return Err(SheetError::TooManyCells {
                sheet: "HTML".to_owned(),
                cells: self.cells,
                limit: super::guard::MAX_EXPANDED_CELLS,
            });
        }
        let right = col.saturating_add(colspan - 1).min(MAX_COLS - 1);
        if rowspan > 1 || colspan > 1 {
            if self.merged.len() < Grid::MAX_MERGES {
                self.merged.push(Merge {
                    top: r as u32,
                    left: col,
                    bottom: r as u32 + rowspan - 1,
                    right,
                });
            }
            // The rows below, as far as the span reaches (rows the table
            // does not have are clipped when the grid is made).
            let reach = (rowspan as usize).min(MAX_ROWS as usize - r);
            while self.taken.len() < r + reach {
                self.taken.push(0);
            }
            let bits = span_bits(col, right);
            for taken in &mut self.taken[r..r + reach] {
                *taken |= bits;
            }
        }
        self.rows[r].push((col, Cell::text(tidy(&text))));
        Ok(())
    }
}

/// Bits `left..=right` of a row's first 64 columns.
fn span_bits(left: u32, right: u32) -> u64 {
    let width = right - left + 1;
    let ones = if width >= 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    };
    ones << left
}

/// A cell's or a line's text: spaces collapsed within lines, blank lines
/// dropped.
pub(super) fn tidy(text: &str) -> String {
    text.split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A span attribute: 1 when missing, 0 or unreadable; refused past `max`.
fn span(e: &scraper::node::Element, name: &str, max: u32) -> Result<u32, SheetError> {
    let Some(value) = e.attr(name) else {
        return Ok(1);
    };
    let digits: String = value
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    // Digits too many for a u64 are past any cap.
    let n = if digits.is_empty() {
        1
    } else {
        digits.parse::<u64>().unwrap_or(u64::MAX)
    };
    if n > u64::from(max) {
        return Err(SheetError::SpanTooLarge {
            attribute: name.to_owned(),
            value: n,
            limit: max,
        });
    }
    Ok((n as u32).max(1))
}

/// Elements whose edges break a line of text.
fn breaks_line(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "caption"
            | "title"
            | "section"
            | "article"
            | "header"
    )
}

/// Every table of the page, each a grid titled by the line above it.
pub fn read_html(bytes: &[u8]) -> Result<Vec<Grid>, SheetError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(SheetError::PageTooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_PAGE_BYTES as u64,
        });
    }
    let text = decode(bytes);
    let depth = deepest_nesting(&text);
    if depth > MAX_DEPTH {
        return Err(SheetError::PageTooDeep {
            depth,
            limit: MAX_DEPTH,
        });
    }
    let page = Html::parse_document(&text);
    drop(text);
    // Lines of text in document order, for titles: outside tables, and
    // each short cell as it closes (a layout table's title cell).
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut page_title = String::new();
    let mut in_title = false;
    let mut hidden = 0usize;
    let mut open: Vec<TableBuilder> = Vec::new();
    let mut done: Vec<TableBuilder> = Vec::new();
    let flush = |line: &mut String, lines: &mut Vec<String>| {
        let t = tidy(line);
        if !t.is_empty() {
            lines.push(t);
        }
        line.clear();
    };
    for edge in page.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    match name {
                        "script" | "style" | "noscript" | "template" => hidden += 1,
                        "title" => in_title = true,
                        "table" => {
                            flush(&mut line, &mut lines);
                            if open.len() + done.len() >= MAX_TABLES {
                                return Err(SheetError::TooManyTables { limit: MAX_TABLES });
                            }
                            open.push(TableBuilder::new(lines.len(), open.len() + done.len()));
                        }
                        "tr" => {
                            if let Some(t) = open.last_mut() {
                                t.end_cell()?;
                                t.start_row()?;
                            }
                        }
                        "td" | "th" => {
                            if let Some(t) = open.last_mut() {
                                t.end_cell()?;
                                let colspan = span(e, "colspan", MAX_COLSPAN)?;
                                let rowspan = span(e, "rowspan", MAX_ROWSPAN)?;
                                t.cell = Some((String::new(), colspan, rowspan));
                            }
                        }
                        _ => {}
                    }
                    if breaks_line(name) {
                        match open.last_mut().and_then(|t| t.cell.as_mut()) {
                            Some((cell, _, _)) => cell.push('\n'),
                            None => flush(&mut line, &mut lines),
                        }
                    }
                }
                Node::Text(t) if hidden == 0 => {
                    let t: &str = t;
                    let t = t.replace('\u{a0}', " ");
                    if in_title {
                        page_title.push_str(&t);
                    }
                    match open.last_mut().map(|b| b.cell.as_mut()) {
                        Some(Some((cell, _, _))) => {
                            if cell.len() < MAX_PAGE_BYTES {
                                cell.push_str(&t);
                            }
                        }
                        None => line.push_str(&t),
                        // Text between cells (stray, or in a nested
                        // table's gaps) is not the table's.
                        Some(None) => {}
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    match name {
                        "script" | "style" | "noscript" | "template" => {
                            hidden = hidden.saturating_sub(1)
                        }
                        "title" => in_title = false,
                        "td" | "th" => {
                            if let Some(t) = open.last_mut() {
                                if let Some((cell, _, _)) = &t.cell {
                                    let short = tidy(cell);
                                    if !short.is_empty() && short.chars().count() <= 200 {
                                        lines.push(short.replace('\n', " "));
                                    }
                                }
                                t.end_cell()?;
                            }
                        }
                        "table" => {
                            if let Some(mut t) = open.pop() {
                                t.end_cell()?;
                                done.push(t);
                            }
                        }
                        _ => {}
                    }
                    if breaks_line(name) {
                        match open.last_mut().and_then(|t| t.cell.as_mut()) {
                            Some((cell, _, _)) => cell.push('\n'),
                            None => flush(&mut line, &mut lines),
                        }
                    }
                }
            }
        }
    }
    flush(&mut line, &mut lines);
    if done.is_empty() {
        return Err(SheetError::NotASpreadsheet);
    }
    // Tables in the order they opened (an outer layout table closes after
    // the tables inside it).
    done.sort_by_key(|t| t.opened);
    let page_title = tidy(&page_title).replace('\n', " ");
    done.into_iter()
        .enumerate()
        .map(|(i, t)| {
            let title = title_above(&lines[..t.lines_before.min(lines.len())])
                .unwrap_or_else(|| page_title.clone());
            Grid::titled(format!("表格{}", i + 1), &title, t.rows, t.merged)
        })
        .collect()
}

/// How deep the page's elements nest, estimated from its tags before it is
/// parsed: start tags less end tags, past comments, scripts and styles,
/// leaving out [`UNCOUNTED`] elements and self-closed tags. Stops counting
/// past [`MAX_DEPTH`].
fn deepest_nesting(text: &str) -> usize {
    let b = text.as_bytes();
    let find = |from: usize, what: &[u8]| -> Option<usize> {
        b.get(from..)?
            .windows(what.len())
            .position(|w| w.eq_ignore_ascii_case(what))
            .map(|p| from + p)
    };
    let (mut i, mut depth, mut deepest) = (0usize, 0usize, 0usize);
    while let Some(lt) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
    {
        i += lt + 1;
        if b.get(i..).is_some_and(|r| r.starts_with(b"!--")) {
            match find(i, b"-->") {
                Some(end) => i = end + 3,
                None => break,
            }
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        if start == i {
            continue;
        }
        let name = text[start..i].to_ascii_lowercase();
        let Some(gt) = b[i..].iter().position(|&c| c == b'>').map(|p| i + p) else {
            break;
        };
        let self_closed = gt > i && b[gt - 1] == b'/';
        i = gt + 1;
        if !closing && matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            match find(i, format!("</{name}").as_bytes()) {
                Some(end) => i = end,
                None => break,
            }
            continue;
        }
        if self_closed || UNCOUNTED.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            deepest = deepest.max(depth);
            if deepest > MAX_DEPTH {
                break;
            }
        }
    }
    deepest
}

/// The title among the lines above a table: the nearest naming a year
/// and a table (表, 实事, 情况), else the nearest naming a year.
pub(super) fn title_above(lines: &[String]) -> Option<String> {
    let near = &lines[lines.len().saturating_sub(TITLE_LINES)..];
    let year = |l: &&String| super::parse_year(l).is_some();
    near.iter()
        .rev()
        .find(|l| year(l) && ["表", "实事", "情况"].iter().any(|w| l.contains(w)))
        .or_else(|| near.iter().rev().find(year))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_become_merged_ranges_and_gbk_decodes() {
        let page = "<html><head><meta charset=\"gb2312\"><title>门户</title></head><body>\
            <table><tr><td>发布时间：2025-10-09</td><td>来源：区政府办</td></tr></table>\
            <p>章丘区2025年民生实事项目进展情况调度表（三季度）</p>\
            <table><tr><td rowspan=2>序号</td><td colspan=2>截至9月底完成情况</td></tr>\
            <tr><td>已完成</td><td>完成比例</td></tr>\
            <tr><td>1</td><td>2所<br>在建1所</td><td>66.7%</td></tr></table></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let grids = read_html(&bytes).unwrap_or_default();
        assert_eq!(grids.len(), 2);
        let data = &grids[1];
        assert_eq!(
            data.rows[0][0].text,
            "章丘区2025年民生实事项目进展情况调度表（三季度）"
        );
        assert_eq!(data.rows[1][0].text, "序号");
        assert_eq!(data.rows[1][1].text, "截至9月底完成情况");
        assert_eq!(data.rows[2][1].text, "已完成");
        assert_eq!(data.rows[2][2].text, "完成比例");
        assert_eq!(data.rows[3][1].text, "2所\n在建1所");
        assert!(data.merged.contains(&Merge {
            top: 1,
            left: 0,
            bottom: 2,
            right: 0
        }));
        assert!(data.merged.contains(&Merge {
            top: 1,
            left: 1,
            bottom: 1,
            right: 2
        }));
    }

    #[test]
    fn a_huge_span_is_refused_unallocated() {
        let page = "<table><tr><td colspan=\"1000000\">x</td></tr></table>";
        assert!(matches!(
            read_html(page.as_bytes()),
            Err(SheetError::SpanTooLarge { .. })
        ));
        // A tall rowspan in a short table is clipped to the table.
        let page =
            "<table><tr><td rowspan=\"60000\">x</td><td>y</td></tr><tr><td>z</td></tr></table>";
        let grids = read_html(page.as_bytes()).unwrap_or_default();
        assert_eq!(grids[0].rows[2][1].text, "z");
        assert_eq!(grids[0].merged[0].bottom, 2);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing_and_shallow_is_read() {
        let page = |depth: usize| {
            format!(
                "<table><tr><td>{}x{}</td></tr></table>",
                "<div><span>".repeat(depth / 2),
                "</span></div>".repeat(depth / 2)
            )
        };
        assert!(matches!(
            read_html(page(200_000).as_bytes()),
            Err(SheetError::PageTooDeep { .. })
        ));
        let grids = read_html(page(MAX_DEPTH - 10).as_bytes()).unwrap_or_default();
        assert_eq!(grids[0].rows[1][0].text, "x");
        // Cells, rows and paragraphs left unclosed, as old pages do, and
        // tags inside scripts and comments, are no depth.
        let loose = format!(
            "<script>if (a<b) {{}}</script><!-- <div><div> --><table>{}</table>",
            "<tr><td>a<td><p>b<br>".repeat(5_000)
        );
        assert!(deepest_nesting(&loose) <= 2, "{}", deepest_nesting(&loose));
    }
}
