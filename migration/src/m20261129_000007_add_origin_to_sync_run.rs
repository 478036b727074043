//! The configured source a scheduled run came from (a folder, file or URL),
//! so "seen before from that source" covers every file of a folder.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SyncRun {
    Table,
    Origin,
    Sha256,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SyncRun::Table)
                    .add_column(text_null(SyncRun::Origin))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sync_run_origin_sha")
                    .table(SyncRun::Table)
                    .col(SyncRun::Origin)
                    .col(SyncRun::Sha256)
                    .to_owned(),
            )
            .await
    }
}
