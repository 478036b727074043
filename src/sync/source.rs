//! Where tables are published: a file, a folder of files, or a URL; and the
//! pass that imports what is new in each.

use std::path::{Path, PathBuf};

use entity::sync_run;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::run::{sha256_hex, Importer, RunRequest, RunStatus, Trigger};

/// File endings read from a folder source.
const SPREADSHEET_ENDINGS: [&str; 3] = ["xlsx", "xls", "ods"];

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
        let is_sheet = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SPREADSHEET_ENDINGS.contains(&e.to_lowercase().as_str()));
        if is_sheet && !path.is_dir() {
            Self::File(path)
        } else {
            Self::Folder(path)
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::File(p) | Self::Folder(p) => write!(f, "{}", p.display()),
            Self::Url(u) => f.write_str(u),
        }
    }
}

/// A file found at a source, read and ready to import.
struct Fetched {
    name: String,
    bytes: Vec<u8>,
}

/// Why a source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The path does not exist or cannot be read.
    #[error(
        "cannot read {path}: {reason}; check the --sync-source setting and the file's permissions"
    )]
    Io {
        /// The path.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// A file over the size limit.
    #[error("{path} is {size} bytes, over the limit of {limit} bytes (--max-upload-bytes); a tracking table is far smaller")]
    TooLarge {
        /// The path.
        path: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// URL sources need the HTTP client.
    #[error("URL sources are not supported by this build; publish the table to a folder and name the folder instead")]
    UrlUnsupported,
}

fn io_error(path: &Path, e: std::io::Error) -> SourceError {
    SourceError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

async fn read_file(path: &Path, limit: u64) -> Result<Fetched, SourceError> {
    let meta = tokio::fs::metadata(path)
        .await
        .map_err(|e| io_error(path, e))?;
    if meta.len() > limit {
        return Err(SourceError::TooLarge {
            path: path.display().to_string(),
            size: meta.len(),
            limit,
        });
    }
    let bytes = tokio::fs::read(path).await.map_err(|e| io_error(path, e))?;
    Ok(Fetched {
        name: path.display().to_string(),
        bytes,
    })
}

async fn fetch(source: &Source, limit: u64) -> Vec<Result<Fetched, (String, SourceError)>> {
    match source {
        Source::File(path) => vec![read_file(path, limit)
            .await
            .map_err(|e| (path.display().to_string(), e))],
        Source::Folder(dir) => {
            let mut paths = Vec::new();
            match tokio::fs::read_dir(dir).await {
                Ok(mut entries) => {
                    while let Ok(Some(entry)) = entries.next_entry().await {
                        let path = entry.path();
                        let is_sheet = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            SPREADSHEET_ENDINGS.contains(&e.to_lowercase().as_str())
                        });
                        let hidden = entry.file_name().to_string_lossy().starts_with(['.', '~']);
                        if is_sheet && !hidden && path.is_file() {
                            paths.push(path);
                        }
                    }
                }
                Err(e) => return vec![Err((dir.display().to_string(), io_error(dir, e)))],
            }
            paths.sort();
            let mut out = Vec::with_capacity(paths.len());
            for path in paths {
                out.push(
                    read_file(&path, limit)
                        .await
                        .map_err(|e| (path.display().to_string(), e)),
                );
            }
            out
        }
        Source::Url(url) => vec![Err((url.clone(), SourceError::UrlUnsupported))],
    }
}

/// True when a finished run already recorded this content from this source.
async fn seen(importer: &Importer, source: &str, sha256: &str) -> Result<bool, DbErr> {
    let n = sync_run::Entity::find()
        .filter(sync_run::Column::Source.eq(source))
        .filter(sync_run::Column::Sha256.eq(sha256))
        .filter(sync_run::Column::Status.ne(RunStatus::Running.as_str()))
        .count(importer.db())
        .await?;
    Ok(n > 0)
}

/// True when the newest run from this source failed with this message.
async fn last_error_is(importer: &Importer, source: &str, message: &str) -> Result<bool, DbErr> {
    let last = sync_run::Entity::find()
        .filter(sync_run::Column::Source.eq(source))
        .order_by_desc(sync_run::Column::Id)
        .one(importer.db())
        .await?;
    Ok(last.is_some_and(|r| r.error_message.as_deref() == Some(message)))
}

/// One pass over `sources`. A scheduled pass imports only content not seen
/// before from its source, so idle passes write nothing; a manual pass runs
/// every file. A failing source never stops the others.
pub async fn sync_pass(
    importer: &Importer,
    sources: &[Source],
    trigger: Trigger,
    limit: u64,
) -> Result<Vec<sync_run::Model>, DbErr> {
    let mut runs = Vec::new();
    for source in sources {
        for fetched in fetch(source, limit).await {
            let (name, bytes) = match fetched {
                Ok(f) => (f.name, f.bytes),
                Err((name, e)) => {
                    // An unreadable source is recorded once per distinct error.
                    let message = e.to_string();
                    if trigger == Trigger::Schedule
                        && last_error_is(importer, &name, &message).await?
                    {
                        continue;
                    }
                    runs.push(
                        importer
                            .record_source_error(trigger, &name, &message)
                            .await?,
                    );
                    continue;
                }
            };
            if trigger == Trigger::Schedule && seen(importer, &name, &sha256_hex(&bytes)).await? {
                continue;
            }
            runs.push(importer.run(RunRequest::new(trigger, name, bytes)).await?);
        }
    }
    Ok(runs)
}
