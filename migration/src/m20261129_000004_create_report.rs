//! Imported tables; one current report per year and date, older ones kept as
//! revisions.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Report {
    Table,
    Id,
    Year,
    Period,
    AsOf,
    Title,
    SourceName,
    Sha256,
    Sheet,
    ImportedAt,
    ProjectCount,
    ReplacedById,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table(Report::Table)
                .col(pk_auto(Report::Id))
                .col(integer(Report::Year))
                .col(string(Report::Period))
                .col(date(Report::AsOf))
                .col(text(Report::Title))
                .col(text(Report::SourceName))
                .col(string(Report::Sha256).unique_key())
                .col(text(Report::Sheet))
                .col(timestamp_with_time_zone(Report::ImportedAt))
                .col(integer(Report::ProjectCount))
                .col(integer_null(Report::ReplacedById))
                .foreign_key(&mut references(
                    (Report::Table, Report::ReplacedById),
                    (Report::Table, Report::Id),
                    ForeignKeyAction::SetNull,
                )),
        )
        .await?;
        create_index(
            manager,
            "ix_report_year_as_of",
            Report::Table,
            [Report::Year, Report::AsOf],
            Keys::Many,
        )
        .await
    }
}
