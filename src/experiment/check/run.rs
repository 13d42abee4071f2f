//! Runs the scenarios of the validation checks (docs/model.md §2) in memory: each scenario's
//! replicates in parallel through the runner, keeping only the values the checks read (run
//! outcomes, and the monthly values of the round metrics they name). Results come in
//! replicate order, so every figure is the same for any thread count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use indicatif::ProgressBar;

use crate::config::LoadedScenario;
use crate::config::load::Flag;
use crate::experiment::check::spec::{CheckFile, Kind, Source};
use crate::experiment::error::ExperimentError;
use crate::experiment::replicate::Prepared;
use crate::experiment::runner::run_streaming;
use crate::foundation::calendar::{YearMonth, month_label};
use crate::model::recorder::{ROUND_METRICS, round_metric_index};
use crate::model::strategy::StrategyRegistry;

/// What one scenario's replicates gave, for the metrics the checks read.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRun {
    /// The scenario's name in the checks file.
    pub name: String,
    /// Replicates run.
    pub replicates: u64,
    /// Master seed.
    pub seed: u64,
    /// Horizon in rounds.
    pub rounds: u32,
    /// The month of round 0.
    pub start: YearMonth,
    /// Run outcome (index in `RUN_METRICS`) → its value per replicate (`None` = missing).
    pub outcomes: BTreeMap<usize, Vec<Option<f64>>>,
    /// Round metric (index in `ROUND_METRICS`) → per round, its value per replicate.
    pub monthly: BTreeMap<usize, Vec<Vec<f64>>>,
}

impl ScenarioRun {
    /// The per-replicate values of a source (`None` where missing or outside the horizon).
    pub fn values(&self, source: Source) -> Vec<Option<f64>> {
        match source {
            Source::Run(i) => self.outcomes.get(&i).cloned().unwrap_or_default(),
            Source::Round(m, r) => match self.monthly.get(&m).and_then(|v| v.get(r as usize)) {
                Some(v) => v.iter().map(|x| Some(*x)).collect(),
                None => vec![None; self.replicates as usize],
            },
        }
    }

    /// `YYYY-MM` of each round.
    pub fn months(&self) -> BTreeMap<i64, String> {
        (0..self.rounds)
            .map(|r| (i64::from(r), month_label(self.start, r)))
            .collect()
    }
}

/// How the scenarios run: overrides of the checks file and the pool.
pub struct RunSettings<'a> {
    /// Replicates per scenario, overriding the file (`--replicates`).
    pub replicates: Option<u64>,
    /// Master seed, overriding each scenario's (`--seed`).
    pub seed: Option<u64>,
    /// The strategies available.
    pub registry: &'a StrategyRegistry,
    /// The worker pool.
    pub pool: &'a rayon::ThreadPool,
}

/// Loads every scenario the checks use (all before any runs, so a bad config fails fast).
pub fn prepare_all(
    file: &CheckFile,
    base: &Path,
    settings: &RunSettings,
) -> Result<Vec<(String, Prepared)>, ExperimentError> {
    let mut out = Vec::new();
    for name in file.used_scenarios() {
        let spec = &file.scenarios[name];
        let n = settings
            .replicates
            .or(spec.replicates)
            .unwrap_or(file.replicates);
        let mut flags = vec![Flag::new("--replicates", "replicates", n)];
        if let Some(s) = settings.seed {
            flags.push(Flag::new("--seed", "seed", s));
        }
        let loaded =
            LoadedScenario::load_with_flags(Some(&base.join(&spec.config)), &spec.sets, &flags)?;
        out.push((
            name.to_string(),
            Prepared::new(loaded, settings.registry.clone())?,
        ));
    }
    Ok(out)
}

/// The metrics of `scenario` the checks read: run outcomes and round metrics.
fn needs(file: &CheckFile, scenario: &str) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let mut runs = BTreeSet::new();
    let mut rounds = BTreeSet::new();
    for c in file
        .checks
        .iter()
        .filter(|c| c.scenario.as_deref() == Some(scenario))
    {
        match c.kind {
            Kind::Distribution => {
                if let Some((a, b)) = c.sources() {
                    for s in std::iter::once(a).chain(b) {
                        match s {
                            Source::Run(i) => runs.insert(i),
                            Source::Round(m, _) => rounds.insert(m),
                        };
                    }
                }
            }
            Kind::Coverage => {
                rounds.extend(round_metric_index(c.metric_name()));
            }
            Kind::Literature => {}
        }
    }
    (runs, rounds)
}

/// Runs one prepared scenario's replicates and keeps what the checks read.
pub fn run_scenario(
    file: &CheckFile,
    name: &str,
    prepared: &Prepared,
    pool: &rayon::ThreadPool,
    bar: &ProgressBar,
) -> Result<ScenarioRun, ExperimentError> {
    let (runs, rounds) = needs(file, name);
    let s = &prepared.loaded.typical;
    let horizon = prepared.rounds() as usize;
    let mut out = ScenarioRun {
        name: name.to_string(),
        replicates: s.replicates,
        seed: prepared.seed(),
        rounds: prepared.rounds(),
        start: prepared.start(),
        outcomes: runs.iter().map(|i| (*i, Vec::new())).collect(),
        monthly: rounds
            .iter()
            .map(|m| (*m, vec![Vec::new(); horizon]))
            .collect(),
    };
    let width = ROUND_METRICS.len();
    bar.set_message(format!("check: {name}"));
    run_streaming(prepared, 0..s.replicates, pool, bar, |r| {
        for (i, v) in out.outcomes.iter_mut() {
            v.push(r.outcomes[*i]);
        }
        for (m, by_round) in out.monthly.iter_mut() {
            for (round, v) in by_round.iter_mut().enumerate() {
                v.push(r.trajectory[round * width + m]);
            }
        }
        Ok(())
    })?;
    Ok(out)
}
