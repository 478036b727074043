//! A page of projects is ordered by 序号, or by light, rate or change and
//! then 序号 (ties in table order). With 序号 in the index beside the key, the page's
//! ids come from the index alone, in its order, instead of from every
//! project row of the year (each holding its goal text) sorted. The new
//! indexes begin with the old ones' columns, so they replace them.

use sea_orm_migration::prelude::*;

use crate::m20261129_000002_create_project::Project;
use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
// The columns are named state_*: the prefix is the point.
#[allow(clippy::enum_variant_names)]
enum ProjectState {
    StateRate,
    StateStatus,
    StateLight,
    StateDelta,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (old, new, column) in [
            (
                "ix_project_year_light",
                "ix_project_year_light_serial",
                ProjectState::StateLight,
            ),
            (
                "ix_project_year_rate",
                "ix_project_year_rate_serial",
                ProjectState::StateRate,
            ),
            (
                "ix_project_year_delta",
                "ix_project_year_delta_serial",
                ProjectState::StateDelta,
            ),
            (
                "ix_project_year_status",
                "ix_project_year_status_serial",
                ProjectState::StateStatus,
            ),
        ] {
            create_index(
                manager,
                new,
                Project::Table,
                [
                    Project::Year.into_iden(),
                    column.into_iden(),
                    Project::SerialNo.into_iden(),
                ],
                Keys::Many,
            )
            .await?;
            manager
                .drop_index(Index::drop().name(old).table(Project::Table).to_owned())
                .await?;
        }
        // And the default order, 序号 within the year.
        create_index(
            manager,
            "ix_project_year_serial",
            Project::Table,
            [Project::Year, Project::SerialNo],
            Keys::Many,
        )
        .await
    }
}
