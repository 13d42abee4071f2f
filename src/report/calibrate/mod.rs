//! Charts of a calibration's output folder (docs/model.md "Calibration"). This file only
//! declares and re-exports.

mod charts;

pub use charts::plot_calibration;
