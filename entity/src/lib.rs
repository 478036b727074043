//! SeaORM entities of shishi, one module per table, and nothing else.
//!
//! Business rules (identity, history, status) live in the root crate's
//! `ingest` module; the GraphQL layer wraps these models rather than deriving
//! on them, so a migration cannot silently reshape the public API.

pub mod collection_deadline;
pub mod notification;
pub mod progress;
pub mod project;
pub mod project_unit;
pub mod report;
pub mod sync_run;
pub mod unit;
