//! One DataLoader per relation, each a single `IN (...)` query per batch.
//! A fresh set is made for every request (see [`PerRequestLoaders`]) and
//! caches what it loaded for that request only, so answers are never stale
//! and a page can load its relations once, up front, for all its items:
//! the number of statements a page takes then never depends on how the
//! item resolvers happen to be scheduled.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{Request, ServerResult};
use entity::{project, report, unit};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::error::ApiError;
use crate::service::{projects, Entry};

/// A loader whose answers are kept for the request that made it.
pub type RequestLoader<T> = DataLoader<T, HashMapCache>;

/// The loaders of one request.
pub struct Loaders {
    /// Project id -> units, lead first.
    pub units: RequestLoader<UnitsOfProject>,
    /// Project id -> entries in current reports, oldest first.
    pub history: RequestLoader<HistoryOfProject>,
    /// Unit id -> projects.
    pub unit_projects: RequestLoader<ProjectsOfUnit>,
    /// Report id -> report.
    pub reports: RequestLoader<ReportById>,
    /// Project id -> project.
    pub projects: RequestLoader<ProjectById>,
    /// Report id -> its progress rows.
    pub report_rows: RequestLoader<RowsOfReport>,
}

fn cached<T: Loader<i32>>(loader: T) -> RequestLoader<T> {
    DataLoader::with_cache(loader, tokio::spawn, HashMapCache::default())
}

impl Loaders {
    /// Fresh loaders over `db`, for one request.
    pub fn new(db: &DatabaseConnection) -> Self {
        Self {
            units: cached(UnitsOfProject(db.clone())),
            history: cached(HistoryOfProject(db.clone())),
            unit_projects: cached(ProjectsOfUnit(db.clone())),
            reports: cached(ReportById(db.clone())),
            projects: cached(ProjectById(db.clone())),
            report_rows: cached(RowsOfReport(db.clone())),
        }
    }
}

/// Gives every request (query, mutation, or each subscription) its own
/// [`Loaders`], so what one request cached is never seen by another.
pub struct PerRequestLoaders(pub DatabaseConnection);

impl ExtensionFactory for PerRequestLoaders {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LoadersForRequest(self.0.clone()))
    }
}

struct LoadersForRequest(DatabaseConnection);

#[async_graphql::async_trait::async_trait]
impl Extension for LoadersForRequest {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        next.run(ctx, request.data(Loaders::new(&self.0))).await
    }
}

/// Every key of `keys` with its value, an empty list where the database
/// has none, so a key without rows is cached too and never loaded twice.
fn every_key<V>(keys: &[i32], mut found: HashMap<i32, Vec<V>>) -> HashMap<i32, Vec<V>> {
    for key in keys {
        found.entry(*key).or_default();
    }
    found
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
        Ok(every_key(
            keys,
            projects::progress_of_reports(&self.0, keys).await?,
        ))
    }
}

impl Loader<i32> for UnitsOfProject {
    type Value = Vec<unit::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(every_key(keys, projects::units_of(&self.0, keys).await?))
    }
}

impl Loader<i32> for HistoryOfProject {
    type Value = Vec<Entry>;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(every_key(keys, projects::histories(&self.0, keys).await?))
    }
}

impl Loader<i32> for ProjectsOfUnit {
    type Value = Vec<project::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(every_key(
            keys,
            projects::projects_of_units(&self.0, keys).await?,
        ))
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
