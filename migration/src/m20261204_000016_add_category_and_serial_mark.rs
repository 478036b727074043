//! Tables as offices publish them: a category row (`一、教育文化类`) groups
//! the projects under it, and a serial may carry a mark (`7*`, a project
//! chosen by the deputies' vote). Each report's entry keeps what its table
//! said; the project keeps what its latest table says. Both start empty,
//! which is what tables without them say.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000002_create_project::Project;
use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Progress {
    Table,
}

#[derive(DeriveIden)]
enum Added {
    Category,
    SerialMark,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, Project::Table, string_null(Added::Category)).await?;
        add_column(manager, Project::Table, string_null(Added::SerialMark)).await?;
        add_column(manager, Progress::Table, string_null(Added::Category)).await?;
        add_column(manager, Progress::Table, string_null(Added::SerialMark)).await
    }
}
