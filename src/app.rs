//! Startup: connect and migrate, seed the example table, build the schema,
//! bind (port 0 works in tests), serve until stopped, then let the
//! scheduler finish its pass.

use std::future::Future;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::Server;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    Statement, TransactionTrait,
};
use tokio::sync::watch;

use crate::auth::{Access, WriteToken};
use crate::cli::{Config, DEFAULT_SYNC_FOLDER};
use crate::graphql::build_schema;
use crate::http::{routes, HttpState};
use crate::metrics::Metrics;
use crate::service;
use crate::sync::{Importer, RunRequest, SyncJob, Trigger};

/// The official Q2 2025 table of 章丘区, shipped so a new database shows
/// real data at once.
pub const EXAMPLE_TABLE: &[u8] = include_bytes!("../examples/2025-q2.xlsx");
/// The source name the example table is recorded under.
pub const EXAMPLE_SOURCE: &str = "examples/2025-q2.xlsx (bundled official table)";

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database {url}: {source}; check --database-url (DATABASE_URL)")]
    Database {
        /// The URL, without credentials.
        url: String,
        /// The cause.
        source: DbErr,
    },
    /// The data folder could not be created.
    #[error("cannot create {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The metrics registry could not be made.
    #[error("cannot set up metrics: {0}")]
    Metrics(String),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}; is another server using it? set --listen (SHISHI_LISTEN)")]
    Bind {
        /// The address.
        addr: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Opens the database (creating a SQLite file's folder) and applies
/// pending migrations.
pub async fn connect(url: &str) -> Result<DatabaseConnection, StartError> {
    connect_counting(url, None).await
}

/// [`connect`], counting every SQL statement in `metrics`.
pub async fn connect_counting(
    url: &str,
    metrics: Option<&Metrics>,
) -> Result<DatabaseConnection, StartError> {
    let db_err = |source| StartError::Database {
        url: crate::redact::redact_database_url(url),
        source,
    };
    let mut options = ConnectOptions::new(url.to_owned());
    options.sqlx_logging(false);
    // Write-ahead logging lets reads go on while an import writes, and a
    // busy timeout makes a writer wait for another instead of failing.
    options.map_sqlx_sqlite_opts(|o| {
        o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_secs(30))
    });
    if let Some(rest) = url.strip_prefix("sqlite:") {
        if rest.contains(":memory:") || rest.contains("mode=memory") {
            // Every pooled connection would get its own empty database.
            options.max_connections(1).min_connections(1);
        } else {
            // sea-orm opens one connection to a SQLite file unless told
            // otherwise, and every request then waits for that one (an
            // import holds it to the end). With write-ahead logging
            // readers run side by side and beside the one writer; imports
            // take the write lock first (`ingest::import_table`).
            options.max_connections(sqlite_connections());
            let path = rest.trim_start_matches("//");
            let path = path.split('?').next().unwrap_or(path);
            if let Some(dir) = Path::new(path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).map_err(|source| StartError::Folder {
                    path: dir.display().to_string(),
                    source,
                })?;
            }
        }
    }
    let mut db = Database::connect(options).await.map_err(db_err)?;
    if let Some(m) = metrics {
        let counter = m.sql_statements.clone();
        db.set_metric_callback(move |_| counter.inc());
    }
    migrate(&db).await.map_err(db_err)?;
    Ok(db)
}

/// Connections to a SQLite file: two per core, four to sixteen, so reads
/// use every core and one long import or export does not hold them all.
fn sqlite_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    u32::try_from(cores * 2).unwrap_or(16).clamp(4, 16)
}

/// Applies pending migrations, then fills the state kept at import for
/// data written before it was kept (one transaction); on PostgreSQL under
/// an advisory lock, so replicas starting together do it once.
async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        Migrator::up(db, None).await?;
        return fill_state(db).await;
    }
    // The lock lives as long as this transaction, on its own connection.
    let lock = db.begin().await?;
    lock.execute(Statement::from_string(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock(5348495348490001)",
    ))
    .await?;
    let migrated = match Migrator::up(db, None).await {
        Ok(()) => fill_state(db).await,
        Err(e) => Err(e),
    };
    lock.commit().await?;
    migrated
}

/// [`crate::ingest::fill_issuers`], [`crate::ingest::join_unnamed`] (which
/// mends a year split between no issuer and one) and
/// [`crate::derived::fill_missing`] in a transaction of their own.
async fn fill_state(db: &DatabaseConnection) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    crate::ingest::fill_issuers(&txn).await?;
    crate::ingest::join_unnamed(&txn).await?;
    crate::derived::fill_missing(&txn).await?;
    txn.commit().await
}

/// Imports the bundled table when the database holds no report.
pub async fn seed_example(importer: &Importer) -> Result<(), DbErr> {
    if service::reports::report_count(importer.db()).await? > 0 {
        return Ok(());
    }
    let run = importer
        .run(RunRequest::new(
            Trigger::Example,
            EXAMPLE_SOURCE,
            EXAMPLE_TABLE.to_vec(),
        ))
        .await?;
    tracing::info!(status = %run.status, projects = run.rows_read, "imported the bundled example table");
    Ok(())
}

/// A built service, bound and ready to run.
pub struct Application {
    acceptor: TcpAcceptor,
    port: u16,
    db: DatabaseConnection,
    importer: Importer,
    sync: Arc<SyncJob>,
    metrics: Metrics,
    config: Config,
    token: String,
    token_generated: bool,
}

impl Application {
    /// Connects, migrates, seeds and binds.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let metrics = Metrics::new().map_err(|e| StartError::Metrics(e.to_string()))?;
        let db = connect_counting(&config.database_url, Some(&metrics)).await?;
        let importer = Importer::new(db.clone())
            .with_max_unpacked_bytes(config.max_unpacked_bytes())
            .with_queue(config.import_queue)
            .with_own_issuer(config.issuer.clone())
            .with_metrics(metrics.clone());
        let db_error = |source| StartError::Database {
            url: crate::redact::redact_database_url(&config.database_url),
            source,
        };
        importer.claim_owner().await.map_err(db_error)?;
        importer.recover_interrupted(true).await.map_err(db_error)?;
        if config.example_data {
            seed_example(&importer)
                .await
                .map_err(|source| StartError::Database {
                    url: crate::redact::redact_database_url(&config.database_url),
                    source,
                })?;
        }
        let addr = config.listen.to_string();
        let acceptor = TcpListener::bind(addr.clone())
            .into_acceptor()
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let port = acceptor
            .local_addr()
            .first()
            .and_then(|a| a.as_socket_addr().map(|s| s.port()))
            .unwrap_or(config.listen.port());
        if config.sync_sources == [DEFAULT_SYNC_FOLDER] {
            std::fs::create_dir_all(DEFAULT_SYNC_FOLDER).map_err(|source| StartError::Folder {
                path: DEFAULT_SYNC_FOLDER.to_owned(),
                source,
            })?;
        }
        let sync = SyncJob::from_specs(
            importer.clone(),
            &config.sync_sources,
            config
                .sync_interval
                .unwrap_or(crate::cli::DEFAULT_SYNC_INTERVAL),
            config.max_upload_bytes,
            config.sync_timeout,
        );
        let (token, token_generated) = match &config.api_token {
            Some(t) => (t.clone(), false),
            None => (generate_token(), true),
        };
        Ok(Self {
            acceptor,
            port,
            db,
            importer,
            sync,
            metrics,
            config,
            token,
            token_generated,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The write token, configured or generated.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The database it serves.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// The sync job (tests run its passes directly).
    pub fn sync_job(&self) -> Arc<SyncJob> {
        self.sync.clone()
    }

    /// Prints the generated token once, with a ready-to-paste command.
    pub fn announce(&self) {
        let host = match self.config.listen.ip() {
            ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
            ip => ip.to_string(),
        };
        let base = format!("http://{host}:{}", self.port);
        println!("shishi is listening on {base} (the console at {base}/, the GraphQL playground at {base}/playground)");
        if self.token_generated {
            println!(
                "No API token was configured, so this one was generated for this run (set SHISHI_API_TOKEN to keep one):\n  {token}\nUpload a table with:\n  curl {base}/graphql -H 'Authorization: Bearer {token}' \\\n    -F operations='{{\"query\":\"mutation($f: Upload!) {{ uploadSpreadsheet(file: $f) {{ status rowsRead warnings {{ row message }} error {{ code message }} }} }}\",\"variables\":{{\"f\":null}}}}' \\\n    -F map='{{\"0\":[\"variables.f\"]}}' -F 0=@table.xlsx",
                token = self.token
            );
        }
    }

    /// Serves until `shutdown` resolves; requests in flight and a sync
    /// pass under way finish first.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send,
    ) -> std::io::Result<()> {
        let limits = self.config.limits();
        let connections = crate::http::idle::Connections::default();
        let guard =
            crate::graphql::RequestGuard::new(limits.request, crate::graphql::persisted_queries());
        let access = Access::new(
            WriteToken::new(self.token.clone()),
            self.config.reads_need_token,
        )
        .with_named(self.config.tokens.clone());
        let schema = build_schema(
            self.db.clone(),
            self.importer.clone(),
            access.clone(),
            self.sync.clone(),
            limits,
            guard.clone(),
            self.config.introspection,
        );
        let export_files = crate::export::ExportCache::new()?;
        let app = routes(HttpState {
            schema,
            db: self.db.clone(),
            importer: self.importer.clone(),
            limits,
            access,
            metrics: self.metrics.clone(),
            cors_origins: self.config.cors_origins.clone(),
            cache: Arc::new(crate::http::ResponseCache::new(
                1024,
                self.config.query_cache_ttl,
            )),
            guard,
            connections: connections.clone(),
            exports: crate::http::export_slots(),
            websockets: crate::http::counter::Counter::new(
                limits.caps.websockets,
                limits.caps.websockets_per_client,
            ),
            export_files: Arc::new(export_files),
            documents: Arc::new(self.config.bulletin_template.clone()),
        });
        // Notifications follow the run log; they end with the process.
        let notifier = (!self.config.notify.is_empty()).then(|| {
            tokio::spawn(crate::notify::run(
                crate::notify::Notifier {
                    targets: self.config.notify.clone(),
                    backoff: self.config.notify_backoff,
                    public_url: self.config.public_url.clone(),
                    overdue_every: self.config.overdue_every,
                },
                self.db.clone(),
                self.importer.subscribe(),
            ))
        });
        let (stop_tx, stop_rx) = watch::channel(false);
        let scheduler = match self.config.sync_interval {
            Some(_) => tokio::spawn(self.sync.clone().run_until_stopped(stop_rx)),
            None => tokio::spawn(async {}),
        };
        let acceptor = crate::http::idle::IdleAcceptor::new(
            self.acceptor,
            crate::http::idle::ConnectionLimits {
                idle_timeout: limits.idle_timeout,
                header_timeout: limits.header_timeout,
                caps: limits.caps,
            },
            connections,
        );
        let served = Server::new_with_acceptor(acceptor)
            .run_with_graceful_shutdown(app, shutdown, Some(Duration::from_secs(30)))
            .await;
        let _ = stop_tx.send(true);
        if let Err(e) = scheduler.await {
            tracing::error!(error = %e, "the sync scheduler stopped abnormally");
        }
        if let Some(n) = notifier {
            n.abort();
        }
        self.db.clone().close().await.ok();
        served
    }
}

fn generate_token() -> String {
    use rand::Rng;
    let bytes: [u8; 24] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutting down: finishing requests in flight");
}
