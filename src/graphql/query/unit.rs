//! Units (责任单位).

use crate::graphql::limits::LIST_ITEMS;
use async_graphql::{Context, Object};

use crate::error::ApiResult;
use crate::graphql::types::Unit;
use crate::service::projects::units;

/// Unit queries.
#[derive(Default)]
pub struct UnitQuery;

#[Object]
impl UnitQuery {
    /// Units responsible for projects (of one year when given), by name.
    #[graphql(complexity = "LIST_ITEMS * child_complexity + 1")]
    async fn units(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only units with a project this year.")] year: Option<i32>,
    ) -> ApiResult<Vec<Unit>> {
        let db = crate::graphql::types::db(ctx)?;
        Ok(units(db, year).await?.into_iter().map(Unit).collect())
    }
}
