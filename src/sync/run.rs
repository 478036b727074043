//! One sync run: hash, parse (off the async threads), import under the
//! import lock, record, announce.

use std::sync::Arc;

use chrono::Utc;
use entity::sync_run;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};
use tokio::sync::broadcast;

use super::RunErrorCode;
use crate::ingest;
use crate::metrics::Metrics;
use crate::sheet::{self, Warning};

/// What started a run.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "SyncTrigger")]
pub enum Trigger {
    /// An upload (GraphQL mutation or the upload endpoint).
    Upload,
    /// The sync scheduler.
    Schedule,
    /// `runSync`.
    Manual,
    /// `shishi import`.
    Cli,
    /// The bundled official table, imported into an empty database at start.
    Example,
}

impl Trigger {
    /// The stored form, equal to the GraphQL enum value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upload => "UPLOAD",
            Self::Schedule => "SCHEDULE",
            Self::Manual => "MANUAL",
            Self::Cli => "CLI",
            Self::Example => "EXAMPLE",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Self {
        match s {
            "UPLOAD" => Self::Upload,
            "SCHEDULE" => Self::Schedule,
            "MANUAL" => Self::Manual,
            "EXAMPLE" => Self::Example,
            _ => Self::Cli,
        }
    }
}

/// How a run ended (or that it is under way).
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(name = "SyncStatus")]
pub enum RunStatus {
    /// Under way.
    Running,
    /// A new report was written.
    Succeeded,
    /// The same file had been imported before; nothing was written.
    Unchanged,
    /// The file was refused; see the error.
    Failed,
    /// Parsed and validated only; nothing but the run record was written.
    DryRun,
}

impl RunStatus {
    /// The stored form, equal to the GraphQL enum value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "RUNNING",
            Self::Succeeded => "SUCCEEDED",
            Self::Unchanged => "UNCHANGED",
            Self::Failed => "FAILED",
            Self::DryRun => "DRY_RUN",
        }
    }

    /// Reads the stored form.
    pub fn parse(s: &str) -> Self {
        match s {
            "RUNNING" => Self::Running,
            "SUCCEEDED" => Self::Succeeded,
            "UNCHANGED" => Self::Unchanged,
            "DRY_RUN" => Self::DryRun,
            _ => Self::Failed,
        }
    }
}

/// A table's content: in memory, or in a (temporary) file that is read
/// only when the import's turn comes, so uploads waiting in the queue hold
/// no memory.
#[derive(Debug)]
pub enum Content {
    /// The bytes.
    Bytes(Vec<u8>),
    /// An open file, read from its start.
    File(std::fs::File),
}

impl Content {
    /// The bytes, read off the async threads for a file.
    async fn into_bytes(self) -> std::io::Result<Vec<u8>> {
        match self {
            Self::Bytes(b) => Ok(b),
            Self::File(mut f) => tokio::task::spawn_blocking(move || {
                use std::io::{Read, Seek};
                f.rewind()?;
                // Sized once: growing by doubling would hold up to twice
                // the file while it is read.
                let size = f.metadata().map(|m| m.len()).unwrap_or(0);
                let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
                f.read_to_end(&mut bytes)?;
                Ok(bytes)
            })
            .await
            .map_err(std::io::Error::other)?,
        }
    }
}

/// A table to import.
#[derive(Debug)]
pub struct RunRequest {
    /// What started the run.
    pub trigger: Trigger,
    /// Where it came from: file name, path or URL.
    pub source: String,
    /// The file's content.
    pub content: Content,
    /// Parse and validate only.
    pub dry_run: bool,
    /// The reporting date, overriding the title's.
    pub as_of: Option<chrono::NaiveDate>,
    /// The period label, overriding the title's.
    pub period: Option<String>,
    /// The issuer, overriding the title's.
    pub issuer: Option<String>,
    /// The year, overriding the title's.
    pub year: Option<i32>,
    /// Which row is the header and which column is which.
    pub mapping: sheet::Mapping,
    /// The configured sync source it came from, for scheduled runs.
    pub origin: Option<String>,
    /// Merge the table's rows into its period's report instead of
    /// replacing it (a marked form merges without being asked).
    pub merge: bool,
    /// The name of the token that sent it; None for the scheduler and the
    /// command line.
    pub uploaded_by: Option<String>,
    /// The client's address, for uploads.
    pub client_address: Option<String>,
    /// A unit's token sent it: every row must be that unit's project.
    pub unit_only: Option<String>,
}

impl RunRequest {
    /// A request to import `bytes` from `source`, no overrides.
    pub fn new(trigger: Trigger, source: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self::of(trigger, source, Content::Bytes(bytes))
    }

    /// A request to import `content` from `source`, no overrides.
    pub fn of(trigger: Trigger, source: impl Into<String>, content: Content) -> Self {
        Self {
            trigger,
            source: source.into(),
            content,
            dry_run: false,
            as_of: None,
            period: None,
            issuer: None,
            year: None,
            mapping: sheet::Mapping::default(),
            origin: None,
            merge: false,
            uploaded_by: None,
            client_address: None,
            unit_only: None,
        }
    }
}

/// The first key of the advisory locks that mark a live importing process
/// ("SHSH"); the second is the process's owner key.
const OWNER_LOCK_CLASS: i32 = 0x5348_5348;

/// Imports run one at a time (reading a table takes most of a core and
/// memory in proportion to its size); this many more may wait their turn
/// by default before uploads are refused as busy.
pub const DEFAULT_IMPORT_QUEUE: usize = 8;

/// Seconds a client refused with [`Busy`] is told to wait.
pub const BUSY_RETRY_AFTER: u32 = 5;

/// The import queue is full.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error(
    "{waiting} tables are already waiting to be imported; send this one again in a few seconds"
)]
pub struct Busy {
    /// How many are waiting or running.
    pub waiting: usize,
}

/// A place in the import queue, held from admission until the import ends.
#[must_use]
pub struct Ticket(Arc<std::sync::atomic::AtomicUsize>);

impl Drop for Ticket {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Runs imports one at a time and tells subscribers of each finished run.
#[derive(Clone)]
pub struct Importer {
    db: DatabaseConnection,
    turn: Arc<tokio::sync::Semaphore>,
    admitted: Arc<std::sync::atomic::AtomicUsize>,
    queue: usize,
    owner: i64,
    /// On PostgreSQL, the connection holding this process's owner lock for
    /// as long as the process lives.
    owner_lock: Arc<tokio::sync::Mutex<Option<sea_orm::sqlx::PgConnection>>>,
    finished: broadcast::Sender<sync_run::Model>,
    max_unpacked_bytes: u64,
    metrics: Option<Metrics>,
    generation: Arc<std::sync::atomic::AtomicU64>,
    own_issuer: Option<String>,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Importer {
    /// An importer writing to `db`.
    pub fn new(db: DatabaseConnection) -> Self {
        let (finished, _) = broadcast::channel(64);
        Self {
            db,
            turn: Arc::new(tokio::sync::Semaphore::new(1)),
            admitted: Arc::default(),
            queue: DEFAULT_IMPORT_QUEUE,
            owner: i64::from(rand::random::<i32>()),
            owner_lock: Arc::default(),
            finished,
            max_unpacked_bytes: sheet::DEFAULT_MAX_UNPACKED_BYTES,
            metrics: None,
            generation: Arc::default(),
            own_issuer: None,
        }
    }

    /// A number that changes whenever this process writes a run or a report:
    /// cached answers of other generations are stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Marks cached answers stale: this process wrote something they read
    /// (a run, a report, a period's deadline).
    pub fn bump(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Counts finished runs and their durations in `metrics`.
    pub fn with_metrics(mut self, metrics: Metrics) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// Lets a zip (xlsx, ods) inflate to `bytes` at most.
    pub fn with_max_unpacked_bytes(mut self, bytes: u64) -> Self {
        self.max_unpacked_bytes = bytes;
        self
    }

    /// Imports a table whose title and file name name no issuer under
    /// `issuer`, the office's own (the `--issuer` setting).
    pub fn with_own_issuer(mut self, issuer: Option<String>) -> Self {
        self.own_issuer = issuer.filter(|i| !i.trim().is_empty());
        self
    }

    /// Lets `n` uploads wait while one is imported.
    pub fn with_queue(mut self, n: usize) -> Self {
        self.queue = n;
        self
    }

    /// A place in the queue for an upload, or [`Busy`] when the queue is
    /// full. Callers that take uploads ask before they read the file.
    pub fn admit(&self) -> Result<Ticket, Busy> {
        use std::sync::atomic::Ordering;
        let before = self.admitted.fetch_add(1, Ordering::SeqCst);
        let ticket = Ticket(self.admitted.clone());
        if before > self.queue {
            return Err(Busy { waiting: before });
        }
        Ok(ticket)
    }

    /// The database it writes to.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Every run as it finishes.
    pub fn subscribe(&self) -> broadcast::Receiver<sync_run::Model> {
        self.finished.subscribe()
    }

    /// Runs one import and returns its finished run record. Errors only
    /// when the run log itself cannot be written.
    pub async fn run(&self, req: RunRequest) -> Result<sync_run::Model, DbErr> {
        // One import at a time; the semaphore is never closed.
        let _turn = self.turn.acquire().await.ok();
        let bytes = match req.content.into_bytes().await {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::error!(source = %req.source, error = %e, "reading an upload failed");
                return self
                    .record_source_error(
                        req.trigger,
                        &req.source,
                        req.origin.as_deref(),
                        RunErrorCode::SourceUnreadable,
                        "the uploaded file could not be read back on the server; send it again",
                    )
                    .await;
            }
        };
        let sha256 = sha256_hex(&bytes);
        let started = sync_run::ActiveModel {
            trigger: Set(req.trigger.as_str().to_owned()),
            source: Set(req.source.clone()),
            status: Set(RunStatus::Running.as_str().to_owned()),
            sha256: Set(Some(sha256.clone())),
            started_at: Set(Utc::now()),
            rows_read: Set(0),
            projects_created: Set(0),
            projects_updated: Set(0),
            warnings: Set("[]".to_owned()),
            origin: Set(req.origin.clone()),
            owner: Set(Some(self.owner)),
            uploaded_by: Set(req.uploaded_by.clone()),
            client_address: Set(req.client_address.clone()),
            ..Default::default()
        }
        .insert(&self.db)
        .await?;
        self.bump();
        let mut run: sync_run::ActiveModel = started.into();

        let options = sheet::ReadOptions {
            file_name: file_name_of(&req.source),
            max_unpacked_bytes: self.max_unpacked_bytes,
            as_of: req.as_of,
            period: req.period.clone(),
            issuer: req.issuer.clone(),
            default_issuer: self.own_issuer.clone(),
            year: req.year,
            mapping: req.mapping.clone(),
        };
        let parsed = tokio::task::spawn_blocking(move || sheet::read_table(&bytes, &options)).await;
        let table = match parsed {
            Ok(Ok(table)) => table,
            Ok(Err(e)) => {
                run.status = Set(RunStatus::Failed.as_str().to_owned());
                run.error_code = Set(Some(RunErrorCode::from(&e).as_str().to_owned()));
                run.error_message = Set(Some(e.to_string()));
                return self.finish(run).await;
            }
            Err(join) => {
                tracing::error!(source = %req.source, error = %join, "the reader failed");
                run.status = Set(RunStatus::Failed.as_str().to_owned());
                run.error_code = Set(Some(RunErrorCode::UnreadableFile.as_str().to_owned()));
                run.error_message = Set(Some(
                    "the file could not be read as a tracking table; open it in Excel or WPS, save it again as .xlsx and upload that copy".to_owned(),
                ));
                return self.finish(run).await;
            }
        };
        run.rows_read = Set(table.projects.len() as i32);
        run.title = Set(Some(table.title.clone()));
        run.issuer = Set(Some(table.issuer.clone()));
        run.year = Set(Some(table.year));
        run.period = Set(Some(table.period.label.clone()));
        run.as_of = Set(Some(table.period.as_of));
        run.warnings = Set(warnings_json(&table.warnings));
        // The issuer and warnings as the import resolved them (a table
        // naming no issuer joins the one its year holds).
        let mut resolved = |issuer: String, warnings: Vec<Warning>| {
            run.issuer = Set(Some(issuer));
            if !warnings.is_empty() {
                let mut all = table.warnings.clone();
                all.extend(warnings);
                run.warnings = Set(warnings_json(&all));
            }
        };

        if let Some(unit) = &req.unit_only {
            let others: Vec<String> = table
                .projects
                .iter()
                .filter(|p| !p.units.contains(unit))
                .take(5)
                .map(|p| format!("row {} '{}'", p.row, p.name))
                .collect();
            if !others.is_empty() {
                run.status = Set(RunStatus::Failed.as_str().to_owned());
                run.error_code = Set(Some(RunErrorCode::OutsideUnit.as_str().to_owned()));
                run.error_message = Set(Some(format!(
                    "{unit}的令牌只能上传本单位的项目：{} 不是{unit}的项目，未导入任何内容 ({unit}'s token uploads only its own projects; nothing was imported)",
                    others.join("、")
                )));
                return self.finish(run).await;
            }
        }
        let merge = req.merge || table.form.is_some();
        run.merged = Set(merge);
        run.form_unit = Set(table.form.as_ref().and_then(|f| f.unit.clone()));
        if req.dry_run {
            match ingest::plan_import(&self.db, &table, &sha256, merge).await {
                Ok(plan) => {
                    let outcome = match plan.existing_report {
                        Some(_) => RunStatus::Unchanged,
                        None => RunStatus::Succeeded,
                    };
                    run.outcome = Set(Some(outcome.as_str().to_owned()));
                    resolved(plan.issuer, plan.warnings);
                    run.status = Set(RunStatus::DryRun.as_str().to_owned());
                    run.projects_created = Set(plan.created);
                    run.projects_updated = Set(plan.updated);
                }
                Err(e) => internal(&mut run, &req.source, &e),
            }
            return self.finish(run).await;
        }
        match ingest::import_table(&self.db, &table, &req.source, &sha256, merge).await {
            Ok(outcome) if outcome.written => {
                resolved(outcome.issuer, outcome.warnings);
                run.status = Set(RunStatus::Succeeded.as_str().to_owned());
                run.report_id = Set(Some(outcome.report_id));
                run.projects_created = Set(outcome.created);
                run.projects_updated = Set(outcome.updated);
            }
            Ok(outcome) => {
                resolved(outcome.issuer, outcome.warnings);
                run.status = Set(RunStatus::Unchanged.as_str().to_owned());
                run.report_id = Set(Some(outcome.report_id));
            }
            Err(e) => internal(&mut run, &req.source, &e),
        }
        self.finish(run).await
    }

    /// Records a source that could not be read (missing path, too large,
    /// unreachable URL) as a FAILED run.
    pub async fn record_source_error(
        &self,
        trigger: Trigger,
        source: &str,
        origin: Option<&str>,
        code: RunErrorCode,
        message: &str,
    ) -> Result<sync_run::Model, DbErr> {
        let run = sync_run::ActiveModel {
            trigger: Set(trigger.as_str().to_owned()),
            source: Set(source.to_owned()),
            status: Set(RunStatus::Failed.as_str().to_owned()),
            started_at: Set(Utc::now()),
            rows_read: Set(0),
            projects_created: Set(0),
            projects_updated: Set(0),
            warnings: Set("[]".to_owned()),
            error_code: Set(Some(code.as_str().to_owned())),
            error_message: Set(Some(message.to_owned())),
            origin: Set(origin.map(str::to_owned)),
            ..Default::default()
        };
        self.finish(run).await
    }

    /// Takes this process's owner key: on PostgreSQL, a session advisory
    /// lock on a connection taken out of the pool for the life of the
    /// process, which other replicas test to tell whether its RUNNING runs
    /// are still under way. Nothing to do on SQLite, which one process uses.
    pub async fn claim_owner(&self) -> Result<(), DbErr> {
        if self.db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        let mut held = self.owner_lock.lock().await;
        if held.is_some() {
            return Ok(());
        }
        let pool = self.db.get_postgres_connection_pool();
        let mut conn = pool
            .acquire()
            .await
            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?
            .detach();
        sea_orm::sqlx::query("SELECT pg_advisory_lock($1, $2)")
            .bind(OWNER_LOCK_CLASS)
            .bind(self.owner as i32)
            .execute(&mut conn)
            .await
            .map_err(|e| DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e)))?;
        *held = Some(conn);
        Ok(())
    }

    /// Ends the runs that a dead process left RUNNING as FAILED with code
    /// INTERRUPTED, and tells subscribers. On SQLite every RUNNING run of
    /// another process is dead (one process uses the file); on PostgreSQL a
    /// run is dead when its owner's lock can be taken, that is when no live
    /// replica holds it. Their imports were never committed (an import is
    /// one transaction), so only the run record needs ending. On SQLite
    /// this is done at start only (`starting`), since a command-line import
    /// may be running beside the server; on PostgreSQL every scheduled step
    /// does it too, so a live replica ends the runs of one that died.
    pub async fn recover_interrupted(&self, starting: bool) -> Result<Vec<sync_run::Model>, DbErr> {
        let postgres = self.db.get_database_backend() == sea_orm::DatabaseBackend::Postgres;
        if !starting && !postgres {
            return Ok(Vec::new());
        }
        let running = sync_run::Entity::find()
            .filter(sync_run::Column::Status.eq(RunStatus::Running.as_str()))
            .all(&self.db)
            .await?;
        let mut ended = Vec::new();
        for run in running {
            if run.owner == Some(self.owner) {
                continue;
            }
            let txn = self.db.begin().await?;
            if postgres {
                if let Some(owner) = run.owner {
                    let free = txn
                        .query_one(sea_orm::Statement::from_sql_and_values(
                            sea_orm::DatabaseBackend::Postgres,
                            "SELECT pg_try_advisory_xact_lock($1, $2) AS free",
                            [OWNER_LOCK_CLASS.into(), (owner as i32).into()],
                        ))
                        .await?
                        .and_then(|row| row.try_get::<bool>("", "free").ok())
                        .unwrap_or(false);
                    if !free {
                        txn.rollback().await?;
                        continue;
                    }
                }
            }
            let mut active: sync_run::ActiveModel = run.into();
            active.status = Set(RunStatus::Failed.as_str().to_owned());
            active.error_code = Set(Some(RunErrorCode::Interrupted.as_str().to_owned()));
            active.error_message = Set(Some(
                "the server stopped while this table was being imported, and nothing of it was written; import it again".to_owned(),
            ));
            active.finished_at = Set(Some(Utc::now()));
            let run = active.update(&txn).await?;
            txn.commit().await?;
            tracing::warn!(run = run.id, source = %run.source, "a run left RUNNING by a stopped process ended as INTERRUPTED");
            self.bump();
            let _ = self.finished.send(run.clone());
            ended.push(run);
        }
        Ok(ended)
    }

    async fn finish(&self, mut run: sync_run::ActiveModel) -> Result<sync_run::Model, DbErr> {
        run.finished_at = Set(Some(Utc::now()));
        let run = if !run.id.is_not_set() {
            run.update(&self.db).await?
        } else {
            run.insert(&self.db).await?
        };
        self.bump();
        if let Some(m) = &self.metrics {
            m.sync_runs
                .with_label_values(&[&run.trigger, &run.status])
                .inc();
            if let Some(end) = run.finished_at {
                let seconds = (end - run.started_at).num_milliseconds().max(0) as f64 / 1000.0;
                m.import_seconds
                    .with_label_values(&[&run.status])
                    .observe(seconds);
            }
        }
        tracing::info!(run = run.id, trigger = %run.trigger, source = %run.source, status = %run.status, code = ?run.error_code, "sync run finished");
        // Nobody listening is fine: the run is in the log.
        let _ = self.finished.send(run.clone());
        Ok(run)
    }
}

fn internal(run: &mut sync_run::ActiveModel, source: &str, e: &DbErr) {
    tracing::error!(%source, error = %e, "import failed in the database");
    run.status = Set(RunStatus::Failed.as_str().to_owned());
    run.error_code = Set(Some(RunErrorCode::Internal.as_str().to_owned()));
    run.error_message = Set(Some(
        "the database refused the import, and nothing of it was written; try again, and tell the operator if it fails again (the server log has the cause)".to_owned(),
    ));
}

/// The last path or URL segment, where year and period may be named.
fn file_name_of(source: &str) -> String {
    source
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(source)
        .to_owned()
}

fn warnings_json(warnings: &[Warning]) -> String {
    serde_json::to_string(warnings).unwrap_or_else(|_| "[]".to_owned())
}

/// Reads the warnings stored with a run.
pub fn parse_warnings(json: &str) -> Vec<Warning> {
    serde_json::from_str(json).unwrap_or_default()
}
