//! Writes: uploading a table and running the sync sources. Both need the
//! API token.

use async_graphql::{Context, Object, Upload};

use super::require_writer;
use super::scalars::Date;
use super::types::SyncRun;
use crate::cli::Limits;
use crate::error::{ApiError, ApiResult};
use crate::sync::BUSY_RETRY_AFTER;
use crate::sync::{Content, Importer, RunRequest, SyncJob, Trigger};

/// Every mutation.
#[derive(Default)]
pub struct Mutation;

#[Object]
impl Mutation {
    /// Import one tracking table (xlsx, xls or ods) sent as a GraphQL
    /// multipart upload. Needs an API token. dryRun parses and validates,
    /// and writes nothing but the run record. A file that cannot be imported
    /// gives a FAILED run with an error code and message, not a GraphQL error.
    #[allow(clippy::too_many_arguments)]
    async fn upload_spreadsheet(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The table: xlsx, xls or ods, sent as a GraphQL multipart upload.")] file: Upload,
        #[graphql(
            default_with = "Some(false)",
            desc = "Parse and validate only: the run tells what would be created and updated; nothing but the run record is written."
        )]
        dry_run: Option<bool>,
        #[graphql(
            name = "asOf",
            desc = "The reporting date, when the title names none or names it wrongly; overrides the title."
        )]
        as_of: Option<Date>,
        #[graphql(
            desc = "The period label (e.g. 二季度, 1-6月), when the title names none; overrides the title."
        )]
        period: Option<String>,
        #[graphql(
            desc = "The issuing body (e.g. 章丘区), when the title names none or to override it; projects are told apart per issuer."
        )]
        issuer: Option<String>,
        #[graphql(
            desc = "The year, when the title names none or names it wrongly; overrides the title."
        )]
        year: Option<i32>,
        #[graphql(
            name = "headerRow",
            desc = "For a layout the reader does not recognize: the header row, 1-based."
        )]
        header_row: Option<i32>,
        #[graphql(
            desc = "For a layout the reader does not recognize: which column is which, as key=column pairs, e.g. \"goal=B, units=C, progress=D, rate=E\" (keys serial, name, goal, units, co-units, progress, rate, target, done, remarks; a column by letter or by its header text). A refused table's message suggests it."
        )]
        columns: Option<String>,
        #[graphql(
            default = false,
            desc = "Merge the table's rows into its period's report (one unit's return): each project it lists gets this entry, the others keep theirs, and the report replaced is kept as a revision. A form exported by shishi (next-period.xlsx) merges without it; a whole table without it replaces the date."
        )]
        merge: bool,
    ) -> ApiResult<SyncRun> {
        // Who asks comes first: an anonymous caller learns nothing of its arguments.
        let (writer, caller) = super::writer(ctx)?;
        let options = crate::sync::ImportOptions::new(
            dry_run.unwrap_or(false),
            merge,
            as_of.map(|d| d.0),
            period,
            issuer,
            year,
            header_row.map(i64::from),
            columns.as_deref(),
        )
        .map_err(ApiError::BadUserInput)?;
        let limits = ctx.data_unchecked::<Limits>();
        let upload = file
            .value(ctx)
            .map_err(|_| ApiError::BadUserInput("the upload 'file' is missing from the multipart request; send it as the GraphQL multipart request spec says".to_owned()))?;
        let name = upload.filename.clone();
        let limit = limits.max_upload_bytes;
        let size = upload.content.metadata().map(|m| m.len()).unwrap_or(0);
        if size > limit {
            return Err(ApiError::TooLarge(format!(
                "the file is larger than the upload limit of {limit} bytes (--max-upload-bytes); a tracking table is far smaller, so check that this is the right file"
            )));
        }
        let importer = ctx.data_unchecked::<Importer>();
        let _ticket = importer.admit().map_err(|busy| ApiError::Busy {
            message: busy.to_string(),
            retry_after: BUSY_RETRY_AFTER,
        })?;
        let run = importer
            .run(options.into_request(RunRequest {
                uploaded_by: Some(writer.name),
                unit_only: writer.unit,
                client_address: caller.client,
                ..RunRequest::of(Trigger::Upload, name, Content::File(upload.content))
            }))
            .await?;
        Ok(SyncRun(run))
    }

    /// Sets when the units' returns of a period are due (报送截止时间); the
    /// period's collection after it. Needs an API token.
    async fn set_collection_deadline(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year.")] year: i32,
        #[graphql(name = "asOf", desc = "The period's last day, e.g. 2025-09-30.")] as_of: Date,
        #[graphql(desc = "When the returns are due, e.g. 2025-10-08T17:00:00+08:00.")]
        deadline: chrono::DateTime<chrono::Utc>,
        #[graphql(desc = "The issuer (章丘区); needed only when several issuers hold the year.")]
        issuer: Option<String>,
    ) -> ApiResult<Option<super::types::Collection>> {
        require_writer(ctx)?;
        crate::error::check_short_field("issuer", issuer.as_deref())?;
        let db = super::types::db(ctx)?;
        let Some(issuer) = super::query::resolved_issuer(db, year, issuer.as_deref()).await? else {
            return Err(ApiError::NotFound(format!("no report of {year} is held")));
        };
        crate::service::collection::set_deadline(db, year, &issuer, as_of.0, deadline).await?;
        ctx.data_unchecked::<Importer>().bump();
        Ok(
            crate::service::collection::collection(db, year, &issuer, Some(as_of.0))
                .await?
                .map(super::types::Collection),
        )
    }

    /// Run every configured sync source now, importing every file it holds
    /// (each gives a run; files already imported give UNCHANGED). Needs an
    /// API token.
    async fn run_sync(&self, ctx: &Context<'_>) -> ApiResult<Vec<SyncRun>> {
        require_writer(ctx)?;
        let job = ctx.data_unchecked::<std::sync::Arc<SyncJob>>();
        let runs = job.run_all(Trigger::Manual).await?;
        Ok(runs.into_iter().map(SyncRun).collect())
    }
}
