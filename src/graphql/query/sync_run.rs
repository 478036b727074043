//! The run log.

use async_graphql::{Context, Object};
use sea_orm::DatabaseConnection;

use super::{encode_cursor, page_window};
use crate::graphql::error::ApiResult;
use crate::graphql::types::{PageInfo, SyncRun, SyncRunConnection};
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
        let db = ctx.data_unchecked::<DatabaseConnection>();
        let (runs, total) = sync_runs(db, start as u64, size as u64).await?;
        let end = start + runs.len();
        Ok(SyncRunConnection {
            total_count: total as i32,
            page_info: PageInfo {
                has_next_page: (end as u64) < total,
                end_cursor: (!runs.is_empty()).then(|| encode_cursor(end - 1)),
            },
            nodes: runs.into_iter().map(SyncRun).collect(),
        })
    }
}
