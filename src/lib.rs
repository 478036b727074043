//! shishi: every version of a district's livelihood-project tracking table
//! (民生实事项目进展情况调度表) in a database, each project's history across
//! reporting periods, served over GraphQL.
//!
//! Data flows one way: [`sheet`] reads a workbook into records, [`ingest`]
//! writes records in one transaction, [`service`] reads the database, and
//! [`graphql`] serves it. [`sync`] records every import as a run.
//! [`derived`] is what the database keeps beside the tables (each project's
//! judged state, the search index, each report's counts): [`ingest`] writes
//! it in the import's transaction, [`service`] reads it. [`export`] writes
//! what [`service`] reads back out as spreadsheets.

#![warn(missing_docs)]

pub mod app;
pub mod auth;
pub mod cli;
pub mod derived;
pub mod domain;
pub mod error;
pub mod export;
pub mod graphql;
pub mod http;
pub mod ingest;
pub mod metrics;
pub mod notify;
pub mod redact;
pub mod service;
pub use sheet;
pub mod sync;
