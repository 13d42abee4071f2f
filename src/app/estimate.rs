//! Size estimates of a command's work and outputs, made before anything runs: model runs,
//! bytes of trajectories and records, memory of a sweep design. Above [`NOTICE_BYTES`] the
//! command prints a notice; above [`REFUSE_BYTES`] it refuses unless `--force` is given.
//! The per-row sizes are measured on the baseline's outputs (rounded up), so the estimates
//! are of the right order, not exact.

use crate::config::{ConfigError, DesignKind, Scenario, SweepConfig};
use crate::experiment::runner::CHUNK;
use crate::model::recorder::{ROUND_METRICS, RUN_METRICS};

/// Estimated outputs above this size (bytes) get a notice on stderr.
pub const NOTICE_BYTES: u64 = 1 << 30;

/// Estimated outputs above this size (bytes) are refused unless `--force` is given.
pub const REFUSE_BYTES: u64 = 50 << 30;

/// Estimated memory above this size (bytes) is refused unless `--force` is given: more than
/// a laptop holds.
pub const REFUSE_MEMORY_BYTES: u64 = 16 << 30;

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

/// Bytes of one `agents.csv` row (measured: 128 B on the baseline, rounded up).
const AGENT_ROW_BYTES: u64 = 140;
/// Bytes one agent row takes in memory until its batch is written (measured ≈ 1.6 MB per
/// replicate and reported round for the baseline's 11,100 agents, rounded up).
const AGENT_ROW_MEMORY_BYTES: u64 = 150;
/// Bytes of a replicate's result held in memory besides its trajectory (outcomes, inputs,
/// events), generous.
const RESULT_BYTES: u64 = 4096;

/// What a command is about to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// What is estimated, for messages (`"run"`, `"sweep"`).
    pub what: String,
    /// Model runs (replicates, or points × replicates).
    pub model_runs: u128,
    /// Bytes written (and, for a sweep's design, held in memory).
    pub bytes: u128,
    /// Bytes held in memory at once (results waiting to be written or summarised).
    pub memory: u128,
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
        memory: 0,
        detail: format!(
            "{replicates} replicate(s) x {} rounds: trajectories.csv {} ({kept} replicate path(s)), runs.csv {}, events.csv {}",
            s.rounds,
            human_bytes(trajectories),
            human_bytes(runs),
            human_bytes(events)
        ),
    }
}

/// Adds `agents.csv` to a run's estimate: `replicates` replicates report `agents` agents
/// at each of `rounds` rounds. Their rows wait in memory until their batch of
/// [`CHUNK`] replicates is written, and two batches are in flight at once.
pub fn with_agents(mut e: Estimate, replicates: u64, rounds: u64, agents: u64) -> Estimate {
    if replicates == 0 {
        return e;
    }
    let rows = u128::from(replicates)
        .saturating_mul(u128::from(rounds))
        .saturating_mul(u128::from(agents));
    let bytes = rows.saturating_mul(u128::from(AGENT_ROW_BYTES));
    let in_flight = u128::from(replicates.min(2 * CHUNK))
        .saturating_mul(u128::from(rounds))
        .saturating_mul(u128::from(agents))
        .saturating_mul(u128::from(AGENT_ROW_MEMORY_BYTES));
    e.bytes = e.bytes.saturating_add(bytes);
    e.memory = e.memory.saturating_add(in_flight);
    e.detail = format!(
        "{}, agents.csv {} ({replicates} replicate(s) x {rounds} round(s) x {agents} agents), {} of agent rows in memory",
        e.detail,
        human_bytes(bytes),
        human_bytes(in_flight)
    );
    e
}

/// The work of `tradewar tournament`: every pair of strategies runs `replicates` replicates,
/// all held in memory (trajectories, outcomes, events) until the pairs are summarised;
/// it writes one `tournament.csv` row per pair and `replicator.csv`.
pub fn tournament(s: &Scenario, pairs: u64, strategies: u64, replicates: u64) -> Estimate {
    let runs = u128::from(pairs).saturating_mul(u128::from(replicates));
    let per_result = u128::from(s.rounds) * ROUND_METRICS.len() as u128 * 8
        + RUN_METRICS.len() as u128 * 16
        + u128::from(RESULT_BYTES);
    let memory = runs.saturating_mul(per_result);
    let steps = s
        .tournament
        .as_ref()
        .map_or(0, |t| u128::from(t.replicator_steps));
    let bytes =
        u128::from(pairs) * 16 * u128::from(CELL_BYTES) + (steps + 1) * u128::from(strategies) * 40;
    Estimate {
        what: "tournament".into(),
        model_runs: runs,
        bytes,
        memory,
        detail: format!(
            "{pairs} pair(s) x {replicates} replicate(s) = {runs} runs held in memory, {}; tournament.csv and replicator.csv {}",
            human_bytes(memory),
            human_bytes(bytes)
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
        DesignKind::Morris => cfg.samples.map(|n| u128::from(n).saturating_mul(d + 1)),
    }
    .map(|n| n.saturating_mul(lever_policies(cfg)))
}

/// The number of policies of a `[sweep]` with `levers` (the product of the option counts),
/// 1 without levers.
fn lever_policies(cfg: &SweepConfig) -> u128 {
    cfg.levers
        .values()
        .map(|v| v.as_array().map_or(1, |a| a.len() as u128))
        .fold(1u128, u128::saturating_mul)
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
        memory: design,
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
    if e.memory > u128::from(REFUSE_MEMORY_BYTES) && !force {
        return Err(ConfigError::new(
            origin,
            format!(
                "this {} would hold about {} in memory ({}), more than the {} accepted without --force; make it smaller, or add --force to run it anyway",
                e.what,
                human_bytes(e.memory),
                e.detail,
                human_bytes(u128::from(REFUSE_MEMORY_BYTES))
            ),
        ));
    }
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
    let notice = u128::from(NOTICE_BYTES);
    Ok((e.bytes > notice || e.memory > notice).then(|| {
        format!(
            "note: this {} will write about {} and hold about {} in memory ({})",
            e.what,
            human_bytes(e.bytes),
            human_bytes(e.memory),
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
    fn agent_rows_and_tournaments_count_in_bytes_and_memory() {
        let s = LoadedScenario::load(None, &[]).unwrap().typical;
        let plain = run(&s, 10, 1);
        // Two replicates at two rounds of 11,100 agents: ≈ 6 MB written and held.
        let e = with_agents(plain.clone(), 2, 2, 11_100);
        assert_eq!(e.bytes - plain.bytes, 2 * 2 * 11_100 * 140);
        assert_eq!(e.memory, 2 * 2 * 11_100 * 150);
        assert!(e.detail.contains("agents.csv"), "{}", e.detail);
        assert_eq!(with_agents(plain.clone(), 0, 2, 11_100), plain);
        // Memory counts two batches in flight, not every replicate.
        let many = with_agents(plain.clone(), 1_000_000, 1, 11_100);
        assert_eq!(many.memory, 2 * CHUNK as u128 * 11_100 * 150);
        let err = judge(&with_agents(plain.clone(), 2048, 60, 11_100), "x", false)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("in memory") && err.contains("--force"),
            "{err}"
        );
        // The shipped tournament (81 pairs x 100) needs no notice; x10 does; x1000 is refused.
        let t = tournament(&s, 81, 18, 100);
        assert_eq!(t.model_runs, 8100);
        assert_eq!(judge(&t, "x", false).unwrap(), None, "{t:?}");
        assert!(
            judge(&tournament(&s, 81, 18, 1000), "x", false)
                .unwrap()
                .is_some()
        );
        assert!(judge(&tournament(&s, 81, 18, 100_000), "x", false).is_err());
        assert!(judge(&tournament(&s, 81, 18, 100_000), "x", true).is_ok());
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
