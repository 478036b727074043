//! Progress: a project's state in one report.

use async_graphql::{Context, Enum, Object, SimpleObject};

use super::{loaders, Project, Report, Unit};
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

    /// Sub-items (子项目, 考核指标) in the table's order, each with its own
    /// target, done figure and rate; empty when the row has none. An item
    /// keeps its history across reports by its name within the project:
    /// `delta` is its change since the same-named item of the previous
    /// report.
    async fn items(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProgressItem>> {
        let items = self.0.items();
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let before = self
            .previous_entry(ctx)
            .await?
            .map(|e| e.items())
            .unwrap_or_default();
        let project_id = self.0.progress.project_id;
        Ok(items
            .into_iter()
            .map(|item| {
                let key = crate::sheet::normalize_project_name(&item.name);
                let previous_rate = before
                    .iter()
                    .find(|b| crate::sheet::normalize_project_name(&b.name) == key)
                    .map(|b| b.rate);
                ProgressItem {
                    item,
                    project_id,
                    previous_rate,
                }
            })
            .collect())
    }

    /// TABLE: the table gave the project's rate; ITEMS: the table gave
    /// none, and `completionRate` is the mean of its items' rates (each
    /// taken as at most 100).
    async fn rate_source(&self) -> RateSource {
        if self.0.rate_from_items() {
            RateSource::Items
        } else {
            RateSource::Table
        }
    }
}

/// Where a project's rate comes from.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum RateSource {
    /// The table's own 完成率 for the project.
    Table,
    /// The mean of its sub-items' rates.
    Items,
}

/// One sub-item (子项目, 考核指标) of a project in one report: an indicator
/// on a row of its own under the project's 序号.
pub struct ProgressItem {
    item: crate::sheet::ItemRecord,
    project_id: i32,
    /// The same-named item's rate in the previous report: None when it had
    /// no such item, Some(None) when its rate was unreadable.
    previous_rate: Option<Option<f64>>,
}

/// One sub-item (子项目, 考核指标) of a project in one report.
#[Object]
impl ProgressItem {
    /// Its number as printed ("（1）", "①"), when it has one.
    async fn serial(&self) -> Option<&str> {
        self.item.serial.as_deref()
    }

    /// Its name as the table prints it, e.g. "新建幼儿园". An item keeps its
    /// history across reports by this name within its project.
    async fn name(&self) -> &str {
        &self.item.name
    }

    /// The units its row names, in order; empty when the row names none
    /// (the project's units then hold for it).
    async fn units(&self, ctx: &Context<'_>) -> ApiResult<Vec<Unit>> {
        if self.item.units.is_empty() {
            return Ok(Vec::new());
        }
        let held = loaders(ctx)?
            .units
            .load_one(self.project_id)
            .await?
            .unwrap_or_default();
        Ok(self
            .item
            .units
            .iter()
            .filter_map(|name| held.iter().find(|u| &u.name == name).cloned())
            .map(Unit)
            .collect())
    }

    /// 目标任务: the target as written (3, 10).
    async fn target(&self) -> Option<&str> {
        self.item.target.as_deref()
    }

    /// 已完成: the figure reached as written.
    async fn done(&self) -> Option<&str> {
        self.item.done.as_deref()
    }

    /// 计量单位: what target and done count in (所, 公里).
    async fn measure(&self) -> Option<&str> {
        self.item.measure.as_deref()
    }

    /// Its 完成率 in percent as reported (above 100 when the table says
    /// so); null when its cell could not be read as a rate.
    async fn completion_rate(&self) -> Option<f64> {
        self.item.rate
    }

    /// Its 完成率 cell exactly as written.
    async fn raw_rate(&self) -> &str {
        &self.item.raw_rate
    }

    /// Change of its rate since the item of the same name in the project's
    /// previous report, in points; null when that report had no such item
    /// or either rate is unreadable.
    async fn delta(&self) -> Option<f64> {
        let before = self.previous_rate.flatten()?;
        let now = self.item.rate?;
        Some(((now - before) * 100.0).round() / 100.0)
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
