//! The run log.

use async_graphql::{Context, Object};

use super::page_window;
use crate::error::ApiResult;
use crate::graphql::types::{paged, SyncRun, SyncRunConnection};
use crate::service::reports::sync_runs;

/// Run log queries.
#[derive(Default)]
pub struct SyncRunQuery;

#[Object]
impl SyncRunQuery {
    /// Sync runs, newest first.
    async fn sync_runs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Page size, 0 to 100 (default 20).")] first: Option<i32>,
        #[graphql(desc = "Cursor after which the page starts (pageInfo.endCursor).")] after: Option<
            String,
        >,
    ) -> ApiResult<SyncRunConnection> {
        let (start, size) = page_window(first, after.as_deref())?;
        let db = crate::graphql::types::db(ctx)?;
        let (runs, total) = sync_runs(db, start as u64, size as u64).await?;
        let total = usize::try_from(total).unwrap_or(usize::MAX);
        let items = runs
            .into_iter()
            .map(|r| (SyncRun(r), async_graphql::connection::EmptyFields));
        Ok(paged(start, total, items))
    }
}
