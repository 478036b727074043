//! Where tables are published: a file, a folder of files, or an http(s)
//! URL; and fetching what each holds now, within a size limit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use tokio::sync::Mutex;

use super::RunErrorCode;
pub use crate::redact::redact_url;

/// File endings read from a folder source: workbooks, Word tables and
/// saved portal pages.
const SPREADSHEET_ENDINGS: [&str; 6] = ["xlsx", "xls", "ods", "docx", "html", "htm"];

/// One configured source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A single file.
    File(PathBuf),
    /// Every xlsx, xls and ods in a folder, in name order.
    Folder(PathBuf),
    /// An http(s) URL.
    Url(String),
}

impl Source {
    /// Reads a `--sync-source` value: a URL when it starts with http(s)://,
    /// a file when the path ends in .xlsx, .xls or .ods, else a folder.
    pub fn parse(spec: &str) -> Self {
        let spec = spec.trim();
        if spec.starts_with("http://") || spec.starts_with("https://") {
            return Self::Url(spec.to_owned());
        }
        let path = PathBuf::from(spec);
        if is_spreadsheet(&path) && !path.is_dir() {
            Self::File(path)
        } else {
            Self::Folder(path)
        }
    }
}

/// A source's `#...` part: what it says about the tables it holds, for tables
/// that do not say it themselves: `#issuer=章丘区&header-row=3&columns=goal=B,units=C`
/// (keys issuer, year, period, as-of, header-row, columns, merge, as the
/// upload arguments; a value percent-encoded where it holds & or #).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceSettings;

/// The keys a source's `#` part may hold.
const SOURCE_KEYS: [&str; 7] = [
    "issuer",
    "year",
    "period",
    "as-of",
    "header-row",
    "columns",
    "merge",
];

impl SourceSettings {
    /// Splits a `--sync-source` value into the source and the import
    /// options its `#` part says (read as every upload's options are).
    pub fn split(spec: &str) -> Result<(String, super::ImportOptions), String> {
        let spec = spec.trim();
        let Some((source, fragment)) = spec.split_once('#') else {
            return Ok((spec.to_owned(), super::ImportOptions::default()));
        };
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(fragment)
            .map_err(|e| format!("the settings after # are not key=value&key=value: {e}"))?;
        if let Some((other, _)) = pairs
            .iter()
            .find(|(k, _)| !SOURCE_KEYS.contains(&k.as_str()))
        {
            return Err(format!(
                "'{}' is not a source setting; use {}",
                crate::export::files::quoted(other),
                SOURCE_KEYS.join(", ")
            ));
        }
        let options =
            super::ImportFields::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?
                .read()?;
        Ok((source.trim().to_owned(), options))
    }
}

fn is_spreadsheet(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| SPREADSHEET_ENDINGS.contains(&e.to_lowercase().as_str()))
}

/// The last component of a path, which is all of it that runs, logs and
/// messages show: the server's folders are nobody's business.
fn own_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "(source)".to_owned())
}

impl std::fmt::Display for Source {
    /// The source as runs, logs and messages name it: a file or folder by
    /// its own name, a URL redacted ([`redact_url`]).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(p) | Self::Folder(p) => f.write_str(&own_name(p)),
            Self::Url(u) => f.write_str(&redact_url(u)),
        }
    }
}

/// A file found at a source, read and ready to import.
#[derive(Debug)]
pub struct Fetched {
    /// Its path or URL.
    pub name: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Why a source, or one file of it, could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The path does not exist or cannot be read.
    #[error(
        "cannot read '{path}': {reason}; check the path (for a sync source, the --sync-source setting) and the file's permissions"
    )]
    Io {
        /// The path.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// A file over the size limit.
    #[error("{path} is larger than the limit of {limit} bytes (--max-upload-bytes); a tracking table is far smaller")]
    TooLarge {
        /// The path or URL.
        path: String,
        /// The limit.
        limit: u64,
    },
    /// The server answered with an error status.
    #[error("{url} answered HTTP {status}; the table will be fetched again at the next attempt")]
    HttpStatus {
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
    },
    /// No answer in time.
    #[error("{url} did not answer within {seconds} s (--sync-timeout); the table will be fetched again at the next attempt")]
    Timeout {
        /// The URL.
        url: String,
        /// The timeout.
        seconds: u64,
    },
    /// The connection failed.
    #[error("cannot fetch {url}: {reason}; check the URL and the network")]
    Http {
        /// The URL.
        url: String,
        /// What failed.
        reason: String,
    },
}

impl SourceError {
    /// The run's error code.
    pub fn code(&self) -> RunErrorCode {
        match self {
            Self::Io { .. } => RunErrorCode::SourceUnreadable,
            Self::TooLarge { .. } => RunErrorCode::TooLarge,
            Self::HttpStatus { .. } => RunErrorCode::HttpStatus,
            Self::Timeout { .. } => RunErrorCode::HttpTimeout,
            Self::Http { .. } => RunErrorCode::HttpError,
        }
    }
}

/// Copies `reader` into `out`, at most `limit` bytes: false (and `out`
/// holding the first `limit + 1` bytes) when there is more. Every size
/// limit on what is read (a file, an upload, a URL's body) is this one.
pub async fn copy_capped<R, W>(reader: R, out: &mut W, limit: u64) -> std::io::Result<bool>
where
    R: tokio::io::AsyncRead,
    W: tokio::io::AsyncWrite + Unpin + ?Sized,
{
    use tokio::io::AsyncReadExt;
    tokio::pin!(reader);
    let copied = tokio::io::copy(&mut reader.take(limit.saturating_add(1)), out).await?;
    Ok(copied <= limit)
}

/// The file at `path` (called `name` in messages), refused past `limit`
/// bytes, however it grows while it is read.
pub async fn read_file_capped(path: &Path, name: &str, limit: u64) -> Result<Vec<u8>, SourceError> {
    let file = tokio::fs::File::open(path)
        .await
        .map_err(|e| io_error(name, e))?;
    let size = file.metadata().await.map(|m| m.len()).unwrap_or(0);
    if size > limit {
        return Err(SourceError::TooLarge {
            path: name.to_owned(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    match copy_capped(file, &mut bytes, limit).await {
        Ok(true) => Ok(bytes),
        Ok(false) => Err(SourceError::TooLarge {
            path: name.to_owned(),
            limit,
        }),
        Err(e) => Err(io_error(name, e)),
    }
}

fn io_error(name: &str, e: std::io::Error) -> SourceError {
    SourceError::Io {
        path: name.to_owned(),
        reason: e.kind().to_string(),
    }
}

/// What a fetch found: files, or per-file errors (named by path or URL).
pub type FetchResult = Vec<Result<Fetched, (String, SourceError)>>;

/// Validators of the last good answer of a URL, for a conditional GET.
#[derive(Debug, Clone, Default)]
struct Validators {
    etag: Option<String>,
    last_modified: Option<String>,
}

/// Reads sources; remembers each URL's ETag and Last-Modified.
pub struct Fetcher {
    client: reqwest::Client,
    limit: u64,
    timeout: Duration,
    validators: Mutex<HashMap<String, Validators>>,
}

impl Fetcher {
    /// A fetcher taking files of at most `limit` bytes, waiting `timeout`
    /// for a URL.
    pub fn new(limit: u64, timeout: Duration) -> Self {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .user_agent(concat!("shishi/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            client,
            limit,
            timeout,
            validators: Mutex::new(HashMap::new()),
        }
    }

    /// What `source` holds now. A conditional fetch of a URL sends the last
    /// validators and finds nothing when the server answers 304.
    pub async fn fetch(&self, source: &Source, conditional: bool) -> FetchResult {
        match source {
            Source::File(path) => vec![self.read_file(path, own_name(path)).await],
            Source::Folder(dir) => self.read_folder(dir).await,
            Source::Url(url) => match self.get(url, conditional).await {
                Ok(Some(f)) => vec![Ok(f)],
                Ok(None) => Vec::new(),
                Err(e) => vec![Err((redact_url(url), e))],
            },
        }
    }

    /// Reads the file at `path`, known in runs and messages as `name`.
    async fn read_file(&self, path: &Path, name: String) -> Result<Fetched, (String, SourceError)> {
        match read_file_capped(path, &name, self.limit).await {
            Ok(bytes) => Ok(Fetched { name, bytes }),
            Err(e) => Err((name, e)),
        }
    }

    async fn read_folder(&self, dir: &Path) -> FetchResult {
        let mut entries = match tokio::fs::read_dir(dir).await {
            Ok(entries) => entries,
            Err(e) => {
                let name = own_name(dir);
                return vec![Err((name.clone(), io_error(&name, e)))];
            }
        };
        let mut paths = Vec::new();
        while let Ok(Some(entry)) = entries.next_entry().await {
            let path = entry.path();
            // Office's lock files (~$x.xlsx) and hidden files are not tables.
            let hidden = entry.file_name().to_string_lossy().starts_with(['.', '~']);
            if is_spreadsheet(&path) && !hidden && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        let mut out = Vec::with_capacity(paths.len());
        let folder = own_name(dir);
        for path in paths {
            let name = format!("{folder}/{}", own_name(&path));
            out.push(self.read_file(&path, name).await);
        }
        out
    }

    async fn get(&self, url: &str, conditional: bool) -> Result<Option<Fetched>, SourceError> {
        let mut request = self.client.get(url);
        if conditional {
            if let Some(v) = self.validators.lock().await.get(url) {
                if let Some(etag) = &v.etag {
                    request = request.header(IF_NONE_MATCH, etag);
                }
                if let Some(date) = &v.last_modified {
                    request = request.header(IF_MODIFIED_SINCE, date);
                }
            }
        }
        let shown = redact_url(url);
        let http_error = |e: reqwest::Error| {
            if e.is_timeout() {
                SourceError::Timeout {
                    url: shown.clone(),
                    seconds: self.timeout.as_secs().max(1),
                }
            } else {
                SourceError::Http {
                    url: shown.clone(),
                    // reqwest's message names the URL, secrets and all.
                    reason: e.without_url().to_string(),
                }
            }
        };
        let mut response = request.send().await.map_err(http_error)?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        if !status.is_success() {
            return Err(SourceError::HttpStatus {
                url: shown.clone(),
                status: status.as_u16(),
            });
        }
        let too_large = || SourceError::TooLarge {
            path: shown.clone(),
            limit: self.limit,
        };
        if response.content_length().is_some_and(|n| n > self.limit) {
            return Err(too_large());
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let validators = Validators {
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(http_error)? {
            let room = self.limit.saturating_sub(bytes.len() as u64);
            if !copy_capped(&chunk[..], &mut bytes, room)
                .await
                .unwrap_or(false)
            {
                return Err(too_large());
            }
        }
        self.validators
            .lock()
            .await
            .insert(url.to_owned(), validators);
        Ok(Some(Fetched { name: shown, bytes }))
    }
}
