//! `tradewar calibrate CONFIG`: runs ABC-SMC on the config's `[calibration]` and writes the
//! output folder (docs/model.md "Calibration").
//!
//! After every generation the sampler's whole state is written atomically to
//! `DIR/calibration.d/state.json`, beside the run's identity (config hash, each history
//! scenario's hash, seed, version). `--resume` continues from the last saved generation of
//! a run with the same identity; the final files are always derived from the state, so an
//! interrupted and resumed run writes the same bytes as an uninterrupted one. The final
//! files are staged and swapped in (`foundation::staging`).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use serde_json::json;

use super::abc_smc::{State, start, step};
use super::checkpoint::{from_text, to_text};
use super::evaluate::{ModelEvaluator, TargetSims};
use super::outputs::{Written, relative_path, write_all};
use super::plan::CalibrationPlan;
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

/// Options of `tradewar calibrate`.
#[derive(Debug, Clone, Default)]
pub struct CalibrateOptions {
    /// Shared options (`config` is required).
    pub common: CommonOptions,
    /// Continue from the last saved generation.
    pub resume: bool,
}

/// What a calibration did.
#[derive(Debug, Clone)]
pub struct CalibrateReport {
    /// Output folder.
    pub out_dir: PathBuf,
    /// Scenario name.
    pub scenario: String,
    /// Generations in the final state.
    pub generations: usize,
    /// Generations found saved (`--resume`).
    pub resumed: usize,
    /// Why the sampler stopped.
    pub stopped: String,
    /// Wall-clock seconds spent sampling.
    pub seconds: f64,
    /// Posterior summaries and coverage.
    pub written: Written,
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

fn manifest(
    plan: &CalibrationPlan,
    identity: &serde_json::Value,
    origin: &str,
    state: &State<Vec<TargetSims>>,
) -> serde_json::Value {
    let mut m = identity.clone();
    let c = &plan.config;
    m["config"] = json!(origin);
    m["method"] = json!(c.method);
    m["particles"] = json!(c.particles);
    m["max_generations"] = json!(c.generations);
    m["replicates_per_candidate"] = json!(c.replicates);
    m["alpha"] = json!(c.alpha);
    m["min_acceptance"] = json!(c.min_acceptance);
    m["generations"] = json!(state.generations.len());
    m["stopped"] = json!(state.stopped);
    m["error_scales"] = json!(state.scales);
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

fn save(records: &std::path::Path, state: &State<Vec<TargetSims>>) -> anyhow::Result<()> {
    let path = records.join("state.json");
    write_atomic(&path, to_text(state)?.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

fn test_stop(state: &State<Vec<TargetSims>>) -> anyhow::Result<()> {
    let Some(k) = std::env::var(STOP_AFTER_VAR)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return Ok(());
    };
    let g = state.generations.len().saturating_sub(1);
    if g >= k && state.stopped.is_none() {
        anyhow::bail!("stopped after generation {g} ({STOP_AFTER_VAR})");
    }
    Ok(())
}

/// `tradewar calibrate`: samples the posterior (or continues a saved run) and writes the
/// output folder.
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
    let saved = std::fs::read_to_string(&id_path).ok();
    let mut state: Option<State<Vec<TargetSims>>> = None;
    if opts.resume {
        match saved {
            Some(old) if old == identity_text => {
                if let Ok(text) = std::fs::read_to_string(records.join("state.json")) {
                    state = Some(from_text(&text)?);
                }
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
    if state.is_none() {
        let _ = std::fs::remove_file(records.join("state.json"));
        write_atomic(&id_path, identity_text.as_bytes())
            .with_context(|| format!("cannot write {}", id_path.display()))?;
    }
    let resumed = state.as_ref().map_or(0, |s| s.generations.len());

    let started = Instant::now();
    let pool = thread_pool(opts.common.threads)?;
    let bar = progress_bar(0, opts.common.quiet, "calibration replicates");
    let eval = ModelEvaluator {
        plan: &plan,
        pool: &pool,
        progress: &bar,
    };
    let mut state = match state {
        Some(s) => s,
        None => {
            let s = start(&plan.settings, &eval)?;
            save(&records, &s)?;
            s
        }
    };
    test_stop(&state)?;
    while state.stopped.is_none() {
        step(&plan.settings, &mut state, &eval)?;
        save(&records, &state)?;
        test_stop(&state)?;
    }
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();

    let slashes = |p: PathBuf| p.to_string_lossy().replace('\\', "/");
    let extends = slashes(relative_path(&out_dir, &config));
    let config_dir = config.parent().map(PathBuf::from).unwrap_or_default();
    let rebase = |p: &str| slashes(relative_path(&out_dir, &config_dir.join(p)));
    let manifest = manifest(&plan, &identity, &loaded.origin, &state);
    drop(watch);
    let staged = Staged::with_lock(lock, &out_dir)?;
    let written = write_all(
        staged.dir(),
        &plan,
        &state,
        &manifest,
        (&extends, &rebase),
        &loaded.origin,
    )?;
    link_records(&records, &staged.dir().join(RECORDS_DIR))?;
    staged.commit()?;
    Ok(CalibrateReport {
        out_dir,
        scenario: loaded.typical.name.clone(),
        generations: state.generations.len(),
        resumed,
        stopped: state.stopped.clone().unwrap_or_default(),
        seconds,
        written,
    })
}
