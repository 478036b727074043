//! The GraphQL API: schema assembly from per-domain query objects, the
//! mutations, the subscription and the per-request loaders.

pub mod limits;
pub mod loaders;
mod mutation;
mod query;
pub mod scalars;
mod subscription;
pub mod types;

use async_graphql::extensions::apollo_persisted_queries::LruCacheStorage;
use async_graphql::Schema;
use sea_orm::DatabaseConnection;

pub use limits::{RequestGuard, RequestLimits};
pub use loaders::Loaders;
pub use mutation::Mutation;
pub use query::Query;
pub use subscription::SubscriptionRoot;

use crate::auth::{Access, Caller};
use crate::cli::Limits;
use crate::error::{ApiError, ApiResult};
use crate::sync::{Importer, SyncJob};

/// The schema type.
pub type AppSchema = Schema<Query, Mutation, SubscriptionRoot>;

/// Highest complexity a query may have: each field counts 1, a page counts
/// its fields once per item asked for (`first`).
pub const MAX_COMPLEXITY: usize = 20_000;
/// Persisted queries kept (automatic persisted queries, least recently used
/// dropped first).
pub const PERSISTED_QUERIES: usize = 1024;

/// The persisted-query store, shared with the HTTP layer (which must see a
/// persisted mutation to refuse it over GET).
pub fn persisted_queries() -> LruCacheStorage {
    LruCacheStorage::new(PERSISTED_QUERIES)
}

/// Builds the schema over `db`.
pub fn build_schema(
    db: DatabaseConnection,
    importer: Importer,
    access: Access,
    sync: std::sync::Arc<SyncJob>,
    limits: Limits,
    guard: RequestGuard,
    introspection: bool,
) -> AppSchema {
    let builder = Schema::build(Query::default(), Mutation, SubscriptionRoot);
    let builder = if introspection {
        builder
    } else {
        builder.disable_introspection()
    };
    builder
        .extension(loaders::PerRequestLoaders(loaders::SharedLoaders::new(&db)))
        .data(db)
        .data(crate::service::memo::Memo::default())
        .data(importer)
        .data(access)
        .data(sync)
        .data(limits)
        .extension(guard)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// The SDL of the schema, as `schema.graphql` holds it.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation, SubscriptionRoot)
        .finish()
        .sdl()
}

/// Who the request writes as (a unit's token too), or refused.
pub(crate) fn writer(ctx: &async_graphql::Context<'_>) -> ApiResult<(crate::auth::Writer, Caller)> {
    let access = ctx.data::<Access>().map_err(|_| {
        tracing::error!("access rules missing from the schema");
        ApiError::Internal
    })?;
    let caller = ctx.data_opt::<Caller>().cloned().unwrap_or_default();
    Ok((access.writer(&caller)?, caller))
}

/// Refuses the resolver unless the request carries a token that may write
/// anything (not a unit's).
pub(crate) fn require_writer(ctx: &async_graphql::Context<'_>) -> ApiResult<()> {
    let access = ctx.data::<Access>().map_err(|_| {
        tracing::error!("access rules missing from the schema");
        ApiError::Internal
    })?;
    let caller = ctx.data_opt::<Caller>().cloned().unwrap_or_default();
    Ok(access.check_write(&caller)?)
}
