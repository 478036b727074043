//! Sync runs: every attempt to import a table (upload, schedule, manual run,
//! command line) is recorded in the run log, and every finished run is
//! announced to subscribers.

mod error;
mod run;
pub mod scheduler;
pub mod source;

pub use error::RunErrorCode;
mod options;
pub use options::{ImportFields, ImportOptions};
pub use run::{
    parse_warnings, sha256_hex, Busy, Content, Importer, RunRequest, RunStatus, Ticket, Trigger,
    BUSY_RETRY_AFTER,
};
pub use scheduler::SyncJob;
