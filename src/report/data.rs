//! Reading the tool's outputs (manifest.json and the CSV files), checking a run folder
//! strictly against its manifest before it is read ([`check_run_folder`]), plus the small
//! statistics helpers the charts need.
//! Length: reading, checking and the helpers share the table type and the manifest; kept
//! together so every reader of an output folder goes through one file.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

use super::diagnostics::warn;
use super::style::ValueFmt;
use crate::foundation::stats::quantile_sorted;

/// Display metadata of one metric from the manifest.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricInfo {
    /// Column / metric name.
    pub name: String,
    /// Human-readable label (falls back to the name).
    pub label: String,
    /// Unit string as given in the manifest (may be empty).
    pub unit: String,
    /// Longer description, if any.
    pub description: String,
}

/// The parts of `manifest.json` the charts use. Unknown fields are ignored.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    /// Tool name (`tradewar`).
    pub tool: String,
    /// Tool version.
    pub version: String,
    /// `run`, `sweep` or `tournament`.
    pub command: String,
    /// Scenario name.
    pub scenario: String,
    /// Hash of the resolved configuration.
    pub config_hash: String,
    /// Master seed, printed as given.
    pub seed: Option<String>,
    /// Replicates per run / design point.
    pub replicates: Option<u64>,
    /// Rounds (months) simulated.
    pub rounds: Option<u64>,
    /// First simulated month, `YYYY-MM`.
    pub start_month: Option<String>,
    /// Run-level metrics (runs.csv columns).
    pub run_metrics: Vec<MetricInfo>,
    /// Round-level metrics (rounds.csv metric names).
    pub round_metrics: Vec<MetricInfo>,
    /// The raw manifest.
    pub raw: Value,
}

fn get_str(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn get_u64(v: &Value, key: &str) -> Option<u64> {
    match v.get(key)? {
        Value::Number(n) => n.as_u64().or_else(|| n.as_f64().map(|f| f.max(0.0) as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn metric_list(v: Option<&Value>) -> Vec<MetricInfo> {
    let Some(Value::Array(items)) = v else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|m| {
            let name = get_str(m, "name");
            if name.is_empty() {
                return None;
            }
            let label = get_str(m, "label");
            Some(MetricInfo {
                label: if label.is_empty() {
                    name.clone()
                } else {
                    label
                },
                unit: get_str(m, "unit"),
                description: get_str(m, "description"),
                name,
            })
        })
        .collect()
}

impl Manifest {
    /// Interprets a parsed manifest.
    pub fn from_value(raw: &Value) -> Self {
        let metrics = raw.get("metrics");
        Manifest {
            tool: get_str(raw, "tool"),
            version: get_str(raw, "version"),
            command: get_str(raw, "command"),
            scenario: get_str(raw, "scenario"),
            config_hash: get_str(raw, "config_hash"),
            seed: match raw.get("seed") {
                Some(Value::Number(n)) => Some(n.to_string()),
                Some(Value::String(s)) => Some(s.clone()),
                _ => None,
            },
            replicates: get_u64(raw, "replicates"),
            rounds: get_u64(raw, "rounds"),
            start_month: Some(get_str(raw, "start_month")).filter(|s| !s.is_empty()),
            run_metrics: metric_list(metrics.and_then(|m| m.get("run"))),
            round_metrics: metric_list(metrics.and_then(|m| m.get("round"))),
            raw: raw.clone(),
        }
    }

    /// Reads `dir/manifest.json`; a missing or broken manifest yields an empty one (with a
    /// warning) so charts can still be drawn from the CSV files.
    pub fn load(dir: &Path) -> Self {
        let path = dir.join("manifest.json");
        match std::fs::read_to_string(&path) {
            Ok(text) => match serde_json::from_str::<Value>(&text) {
                Ok(v) => Manifest::from_value(&v),
                Err(e) => {
                    warn(&format!("{}: invalid JSON ({e}); ignoring", path.display()));
                    Manifest::default()
                }
            },
            Err(e) => {
                warn(&format!(
                    "{}: {e}; charts will lack metadata",
                    path.display()
                ));
                Manifest::default()
            }
        }
    }

    /// Metadata of a metric (run-level first, then round-level); falls back to the raw name.
    pub fn metric(&self, name: &str) -> MetricInfo {
        self.run_metrics
            .iter()
            .chain(self.round_metrics.iter())
            .find(|m| m.name == name)
            .cloned()
            .unwrap_or_else(|| MetricInfo {
                name: name.to_string(),
                label: name.to_string(),
                ..MetricInfo::default()
            })
    }

    /// Metadata of a round-level metric (round list first).
    pub fn round_metric(&self, name: &str) -> MetricInfo {
        self.round_metrics
            .iter()
            .find(|m| m.name == name)
            .cloned()
            .unwrap_or_else(|| self.metric(name))
    }

    /// One-line provenance used as a chart footnote.
    pub fn footnote(&self) -> String {
        let mut parts = Vec::new();
        if !self.scenario.is_empty() {
            parts.push(format!("Scenario: {}", self.scenario));
        }
        if let Some(seed) = &self.seed {
            parts.push(format!("seed {seed}"));
        }
        if let Some(r) = self.replicates {
            parts.push(format!("{r} replicates"));
        }
        let tool = if self.tool.is_empty() {
            "tradewar"
        } else {
            &self.tool
        };
        if !self.version.is_empty() {
            parts.push(format!("{tool} {}", self.version));
        }
        if !self.config_hash.is_empty() {
            parts.push(format!("config {}", short_hash(&self.config_hash)));
        }
        parts.join("  ·  ")
    }
}

/// Shortens `sha256:abcdef…` to its first 12 hex digits.
pub fn short_hash(h: &str) -> String {
    let (prefix, hex) = h.split_once(':').unwrap_or(("", h));
    let short: String = hex.chars().take(12).collect();
    if prefix.is_empty() {
        short
    } else {
        format!("{prefix}:{short}")
    }
}

/// Whether values of this metric are means of a 0/1 indicator (e.g. `deal_reached`).
pub fn is_indicator(info: &MetricInfo) -> bool {
    let u = info.unit.to_ascii_lowercase();
    u.contains("0/1") || u.contains("indicator") || u.contains("bool")
}

/// Value formatting for a metric.
pub fn value_fmt(info: &MetricInfo) -> ValueFmt {
    ValueFmt::from_unit(&info.unit, is_indicator(info))
}

/// A CSV file held as strings, with typed column accessors.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Header names.
    pub headers: Vec<String>,
    /// Data rows (each padded/truncated to the header length).
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Reads a CSV file with a header row. Ragged rows are padded with empty cells.
    pub fn read(path: &Path) -> Result<Table> {
        let (headers, rows) = crate::foundation::io::read_csv_cells(path)?;
        Ok(Table { headers, rows })
    }

    /// Reads `dir/name` if it exists; logs a warning and returns `None` when unreadable.
    pub fn read_opt(dir: &Path, name: &str) -> Option<Table> {
        let path = dir.join(name);
        if !path.exists() {
            return None;
        }
        match Table::read(&path) {
            Ok(t) => Some(t),
            Err(e) => {
                warn(&format!("{e:#}"));
                None
            }
        }
    }

    /// Index of a column.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }

    /// A column parsed as numbers; empty, non-numeric and non-finite cells are `None`.
    pub fn f64s(&self, col: usize) -> Vec<Option<f64>> {
        self.rows.iter().map(|r| parse_f64(&r[col])).collect()
    }
}

/// Parses a CSV cell as a finite number.
pub fn parse_f64(s: &str) -> Option<f64> {
    let v: f64 = s.trim().parse().ok()?;
    v.is_finite().then_some(v)
}

/// Distinct values in order of first appearance.
pub fn distinct<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for s in items {
        if seen.insert(s) {
            out.push(s.to_string());
        }
    }
    out
}

/// Quantile (numpy's linear method, [`quantile_sorted`]) of sorted finite data; NaN if empty.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    quantile_sorted(sorted, p).unwrap_or(f64::NAN)
}

/// Sorts finite values ascending (NaN-free input assumed, NaNs are dropped).
pub fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Mean and sample standard deviation (sd is 0 for fewer than two values).
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len();
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    if n < 2 {
        return (mean, 0.0);
    }
    let ss: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    (mean, (ss / (n - 1) as f64).sqrt())
}

/// A CSV read strictly: every row has the header's number of fields, or the read fails
/// naming the file and line.
fn read_strict(path: &Path, leading: &[&str]) -> Result<Table> {
    let mut rdr = csv::ReaderBuilder::new()
        .from_path(path)
        .with_context(|| format!("{}: cannot open", path.display()))?;
    let headers: Vec<String> = rdr
        .headers()
        .with_context(|| format!("{}: unreadable header", path.display()))?
        .iter()
        .map(str::to_string)
        .collect();
    if headers.len() < leading.len() || headers[..leading.len()] != *leading {
        anyhow::bail!(
            "{}: damaged: the header does not start with {}",
            path.display(),
            leading.join(",")
        );
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(|| format!("{}: damaged", path.display()))?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok(Table { headers, rows })
}

/// The whole number in `cell` if it lies in `range`, or an error naming the file, line
/// and column.
fn bounded(
    path: &Path,
    line: usize,
    column: &str,
    cell: &str,
    range: std::ops::Range<u64>,
) -> Result<u64> {
    match cell.parse::<u64>() {
        Ok(v) if range.contains(&v) => Ok(v),
        _ => anyhow::bail!(
            "{}: line {line}: {column} {cell:?} is not a whole number in [{}, {}) as the manifest says",
            path.display(),
            range.start,
            range.end
        ),
    }
}

/// Checks that every cell from column `from` on is a number or empty.
fn numeric_from(path: &Path, t: &Table, from: usize) -> Result<()> {
    for (k, row) in t.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate().skip(from) {
            if !cell.is_empty() && cell.parse::<f64>().is_err() {
                anyhow::bail!(
                    "{}: line {}: {} {cell:?} is not a number",
                    path.display(),
                    k + 2,
                    t.headers[c]
                );
            }
        }
    }
    Ok(())
}

/// Checks a `tradewar run` folder against its manifest before anything reads it: the
/// manifest names a run with its seed, replicates and rounds; `runs.csv` holds one row per
/// replicate; every replicate and round in `runs.csv`, `rounds.csv`, `trajectories.csv` and
/// `events.csv` lies within the manifest's counts; every value cell is a number or empty.
/// Fails naming the file on any mismatch or damage.
pub fn check_run_folder(dir: &Path) -> Result<()> {
    let mpath = dir.join("manifest.json");
    let text = std::fs::read_to_string(&mpath)
        .with_context(|| format!("{}: cannot read (not an output folder?)", mpath.display()))?;
    let raw: Value = serde_json::from_str(&text)
        .with_context(|| format!("{}: damaged (not valid JSON)", mpath.display()))?;
    let m = Manifest::from_value(&raw);
    if m.command != "run" {
        anyhow::bail!(
            "{}: a `tradewar {}` folder, not the output of `tradewar run`",
            dir.display(),
            m.command
        );
    }
    let (Some(replicates), Some(rounds), Some(_)) = (m.replicates, m.rounds, &m.seed) else {
        anyhow::bail!("{}: lacks seed, replicates or rounds", mpath.display());
    };
    let first = get_u64(&raw, "replicate").unwrap_or(0);
    let reps = first..first.saturating_add(replicates);

    let path = dir.join("runs.csv");
    let t = read_strict(&path, &["replicate", "seed"])?;
    if t.rows.len() as u64 != replicates {
        anyhow::bail!(
            "{}: {} rows but the manifest says {replicates} replicates (truncated or from another run)",
            path.display(),
            t.rows.len()
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for (k, row) in t.rows.iter().enumerate() {
        let r = bounded(&path, k + 2, "replicate", &row[0], reps.clone())?;
        if !seen.insert(r) {
            anyhow::bail!("{}: line {}: replicate {r} twice", path.display(), k + 2);
        }
    }
    numeric_from(&path, &t, 1)?;

    let path = dir.join("rounds.csv");
    let t = read_strict(&path, &["round", "month", "metric"])?;
    for (k, row) in t.rows.iter().enumerate() {
        bounded(&path, k + 2, "round", &row[0], 0..rounds.saturating_add(1))?;
    }
    numeric_from(&path, &t, 3)?;

    let path = dir.join("trajectories.csv");
    if path.exists() {
        let t = read_strict(&path, &["replicate", "round", "month", "metric", "value"])?;
        for (k, row) in t.rows.iter().enumerate() {
            bounded(&path, k + 2, "replicate", &row[0], reps.clone())?;
            bounded(&path, k + 2, "round", &row[1], 0..rounds.saturating_add(1))?;
        }
        numeric_from(&path, &t, 4)?;
    }
    let path = dir.join("events.csv");
    if path.exists() {
        let t = read_strict(&path, &["replicate", "round", "month", "event"])?;
        for (k, row) in t.rows.iter().enumerate() {
            bounded(&path, k + 2, "replicate", &row[0], reps.clone())?;
            bounded(&path, k + 2, "round", &row[1], 0..rounds.saturating_add(1))?;
        }
    }
    let path = dir.join("summary.csv");
    if path.exists() {
        let t = read_strict(&path, &["metric"])?;
        numeric_from(&path, &t, 1)?;
    }
    Ok(())
}

/// One row of rounds.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundStat {
    /// Round index.
    pub round: i64,
    /// p05, p25, p50, p75, p95 (any may be missing).
    pub q: [Option<f64>; 5],
    /// Mean.
    pub mean: Option<f64>,
}

/// rounds.csv grouped by metric (in order of first appearance), plus the month of each round.
#[derive(Debug, Clone, Default)]
pub struct Rounds {
    /// Per metric, the rows sorted by round.
    pub metrics: Vec<(String, Vec<RoundStat>)>,
    /// Month label per round (`YYYY-MM`).
    pub months: BTreeMap<i64, String>,
}

impl Rounds {
    /// Parses rounds.csv (`round,month,metric,mean,p05,p25,p50,p75,p95`).
    pub fn from_table(t: &Table) -> Rounds {
        let (Some(rc), Some(mc)) = (t.col("round"), t.col("metric")) else {
            warn("rounds.csv lacks `round` or `metric` columns; skipping fan charts");
            return Rounds::default();
        };
        let month_c = t.col("month");
        let mean_c = t.col("mean");
        let qc = ["p05", "p25", "p50", "p75", "p95"].map(|q| t.col(q));
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut out = Rounds::default();
        for row in &t.rows {
            let Some(round) = parse_f64(&row[rc]).map(|r| r as i64) else {
                continue;
            };
            if let Some(c) = month_c
                && !row[c].is_empty()
            {
                out.months.entry(round).or_insert_with(|| row[c].clone());
            }
            let metric = row[mc].clone();
            let i = *index.entry(metric.clone()).or_insert_with(|| {
                out.metrics.push((metric, Vec::new()));
                out.metrics.len() - 1
            });
            out.metrics[i].1.push(RoundStat {
                round,
                q: qc.map(|c| c.and_then(|c| parse_f64(&row[c]))),
                mean: mean_c.and_then(|c| parse_f64(&row[c])),
            });
        }
        for (_, rows) in &mut out.metrics {
            rows.sort_by_key(|r| r.round);
            rows.dedup_by_key(|r| r.round);
        }
        out
    }
}

/// Sample paths from trajectories.csv: metric → replicate → (round, value) sorted by round.
pub type Paths = BTreeMap<String, BTreeMap<i64, Vec<(i64, f64)>>>;

/// Parses trajectories.csv (`replicate,round,month,metric,value`); months are added to `months`.
pub fn read_paths(t: &Table, months: &mut BTreeMap<i64, String>) -> Paths {
    let mut out: Paths = BTreeMap::new();
    let (Some(rep), Some(rc), Some(mc), Some(vc)) = (
        t.col("replicate"),
        t.col("round"),
        t.col("metric"),
        t.col("value"),
    ) else {
        if !t.headers.is_empty() {
            warn("trajectories.csv lacks expected columns; no sample paths drawn");
        }
        return out;
    };
    let month_c = t.col("month");
    for row in &t.rows {
        let (Some(r), Some(round), Some(v)) = (
            parse_f64(&row[rep]),
            parse_f64(&row[rc]),
            parse_f64(&row[vc]),
        ) else {
            continue;
        };
        if let Some(c) = month_c
            && !row[c].is_empty()
        {
            months.entry(round as i64).or_insert_with(|| row[c].clone());
        }
        out.entry(row[mc].clone())
            .or_default()
            .entry(r as i64)
            .or_default()
            .push((round as i64, v));
    }
    for reps in out.values_mut() {
        for path in reps.values_mut() {
            path.sort_by_key(|p| p.0);
        }
    }
    out
}

/// Month label `YYYY-MM` that is `offset` months after `start` (`YYYY-MM`).
pub fn add_months(start: &str, offset: i64) -> Option<String> {
    let (y, m) = start.trim().split_once('-')?;
    let y: i64 = y.parse().ok()?;
    let m: i64 = m.get(..2).unwrap_or(m).parse().ok()?;
    if !(1..=12).contains(&m) {
        return None;
    }
    let idx = y * 12 + (m - 1) + offset;
    Some(format!(
        "{:04}-{:02}",
        idx.div_euclid(12),
        idx.rem_euclid(12) + 1
    ))
}

/// Calendar month number (1–12) of a `YYYY-MM` label.
pub fn month_of(label: &str) -> Option<u32> {
    let (_, m) = label.split_once('-')?;
    m.get(..2).unwrap_or(m).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_and_moments() {
        let s = sorted(&[3.0, 1.0, 2.0, 4.0]);
        assert_eq!(quantile(&s, 0.5), 2.5);
        assert_eq!(quantile(&s, 0.0), 1.0);
        assert_eq!(quantile(&[7.0], 0.9), 7.0);
        assert!(quantile(&[], 0.5).is_nan());
        let (m, sd) = mean_sd(&[1.0, 2.0, 3.0]);
        assert_eq!((m, sd), (2.0, 1.0));
    }

    #[test]
    fn months() {
        assert_eq!(add_months("2025-10", 3).as_deref(), Some("2026-01"));
        assert_eq!(add_months("2025-10", -10).as_deref(), Some("2024-12"));
        assert_eq!(month_of("2026-07"), Some(7));
        assert!(add_months("bogus", 1).is_none());
    }

    #[test]
    fn manifest_is_lenient() {
        let v: Value = serde_json::json!({
            "tool": "tradewar", "version": "0.1.0", "seed": 5, "replicates": 10,
            "extra": {"anything": true},
            "metrics": {"run": [{"name": "x", "unit": "USD bn"}], "round": []}
        });
        let m = Manifest::from_value(&v);
        assert_eq!(m.seed.as_deref(), Some("5"));
        assert_eq!(m.metric("x").label, "x");
        assert_eq!(m.metric("x").unit, "USD bn");
        assert_eq!(m.metric("y").label, "y");
        assert!(m.footnote().contains("tradewar 0.1.0"));
    }
}
