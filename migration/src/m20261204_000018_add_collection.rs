//! The period's collection loop: each unit's return merges into its
//! period's report, which stays `partial` (made of returns) until a whole
//! table replaces it; a run records the unit whose form it returned and
//! whether it merged; a period's deadline for the returns is kept per
//! issuer, year and date.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Report {
    Table,
    Partial,
}

#[derive(DeriveIden)]
enum SyncRun {
    Table,
    FormUnit,
    Merged,
}

#[derive(DeriveIden)]
enum CollectionDeadline {
    Table,
    Id,
    Issuer,
    Year,
    AsOf,
    Deadline,
    SetAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Report::Table,
            boolean(Report::Partial).default(false).to_owned(),
        )
        .await?;
        add_column(manager, SyncRun::Table, string_null(SyncRun::FormUnit)).await?;
        add_column(
            manager,
            SyncRun::Table,
            boolean(SyncRun::Merged).default(false).to_owned(),
        )
        .await?;
        create_table(
            manager,
            Table::create()
                .table(CollectionDeadline::Table)
                .col(pk_auto(CollectionDeadline::Id))
                .col(string(CollectionDeadline::Issuer))
                .col(integer(CollectionDeadline::Year))
                .col(date(CollectionDeadline::AsOf))
                .col(timestamp_with_time_zone(CollectionDeadline::Deadline))
                .col(timestamp_with_time_zone(CollectionDeadline::SetAt)),
        )
        .await?;
        create_index(
            manager,
            "ux_collection_deadline_period",
            CollectionDeadline::Table,
            [
                CollectionDeadline::Issuer,
                CollectionDeadline::Year,
                CollectionDeadline::AsOf,
            ],
            Keys::Unique,
        )
        .await
    }
}
