//! The scenarios being compared: each run folder's manifest and tables, read once and named
//! uniquely; their provenance (`compare_scenarios.csv`) and the charts' shared footnote.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::foundation::io::{csv_text, write_atomic};
use crate::report::data::{Manifest, Rounds, Table};
use crate::report::diagnostics::warn;

/// One scenario's outputs.
pub struct Scenario {
    /// Unique display name (the scenario name, disambiguated by folder name).
    pub name: String,
    /// The output folder.
    pub dir: PathBuf,
    /// Its `manifest.json`.
    pub manifest: Manifest,
    /// Its `runs.csv`, if present.
    pub runs: Option<Table>,
    /// Its `rounds.csv` by metric (empty when absent).
    pub rounds: Rounds,
}

/// Reads every folder in `dirs`, giving each scenario a unique name.
pub fn load(dirs: &[PathBuf]) -> Vec<Scenario> {
    let mut out: Vec<Scenario> = Vec::new();
    for dir in dirs {
        let manifest = Manifest::load(dir);
        let dir_name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string());
        let mut name = if manifest.scenario.is_empty() {
            dir_name.clone()
        } else {
            manifest.scenario.clone()
        };
        if out.iter().any(|s| s.name == name) {
            name = format!("{name} ({dir_name})");
        }
        let mut k = 2;
        while out.iter().any(|s| s.name == name) {
            name = format!("{name} #{k}");
            k += 1;
        }
        let runs = Table::read_opt(dir, "runs.csv");
        if runs.is_none() {
            warn(&format!("{}: no runs.csv", dir.display()));
        }
        let rounds = Table::read_opt(dir, "rounds.csv")
            .map(|t| Rounds::from_table(&t))
            .unwrap_or_default();
        out.push(Scenario {
            name,
            dir: dir.clone(),
            manifest,
            runs,
            rounds,
        });
    }
    out
}

/// Writes `out/compare_scenarios.csv`: each scenario's folder, version, config hash, seed,
/// replicates and rounds.
pub fn write_sources(out: &Path, scenarios: &[Scenario]) -> Result<()> {
    let mut text = String::from("scenario,dir,version,config_hash,seed,replicates,rounds\n");
    for s in scenarios {
        let m = &s.manifest;
        let fields = [
            s.name.clone(),
            s.dir.display().to_string(),
            m.version.clone(),
            m.config_hash.clone(),
            m.seed.clone().unwrap_or_default(),
            m.replicates.map(|r| r.to_string()).unwrap_or_default(),
            m.rounds.map(|r| r.to_string()).unwrap_or_default(),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_text(f)).collect();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    let path = out.join("compare_scenarios.csv");
    write_atomic(&path, text.as_bytes()).with_context(|| format!("writing {}", path.display()))
}

/// The footnote shared by the comparison charts: scenarios, and seed, replicates and version
/// where they agree.
pub fn footnote(scenarios: &[Scenario]) -> String {
    let names: Vec<&str> = scenarios.iter().map(|s| s.name.as_str()).collect();
    let mut parts = vec![format!("Scenarios: {}", names.join(" vs "))];
    let m = &scenarios[0].manifest;
    if let Some(seed) = &m.seed
        && scenarios.iter().all(|s| s.manifest.seed == m.seed)
    {
        parts.push(format!("seed {seed}"));
    }
    if let Some(r) = m.replicates
        && scenarios
            .iter()
            .all(|s| s.manifest.replicates == m.replicates)
    {
        parts.push(format!("{r} replicates each"));
    }
    if !m.version.is_empty() {
        let tool = if m.tool.is_empty() {
            "tradewar"
        } else {
            &m.tool
        };
        parts.push(format!("{tool} {}", m.version));
    }
    parts.join("  ·  ")
}
