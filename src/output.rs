//! Output files (MODEL.md §6–7): `runs.csv`, `rounds.csv`, `trajectories.csv`,
//! `summary.csv`, `events.csv` and `manifest.json`, each written atomically (temp file in
//! the same folder, then rename), so an interrupted run never leaves a half-written file
//! that looks complete. Tidy long formats that pandas, polars and R read directly.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use serde_json::json;

use crate::calendar::month_label;
use crate::metrics::{MetricMeta, ROUND_METRICS, RUN_METRICS};
use crate::replicate::{Prepared, ReplicateResult};
use crate::stats::{quantile_sorted, sorted_finite, summarize};

/// Writes `bytes` to `path` atomically: a temp file in the same folder, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Streams into a temp file beside `path` and renames it into place when `fill` succeeds.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::Builder::new()
        .prefix(".tradewar-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file());
        fill(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A float as CSV text: rounded to 12 significant digits (hides binary noise such as
/// `0.32600000000000007`), shortest form; never NaN or infinity (written empty).
pub fn fmt_f64(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded}")
    }
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map(fmt_f64).unwrap_or_default()
}

/// Which replicates keep their full paths in `trajectories.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SamplePaths {
    /// The first K replicates.
    First(u64),
    /// Every replicate.
    All,
}

impl SamplePaths {
    /// Whether replicate `r` is kept.
    pub fn keeps(&self, r: u64) -> bool {
        match self {
            SamplePaths::All => true,
            SamplePaths::First(k) => r < *k,
        }
    }
}

impl std::str::FromStr for SamplePaths {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "all" {
            Ok(SamplePaths::All)
        } else {
            s.parse::<u64>()
                .map(SamplePaths::First)
                .map_err(|_| format!("expected a number of replicates or `all`, got `{s}`"))
        }
    }
}

/// `runs.csv`: one row per replicate, outcomes summed over the horizon.
pub fn write_runs(
    path: &Path,
    results: &[ReplicateResult],
    extra: Option<(&str, u64)>,
) -> std::io::Result<()> {
    write_atomic_with(path, |w| {
        let mut header = Vec::new();
        if let Some((name, _)) = extra {
            header.push(name.to_string());
        }
        header.extend(["replicate".to_string(), "seed".to_string()]);
        header.extend(RUN_METRICS.iter().map(|m| m.meta.name.to_string()));
        writeln!(w, "{}", header.join(","))?;
        for r in results {
            write_run_row(w, r, extra.map(|(_, v)| v))?;
        }
        Ok(())
    })
}

/// One row of `runs.csv` (after an optional leading column value).
pub fn write_run_row(
    w: &mut dyn Write,
    r: &ReplicateResult,
    lead: Option<u64>,
) -> std::io::Result<()> {
    let mut cells = Vec::with_capacity(r.outcomes.len() + 3);
    if let Some(v) = lead {
        cells.push(v.to_string());
    }
    cells.push(r.replicate.to_string());
    cells.push(r.seed.to_string());
    cells.extend(r.outcomes.iter().map(|x| fmt_opt(*x)));
    writeln!(w, "{}", cells.join(","))
}

/// `rounds.csv`: long format, one row per (round, metric), quantiles over replicates.
pub fn write_rounds(path: &Path, results: &[ReplicateResult], rounds: u32) -> std::io::Result<()> {
    let n = ROUND_METRICS.len();
    write_atomic_with(path, |w| {
        writeln!(w, "round,month,metric,mean,p05,p25,p50,p75,p95")?;
        for round in 0..rounds as usize {
            let month = month_label(round as u32);
            for (m, metric) in ROUND_METRICS.iter().enumerate() {
                let values = results
                    .iter()
                    .filter_map(|r| r.trajectory.get(round * n + m).copied());
                let Some(s) = summarize(values) else { continue };
                writeln!(
                    w,
                    "{round},{month},{},{},{},{},{},{},{}",
                    metric.meta.name,
                    fmt_f64(s.mean),
                    fmt_f64(s.p[0]),
                    fmt_f64(s.p[1]),
                    fmt_f64(s.p[2]),
                    fmt_f64(s.p[3]),
                    fmt_f64(s.p[4])
                )?;
            }
        }
        Ok(())
    })
}

/// `trajectories.csv`: long format `replicate,round,month,metric,value` for kept replicates.
pub fn write_trajectories(
    path: &Path,
    results: &[ReplicateResult],
    keep: SamplePaths,
) -> std::io::Result<()> {
    let n = ROUND_METRICS.len();
    write_atomic_with(path, |w| {
        writeln!(w, "replicate,round,month,metric,value")?;
        for r in results.iter().filter(|r| keep.keeps(r.replicate)) {
            for (i, v) in r.trajectory.iter().enumerate() {
                let round = (i / n) as u32;
                writeln!(
                    w,
                    "{},{round},{},{},{}",
                    r.replicate,
                    month_label(round),
                    ROUND_METRICS[i % n].meta.name,
                    fmt_f64(*v)
                )?;
            }
        }
        Ok(())
    })
}

/// `events.csv`: `replicate,round,month,event,detail` for kept replicates.
pub fn write_events(
    path: &Path,
    results: &[ReplicateResult],
    keep: SamplePaths,
) -> std::io::Result<()> {
    write_atomic_with(path, |w| {
        writeln!(w, "replicate,round,month,event,detail")?;
        for r in results.iter().filter(|r| keep.keeps(r.replicate)) {
            for (round, event, detail) in &r.events {
                writeln!(
                    w,
                    "{},{round},{},{},{}",
                    r.replicate,
                    month_label(*round),
                    csv_text(event),
                    csv_text(detail)
                )?;
            }
        }
        Ok(())
    })
}

/// Quotes a text cell if it needs it.
pub fn csv_text(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `summary.csv`: one row per outcome metric over replicates.
pub fn write_summary(path: &Path, results: &[ReplicateResult]) -> std::io::Result<()> {
    write_atomic_with(path, |w| {
        writeln!(w, "metric,mean,se,sd,p05,p25,p50,p75,p95,min,max")?;
        for (i, m) in RUN_METRICS.iter().enumerate() {
            let values = results.iter().filter_map(|r| r.outcomes[i]);
            match summarize(values) {
                Some(s) => writeln!(
                    w,
                    "{},{},{},{},{},{},{},{},{},{},{}",
                    m.meta.name,
                    fmt_f64(s.mean),
                    fmt_f64(s.se),
                    fmt_f64(s.sd),
                    fmt_f64(s.p[0]),
                    fmt_f64(s.p[1]),
                    fmt_f64(s.p[2]),
                    fmt_f64(s.p[3]),
                    fmt_f64(s.p[4]),
                    fmt_f64(s.min),
                    fmt_f64(s.max)
                )?,
                None => writeln!(w, "{},,,,,,,,,,", m.meta.name)?,
            }
        }
        Ok(())
    })
}

fn metric_json(m: &MetricMeta) -> serde_json::Value {
    json!({"name": m.name, "unit": m.unit, "label": m.label, "description": m.description})
}

/// The manifest common to every command: tool, config and its hash, seed, metrics.
pub fn manifest(
    prepared: &Prepared,
    command: &str,
    agents: &BTreeMap<String, u64>,
) -> serde_json::Value {
    let s = &prepared.loaded.typical;
    json!({
        "tool": "tradewar",
        "version": env!("CARGO_PKG_VERSION"),
        "command": command,
        "scenario": s.name,
        "description": s.description,
        "config_hash": prepared.loaded.hash(),
        "seed": s.seed,
        "replicates": s.replicates,
        "rounds": s.rounds,
        "start_month": month_label(0),
        "agents": agents,
        "metrics": {
            "run": RUN_METRICS.iter().map(|m| metric_json(&m.meta)).collect::<Vec<_>>(),
            "round": ROUND_METRICS.iter().map(|m| metric_json(&m.meta)).collect::<Vec<_>>(),
        },
        "config": serde_json::to_value(&prepared.loaded.table).unwrap_or_default(),
    })
}

/// Writes a JSON value atomically, pretty-printed with a final newline.
pub fn write_json(path: &Path, value: &serde_json::Value) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// Writes every output of `tradewar run` into `dir`.
pub fn write_run_outputs(
    dir: &Path,
    prepared: &Prepared,
    results: &[ReplicateResult],
    keep: SamplePaths,
    agents: &BTreeMap<String, u64>,
    only_replicate: Option<u64>,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    let ctx = |f: &str| format!("cannot write {}", dir.join(f).display());
    write_runs(&dir.join("runs.csv"), results, None).with_context(|| ctx("runs.csv"))?;
    write_rounds(&dir.join("rounds.csv"), results, prepared.rounds())
        .with_context(|| ctx("rounds.csv"))?;
    write_trajectories(&dir.join("trajectories.csv"), results, keep)
        .with_context(|| ctx("trajectories.csv"))?;
    write_events(&dir.join("events.csv"), results, keep).with_context(|| ctx("events.csv"))?;
    write_summary(&dir.join("summary.csv"), results).with_context(|| ctx("summary.csv"))?;
    let mut m = manifest(prepared, "run", agents);
    m["sample_paths"] = match keep {
        SamplePaths::All => json!("all"),
        SamplePaths::First(k) => json!(k),
    };
    if let Some(r) = only_replicate {
        m["replicate"] = json!(r);
        m["replicates"] = json!(1);
    }
    write_json(&dir.join("manifest.json"), &m).with_context(|| ctx("manifest.json"))?;
    Ok(())
}

/// Sorted finite values of one outcome across results (for callers that need quantiles).
pub fn outcome_values(results: &[ReplicateResult], metric: usize) -> Vec<f64> {
    sorted_finite(results.iter().filter_map(|r| r.outcomes[metric]))
}

/// The p-quantile of one outcome across results.
pub fn outcome_quantile(results: &[ReplicateResult], metric: usize, p: f64) -> Option<f64> {
    quantile_sorted(&outcome_values(results, metric), p)
}
