//! `tradewar discover DIR --case 'METRIC OP VALUE'`: scenario discovery with PRIM over the
//! inputs of a run or a sweep with kept runs (docs/scenario_discovery.md). The analysis and
//! the files are the report layer's ([`crate::report::discover`]); this writes them into a
//! staged folder, `DIR/discover/` unless `--out` names another.

use std::path::{Path, PathBuf};

use super::error::AppError;
use crate::foundation::staging::Staged;
use crate::report::discover::{DiscoverError, DiscoverOptions, Discovery, analyse, write_outputs};

/// What `tradewar discover` was asked.
#[derive(Debug, Clone)]
pub struct DiscoverRequest {
    /// The output folder of a run or a sweep with `--keep-runs`.
    pub dir: PathBuf,
    /// Where to write (default `DIR/discover/`).
    pub out: Option<PathBuf>,
    /// The case and PRIM's options.
    pub options: DiscoverOptions,
    /// Draw the charts.
    pub charts: bool,
}

/// Runs PRIM over `req.dir` and writes `boxes.csv`, `chosen.csv`, `discover.json` and the
/// charts into the output folder, staged and swapped in. Returns the folder and the result.
pub fn discover(req: &DiscoverRequest) -> Result<(PathBuf, Discovery), AppError> {
    let found = analyse(&req.dir, &req.options).map_err(|e| match e {
        DiscoverError::Input(e) => AppError::Input(e),
        DiscoverError::Runtime(e) => AppError::Runtime(e),
    })?;
    let out = req
        .out
        .clone()
        .unwrap_or_else(|| Path::new(&req.dir).join("discover"));
    let staged = Staged::begin(&out, &std::env::args().collect::<Vec<_>>().join(" "))?;
    write_outputs(staged.dir(), &found, &req.options, req.charts)?;
    staged.commit()?;
    Ok((out, found))
}
