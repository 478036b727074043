//! The sync job: passes over the configured sources, on a schedule or on
//! demand. A scheduled pass records a run only for news: content not seen
//! before from that source, or an error not seen before for a file. A
//! failing source never stops the others; it is retried with backoff.
//!
//! With several replicas on PostgreSQL, one replica at a time passes over a
//! source (a transaction-scoped advisory lock per source); imports are
//! serialized as well (see `ingest`), so a table is imported once.

use std::sync::Arc;
use std::time::Duration;

use entity::sync_run;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Statement, TransactionTrait,
};
use sha2::{Digest, Sha256};
use tokio::sync::{watch, Mutex};
use tokio::time::Instant;

use super::source::{Fetcher, Source, SourceSettings};
use super::ImportOptions;
use super::{sha256_hex, Importer, RunRequest, RunStatus, Trigger};

/// The first retry of a failing source comes after this long, then twice as
/// long each time, never longer than the interval.
const FIRST_RETRY: Duration = Duration::from_secs(5);

/// What one scheduled step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// Runs recorded (0 on an idle pass).
    Ran(usize),
    /// The run log could not be written; retried next time.
    Failed,
}

#[derive(Debug, Clone)]
struct SourceState {
    next_due: Instant,
    failures: u32,
}

/// The sync job of one process.
pub struct SyncJob {
    importer: Importer,
    sources: Vec<Source>,
    /// Per source, what its `#...` part says of its tables.
    settings: Vec<ImportOptions>,
    fetcher: Fetcher,
    interval: Duration,
    state: Mutex<Vec<SourceState>>,
}

/// What a pass over one source did.
struct SourcePass {
    runs: Vec<sync_run::Model>,
    source_failed: bool,
}

impl SyncJob {
    /// A job over `sources`, passing every `interval`, taking files of at
    /// most `limit` bytes and waiting `timeout` for a URL.
    pub fn new(
        importer: Importer,
        sources: Vec<Source>,
        interval: Duration,
        limit: u64,
        timeout: Duration,
    ) -> Arc<Self> {
        let now = Instant::now();
        let state = sources
            .iter()
            .map(|_| SourceState {
                next_due: now,
                failures: 0,
            })
            .collect();
        Arc::new(Self {
            importer,
            fetcher: Fetcher::new(limit, timeout),
            settings: vec![ImportOptions::default(); sources.len()],
            sources,
            interval,
            state: Mutex::new(state),
        })
    }

    /// A job over `sources` as `--sync-source` values, each with what its
    /// `#...` part says (see [`SourceSettings`]); a value that does not
    /// read is refused when the settings are read, so none is left here.
    pub fn from_specs(
        importer: Importer,
        specs: &[String],
        interval: Duration,
        limit: u64,
        timeout: Duration,
    ) -> Arc<Self> {
        let (sources, settings): (Vec<Source>, Vec<ImportOptions>) = specs
            .iter()
            .map(|spec| match SourceSettings::split(spec) {
                Ok((source, settings)) => (Source::parse(&source), settings),
                Err(_) => (Source::parse(spec), ImportOptions::default()),
            })
            .unzip();
        let mut job = Self::new(importer, sources, interval, limit, timeout);
        if let Some(job) = Arc::get_mut(&mut job) {
            job.settings = settings;
        }
        job
    }

    /// Runs every source now (runSync): every file gives a run, files
    /// already imported give UNCHANGED.
    pub async fn run_all(&self, trigger: Trigger) -> Result<Vec<sync_run::Model>, DbErr> {
        let mut runs = Vec::new();
        for i in 0..self.sources.len() {
            runs.extend(self.pass(i, trigger).await?.runs);
        }
        Ok(runs)
    }

    /// One scheduled step: every source that is due, recording news only.
    pub async fn step(&self) -> StepOutcome {
        if let Err(e) = self.importer.recover_interrupted(false).await {
            tracing::error!(error = %e, "cannot look for runs interrupted by a stopped replica");
        }
        let now = Instant::now();
        let due: Vec<usize> = {
            let state = self.state.lock().await;
            (0..self.sources.len())
                .filter(|&i| state[i].next_due <= now)
                .collect()
        };
        let mut recorded = 0;
        for i in due {
            let outcome = self.pass(i, Trigger::Schedule).await;
            let mut state = self.state.lock().await;
            let s = &mut state[i];
            match outcome {
                Ok(pass) if !pass.source_failed => {
                    recorded += pass.runs.len();
                    s.failures = 0;
                    s.next_due = Instant::now() + self.interval;
                }
                Ok(pass) => {
                    recorded += pass.runs.len();
                    s.failures += 1;
                    s.next_due = Instant::now() + self.backoff(s.failures);
                }
                Err(e) => {
                    tracing::error!(source = %self.sources[i], error = %e, "sync pass failed; retrying with backoff");
                    s.failures += 1;
                    s.next_due = Instant::now() + self.backoff(s.failures);
                    return StepOutcome::Failed;
                }
            }
        }
        StepOutcome::Ran(recorded)
    }

    fn backoff(&self, failures: u32) -> Duration {
        backoff(failures, self.interval)
    }

    /// When the next source is due.
    async fn next_due(&self) -> Instant {
        let state = self.state.lock().await;
        state
            .iter()
            .map(|s| s.next_due)
            .min()
            .unwrap_or_else(|| Instant::now() + self.interval)
    }

    /// Steps until `stop` turns true; a step under way finishes first, so
    /// no import is cut in half.
    pub async fn run_until_stopped(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        loop {
            if let StepOutcome::Ran(n) = self.step().await {
                if n > 0 {
                    tracing::info!(runs = n, "scheduled sync pass recorded runs");
                }
            }
            let wake = self
                .next_due()
                .await
                .max(Instant::now() + Duration::from_millis(100));
            tokio::select! {
                _ = tokio::time::sleep_until(wake) => {}
                _ = stop.changed() => return,
            }
            if *stop.borrow() {
                return;
            }
        }
    }

    /// One pass over source `i`.
    async fn pass(&self, i: usize, trigger: Trigger) -> Result<SourcePass, DbErr> {
        let source = &self.sources[i];
        let origin = source.to_string();
        let db = self.importer.db();
        // Replicas on PostgreSQL: one at a time per source; the others skip
        // it this time and find its runs recorded next time.
        let lock = if db.get_database_backend() == DatabaseBackend::Postgres {
            let txn = db.begin().await?;
            let row = txn
                .query_one(Statement::from_sql_and_values(
                    DatabaseBackend::Postgres,
                    "SELECT pg_try_advisory_xact_lock($1) AS locked",
                    [lock_key(&origin).into()],
                ))
                .await?;
            let locked = row
                .map(|r| r.try_get::<bool>("", "locked"))
                .transpose()?
                .unwrap_or(false);
            if !locked {
                txn.rollback().await?;
                return Ok(SourcePass {
                    runs: Vec::new(),
                    source_failed: false,
                });
            }
            Some(txn)
        } else {
            None
        };
        let scheduled = trigger == Trigger::Schedule;
        let mut pass = SourcePass {
            runs: Vec::new(),
            source_failed: false,
        };
        for fetched in self.fetcher.fetch(source, scheduled).await {
            match fetched {
                Ok(file) => {
                    let sha = sha256_hex(&file.bytes);
                    if scheduled && seen(db, &origin, &sha).await? {
                        continue;
                    }
                    let settings = self.settings.get(i).cloned().unwrap_or_default();
                    let request = settings.into_request(RunRequest {
                        origin: Some(origin.clone()),
                        ..RunRequest::new(trigger, file.name, file.bytes)
                    });
                    pass.runs.push(self.importer.run(request).await?);
                }
                Err((name, e)) => {
                    pass.source_failed = true;
                    let message = e.to_string();
                    if scheduled && last_error_is(db, &name, &message).await? {
                        continue;
                    }
                    pass.runs.push(
                        self.importer
                            .record_source_error(trigger, &name, Some(&origin), e.code(), &message)
                            .await?,
                    );
                }
            }
        }
        if let Some(txn) = lock {
            txn.commit().await?;
        }
        Ok(pass)
    }
}

/// The advisory lock key of a source.
fn lock_key(origin: &str) -> i64 {
    let digest = Sha256::digest(format!("shishi-sync-source:{origin}").as_bytes());
    let mut key = [0u8; 8];
    key.copy_from_slice(&digest[..8]);
    i64::from_le_bytes(key)
}

/// True when a finished run already recorded this content from this source.
async fn seen<C: ConnectionTrait>(db: &C, origin: &str, sha256: &str) -> Result<bool, DbErr> {
    let n = sync_run::Entity::find()
        .filter(sync_run::Column::Origin.eq(origin))
        .filter(sync_run::Column::Sha256.eq(sha256))
        .filter(sync_run::Column::Status.ne(RunStatus::Running.as_str()))
        .count(db)
        .await?;
    Ok(n > 0)
}

/// True when the newest run of this file or URL failed with this message.
async fn last_error_is<C: ConnectionTrait>(
    db: &C,
    source: &str,
    message: &str,
) -> Result<bool, DbErr> {
    let last = sync_run::Entity::find()
        .filter(sync_run::Column::Source.eq(source))
        .order_by_desc(sync_run::Column::Id)
        .one(db)
        .await?;
    Ok(last.is_some_and(|r| r.error_message.as_deref() == Some(message)))
}

/// How long a source waits after its `failures`-th failure in a row: 5 s,
/// doubling, never more than the interval.
fn backoff(failures: u32, interval: Duration) -> Duration {
    FIRST_RETRY
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1).min(16)))
        .min(interval)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README "Sync": retried with backoff (5 s, doubling, at most the interval).
    #[test]
    fn backoff_starts_at_5s_doubles_and_stops_at_the_interval() {
        let hour = Duration::from_secs(3600);
        let waits: Vec<u64> = (1..=11).map(|n| backoff(n, hour).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600]);
        assert_eq!(backoff(u32::MAX, hour), hour);
        assert_eq!(backoff(3, Duration::from_secs(12)), Duration::from_secs(12));
    }
}
