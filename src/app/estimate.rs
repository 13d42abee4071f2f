//! Size estimates of a command's work and outputs, made before anything runs: model runs,
//! bytes of trajectories and records, memory of a sweep design. Above [`NOTICE_BYTES`] the
//! command prints a notice; above [`REFUSE_BYTES`] it refuses unless `--force` is given.
//! The per-row sizes are measured on the baseline's outputs (rounded up), so the estimates
//! are of the right order, not exact.

use crate::config::{ConfigError, DesignKind, Scenario, SweepConfig};
use crate::model::recorder::{ROUND_METRICS, RUN_METRICS};

/// Estimated outputs above this size (bytes) get a notice on stderr.
pub const NOTICE_BYTES: u64 = 1 << 30;

/// Estimated outputs above this size (bytes) are refused unless `--force` is given.
pub const REFUSE_BYTES: u64 = 50 << 30;

/// Largest `--threads` accepted.
pub const MAX_THREADS: usize = 1024;

/// Bytes of one long-format trajectory row (`replicate,round,month,metric,value`).
const TRAJECTORY_ROW_BYTES: u64 = 48;
/// Bytes of one numeric cell of a CSV row.
const CELL_BYTES: u64 = 14;
/// Bytes of the events of one replicate (events.csv), generous.
const EVENTS_PER_REPLICATE_BYTES: u64 = 2048;
/// Bytes per design point of a sweep: its record under `points.d/` and its points.csv row,
/// per run metric (measured ≈ 4.2 KB per point for the baseline's metrics).
const POINT_BYTES_PER_METRIC: u64 = 160;

/// What a command is about to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// What is estimated, for messages (`"run"`, `"sweep"`).
    pub what: String,
    /// Model runs (replicates, or points × replicates).
    pub model_runs: u128,
    /// Bytes written (and, for a sweep's design, held in memory).
    pub bytes: u128,
    /// How the bytes split, for messages.
    pub detail: String,
}

/// A size in bytes for people: `1.8 GB`.
pub fn human_bytes(b: u128) -> String {
    let units = ["B", "KB", "MB", "GB", "TB", "PB"];
    let mut x = b as f64;
    let mut u = 0;
    while x >= 1000.0 && u + 1 < units.len() {
        x /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} B")
    } else {
        format!("{x:.1} {}", units[u])
    }
}

/// The outputs of `tradewar run`: `replicates` runs of `rounds`, `kept` of them with full
/// trajectories.
pub fn run(s: &Scenario, replicates: u64, kept: u64) -> Estimate {
    let rounds = u128::from(s.rounds);
    let reps = u128::from(replicates);
    let kept = u128::from(kept.min(replicates));
    let trajectories =
        kept * rounds * ROUND_METRICS.len() as u128 * u128::from(TRAJECTORY_ROW_BYTES);
    let runs = reps * (RUN_METRICS.len() as u128 + 4) * u128::from(CELL_BYTES);
    let events = reps * u128::from(EVENTS_PER_REPLICATE_BYTES);
    Estimate {
        what: "run".into(),
        model_runs: reps,
        bytes: trajectories + runs + events,
        detail: format!(
            "{replicates} replicate(s) x {} rounds: trajectories.csv {} ({kept} replicate path(s)), runs.csv {}, events.csv {}",
            s.rounds,
            human_bytes(trajectories),
            human_bytes(runs),
            human_bytes(events)
        ),
    }
}

/// The number of design points of a `[sweep]` table, computed without building the design
/// (`None` if the table is incomplete: the sweep plan reports that).
pub fn sweep_points(cfg: &SweepConfig) -> Option<u128> {
    let d = cfg.parameters.len() as u128;
    match cfg.design {
        DesignKind::Grid => cfg.parameters.iter().try_fold(1u128, |acc, p| {
            p.values
                .as_ref()
                .map(|v| acc.saturating_mul(v.len() as u128))
        }),
        DesignKind::LatinHypercube => cfg.samples.map(u128::from),
        DesignKind::Sobol => cfg.samples.map(|n| u128::from(n).saturating_mul(d + 2)),
    }
}

/// The work and outputs of `tradewar sweep`: the design in memory, one record and one
/// points.csv row per point, and with `keep_runs` one runs.csv row per point and replicate.
pub fn sweep(cfg: &SweepConfig, replicates: u64, keep_runs: bool) -> Option<Estimate> {
    let points = sweep_points(cfg)?;
    let d = cfg.parameters.len() as u128;
    let reps = u128::from(replicates);
    let design = points.saturating_mul(d.max(1) * 8);
    let records =
        points.saturating_mul(RUN_METRICS.len() as u128 * u128::from(POINT_BYTES_PER_METRIC));
    let runs = if keep_runs {
        points
            .saturating_mul(reps)
            .saturating_mul((RUN_METRICS.len() as u128 + d + 4) * u128::from(CELL_BYTES))
    } else {
        0
    };
    Some(Estimate {
        what: "sweep".into(),
        model_runs: points.saturating_mul(reps),
        bytes: design.saturating_add(records).saturating_add(runs),
        detail: format!(
            "{points} point(s) x {replicates} replicate(s): design {}, point records and points.csv {}{}",
            human_bytes(design),
            human_bytes(records),
            if keep_runs {
                format!(", runs.csv {}", human_bytes(runs))
            } else {
                String::new()
            }
        ),
    })
}

/// What to do about an estimate: `Ok(Some(notice))` to print and go on, `Ok(None)` to go on
/// silently, or a refusal (exit 2) naming `--force`.
pub fn judge(e: &Estimate, origin: &str, force: bool) -> Result<Option<String>, ConfigError> {
    if e.bytes > u128::from(REFUSE_BYTES) && !force {
        return Err(ConfigError::new(
            origin,
            format!(
                "this {} would write about {} ({}), more than the {} accepted without --force; make it smaller, or add --force to run it anyway",
                e.what,
                human_bytes(e.bytes),
                e.detail,
                human_bytes(u128::from(REFUSE_BYTES))
            ),
        ));
    }
    Ok((e.bytes > u128::from(NOTICE_BYTES)).then(|| {
        format!(
            "note: this {} will write about {} ({})",
            e.what,
            human_bytes(e.bytes),
            e.detail
        )
    }))
}

/// Checks `--threads` against [`MAX_THREADS`].
pub fn check_threads(threads: usize) -> Result<(), ConfigError> {
    if threads > MAX_THREADS {
        return Err(ConfigError::new(
            "--threads",
            format!("--threads {threads} is outside [0, {MAX_THREADS}] (0 = one per core)"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LoadedScenario;

    #[test]
    fn the_baseline_with_every_path_at_1000_replicates_needs_no_notice() {
        let s = LoadedScenario::load(None, &[]).unwrap().typical;
        let e = run(&s, 1000, 1000);
        assert!(e.bytes > 30_000_000 && e.bytes < 200_000_000, "{e:?}");
        assert_eq!(judge(&e, "x", false).unwrap(), None);
        let big = run(&s, 100_000, 100_000);
        assert!(judge(&big, "x", false).unwrap().unwrap().contains("GB"));
        let huge = run(&s, 10_000_000, 10_000_000);
        let err = judge(&huge, "x", false).unwrap_err();
        assert!(err.message.contains("--force"), "{err}");
        assert!(judge(&huge, "x", true).is_ok());
    }

    #[test]
    fn sizes_print_compactly_and_threads_are_capped() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_800_000_000), "1.8 GB");
        assert!(check_threads(1024).is_ok());
        assert!(
            check_threads(1025)
                .unwrap_err()
                .to_string()
                .contains("--threads")
        );
    }
}
