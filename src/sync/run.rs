//! One sync run: hash, parse (off the async threads), import under the
//! import lock, record, announce.

use std::sync::Arc;

use chrono::Utc;
use entity::sync_run;
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, Set};
use sha2::{Digest, Sha256};
use tokio::sync::{broadcast, Mutex};

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

/// A table to import.
#[derive(Debug, Clone)]
pub struct RunRequest {
    /// What started the run.
    pub trigger: Trigger,
    /// Where it came from: file name, path or URL.
    pub source: String,
    /// The file's content.
    pub bytes: Vec<u8>,
    /// Parse and validate only.
    pub dry_run: bool,
    /// The reporting date, overriding the title's.
    pub as_of: Option<chrono::NaiveDate>,
    /// The period label, overriding the title's.
    pub period: Option<String>,
    /// The configured sync source it came from, for scheduled runs.
    pub origin: Option<String>,
}

impl RunRequest {
    /// A request to import `bytes` from `source`, no overrides.
    pub fn new(trigger: Trigger, source: impl Into<String>, bytes: Vec<u8>) -> Self {
        Self {
            trigger,
            source: source.into(),
            bytes,
            dry_run: false,
            as_of: None,
            period: None,
            origin: None,
        }
    }
}

/// Runs imports one at a time and tells subscribers of each finished run.
#[derive(Clone)]
pub struct Importer {
    db: DatabaseConnection,
    lock: Arc<Mutex<()>>,
    finished: broadcast::Sender<sync_run::Model>,
    max_unpacked_bytes: u64,
    metrics: Option<Metrics>,
    generation: Arc<std::sync::atomic::AtomicU64>,
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
            lock: Arc::new(Mutex::new(())),
            finished,
            max_unpacked_bytes: sheet::DEFAULT_MAX_UNPACKED_BYTES,
            metrics: None,
            generation: Arc::default(),
        }
    }

    /// A number that changes whenever this process writes a run or a report:
    /// cached answers of other generations are stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn bump(&self) {
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
        let sha256 = sha256_hex(&req.bytes);
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
        };
        let bytes = req.bytes;
        let parsed = tokio::task::spawn_blocking(move || sheet::read_table(&bytes, &options)).await;
        let table = match parsed {
            Ok(Ok(table)) => table,
            Ok(Err(e)) => {
                run.status = Set(RunStatus::Failed.as_str().to_owned());
                run.error_code = Set(Some(e.code().to_owned()));
                run.error_message = Set(Some(e.to_string()));
                return self.finish(run).await;
            }
            Err(join) => {
                tracing::error!(source = %req.source, error = %join, "the reader failed");
                run.status = Set(RunStatus::Failed.as_str().to_owned());
                run.error_code = Set(Some("UNREADABLE_FILE".to_owned()));
                run.error_message = Set(Some(
                    "the file could not be read as a tracking table; open it in Excel or WPS, save it again as .xlsx and upload that copy".to_owned(),
                ));
                return self.finish(run).await;
            }
        };
        run.rows_read = Set(table.projects.len() as i32);
        run.warnings = Set(warnings_json(&table.warnings));

        let _guard = self.lock.lock().await;
        if req.dry_run {
            match ingest::plan_import(&self.db, &table, &sha256).await {
                Ok(plan) => {
                    run.status = Set(RunStatus::DryRun.as_str().to_owned());
                    run.projects_created = Set(plan.created);
                    run.projects_updated = Set(plan.updated);
                }
                Err(e) => internal(&mut run, &req.source, &e),
            }
            return self.finish(run).await;
        }
        match ingest::import_table(&self.db, &table, &req.source, &sha256).await {
            Ok(outcome) if outcome.written => {
                run.status = Set(RunStatus::Succeeded.as_str().to_owned());
                run.report_id = Set(Some(outcome.report_id));
                run.projects_created = Set(outcome.created);
                run.projects_updated = Set(outcome.updated);
            }
            Ok(outcome) => {
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
        code: &str,
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
            error_code: Set(Some(code.to_owned())),
            error_message: Set(Some(message.to_owned())),
            origin: Set(origin.map(str::to_owned)),
            ..Default::default()
        };
        self.finish(run).await
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
    run.error_code = Set(Some("INTERNAL".to_owned()));
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
