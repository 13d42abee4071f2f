//! Charts of a calibration folder: placeholder until the figures land.

use std::path::Path;

use anyhow::Result;

/// Draws the calibration charts of `dir`; returns how many were written.
pub fn plot_calibration(_dir: &Path) -> Result<usize> {
    Ok(0)
}
