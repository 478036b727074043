//! What the read path filters, orders and counts by, judged when a table
//! is imported instead of on every query:
//! - each progress row's light (against its report's date, which never
//!   changes once written), and each report's counts by light and status
//!   with the sum of its rates (its entries never change either);
//! - each project's state: its latest entry in a current report and the
//!   one before (ids), that entry's date, rate, status and light, the
//!   change since the one before, and whether it stalled;
//! - the search index: per year and character bigram, the ids of the
//!   projects whose name, goal or latest progress text holds it, stored
//!   per block of projects and hash bucket of bigrams, so an import writes
//!   a bounded number of rows with bounded memory whatever the text.
//!
//! The columns start empty; the server fills them for data imported before
//! (`shishi::derived::fill_missing`) when it migrates.

use sea_orm_migration::{prelude::*, schema::*};

use crate::steps::*;

use crate::m20261129_000002_create_project::Project;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Progress {
    Table,
    Light,
}

#[derive(DeriveIden)]
enum Report {
    Table,
    Counts,
}

#[derive(DeriveIden)]
// The columns are named state_*: the prefix is the point.
#[allow(clippy::enum_variant_names)]
enum ProjectState {
    StateAsOf,
    StateReportId,
    StateProgressId,
    StatePreviousId,
    StateRate,
    StateStatus,
    StateLight,
    StateDelta,
    StateStalled,
}

#[derive(DeriveIden)]
enum SearchPosting {
    Table,
    Year,
    Block,
    Bucket,
    Data,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Progress::Table,
            small_integer_null(Progress::Light),
        )
        .await?;
        add_column(manager, Report::Table, text_null(Report::Counts)).await?;
        for column in [
            date_null(ProjectState::StateAsOf),
            integer_null(ProjectState::StateReportId),
            integer_null(ProjectState::StateProgressId),
            integer_null(ProjectState::StatePreviousId),
            double_null(ProjectState::StateRate),
            string_null(ProjectState::StateStatus),
            small_integer_null(ProjectState::StateLight),
            double_null(ProjectState::StateDelta),
            boolean(ProjectState::StateStalled)
                .default(false)
                .to_owned(),
        ] {
            add_column(manager, Project::Table, column).await?;
        }
        for (name, column) in [
            ("ix_project_year_light", ProjectState::StateLight),
            ("ix_project_year_rate", ProjectState::StateRate),
            ("ix_project_year_delta", ProjectState::StateDelta),
            ("ix_project_year_status", ProjectState::StateStatus),
        ] {
            create_index(
                manager,
                name,
                Project::Table,
                [Project::Year.into_iden(), column.into_iden()],
                Keys::Many,
            )
            .await?;
        }
        create_table(
            manager,
            Table::create()
                .table(SearchPosting::Table)
                .col(integer(SearchPosting::Year))
                .col(integer(SearchPosting::Block))
                .col(integer(SearchPosting::Bucket))
                .col(blob(SearchPosting::Data))
                .primary_key(
                    Index::create()
                        .col(SearchPosting::Year)
                        .col(SearchPosting::Bucket)
                        .col(SearchPosting::Block),
                ),
        )
        .await
    }
}
