//! 报送情况: a period's units and whether each has returned its form.

use async_graphql::Object;
use chrono::{DateTime, Utc};

use super::{SyncRun, Unit};
use crate::graphql::scalars::Date;
use crate::service::collection as service;

/// A period's collection: the units expected to return their form (those
/// leading a project of the report the forms are cut from), and which
/// have.
pub struct Collection(pub service::Collection);

/// A period's collection of the units' returns.
#[Object]
impl Collection {
    /// The year.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// The issuer; null for the tables naming none.
    async fn issuer(&self) -> Option<&str> {
        Some(self.0.issuer.as_str()).filter(|i| !i.is_empty())
    }

    /// The period being collected, as its tables name it (三季度).
    async fn period(&self) -> &str {
        &self.0.period
    }

    /// The period's last day.
    async fn as_of(&self) -> Date {
        Date(self.0.as_of)
    }

    /// When the returns are due (`setCollectionDeadline`); null when not set.
    async fn deadline(&self) -> Option<DateTime<Utc>> {
        self.0.deadline
    }

    /// Every unit expected, returned or not, in the order of the report's
    /// projects.
    async fn units(&self) -> Vec<UnitReturn> {
        self.0.units.iter().cloned().map(UnitReturn).collect()
    }

    /// Units that have returned.
    async fn returned_count(&self) -> i32 {
        self.0.units.iter().filter(|u| u.run.is_some()).count() as i32
    }

    /// Units that have not.
    async fn missing_count(&self) -> i32 {
        self.0.units.iter().filter(|u| u.run.is_none()).count() as i32
    }
}

/// One unit's return of a period's form.
pub struct UnitReturn(pub service::UnitReturn);

/// One unit's return of a period's form.
#[Object]
impl UnitReturn {
    /// The unit.
    async fn unit(&self) -> Unit {
        Unit(self.0.unit.clone())
    }

    /// Its form came back (merged into the period), or a whole table of
    /// the period was imported.
    async fn returned(&self) -> bool {
        self.0.run.is_some()
    }

    /// When the run that brought it finished.
    async fn returned_at(&self) -> Option<DateTime<Utc>> {
        self.0
            .run
            .as_ref()
            .map(|r| r.finished_at.unwrap_or(r.started_at))
    }

    /// The run that brought it.
    async fn run(&self) -> Option<SyncRun> {
        self.0.run.clone().map(SyncRun)
    }

    /// The projects it leads in the report the forms were cut from.
    async fn project_count(&self) -> i32 {
        self.0.project_count
    }
}
