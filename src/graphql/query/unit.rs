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
        #[graphql(
            desc = "Only units with a project of this issuer (\"\" for the tables naming none)."
        )]
        issuer: Option<String>,
    ) -> ApiResult<Vec<Unit>> {
        let db = crate::graphql::types::db(ctx)?;
        Ok(units(db, year, issuer.as_deref().map(str::trim))
            .await?
            .into_iter()
            .map(Unit)
            .collect())
    }
}
