//! Sync runs: every attempt to import a table (upload, schedule, manual run,
//! command line) is recorded in the run log, and every finished run is
//! announced to subscribers.

mod run;
pub mod scheduler;
pub mod source;

pub use run::{
    parse_warnings, sha256_hex, Busy, Content, Importer, RunRequest, RunStatus, Ticket, Trigger,
};
pub use scheduler::SyncJob;
