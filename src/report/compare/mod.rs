//! Comparing several `tradewar run` output folders: overlaid outcome distributions,
//! overlaid fan charts and, when the runs share seed and replicate count (common random
//! numbers), paired replicate-by-replicate differences with 95% intervals.
//!
//! Parts: [`scenarios`] reads the folders, [`overlay`] draws the overlays, [`paired`]
//! computes the differences (`compare.csv`) and [`diff_chart`] draws them; [`compare()`]
//! puts them together.

mod diff_chart;
mod overlay;
mod paired;
mod scenarios;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use plotters::prelude::*;

use crate::config::ChartOptions;
use crate::report::chart::{Chart, emit, slug};
use crate::report::data::{self, RoundStat};
use crate::report::diagnostics::warn;
use crate::report::draw::{Frame, LegendItem};
use crate::report::run::months::MonthLabels;
use crate::report::style::{MUTED, series_color};
use diff_chart::diff_charts;
use overlay::{OverlayFan, overlay_hist};
use paired::{paired_differences, write_compare_csv};
use scenarios::{footnote, load, write_sources};

/// Overlays the run outputs in `dirs` (the first is the reference scenario A) and writes the
/// charts to `out/charts/`. When all manifests share seed and replicate count, paired
/// differences B − A are computed per replicate for every later directory B and written to
/// `out/compare.csv` (`metric,scenario_a,scenario_b,mean_diff,low,high,n`, interval = mean ±
/// 1.96·sd/√n) together with interval charts. `out/compare_scenarios.csv` records each
/// scenario's provenance. Call [`super::document::write_report`] on `out` for a report.
pub fn compare(dirs: &[PathBuf], out: &Path, opts: &ChartOptions) -> Result<Vec<Chart>> {
    if dirs.is_empty() {
        bail!("compare needs at least one run directory");
    }
    for dir in dirs {
        crate::report::data::check_run_folder(dir)?;
    }
    if dirs.len() == 1 {
        warn("compare: only one directory given; nothing to compare against");
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let scenarios = load(dirs);
    write_sources(out, &scenarios)?;
    let footnote = footnote(&scenarios);
    let mut charts = Vec::new();

    // Outcome distributions.
    let reference = &scenarios[0];
    let known: Vec<&str> = reference
        .runs
        .iter()
        .flat_map(|t| t.headers.iter().map(String::as_str))
        .chain(reference.rounds.metrics.iter().map(|(m, _)| m.as_str()))
        .collect();
    opts.warn_unknown_metrics(&known);
    let run_metrics: Vec<String> = reference
        .runs
        .as_ref()
        .map(|t| {
            t.headers
                .iter()
                .filter(|h| *h != "replicate" && *h != "seed" && !h.starts_with("input."))
                .filter(|h| opts.wants(h))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    for metric in &run_metrics {
        let per: Vec<(usize, Vec<f64>)> = scenarios
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let t = s.runs.as_ref()?;
                let vals: Vec<f64> = t.f64s(t.col(metric)?).into_iter().flatten().collect();
                (!vals.is_empty()).then_some((i, vals))
            })
            .collect();
        if per.is_empty() {
            warn(&format!("compare: {metric} has no values; skipped"));
            continue;
        }
        let info = reference.manifest.metric(metric);
        let (fig, caption) = overlay_hist(&info, &per, &scenarios, &footnote);
        let stem = format!("compare_hist_{}", slug(metric));
        if let Some(ch) = emit(out, opts, &stem, caption, &fig)? {
            charts.push(ch);
        }
    }

    // Fan charts.
    let months = MonthLabels {
        known: reference.rounds.months.clone(),
        start: reference.manifest.start_month.clone(),
    };
    for (metric, _) in &reference.rounds.metrics {
        if !opts.wants(metric) {
            continue;
        }
        let series: Vec<(usize, Vec<RoundStat>)> = scenarios
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let rows = s.rounds.metrics.iter().find(|(m, _)| m == metric)?;
                Some((i, rows.1.clone()))
            })
            .collect();
        let info = reference.manifest.round_metric(metric);
        let fmt = data::value_fmt(&info);
        let names: Vec<&str> = series
            .iter()
            .map(|(i, _)| scenarios[*i].name.as_str())
            .collect();
        let caption = format!(
            "{} by month for {}: median (line) and 5–95% band across replicates per scenario, \
             aligned by round.",
            info.label,
            names.join(", ")
        );
        let mut legend: Vec<LegendItem> = series
            .iter()
            .map(|(i, _)| {
                LegendItem::line(
                    format!("{} median", scenarios[*i].name),
                    series_color(*i).to_rgba(),
                    3.0,
                    false,
                )
            })
            .collect();
        legend.push(LegendItem::fill("5–95% band", MUTED.mix(0.2)));
        let fig = OverlayFan {
            frame: Frame {
                title: format!("{}: scenarios compared", info.label),
                legend,
                footnote: footnote.clone(),
            },
            series,
            months: months.clone(),
            y_desc: fmt.axis_label(&info.label),
            fmt,
        };
        let stem = format!("compare_fan_{}", slug(metric));
        if let Some(ch) = emit(out, opts, &stem, caption, &fig)? {
            charts.push(ch);
        }
    }

    // Paired differences.
    if scenarios.len() >= 2 {
        match paired_differences(&scenarios, &run_metrics) {
            Ok(rows) if rows.is_empty() => {
                warn("compare: paired differences skipped: no scenario pairs with the first")
            }
            Ok(rows) => {
                write_compare_csv(out, &rows)?;
                charts.extend(diff_charts(out, opts, &scenarios, &rows, &footnote)?);
            }
            Err(why) => warn(&format!("compare: paired differences skipped: {why}")),
        }
    }
    Ok(charts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::*;

    #[test]
    fn compare_overlays_and_paired_differences() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        for (d, name, shift) in [(&a, "baseline", 0.0), (&b, "escalation", 1.0)] {
            std::fs::create_dir_all(d).unwrap();
            write_run(d, name, shift);
        }
        let out = root.path().join("cmp");
        let charts = compare(&[a, b], &out, &small_opts()).unwrap();
        let stems: Vec<&str> = charts.iter().map(|c| c.file_stem.as_str()).collect();
        for stem in [
            "compare_hist_us_tariff_final",
            "compare_hist_deal_reached",
            "compare_fan_us_tariff",
        ] {
            assert!(stems.contains(&stem), "missing {stem} in {stems:?}");
        }
        assert!(
            stems
                .iter()
                .any(|s| s.starts_with("compare_diff_us_tariff_final")),
            "the paired differences are named after their metrics: {stems:?}"
        );
        for ch in &charts {
            check_chart(&out, ch, 400, 300);
        }
        let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("metric,scenario_a,scenario_b,mean_diff,low,high,n")
        );
        let welfare: Vec<&str> = csv
            .lines()
            .find(|l| l.starts_with("us_welfare_usd_bn,"))
            .unwrap()
            .split(',')
            .collect();
        assert_eq!(&welfare[1..3], ["baseline", "escalation"]);
        let (mean, low, high): (f64, f64, f64) = (
            welfare[3].parse().unwrap(),
            welfare[4].parse().unwrap(),
            welfare[5].parse().unwrap(),
        );
        // The fixture shifts welfare by exactly +10 with common random numbers.
        assert!((mean - 10.0).abs() < 1e-9, "{mean}");
        assert!(low <= mean && mean <= high);
        // A constant shift gives a zero-width interval.
        assert!((high - low).abs() < 1e-9);
        assert!(!csv.contains("all_missing"));
    }

    #[test]
    fn differing_seeds_skip_paired_differences() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        write_run(&a, "baseline", 0.0);
        write_run(&b, "baseline", 1.0);
        let m = std::fs::read_to_string(b.join("manifest.json"))
            .unwrap()
            .replace("20251025", "7");
        std::fs::write(b.join("manifest.json"), m).unwrap();
        let out = root.path().join("cmp");
        let charts = compare(&[a, b], &out, &small_opts()).unwrap();
        assert!(!out.join("compare.csv").exists());
        assert!(
            charts
                .iter()
                .all(|c| !c.file_stem.starts_with("compare_diff"))
        );
        // Duplicate scenario names are disambiguated by directory name.
        let sources = std::fs::read_to_string(out.join("compare_scenarios.csv")).unwrap();
        assert!(sources.contains("baseline (b)"));
    }
}
