//! Projects, unique per year and normalized name.

use sea_orm_migration::{prelude::*, schema::*};

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
        manager
            .create_table(
                Table::create()
                    .table(Project::Table)
                    .if_not_exists()
                    .col(pk_auto(Project::Id))
                    .col(integer(Project::Year))
                    .col(integer_null(Project::SerialNo))
                    .col(text(Project::Name))
                    .col(text(Project::NormalizedName))
                    .col(text(Project::Goal))
                    .col(date(Project::LatestAsOf))
                    .col(timestamp_with_time_zone(Project::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_project_year_name")
                    .table(Project::Table)
                    .col(Project::Year)
                    .col(Project::NormalizedName)
                    .unique()
                    .to_owned(),
            )
            .await
    }
}
