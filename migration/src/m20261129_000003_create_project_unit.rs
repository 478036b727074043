//! Ordered project-unit links, lead unit first.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

use crate::m20261129_000001_create_unit::Unit;
use crate::m20261129_000002_create_project::Project;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectUnit {
    Table,
    ProjectId,
    UnitId,
    Position,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table(ProjectUnit::Table)
                .col(integer(ProjectUnit::ProjectId))
                .col(integer(ProjectUnit::UnitId))
                .col(integer(ProjectUnit::Position))
                .primary_key(
                    Index::create()
                        .col(ProjectUnit::ProjectId)
                        .col(ProjectUnit::UnitId),
                )
                .foreign_key(&mut references(
                    (ProjectUnit::Table, ProjectUnit::ProjectId),
                    (Project::Table, Project::Id),
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut references(
                    (ProjectUnit::Table, ProjectUnit::UnitId),
                    (Unit::Table, Unit::Id),
                    ForeignKeyAction::Cascade,
                )),
        )
        .await?;
        create_index(
            manager,
            "ix_project_unit_unit",
            ProjectUnit::Table,
            [ProjectUnit::UnitId],
            Keys::Many,
        )
        .await
    }
}
