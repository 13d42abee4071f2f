//! Paired differences B − A, replicate by replicate, when the compared runs share seed and
//! horizon (common random numbers; on the common replicates when the counts differ): mean with a 95% interval (mean ± 1.96·sd/√n),
//! written to `compare.csv`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

use super::scenarios::Scenario;
use crate::foundation::io::{csv_text, fmt_f64, write_atomic};
use crate::report::data::{self, Table};
use crate::report::diagnostics::warn;

/// One paired-difference result (scenario B − scenario A).
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRow {
    /// Outcome metric (column of `runs.csv`).
    pub metric: String,
    /// Name of scenario A (the reference).
    pub a: String,
    /// Name of scenario B.
    pub b: String,
    /// Index of scenario B (for its colour).
    pub b_index: usize,
    /// Mean difference B − A, in the metric's unit.
    pub mean: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end of the 95% interval.
    pub high: f64,
    /// Paired replicates.
    pub n: usize,
}

/// Differences B − A per replicate for every later scenario B and metric, or why none can
/// be paired. A scenario B with another seed or horizon than A (no common random numbers) is
/// skipped with a warning naming both; with unequal replicate counts the common replicates
/// are paired, and a warning says so.
pub fn paired_differences(
    scenarios: &[Scenario],
    metrics: &[String],
) -> std::result::Result<Vec<DiffRow>, String> {
    let m0 = &scenarios[0].manifest;
    if m0.seed.is_none() || m0.replicates.is_none() {
        return Err("the first manifest lacks seed or replicates".into());
    }
    let a_name = format!("{} ({})", scenarios[0].name, scenarios[0].dir.display());
    let pairable = |s: &Scenario| -> bool {
        let b_name = format!("{} ({})", s.name, s.dir.display());
        let m = &s.manifest;
        if m.seed != m0.seed {
            warn(&format!(
                "compare: {b_name} has seed {} but {a_name} has seed {} (no common random numbers); not paired",
                m.seed.as_deref().unwrap_or("?"),
                m0.seed.as_deref().unwrap_or("?")
            ));
            return false;
        }
        if m.rounds != m0.rounds {
            let r = |x: Option<u64>| x.map_or("?".to_string(), |x| x.to_string());
            warn(&format!(
                "compare: {b_name} runs {} rounds but {a_name} runs {} (different horizons); not paired",
                r(m.rounds),
                r(m0.rounds)
            ));
            return false;
        }
        if m.replicates != m0.replicates {
            let common = m.replicates.unwrap_or(0).min(m0.replicates.unwrap_or(0));
            warn(&format!(
                "compare: {b_name} has {} replicates and {a_name} {}; pairing on the {common} common replicates",
                m.replicates.unwrap_or(0),
                m0.replicates.unwrap_or(0)
            ));
        }
        true
    };
    let by_rep = |t: &Table, metric: &str| -> Option<BTreeMap<i64, f64>> {
        let rc = t.col("replicate")?;
        let mc = t.col(metric)?;
        Some(
            t.rows
                .iter()
                .filter_map(|r| Some((data::parse_f64(&r[rc])? as i64, data::parse_f64(&r[mc])?)))
                .collect(),
        )
    };
    let a = scenarios[0]
        .runs
        .as_ref()
        .ok_or("no runs.csv in the first directory")?;
    if a.col("replicate").is_none() {
        return Err("runs.csv has no replicate column".into());
    }
    let mut out = Vec::new();
    for (bi, sb) in scenarios.iter().enumerate().skip(1) {
        let Some(b) = sb.runs.as_ref() else { continue };
        if !pairable(sb) {
            continue;
        }
        for metric in metrics {
            let (Some(va), Some(vb)) = (by_rep(a, metric), by_rep(b, metric)) else {
                continue;
            };
            let diffs: Vec<f64> = vb
                .iter()
                .filter_map(|(rep, y)| Some(y - va.get(rep)?))
                .collect();
            if diffs.len() < 2 {
                warn(&format!(
                    "compare: {metric}: fewer than two paired replicates for {}; skipped",
                    sb.name
                ));
                continue;
            }
            let (mean, sd) = data::mean_sd(&diffs);
            let half = 1.96 * sd / (diffs.len() as f64).sqrt();
            out.push(DiffRow {
                metric: metric.clone(),
                a: scenarios[0].name.clone(),
                b: sb.name.clone(),
                b_index: bi,
                mean,
                low: mean - half,
                high: mean + half,
                n: diffs.len(),
            });
        }
    }
    Ok(out)
}

/// Writes `out/compare.csv`: `metric,scenario_a,scenario_b,mean_diff,low,high,n` (`n` the
/// paired replicates behind each difference).
pub fn write_compare_csv(out: &Path, rows: &[DiffRow]) -> Result<()> {
    let mut text = String::from("metric,scenario_a,scenario_b,mean_diff,low,high,n\n");
    for r in rows {
        let _ = writeln!(
            text,
            "{},{},{},{},{},{},{}",
            csv_text(&r.metric),
            csv_text(&r.a),
            csv_text(&r.b),
            fmt_f64(r.mean),
            fmt_f64(r.low),
            fmt_f64(r.high),
            r.n
        );
    }
    let path = out.join("compare.csv");
    write_atomic(&path, text.as_bytes()).with_context(|| format!("writing {}", path.display()))
}
