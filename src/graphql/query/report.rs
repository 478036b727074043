//! Reports (imported tables).

use crate::graphql::limits::LIST_ITEMS;
use async_graphql::{Context, Object, ID};

use crate::error::ApiResult;
use crate::graphql::types::{parse_id, Report};
use crate::service::reports::{report, reports};

/// Report queries.
#[derive(Default)]
pub struct ReportQuery;

#[Object]
impl ReportQuery {
    /// Imported tables, oldest reporting date first: one per date (the
    /// current one) unless revisions are asked for.
    #[graphql(complexity = "LIST_ITEMS * child_complexity + 1")]
    async fn reports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this year's reports.")] year: Option<i32>,
        #[graphql(
            default = false,
            desc = "Also list tables replaced by a later table for the same date."
        )]
        include_revisions: bool,
    ) -> ApiResult<Vec<Report>> {
        let db = crate::graphql::types::db(ctx)?;
        Ok(reports(db, year, include_revisions)
            .await?
            .into_iter()
            .map(Report)
            .collect())
    }

    /// One report by id (revisions included); null when there is none.
    async fn report(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The report's id.")] id: ID,
    ) -> ApiResult<Option<Report>> {
        let id = parse_id(&id, "report")?;
        let db = crate::graphql::types::db(ctx)?;
        Ok(report(db, id).await?.map(Report))
    }
}
