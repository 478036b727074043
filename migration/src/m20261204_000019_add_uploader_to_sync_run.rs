//! Who sent each run: the name of the token it came with (the server's own,
//! a named one, a unit's) and the client's address. Earlier runs name no
//! one.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SyncRun {
    Table,
    UploadedBy,
    ClientAddress,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, SyncRun::Table, string_null(SyncRun::UploadedBy)).await?;
        add_column(manager, SyncRun::Table, string_null(SyncRun::ClientAddress)).await
    }
}
