//! Export files kept until the data changes: a download asked again costs
//! a file read, not a rebuild. Files are kept per request (kind, year,
//! issuer, unit…) and data generation (the newest report's id, so another
//! replica's import is seen too), at most [`KEPT`] of them, in a folder of
//! their own that is removed with the cache.

use std::path::Path;
use std::sync::Mutex;

use super::ExportFile;

/// Files kept at most; the least recently asked goes first.
pub const KEPT: usize = 16;

/// The kept files.
pub struct ExportCache {
    dir: tempfile::TempDir,
    kept: Mutex<Kept>,
}

struct Kept {
    generation: i64,
    files: lru::LruCache<String, ExportFile>,
}

impl ExportCache {
    /// An empty cache with a new folder under the system's temporary one.
    pub fn new() -> std::io::Result<Self> {
        Ok(Self {
            dir: tempfile::Builder::new()
                .prefix("shishi-exports-")
                .tempdir()?,
            kept: Mutex::new(Kept {
                generation: i64::MIN,
                files: lru::LruCache::new(std::num::NonZeroUsize::MIN.saturating_add(KEPT - 1)),
            }),
        })
    }

    /// Where files are written.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The file kept for `key` at `generation`.
    pub fn get(&self, generation: i64, key: &str) -> Option<ExportFile> {
        let mut kept = self.kept.lock().ok()?;
        if kept.generation != generation {
            return None;
        }
        kept.files.get(key).cloned()
    }

    /// Keeps `file` for `key` at `generation`; files of another generation
    /// are dropped (a download under way still reads its own).
    pub fn put(&self, generation: i64, key: String, file: ExportFile) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if generation < kept.generation {
            return;
        }
        if generation > kept.generation {
            kept.files.clear();
            kept.generation = generation;
        }
        kept.files.put(key, file);
    }

    /// How many files are kept.
    pub fn len(&self) -> usize {
        self.kept.lock().map(|k| k.files.len()).unwrap_or(0)
    }

    /// True when no file is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
