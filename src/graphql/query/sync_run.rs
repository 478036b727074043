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

    /// Notifications sent (`--notify`), newest first: each event and
    /// receiver (its secrets hidden), delivered or failed after retries.
    /// Needs the write token.
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 20, desc = "How many, 1 to 100.")] first: i32,
    ) -> ApiResult<Vec<Notification>> {
        crate::graphql::require_writer(ctx)?;
        if !(1..=100).contains(&first) {
            return Err(crate::error::ApiError::BadUserInput(format!(
                "first = {first} is out of range; ask for 1 to 100"
            )));
        }
        use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
        let db = crate::graphql::types::db(ctx)?;
        let rows = entity::notification::Entity::find()
            .order_by_desc(entity::notification::Column::Id)
            .limit(first as u64)
            .all(db)
            .await?;
        Ok(rows.into_iter().map(Notification).collect())
    }
}

/// One event posted to one receiver.
pub struct Notification(entity::notification::Model);

/// One event posted to one receiver.
#[Object]
impl Notification {
    /// Stable identifier.
    async fn id(&self) -> async_graphql::ID {
        async_graphql::ID(self.0.id.to_string())
    }

    /// report.imported, project.turned_red, project.stalled,
    /// collection.returned or collection.overdue.
    async fn event(&self) -> &str {
        &self.0.event
    }

    /// The receiver, its secrets hidden (wecom:https://…?key=***).
    async fn target(&self) -> &str {
        &self.0.target
    }

    /// PENDING, DELIVERED or FAILED (after every attempt).
    async fn status(&self) -> &str {
        &self.0.status
    }

    /// Attempts made.
    async fn attempts(&self) -> i32 {
        self.0.attempts
    }

    /// Why the last attempt failed.
    async fn last_error(&self) -> Option<&str> {
        self.0.last_error.as_deref()
    }

    /// What it said, in a line (项目亮红灯：…).
    async fn summary(&self) -> &str {
        &self.0.summary
    }

    /// When the event happened.
    async fn created_at(&self) -> chrono::DateTime<chrono::Utc> {
        self.0.created_at
    }

    /// When the receiver took it.
    async fn delivered_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.0.delivered_at
    }
}
