//! Projects, unique per year and normalized name.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub(crate) enum Project {
    Table,
    Id,
    Year,
    SerialNo,
    Name,
    NormalizedName,
    Goal,
    LatestAsOf,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table(Project::Table)
                .col(pk_auto(Project::Id))
                .col(integer(Project::Year))
                .col(integer_null(Project::SerialNo))
                .col(text(Project::Name))
                .col(text(Project::NormalizedName))
                .col(text(Project::Goal))
                .col(date(Project::LatestAsOf))
                .col(timestamp_with_time_zone(Project::CreatedAt)),
        )
        .await?;
        create_index(
            manager,
            "ux_project_year_name",
            Project::Table,
            [Project::Year, Project::NormalizedName],
            Keys::Unique,
        )
        .await
    }
}
