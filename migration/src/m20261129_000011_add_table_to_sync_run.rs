//! What a run read from its table (title, year, period and its last day),
//! so a dry run can say which report an import would make before any is
//! written.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SyncRun {
    Table,
    Title,
    Year,
    Period,
    AsOf,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        add_column(manager, SyncRun::Table, text_null(SyncRun::Title)).await?;
        add_column(manager, SyncRun::Table, integer_null(SyncRun::Year)).await?;
        add_column(manager, SyncRun::Table, string_null(SyncRun::Period)).await?;
        add_column(manager, SyncRun::Table, date_null(SyncRun::AsOf)).await
    }
}
