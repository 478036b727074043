//! The command line: one clap struct in which every setting is a flag and an
//! environment variable, and may also come from a TOML file (`--config`).
//! Flags win over the environment, the environment over the file, the file
//! over the defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use serde::Deserialize;

/// shishi: livelihood-project tracking tables (民生实事项目进展情况调度表),
/// every version kept, served over GraphQL.
#[derive(Debug, Parser)]
#[command(name = "shishi", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Settings shared by every command.
    #[command(flatten)]
    pub settings: Settings,
}

/// The commands of the operator contract.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, start the HTTP server and the sync scheduler.
    Serve(ServeArgs),
    /// Import tracking tables from files, one sync run each; exits non-zero
    /// when any run FAILED.
    Import(ImportArgs),
    /// Apply pending migrations and exit.
    Migrate,
    /// Print the GraphQL SDL (what schema.graphql holds) to stdout.
    ExportSchema,
    /// Write a table back out as a spreadsheet: a report, the next
    /// period's form, or a year's history.
    Export(ExportArgs),
}

/// Arguments of `shishi serve`.
#[derive(Debug, Default, Args)]
pub struct ServeArgs {
    /// The office's own issuing body (章丘区), for every table whose title
    /// names none [env: SHISHI_ISSUER; default: a table naming none joins
    /// the one issuer its year holds].
    #[arg(long)]
    pub issuer: Option<String>,
}

/// Arguments of `shishi export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which file.
    #[command(subcommand)]
    pub what: ExportWhat,
    /// Where to write it: a file, a folder (the file keeps its Chinese
    /// name), or - for stdout. Default: the current folder.
    #[arg(long, short, global = true, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// The year (the latest year held when not given).
    #[arg(long, global = true)]
    pub year: Option<i32>,
    /// The issuer (章丘区); needed only when several issuers hold the year.
    #[arg(long, global = true)]
    pub issuer: Option<String>,
}

/// The files `shishi export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// A report in the official layout (xlsx): by id, or the latest of --year.
    Report {
        /// The report's id, or `latest`.
        #[arg(default_value = "latest")]
        id: String,
    },
    /// The next period's form (xlsx), from the latest report of --year.
    NextPeriod {
        /// Only this unit's projects, named as the table does.
        #[arg(long)]
        unit: Option<String>,
        /// Last period's progress and rate as the starting text; false
        /// leaves them blank.
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "true|false")]
        prefill: bool,
    },
    /// The period's 通报 (docx), of the latest report of --year on or
    /// before --as-of.
    Bulletin {
        /// The reporting date (YYYY-MM-DD); the latest report on or before it.
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// The 督办单 (docx): a page for each unit behind pace, or --unit's.
    Notices {
        /// The reporting date (YYYY-MM-DD); the latest report on or before it.
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        /// Only this unit's notice, named as the table does.
        #[arg(long)]
        unit: Option<String>,
    },
    /// A year's history: the workbook (xlsx) or the flat CSV.
    History {
        /// xlsx or csv.
        #[arg(long, default_value = "xlsx", value_parser = ["xlsx", "csv"])]
        format: String,
    },
}

/// Arguments of `shishi import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Tables: xlsx, xls, ods, docx or html files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Parse and validate only; write nothing but the run records.
    #[arg(long)]
    pub dry_run: bool,
    /// Merge each table's rows into its period's report (a unit's return)
    /// instead of replacing it; a form shishi exported merges without it.
    #[arg(long)]
    pub merge: bool,
    /// The reporting date (YYYY-MM-DD) when the title names none or names it
    /// wrongly; overrides the title.
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// The period label (二季度, 1-6月...) when the title names none;
    /// overrides the title.
    #[arg(long)]
    pub period: Option<String>,
    /// The issuing body (章丘区...) when the title names none; overrides
    /// the title. Projects are told apart per issuer.
    #[arg(long)]
    pub issuer: Option<String>,
    /// The year when the title names none or names it wrongly; overrides
    /// the title.
    #[arg(long)]
    pub year: Option<i32>,
    /// For a layout the reader does not recognize: the header row (1-based).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub header_row: Option<u32>,
    /// For a layout the reader does not recognize: which column is which,
    /// e.g. "goal=B, units=C, progress=D, rate=E" (by letter or header text).
    #[arg(long)]
    pub columns: Option<String>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"))
}

/// Every setting, as given on the command line or in the environment.
#[derive(Debug, Default, Args, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Settings {
    /// A TOML file holding any of these settings (keys as the flag names).
    #[arg(long, env = "SHISHI_CONFIG", global = true)]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// sqlite://PATH?mode=rwc, sqlite::memory: or postgres://USER@HOST:PORT/DB
    /// [default: sqlite://data/shishi.db?mode=rwc]
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Address to listen on [default: 127.0.0.1:8000].
    #[arg(long, env = "SHISHI_LISTEN", global = true)]
    pub listen: Option<SocketAddr>,
    /// Token that writes need (Authorization: Bearer TOKEN); generated at
    /// start when unset.
    #[arg(long, env = "SHISHI_API_TOKEN", global = true, hide_env_values = true)]
    pub api_token: Option<String>,
    /// A file, folder or URL to fetch tables from (repeatable)
    /// [default: the folder data/inbox].
    #[arg(
        long,
        env = "SHISHI_SYNC_SOURCES",
        value_delimiter = ',',
        global = true
    )]
    #[serde(default)]
    pub sync_source: Vec<String>,
    /// Time between sync passes: 30s, 10m, 1h, or off for no scheduled
    /// passes (runSync still works) [default: 10m].
    #[arg(long, env = "SHISHI_SYNC_INTERVAL", global = true)]
    pub sync_interval: Option<String>,
    /// How long to wait for a URL source to answer [default: 30s].
    #[arg(long, env = "SHISHI_SYNC_TIMEOUT", global = true)]
    pub sync_timeout: Option<String>,
    /// Make reads (queries, subscriptions) need the API token too
    /// [default: false].
    #[arg(long, env = "SHISHI_READS_NEED_TOKEN", global = true)]
    pub reads_need_token: Option<bool>,
    /// Origins that browsers may call the API from (CORS), e.g.
    /// https://dashboard.example.gov.cn; repeatable [default: none].
    #[arg(
        long,
        env = "SHISHI_CORS_ORIGINS",
        value_delimiter = ',',
        global = true,
        alias = "cors-origin"
    )]
    #[serde(default, alias = "cors-origin")]
    pub cors_origins: Vec<String>,
    /// How long a cached query answer may serve after an import by another
    /// replica (this process's own writes clear it at once); 0 disables the
    /// cache [default: 5s].
    #[arg(long, env = "SHISHI_QUERY_CACHE_TTL", global = true)]
    pub query_cache_ttl: Option<String>,
    /// Log format: human or json [default: human].
    #[arg(long, env = "SHISHI_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// Largest upload or source file: 20MiB, 500KB, 1000000 [default: 20MiB].
    #[arg(long, env = "SHISHI_MAX_UPLOAD_BYTES", global = true)]
    pub max_upload_bytes: Option<String>,
    /// Import the bundled official table when the database holds no report
    /// at start [default: true].
    #[arg(long, env = "SHISHI_EXAMPLE_DATA", global = true)]
    pub example_data: Option<bool>,
    /// Longest GraphQL query text: 100KiB, 20000 [default: 100KiB].
    #[arg(long, env = "SHISHI_MAX_QUERY_BYTES", global = true)]
    pub max_query_bytes: Option<String>,
    /// Most operations in one batched request (a JSON array); 0 turns
    /// batches off [default: 10].
    #[arg(long, env = "SHISHI_MAX_BATCH", global = true)]
    pub max_batch: Option<usize>,
    /// How long a query's body may take to arrive, and how long an upload
    /// may stop arriving [default: 30s].
    #[arg(long, env = "SHISHI_READ_TIMEOUT", global = true)]
    pub read_timeout: Option<String>,
    /// A connection with no traffic for this long is closed (keep-alive
    /// and half-sent requests alike) [default: 60s].
    #[arg(long, env = "SHISHI_IDLE_TIMEOUT", global = true)]
    pub idle_timeout: Option<String>,
    /// How long a request's headers may take to arrive whole, counted from
    /// their first byte (a client trickling them is closed) [default: 10s].
    #[arg(long, env = "SHISHI_HEADER_TIMEOUT", global = true)]
    pub header_timeout: Option<String>,
    /// Open connections in all; more are closed as they are accepted
    /// [default: 1000].
    #[arg(long, env = "SHISHI_MAX_CONNECTIONS", global = true)]
    pub max_connections: Option<usize>,
    /// Open connections from one client address [default: 200].
    #[arg(long, env = "SHISHI_MAX_CONNECTIONS_PER_CLIENT", global = true)]
    pub max_connections_per_client: Option<usize>,
    /// Open WebSockets (subscriptions) in all; more are refused with 503
    /// [default: 500].
    #[arg(long, env = "SHISHI_MAX_WEBSOCKETS", global = true)]
    pub max_websockets: Option<usize>,
    /// Open WebSockets from one client address [default: 50].
    #[arg(long, env = "SHISHI_MAX_WEBSOCKETS_PER_CLIENT", global = true)]
    pub max_websockets_per_client: Option<usize>,
    /// Uploads that may wait while another is imported; more are refused
    /// with 503 and Retry-After [default: 8].
    #[arg(long, env = "SHISHI_IMPORT_QUEUE", global = true)]
    pub import_queue: Option<usize>,
    /// Answer GraphQL introspection (the playground's docs, code
    /// generators); false turns it off [default: true].
    #[arg(long, env = "SHISHI_INTROSPECTION", global = true)]
    pub introspection: Option<bool>,
    /// The office's own issuer (`issuer` in the config file, SHISHI_ISSUER,
    /// or `shishi serve --issuer`); not a global flag, since `import` and
    /// `export` take `--issuer` as the table's own.
    #[arg(skip)]
    pub issuer: Option<String>,
    /// A named token beside the API token, NAME=SECRET (a unit's,
    /// limited to uploading its own rows: UNIT@unit=SECRET); repeatable.
    /// Runs record the name of the token that sent them [default: none].
    #[arg(
        long = "token",
        env = "SHISHI_TOKENS",
        value_delimiter = ',',
        global = true,
        hide_env_values = true
    )]
    #[serde(default, rename = "token")]
    pub tokens: Vec<String>,
    /// Where to post notifications (a report imported, a project turned red
    /// or stalled, a unit's return, a deadline passed): URL for JSON,
    /// wecom:URL or dingtalk:URL[#secret=…] for a group robot; repeatable
    /// [default: none].
    #[arg(
        long,
        env = "SHISHI_NOTIFY",
        value_delimiter = ',',
        global = true,
        hide_env_values = true
    )]
    #[serde(default)]
    pub notify: Vec<String>,
    /// The console's address as readers of notifications reach it, for
    /// the links they carry, e.g. http://10.1.2.3:8000 [default: none].
    #[arg(long, env = "SHISHI_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// A file of named tokens, one NAME=SECRET (or UNIT@unit=SECRET) per
    /// line, `#` for comments [default: none].
    #[arg(long, env = "SHISHI_TOKEN_FILE", global = true)]
    pub token_file: Option<PathBuf>,
    /// A TOML file of the sentences the 通报 and 督办单 say every period
    /// (addressee, opening, demands, office, reply_days, ranking_size)
    /// [default: the built-in ones].
    #[arg(long, env = "SHISHI_BULLETIN_TEMPLATE", global = true)]
    pub bulletin_template: Option<PathBuf>,
}

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file could not be read or parsed.
    #[error("cannot use the config file {path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// A value of the wrong form.
    #[error("{setting} = '{value}' is not valid: {reason}")]
    Value {
        /// The setting's flag name.
        setting: &'static str,
        /// The value given.
        value: String,
        /// What form it takes.
        reason: String,
    },
}

/// The settings in force, defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// Database URL.
    pub database_url: String,
    /// Listen address.
    pub listen: SocketAddr,
    /// Write token, if configured.
    pub api_token: Option<String>,
    /// Sync sources.
    pub sync_sources: Vec<String>,
    /// Time between sync passes; None: no scheduled passes.
    pub sync_interval: Option<Duration>,
    /// How long to wait for a URL source.
    pub sync_timeout: Duration,
    /// Reads need the token too.
    pub reads_need_token: bool,
    /// Logs as JSON lines.
    pub log_json: bool,
    /// Origins allowed by CORS.
    pub cors_origins: Vec<String>,
    /// Lifetime of cached query answers; zero: no cache.
    pub query_cache_ttl: Duration,
    /// Largest upload or source file, in bytes.
    pub max_upload_bytes: u64,
    /// Import the bundled table into an empty database.
    pub example_data: bool,
    /// Longest GraphQL query text, in bytes.
    pub max_query_bytes: usize,
    /// Most operations in one batch.
    pub max_batch: usize,
    /// How long a request body may take.
    pub read_timeout: Duration,
    /// How long a connection may be idle.
    pub idle_timeout: Duration,
    /// How long a request's headers may take, from their first byte.
    pub header_timeout: Duration,
    /// Connection and WebSocket caps.
    pub caps: Caps,
    /// Uploads that may wait for their turn.
    pub import_queue: usize,
    /// Introspection is answered.
    pub introspection: bool,
    /// The office's own issuer, for tables naming none.
    pub issuer: Option<String>,
    /// The sentences of the 通报 and the 督办单.
    pub bulletin_template: crate::export::documents::Template,
    /// Named tokens beside the API token.
    pub tokens: Vec<crate::auth::NamedToken>,
    /// Where notifications go.
    pub notify: Vec<crate::notify::Target>,
    /// The wait before a notification's second attempt (doubled after).
    pub notify_backoff: Duration,
    /// The console's address for notifications' links.
    pub public_url: Option<String>,
    /// How often deadlines are looked at for the overdue notice.
    pub overdue_every: Duration,
}

/// How many connections and WebSockets may be open, in all and per client
/// address: past them, a connection is closed as it is accepted and a
/// WebSocket is refused with 503.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    /// Connections in all.
    pub connections: usize,
    /// Connections from one address.
    pub connections_per_client: usize,
    /// WebSockets in all.
    pub websockets: usize,
    /// WebSockets from one address.
    pub websockets_per_client: usize,
}

impl Default for Caps {
    fn default() -> Self {
        Self {
            connections: 1000,
            connections_per_client: 200,
            websockets: 500,
            websockets_per_client: 50,
        }
    }
}

impl Config {
    /// The request limits these settings give.
    pub fn limits(&self) -> Limits {
        Limits {
            max_upload_bytes: self.max_upload_bytes,
            request: RequestLimits {
                max_query_bytes: self.max_query_bytes,
                max_batch: self.max_batch,
                ..RequestLimits::default()
            },
            body_timeout: self.read_timeout,
            connection_init_timeout: Duration::from_secs(10),
            max_subscriptions_per_socket: 100,
            idle_timeout: self.idle_timeout,
            header_timeout: self.header_timeout,
            caps: self.caps,
        }
    }

    /// Most bytes an uploaded zip (xlsx, ods) may inflate to: ten times the
    /// upload limit, so a zip bomb is refused and a real table is not.
    pub fn max_unpacked_bytes(&self) -> u64 {
        self.max_upload_bytes.saturating_mul(10)
    }
}

/// Request-size limits; every one is a setting (see `cli.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestLimits {
    /// Longest query text, in bytes.
    pub max_query_bytes: usize,
    /// Deepest nesting of `{`, `[` and `(` in the text, and of
    /// introspection selections with fragments expanded.
    pub max_nesting: usize,
    /// Deepest nesting of data fields (`__schema` and `__type` excepted:
    /// the standard introspection query nests `ofType` nine levels).
    pub max_depth: usize,
    /// Most fields one document selects, fragments expanded (aliases and
    /// `__typename` included).
    pub max_fields: usize,
    /// Most operations in one batch (a JSON array); 0 refuses batches.
    pub max_batch: usize,
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            max_query_bytes: 100 * 1024,
            max_nesting: 32,
            max_depth: 12,
            max_fields: 2_000,
            max_batch: 10,
        }
    }
}

/// Request-wide limits, from the settings.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest uploaded file, in bytes.
    pub max_upload_bytes: u64,
    /// Bounds on GraphQL requests.
    pub request: RequestLimits,
    /// How long a request body may take to arrive.
    pub body_timeout: Duration,
    /// How long a WebSocket may wait before `connection_init`.
    pub connection_init_timeout: Duration,
    /// Live operations one WebSocket may hold.
    pub max_subscriptions_per_socket: usize,
    /// A connection without traffic for this long is closed.
    pub idle_timeout: Duration,
    /// A request's headers arrive whole within this, from their first byte.
    pub header_timeout: Duration,
    /// Connection and WebSocket caps.
    pub caps: Caps,
}

impl Default for Limits {
    fn default() -> Self {
        Config::default().limits()
    }
}

/// The default SQLite database file.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/shishi.db?mode=rwc";
/// The time between sync passes when none is set.
pub const DEFAULT_SYNC_INTERVAL: Duration = Duration::from_secs(600);
/// The default sync folder, created on first start.
pub const DEFAULT_SYNC_FOLDER: &str = "data/inbox";

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: DEFAULT_DATABASE_URL.to_owned(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8000)),
            api_token: None,
            sync_sources: vec![DEFAULT_SYNC_FOLDER.to_owned()],
            sync_interval: Some(DEFAULT_SYNC_INTERVAL),
            sync_timeout: Duration::from_secs(30),
            reads_need_token: false,
            log_json: false,
            cors_origins: Vec::new(),
            query_cache_ttl: Duration::from_secs(5),
            max_upload_bytes: 20 * 1024 * 1024,
            example_data: true,
            max_query_bytes: 100 * 1024,
            max_batch: 10,
            read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            caps: Caps::default(),
            import_queue: 8,
            introspection: true,
            issuer: None,
            bulletin_template: crate::export::documents::Template::default(),
            tokens: Vec::new(),
            notify: Vec::new(),
            notify_backoff: Duration::from_secs(2),
            public_url: None,
            overdue_every: Duration::from_secs(60),
        }
    }
}

/// The named tokens `specs` and the file at `path` give; an error names
/// the token's place, never its secret, and two tokens of one name are
/// refused (runs would not say which sent them).
fn named_tokens(
    specs: &[String],
    path: Option<&Path>,
) -> Result<Vec<crate::auth::NamedToken>, ConfigError> {
    let mut lines: Vec<(String, String)> = specs
        .iter()
        .enumerate()
        .map(|(i, s)| (format!("token {}", i + 1), s.clone()))
        .collect();
    if let Some(path) = path {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        lines.extend(
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .map(|(i, l)| {
                    (
                        format!("line {} of {}", i + 1, path.display()),
                        l.to_owned(),
                    )
                }),
        );
    }
    let mut tokens: Vec<crate::auth::NamedToken> = Vec::new();
    for (place, spec) in lines.iter().filter(|(_, s)| !s.trim().is_empty()) {
        let token = crate::auth::NamedToken::parse(spec).map_err(|reason| ConfigError::Value {
            setting: "token",
            value: place.clone(),
            reason,
        })?;
        if tokens.iter().any(|t| t.name == token.name) {
            return Err(ConfigError::Value {
                setting: "token",
                value: place.clone(),
                reason: format!("a token named '{}' is given twice", token.name),
            });
        }
        tokens.push(token);
    }
    Ok(tokens)
}

/// The bulletin template at `path`; its error names the file (by name
/// alone) and what is wrong.
fn read_template(path: &Path) -> Result<crate::export::documents::Template, ConfigError> {
    let err = |reason: String| ConfigError::File {
        path: path.display().to_string(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    crate::export::documents::Template::parse(&text).map_err(err)
}

fn read_file(path: &Path) -> Result<Settings, ConfigError> {
    let err = |reason: String| ConfigError::File {
        path: path.display().to_string(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    toml::from_str(&text).map_err(|e| err(e.to_string()))
}

/// Reads "10m", "30s", "1h" (humantime's forms).
pub fn parse_interval(value: &str, setting: &'static str) -> Result<Duration, ConfigError> {
    let d = humantime::parse_duration(value.trim()).map_err(|e| ConfigError::Value {
        setting,
        value: value.to_owned(),
        reason: format!("{e}; write it like 30s, 10m or 1h"),
    })?;
    if d.is_zero() {
        return Err(ConfigError::Value {
            setting,
            value: value.to_owned(),
            reason: "it must be longer than zero".to_owned(),
        });
    }
    Ok(d)
}

/// An origin as browsers send it: scheme, host and port, nothing else.
fn check_origin(origin: &str) -> Result<(), ConfigError> {
    let well_formed = (origin.starts_with("http://") || origin.starts_with("https://"))
        && origin
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b',')
        && origin.matches('/').count() == 2;
    if well_formed {
        Ok(())
    } else {
        Err(ConfigError::Value {
            setting: "cors-origins",
            value: origin.to_owned(),
            reason: "an origin is a scheme, host and port, like https://dashboard.example.gov.cn or http://10.1.2.3:8080".to_owned(),
        })
    }
}

/// Reads "20MiB", "500KB", "1000000".
pub fn parse_bytes(value: &str) -> Result<u64, ConfigError> {
    parse_size(value, "max-upload-bytes")
}

/// Reads a size setting: "20MiB", "500KB", "1000000".
pub fn parse_size(value: &str, setting: &'static str) -> Result<u64, ConfigError> {
    value
        .trim()
        .parse::<bytesize::ByteSize>()
        .map(|b| b.as_u64())
        .map_err(|e| ConfigError::Value {
            setting,
            value: value.to_owned(),
            reason: format!("{e}; write it like 20MiB, 500KB or 1000000"),
        })
}

/// A cap: at least 1 (0 would refuse every client).
fn cap(value: Option<usize>, default: usize, setting: &'static str) -> Result<usize, ConfigError> {
    match value {
        None => Ok(default),
        Some(0) => Err(ConfigError::Value {
            setting,
            value: "0".to_owned(),
            reason: "it is at least 1; 0 would refuse every client".to_owned(),
        }),
        Some(n) => Ok(n),
    }
}

impl Settings {
    /// The settings in force: these (flags, then environment), then the
    /// config file, then the defaults.
    pub fn resolve(&self) -> Result<Config, ConfigError> {
        let file = match &self.config {
            Some(path) => read_file(path)?,
            None => Settings::default(),
        };
        let d = Config::default();
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        let sources = if self.sync_source.is_empty() {
            file.sync_source.clone()
        } else {
            self.sync_source.clone()
        };
        let sources: Vec<String> = sources
            .into_iter()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        for source in &sources {
            crate::sync::source::SourceSettings::split(source).map_err(|reason| {
                ConfigError::Value {
                    setting: "sync-source",
                    value: source.clone(),
                    reason,
                }
            })?;
        }
        Ok(Config {
            database_url: pick(&self.database_url, &file.database_url).unwrap_or(d.database_url),
            listen: self.listen.or(file.listen).unwrap_or(d.listen),
            api_token: pick(&self.api_token, &file.api_token).filter(|t| !t.trim().is_empty()),
            sync_sources: if sources.is_empty() {
                d.sync_sources
            } else {
                sources
            },
            sync_interval: match pick(&self.sync_interval, &file.sync_interval) {
                Some(v) if matches!(v.trim(), "off" | "0" | "none") => None,
                Some(v) => Some(parse_interval(&v, "sync-interval")?),
                None => d.sync_interval,
            },
            sync_timeout: match pick(&self.sync_timeout, &file.sync_timeout) {
                Some(v) => parse_interval(&v, "sync-timeout")?,
                None => d.sync_timeout,
            },
            query_cache_ttl: match pick(&self.query_cache_ttl, &file.query_cache_ttl) {
                Some(v) if matches!(v.trim(), "0" | "off") => Duration::ZERO,
                Some(v) => parse_interval(&v, "query-cache-ttl")?,
                None => d.query_cache_ttl,
            },
            reads_need_token: self
                .reads_need_token
                .or(file.reads_need_token)
                .unwrap_or(d.reads_need_token),
            cors_origins: if self.cors_origins.is_empty() {
                file.cors_origins.clone()
            } else {
                self.cors_origins.clone()
            }
            .into_iter()
            .map(|o| o.trim().trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty())
            .map(|o| check_origin(&o).map(|()| o))
            .collect::<Result<_, _>>()?,
            log_json: match pick(&self.log_format, &file.log_format)
                .as_deref()
                .map(str::trim)
            {
                None | Some("human") => false,
                Some("json") => true,
                Some(other) => {
                    return Err(ConfigError::Value {
                        setting: "log-format",
                        value: other.to_owned(),
                        reason: "it is human or json".to_owned(),
                    })
                }
            },
            max_upload_bytes: match pick(&self.max_upload_bytes, &file.max_upload_bytes) {
                Some(v) => parse_bytes(&v)?,
                None => d.max_upload_bytes,
            },
            example_data: self
                .example_data
                .or(file.example_data)
                .unwrap_or(d.example_data),
            max_query_bytes: match pick(&self.max_query_bytes, &file.max_query_bytes) {
                Some(v) => {
                    usize::try_from(parse_size(&v, "max-query-bytes")?).unwrap_or(usize::MAX)
                }
                None => d.max_query_bytes,
            },
            max_batch: self.max_batch.or(file.max_batch).unwrap_or(d.max_batch),
            read_timeout: match pick(&self.read_timeout, &file.read_timeout) {
                Some(v) => parse_interval(&v, "read-timeout")?,
                None => d.read_timeout,
            },
            idle_timeout: match pick(&self.idle_timeout, &file.idle_timeout) {
                Some(v) => parse_interval(&v, "idle-timeout")?,
                None => d.idle_timeout,
            },
            header_timeout: match pick(&self.header_timeout, &file.header_timeout) {
                Some(v) => parse_interval(&v, "header-timeout")?,
                None => d.header_timeout,
            },
            caps: Caps {
                connections: cap(
                    self.max_connections.or(file.max_connections),
                    d.caps.connections,
                    "max-connections",
                )?,
                connections_per_client: cap(
                    self.max_connections_per_client
                        .or(file.max_connections_per_client),
                    d.caps.connections_per_client,
                    "max-connections-per-client",
                )?,
                websockets: cap(
                    self.max_websockets.or(file.max_websockets),
                    d.caps.websockets,
                    "max-websockets",
                )?,
                websockets_per_client: cap(
                    self.max_websockets_per_client
                        .or(file.max_websockets_per_client),
                    d.caps.websockets_per_client,
                    "max-websockets-per-client",
                )?,
            },
            import_queue: self
                .import_queue
                .or(file.import_queue)
                .unwrap_or(d.import_queue),
            introspection: self
                .introspection
                .or(file.introspection)
                .unwrap_or(d.introspection),
            issuer: own_issuer(
                std::env::var("SHISHI_ISSUER")
                    .ok()
                    .or_else(|| file.issuer.clone()),
            )?,
            notify: (if self.notify.is_empty() {
                &file.notify
            } else {
                &self.notify
            })
            .iter()
            .filter(|n| !n.trim().is_empty())
            .enumerate()
            .map(|(i, n)| {
                crate::notify::Target::parse(n).map_err(|reason| ConfigError::Value {
                    setting: "notify",
                    value: format!("receiver {}", i + 1),
                    reason,
                })
            })
            .collect::<Result<_, _>>()?,
            notify_backoff: d.notify_backoff,
            public_url: pick(&self.public_url, &file.public_url)
                .map(|u| u.trim().trim_end_matches('/').to_owned())
                .filter(|u| !u.is_empty()),
            overdue_every: d.overdue_every,
            tokens: named_tokens(
                if self.tokens.is_empty() {
                    &file.tokens
                } else {
                    &self.tokens
                },
                self.token_file.as_deref().or(file.token_file.as_deref()),
            )?,
            bulletin_template: match self
                .bulletin_template
                .clone()
                .or_else(|| file.bulletin_template.clone())
            {
                Some(path) => read_template(&path)?,
                None => d.bulletin_template,
            },
        })
    }
}

/// The office's own issuer as a setting gives it: trimmed, none when
/// blank, refused when it cannot be a body's name.
pub fn own_issuer(value: Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > 64 || value.chars().any(char::is_control) {
        return Err(ConfigError::Value {
            setting: "issuer",
            value: value.chars().take(64).collect(),
            reason: "it is the issuing body's name as its tables print it, e.g. 章丘区 (at most 64 characters)".to_owned(),
        });
    }
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(
            parse_interval("30s", "x").ok(),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_interval("1h", "x").ok(),
            Some(Duration::from_secs(3600))
        );
        assert!(parse_interval("soon", "x").is_err());
        assert_eq!(parse_bytes("20MiB").ok(), Some(20 * 1024 * 1024));
        assert_eq!(parse_bytes("1000").ok(), Some(1000));
        assert!(parse_bytes("lots").is_err());
    }
}
