//! The sync scheduler: one pass at start, then one every interval, until
//! told to stop. A failing source never stops it.

use std::time::Duration;

use tokio::sync::watch;

use super::source::{sync_pass, Source};
use super::{Importer, Trigger};

/// What one scheduled step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    /// Runs recorded (0 on an idle pass).
    Ran(usize),
    /// The run log could not be written; retried next interval.
    Failed,
}

/// One scheduled pass over every source.
pub async fn step(importer: &Importer, sources: &[Source], limit: u64) -> StepOutcome {
    match sync_pass(importer, sources, Trigger::Schedule, limit).await {
        Ok(runs) => {
            for run in &runs {
                tracing::info!(source = %run.source, status = %run.status, "scheduled sync run");
            }
            StepOutcome::Ran(runs.len())
        }
        Err(e) => {
            tracing::error!(error = %e, "scheduled sync pass failed; retrying next interval");
            StepOutcome::Failed
        }
    }
}

/// Runs passes every `interval` until `stop` turns true; a pass under way
/// finishes first, so no import is cut in half.
pub async fn run(
    importer: Importer,
    sources: Vec<Source>,
    interval: Duration,
    limit: u64,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        step(&importer, &sources, limit).await;
        tokio::select! {
            _ = tokio::time::sleep(interval) => {}
            _ = stop.changed() => return,
        }
        if *stop.borrow() {
            return;
        }
    }
}
