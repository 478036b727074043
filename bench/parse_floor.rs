//! The parse floor: opens a workbook with calamine and reads every cell of
//! every sheet, nothing more. What any importer built on calamine pays.
//!
//! cargo run --release --example parse_floor -- FILE

use std::process::ExitCode;

use calamine::{open_workbook_auto, Data, Reader};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor FILE");
        return ExitCode::from(2);
    };
    let mut wb = match open_workbook_auto(&path) {
        Ok(wb) => wb,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (mut cells, mut bytes) = (0usize, 0usize);
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        for (_, _, cell) in range.used_cells() {
            cells += 1;
            if let Data::String(s) = cell {
                bytes += s.len();
            }
        }
    }
    println!("{cells} cells, {bytes} bytes of text");
    ExitCode::SUCCESS
}
