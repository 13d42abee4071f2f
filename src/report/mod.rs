//! Publication-quality charts and reports from `tradewar` output folders. The report layer
//! reads output folders only (CSVs and `manifest.json`), so it imports nothing but the chart
//! options of [`crate::config`] and [`crate::foundation`]; only the app layer calls it.
//!
//! Charts are rendered with plotters into memory (PNG via the `png` encoder, SVG as a string)
//! and written atomically. Text uses the DejaVu Sans font embedded via the `dejavu` crate, so
//! no system fonts are needed. Everything is deterministic: drawing the same folder twice
//! yields byte-identical files.
//!
//! Parts: [`plot`] dispatches on the manifest's `command` to the chart sets of [`run`],
//! [`sweep`] and [`tournament`]; [`compare`] overlays several runs; [`discover`] finds the inputs behind a case (PRIM);
//! [`document`] writes the report. Beneath them: [`data`] reads the output files, [`options`] the chart options,
//! [`chart`] writes one chart, [`draw`] renders figures, [`style`] holds the theme, and
//! [`diagnostics`] reports skipped data. This file only declares and re-exports.

mod calibrate;
mod chart;
mod compare;
mod data;
mod diagnostics;
pub mod discover;
mod document;
mod draw;
mod options;
mod plot;
mod run;
mod style;
mod sweep;
mod tournament;

#[cfg(test)]
mod gallery;
#[cfg(test)]
mod testutil;

pub use calibrate::plot_calibration;
pub use chart::Chart;
pub use compare::compare;
pub use data::RoundStat;
pub use document::write_report;
pub use options::chart_options_from_manifest;
pub use plot::{plot_dir, plot_dir_with_observed};
pub use run::draw_run_charts;
pub use run::observed::{Fit, inside_band, on_rounds};
pub use sweep::draw_sweep_charts;
pub use tournament::draw_tournament_charts;
