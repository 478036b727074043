//! Figures for one year: summary, trend, the unit ranking (红黄榜) and the
//! city view ranking issuers.

use crate::graphql::limits::{LIST_ITEMS, YEAR_SCAN_COST};
use async_graphql::{Context, Object};

use super::issuer_of_year;
use crate::error::{ApiError, ApiResult};
use crate::graphql::scalars::Date;
use crate::graphql::types::{Issuer, IssuerRanking, Summary, TrendPoint, UnitRanking, UnitSummary};
use crate::service::summary::{issuer_ranking, summary, trend, year_ranking};

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
            desc = "The issuer (章丘区); needed only when several issuers hold the year; \"\" for the tables naming none."
        )]
        issuer: Option<String>,
        #[graphql(
            name = "asOf",
            desc = "The reporting date; the latest report on or before it is used."
        )]
        as_of: Option<Date>,
    ) -> ApiResult<Summary> {
        let db = crate::graphql::types::db(ctx)?;
        let issuer = issuer_of_year(db, year, issuer.as_deref()).await?;
        Ok(Summary(
            summary(db, year, issuer.as_deref(), as_of.map(|d| d.0)).await?,
        ))
    }

    /// The year's figures at each of its reporting dates, oldest first.
    #[graphql(complexity = "YEAR_SCAN_COST + child_complexity")]
    async fn trend(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year.")] year: i32,
        #[graphql(
            desc = "The issuer (章丘区); needed only when several issuers hold the year; \"\" for the tables naming none."
        )]
        issuer: Option<String>,
    ) -> ApiResult<Vec<TrendPoint>> {
        let db = crate::graphql::types::db(ctx)?;
        let issuer = issuer_of_year(db, year, issuer.as_deref()).await?;
        Ok(trend(db, year, issuer.as_deref())
            .await?
            .into_iter()
            .map(TrendPoint)
            .collect())
    }

    /// 报送情况: which units have returned their form for a period and which
    /// have not, and the deadline; null when the year holds no report.
    #[graphql(complexity = "YEAR_SCAN_COST + child_complexity")]
    async fn collection(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year.")] year: i32,
        #[graphql(
            name = "asOf",
            desc = "The period's last day; the newest date held when not given."
        )]
        as_of: Option<Date>,
        #[graphql(
            desc = "The issuer (章丘区); needed only when several issuers hold the year; \"\" for the tables naming none."
        )]
        issuer: Option<String>,
    ) -> ApiResult<Option<crate::graphql::types::Collection>> {
        let db = crate::graphql::types::db(ctx)?;
        let Some(issuer) = resolved_issuer(db, year, issuer.as_deref()).await? else {
            return Ok(None);
        };
        Ok(
            crate::service::collection::collection(db, year, &issuer, as_of.map(|d| d.0))
                .await?
                .map(crate::graphql::types::Collection),
        )
    }

    /// Units ranked by average completion rate, then share completed, with
    /// the best (红榜) and the worst (黄榜) few.
    #[graphql(complexity = "YEAR_SCAN_COST + child_complexity")]
    async fn unit_ranking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year.")] year: i32,
        #[graphql(
            desc = "The issuer (章丘区); needed only when several issuers hold the year; \"\" for the tables naming none."
        )]
        issuer: Option<String>,
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
        let issuer = issuer_of_year(db, year, issuer.as_deref()).await?;
        let (s, ranked) =
            year_ranking(db, memo, year, issuer.as_deref(), as_of.map(|d| d.0)).await?;
        let units: Vec<UnitSummary> = ranked.into_iter().map(UnitSummary).collect();
        Ok(UnitRanking {
            as_of: s.report.as_ref().map(|r| Date(r.as_of)),
            top: top as usize,
            units,
        })
    }

    /// The city view: every issuer holding the year ranked by average
    /// completion rate, then share completed (each by its latest report on
    /// or before asOf), with the figures of all of them together.
    #[graphql(complexity = "YEAR_SCAN_COST + child_complexity")]
    async fn issuer_ranking(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year.")] year: i32,
        #[graphql(
            name = "asOf",
            desc = "The reporting date; each issuer's latest report on or before it is used."
        )]
        as_of: Option<Date>,
    ) -> ApiResult<IssuerRanking> {
        let db = crate::graphql::types::db(ctx)?;
        let (total, issuers) = issuer_ranking(db, year, as_of.map(|d| d.0)).await?;
        Ok(IssuerRanking {
            year,
            total,
            issuers,
        })
    }

    /// The issuing bodies whose tables the database holds, by name (the
    /// tables naming none first, as null).
    #[graphql(complexity = "LIST_ITEMS * child_complexity + 1")]
    async fn issuers(&self, ctx: &Context<'_>) -> ApiResult<Vec<Issuer>> {
        let db = crate::graphql::types::db(ctx)?;
        let mut out: Vec<Issuer> = Vec::new();
        for (issuer, year, reports) in crate::service::reports::issuer_years(db).await? {
            let name = crate::graphql::types::named(&issuer).map(str::to_owned);
            match out.last_mut().filter(|i| i.name == name) {
                Some(last) => {
                    last.years.push(year);
                    last.report_count += i32::try_from(reports).unwrap_or(i32::MAX);
                }
                None => out.push(Issuer {
                    name,
                    years: vec![year],
                    report_count: i32::try_from(reports).unwrap_or(i32::MAX),
                }),
            }
        }
        Ok(out)
    }
}

/// The issuer a period's question is about, as a name ("" for the tables
/// naming none): the one asked for or the year's only one; None when the
/// year holds no report.
pub(crate) async fn resolved_issuer<C: sea_orm::ConnectionTrait>(
    db: &C,
    year: i32,
    issuer: Option<&str>,
) -> ApiResult<Option<String>> {
    if let Some(i) = super::issuer_of_year(db, year, issuer).await? {
        return Ok(Some(i));
    }
    Ok(crate::service::reports::report_as_of(db, year, None, None)
        .await?
        .map(|r| r.issuer))
}
