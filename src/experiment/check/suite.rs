//! The whole validation suite (docs/model.md §8, §9): load the checks, run every scenario
//! they use (in name order, each on the shared pool), judge every check in file order.

use std::path::Path;

use indicatif::ProgressBar;

use crate::config::LoadedScenario;
use crate::experiment::check::evaluate::{Coverage, Inputs, Judged, judge};
use crate::experiment::check::run::{RunSettings, ScenarioRun, prepare_all, run_scenario};
use crate::experiment::check::spec::CheckFile;
use crate::experiment::error::ExperimentError;

/// What the suite gives: the checks, the scenario runs and each check judged.
#[derive(Debug, Clone)]
pub struct Suite {
    /// The checks file as read.
    pub file: CheckFile,
    /// One run per scenario used, in name order.
    pub runs: Vec<ScenarioRun>,
    /// Every check judged, in file order.
    pub judged: Vec<Judged>,
}

/// Runs the checks of the file at `path`. `bar` counts replicates (its length is set here);
/// `coverage` counts observed months inside a run's band (the app reads observed files).
pub fn run_suite(
    path: &Path,
    settings: &RunSettings,
    bar: &ProgressBar,
    coverage: &dyn Fn(&Path, &str, &ScenarioRun) -> Result<Coverage, ExperimentError>,
) -> Result<Suite, ExperimentError> {
    let file = CheckFile::load(path)?;
    let base = CheckFile::base(path);
    let prepared = prepare_all(&file, &base, settings)?;
    bar.set_length(
        prepared
            .iter()
            .map(|(_, p)| p.loaded.typical.replicates)
            .sum(),
    );
    let mut runs = Vec::new();
    for (name, p) in &prepared {
        runs.push(run_scenario(&file, name, p, settings.pool, bar)?);
    }
    let trade = LoadedScenario::load(None, &[])?.typical.trade;
    let inputs = Inputs {
        runs: &runs,
        base: &base,
        trade: &trade,
        coverage,
    };
    let judged = file
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| judge(i, c, &inputs))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Suite { file, runs, judged })
}
