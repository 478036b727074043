//! Figures for one year: summary, trend and the unit ranking (红黄榜).

use crate::graphql::limits::YEAR_SCAN_COST;
use async_graphql::{Context, Object};

use crate::error::{ApiError, ApiResult};
use crate::graphql::scalars::Date;
use crate::graphql::types::{Summary, TrendPoint, UnitRanking, UnitSummary};
use crate::service::summary::{summary, trend, year_ranking};

/// Summary queries.
#[derive(Default)]
pub struct SummaryQuery;

#[Object]
impl SummaryQuery {
    /// Figures for one year as of one reporting date (default: the latest
    /// held; otherwise the latest report on or before asOf).
    #[graphql(complexity = "YEAR_SCAN_COST + child_complexity")]
    async fn summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year.")] year: i32,
        #[graphql(
            name = "asOf",
            desc = "The reporting date; the latest report on or before it is used."
        )]
        as_of: Option<Date>,
    ) -> ApiResult<Summary> {
        let db = crate::graphql::types::db(ctx)?;
        Ok(Summary(summary(db, year, as_of.map(|d| d.0)).await?))
    }

    /// The year's figures at each of its reporting dates, oldest first.
    #[graphql(complexity = "YEAR_SCAN_COST + child_complexity")]
    async fn trend(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year.")] year: i32,
    ) -> ApiResult<Vec<TrendPoint>> {
        let db = crate::graphql::types::db(ctx)?;
        Ok(trend(db, year).await?.into_iter().map(TrendPoint).collect())
    }

    /// Units ranked by average completion rate, then share completed, with
    /// the best (红榜) and the worst (黄榜) few.
    #[graphql(complexity = "YEAR_SCAN_COST + child_complexity")]
    async fn unit_ranking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year.")] year: i32,
        #[graphql(
            name = "asOf",
            desc = "The reporting date; the latest report on or before it is used."
        )]
        as_of: Option<Date>,
        #[graphql(
            default = 3,
            desc = "How many units the best and worst lists hold (1 to 50)."
        )]
        top: i32,
    ) -> ApiResult<UnitRanking> {
        if !(1..=50).contains(&top) {
            return Err(ApiError::BadUserInput(format!(
                "top = {top} is out of range; ask for 1 to 50 units"
            )));
        }
        let db = crate::graphql::types::db(ctx)?;
        let memo = ctx.data::<crate::service::memo::Memo>().ok();
        let (s, ranked) = year_ranking(db, memo, year, as_of.map(|d| d.0)).await?;
        let units: Vec<UnitSummary> = ranked.into_iter().map(UnitSummary).collect();
        Ok(UnitRanking {
            as_of: s.report.as_ref().map(|r| Date(r.as_of)),
            top: top as usize,
            units,
        })
    }
}
