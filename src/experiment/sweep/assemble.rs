//! The final files of a sweep — `points.csv`, its long form `points_long.csv`, `runs.csv`,
//! `sensitivity.csv`, `screening.csv`, `robustness.csv`, `manifest.json` — assembled from the
//! per-point records. Both `tradewar sweep` and
//! `tradewar merge` call [`write_final`] with the same records, which is why an
//! uninterrupted sweep, a resumed one and a merged set of shards give the same bytes.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::folder::FINAL_FILES;
use super::plan::Layout;
use super::record::PointRecord;
use super::regret::robustness;
use super::screening::screening_indices;
use super::sensitivity::try_sobol_indices;
use crate::experiment::outputs::{runs_columns, write_run_row};
use crate::experiment::replicate::ReplicateResult;
use crate::foundation::io::{fmt_f64, write_atomic, write_atomic_with};
use crate::foundation::rng::{Purpose, SimRng, stream};
use crate::foundation::stats::summarize;
use crate::model::recorder::RUN_METRICS;

/// Statistic columns per metric in `points.csv`; `n` is the number of replicates with a
/// value (a metric such as `first_deal_round` is missing where no deal was made).
pub const POINT_STATS: [&str; 6] = ["mean", "se", "p05", "p50", "p95", "n"];

/// The header of `points.csv`: `point`, the swept key paths (the layout's lead columns),
/// then `<metric>_{mean,se,p05,p50,p95,n}` for every outcome metric.
pub fn points_header(parameters: &[String]) -> String {
    let mut cols = vec!["point".to_string()];
    cols.extend(parameters.iter().cloned());
    for m in RUN_METRICS.iter() {
        cols.extend(POINT_STATS.iter().map(|s| format!("{}_{s}", m.meta.name)));
    }
    cols.join(",")
}

/// The header of a sweep's `runs.csv`: `point,replicate,seed,` one `input.<key path>` per
/// drawn input that is not swept (`inputs`), then the outcome metrics.
pub fn runs_header(inputs: &[String]) -> String {
    let mut cols = vec!["point".to_string()];
    cols.extend(runs_columns(inputs));
    cols.join(",")
}

/// The header of `points_long.csv`: `point`, the swept key paths, `metric,stat,value`.
pub fn points_long_header(parameters: &[String]) -> String {
    let mut cols = vec!["point".to_string()];
    cols.extend(parameters.iter().cloned());
    cols.extend(["metric", "stat", "value"].map(String::from));
    cols.join(",")
}

/// Writes the rows of `points_long.csv` for one `points.csv` row (text, as recorded): one
/// row per metric and statistic, the cell copied as it is (empty where missing).
pub fn write_long_rows(w: &mut dyn Write, row: &str, parameters: usize) -> std::io::Result<()> {
    let cells: Vec<&str> = row.split(',').collect();
    let lead = cells[..(1 + parameters).min(cells.len())].join(",");
    let mut values = cells.iter().skip(1 + parameters);
    for m in RUN_METRICS.iter() {
        for stat in POINT_STATS {
            let value = values.next().copied().unwrap_or_default();
            writeln!(w, "{lead},{},{stat},{value}", m.meta.name)?;
        }
    }
    Ok(())
}

/// The record of a finished point from its replicates (in replicate order). `lead` are the
/// cells between `point` and the metrics ([`SweepPlan::point_cells`](super::plan::SweepPlan::point_cells):
/// parameter values written exactly, in shortest round-trip form, so `tradewar run --set
/// KEY=VALUE` with a row's values reproduces that point).
pub fn point_record(
    point: usize,
    lead: &[String],
    results: &[ReplicateResult],
    keep_runs: bool,
) -> PointRecord {
    let mut cells = vec![point.to_string()];
    cells.extend(lead.iter().cloned());
    let mut means = Vec::with_capacity(RUN_METRICS.len());
    for i in 0..RUN_METRICS.len() {
        match summarize(results.iter().filter_map(|r| r.outcomes[i])) {
            Some(s) => {
                cells.extend([s.mean, s.se, s.p[0], s.p[2], s.p[4]].map(fmt_f64));
                cells.push(s.n.to_string());
                means.push(Some(s.mean));
            }
            None => {
                cells.extend(POINT_STATS[..5].iter().map(|_| String::new()));
                cells.push("0".into());
                means.push(None);
            }
        }
    }
    let runs = keep_runs.then(|| {
        results
            .iter()
            .map(|r| {
                let mut line = Vec::new();
                // Writing to a Vec cannot fail.
                let _ = write_run_row(&mut line, r, Some(point as u64));
                String::from_utf8_lossy(line.trim_ascii_end()).into_owned()
            })
            .collect()
    });
    PointRecord {
        point,
        row: cells.join(","),
        means,
        runs,
    }
}

/// A JSON value as the text of a manifest: pretty, with a final newline.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut t = serde_json::to_string_pretty(value).unwrap_or_default();
    t.push('\n');
    t
}

/// What makes two sweep manifests differ, for error messages.
pub fn difference(a: &str, b: &str) -> String {
    let (Ok(a), Ok(b)) = (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) else {
        return "one manifest is unreadable".into();
    };
    let mut out = Vec::new();
    for (key, what) in [
        ("config_hash", "config hash"),
        ("seed", "seed"),
        ("version", "tradewar version"),
        ("metrics", "outcome metrics"),
        ("sweep", "sweep settings"),
    ] {
        if a[key] != b[key] {
            match (&a[key], &b[key]) {
                (x @ serde_json::Value::String(_), y) | (x @ serde_json::Value::Number(_), y)
                    if key != "metrics" =>
                {
                    out.push(format!("{what} {x} vs {y}"))
                }
                _ => out.push(format!("different {what}")),
            }
        }
    }
    if out.is_empty() {
        "different manifests".into()
    } else {
        out.join("; ")
    }
}

/// 64-bit FNV-1a of a name: keys each metric's bootstrap stream, so a metric's intervals do
/// not change when other metrics are added.
fn name_key(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// The lines of a per-parameter index table (`sensitivity.csv`, `screening.csv`): `header`,
/// then `parameter,metric,` and the numbers `indices(metric, outputs, rng)` gives for each
/// parameter, for every metric with a mean at every point (the others go to `skipped`). The
/// bootstrap stream of a metric is keyed by its name.
fn parameter_table(
    header: &str,
    layout: &Layout,
    means: &[Vec<Option<f64>>],
    skipped: &mut Vec<String>,
    indices: impl Fn(&str, &[f64], &mut SimRng) -> anyhow::Result<Vec<Vec<f64>>>,
) -> anyhow::Result<Vec<String>> {
    let mut lines = vec![header.to_string()];
    for (m, metric) in RUN_METRICS.iter().enumerate() {
        let name = metric.meta.name;
        let Some(outputs) = means.iter().map(|p| p[m]).collect::<Option<Vec<f64>>>() else {
            skipped.push(name.to_string());
            continue;
        };
        let mut rng = stream(layout.seed, name_key(name), Purpose::Bootstrap);
        for (param, row) in layout
            .parameters
            .iter()
            .zip(indices(name, &outputs, &mut rng)?)
        {
            let cells: Vec<String> = row.into_iter().map(fmt_f64).collect();
            lines.push(format!("{param},{name},{}", cells.join(",")));
        }
    }
    Ok(lines)
}

/// Writes `lines` as a text file, one per line.
fn write_lines(path: &Path, lines: &[String]) -> std::io::Result<()> {
    let mut text = lines.join("\n");
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// Puts the per-point records of `from` into `to` as hard links (copies where the file
/// system has none), so the staged final folder carries the records `--resume` reads.
pub fn link_records(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("cannot create {}", to.display()))?;
    for e in std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))? {
        let e = e?;
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') || !e.file_type()?.is_file() {
            continue;
        }
        let dest = to.join(&name);
        if std::fs::hard_link(e.path(), &dest).is_err() {
            std::fs::copy(e.path(), &dest).with_context(|| {
                format!("cannot copy {} to {}", e.path().display(), dest.display())
            })?;
        }
    }
    Ok(())
}

/// Writes the final files into `dir` and removes stale ones it does not write. `rows` and
/// `means` are per point in order; `runs(i)` gives point i's `runs.csv` rows when runs are
/// kept. Returns the metrics left out of `sensitivity.csv`, `screening.csv` or
/// `robustness.csv` (missing at some point).
pub fn write_final(
    dir: &Path,
    layout: &Layout,
    manifest: &str,
    rows: &[String],
    means: &[Vec<Option<f64>>],
    runs: Option<&dyn Fn(usize) -> std::io::Result<Vec<String>>>,
) -> anyhow::Result<Vec<String>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create output folder {}", dir.display()))?;
    let ctx = |f: &str| format!("cannot write {}", dir.join(f).display());
    let mut written = vec!["points.csv", "points_long.csv", "manifest.json"];

    let lead = layout.lead_columns();
    write_atomic_with(&dir.join("points.csv"), |w| {
        writeln!(w, "{}", points_header(&lead))?;
        rows.iter().try_for_each(|r| writeln!(w, "{r}"))
    })
    .with_context(|| ctx("points.csv"))?;
    write_atomic_with(&dir.join("points_long.csv"), |w| {
        writeln!(w, "{}", points_long_header(&lead))?;
        rows.iter()
            .try_for_each(|r| write_long_rows(w, r, lead.len()))
    })
    .with_context(|| ctx("points_long.csv"))?;

    if let Some(runs) = runs {
        write_atomic_with(&dir.join("runs.csv"), |w| {
            writeln!(w, "{}", runs_header(&layout.inputs))?;
            for point in 0..rows.len() {
                for r in runs(point)? {
                    writeln!(w, "{r}")?;
                }
            }
            Ok(())
        })
        .with_context(|| ctx("runs.csv"))?;
        written.push("runs.csv");
    }

    let mut skipped = Vec::new();
    if let Some(design) = layout.saltelli() {
        let header = "parameter,metric,s1,s1_low,s1_high,st,st_low,st_high";
        let lines = parameter_table(header, layout, means, &mut skipped, |name, outputs, rng| {
            let indices = try_sobol_indices(&design, outputs, layout.bootstrap, rng)
                .with_context(|| format!("sensitivity of {name}"))?;
            Ok(indices
                .iter()
                .map(|ix| vec![ix.s1, ix.s1_low, ix.s1_high, ix.st, ix.st_low, ix.st_high])
                .collect())
        })?;
        write_lines(&dir.join("sensitivity.csv"), &lines)
            .with_context(|| ctx("sensitivity.csv"))?;
        written.push("sensitivity.csv");
    }

    if let Some(design) = layout.morris() {
        let header = "parameter,metric,mu_star,mu,sigma,mu_star_low,mu_star_high";
        let lines = parameter_table(header, layout, means, &mut skipped, |_, outputs, rng| {
            let indices = screening_indices(&design, outputs, layout.bootstrap, rng);
            Ok(indices
                .iter()
                .map(|ix| vec![ix.mu_star, ix.mu, ix.sigma, ix.mu_star_low, ix.mu_star_high])
                .collect())
        })?;
        write_lines(&dir.join("screening.csv"), &lines).with_context(|| ctx("screening.csv"))?;
        written.push("screening.csv");
    }

    if !layout.regret.is_empty() {
        let mut lines = vec!["policy,metric,mean,p05,p50,p95,regret_max,regret_p90".to_string()];
        let scenarios = layout.scenarios();
        let at = |metric: usize| -> Option<Vec<Vec<f64>>> {
            (0..layout.policy_count())
                .map(|p| {
                    (0..scenarios)
                        .map(|s| means[p * scenarios + s][metric])
                        .collect::<Option<Vec<f64>>>()
                })
                .collect()
        };
        for (name, direction) in &layout.regret {
            let m = RUN_METRICS
                .iter()
                .position(|x| x.meta.name == name.as_str());
            let Some(values) = m.and_then(at) else {
                skipped.push(name.clone());
                continue;
            };
            for (p, r) in robustness(&values, *direction).iter().enumerate() {
                let cells = [r.mean, r.p05, r.p50, r.p95, r.regret_max, r.regret_p90].map(fmt_f64);
                lines.push(format!(
                    "{},{name},{}",
                    layout.policy_label(p),
                    cells.join(",")
                ));
            }
        }
        write_lines(&dir.join("robustness.csv"), &lines).with_context(|| ctx("robustness.csv"))?;
        written.push("robustness.csv");
    }

    // Last, so that a complete manifest means complete outputs.
    write_atomic(&dir.join("manifest.json"), manifest.as_bytes())
        .with_context(|| ctx("manifest.json"))?;
    for f in FINAL_FILES.iter().filter(|f| !written.contains(f)) {
        let _ = std::fs::remove_file(dir.join(f));
    }
    Ok(skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(values: &[f64]) -> Vec<String> {
        values.iter().map(|v| format!("{v}")).collect()
    }

    fn result(replicate: u64, first: Option<f64>) -> ReplicateResult {
        let mut outcomes = vec![Some(1.0); RUN_METRICS.len()];
        outcomes[0] = first;
        ReplicateResult {
            replicate,
            seed: 100 + replicate,
            inputs: vec![0.5],
            outcomes,
            trajectory: Vec::new(),
            events: Vec::new(),
            agents: Vec::new(),
        }
    }

    #[test]
    fn a_point_row_has_every_metric_summary_and_empty_cells_when_missing() {
        let results = [result(0, Some(1.0)), result(1, Some(3.0))];
        let r = point_record(4, &texts(&[0.55, 1.0 / 3.0]), &results, true);
        let cells: Vec<&str> = r.row.split(',').collect();
        assert_eq!(
            cells.len(),
            points_header(&["a".into(), "b".into()]).split(',').count()
        );
        assert_eq!(&cells[..5], &["4", "0.55", "0.3333333333333333", "2", "1"]);
        assert_eq!(cells[8], "2", "n of the first metric");
        assert_eq!(r.means[0], Some(2.0));
        assert_eq!(r.runs.as_ref().unwrap()[1], {
            let mut line = Vec::new();
            write_run_row(&mut line, &results[1], Some(4)).unwrap();
            String::from_utf8(line).unwrap().trim_end().to_string()
        });
        let none = point_record(0, &texts(&[1.0]), &[result(0, None)], false);
        assert!(none.row.starts_with("0,1,,,,,,0,"), "{}", none.row);
        let some = point_record(
            0,
            &texts(&[1.0]),
            &[result(0, None), result(1, Some(2.0))],
            false,
        );
        assert!(some.row.starts_with("0,1,2,0,2,2,2,1,"), "{}", some.row);
        assert_eq!(none.means[0], None);
        assert_eq!(none.runs, None);
    }

    #[test]
    fn the_long_form_holds_every_cell_of_the_wide_row() {
        let results = [result(0, None), result(1, Some(3.0))];
        let r = point_record(2, &texts(&[0.5]), &results, false);
        let mut long = Vec::new();
        write_long_rows(&mut long, &r.row, 1).unwrap();
        let long = String::from_utf8(long).unwrap();
        let lines: Vec<&str> = long.lines().collect();
        assert_eq!(lines.len(), RUN_METRICS.len() * POINT_STATS.len());
        let wide: Vec<&str> = r.row.split(',').collect();
        for (k, line) in lines.iter().enumerate() {
            let cells: Vec<&str> = line.splitn(5, ',').collect();
            assert_eq!(&cells[..2], &["2", "0.5"]);
            assert_eq!(cells[2], RUN_METRICS[k / POINT_STATS.len()].meta.name);
            assert_eq!(cells[3], POINT_STATS[k % POINT_STATS.len()]);
            assert_eq!(cells[4], wide[2 + k]);
        }
    }

    #[test]
    fn differences_are_named() {
        let a = r#"{"config_hash":"sha256:a","seed":1,"version":"1"}"#;
        let b = r#"{"config_hash":"sha256:b","seed":2,"version":"1"}"#;
        let d = difference(a, b);
        assert!(
            d.contains("config hash \"sha256:a\" vs \"sha256:b\""),
            "{d}"
        );
        assert!(d.contains("seed 1 vs 2"), "{d}");
    }
}
