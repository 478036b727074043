//! Fixtures made from the official table's source text (independent of the
//! reader under test): its rows, and new xlsx tables written with
//! rust_xlsxwriter in the official layout.

use std::path::Path;

use std::io::{Cursor, Read, Write};

use rand::rngs::StdRng;
use rand::Rng;
use rust_xlsxwriter::{Format, Workbook};

/// One project row of the official table, as the source text gives it.
#[derive(Clone, Debug)]
pub struct Row {
    pub serial: String,
    pub goal: String,
    pub units: String,
    pub progress: String,
    pub rate: String,
}

/// Paragraphs joined by single line breaks, blank lines dropped.
pub fn tidy(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The title and rows of `tests/fixtures/2025-q2-source.txt`: cells start
/// with a tab; lines without one continue the cell above.
pub fn source_rows() -> (String, Vec<Row>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/2025-q2-source.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let title = lines.next().unwrap().trim().to_owned();
    let mut cells: Vec<String> = Vec::new();
    for line in lines {
        if let Some(cell) = line.strip_prefix('\t') {
            cells.push(cell.to_owned());
        } else if let Some(last) = cells.last_mut() {
            last.push('\n');
            last.push_str(line);
        }
    }
    let rows = cells[5..]
        .chunks(5)
        .map(|c| Row {
            serial: tidy(&c[0]),
            goal: tidy(&c[1]),
            units: tidy(&c[2]),
            progress: tidy(&c[3]),
            rate: tidy(&c[4]),
        })
        .collect();
    (title, rows)
}

/// An xlsx in the official layout: merged title row, header row, rows.
pub fn table_xlsx(title: &str, rows: &[Row]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let wrap = Format::new().set_text_wrap();
    ws.merge_range(0, 0, 0, 4, title, &Format::new()).unwrap();
    for (c, h) in ["序号", "任务目标", "责任单位", "进展情况", "完成率\n（%）"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *h, &wrap).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        match r.serial.parse::<f64>() {
            Ok(n) => ws.write_number(row, 0, n).unwrap(),
            Err(_) => ws.write_string(row, 0, &r.serial).unwrap(),
        };
        ws.write_string_with_format(row, 1, &r.goal, &wrap).unwrap();
        ws.write_string_with_format(row, 2, &r.units, &wrap)
            .unwrap();
        ws.write_string_with_format(row, 3, &r.progress, &wrap)
            .unwrap();
        ws.write_string(row, 4, &r.rate).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// The official rows as of another quarter: every rate below 100 moved by
/// `step` points (capped to 0..100), the summary line saying so.
pub fn quarter_rows(step: i32) -> Vec<Row> {
    let (_, rows) = source_rows();
    rows.into_iter()
        .map(|mut r| {
            let rate: i32 = r.rate.trim_end_matches('%').parse().unwrap();
            let moved = if rate == 100 {
                100
            } else {
                (rate + step).clamp(0, 100)
            };
            r.rate = format!("{moved}%");
            let rest = r
                .progress
                .split_once('\n')
                .map(|(_, d)| d.to_owned())
                .unwrap_or_default();
            r.progress = format!("目前，已完成年度计划{moved}%。\n{rest}");
            r
        })
        .collect()
}

/// A cell of a made workbook.
#[derive(Clone, Debug)]
pub enum C {
    /// Text.
    S(String),
    /// A number.
    N(f64),
    /// A number formatted as a percent (0.52 shows as 52%).
    P(f64),
    /// Nothing.
    E,
}

/// Text cell.
pub fn s(text: &str) -> C {
    C::S(text.to_owned())
}

/// A worksheet of a made workbook.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<C>>,
    /// (first row, first col, last row, last col), the first cell's value kept.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

/// An xlsx with `sheets`.
pub fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let percent = Format::new().set_num_format("0%");
    let plain = Format::new();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&sheet.name).unwrap();
        for &(r0, c0, r1, c1) in &sheet.merges {
            let text = match sheet.rows.get(r0 as usize).and_then(|r| r.get(c0 as usize)) {
                Some(C::S(t)) => t.clone(),
                _ => String::new(),
            };
            ws.merge_range(r0, c0, r1, c1, &text, &plain).unwrap();
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if sheet
                    .merges
                    .iter()
                    .any(|&(r0, c0, r1, c1)| (r0..=r1).contains(&r) && (c0..=c1).contains(&c))
                {
                    if let C::N(n) = cell {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    continue;
                }
                match cell {
                    C::S(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, c, *n).unwrap();
                    }
                    C::P(n) => {
                        ws.write_number_with_format(r, c, *n, &percent).unwrap();
                    }
                    C::E => {}
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The official xlsx with its sheet replaced by project rows of unique
/// text up to `target` bytes, stored uncompressed so the file is as large as its XML.
pub fn big_xlsx(rng: &mut StdRng, target: usize) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>2025年民生实事项目进展情况调度表（二季度）</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>序号</t></is></c><c r="B2" t="inlineStr"><is><t>任务目标</t></is></c><c r="C2" t="inlineStr"><is><t>责任单位</t></is></c><c r="D2" t="inlineStr"><is><t>进展情况</t></is></c><c r="E2" t="inlineStr"><is><t>完成率</t></is></c></row>"#,
    );
    let mut row = 3;
    while sheet.len() < target - 2_000 {
        let text: String = (0..1500)
            .map(|_| char::from_u32(rng.gen_range(0x4E00..0x9FA5)).unwrap())
            .collect();
        sheet.push_str(&format!(
            r#"<row r="{row}"><c r="A{row}"><v>{}</v></c><c r="B{row}" t="inlineStr"><is><t>项目{row}{text}。目标。</t></is></c><c r="C{row}" t="inlineStr"><is><t>区发改局</t></is></c><c r="D{row}" t="inlineStr"><is><t>{text}</t></is></c><c r="E{row}" t="inlineStr"><is><t>{}%</t></is></c></row>"#,
            row - 2,
            rng.gen_range(0..=100)
        ));
        row += 1;
    }
    sheet.push_str("</sheetData></worksheet>");
    official_with_sheet(&sheet, zip::CompressionMethod::Stored)
}

/// An xlsx of `n` short project rows (a few characters each, shared
/// strings, deflated), the shape that packs the most rows into an upload.
pub fn short_rows_xlsx(n: usize) -> Vec<u8> {
    let mut sheet = String::with_capacity(n * 200);
    sheet.push_str(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>2025年民生实事项目进展情况调度表（二季度）</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>序号</t></is></c><c r="B2" t="inlineStr"><is><t>任务目标</t></is></c><c r="C2" t="inlineStr"><is><t>责任单位</t></is></c><c r="D2" t="inlineStr"><is><t>进展情况</t></is></c><c r="E2" t="inlineStr"><is><t>完成率</t></is></c></row>"#,
    );
    for i in 1..=n {
        let row = i + 2;
        sheet.push_str(&format!(
            r#"<row r="{row}"><c r="A{row}"><v>{i}</v></c><c r="B{row}" t="inlineStr"><is><t>项目{i}</t></is></c><c r="C{row}" t="inlineStr"><is><t>单位{}</t></is></c><c r="D{row}" t="inlineStr"><is><t>进展{i}</t></is></c><c r="E{row}"><v>{}</v></c></row>"#,
            i % 40,
            i % 101
        ));
    }
    sheet.push_str("</sheetData></worksheet>");
    official_with_sheet(&sheet, zip::CompressionMethod::Deflated)
}

/// The official xlsx with its first worksheet replaced by `sheet`, every
/// part written with `method`.
fn official_with_sheet(sheet: &str, method: zip::CompressionMethod) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(super::official("xlsx"))).unwrap();
    let mut out = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let name = entry.name().to_owned();
            let mut body = Vec::new();
            entry.read_to_end(&mut body).unwrap();
            if name == "xl/worksheets/sheet1.xml" {
                body = sheet.as_bytes().to_vec();
            }
            w.start_file(name, options).unwrap();
            w.write_all(&body).unwrap();
        }
        w.finish().unwrap();
    }
    out.into_inner()
}
