//! GraphQL object types, one file per type (or per small family). Each
//! wraps an entity model or a service result rather than deriving on it,
//! so the API's shape is decided here; rules live in `service`/`domain`.

mod collection;
mod exports;
mod figures;
mod progress;
mod project;
mod report;
mod sync_run;
mod unit;

pub use collection::{Collection, UnitReturn};
pub use exports::Exports;
pub use figures::{
    FigureFields, Issuer, IssuerRanking, IssuerSummary, LightCount, Summary, TrendPoint,
    UnitRanking, UnitSummary,
};
pub use progress::{ExtraField, Progress};
pub use project::{Project, ProjectConnection, ProjectEdge, ProjectEdgeFields};
pub use report::{ProgressConnection, Report, StatusCount};
pub use sync_run::{SyncError, SyncRun, SyncRunConnection, SyncWarning};
pub use unit::Unit;

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::{Context, OutputType, SimpleObject, ID};

use super::loaders::Loaders;
use crate::error::{ApiError, ApiResult};

/// The request's loaders.
pub(crate) fn loaders<'a>(ctx: &Context<'a>) -> ApiResult<&'a Loaders> {
    ctx.data::<Loaders>().map_err(|_| {
        tracing::error!("loaders missing from the request");
        ApiError::Internal
    })
}

/// The database, from the schema's data.
pub(crate) fn db<'a>(ctx: &Context<'a>) -> ApiResult<&'a sea_orm::DatabaseConnection> {
    ctx.data::<sea_orm::DatabaseConnection>().map_err(|_| {
        tracing::error!("database missing from the schema");
        ApiError::Internal
    })
}

/// Reads an ID argument as a database key.
pub fn parse_id(id: &ID, what: &str) -> ApiResult<i32> {
    id.parse::<i32>().map_err(|_| {
        ApiError::BadUserInput(format!(
            "'{}' is not a {what} id; ids are the numbers the API returns",
            id.as_str()
        ))
    })
}

/// What every connection adds to the Relay fields: the total.
#[derive(SimpleObject)]
pub struct TotalCount {
    /// Items matching the filters, on every page.
    pub total_count: i32,
}

/// A Relay connection with `totalCount`, whose edges may carry `E`.
pub type Paged<N, E = EmptyFields> = Connection<String, N, TotalCount, E>;

/// The connection of one page: `items` (each with its edge fields) start at
/// offset `start` of `total`.
pub fn paged<N: OutputType, E: async_graphql::ObjectType>(
    start: usize,
    total: usize,
    items: impl IntoIterator<Item = (N, E)>,
) -> Paged<N, E> {
    let edges: Vec<Edge<String, N, E>> = items
        .into_iter()
        .enumerate()
        .map(|(i, (node, fields))| {
            Edge::with_additional_fields(super::query::encode_cursor(start + i), node, fields)
        })
        .collect();
    let end = start + edges.len();
    let mut connection = Connection::with_additional_fields(
        start > 0,
        end < total,
        TotalCount {
            total_count: i32::try_from(total).unwrap_or(i32::MAX),
        },
    );
    connection.edges = edges;
    connection
}

/// An issuer as the API shows it: null for the tables that name none
/// (stored as "").
pub fn named(issuer: &str) -> Option<&str> {
    Some(issuer).filter(|i| !i.is_empty())
}
