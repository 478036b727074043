//! Read-side queries over the database, used by the GraphQL resolvers and
//! testable without GraphQL. Every function takes a connection and returns
//! entity models or plain figures; none parses spreadsheets.

pub mod collection;
pub mod memo;
pub mod projects;
pub mod reports;
pub mod summary;

use entity::{progress, report};

/// A project's state in one report, with the report (its date decides the
/// expected rate and so the light).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The progress row.
    pub progress: progress::Model,
    /// The report it belongs to.
    pub report: report::Model,
}

impl Entry {
    /// The status stored with the entry.
    pub fn status(&self) -> crate::domain::ProgressStatus {
        crate::domain::ProgressStatus::parse(&self.progress.status)
    }

    /// 序时进度 at the report's date.
    pub fn expected_rate(&self) -> f64 {
        crate::domain::expected_rate(self.report.as_of)
    }

    /// Every row of `report` as an entry of it.
    pub fn all_of(report: &report::Model, rows: Vec<progress::Model>) -> Vec<Entry> {
        rows.into_iter()
            .map(|progress| Entry {
                progress,
                report: report.clone(),
            })
            .collect()
    }

    /// The entry of `history` (oldest first) in the latest report before
    /// this one's.
    pub fn previous_in(&self, history: &[Entry]) -> Option<Entry> {
        history
            .iter()
            .rfind(|e| e.report.as_of < self.report.as_of)
            .cloned()
    }

    /// Change of the completion rate since `previous`, in points.
    pub fn delta(&self, previous: Option<&Entry>) -> Option<f64> {
        projects::delta(self, previous)
    }

    /// Not completed, and the rate unchanged since `previous`.
    pub fn stalled(&self, previous: Option<&Entry>) -> bool {
        self.status() != crate::domain::ProgressStatus::Completed
            && previous.is_some_and(|p| p.progress.completion_rate == self.progress.completion_rate)
    }

    /// The row's other columns, as (header, text).
    pub fn extra(&self) -> Vec<(String, String)> {
        serde_json::from_str(&self.progress.extra).unwrap_or_default()
    }

    /// The row's sub-items, in table order; empty when it has none.
    pub fn items(&self) -> Vec<crate::sheet::ItemRecord> {
        self.progress
            .items
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default()
    }

    /// The rate is the mean of the items' rates: the table gave none.
    pub fn rate_from_items(&self) -> bool {
        self.progress.rate_source.as_deref() == Some(crate::ingest::RATE_FROM_ITEMS)
    }

    /// The pace light at the report's date.
    pub fn light(&self) -> crate::domain::Light {
        crate::domain::Light::of(
            self.status(),
            self.progress.completion_rate,
            self.expected_rate(),
        )
    }
}
