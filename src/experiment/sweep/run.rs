//! `tradewar sweep`: run every design point of a scenario's `[sweep]` (or one shard of
//! them), R replicates each, in parallel over (point, replicate) pairs.
//!
//! Points run in batches; after each batch every finished point is recorded under
//! `DIR/points.d/`. Results are gathered in (point, replicate) order, so the records — and
//! the final files assembled from them — do not depend on the thread count or the batch
//! size. A sweep's identity is the exact text of its final `manifest.json` (config hash,
//! seed, design, metrics, version), kept in `points.d/sweep.json`: `--resume` continues only
//! a sweep with the same identity.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;
use serde_json::json;

use super::assemble::{self, json_text, point_record};
use super::folder::{FINAL_FILES, IDENTITY_FILE, RECORDS_DIR, SHARD_FILE};
use super::plan::SweepPlan;
use super::record;
use super::shard::ShardSpec;
use crate::config::ConfigError;
use crate::config::DesignKind;
use crate::config::load::Flag;
use crate::experiment::error::ExperimentError;
use crate::experiment::options::CommonOptions;
use crate::experiment::outputs::{input_columns, manifest};
use crate::experiment::replicate::{Prepared, ReplicateResult, run_replicate};
use crate::experiment::runner::{progress_bar, thread_pool};
use crate::foundation::io::write_atomic;
use crate::foundation::staging::{
    FolderLock, InPlace, Staged, remove_leftovers, remove_temp_files,
};
use crate::model::recorder::RUN_METRICS;
use crate::model::strategy::StrategyRegistry;
use crate::model::world::{agent_counts, build_world};

/// Options of `tradewar sweep`.
#[derive(Debug, Clone, Default)]
pub struct SweepOptions {
    /// Shared options (`config` is required).
    pub common: CommonOptions,
    /// Run only this shard (else from `SLURM_ARRAY_TASK_ID`/`_COUNT`, else everything).
    pub shard: Option<ShardSpec>,
    /// Skip points already recorded in the output folder.
    pub resume: bool,
    /// Also write `runs.csv` (one row per point and replicate).
    pub keep_runs: bool,
    /// Replicates per point (`--replicates`; sets `sweep.replicates`).
    pub replicates: Option<u64>,
}

impl SweepOptions {
    /// The flags of this sweep that set config keys (`--replicates`).
    pub fn flags(&self) -> Vec<Flag> {
        self.replicates
            .map(|n| Flag::new("--replicates", "sweep.replicates", n))
            .into_iter()
            .collect()
    }
}

/// What a sweep did.
#[derive(Debug, Clone)]
pub struct SweepReport {
    /// Output folder.
    pub out_dir: PathBuf,
    /// Scenario name.
    pub scenario: String,
    /// The design.
    pub design: DesignKind,
    /// Design points in the whole sweep.
    pub points: usize,
    /// Replicates per point.
    pub replicates: u64,
    /// The shard run, if any.
    pub shard: Option<ShardSpec>,
    /// The points of this run (all, or the shard's).
    pub range: Range<usize>,
    /// Points run now.
    pub ran: usize,
    /// Points found already recorded (`--resume`).
    pub resumed: usize,
    /// Wall-clock seconds spent running points.
    pub seconds: f64,
    /// Whether the final files were written (false for a shard: run `tradewar merge`).
    pub complete: bool,
    /// Metrics left out of `sensitivity.csv` because some point had no value.
    pub skipped_sensitivity: Vec<String>,
}

/// The final `manifest.json` of a sweep: the run manifest of the base scenario (config and
/// its hash, seed, metrics) with `replicates` per point and the `"sweep"` section.
pub fn sweep_manifest(
    base: &Prepared,
    plan: &SweepPlan,
) -> Result<serde_json::Value, ExperimentError> {
    let mut world = build_world(&base.loaded.typical, &base.registry, base.seed(), 0)?;
    let mut m = manifest(base, "sweep", &agent_counts(&mut world));
    m["replicates"] = json!(plan.layout.replicates);
    m["inputs"] = json!(input_columns(&plan.layout.inputs).collect::<Vec<_>>());
    m["sweep"] = plan.manifest_section();
    Ok(m)
}

/// Prepares the output folder: on `--resume` checks the recorded identity, otherwise (or if
/// there is nothing to resume) clears old records and final files. Returns whether a
/// previous sweep is being resumed.
fn prepare_folder(
    out_dir: &Path,
    records: &Path,
    identity: &str,
    resume: bool,
) -> Result<bool, ExperimentError> {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create output folder {}", out_dir.display()))?;
    let existing = std::fs::read_to_string(records.join(IDENTITY_FILE)).ok();
    let resuming = match (resume, existing) {
        (true, Some(old)) if old == identity => true,
        (true, Some(old)) => {
            return Err(ConfigError::new(
                out_dir.display().to_string(),
                format!(
                    "holds a different sweep ({}); --resume continues only the same config file, --set and --seed: drop --resume to start afresh (this clears {})",
                    assemble::difference(&old, identity),
                    records.display()
                ),
            )
            .into());
        }
        _ => false,
    };
    if !resuming {
        if records.exists() {
            std::fs::remove_dir_all(records)
                .with_context(|| format!("cannot clear {}", records.display()))?;
        }
        for f in FINAL_FILES {
            let _ = std::fs::remove_file(out_dir.join(f));
        }
    }
    std::fs::create_dir_all(records)
        .with_context(|| format!("cannot create {}", records.display()))?;
    remove_temp_files(out_dir);
    remove_temp_files(records);
    if !resuming {
        write_atomic(&records.join(IDENTITY_FILE), identity.as_bytes())
            .with_context(|| format!("cannot write {}", records.join(IDENTITY_FILE).display()))?;
    }
    Ok(resuming)
}

/// `points.d/shard.json`: which points this folder is responsible for (read by `merge`).
pub fn shard_json(shard: ShardSpec, range: &Range<usize>, keep_runs: bool) -> serde_json::Value {
    json!({
        "index": shard.index,
        "count": shard.count,
        "points": [range.start, range.end],
        "keep_runs": keep_runs,
    })
}

/// `tradewar sweep`: runs the design points (or a shard of them) and writes the records, and
/// the final files when the whole sweep ran here.
pub fn sweep(
    opts: &SweepOptions,
    registry: &StrategyRegistry,
) -> Result<SweepReport, ExperimentError> {
    let loaded = opts.common.load(&opts.flags())?;
    let mut plan = SweepPlan::new(&loaded)?;
    let base = Prepared::new(loaded, registry.clone())?;
    let bases = plan.bases(&base)?;
    plan.check_points(&bases)?;
    plan.use_values_used(&base);
    let shard = match opts.shard {
        Some(s) => Some(s),
        None => ShardSpec::from_env()?,
    }
    .filter(|s| s.count > 1);
    let out_dir = opts.common.out_dir(
        shard
            .map(|s| format!("shard-{}-of-{}", s.index, s.count))
            .as_deref(),
    );
    let records = out_dir.join(RECORDS_DIR);
    let manifest = sweep_manifest(&base, &plan)?;
    let identity = json_text(&manifest);
    let hash = base.loaded.hash();
    let metrics = RUN_METRICS.len();
    let keep_runs = opts.keep_runs;
    let range = shard.map_or(0..plan.len(), |s| plan.layout.shard_points(s));

    let lock = FolderLock::acquire(&out_dir, &std::env::args().collect::<Vec<_>>().join(" "))?;
    remove_leftovers(&out_dir)?;
    let watch = InPlace::watch(&out_dir);
    let resuming = prepare_folder(&out_dir, &records, &identity, opts.resume)?;
    let spec = shard.unwrap_or(ShardSpec { index: 1, count: 1 });
    write_atomic(
        &records.join(SHARD_FILE),
        json_text(&shard_json(spec, &range, keep_runs)).as_bytes(),
    )
    .with_context(|| format!("cannot write {}", records.join(SHARD_FILE).display()))?;

    let finished = |i: usize| {
        record::read(&records, i, &hash, metrics).is_some_and(|r| !keep_runs || r.runs.is_some())
    };
    let todo: Vec<usize> = range
        .clone()
        .filter(|&i| !(resuming && finished(i)))
        .collect();
    let resumed = range.len() - todo.len();

    let started = Instant::now();
    let reps = plan.layout.replicates;
    let pool = thread_pool(opts.common.threads)?;
    let per_batch = (64 * pool.current_num_threads())
        .max(256)
        .div_ceil(usize::try_from(reps).unwrap_or(usize::MAX))
        .max(1);
    let bar = progress_bar(
        todo.len() as u64 * reps,
        opts.common.quiet,
        "points x replicates",
    );
    for batch in todo.chunks(per_batch) {
        let prepared: Vec<Prepared> = batch
            .iter()
            .map(|&i| plan.point_prepared(&bases[i / plan.layout.scenarios()], i))
            .collect::<Result<_, _>>()?;
        let tasks = batch.len() as u64 * reps;
        let results: Vec<ReplicateResult> = pool.install(|| {
            (0..tasks)
                .into_par_iter()
                .map(|t| {
                    let mut r = run_replicate(&prepared[(t / reps) as usize], t % reps)?;
                    r.trajectory = Vec::new();
                    r.events = Vec::new();
                    bar.inc(1);
                    Ok(r)
                })
                .collect::<Result<_, ConfigError>>()
        })?;
        let per_point = reps as usize;
        for (k, &i) in batch.iter().enumerate() {
            let rec = point_record(
                i,
                &plan.point_cells(i),
                &results[k * per_point..(k + 1) * per_point],
                keep_runs,
            );
            record::write(&records, &rec, &hash)
                .with_context(|| format!("cannot write {}", record::path(&records, i).display()))?;
        }
    }
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();

    let mut report = SweepReport {
        out_dir: out_dir.clone(),
        scenario: base.loaded.typical.name.clone(),
        design: plan.layout.design,
        points: plan.len(),
        replicates: reps,
        shard,
        range: range.clone(),
        ran: todo.len(),
        resumed,
        seconds,
        complete: false,
        skipped_sensitivity: Vec::new(),
    };
    match shard {
        Some(s) => {
            let mut m = manifest;
            m["shard"] = shard_json(s, &range, keep_runs);
            write_atomic(&out_dir.join("manifest.json"), json_text(&m).as_bytes()).with_context(
                || format!("cannot write {}", out_dir.join("manifest.json").display()),
            )?;
        }
        None => {
            let read = |i: usize| {
                record::read(&records, i, &hash, metrics).ok_or_else(|| {
                    anyhow::anyhow!(
                        "the record of point {i} ({}) vanished or is damaged: run again with --resume",
                        record::path(&records, i).display()
                    )
                })
            };
            let mut rows = Vec::with_capacity(plan.len());
            let mut means = Vec::with_capacity(plan.len());
            for i in 0..plan.len() {
                let r = read(i)?;
                rows.push(r.row);
                means.push(r.means);
            }
            let runs = |i: usize| -> std::io::Result<Vec<String>> {
                read(i)
                    .map_err(std::io::Error::other)?
                    .runs
                    .ok_or_else(|| std::io::Error::other(format!("point {i} kept no runs")))
            };
            drop(watch);
            let staged = Staged::with_lock(lock, &out_dir)?;
            report.skipped_sensitivity = assemble::write_final(
                staged.dir(),
                &plan.layout,
                &identity,
                &rows,
                &means,
                keep_runs.then_some(&runs as &dyn Fn(usize) -> std::io::Result<Vec<String>>),
            )?;
            assemble::link_records(&records, &staged.dir().join(RECORDS_DIR))?;
            staged.commit()?;
            report.complete = true;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LoadedScenario;

    /// Common random numbers: a design point's replicate equals the same replicate of the
    /// scenario run on its own with `--set` (so a row of points.csv can be re-run alone).
    #[test]
    fn a_design_point_is_the_scenario_with_its_values_set() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(
            &p,
            "[sweep]\ndesign = \"latin_hypercube\"\nsamples = 3\n\
             [[sweep.parameters]]\npath = \"trade.us_import_elasticity\"\nrange = [1.5, 4]\n",
        )
        .unwrap();
        let loaded = LoadedScenario::load(Some(&p), &[]).unwrap();
        let plan = SweepPlan::new(&loaded).unwrap();
        let base = Prepared::new(loaded, StrategyRegistry::default()).unwrap();
        let point = plan.point_prepared(&base, 1).unwrap();
        let v = plan.values[1][0];
        let alone = Prepared::new(
            LoadedScenario::load(Some(&p), &[format!("trade.us_import_elasticity={v}")]).unwrap(),
            StrategyRegistry::default(),
        )
        .unwrap();
        for r in 0..5 {
            assert_eq!(
                run_replicate(&point, r).unwrap(),
                run_replicate(&alone, r).unwrap()
            );
        }
    }
}
