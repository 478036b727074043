//! Reports (imported tables).

use crate::graphql::limits::LIST_ITEMS;
use async_graphql::{Context, Object, ID};

use crate::error::ApiResult;
use crate::graphql::types::{parse_id, Exports, Report};
use crate::service::reports::{latest_report, report, reports};

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
        #[graphql(desc = "Only this issuer's reports (\"\" for the tables naming none).")]
        issuer: Option<String>,
        #[graphql(
            default = false,
            desc = "Also list tables replaced by a later table for the same date."
        )]
        include_revisions: bool,
    ) -> ApiResult<Vec<Report>> {
        let db = crate::graphql::types::db(ctx)?;
        Ok(reports(
            db,
            year,
            issuer.as_deref().map(str::trim),
            include_revisions,
        )
        .await?
        .into_iter()
        .map(Report)
        .collect())
    }

    /// Where the year's tables download as spreadsheets (the latest report,
    /// the next period's form, the history); null when no report of the
    /// year is held. Without `year`, the latest year held.
    async fn exports(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year; the latest year held when not given.")] year: Option<i32>,
        #[graphql(
            desc = "The issuer (章丘区); needed only when several issuers hold the year; \"\" for the tables naming none."
        )]
        issuer: Option<String>,
    ) -> ApiResult<Option<Exports>> {
        let db = crate::graphql::types::db(ctx)?;
        let issuer = issuer.as_deref().map(str::trim);
        let Some(latest) = latest_report(db, year, issuer).await? else {
            return Ok(None);
        };
        let issuer = super::issuer_of_year(db, latest.year, issuer).await?;
        Ok(Some(Exports {
            year: latest.year,
            issuer: issuer
                .as_deref()
                .and_then(crate::graphql::types::named)
                .map(str::to_owned),
        }))
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
