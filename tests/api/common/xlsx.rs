//! Reading back what calamine does not report of a written xlsx: the fill
//! colour of each cell, from the sheet's style ids and styles.xml.
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The cell reference of (row, col), both from 0: (2, 3) is "D3".
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.insert(0, char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn part(book: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(book)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} is missing"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The solid fill (ARGB, e.g. "FFC6EFCE") of every filled cell of the
/// `sheet`-th worksheet (1-based, in workbook order), by cell reference.
pub fn fills(book: &[u8], sheet: usize) -> HashMap<String, String> {
    let styles = part(book, "xl/styles.xml");
    let section = |tag: &str| -> String {
        let start = styles.find(&format!("<{tag}")).unwrap();
        let end = styles[start..].find(&format!("</{tag}>")).unwrap() + start;
        styles[start..end].to_owned()
    };
    // fills: the fgColor of each <fill>, in order.
    let fill_rgb: Vec<Option<String>> = section("fills")
        .split("<fill>")
        .skip(1)
        .map(|f| {
            regex::Regex::new(r#"fgColor rgb="([0-9A-F]{8})""#)
                .unwrap()
                .captures(f)
                .map(|c| c[1].to_owned())
        })
        .collect();
    // cellXfs: the fillId of each <xf>, in order.
    let xf_fill: Vec<usize> = regex::Regex::new(r"<xf [^>]*")
        .unwrap()
        .find_iter(&section("cellXfs"))
        .map(|xf| {
            regex::Regex::new(r#"fillId="(\d+)""#)
                .unwrap()
                .captures(xf.as_str())
                .map_or(0, |c| c[1].parse().unwrap())
        })
        .collect();
    let xml = part(book, &format!("xl/worksheets/sheet{sheet}.xml"));
    let cell = regex::Regex::new(r#"<c r="([A-Z]+\d+)"(?: s="(\d+)")?"#).unwrap();
    cell.captures_iter(&xml)
        .filter_map(|c| {
            let style: usize = c.get(2)?.as_str().parse().unwrap();
            let rgb = fill_rgb.get(*xf_fill.get(style)?)?.clone()?;
            Some((c[1].to_owned(), rgb))
        })
        .collect()
}

/// The fill of a light as the exports paint it.
pub fn light_fill(light: &str) -> &'static str {
    match light {
        "GREEN" => "FFC6EFCE",
        "YELLOW" => "FFFFEB9C",
        _ => "FFFFC7CE",
    }
}
