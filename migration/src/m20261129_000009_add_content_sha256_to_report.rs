//! The SHA-256 of what a table says (year, period and every project's
//! fields), so the same content in other bytes (a table re-saved in Excel or
//! WPS, the xls copy of an xlsx) is recognised and changes nothing. Reports
//! imported before have none and are compared by their file only.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Report {
    Table,
    ContentSha256,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, Report::Table, string_null(Report::ContentSha256)).await
    }
}
