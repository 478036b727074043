//! The process that runs an import, so a replica starting up can tell a run
//! left RUNNING by a dead process (it ends as FAILED, INTERRUPTED) from one
//! another live replica is running now.

use sea_orm_migration::{prelude::*, schema::*};

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
        manager
            .alter_table(
                Table::alter()
                    .table(SyncRun::Table)
                    .add_column(big_integer_null(SyncRun::Owner))
                    .to_owned(),
            )
            .await
    }
}
