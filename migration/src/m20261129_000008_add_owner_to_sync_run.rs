//! The process that runs an import, so a replica starting up can tell a run
//! left RUNNING by a dead process (it ends as FAILED, INTERRUPTED) from one
//! another live replica is running now.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SyncRun {
    Table,
    Owner,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, SyncRun::Table, big_integer_null(SyncRun::Owner)).await
    }
}
