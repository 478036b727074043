//! What a dry run found the import would do: SUCCEEDED (it would write a
//! report) or UNCHANGED (the same table is held). Other runs have none.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SyncRun {
    Table,
    Outcome,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, SyncRun::Table, string_null(SyncRun::Outcome)).await
    }
}
