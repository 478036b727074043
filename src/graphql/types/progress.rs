//! Progress: a project's state in one report.

use async_graphql::{Context, Object, SimpleObject};

use super::{loaders, Project, Report};
use crate::domain::{Light, ProgressStatus};
use crate::error::ApiResult;
use crate::service::Entry;

/// A project's state in one report.
pub struct Progress(pub Entry);

impl Progress {
    /// The project's entry in the latest current report before this one.
    async fn previous_entry(&self, ctx: &Context<'_>) -> ApiResult<Option<Entry>> {
        let previous = loaders(ctx)?.previous.load_one(self.0.progress.id).await?;
        Ok(previous.and_then(|mut p| p.pop()))
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
            .await?;
        Ok(p.map(Project))
    }

    /// 序号 as printed in this report.
    async fn serial_no(&self) -> Option<i32> {
        self.0.progress.serial_no
    }

    /// The mark printed after the number in 序号 in this report ("7*": "*").
    async fn serial_mark(&self) -> Option<&str> {
        self.0.progress.serial_mark.as_deref()
    }

    /// The category row the project sits under in this report.
    async fn category(&self) -> Option<&str> {
        self.0.progress.category.as_deref()
    }

    /// 完成率 in percent as reported, 0 and up: above 100 when the table says
    /// so (112: the year's target passed; COMPLETED, and averages and
    /// lights take it as 100); null when the cell could not be read as a rate.
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
        self.0
            .extra()
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
        Ok(self.0.delta(self.previous_entry(ctx).await?.as_ref()))
    }

    /// Not completed, and no change of the rate since the previous report.
    async fn stalled(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        Ok(self.0.stalled(self.previous_entry(ctx).await?.as_ref()))
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
