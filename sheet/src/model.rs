//! What a table is read into: its projects (with their sub-items), the
//! warnings the reader noticed, and the table as a whole with its content
//! hash.

use super::*;

/// A problem the reader noticed that did not stop the import.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Warning {
    /// The worksheet.
    pub sheet: Option<String>,
    /// The spreadsheet row, 1-based.
    pub row: Option<u32>,
    /// The column's header as printed.
    pub column: Option<String>,
    /// What was noticed, as a stable code (see [`WarningCode`]); none on
    /// runs stored before codes were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What was noticed and what was done about it.
    pub message: String,
}

/// What a warning is about: the stable codes of `SyncWarning.code`, which
/// a client translates (the console does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarningCode {
    /// Two rows carry the same 序号.
    SerialRepeated,
    /// A 序号 out of the table's sequence.
    SerialOutOfSequence,
    /// A row with a 序号 and no 任务目标: skipped.
    NoGoal,
    /// A row with neither, and no project above it to continue: skipped.
    StrayRow,
    /// A rate written as an approximation (约80%, 80%左右): read as the number.
    RateApproximate,
    /// An empty rate cell: stored with no rate.
    RateEmpty,
    /// A rate outside 0..100: stored with no rate, the text kept.
    RateOutOfRange,
    /// A rate that is not a number: stored with no rate, the text kept.
    RateUnreadable,
    /// A sheet with a table of another period: not read.
    SheetSkipped,
    /// A project listed on several sheets: read as one.
    ProjectMerged,
    /// A title naming no issuer in a year held by several: kept apart.
    IssuerUnnamed,
    /// A row of a unit's return that is not that unit's project: imported.
    OutsideForm,
    /// A sheet named like the form's mark that is not one: ignored.
    FormMarkUnreadable,
}

impl WarningCode {
    /// The stored and API form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SerialRepeated => "SERIAL_REPEATED",
            Self::SerialOutOfSequence => "SERIAL_OUT_OF_SEQUENCE",
            Self::NoGoal => "NO_GOAL",
            Self::StrayRow => "STRAY_ROW",
            Self::RateApproximate => "RATE_APPROXIMATE",
            Self::RateEmpty => "RATE_EMPTY",
            Self::RateOutOfRange => "RATE_OUT_OF_RANGE",
            Self::RateUnreadable => "RATE_UNREADABLE",
            Self::SheetSkipped => "SHEET_SKIPPED",
            Self::ProjectMerged => "PROJECT_MERGED",
            Self::IssuerUnnamed => "ISSUER_UNNAMED",
            Self::OutsideForm => "OUTSIDE_FORM",
            Self::FormMarkUnreadable => "FORM_MARK_UNREADABLE",
        }
    }
}

/// One project row of a table (several sheet rows when it continues).
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectRecord {
    /// The spreadsheet row (1-based) the project starts on.
    pub row: u32,
    /// 序号 as printed.
    pub serial_no: Option<i32>,
    /// First sentence of the goal without 。.
    pub name: String,
    /// The name as compared for identity.
    pub normalized_name: String,
    /// 任务目标, the whole text.
    pub goal: String,
    /// 责任单位 then 配合单位, in order, without repeats.
    pub units: Vec<String>,
    /// 完成率 in percent, when readable.
    pub rate: Option<f64>,
    /// The 完成率 cell as written.
    pub raw_rate: String,
    /// First line of 进展情况.
    pub summary: String,
    /// 进展情况, the whole text.
    pub detail: String,
    /// 备注.
    pub remarks: Option<String>,
    /// Other columns: header -> text.
    pub extra: Vec<(String, String)>,
    /// The mark written after the serial (`7*`: `*`, a project chosen by
    /// the deputies' vote).
    pub serial_mark: Option<String>,
    /// The category row above the project (`一、教育文化类`), if any.
    pub category: Option<String>,
    /// Sub-items (子项目, 考核指标), in table order; empty when none.
    pub items: Vec<ItemRecord>,
    /// The project's rate is the mean of its items' rates: the table gave
    /// none of its own.
    pub rate_from_items: bool,
}

/// One sub-item of a project: an indicator with its own target, done
/// figure and rate, on a row of its own under the project's 序号.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct ItemRecord {
    /// The spreadsheet row (1-based).
    pub row: u32,
    /// Its number as printed (（1）, ①), when it has one.
    pub serial: Option<String>,
    /// Its name: the sub-item column, else its goal text.
    pub name: String,
    /// Its units, when its row names some.
    pub units: Vec<String>,
    /// 目标任务: the target as written (3, 10).
    pub target: Option<String>,
    /// 已完成: the figure reached as written.
    pub done: Option<String>,
    /// 计量单位 (所, 公里).
    pub measure: Option<String>,
    /// Its rate in percent, when readable.
    pub rate: Option<f64>,
    /// The rate cell as written.
    pub raw_rate: String,
}

impl ParsedTable {
    /// SHA-256 (lowercase hex) of what the table says: year, period and, in
    /// order, every project's serial, name, goal, units, rate, progress
    /// text, remarks and other columns. Not the file's bytes, format, sheet,
    /// row numbers or how a rate was written (`52%`, 0.52 as a percent, 52),
    /// so a table re-saved in Excel or WPS, or its xls copy, gives the same.
    pub fn content_sha256(&self) -> String {
        use sha2::{Digest, Sha256};
        /// Feeds what serde writes straight into the hash: the table is
        /// never copied (a 150,000-row table would take 100 MB as JSON).
        struct Feed(Sha256);
        impl std::io::Write for Feed {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.update(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut feed = Feed(Sha256::new());
        let head = (self.year, &self.period.label, self.period.as_of.to_string());
        // Writing into a hash cannot fail; a failure would only leave the
        // hash different, which makes the table count as new.
        let _ = serde_json::to_writer(&mut feed, &head);
        for p in &self.projects {
            let fields = (
                p.serial_no,
                &p.name,
                &p.goal,
                &p.units,
                p.rate,
                &p.summary,
                &p.detail,
                &p.remarks,
                &p.extra,
            );
            let _ = serde_json::to_writer(&mut feed, &fields);
            // Only when present, so tables without them hash as before.
            if p.serial_mark.is_some() || p.category.is_some() {
                let _ = serde_json::to_writer(&mut feed, &(&p.serial_mark, &p.category));
            }
            // Items without their row numbers: a row inserted above moves
            // them and says nothing new.
            for item in &p.items {
                let fields = (
                    &item.serial,
                    &item.name,
                    &item.units,
                    &item.target,
                    &item.done,
                    &item.measure,
                    item.rate,
                );
                let _ = serde_json::to_writer(&mut feed, &fields);
            }
        }
        feed.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// A whole table, ready to be ingested.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedTable {
    /// The title line (e.g. 2025年民生实事项目进展情况调度表（二季度）).
    pub title: String,
    /// The issuing body (章丘区, 济南市...): the import's argument, else
    /// what the title or file name names; empty when none does.
    pub issuer: String,
    /// The year it covers.
    pub year: i32,
    /// The period as the title words it, and its last day.
    pub period: Period,
    /// The worksheet it came from.
    pub sheet: String,
    /// The projects, in table order.
    pub projects: Vec<ProjectRecord>,
    /// What was noticed along the way.
    pub warnings: Vec<Warning>,
    /// The mark of a period's form: the table is a unit's return.
    pub form: Option<FormScope>,
}
