//! The run log.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SyncRun {
    Table,
    Id,
    Trigger,
    Source,
    Status,
    Sha256,
    StartedAt,
    FinishedAt,
    ReportId,
    RowsRead,
    ProjectsCreated,
    ProjectsUpdated,
    Warnings,
    ErrorCode,
    ErrorMessage,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table(SyncRun::Table)
                .col(pk_auto(SyncRun::Id))
                .col(string(SyncRun::Trigger))
                .col(text(SyncRun::Source))
                .col(string(SyncRun::Status))
                .col(string_null(SyncRun::Sha256))
                .col(timestamp_with_time_zone(SyncRun::StartedAt))
                .col(timestamp_with_time_zone_null(SyncRun::FinishedAt))
                .col(integer_null(SyncRun::ReportId))
                .col(integer(SyncRun::RowsRead))
                .col(integer(SyncRun::ProjectsCreated))
                .col(integer(SyncRun::ProjectsUpdated))
                .col(text(SyncRun::Warnings))
                .col(string_null(SyncRun::ErrorCode))
                .col(text_null(SyncRun::ErrorMessage)),
        )
        .await?;
        create_index(
            manager,
            "ix_sync_run_source_sha",
            SyncRun::Table,
            [SyncRun::Source, SyncRun::Sha256],
            Keys::Many,
        )
        .await
    }
}
