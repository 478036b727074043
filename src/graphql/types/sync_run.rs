//! SyncRun: one attempt to import a table, and the run log's page.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use entity::sync_run;

use super::{loaders, Paged, Report};
use crate::error::ApiResult;
use crate::graphql::scalars::Date;
use crate::sync::{parse_warnings, RunStatus, Trigger};

/// Something the reader noticed that did not stop the import.
#[derive(SimpleObject)]
pub struct SyncWarning {
    /// The worksheet.
    pub sheet: Option<String>,
    /// The spreadsheet row, 1-based.
    pub row: Option<i32>,
    /// The column's header as printed.
    pub column: Option<String>,
    /// What was noticed, as a stable code: SERIAL_REPEATED,
    /// SERIAL_OUT_OF_SEQUENCE, NO_GOAL, STRAY_ROW, RATE_APPROXIMATE,
    /// RATE_EMPTY, RATE_OUT_OF_RANGE, RATE_UNREADABLE; null on runs stored
    /// before codes were kept.
    pub code: Option<String>,
    /// What was noticed and what was done.
    pub message: String,
}

/// Why a run failed.
#[derive(SimpleObject)]
pub struct SyncError {
    /// Stable code, e.g. NOT_A_SPREADSHEET, NO_HEADER, NO_YEAR.
    pub code: String,
    /// What is wrong and what to do, in plain words.
    pub message: String,
}

/// One attempt to import a table, whatever started it.
pub struct SyncRun(pub sync_run::Model);

/// One attempt to import a table, whatever started it.
#[Object]
impl SyncRun {
    /// Stable identifier.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// What started the run.
    async fn trigger(&self) -> Trigger {
        Trigger::parse(&self.0.trigger)
    }

    /// File name, path or URL.
    async fn source(&self) -> &str {
        &self.0.source
    }

    /// The configured sync source (folder, file or URL) a scheduled or
    /// manual run came from; null for uploads and the command line.
    async fn origin(&self) -> Option<&str> {
        self.0.origin.as_deref()
    }

    /// How the run ended.
    async fn status(&self) -> RunStatus {
        RunStatus::parse(&self.0.status)
    }

    /// SHA-256 of the content, when it was read.
    async fn sha256(&self) -> Option<&str> {
        self.0.sha256.as_deref()
    }

    /// When the run started.
    async fn started_at(&self) -> DateTime<Utc> {
        self.0.started_at
    }

    /// When it finished.
    async fn finished_at(&self) -> Option<DateTime<Utc>> {
        self.0.finished_at
    }

    /// The name of the token that sent it ("api-token" for the server's
    /// own, else the name `--token` gives it); null for the scheduler and
    /// the command line.
    async fn uploaded_by(&self) -> Option<&str> {
        self.0.uploaded_by.as_deref()
    }

    /// The address the upload came from; null for the scheduler and the
    /// command line.
    async fn client_address(&self) -> Option<&str> {
        self.0.client_address.as_deref()
    }

    /// For a dry run, what the import would end as: SUCCEEDED (it would
    /// write a report, `projectsCreated`/`projectsUpdated` saying how
    /// much) or UNCHANGED (the same file or table is held: it would write
    /// nothing, and both counts are 0); null for other runs.
    async fn outcome(&self) -> Option<crate::sync::RunStatus> {
        self.0.outcome.as_deref().map(crate::sync::RunStatus::parse)
    }

    /// The unit whose form it returned, when it was one unit's return.
    async fn form_unit(&self) -> Option<&str> {
        self.0.form_unit.as_deref()
    }

    /// It merged into its period's report (a unit's return) rather than
    /// replacing it.
    async fn merged(&self) -> bool {
        self.0.merged
    }

    /// The report it wrote (or, for UNCHANGED, the one already holding the file).
    async fn report(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let Some(id) = self.0.report_id else {
            return Ok(None);
        };
        Ok(loaders(ctx)?.reports.load_one(id).await?.map(Report))
    }

    /// The table's title line; null when the file could not be read.
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }

    /// The year the table covers; null when the file could not be read.
    async fn year(&self) -> Option<i32> {
        self.0.year
    }

    /// The period as the title (or the upload) names it, e.g. "三季度";
    /// null when the file could not be read.
    async fn period(&self) -> Option<&str> {
        self.0.period.as_deref()
    }

    /// The period's last day: the reporting date of the report it makes;
    /// null when the file could not be read.
    #[graphql(name = "asOf")]
    async fn as_of(&self) -> Option<Date> {
        self.0.as_of.map(Date)
    }

    /// The issuer the table was read as (its title's, or the import's
    /// argument); null when the file could not be read or names none.
    async fn issuer(&self) -> Option<&str> {
        self.0.issuer.as_deref().and_then(super::named)
    }

    /// For a dry run: the report held for the same issuer, year and date, which
    /// importing the table would replace (it is then kept as a revision);
    /// null when the import would add a new date, and for other runs.
    async fn replaces(&self, ctx: &Context<'_>) -> ApiResult<Option<Report>> {
        let (Some(year), Some(as_of)) = (self.0.year, self.0.as_of) else {
            return Ok(None);
        };
        if RunStatus::parse(&self.0.status) != RunStatus::DryRun {
            return Ok(None);
        }
        let db = super::db(ctx)?;
        let issuer = self.0.issuer.as_deref().unwrap_or_default();
        Ok(crate::service::reports::current_at(db, year, issuer, as_of)
            .await?
            .map(Report))
    }

    /// Project rows read from the table.
    async fn rows_read(&self) -> i32 {
        self.0.rows_read
    }

    /// Projects it created (would create, for a dry run).
    async fn projects_created(&self) -> i32 {
        self.0.projects_created
    }

    /// Existing projects it updated (would update, for a dry run).
    async fn projects_updated(&self) -> i32 {
        self.0.projects_updated
    }

    /// What the reader noticed.
    async fn warnings(&self) -> Vec<SyncWarning> {
        parse_warnings(&self.0.warnings)
            .into_iter()
            .map(|w| SyncWarning {
                sheet: w.sheet,
                row: w.row.map(|r| r as i32),
                column: w.column,
                code: w.code,
                message: w.message,
            })
            .collect()
    }

    /// Set when status is FAILED.
    async fn error(&self) -> Option<SyncError> {
        match (&self.0.error_code, &self.0.error_message) {
            (Some(code), message) => Some(SyncError {
                code: code.clone(),
                message: message.clone().unwrap_or_default(),
            }),
            _ => None,
        }
    }
}

/// A page of the run log, newest first.
pub type SyncRunConnection = Paged<SyncRun>;
