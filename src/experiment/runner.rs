//! The Monte Carlo runner (docs/model.md §2, "Time and randomness"): N replicates in
//! parallel with rayon, each on its own `World` and single-threaded schedule. Results are
//! gathered in replicate order, so every output is byte-identical for any thread count.

use std::ops::Range;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::config::ConfigError;
use crate::experiment::error::ExperimentError;
use crate::experiment::replicate::{Prepared, ReplicateResult, run_replicate};

/// A rayon pool with `threads` workers (0 = one per core).
pub fn thread_pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?)
}

/// A progress bar on stderr, hidden when `quiet` or when stderr is not a terminal.
pub fn progress_bar(len: u64, quiet: bool, what: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} ({per_sec}, eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(what.to_string());
    bar
}

/// Runs the given replicates on `pool`, in parallel, returning results in replicate order.
pub fn run_replicates(
    prepared: &Prepared,
    replicates: Range<u64>,
    pool: &rayon::ThreadPool,
    progress: &ProgressBar,
) -> Result<Vec<ReplicateResult>, ConfigError> {
    pool.install(|| {
        replicates
            .into_par_iter()
            .map(|r| {
                let out = run_replicate(prepared, r);
                progress.inc(1);
                out
            })
            .collect()
    })
}

/// Replicates per parallel chunk when streaming: large enough to keep every core busy,
/// small enough that memory does not grow with the number of replicates.
pub const CHUNK: u64 = 1024;

/// Runs the replicates chunk by chunk in parallel and hands each result to `sink` in
/// replicate order; memory is bounded by two chunks. The sink consumes one chunk (on the
/// calling thread) while the pool computes the next, so writing the outputs does not leave
/// the workers idle between chunks.
pub fn run_streaming(
    prepared: &Prepared,
    replicates: Range<u64>,
    pool: &rayon::ThreadPool,
    progress: &ProgressBar,
    mut sink: impl FnMut(ReplicateResult) -> anyhow::Result<()>,
) -> Result<(), ExperimentError> {
    std::thread::scope(|scope| {
        let mut done: Option<Vec<ReplicateResult>> = None;
        let mut start = replicates.start;
        loop {
            let end = (start + CHUNK).min(replicates.end);
            let next = (start < end)
                .then(|| scope.spawn(move || run_replicates(prepared, start..end, pool, progress)));
            if let Some(results) = done.take() {
                for r in results {
                    sink(r)?;
                }
            }
            match next {
                Some(handle) => {
                    let results = handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                    done = Some(results);
                }
                None => return Ok(()),
            }
            start = end;
        }
    })
}
