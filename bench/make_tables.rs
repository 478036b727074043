//! Writes tracking tables of N project rows in the official layout, made
//! from the official table's rows (the same long Chinese text; each goal
//! numbered so every project is a project of its own).
//!
//! cargo run --release --example make_tables -- OUT_DIR N [N...]
//! writes OUT_DIR/table-N.xlsx and OUT_DIR/table-N-q3.xlsx (rates moved, for
//! an update import), and OUT_DIR/table-N-m01.xlsx .. m12.xlsx: the same
//! projects at the end of each month (截至M月底), for twelve reports a year.

use std::path::PathBuf;
use std::process::ExitCode;

use rust_xlsxwriter::{Format, Workbook};
use shishi::sheet::{read_table, ReadOptions};

const OFFICIAL: &[u8] = include_bytes!("../examples/2025-q2.xlsx");

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: make_tables OUT_DIR N [N...]");
        return ExitCode::from(2);
    };
    let table = match read_table(OFFICIAL, &ReadOptions::new("2025-q2.xlsx")) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read the official table: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("cannot create {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    for n in args {
        let Ok(n) = n.parse::<usize>() else {
            eprintln!("{n} is not a row count");
            return ExitCode::from(2);
        };
        let mut tables = vec![
            (
                String::new(),
                "2025年民生实事项目进展情况调度表（二季度）".to_owned(),
                0.0,
            ),
            (
                "-q3".to_owned(),
                "2025年民生实事项目进展情况调度表（三季度）".to_owned(),
                20.0,
            ),
        ];
        for m in 1..=12 {
            tables.push((
                format!("-m{m:02}"),
                format!("2025年民生实事项目进展情况调度表（截至{m}月底）"),
                f64::from(m - 6) * 4.0,
            ));
        }
        for (suffix, title, step) in tables {
            let path = out.join(format!("table-{n}{suffix}.xlsx"));
            if let Err(e) = write(&path, &title, &table, n, step) {
                eprintln!("cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

fn write(
    path: &PathBuf,
    title: &str,
    table: &shishi::sheet::ParsedTable,
    n: usize,
    step: f64,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let wrap = Format::new().set_text_wrap();
    ws.write_string(0, 0, title)?;
    for (c, h) in ["序号", "任务目标", "责任单位", "进展情况", "完成率\n（%）"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *h, &wrap)?;
    }
    for i in 0..n {
        let p = &table.projects[i % table.projects.len()];
        let row = i as u32 + 2;
        let rate = p.rate.map_or(50.0, |r| (r + step).clamp(0.0, 100.0));
        ws.write_number(row, 0, (i + 1) as f64)?;
        ws.write_string(row, 1, format!("第{}项：{}", i + 1, p.goal))?;
        ws.write_string(row, 2, p.units.join("、"))?;
        ws.write_string(
            row,
            3,
            format!("目前，已完成年度计划{rate}%。\n{}", p.detail),
        )?;
        ws.write_string(row, 4, format!("{rate}%"))?;
    }
    wb.save(path)
}
