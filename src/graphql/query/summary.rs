//! Figures for one year.

use async_graphql::{Context, Object};
use sea_orm::DatabaseConnection;

use crate::graphql::error::ApiResult;
use crate::graphql::scalars::Date;
use crate::graphql::types::Summary;
use crate::service::summary::summary;

/// Summary queries.
#[derive(Default)]
pub struct SummaryQuery;

#[Object]
impl SummaryQuery {
    /// Figures for one year as of one reporting date (default: the latest
    /// held; otherwise the latest report on or before asOf).
    async fn summary(
        &self,
        ctx: &Context<'_>,
        year: i32,
        #[graphql(name = "asOf")] as_of: Option<Date>,
    ) -> ApiResult<Summary> {
        let db = ctx.data_unchecked::<DatabaseConnection>();
        Ok(Summary(summary(db, year, as_of.map(|d| d.0)).await?))
    }
}
