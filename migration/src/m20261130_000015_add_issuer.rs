//! Several issuers in one database: a city office holds the tables of all
//! its districts, and 实施健康养老促进工程 exists in many of them. Each
//! report records its issuer (the district, county or city its title
//! names, or an upload argument; empty when neither names one), each
//! project the issuer whose tables list it, and a project is the same
//! project when issuer, year and normalized name are the same.
//!
//! A run records the issuer of the table it read, as it records its year.
//!
//! The columns start empty, which is what tables naming no issuer hold;
//! the server then reads the issuer off the titles of the reports already
//! held (`shishi::ingest::fill_issuers`) when it migrates.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000002_create_project::Project;
use crate::m20261129_000004_create_report::Report;
use crate::steps::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Issuer {
    Issuer,
}

#[derive(DeriveIden)]
enum SyncRun {
    Table,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(
            manager,
            Report::Table,
            string(Issuer::Issuer).default("").to_owned(),
        )
        .await?;
        add_column(
            manager,
            Project::Table,
            string(Issuer::Issuer).default("").to_owned(),
        )
        .await?;
        add_column(manager, SyncRun::Table, string_null(Issuer::Issuer)).await?;
        create_index(
            manager,
            "ux_project_issuer_year_name",
            Project::Table,
            [
                Issuer::Issuer.into_iden(),
                Project::Year.into_iden(),
                Project::NormalizedName.into_iden(),
            ],
            Keys::Unique,
        )
        .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_project_year_name")
                    .table(Project::Table)
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "ix_report_issuer_year_as_of",
            Report::Table,
            [
                Issuer::Issuer.into_iden(),
                Report::Year.into_iden(),
                Report::AsOf.into_iden(),
            ],
            Keys::Many,
        )
        .await
    }
}
