//! One DataLoader per relation, each a single `IN (...)` query per batch,
//! in two tiers. The shared tier has no cache: it batches the keys of every
//! request under way, so 32 concurrent requests for projects' histories
//! take one statement, not 32. Each request gets a caching tier over it (see
//! [`PerRequestLoaders`]), which keeps what it loaded for that request only,
//! so answers are never stale and a page can load its relations once, up
//! front, for all its items: the number of statements a page takes then
//! never depends on how the item resolvers happen to be scheduled.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::{Request, ServerResult};
use entity::{project, report, unit};
use sea_orm::DatabaseConnection;

use crate::error::ApiError;
use crate::service::{projects, reports, Entry};

/// A request's loader: cached for the request, loading through the shared
/// batching loader of the same relation.
pub type RequestLoader<T> = DataLoader<Through<T>, HashMapCache>;

/// Loads through a shared loader, whose batches gather the keys of every
/// request under way.
pub struct Through<T: Loader<i32>>(Arc<DataLoader<T>>);

impl<T: Loader<i32>> Loader<i32> for Through<T> {
    type Value = T::Value;
    type Error = T::Error;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        self.0.load_many(keys.iter().copied()).await
    }
}

/// The shared tier: one uncached loader per relation for the whole schema.
#[derive(Clone)]
pub struct SharedLoaders {
    units: Arc<DataLoader<UnitsOfProject>>,
    history: Arc<DataLoader<HistoryOfProject>>,
    unit_projects: Arc<DataLoader<ProjectsOfUnit>>,
    reports: Arc<DataLoader<ReportById>>,
    projects: Arc<DataLoader<ProjectById>>,
    report_figures: Arc<DataLoader<FiguresOfReport>>,
    entries: Arc<DataLoader<EntryById>>,
    previous: Arc<DataLoader<PreviousOfEntry>>,
}

fn shared<T: Loader<i32>>(loader: T) -> Arc<DataLoader<T>> {
    Arc::new(DataLoader::new(loader, tokio::spawn))
}

impl SharedLoaders {
    /// Loaders over `db`.
    pub fn new(db: &DatabaseConnection) -> Self {
        Self {
            units: shared(UnitsOfProject(db.clone())),
            history: shared(HistoryOfProject(db.clone())),
            unit_projects: shared(ProjectsOfUnit(db.clone())),
            reports: shared(ReportById(db.clone())),
            projects: shared(ProjectById(db.clone())),
            report_figures: shared(FiguresOfReport(db.clone())),
            entries: shared(EntryById(db.clone())),
            previous: shared(PreviousOfEntry(db.clone())),
        }
    }
}

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
    /// Report id -> its figures (counted in SQL).
    pub report_figures: RequestLoader<FiguresOfReport>,
    /// Progress id -> the entry.
    pub entries: RequestLoader<EntryById>,
    /// Progress id -> the project's entry just before it (none or one).
    pub previous: RequestLoader<PreviousOfEntry>,
}

fn cached<T: Loader<i32>>(shared: &Arc<DataLoader<T>>) -> RequestLoader<T> {
    DataLoader::with_cache(
        Through(shared.clone()),
        tokio::spawn,
        HashMapCache::default(),
    )
}

impl Loaders {
    /// Fresh loaders for one request, over the shared tier.
    pub fn new(shared: &SharedLoaders) -> Self {
        Self {
            units: cached(&shared.units),
            history: cached(&shared.history),
            unit_projects: cached(&shared.unit_projects),
            reports: cached(&shared.reports),
            projects: cached(&shared.projects),
            report_figures: cached(&shared.report_figures),
            entries: cached(&shared.entries),
            previous: cached(&shared.previous),
        }
    }
}

/// Gives every request (query, mutation, or each subscription) its own
/// [`Loaders`], so what one request cached is never seen by another.
pub struct PerRequestLoaders(pub SharedLoaders);

impl ExtensionFactory for PerRequestLoaders {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LoadersForRequest(self.0.clone()))
    }
}

struct LoadersForRequest(SharedLoaders);

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
/// Loads entries by progress id.
pub struct EntryById(DatabaseConnection);
/// Loads the entry before an entry.
pub struct PreviousOfEntry(DatabaseConnection);

impl Loader<i32> for EntryById {
    type Value = Entry;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(projects::entries_by_id(&self.0, keys).await?)
    }
}

impl Loader<i32> for PreviousOfEntry {
    type Value = Vec<Entry>;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        let found = projects::previous_entries(&self.0, keys).await?;
        Ok(every_key(
            keys,
            found.into_iter().map(|(k, e)| (k, vec![e])).collect(),
        ))
    }
}

/// Loads a report's figures.
pub struct FiguresOfReport(DatabaseConnection);

impl Loader<i32> for FiguresOfReport {
    type Value = crate::service::summary::Figures;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(crate::service::summary::report_figures(&self.0, keys).await?)
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
        Ok(reports::reports_by_id(&self.0, keys).await?)
    }
}

impl Loader<i32> for ProjectById {
    type Value = project::Model;
    type Error = ApiError;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Self::Value>, Self::Error> {
        Ok(projects::projects_by_id(&self.0, keys).await?)
    }
}
