//! GraphQL object types. Each wraps an entity model (or a service result)
//! rather than deriving on it, so the API's shape is decided here.

use async_graphql::{ComplexObject, Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::{project, report, sync_run, unit};

use super::error::{ApiError, ApiResult};
use super::limits::{page_cost, REPORT_SCAN_COST};
use super::loaders::Loaders;
use super::scalars::Date;
use crate::domain::{round2, Light, ProgressStatus};
use crate::service::projects::{delta, entry_at};
use crate::service::reports::neighbours;
use crate::service::summary::{Figures, UnitFigures};
use crate::service::Entry;
use crate::sync::{parse_warnings, RunStatus, Trigger};

/// The request's loaders.
pub(crate) fn loaders<'a>(ctx: &Context<'a>) -> ApiResult<&'a Loaders> {
    ctx.data::<Loaders>().map_err(|_| {
        tracing::error!("loaders missing from the request");
        ApiError::Internal
    })
}

fn loaded(e: ApiError) -> ApiError {
    e
}

/// Reads an ID argument as a database key.
pub fn parse_id(id: &ID, what: &str) -> ApiResult<i32> {
    id.parse::<i32>().map_err(|_| {
        ApiError::BadUserInput(format!(
            "'{}' is not a {what} id; ids are the numbers the API returns",
            id.as_str()
        ))
    })
}

/// One livelihood project of one year, the same across every period's table.
pub struct Project(pub project::Model);

/// One livelihood project of one year, the same across every period's table.
#[Object]
impl Project {
    /// Stable identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The year whose tables list the project.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// 序号 as printed in the latest table that lists the project.
    async fn serial_no(&self) -> Option<i32> {
        self.0.serial_no
    }

    /// The task's short name: the first sentence of 任务目标, without the trailing 。.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// 任务目标, the whole text, as in the latest table.
    async fn goal(&self) -> &str {
        &self.0.goal
    }

    /// 责任单位, lead unit first, then co-units, as the latest table lists them.
    async fn units(&self, ctx: &Context<'_>) -> ApiResult<Vec<Unit>> {
        let units = loaders(ctx)?
            .units
            .load_one(self.0.id)
            .await
            .map_err(loaded)?;
        Ok(units.unwrap_or_default().into_iter().map(Unit).collect())
    }

    /// Progress in the latest report that lists the project.
    async fn latest(&self, ctx: &Context<'_>) -> ApiResult<Option<Progress>> {
        let history = loaders(ctx)?
            .history
            .load_one(self.0.id)
            .await
            .map_err(loaded)?;
        Ok(history.and_then(|mut h| h.pop()).map(Progress))
    }

    /// One entry per reporting date, oldest first (a replaced table's
    /// revision is not shown; its replacement is).
    async fn history(&self, ctx: &Context<'_>) -> ApiResult<Vec<Progress>> {
        let history = loaders(ctx)?
            .history
            .load_one(self.0.id)
            .await
            .map_err(loaded)?;
        Ok(history
            .unwrap_or_default()
            .into_iter()
            .map(Progress)
            .collect())
    }

    /// The project's state at a date: its entry in the latest report on or
    /// before it.
    async fn at(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "asOf", desc = "The date.")] as_of: Date,
    ) -> ApiResult<Option<Progress>> {
        let history = loaders(ctx)?
            .history
            .load_one(self.0.id)
            .await
            .map_err(loaded)?;
        let (entry, _) = entry_at(&history.unwrap_or_default(), Some(as_of.0));
        Ok(entry.map(Progress))
    }
}

/// A project's state in one report.
pub struct Progress(pub Entry);

impl Progress {
    /// The project's entry in the latest current report before this one.
    async fn previous_entry(&self, ctx: &Context<'_>) -> ApiResult<Option<Entry>> {
        let history = loaders(ctx)?
            .history
            .load_one(self.0.progress.project_id)
            .await
            .map_err(loaded)?;
        Ok(history
            .unwrap_or_default()
            .into_iter()
            .rfind(|e| e.report.as_of < self.0.report.as_of))
    }
}

/// A project's state in one report.
#[Object]
impl Progress {
    /// The report (table) this entry comes from.
    async fn report(&self) -> Report {
        Report(self.0.report.clone())
    }

    /// The project.
    async fn project(&self, ctx: &Context<'_>) -> ApiResult<Option<Project>> {
        let p = loaders(ctx)?
            .projects
            .load_one(self.0.progress.project_id)
            .await
            .map_err(loaded)?;
        Ok(p.map(Project))
    }

    /// 序号 as printed in this report.
    async fn serial_no(&self) -> Option<i32> {
        self.0.progress.serial_no
    }

    /// 完成率 in percent, 0..100; null when the cell could not be read as a rate.
    async fn completion_rate(&self) -> Option<f64> {
        self.0.progress.completion_rate
    }

    /// The 完成率 cell exactly as written.
    async fn raw_rate(&self) -> &str {
        &self.0.progress.raw_rate
    }

    /// COMPLETED at 100, NOT_STARTED at 0, else IN_PROGRESS.
    async fn status(&self) -> ProgressStatus {
        self.0.status()
    }

    /// The first line of 进展情况, e.g. "目前，已完成年度计划52%。".
    async fn summary(&self) -> &str {
        &self.0.progress.summary
    }

    /// 进展情况, the whole text.
    async fn detail(&self) -> &str {
        &self.0.progress.detail
    }

    /// 备注, when the table has that column.
    async fn remarks(&self) -> Option<&str> {
        self.0.progress.remarks.as_deref()
    }

    /// 序时进度: 100 × (day of the year of the report's asOf) / (days in that year).
    async fn expected_rate(&self) -> f64 {
        self.0.expected_rate()
    }

    /// Pace against elapsed time; see the Light enum.
    async fn light(&self) -> Light {
        self.0.light()
    }

    /// Other columns of the row (e.g. 计划投资), as header and text.
    async fn extra(&self) -> Vec<ExtraField> {
        serde_json::from_str::<Vec<(String, String)>>(&self.0.progress.extra)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| ExtraField { name, value })
            .collect()
    }

    /// The project's entry in the report before this one.
    async fn previous(&self, ctx: &Context<'_>) -> ApiResult<Option<Progress>> {
        Ok(self.previous_entry(ctx).await?.map(Progress))
    }

    /// Change of the completion rate since the previous report, in points;
    /// null without a previous entry or a readable rate.
    async fn delta(&self, ctx: &Context<'_>) -> ApiResult<Option<f64>> {
        Ok(delta(&self.0, self.previous_entry(ctx).await?.as_ref()))
    }

    /// Not completed, and no change of the rate since the previous report.
    async fn stalled(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        if self.0.status() == ProgressStatus::Completed {
            return Ok(false);
        }
        let previous = self.previous_entry(ctx).await?;
        Ok(previous.is_some_and(|p| p.progress.completion_rate == self.0.progress.completion_rate))
    }

    /// The spreadsheet row the project starts on in this report's table.
    async fn row(&self) -> i32 {
        self.0.progress.row_no
    }
}

/// A column of the table that shishi does not interpret, kept as written.
#[derive(SimpleObject)]
pub struct ExtraField {
    /// The column's header, e.g. 计划投资（万元）.
    pub name: String,
    /// The cell's text.
    pub value: String,
}

/// One imported tracking table: the snapshot of one year at one reporting date.
pub struct Report(pub report::Model);

impl Report {
    /// This report's entries, through the per-report loader.
    async fn rows(&self, ctx: &Context<'_>) -> ApiResult<Vec<Entry>> {
        let rows = loaders(ctx)?
            .report_rows
            .load_one(self.0.id)
            .await
            .map_err(loaded)?;
        Ok(rows
            .unwrap_or_default()
            .into_iter()
            .map(|progress| Entry {
                progress,
                report: self.0.clone(),
            })
            .collect())
    }
}

/// How many entries have a status.
#[derive(SimpleObject)]
pub struct StatusCount {
    /// The status.
    pub status: ProgressStatus,
    /// Entries with it.
    pub count: i32,
}

/// An entry and its cursor.
#[derive(SimpleObject)]
pub struct ProgressEdge {
    /// Pass as `after` to continue after this entry.
    pub cursor: String,
    /// The entry.
    pub node: Progress,
}

/// A page of a report's entries.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ProgressConnection {
    /// Entries matching the filters, on every page.
    pub total_count: i32,
    /// This page's edges.
    pub edges: Vec<ProgressEdge>,
    /// Paging state.
    pub page_info: PageInfo,
}

#[ComplexObject]
impl ProgressConnection {
    /// This page's entries.
    async fn nodes(&self) -> Vec<Progress> {
        self.edges
            .iter()
            .map(|e| Progress(e.node.0.clone()))
            .collect()
    }
}

/// One imported tracking table: the snapshot of one year at one reporting date.
#[Object]
impl Report {
    /// Stable identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The year the table covers.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// The period as the title names it: "二季度", "1-6月", "上半年".
    async fn period(&self) -> &str {
        &self.0.period
    }

    /// The last day the period covers: 二季度, 1-6月 and 上半年 are all YYYY-06-30.
    async fn as_of(&self) -> Date {
        Date(self.0.as_of)
    }

    /// The table's title line.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// The file name or URL it came from.
    async fn source_name(&self) -> &str {
        &self.0.source_name
    }

    /// SHA-256 of the file, lowercase hex.
    async fn sha256(&self) -> &str {
        &self.0.sha256
    }

    /// The worksheet the table was read from.
    async fn sheet(&self) -> &str {
        &self.0.sheet
    }

    /// When it was imported.
    async fn imported_at(&self) -> DateTime<Utc> {
        self.0.imported_at
    }

    /// How many projects the table lists.
    async fn project_count(&self) -> i32 {
        self.0.project_count
    }

    /// True when a later table for the same date replaced this one; it is
    /// then kept only as a revision.
    async fn is_revision(&self) -> bool {
        self.0.replaced_by_id.is_some()
    }

    /// The projects' entries in this report, in table order, filtered and
    /// paged.
    #[graphql(complexity = "page_cost(first, child_complexity, REPORT_SCAN_COST)")]
    async fn entries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only entries with this status.")] status: Option<ProgressStatus>,
        #[graphql(desc = "Only entries with this light.")] light: Option<Light>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts (pageInfo.endCursor).")] after: Option<
            String,
        >,
    ) -> ApiResult<ProgressConnection> {
        let (start, size) = crate::graphql::query::page_window(first, after.as_deref())?;
        let entries: Vec<Entry> = self
            .rows(ctx)
            .await?
            .into_iter()
            .filter(|e| {
                status.is_none_or(|s| e.status() == s) && light.is_none_or(|l| e.light() == l)
            })
            .collect();
        let total = entries.len();
        let edges: Vec<ProgressEdge> = entries
            .into_iter()
            .enumerate()
            .skip(start)
            .take(size)
            .map(|(i, e)| ProgressEdge {
                cursor: crate::graphql::query::encode_cursor(i),
                node: Progress(e),
            })
            .collect();
        let end = start + edges.len();
        Ok(ProgressConnection {
            total_count: total as i32,
            page_info: PageInfo {
                has_next_page: end < total,
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            edges,
        })
    }

    /// Entries per status, every status listed.
    #[graphql(complexity = "REPORT_SCAN_COST + child_complexity")]
    async fn by_status(&self, ctx: &Context<'_>) -> ApiResult<Vec<StatusCount>> {
        let rows = self.rows(ctx).await?;
        Ok([
            ProgressStatus::NotStarted,
            ProgressStatus::InProgress,
            ProgressStatus::Completed,
        ]
        .into_iter()
        .map(|status| StatusCount {
            status,
            count: rows.iter().filter(|e| e.status() == status).count() as i32,
        })
        .collect())
    }

    /// Entries per light, every light listed.
    #[graphql(complexity = "REPORT_SCAN_COST + child_complexity")]
    async fn by_light(&self, ctx: &Context<'_>) -> ApiResult<Vec<LightCount>> {
        let rows = self.rows(ctx).await?;
        Ok(light_counts(&Figures::of(rows.iter())))
    }

    /// The current report of the same year just before this one.
    async fn previous(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let db = ctx.data_unchecked::<sea_orm::DatabaseConnection>();
        Ok(neighbours(db, &self.0).await?.0.map(Report))
    }

    /// The current report of the same year just after this one.
    async fn next(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let db = ctx.data_unchecked::<sea_orm::DatabaseConnection>();
        Ok(neighbours(db, &self.0).await?.1.map(Report))
    }

    /// The report that replaced this one, for a revision.
    async fn replaced_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let Some(id) = self.0.replaced_by_id else {
            return Ok(None);
        };
        let r = loaders(ctx)?.reports.load_one(id).await.map_err(loaded)?;
        Ok(r.map(Report))
    }
}

/// 责任单位: an office, bureau or company responsible for projects.
pub struct Unit(pub unit::Model);

/// 责任单位: an office, bureau or company responsible for projects.
#[Object]
impl Unit {
    /// Stable identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// The name as the tables print it, e.g. "区教体局".
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The unit's projects (lead or co-unit), of one year when given.
    #[graphql(complexity = "10 * child_complexity")]
    async fn projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this year's projects.")] year: Option<i32>,
    ) -> ApiResult<Vec<Project>> {
        let projects = loaders(ctx)?
            .unit_projects
            .load_one(self.0.id)
            .await
            .map_err(loaded)?;
        Ok(projects
            .unwrap_or_default()
            .into_iter()
            .filter(|p| year.is_none_or(|y| p.year == y))
            .map(Project)
            .collect())
    }
}

/// How many projects have a light.
#[derive(SimpleObject)]
pub struct LightCount {
    /// The light.
    pub light: Light,
    /// Projects with it.
    pub count: i32,
}

fn light_counts(f: &Figures) -> Vec<LightCount> {
    f.by_light
        .iter()
        .map(|(light, count)| LightCount {
            light: *light,
            count: *count,
        })
        .collect()
}

/// One unit's figures (a project counts for each of its units).
pub struct UnitSummary(pub UnitFigures);

/// One unit's figures (a project counts for each of its units).
#[Object]
impl UnitSummary {
    /// The unit.
    async fn unit(&self) -> Unit {
        Unit(self.0.unit.clone())
    }

    /// Its figures (projectCount, completedCount, averageRate, byLight).
    #[graphql(flatten)]
    async fn figures(&self) -> FigureFields {
        FigureFields(self.0.figures.clone())
    }

    /// 1 for the best unit: by average rate, then share completed; equal
    /// units share a rank.
    async fn rank(&self) -> i32 {
        self.0.rank
    }
}

/// The units ranked, with the best (红榜) and the worst (黄榜) few.
pub struct UnitRanking {
    /// The reporting date the ranking is of.
    pub as_of: Option<Date>,
    /// How many units the best and worst lists hold.
    pub top: usize,
    /// Every unit, best first.
    pub units: Vec<UnitSummary>,
}

/// The units ranked, with the best (红榜) and the worst (黄榜) few.
#[Object]
impl UnitRanking {
    /// The reporting date the ranking is of; null when the year has no report.
    async fn as_of(&self) -> Option<Date> {
        self.as_of
    }

    /// Every unit, best first.
    async fn units(&self) -> Vec<UnitSummary> {
        self.units
            .iter()
            .map(|u| UnitSummary(u.0.clone()))
            .collect()
    }

    /// 红榜: the best units, best first.
    async fn best(&self) -> Vec<UnitSummary> {
        self.units
            .iter()
            .take(self.top)
            .map(|u| UnitSummary(u.0.clone()))
            .collect()
    }

    /// 黄榜: the worst units, worst first.
    async fn worst(&self) -> Vec<UnitSummary> {
        self.units
            .iter()
            .rev()
            .take(self.top)
            .map(|u| UnitSummary(u.0.clone()))
            .collect()
    }
}

/// A year's figures at one reporting date.
pub struct TrendPoint(pub crate::service::summary::TrendPoint);

/// A year's figures at one reporting date.
#[Object]
impl TrendPoint {
    /// The reporting date.
    async fn as_of(&self) -> Date {
        Date(self.0.report.as_of)
    }

    /// The report.
    async fn report(&self) -> Report {
        Report(self.0.report.clone())
    }

    /// 序时进度 at that date.
    async fn expected_rate(&self) -> f64 {
        crate::domain::expected_rate(self.0.report.as_of)
    }

    /// Its figures (projectCount, completedCount, averageRate, byLight).
    #[graphql(flatten)]
    async fn figures(&self) -> FigureFields {
        FigureFields(self.0.figures.clone())
    }
}

/// Counts and average over a set of projects; flattened into the types that
/// report figures.
pub struct FigureFields(pub Figures);

/// Counts and average over a set of projects.
#[Object]
impl FigureFields {
    /// Projects counted (for a unit: those it leads or shares).
    async fn project_count(&self) -> i32 {
        self.0.project_count
    }

    /// Of those, COMPLETED.
    async fn completed_count(&self) -> i32 {
        self.0.completed_count
    }

    /// Mean completion rate of those with a readable rate.
    async fn average_rate(&self) -> Option<f64> {
        self.0.average_rate
    }

    /// Projects per light; every light is listed, with 0 where none.
    async fn by_light(&self) -> Vec<LightCount> {
        light_counts(&self.0)
    }
}

/// Figures for one year as of one reporting date.
pub struct Summary(pub crate::service::summary::YearSummary);

/// Figures for one year as of one reporting date.
#[Object]
impl Summary {
    /// The year.
    async fn year(&self) -> i32 {
        self.0.year
    }

    /// The reporting date the figures are of; null when the year has no report.
    async fn as_of(&self) -> Option<Date> {
        self.0.report.as_ref().map(|r| Date(r.as_of))
    }

    /// The report the figures come from.
    async fn report(&self) -> Option<Report> {
        self.0.report.clone().map(Report)
    }

    /// 序时进度 at asOf.
    async fn expected_rate(&self) -> Option<f64> {
        self.0
            .report
            .as_ref()
            .map(|r| round2(crate::domain::expected_rate(r.as_of)))
    }

    /// Projects in the report.
    async fn project_count(&self) -> i32 {
        self.0.total.project_count
    }

    /// Of those, COMPLETED.
    async fn completed_count(&self) -> i32 {
        self.0.total.completed_count
    }

    /// Mean completion rate of those with a readable rate.
    async fn average_rate(&self) -> Option<f64> {
        self.0.total.average_rate
    }

    /// Projects per light; every light is listed, with 0 where none.
    async fn by_light(&self) -> Vec<LightCount> {
        light_counts(&self.0.total)
    }

    /// Per unit, most projects first.
    async fn by_unit(&self) -> Vec<UnitSummary> {
        self.0
            .by_unit
            .iter()
            .map(|u| UnitSummary(u.clone()))
            .collect()
    }
}

/// Something the reader noticed that did not stop the import.
#[derive(SimpleObject)]
pub struct SyncWarning {
    /// The worksheet.
    pub sheet: Option<String>,
    /// The spreadsheet row, 1-based.
    pub row: Option<i32>,
    /// The column's header as printed.
    pub column: Option<String>,
    /// What was noticed and what was done.
    pub message: String,
}

/// Why a run failed.
#[derive(SimpleObject)]
pub struct SyncError {
    /// Stable code, e.g. NOT_A_SPREADSHEET, NO_HEADER, NO_YEAR.
    pub code: String,
    /// What is wrong and what to do, in plain words.
    pub message: String,
}

/// One attempt to import a table, whatever started it.
pub struct SyncRun(pub sync_run::Model);

/// One attempt to import a table, whatever started it.
#[Object]
impl SyncRun {
    /// Stable identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// What started the run.
    async fn trigger(&self) -> Trigger {
        Trigger::parse(&self.0.trigger)
    }

    /// File name, path or URL.
    async fn source(&self) -> &str {
        &self.0.source
    }

    /// The configured sync source (folder, file or URL) a scheduled or
    /// manual run came from; null for uploads and the command line.
    async fn origin(&self) -> Option<&str> {
        self.0.origin.as_deref()
    }

    /// How the run ended.
    async fn status(&self) -> RunStatus {
        RunStatus::parse(&self.0.status)
    }

    /// SHA-256 of the content, when it was read.
    async fn sha256(&self) -> Option<&str> {
        self.0.sha256.as_deref()
    }

    /// When the run started.
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }

    /// When it finished.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }

    /// The report it wrote (or, for UNCHANGED, the one already holding the file).
    async fn report(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let Some(id) = self.0.report_id else {
            return Ok(None);
        };
        let r = loaders(ctx)?.reports.load_one(id).await.map_err(loaded)?;
        Ok(r.map(Report))
    }

    /// Project rows read from the table.
    async fn rows_read(&self) -> i32 {
        self.0.rows_read
    }

    /// Projects it created (would create, for a dry run).
    async fn projects_created(&self) -> i32 {
        self.0.projects_created
    }

    /// Existing projects it updated (would update, for a dry run).
    async fn projects_updated(&self) -> i32 {
        self.0.projects_updated
    }

    /// What the reader noticed.
    async fn warnings(&self) -> Vec<SyncWarning> {
        parse_warnings(&self.0.warnings)
            .into_iter()
            .map(|w| SyncWarning {
                sheet: w.sheet,
                row: w.row.map(|r| r as i32),
                column: w.column,
                message: w.message,
            })
            .collect()
    }

    /// Set when status is FAILED.
    async fn error(&self) -> Option<SyncError> {
        match (&self.0.error_code, &self.0.error_message) {
            (Some(code), message) => Some(SyncError {
                code: code.clone(),
                message: message.clone().unwrap_or_default(),
            }),
            _ => None,
        }
    }
}

/// Paging state of a connection.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// More items follow.
    pub has_next_page: bool,
    /// Cursor of the last item of this page; pass it as `after`.
    pub end_cursor: Option<String>,
}

/// A project and its cursor.
#[derive(SimpleObject)]
pub struct ProjectEdge {
    /// Pass as `after` to continue after this project.
    pub cursor: String,
    /// The project.
    pub node: Project,
    /// The entry the filters judged: the latest, or the one at `asOf`.
    pub progress: Option<Progress>,
}

/// A page of projects.
#[derive(SimpleObject)]
#[graphql(complex)]
pub struct ProjectConnection {
    /// Projects matching the filters, on every page.
    pub total_count: i32,
    /// This page's edges.
    pub edges: Vec<ProjectEdge>,
    /// Paging state.
    pub page_info: PageInfo,
}

#[ComplexObject]
impl ProjectConnection {
    /// This page's projects.
    async fn nodes(&self) -> Vec<Project> {
        self.edges
            .iter()
            .map(|e| Project(e.node.0.clone()))
            .collect()
    }
}

/// A page of the run log, newest first.
#[derive(SimpleObject)]
pub struct SyncRunConnection {
    /// Runs in the log.
    pub total_count: i32,
    /// This page's runs.
    pub nodes: Vec<SyncRun>,
    /// Paging state.
    pub page_info: PageInfo,
}
