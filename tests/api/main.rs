//! The integration tests, in one binary (one link of the crate, not nine):
//! each module tests one surface through what users touch (GraphQL over
//! HTTP, the REST upload, the command line, the server process, a real
//! browser), and every API test runs on a SQLite file and on PostgreSQL
//! (`on_both_databases!`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

mod browser;
mod claims;
mod cli;
mod collection;
mod documents;
mod exports;
mod fidelity;
mod frontend;
mod fuzz;
mod graphql;
mod hostile;
mod hostile_two;
mod issuers;
mod layouts;
mod memory;
mod notify;
mod published;
mod state;
mod sync;
mod tokens;
