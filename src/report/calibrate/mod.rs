//! Charts of a calibration's output folder (docs/model.md "Calibration"): [`charts`] reads
//! the folder and writes the charts, [`figures`] draws the posterior marginals and pairs.
//! This file only declares and re-exports.

mod charts;
mod figures;

pub use charts::plot_calibration;
