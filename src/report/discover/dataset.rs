//! The inputs and outcomes PRIM reads from an output folder (docs/scenario_discovery.md): a
//! run's `runs.csv` (its `input.` columns, drawn per replicate), or a sweep's kept `runs.csv`
//! (`--keep-runs`) with each run's swept parameter values joined from `points.csv`.

use std::path::Path;

use super::prim::InputKind;
use crate::config::ConfigError;
use crate::report::data::{Manifest, Table, parse_f64};

/// Why `discover` failed: bad input (exit 2) or a runtime failure (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    /// A bad folder, case or option.
    #[error("{0}")]
    Input(#[from] ConfigError),
    /// Anything else (I/O, ...).
    #[error("{0:#}")]
    Runtime(#[from] anyhow::Error),
}

/// Columns of `runs.csv` that are neither inputs nor outcomes.
const ID_COLUMNS: [&str; 3] = ["point", "replicate", "seed"];

/// The runs of an output folder as PRIM sees them.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// `run` or `sweep`.
    pub command: String,
    /// The folder's manifest.
    pub manifest: Manifest,
    /// Input names, in column order: swept key paths (sweeps) then `input.` columns.
    pub inputs: Vec<String>,
    /// Values per input, one per run (row of `runs.csv`).
    pub columns: Vec<Vec<f64>>,
    /// How each input is peeled (whole numbers only: [`InputKind::Integer`]).
    pub kinds: Vec<InputKind>,
    /// Outcome columns of `runs.csv` (the metrics a case may name).
    pub metrics: Vec<String>,
    /// `runs.csv` itself.
    pub runs: Table,
}

impl Dataset {
    /// Reads `dir`: its manifest and `runs.csv` (and a sweep's `points.csv`). Refuses folders
    /// without per-run inputs and non-numeric input values, naming the file and the column.
    pub fn load(dir: &Path) -> Result<Dataset, DiscoverError> {
        let origin = dir.display().to_string();
        let bad = |m: String| DiscoverError::Input(ConfigError::new(&origin, m));
        if !dir.join("manifest.json").is_file() {
            return Err(bad(
                "no manifest.json here: not a tradewar output folder".into()
            ));
        }
        let manifest = Manifest::load(dir);
        let command = manifest.command.clone();
        if command != "run" && command != "sweep" {
            return Err(bad(format!(
                "a `{command}` folder: discover reads the runs of `tradewar run` (with distribution-valued keys) or of `tradewar sweep --keep-runs`"
            )));
        }
        let runs_path = dir.join("runs.csv");
        if !runs_path.is_file() {
            return Err(bad(match command.as_str() {
                "sweep" => "no runs.csv: run the sweep with --keep-runs to keep each run's inputs and outcomes".into(),
                _ => "no runs.csv in this run folder".into(),
            }));
        }
        let runs = Table::read(&runs_path)?;
        if runs.rows.is_empty() {
            return Err(bad("runs.csv has no runs".into()));
        }
        let mut inputs = Vec::new();
        let mut columns = Vec::new();
        if command == "sweep" {
            let (names, values) = swept(dir, &manifest, &runs, &bad)?;
            inputs.extend(names);
            columns.extend(values);
        }
        for (c, name) in runs.headers.iter().enumerate() {
            if name.starts_with("input.") {
                columns.push(numeric(&runs, c, "runs.csv", &bad)?);
                inputs.push(name.clone());
            }
        }
        if inputs.is_empty() {
            return Err(bad(
                "runs.csv has no inputs to explain the outcomes with: give some keys a distribution (README, \"Relating outcomes to inputs\") or sweep them".into(),
            ));
        }
        let known: Vec<&str> = manifest
            .run_metrics
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        let metrics = runs
            .headers
            .iter()
            .filter(|h| !h.starts_with("input.") && !ID_COLUMNS.contains(&h.as_str()))
            .filter(|h| known.is_empty() || known.contains(&h.as_str()))
            .cloned()
            .collect();
        let kinds = columns
            .iter()
            .map(|c| {
                if c.iter().all(|v| v.fract() == 0.0) {
                    InputKind::Integer
                } else {
                    InputKind::Real
                }
            })
            .collect();
        Ok(Dataset {
            command,
            manifest,
            inputs,
            columns,
            kinds,
            metrics,
            runs,
        })
    }

    /// The values of outcome column `metric` (empty cells are `None`).
    pub fn outcome(&self, metric: &str) -> Vec<Option<f64>> {
        self.runs
            .col(metric)
            .map(|c| self.runs.f64s(c))
            .unwrap_or_default()
    }
}

/// Column `c` of `table` as numbers; an empty or non-numeric cell is refused (categorical
/// inputs are not supported), naming the file, column and line.
fn numeric(
    table: &Table,
    c: usize,
    file: &str,
    bad: &dyn Fn(String) -> DiscoverError,
) -> Result<Vec<f64>, DiscoverError> {
    table
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            parse_f64(&r[c]).ok_or_else(|| {
                bad(format!(
                    "{file}, column `{}`, line {}: `{}` is not a number (discover reads numeric inputs only; categorical inputs are not supported)",
                    table.headers[c],
                    i + 2,
                    r[c]
                ))
            })
        })
        .collect()
}

/// A sweep's swept parameters per run: their names (the key paths of the manifest's
/// `sweep.parameters`) and each run's values, joined from `points.csv` by `point`.
fn swept(
    dir: &Path,
    manifest: &Manifest,
    runs: &Table,
    bad: &dyn Fn(String) -> DiscoverError,
) -> Result<(Vec<String>, Vec<Vec<f64>>), DiscoverError> {
    let names: Vec<String> = manifest.raw["sweep"]["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if names.is_empty() {
        return Ok((names, Vec::new()));
    }
    let points_path = dir.join("points.csv");
    if !points_path.is_file() {
        return Err(bad("a sweep folder without points.csv".into()));
    }
    let points = Table::read(&points_path)?;
    let point_col = |t: &Table, file: &str| {
        t.col("point")
            .ok_or_else(|| bad(format!("{file} has no `point` column")))
    };
    let (pp, rp) = (
        point_col(&points, "points.csv")?,
        point_col(runs, "runs.csv")?,
    );
    let index: std::collections::BTreeMap<&str, usize> = points
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r[pp].as_str(), i))
        .collect();
    let rows: Vec<usize> = runs
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            index.get(r[rp].as_str()).copied().ok_or_else(|| {
                bad(format!(
                    "runs.csv, line {}: point `{}` is not in points.csv",
                    i + 2,
                    r[rp]
                ))
            })
        })
        .collect::<Result<_, _>>()?;
    let mut values = Vec::new();
    for name in &names {
        let c = points
            .col(name)
            .ok_or_else(|| bad(format!("points.csv has no column `{name}`")))?;
        let per_point = numeric(&points, c, "points.csv", bad)?;
        values.push(rows.iter().map(|r| per_point[*r]).collect());
    }
    Ok((names, values))
}
