//! Ordered project-unit links, lead unit first.

use sea_orm_migration::{prelude::*, schema::*};

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
        manager
            .create_table(
                Table::create()
                    .table(ProjectUnit::Table)
                    .if_not_exists()
                    .col(integer(ProjectUnit::ProjectId))
                    .col(integer(ProjectUnit::UnitId))
                    .col(integer(ProjectUnit::Position))
                    .primary_key(
                        Index::create()
                            .col(ProjectUnit::ProjectId)
                            .col(ProjectUnit::UnitId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectUnit::Table, ProjectUnit::ProjectId)
                            .to(Project::Table, Project::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ProjectUnit::Table, ProjectUnit::UnitId)
                            .to(Unit::Table, Unit::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_project_unit_unit")
                    .table(ProjectUnit::Table)
                    .col(ProjectUnit::UnitId)
                    .to_owned(),
            )
            .await
    }
}
