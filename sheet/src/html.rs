//! Tables in a portal page: Word pasted into a CMS, with `rowspan` and
//! `colspan`, `<td>` headers, `<br>` inside cells, often in GBK, and
//! layout tables around or before the data table.
//!
//! The page is decoded (BOM, `<meta charset>`, else UTF-8 when it is, else
//! GB18030, which reads GBK and GB2312) and tokenized by html5ever; each
//! `<table>` becomes a [`Grid`] as its tokens come, whose first row is the
//! title found above it (the nearest heading or paragraph naming a year,
//! else the page's `<title>`), spans expanded into merged ranges. The
//! recognizer then picks the table holding the header words, as it picks a
//! sheet.

use std::cell::RefCell;

use encoding_rs::{Encoding, GB18030, UTF_8};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, EndTag, StartTag, Tag, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

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
fn span(value: Option<String>, name: &str, max: u32) -> Result<u32, SheetError> {
    let Some(value) = value else {
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

/// What the tokens of a page have built so far: the lines of text outside
/// tables (for titles), the tables open and done.
#[derive(Default)]
struct Page {
    lines: Vec<String>,
    line: String,
    title: String,
    in_title: bool,
    /// Inside `<script>`, `<style>` and the like: their text is no one's.
    hidden: bool,
    open: Vec<TableBuilder>,
    done: Vec<TableBuilder>,
    /// The first limit the page broke; the rest of it is not read.
    error: Option<SheetError>,
}

/// Elements whose content the tokenizer reads as raw text, and how.
fn raw_kind(name: &str) -> Option<RawKind> {
    match name {
        "script" => Some(RawKind::ScriptData),
        "style" | "noscript" | "template" | "xmp" | "iframe" | "noembed" => Some(RawKind::Rawtext),
        "textarea" | "title" => Some(RawKind::Rcdata),
        _ => None,
    }
}

impl Page {
    fn flush(&mut self) {
        let t = tidy(&self.line);
        if !t.is_empty() {
            self.lines.push(t);
        }
        self.line.clear();
    }

    /// A line break, inside the open cell or between lines of text.
    fn break_line(&mut self) {
        match self.open.last_mut().map(|t| t.cell.as_mut()) {
            Some(Some((cell, _, _))) => cell.push('\n'),
            None => self.flush(),
            Some(None) => {}
        }
    }

    fn text(&mut self, t: &str) {
        if self.hidden {
            return;
        }
        let t = t.replace('\u{a0}', " ");
        if self.in_title {
            self.title.push_str(&t);
            return;
        }
        match self.open.last_mut().map(|b| b.cell.as_mut()) {
            Some(Some((cell, _, _))) => {
                if cell.len() < MAX_PAGE_BYTES {
                    cell.push_str(&t);
                }
            }
            None => self.line.push_str(&t),
            // Text between cells (stray, or in a nested table's gaps) is
            // not the table's.
            Some(None) => {}
        }
    }

    fn tag(&mut self, tag: &Tag) -> Result<TokenSinkResult<()>, SheetError> {
        let name: &str = &tag.name;
        let attr = |key: &str| {
            tag.attrs
                .iter()
                .find(|a| &*a.name.local == key)
                .map(|a| a.value.to_string())
        };
        if let (StartTag, Some(kind)) = (tag.kind, raw_kind(name)) {
            if name == "title" {
                self.in_title = true;
            } else {
                self.hidden = true;
            }
            return Ok(TokenSinkResult::RawData(kind));
        }
        match (tag.kind, name) {
            (EndTag, "title") => self.in_title = false,
            (EndTag, n) if raw_kind(n).is_some() => self.hidden = false,
            (StartTag, "table") => {
                self.flush();
                let count = self.open.len() + self.done.len();
                if count >= MAX_TABLES {
                    return Err(SheetError::TooManyTables { limit: MAX_TABLES });
                }
                self.open.push(TableBuilder::new(self.lines.len(), count));
            }
            (StartTag, "tr") => {
                if let Some(t) = self.open.last_mut() {
                    t.end_cell()?;
                    t.start_row()?;
                }
            }
            (StartTag, "td" | "th") => {
                if let Some(t) = self.open.last_mut() {
                    t.end_cell()?;
                    let colspan = span(attr("colspan"), "colspan", MAX_COLSPAN)?;
                    let rowspan = span(attr("rowspan"), "rowspan", MAX_ROWSPAN)?;
                    t.cell = Some((String::new(), colspan, rowspan));
                }
            }
            (EndTag, "td" | "th") => {
                if let Some(t) = self.open.last_mut() {
                    // A short cell is a line too: a layout table's title.
                    if let Some((cell, _, _)) = &t.cell {
                        let short = tidy(cell);
                        if !short.is_empty() && short.chars().count() <= 200 {
                            self.lines.push(short.replace('\n', " "));
                        }
                    }
                    t.end_cell()?;
                }
            }
            (EndTag, "table") => {
                if let Some(mut t) = self.open.pop() {
                    t.end_cell()?;
                    self.done.push(t);
                }
            }
            _ => {}
        }
        if breaks_line(name) {
            self.break_line();
        }
        Ok(TokenSinkResult::Continue)
    }
}

/// Feeds a page's tokens into a [`Page`].
struct Sink(RefCell<Page>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut page = self.0.borrow_mut();
        if page.error.is_some() {
            return TokenSinkResult::Continue;
        }
        match token {
            Token::TagToken(tag) => match page.tag(&tag) {
                Ok(next) => return next,
                Err(e) => page.error = Some(e),
            },
            Token::CharacterTokens(t) => page.text(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Every table of the page, each a grid titled by the line above it. The
/// page is tokenized (html5ever's tokenizer) and its tables built from the
/// tokens as they come: no document tree is held, so memory goes with the
/// tables, and nesting costs nothing (html5ever's tree builder looks
/// through the open elements at every tag, so a page nested 100,000 deep
/// would take it minutes).
pub fn read_html(bytes: &[u8]) -> Result<Vec<Grid>, SheetError> {
    if bytes.len() > MAX_PAGE_BYTES {
        return Err(SheetError::PageTooLarge {
            bytes: bytes.len() as u64,
            limit: MAX_PAGE_BYTES as u64,
        });
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(decode(bytes)));
    let tokenizer = Tokenizer::new(
        Sink(RefCell::new(Page::default())),
        TokenizerOpts::default(),
    );
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut page = tokenizer.sink.0.into_inner();
    if let Some(e) = page.error.take() {
        return Err(e);
    }
    page.flush();
    // Tables left open at the end of the page end there.
    while let Some(mut t) = page.open.pop() {
        t.end_cell()?;
        page.done.push(t);
    }
    if page.done.is_empty() {
        return Err(SheetError::NotASpreadsheet);
    }
    // Tables in the order they opened (an outer layout table closes after
    // the tables inside it).
    page.done.sort_by_key(|t| t.opened);
    let page_title = tidy(&page.title).replace('\n', " ");
    let lines = page.lines;
    page.done
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let title = title_above(&lines[..t.lines_before.min(lines.len())])
                .unwrap_or_else(|| page_title.clone());
            Grid::titled(format!("表格{}", i + 1), &title, t.rows, t.merged)
        })
        .collect()
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
    fn deep_nesting_costs_nothing_and_scripts_are_no_text() {
        let depth = 200_000;
        let page = format!(
            "<table><tr><td>{}x{}</td></tr></table>",
            "<div><span>".repeat(depth / 2),
            "</span></div>".repeat(depth / 2)
        );
        let grids = read_html(page.as_bytes()).unwrap_or_default();
        assert_eq!(grids[0].rows[1][0].text, "x");
        // Cells and rows left unclosed, as old pages do; tags inside
        // scripts and comments are no markup.
        let loose =
            "<script>if (a<b) { document.write('<table><tr><td>no') }</script><!-- <table> -->\
            <table><tr><td>a<td>b<tr><td>c<td>d</table>";
        let grids = read_html(loose.as_bytes()).unwrap_or_default();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].rows[1][1].text, "b");
        assert_eq!(grids[0].rows[2][0].text, "c");
    }
}
