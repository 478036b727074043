//! The configured source a scheduled run came from (a folder, file or URL),
//! so "seen before from that source" covers every file of a folder.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

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
        add_column(manager, SyncRun::Table, text_null(SyncRun::Origin)).await?;
        create_index(
            manager,
            "ix_sync_run_origin_sha",
            SyncRun::Table,
            [SyncRun::Origin, SyncRun::Sha256],
            Keys::Many,
        )
        .await
    }
}
