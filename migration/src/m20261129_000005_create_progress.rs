//! A project's state in one report.

use sea_orm_migration::{prelude::*, schema::*};

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
        manager
            .create_table(
                Table::create()
                    .table(Progress::Table)
                    .if_not_exists()
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
                    .foreign_key(
                        ForeignKey::create()
                            .from(Progress::Table, Progress::ProjectId)
                            .to(Project::Table, Project::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Progress::Table, Progress::ReportId)
                            .to(Report::Table, Report::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_progress_project_report")
                    .table(Progress::Table)
                    .col(Progress::ProjectId)
                    .col(Progress::ReportId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_progress_report")
                    .table(Progress::Table)
                    .col(Progress::ReportId)
                    .to_owned(),
            )
            .await
    }
}
