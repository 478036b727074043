//! The run log: one row per attempt to import a table, whatever started it.

use sea_orm::entity::prelude::*;

/// A sync run row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "sync_run")]
pub struct Model {
    /// Surrogate key.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// UPLOAD, SCHEDULE, MANUAL or CLI.
    pub trigger: String,
    /// File name, path or URL.
    pub source: String,
    /// RUNNING, SUCCEEDED, UNCHANGED, FAILED or DRY_RUN.
    pub status: String,
    /// SHA-256 of the content, when it was read.
    pub sha256: Option<String>,
    /// When the run started.
    pub started_at: DateTimeUtc,
    /// When it finished.
    pub finished_at: Option<DateTimeUtc>,
    /// The report it wrote.
    pub report_id: Option<i32>,
    /// Project rows read from the table.
    pub rows_read: i32,
    /// Projects it created.
    pub projects_created: i32,
    /// Existing projects it updated.
    pub projects_updated: i32,
    /// Warnings, a JSON array of {sheet,row,column,message}.
    #[sea_orm(column_type = "Text")]
    pub warnings: String,
    /// Machine-readable error code when FAILED.
    pub error_code: Option<String>,
    /// Plain-language error message when FAILED.
    #[sea_orm(column_type = "Text", nullable)]
    pub error_message: Option<String>,
    /// The configured sync source (folder, file or URL) the run came from;
    /// None for uploads and the command line.
    #[sea_orm(column_type = "Text", nullable)]
    pub origin: Option<String>,
    /// The process running the import while it is RUNNING (a random key;
    /// on PostgreSQL that process holds an advisory lock on it).
    pub owner: Option<i64>,
    /// The table's title line, once read.
    #[sea_orm(column_type = "Text", nullable)]
    pub title: Option<String>,
    /// The year the table covers, once read.
    pub year: Option<i32>,
    /// The period as the title words it, once read.
    pub period: Option<String>,
    /// The period's last day, once read.
    pub as_of: Option<Date>,
    /// The table's issuer, once read ("" when it names none).
    pub issuer: Option<String>,
    /// The unit whose form the table returned, when it was one unit's.
    pub form_unit: Option<String>,
    /// The table merged into its period's report (a unit's return, or an
    /// upload asked to merge) rather than replacing it.
    pub merged: bool,
    /// The name of the token that sent it; None for the scheduler and the
    /// command line.
    pub uploaded_by: Option<String>,
    /// The client's address, for uploads.
    pub client_address: Option<String>,
    /// For a dry run: SUCCEEDED when the import would write a report,
    /// UNCHANGED when the same table is held.
    pub outcome: Option<String>,
}

/// A run has no navigable relations; `report_id` is looked up directly.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
