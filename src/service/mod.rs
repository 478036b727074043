//! Read-side queries over the database, used by the GraphQL resolvers and
//! testable without GraphQL. Every function takes a connection and returns
//! entity models or plain figures; none parses spreadsheets.

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

    /// The pace light at the report's date.
    pub fn light(&self) -> crate::domain::Light {
        crate::domain::Light::of(
            self.status(),
            self.progress.completion_rate,
            self.expected_rate(),
        )
    }
}
