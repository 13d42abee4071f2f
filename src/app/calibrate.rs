//! `tradewar calibrate CONFIG` (docs/model.md "Calibration"): checks the thread count and
//! the config, runs the calibration (`experiment::calibrate`) and draws its charts from the
//! output folder (`report::calibrate`).

use std::path::Path;

use crate::app::error::AppError;
use crate::app::estimate;
use crate::config::LoadedScenario;
use crate::experiment::calibrate::plan::{CalibrationPlan, Method};
use crate::experiment::calibrate::run::{CalibrateOptions, CalibrateReport};
use crate::model::strategy::StrategyRegistry;

/// Runs a calibration and, with `charts`, draws the posterior and fit charts.
pub fn calibrate(
    opts: &CalibrateOptions,
    charts: bool,
    registry: &StrategyRegistry,
) -> Result<CalibrateReport, AppError> {
    estimate::check_threads(opts.common.threads)?;
    let report = crate::experiment::calibrate::run::calibrate(opts, registry)?;
    if charts {
        crate::report::plot_calibration(&report.out_dir)?;
    }
    Ok(report)
}

/// `tradewar validate` of a config with a `[calibration]` table: checks the parameters, the
/// targets, their history scenarios and observations; returns the summary's addition.
pub fn check_calibration(
    loaded: &LoadedScenario,
    config: &Path,
    registry: &StrategyRegistry,
) -> Result<String, AppError> {
    let plan = CalibrationPlan::new(loaded, config, registry)?;
    let method = match plan.method {
        Method::AbcSmc => String::new(),
        Method::Smm(s) => format!(
            ", SMM: {} start(s) of at most {} step(s)",
            s.starts, s.iterations
        ),
    };
    Ok(format!(
        "; calibration: {} parameter(s), {} target(s) on {} history scenario(s), {} particles x {} replicate(s){method}",
        plan.parameters.len(),
        plan.targets.len(),
        plan.scenarios.len(),
        plan.settings.particles,
        plan.replicates
    ))
}
