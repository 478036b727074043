//! Notifications: each event (a report imported, a project turned red or
//! stalled, a unit's return, a deadline passed) posted to each configured
//! receiver is recorded with its delivery: attempts, the last error, when
//! it was delivered. A deadline remembers when its overdue notice went out,
//! so it goes out once.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notification {
    Table,
    Id,
    Event,
    Target,
    Status,
    Attempts,
    LastError,
    Summary,
    CreatedAt,
    DeliveredAt,
}

#[derive(DeriveIden)]
enum CollectionDeadline {
    Table,
    OverdueNotifiedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table(Notification::Table)
                .col(pk_auto(Notification::Id))
                .col(string(Notification::Event))
                .col(text(Notification::Target))
                .col(string(Notification::Status))
                .col(integer(Notification::Attempts))
                .col(text_null(Notification::LastError))
                .col(text(Notification::Summary))
                .col(timestamp_with_time_zone(Notification::CreatedAt))
                .col(timestamp_with_time_zone_null(Notification::DeliveredAt)),
        )
        .await?;
        add_column(
            manager,
            CollectionDeadline::Table,
            timestamp_with_time_zone_null(CollectionDeadline::OverdueNotifiedAt),
        )
        .await
    }
}
