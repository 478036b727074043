//! Forward-only schema migrations of shishi. They run on SQLite and
//! PostgreSQL alike, so they use only portable column types.

pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_unit;
mod m20261129_000002_create_project;
mod m20261129_000003_create_project_unit;
mod m20261129_000004_create_report;
mod m20261129_000005_create_progress;
mod m20261129_000006_create_sync_run;
mod m20261129_000007_add_origin_to_sync_run;
mod m20261129_000008_add_owner_to_sync_run;
mod m20261129_000009_add_content_sha256_to_report;
mod m20261129_000010_add_project_state;
mod m20261129_000011_add_table_to_sync_run;
mod m20261129_000012_add_progress_figures_index;
mod m20261129_000013_add_serial_to_state_indexes;
mod m20261129_000014_add_postgres_page_indexes;
mod m20261130_000015_add_issuer;
mod m20261204_000016_add_category_and_serial_mark;
mod m20261204_000017_add_items_to_progress;
mod m20261204_000018_add_collection;
mod m20261204_000019_add_uploader_to_sync_run;
mod m20261204_000020_create_notification;
mod m20261204_000021_add_outcome_to_sync_run;
mod steps;

/// Every migration, in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_create_unit::Migration),
            Box::new(m20261129_000002_create_project::Migration),
            Box::new(m20261129_000003_create_project_unit::Migration),
            Box::new(m20261129_000004_create_report::Migration),
            Box::new(m20261129_000005_create_progress::Migration),
            Box::new(m20261129_000006_create_sync_run::Migration),
            Box::new(m20261129_000007_add_origin_to_sync_run::Migration),
            Box::new(m20261129_000008_add_owner_to_sync_run::Migration),
            Box::new(m20261129_000009_add_content_sha256_to_report::Migration),
            Box::new(m20261129_000010_add_project_state::Migration),
            Box::new(m20261129_000011_add_table_to_sync_run::Migration),
            Box::new(m20261129_000012_add_progress_figures_index::Migration),
            Box::new(m20261129_000013_add_serial_to_state_indexes::Migration),
            Box::new(m20261129_000014_add_postgres_page_indexes::Migration),
            Box::new(m20261130_000015_add_issuer::Migration),
            Box::new(m20261204_000016_add_category_and_serial_mark::Migration),
            Box::new(m20261204_000017_add_items_to_progress::Migration),
            Box::new(m20261204_000018_add_collection::Migration),
            Box::new(m20261204_000019_add_uploader_to_sync_run::Migration),
            Box::new(m20261204_000020_create_notification::Migration),
            Box::new(m20261204_000021_add_outcome_to_sync_run::Migration),
        ]
    }
}
