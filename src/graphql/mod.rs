//! The GraphQL API: schema assembly from per-domain query objects, the
//! mutations, the subscription and the per-request loaders.

pub mod auth;
pub mod error;
pub mod loaders;
mod mutation;
mod query;
pub mod scalars;
mod subscription;
pub mod types;

use async_graphql::Schema;
use sea_orm::DatabaseConnection;

pub use auth::{Caller, WriteToken};
pub use loaders::Loaders;
pub use mutation::Mutation;
pub use query::Query;
pub use subscription::SubscriptionRoot;

use crate::http::Limits;
use crate::sync::{Importer, SyncJob};

/// The schema type.
pub type AppSchema = Schema<Query, Mutation, SubscriptionRoot>;

/// Builds the schema over `db`.
pub fn build_schema(
    db: DatabaseConnection,
    importer: Importer,
    token: WriteToken,
    sync: std::sync::Arc<SyncJob>,
    limits: Limits,
) -> AppSchema {
    // Loaders without a cache batch within one request and keep nothing
    // across requests, so one set serves the whole schema.
    Schema::build(Query::default(), Mutation, SubscriptionRoot)
        .data(Loaders::new(&db))
        .data(db)
        .data(importer)
        .data(token)
        .data(sync)
        .data(limits)
        .finish()
}

/// The SDL of the schema, as `schema.graphql` holds it.
pub fn sdl() -> String {
    Schema::build(Query::default(), Mutation, SubscriptionRoot)
        .finish()
        .sdl()
}
