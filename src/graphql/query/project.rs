//! Projects: the filtered, ordered, paged list and one by id.

use async_graphql::{Context, Enum, InputObject, Object, ID};

use super::page_window;
use crate::domain::{Light, ProgressStatus};
use crate::error::{ApiError, ApiResult};
use crate::graphql::limits::{page_cost, YEAR_SCAN_COST};
use crate::graphql::scalars::Date;
use crate::graphql::types::{
    loaders, paged, parse_id, Progress, Project, ProjectConnection, ProjectEdgeFields,
};
use crate::service::projects::{
    find_projects_page, project, ProjectFilter, ProjectRow, ProjectSort,
};

/// Project queries.
#[derive(Default)]
pub struct ProjectQuery;

/// What to order projects by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum ProjectOrderField {
    /// Newest year first, then 序号 (the default).
    #[default]
    Serial,
    /// Completion rate; projects without a rate last.
    Rate,
    /// Name.
    Name,
    /// Rate change since the previous report; projects without one last.
    RateChange,
    /// Light severity: GREEN, YELLOW, RED (DESC: worst first).
    Light,
}

/// Sort direction.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// An ordering of projects; ties keep the serial order.
#[derive(InputObject, Clone, Copy, Debug, Default)]
pub struct ProjectOrder {
    /// What to order by.
    #[graphql(default)]
    pub field: ProjectOrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: OrderDirection,
}

#[Object]
impl ProjectQuery {
    /// Projects, filtered and paged (Relay-style connection). Status, light,
    /// rate and search filters judge each project by its latest entry, or by
    /// its entry at `asOf` when given; the edge's `progress` is that entry.
    #[allow(clippy::too_many_arguments)]
    #[graphql(
        complexity = "page_cost(first, child_complexity, if reads_year(&status, &light, &search, &min_rate, &max_rate, &as_of) { YEAR_SCAN_COST } else { 0 })"
    )]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this year's projects.")] year: Option<i32>,
        #[graphql(
            desc = "Only this issuer's projects (as its tables name it, e.g. \"章丘区\"; \"\" for the tables naming none)."
        )]
        issuer: Option<String>,
        #[graphql(desc = "A unit's exact name, lead or co-unit, e.g. \"区教体局\".")] unit: Option<
            String,
        >,
        #[graphql(
            desc = "Only projects under this category, as their latest table prints it (e.g. \"一、教育文化类\")."
        )]
        category: Option<String>,
        #[graphql(desc = "Only projects with this status.")] status: Option<ProgressStatus>,
        #[graphql(desc = "Only projects with this light.")] light: Option<Light>,
        #[graphql(
            desc = "Only stalled projects (true: not completed, rate unchanged since the previous report) or only the others (false)."
        )]
        stalled: Option<bool>,
        #[graphql(
            desc = "Substring of the name, goal or progress text (works on Chinese as typed)."
        )]
        search: Option<String>,
        #[graphql(
            desc = "Lowest completion rate, inclusive (projects without a rate are left out)."
        )]
        min_rate: Option<f64>,
        #[graphql(
            desc = "Highest completion rate, inclusive (projects without a rate are left out)."
        )]
        max_rate: Option<f64>,
        #[graphql(
            name = "asOf",
            desc = "Judge projects by their state at this date: their latest report on or before it."
        )]
        as_of: Option<Date>,
        #[graphql(desc = "Ordering; by default newest year first, then 序号.")] order_by: Option<
            ProjectOrder,
        >,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts (pageInfo.endCursor).")] after: Option<
            String,
        >,
        #[graphql(
            desc = "How many matching projects to skip before the page starts, for numbered pages (page N of size S: offset (N-1)*S); instead of `after`."
        )]
        offset: Option<i32>,
    ) -> ApiResult<ProjectConnection> {
        let (mut start, size) = page_window(first, after.as_deref())?;
        if let Some(offset) = offset {
            if after.is_some() {
                return Err(ApiError::BadUserInput(
                    "give either after or offset, not both".to_owned(),
                ));
            }
            start = usize::try_from(offset).map_err(|_| {
                ApiError::BadUserInput(format!("offset = {offset} is negative; give 0 or more"))
            })?;
        }
        if let (Some(lo), Some(hi)) = (min_rate, max_rate) {
            if lo > hi {
                return Err(ApiError::BadUserInput(format!(
                    "minRate {lo} is above maxRate {hi}"
                )));
            }
        }
        let db = crate::graphql::types::db(ctx)?;
        let filter = ProjectFilter {
            year,
            issuer,
            unit,
            category,
            status,
            light,
            stalled,
            search,
            min_rate,
            max_rate,
            as_of: as_of.map(|d| d.0),
        };
        let order = order_by.unwrap_or_default();
        let sort = sort_of(order.field);
        let descending = order.direction == OrderDirection::Desc;
        let memo = ctx.data::<crate::service::memo::Memo>().ok();
        let page = find_projects_page(db, memo, &filter, sort, descending, start, size).await?;
        prefetch_relations(ctx, &page.rows).await?;
        let items = page.rows.into_iter().map(|row| {
            let fields = ProjectEdgeFields {
                progress: row.entry.map(Progress),
            };
            (Project(row.project), fields)
        });
        Ok(paged(start, page.total, items))
    }

    /// One project by id; null when there is none.
    async fn project(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The project's id.")] id: ID,
    ) -> ApiResult<Option<Project>> {
        let id = parse_id(&id, "project")?;
        let db = crate::graphql::types::db(ctx)?;
        Ok(project(db, id).await?.map(Project))
    }
}

/// True when the `projects` arguments make it judge every project of the
/// year by its entries, which its complexity must count: the service decides.
fn reads_year(
    status: &Option<ProgressStatus>,
    light: &Option<Light>,
    search: &Option<String>,
    min_rate: &Option<f64>,
    max_rate: &Option<f64>,
    as_of: &Option<Date>,
) -> bool {
    let filter = ProjectFilter {
        status: *status,
        light: *light,
        search: search.clone(),
        min_rate: *min_rate,
        max_rate: *max_rate,
        as_of: as_of.map(|d| d.0),
        ..ProjectFilter::default()
    };
    filter.reads_whole_year()
}

/// The service's order for a GraphQL order field.
fn sort_of(field: ProjectOrderField) -> ProjectSort {
    match field {
        ProjectOrderField::Serial => ProjectSort::Serial,
        ProjectOrderField::Rate => ProjectSort::Rate,
        ProjectOrderField::Name => ProjectSort::Name,
        ProjectOrderField::RateChange => ProjectSort::RateChange,
        ProjectOrderField::Light => ProjectSort::Light,
    }
}

/// Loads what the page's items will ask for, for all of them at once: the
/// histories the page was judged by go into the request's history loader,
/// and units are read in one statement when the selection asks for them.
/// Without this the items' loads would be batched by timing, and a busy
/// machine would split a page's loads into several statements.
async fn prefetch_relations(ctx: &Context<'_>, rows: &[ProjectRow]) -> ApiResult<()> {
    let loaders = loaders(ctx)?;
    let mut entries = std::collections::HashMap::new();
    let mut previous = std::collections::HashMap::new();
    for row in rows {
        if let Some(e) = &row.entry {
            entries.insert(e.progress.id, e.clone());
            previous.insert(
                e.progress.id,
                row.previous.iter().cloned().collect::<Vec<_>>(),
            );
        }
        if let Some(p) = &row.previous {
            entries.insert(p.progress.id, p.clone());
        }
    }
    // With asOf the edge's entry is not the latest: read those up front.
    let latest: Vec<i32> = rows
        .iter()
        .filter_map(|r| r.project.state_progress_id)
        .filter(|id| !entries.contains_key(id))
        .collect();
    loaders.entries.feed_many(entries).await;
    loaders.previous.feed_many(previous).await;
    let ids: Vec<i32> = rows.iter().map(|r| r.project.id).collect();
    // What the items will ask for, loaded now for all of them, so the
    // statements a page takes never depend on how its resolvers happen to
    // be scheduled.
    let look = ctx.look_ahead();
    let wants = |field: &str| {
        look.field("nodes").field(field).exists()
            || look.field("edges").field("node").field(field).exists()
    };
    if ids.is_empty() {
        return Ok(());
    }
    if wants("units") {
        loaders.units.load_many(ids.iter().copied()).await?;
    }
    if wants("latest") && !latest.is_empty() {
        loaders.entries.load_many(latest.iter().copied()).await?;
        loaders.previous.load_many(latest).await?;
    }
    if wants("history") || wants("at") {
        loaders.history.load_many(ids).await?;
    }
    Ok(())
}
