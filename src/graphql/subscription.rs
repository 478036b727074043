//! Subscriptions over graphql-transport-ws at /graphql.

use async_graphql::{Context, Subscription};
use futures_util::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

use super::types::SyncRun;
use crate::sync::Importer;

/// Every subscription.
#[derive(Default)]
pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Every sync run as it finishes, whatever started it.
    async fn sync_run_finished(&self, ctx: &Context<'_>) -> impl Stream<Item = SyncRun> {
        let rx = ctx.data_unchecked::<Importer>().subscribe();
        BroadcastStream::new(rx).filter_map(|run| async move { run.ok().map(SyncRun) })
    }
}
