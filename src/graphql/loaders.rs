//! One DataLoader per relation, each a single `IN (...)` query per batch.
//! The loaders have no cache: they batch the keys of one execution step and
//! keep nothing afterwards, so answers are never stale.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use entity::{project, report, unit};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::error::ApiError;
use crate::service::{projects, Entry};

/// The loaders of one request.
pub struct Loaders {
    /// Project id -> units, lead first.
    pub units: DataLoader<UnitsOfProject>,
    /// Project id -> entries in current reports, oldest first.
    pub history: DataLoader<HistoryOfProject>,
    /// Unit id -> projects.
    pub unit_projects: DataLoader<ProjectsOfUnit>,
    /// Report id -> report.
    pub reports: DataLoader<ReportById>,
    /// Project id -> project.
    pub projects: DataLoader<ProjectById>,
    /// Report id -> its progress rows.
    pub report_rows: DataLoader<RowsOfReport>,
}

impl Loaders {
    /// Fresh loaders over `db`.
    pub fn new(db: &DatabaseConnection) -> Self {
        Self {
            units: DataLoader::new(UnitsOfProject(db.clone()), tokio::spawn),
            history: DataLoader::new(HistoryOfProject(db.clone()), tokio::spawn),
            unit_projects: DataLoader::new(ProjectsOfUnit(db.clone()), tokio::spawn),
            reports: DataLoader::new(ReportById(db.clone()), tokio::spawn),
            projects: DataLoader::new(ProjectById(db.clone()), tokio::spawn),
            report_rows: DataLoader::new(RowsOfReport(db.clone()), tokio::spawn),
        }
    }
}

/// Loads units by project.
pub struct UnitsOfProject(DatabaseConnection);
/// Loads history by project.
pub struct HistoryOfProject(DatabaseConnection);
/// Loads projects by unit.
pub struct ProjectsOfUnit(DatabaseConnection);
/// Loads reports by id.
pub struct ReportById(DatabaseConnection);
/// Loads projects by id.
pub struct ProjectById(DatabaseConnection);
/// Loads a report's progress rows.
pub struct RowsOfReport(DatabaseConnection);

impl Loader<i32> for RowsOfReport {
    type Value = Vec<entity::progress::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(projects::progress_of_reports(&self.0, keys).await?)
    }
}

impl Loader<i32> for UnitsOfProject {
    type Value = Vec<unit::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(projects::units_of(&self.0, keys).await?)
    }
}

impl Loader<i32> for HistoryOfProject {
    type Value = Vec<Entry>;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(projects::histories(&self.0, keys).await?)
    }
}

impl Loader<i32> for ProjectsOfUnit {
    type Value = Vec<project::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(projects::projects_of_units(&self.0, keys).await?)
    }
}

impl Loader<i32> for ReportById {
    type Value = report::Model;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        let rows = report::Entity::find()
            .filter(report::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|r| (r.id, r)).collect())
    }
}

impl Loader<i32> for ProjectById {
    type Value = project::Model;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        let rows = project::Entity::find()
            .filter(project::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|p| (p.id, p)).collect())
    }
}
