//! Charts for `tradewar run` outputs: outcome histograms (runs.csv), fan charts of round
//! metrics over time (rounds.csv + trajectories.csv) and the deal-timing survival curve.
//!
//! Parts: [`histogram`], [`fan`], [`survival`], the [`welfare`] decomposition, and the
//! [`months`] of the time axes; [`draw_run_charts`] draws them all for one output folder;
//! [`observed`] draws observed data over the fan charts (`tradewar plot DIR --observed FILE`).

pub mod fan;
pub mod histogram;
pub mod months;
pub mod observed;
pub mod survival;
pub mod welfare;

use std::path::Path;

use anyhow::Result;

use crate::config::ChartOptions;
use crate::report::chart::{Chart, emit, slug};
use crate::report::data::{self, Manifest, Rounds, Table};
use crate::report::diagnostics::warn;
use fan::fan;
use histogram::histogram;
use months::MonthLabels;
use survival::survival;

/// Draws the run charts of `dir` into `dir/charts/`: one histogram per outcome column of
/// runs.csv, one fan chart per metric of rounds.csv (with sample paths from
/// trajectories.csv) and, when runs.csv has `first_deal_round`, a deal-timing survival curve.
/// Missing files and unusable columns are skipped with a warning.
pub fn draw_run_charts(dir: &Path, opts: &ChartOptions) -> Result<Vec<Chart>> {
    let manifest = Manifest::load(dir);
    let footnote = manifest.footnote();
    let mut charts = Vec::new();

    let runs = Table::read_opt(dir, "runs.csv");
    if runs.is_none() {
        warn(&format!("{}: no runs.csv; no histograms", dir.display()));
    }
    if let Some(runs) = &runs {
        for (c, name) in runs.headers.iter().enumerate() {
            let input = name.starts_with("input.");
            if name == "replicate"
                || name == "seed"
                || input
                || name.is_empty()
                || !opts.wants(name)
            {
                continue;
            }
            let values: Vec<f64> = runs.f64s(c).into_iter().flatten().collect();
            if values.is_empty() {
                warn(&format!("runs.csv: column {name} has no values; skipped"));
                continue;
            }
            let info = manifest.metric(name);
            let fig = histogram(&info, &values, runs.rows.len(), &footnote);
            if let Some(ch) = emit(dir, opts, &format!("hist_{}", slug(name)), fig.1, &fig.0)? {
                charts.push(ch);
            }
        }
    }

    let mut rounds = Table::read_opt(dir, "rounds.csv")
        .map(|t| Rounds::from_table(&t))
        .unwrap_or_default();
    let paths = Table::read_opt(dir, "trajectories.csv")
        .map(|t| data::read_paths(&t, &mut rounds.months))
        .unwrap_or_default();
    let known: Vec<&str> = runs
        .iter()
        .flat_map(|r| r.headers.iter().map(String::as_str))
        .chain(rounds.metrics.iter().map(|(name, _)| name.as_str()))
        .chain(["deal_survival", "welfare_us", "welfare_cn"])
        .collect();
    opts.warn_unknown_metrics(&known);
    let months = MonthLabels {
        known: rounds.months.clone(),
        start: manifest.start_month.clone(),
    };
    for (stem, fig, caption) in welfare::welfare_figs(&rounds, &months, &footnote) {
        if opts.wants(&stem)
            && let Some(ch) = emit(dir, opts, &stem, caption, &fig)?
        {
            charts.push(ch);
        }
    }
    for (name, rows) in &rounds.metrics {
        if !opts.wants(name) || welfare::is_part(name) {
            continue;
        }
        let info = manifest.round_metric(name);
        let sample: Vec<Vec<(i64, f64)>> = paths
            .get(name)
            .map(|reps| reps.values().cloned().collect())
            .unwrap_or_default();
        let Some((fig, caption)) =
            fan(&info, rows, sample, &months, &footnote, manifest.replicates)
        else {
            warn(&format!(
                "rounds.csv: metric {name} has no quantiles; skipped"
            ));
            continue;
        };
        if let Some(ch) = emit(dir, opts, &format!("fan_{}", slug(name)), caption, &fig)? {
            charts.push(ch);
        }
    }

    if let Some(runs) = &runs
        && let Some(c) = runs.col("first_deal_round")
        && (opts.wants("first_deal_round") || opts.wants("deal_survival"))
    {
        let all_rounds = || {
            rounds
                .metrics
                .iter()
                .flat_map(|(_, r)| r.iter().map(|s| s.round))
        };
        let last_round = all_rounds().max().or(manifest.rounds.map(|r| r as i64));
        let first_round = all_rounds().min().unwrap_or(0);
        match survival(&runs.f64s(c), first_round, last_round, &months, &footnote) {
            Some((fig, caption)) => {
                if let Some(ch) = emit(dir, opts, "survival_first_deal", caption, &fig)? {
                    charts.push(ch);
                }
            }
            None => warn("runs.csv: no replicates for the deal-timing curve; skipped"),
        }
    }
    Ok(charts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::*;

    #[test]
    fn run_charts_are_drawn() {
        let dir = run_fixture();
        let charts = draw_run_charts(dir.path(), &small_opts()).unwrap();
        let stems: Vec<&str> = charts.iter().map(|c| c.file_stem.as_str()).collect();
        for stem in [
            "hist_us_tariff_final",
            "hist_us_welfare_usd_bn",
            "hist_deal_reached",
            "hist_first_deal_round",
            "hist_constant_metric",
            "fan_us_tariff",
            "fan_soy_exports",
            "survival_first_deal",
        ] {
            assert!(stems.contains(&stem), "missing {stem} in {stems:?}");
        }
        assert!(!stems.contains(&"hist_all_missing"));
        assert!(!stems.contains(&"hist_seed"));
        for ch in &charts {
            check_chart(dir.path(), ch, 400, 300);
        }
    }

    #[test]
    fn run_charts_survive_degenerate_inputs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("manifest.json"), "{\"command\":\"run\"}").unwrap();
        std::fs::write(
            dir.path().join("runs.csv"),
            "replicate,seed,x,first_deal_round\n0,1,NaN,\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("rounds.csv"),
            "round,month,metric,mean,p05,p25,p50,p75,p95\n0,2025-10,m,1,1,1,1,1,1\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("trajectories.csv"),
            "replicate,round,month,metric,value\n",
        )
        .unwrap();
        let charts = draw_run_charts(dir.path(), &small_opts()).unwrap();
        let stems: Vec<&str> = charts.iter().map(|c| c.file_stem.as_str()).collect();
        assert_eq!(stems, vec!["fan_m", "survival_first_deal"]);
        let empty = tempfile::tempdir().unwrap();
        assert!(
            draw_run_charts(empty.path(), &small_opts())
                .unwrap()
                .is_empty()
        );
    }
}
