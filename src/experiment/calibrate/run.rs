//! `tradewar calibrate CONFIG`: runs ABC-SMC or the simulated method of moments on the
//! config's `[calibration]` and writes the output folder (docs/model.md "Calibration").
//!
//! After every generation (ABC-SMC), or after the design and after every search (SMM), the
//! whole state is written atomically to `DIR/calibration.d/state.json`, beside the run's
//! identity (config hash, each history scenario's hash, seed, version). `--resume` continues
//! from the last saved state of a run with the same identity; the final files are always
//! derived from the state, so an interrupted and resumed run writes the same bytes as an
//! uninterrupted one. The final files are staged and swapped in (`foundation::staging`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use serde_json::json;

use super::abc_smc::{Evaluator, State, start, step};
use super::checkpoint::{from_text, to_text};
use super::estimate_outputs::{WrittenEstimate, write_estimate};
use super::evaluate::{ModelEvaluator, TargetSims};
use super::outputs::{Written, relative_path, write_all};
use super::plan::{CalibrationPlan, Method};
use super::smm::{self, SearchSettings};
use crate::config::ConfigError;
use crate::experiment::error::ExperimentError;
use crate::experiment::options::CommonOptions;
use crate::experiment::runner::{progress_bar, thread_pool};
use crate::experiment::sweep::assemble::{json_text, link_records};
use crate::foundation::io::write_atomic;
use crate::foundation::staging::{
    FolderLock, InPlace, Staged, remove_leftovers, remove_temp_files,
};
use crate::model::strategy::StrategyRegistry;

/// The folder of checkpoints inside the output folder.
pub const RECORDS_DIR: &str = "calibration.d";

/// The test hook: stop with an error after saving this generation (simulates a kill).
pub const STOP_AFTER_VAR: &str = "TRADEWAR_TEST_CALIBRATE_STOP_AFTER";

/// The test hook of the simulated method of moments: stop with an error once this many
/// searches are saved (0: after the design) and some remain (simulates a kill).
pub const STOP_AFTER_STARTS_VAR: &str = "TRADEWAR_TEST_CALIBRATE_STOP_AFTER_STARTS";

/// Options of `tradewar calibrate`.
#[derive(Debug, Clone, Default)]
pub struct CalibrateOptions {
    /// Shared options (`config` is required).
    pub common: CommonOptions,
    /// Continue from the last saved state.
    pub resume: bool,
}

/// What a calibration found, by method.
#[derive(Debug, Clone)]
pub enum Fitted {
    /// ABC-SMC: a posterior sample.
    Posterior {
        /// Generations in the final state.
        generations: usize,
        /// Why the sampler stopped.
        stopped: String,
        /// Posterior summaries and coverage.
        written: Written,
    },
    /// The simulated method of moments: a point estimate.
    Estimate {
        /// Searches run (the starts).
        starts: usize,
        /// Searches that converged within the iterations.
        converged: usize,
        /// The estimate, its search and coverage.
        written: WrittenEstimate,
    },
}

/// What a calibration did.
#[derive(Debug, Clone)]
pub struct CalibrateReport {
    /// Output folder.
    pub out_dir: PathBuf,
    /// Scenario name.
    pub scenario: String,
    /// Steps found saved (`--resume`): generations (ABC-SMC) or searches (SMM).
    pub resumed: usize,
    /// Wall-clock seconds spent sampling or searching.
    pub seconds: f64,
    /// The result.
    pub fitted: Fitted,
}

/// The run's identity: what must match for `--resume` to continue it.
pub fn identity(plan: &CalibrationPlan, hash: &str, seed: u64) -> serde_json::Value {
    json!({
        "kind": "calibration",
        "config_hash": hash,
        "seed": seed,
        "version": env!("CARGO_PKG_VERSION"),
        "scenarios": plan.scenarios.iter().map(|s| json!({
            "path": s.path,
            "config_hash": s.base.loaded.hash(),
        })).collect::<Vec<_>>(),
    })
}

/// The manifest's entries common to both methods.
fn manifest_common(
    plan: &CalibrationPlan,
    identity: &serde_json::Value,
    origin: &str,
    scales: &[f64],
) -> serde_json::Value {
    let mut m = identity.clone();
    let c = &plan.config;
    m["config"] = json!(origin);
    m["method"] = json!(c.method);
    m["particles"] = json!(c.particles);
    m["replicates_per_candidate"] = json!(c.replicates);
    m["error_scales"] = json!(scales);
    m["parameters"] = json!(
        plan.parameters
            .iter()
            .map(|p| p.path.clone())
            .collect::<Vec<_>>()
    );
    m["targets"] = json!(
        plan.targets
            .iter()
            .map(|t| json!({
                "name": t.name,
                "metric": t.metric,
                "scenario": plan.scenarios[t.scenario].path,
                "weight": t.weight,
            }))
            .collect::<Vec<_>>()
    );
    m
}

fn manifest(
    plan: &CalibrationPlan,
    identity: &serde_json::Value,
    origin: &str,
    state: &State<Vec<TargetSims>>,
) -> serde_json::Value {
    let mut m = manifest_common(plan, identity, origin, &state.scales);
    let c = &plan.config;
    m["max_generations"] = json!(c.generations);
    m["alpha"] = json!(c.alpha);
    m["min_acceptance"] = json!(c.min_acceptance);
    m["generations"] = json!(state.generations.len());
    m["stopped"] = json!(state.stopped);
    m
}

fn smm_manifest(
    plan: &CalibrationPlan,
    identity: &serde_json::Value,
    origin: &str,
    search: &SearchSettings,
    state: &smm::State,
) -> serde_json::Value {
    let mut m = manifest_common(plan, identity, origin, &state.scales);
    m["starts"] = json!(search.starts);
    m["iterations"] = json!(search.iterations);
    m["tolerance"] = json!(search.tolerance);
    m["design_origins"] = json!(state.origins);
    if let Some((k, e)) = state.estimate() {
        m["estimate_start"] = json!(k);
        m["estimate_distance"] = json!(e.distance);
    }
    m["evaluations"] = json!(
        state.design.len()
            + state
                .ends
                .iter()
                .flatten()
                .map(|e| e.evaluations)
                .sum::<usize>()
            + 1
    );
    m
}

fn save<T: serde::Serialize>(records: &Path, state: &T) -> anyhow::Result<()> {
    let path = records.join("state.json");
    write_atomic(&path, to_text(state)?.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// The value of a test hook, if set.
fn hook(var: &str) -> Option<usize> {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
}

fn test_stop(state: &State<Vec<TargetSims>>) -> anyhow::Result<()> {
    let Some(k) = hook(STOP_AFTER_VAR) else {
        return Ok(());
    };
    let g = state.generations.len().saturating_sub(1);
    if g >= k && state.stopped.is_none() {
        anyhow::bail!("stopped after generation {g} ({STOP_AFTER_VAR})");
    }
    Ok(())
}

fn test_stop_searches(state: &smm::State) -> anyhow::Result<()> {
    let Some(k) = hook(STOP_AFTER_STARTS_VAR) else {
        return Ok(());
    };
    let done = state.finished();
    if done >= k && done < state.ends.len() {
        anyhow::bail!("stopped after {done} search(es) ({STOP_AFTER_STARTS_VAR})");
    }
    Ok(())
}

/// ABC-SMC from `saved` (or afresh), each generation saved.
fn sample(
    plan: &CalibrationPlan,
    records: &Path,
    saved: Option<String>,
    eval: &ModelEvaluator,
) -> anyhow::Result<(State<Vec<TargetSims>>, usize)> {
    let mut state: State<Vec<TargetSims>> = match saved {
        Some(text) => from_text(&text)?,
        None => {
            let s = start(&plan.settings, eval)?;
            save(records, &s)?;
            s
        }
    };
    let resumed = state.generations.len();
    test_stop(&state)?;
    while state.stopped.is_none() {
        step(&plan.settings, &mut state, eval)?;
        save(records, &state)?;
        test_stop(&state)?;
    }
    Ok((state, resumed))
}

/// The simulated method of moments from `saved` (or afresh): the design, then the searches,
/// each saved; returns the state, the estimate's simulated values and the searches found
/// saved.
fn estimate(
    plan: &CalibrationPlan,
    search: &SearchSettings,
    records: &Path,
    saved: Option<String>,
    eval: &ModelEvaluator,
) -> anyhow::Result<(smm::State, Vec<TargetSims>, usize)> {
    let mut state: smm::State = match saved {
        Some(text) => from_text(&text)?,
        None => {
            let s = smm::design(&plan.settings, search, eval)?;
            save(records, &s)?;
            s
        }
    };
    let resumed = state.finished();
    test_stop_searches(&state)?;
    smm::search_all(&plan.settings, search, &mut state, eval, eval.pool, |s| {
        save(records, s)?;
        test_stop_searches(s)
    })?;
    let Some((_, best)) = state.estimate() else {
        anyhow::bail!("no search finished");
    };
    let sims = eval
        .evaluate(std::slice::from_ref(&best.theta))?
        .swap_remove(0)
        .payload;
    Ok((state, sims, resumed))
}

/// Swaps in the output folder: stages it (taking over the folder's lock, ending the in-place
/// watch), writes its files with `write`, links the sampler's records into it and commits it,
/// so an interrupted or failed write never leaves a half-written folder.
fn publish<W>(
    (lock, watch): (FolderLock, InPlace),
    out_dir: &Path,
    records: &Path,
    write: impl FnOnce(&Path) -> anyhow::Result<W>,
) -> anyhow::Result<W> {
    drop(watch);
    let staged = Staged::with_lock(lock, out_dir)?;
    let written = write(staged.dir())?;
    link_records(records, &staged.dir().join(RECORDS_DIR))?;
    staged.commit()?;
    Ok(written)
}

/// `tradewar calibrate`: samples the posterior or searches the estimate (or continues a
/// saved run) and writes the output folder.
pub fn calibrate(
    opts: &CalibrateOptions,
    registry: &StrategyRegistry,
) -> Result<CalibrateReport, ExperimentError> {
    let loaded = opts.common.load(&[])?;
    let Some(config) = opts.common.config.clone() else {
        return Err(ConfigError::new(
            "tradewar calibrate",
            "needs a config file with a [calibration] table",
        )
        .into());
    };
    let plan = CalibrationPlan::new(&loaded, &config, registry)?;
    let out_dir = opts.common.out_dir(None);
    let records = out_dir.join(RECORDS_DIR);
    let identity = identity(&plan, &loaded.hash(), loaded.typical.seed);
    let identity_text = json_text(&identity);

    let lock = FolderLock::acquire(&out_dir, &std::env::args().collect::<Vec<_>>().join(" "))?;
    remove_leftovers(&out_dir)?;
    let watch = InPlace::watch(&out_dir);
    std::fs::create_dir_all(&records)
        .with_context(|| format!("cannot create {}", records.display()))?;
    remove_temp_files(&records);
    let id_path = records.join("identity.json");
    let saved_identity = std::fs::read_to_string(&id_path).ok();
    let mut saved: Option<String> = None;
    if opts.resume {
        match saved_identity {
            Some(old) if old == identity_text => {
                saved = std::fs::read_to_string(records.join("state.json")).ok();
            }
            Some(_) => {
                return Err(ConfigError::new(
                    out_dir.display().to_string(),
                    format!(
                        "holds a different calibration; --resume continues only the same config file, --set, --seed and history scenarios: drop --resume to start afresh (this clears {})",
                        records.display()
                    ),
                )
                .into());
            }
            None => {}
        }
    }
    if saved.is_none() {
        let _ = std::fs::remove_file(records.join("state.json"));
        write_atomic(&id_path, identity_text.as_bytes())
            .with_context(|| format!("cannot write {}", id_path.display()))?;
    }

    let started = Instant::now();
    let pool = thread_pool(opts.common.threads)?;
    let bar = progress_bar(0, opts.common.quiet, "calibration replicates");
    let eval = ModelEvaluator {
        plan: &plan,
        pool: &pool,
        progress: &bar,
    };
    let slashes = |p: PathBuf| p.to_string_lossy().replace('\\', "/");
    let extends = slashes(relative_path(&out_dir, &config));
    let config_dir = config.parent().map(PathBuf::from).unwrap_or_default();
    let rebase = |p: &str| slashes(relative_path(&out_dir, &config_dir.join(p)));
    let (resumed, seconds, fitted) = match plan.method {
        Method::AbcSmc => {
            let (state, resumed) = sample(&plan, &records, saved, &eval)?;
            bar.finish_and_clear();
            let seconds = started.elapsed().as_secs_f64();
            let manifest = manifest(&plan, &identity, &loaded.origin, &state);
            let written = publish((lock, watch), &out_dir, &records, |dir| {
                write_all(
                    dir,
                    &plan,
                    &state,
                    &manifest,
                    (&extends, &rebase),
                    &loaded.origin,
                )
            })?;
            let fitted = Fitted::Posterior {
                generations: state.generations.len(),
                stopped: state.stopped.clone().unwrap_or_default(),
                written,
            };
            (resumed, seconds, fitted)
        }
        Method::Smm(search) => {
            let (state, sims, resumed) = estimate(&plan, &search, &records, saved, &eval)?;
            bar.finish_and_clear();
            let seconds = started.elapsed().as_secs_f64();
            let manifest = smm_manifest(&plan, &identity, &loaded.origin, &search, &state);
            let written = publish((lock, watch), &out_dir, &records, |dir| {
                write_estimate(
                    dir,
                    &plan,
                    &state,
                    &sims,
                    &manifest,
                    (&extends, &rebase),
                    &loaded.origin,
                )
            })?;
            let fitted = Fitted::Estimate {
                starts: state.ends.len(),
                converged: state.ends.iter().flatten().filter(|e| e.converged).count(),
                written,
            };
            (resumed, seconds, fitted)
        }
    };
    Ok(CalibrateReport {
        out_dir,
        scenario: loaded.typical.name.clone(),
        resumed,
        seconds,
        fitted,
    })
}
