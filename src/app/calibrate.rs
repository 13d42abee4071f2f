//! `tradewar calibrate CONFIG` (docs/model.md "Calibration"): checks the thread count and
//! the config, runs the calibration (`experiment::calibrate`) and draws its charts from the
//! output folder (`report::calibrate`).

use crate::app::AppError;
use crate::app::estimate;
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
