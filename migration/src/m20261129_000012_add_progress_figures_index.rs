//! Per-unit figures (`byUnit`, the unit ranking, the history workbook's
//! 红黄榜) group one report's entries by light and status with their rates.
//! The progress rows carry the whole progress text, so that scan read every
//! text of the report; an index holding the columns it needs answers it
//! from the index alone. It begins with `report_id`, so it replaces the
//! index on that column.

use sea_orm_migration::prelude::*;

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Progress {
    Table,
    ReportId,
    ProjectId,
    Light,
    Status,
    CompletionRate,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_index(
            manager,
            "ix_progress_report_figures",
            Progress::Table,
            [
                Progress::ReportId,
                Progress::ProjectId,
                Progress::Light,
                Progress::Status,
                Progress::CompletionRate,
            ],
            Keys::Many,
        )
        .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_progress_report")
                    .table(Progress::Table)
                    .to_owned(),
            )
            .await
    }
}
