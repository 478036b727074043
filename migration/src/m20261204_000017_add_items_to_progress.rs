//! Sub-items (子项目, 考核指标): the indicators a table lists under one 序号,
//! each with its own target, done figure and rate, kept with the project's
//! entry of each report as a JSON array (read whole with the entry, never
//! queried alone). `rate_source` says when the entry's rate is the mean of
//! its items' (`ITEMS`) because the table gave none; empty means the
//! table's own, which every earlier entry is.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Progress {
    Table,
}

#[derive(DeriveIden)]
enum Added {
    Items,
    RateSource,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, Progress::Table, text_null(Added::Items)).await?;
        add_column(manager, Progress::Table, string_null(Added::RateSource)).await
    }
}
