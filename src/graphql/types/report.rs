//! Report: one imported tracking table.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::report;

use super::{db, loaders, paged, LightCount, Paged, Progress};
use crate::domain::{Light, ProgressStatus};
use crate::error::ApiResult;
use crate::graphql::limits::{page_cost, REPORT_SCAN_COST};
use crate::graphql::query::page_window;
use crate::graphql::scalars::Date;
use crate::service::reports::{neighbours, report_entries, EntryFilter};
use crate::service::summary::Figures;
use crate::service::Entry;

/// One imported tracking table: the snapshot of one year at one reporting date.
pub struct Report(pub report::Model);

/// A page of a report's entries.
pub type ProgressConnection = Paged<Progress>;

impl Report {
    /// This report's figures, through the per-report loader.
    async fn figures(&self, ctx: &Context<'_>) -> ApiResult<Figures> {
        let figures = loaders(ctx)?.report_figures.load_one(self.0.id).await?;
        Ok(figures.unwrap_or_default())
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

    /// The issuing body (章丘区, 济南市...) as the title or the import named
    /// it; null when neither did.
    async fn issuer(&self) -> Option<&str> {
        super::named(&self.0.issuer)
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

    /// Where this report downloads as xlsx in the official layout (lights as
    /// fills, the import's warnings on a second sheet): a path on this server.
    async fn export_url(&self) -> String {
        crate::export::files::paths::report(self.0.id)
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
        let (start, size) = page_window(first, after.as_deref())?;
        let filter = EntryFilter { status, light };
        let db = db(ctx)?;
        let (total, rows) = report_entries(db, self.0.id, filter, start, size).await?;
        let page = Entry::all_of(&self.0, rows)
            .into_iter()
            .map(|e| (Progress(e), async_graphql::connection::EmptyFields));
        Ok(paged(start, total, page))
    }

    /// Entries per status, every status listed.
    #[graphql(complexity = "REPORT_SCAN_COST + child_complexity")]
    async fn by_status(&self, ctx: &Context<'_>) -> ApiResult<Vec<StatusCount>> {
        Ok(self
            .figures(ctx)
            .await?
            .by_status
            .into_iter()
            .map(|(status, count)| StatusCount { status, count })
            .collect())
    }

    /// Entries per light, every light listed.
    #[graphql(complexity = "REPORT_SCAN_COST + child_complexity")]
    async fn by_light(&self, ctx: &Context<'_>) -> ApiResult<Vec<LightCount>> {
        Ok(LightCount::all(&self.figures(ctx).await?))
    }

    /// The current report of the same year just before this one.
    async fn previous(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let db = db(ctx)?;
        Ok(neighbours(db, &self.0).await?.0.map(Report))
    }

    /// The current report of the same year just after this one.
    async fn next(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let db = db(ctx)?;
        Ok(neighbours(db, &self.0).await?.1.map(Report))
    }

    /// The report that replaced this one, for a revision.
    async fn replaced_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let Some(id) = self.0.replaced_by_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.reports.load_one(id).await?.map(Report))
    }
}
