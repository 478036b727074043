//! Project: one livelihood project of one year, across every period's table.

use async_graphql::{Context, Object, SimpleObject, ID};
use entity::project;

use super::{loaders, Paged, Progress, Unit};
use crate::error::ApiResult;
use crate::graphql::scalars::Date;
use crate::service::projects::entry_at;

/// One livelihood project of one year, the same across every period's table.
pub struct Project(pub project::Model);

/// What a project's edge adds: the entry the filters judged.
#[derive(SimpleObject)]
pub struct ProjectEdgeFields {
    /// The entry the filters judged: the latest, or the one at `asOf`.
    pub progress: Option<Progress>,
}

/// A page of projects.
pub type ProjectConnection = Paged<Project, ProjectEdgeFields>;
/// A project and its cursor.
pub type ProjectEdge = async_graphql::connection::Edge<String, Project, ProjectEdgeFields>;

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

    /// The issuer whose tables list the project; null when they name none.
    /// Projects of the same name are the same project only within one
    /// issuer's year.
    async fn issuer(&self) -> Option<&str> {
        super::named(&self.0.issuer)
    }

    /// 序号 as printed in the latest table that lists the project.
    async fn serial_no(&self) -> Option<i32> {
        self.0.serial_no
    }

    /// The mark printed after the number in 序号, in the latest table:
    /// "7*" gives serialNo 7 and serialMark "*" (a project chosen by the
    /// deputies' vote, 人大代表票决); null when none.
    async fn serial_mark(&self) -> Option<&str> {
        self.0.serial_mark.as_deref()
    }

    /// The category row the project sits under in its latest table
    /// ("一、教育文化类"); null when the table has none.
    async fn category(&self) -> Option<&str> {
        self.0.category.as_deref()
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
        let units = loaders(ctx)?.units.load_one(self.0.id).await?;
        Ok(units.unwrap_or_default().into_iter().map(Unit).collect())
    }

    /// Progress in the latest report that lists the project.
    async fn latest(&self, ctx: &Context<'_>) -> ApiResult<Option<Progress>> {
        // Kept at import: the entry of the latest current report.
        let Some(id) = self.0.state_progress_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.entries.load_one(id).await?.map(Progress))
    }

    /// One entry per reporting date, oldest first (a replaced table's
    /// revision is not shown; its replacement is).
    async fn history(&self, ctx: &Context<'_>) -> ApiResult<Vec<Progress>> {
        let history = loaders(ctx)?.history.load_one(self.0.id).await?;
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
        let history = loaders(ctx)?.history.load_one(self.0.id).await?;
        let (entry, _) = entry_at(&history.unwrap_or_default(), Some(as_of.0));
        Ok(entry.map(Progress))
    }
}
