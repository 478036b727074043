//! Figures that change only when a table is imported, kept from the first
//! request that needs them until the next import: how many projects a year
//! (and unit, and state) holds, and a report's figures per unit. Every use
//! first reads the database's version (the newest report's id: every import
//! that writes adds a report, and nothing else changes projects, entries or
//! units once the server runs), so a kept figure is never older than what
//! the database holds, on any replica, after an import by another process
//! too. Searches and rate bounds are never kept: their keys are unbounded,
//! and each new one is answered in SQL.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{ConnectionTrait, DbErr, Statement};

use super::summary::UnitFigures;

/// Most figures kept for one version; past it they are dropped and counted
/// again (a table with many units times states could otherwise grow it).
const MOST: usize = 4096;

/// The kept figures; cloning shares them.
#[derive(Clone, Default)]
pub struct Memo(Arc<Mutex<Kept>>);

#[derive(Default)]
struct Kept {
    version: i64,
    counts: HashMap<String, usize>,
    units: HashMap<i32, Arc<Vec<UnitFigures>>>,
}

impl Memo {
    /// The database's version now.
    pub async fn version<C: ConnectionTrait>(db: &C) -> Result<i64, DbErr> {
        let row = db
            .query_one(Statement::from_string(
                db.get_database_backend(),
                "SELECT COALESCE(MAX(id), 0) AS v FROM report",
            ))
            .await?;
        let v: i32 = match row {
            Some(r) => r.try_get("", "v")?,
            None => 0,
        };
        Ok(i64::from(v))
    }

    /// The kept figures of `version`, dropping older ones; None when a
    /// newer version is kept already (this request read the database
    /// before an import: it neither reads nor keeps).
    fn at(&self, version: i64) -> Option<std::sync::MutexGuard<'_, Kept>> {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if version > kept.version {
            *kept = Kept {
                version,
                ..Kept::default()
            };
        }
        (version == kept.version).then_some(kept)
    }

    /// The count kept under `key` at `version`.
    pub fn count(&self, version: i64, key: &str) -> Option<usize> {
        self.at(version)?.counts.get(key).copied()
    }

    /// Keeps `count` under `key` at `version`.
    pub fn keep_count(&self, version: i64, key: String, count: usize) {
        if let Some(mut kept) = self.at(version) {
            if kept.counts.len() >= MOST {
                kept.counts.clear();
            }
            kept.counts.insert(key, count);
        }
    }

    /// Report `report_id`'s figures per unit kept at `version`.
    pub fn units(&self, version: i64, report_id: i32) -> Option<Arc<Vec<UnitFigures>>> {
        self.at(version)?.units.get(&report_id).cloned()
    }

    /// Keeps report `report_id`'s figures per unit at `version`.
    pub fn keep_units(&self, version: i64, report_id: i32, units: Arc<Vec<UnitFigures>>) {
        if let Some(mut kept) = self.at(version) {
            if kept.units.len() >= MOST {
                kept.units.clear();
            }
            kept.units.insert(report_id, units);
        }
    }
}
