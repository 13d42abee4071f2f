//! Writing the files of `tradewar discover` into its output folder
//! (docs/scenario_discovery.md).

use std::path::Path;

use anyhow::{Context, Result};

use super::analysis::{DiscoverOptions, Discovery};
use super::charts;
use crate::foundation::io::{write_atomic, write_json};
use crate::report::Chart;
use crate::report::options::chart_options_from_manifest;

/// Writes the files of `d` into `out` (created if missing): `boxes.csv`, `chosen.csv`,
/// `discover.json` and, with `charts`, the charts in `out/charts/` (sized and formatted as
/// the source folder's). Returns the charts drawn.
pub fn write_outputs(
    out: &Path,
    d: &Discovery,
    opts: &DiscoverOptions,
    charts: bool,
) -> Result<Vec<Chart>> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    for (name, text) in [("boxes.csv", d.boxes_csv()), ("chosen.csv", d.chosen_csv())] {
        let path = out.join(name);
        write_atomic(&path, text.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let path = out.join("discover.json");
    write_json(&path, &d.manifest(opts)).with_context(|| format!("writing {}", path.display()))?;
    if !charts {
        return Ok(Vec::new());
    }
    let chart_opts = chart_options_from_manifest(&d.data.manifest.raw);
    charts::draw(out, d, &chart_opts)
}
