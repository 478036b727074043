//! A project's state in one report.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

use crate::m20261129_000002_create_project::Project;
use crate::m20261129_000004_create_report::Report;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Progress {
    Table,
    Id,
    ProjectId,
    ReportId,
    SerialNo,
    RowNo,
    CompletionRate,
    RawRate,
    Status,
    Summary,
    Detail,
    Remarks,
    Extra,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table(Progress::Table)
                .col(pk_auto(Progress::Id))
                .col(integer(Progress::ProjectId))
                .col(integer(Progress::ReportId))
                .col(integer_null(Progress::SerialNo))
                .col(integer(Progress::RowNo))
                .col(double_null(Progress::CompletionRate))
                .col(text(Progress::RawRate))
                .col(string(Progress::Status))
                .col(text(Progress::Summary))
                .col(text(Progress::Detail))
                .col(text_null(Progress::Remarks))
                .col(text(Progress::Extra))
                .foreign_key(&mut references(
                    (Progress::Table, Progress::ProjectId),
                    (Project::Table, Project::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut references(
                    (Progress::Table, Progress::ReportId),
                    (Report::Table, Report::Id),
                    ForeignKeyAction::Cascade,
                )),
        )
        .await?;
        create_index(
            manager,
            "ux_progress_project_report",
            Progress::Table,
            [Progress::ProjectId, Progress::ReportId],
            Keys::Unique,
        )
        .await?;
        create_index(
            manager,
            "ix_progress_report",
            Progress::Table,
            [Progress::ReportId],
            Keys::Many,
        )
        .await
    }
}
