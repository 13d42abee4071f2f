//! Charts for `tradewar sweep` outputs: metric means against one swept parameter (with the
//! 5–95% band), heatmaps over a two-parameter grid, scatter panels for sampled designs,
//! Sobol sensitivity indices (sensitivity.csv), Morris μ*–σ screening (screening.csv) and
//! policies' mean against worst regret (robustness.csv).
//!
//! Parts: [`points`] reads `points.csv`; [`line`], [`grid`], [`scatter`], [`sobol`] and
//! [`labelled`] are the figures; [`draw_sweep_charts`] picks and draws them for one output
//! folder.

pub mod grid;
pub mod labelled;
pub mod line;
pub mod points;
pub mod scatter;
pub mod sobol;

use std::path::Path;

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::config::ChartOptions;
use crate::report::chart::{Chart, emit, slug};
use crate::report::data::{Manifest, Table};
use crate::report::diagnostics::warn;
use crate::report::draw::{Figure, Frame, Heatmap};
use crate::report::style::Theme;
use grid::heatmap;
use line::{LineFig, line_chart};
use points::{is_complete_grid, metric_bases, sweep_params};
use scatter::{ScatterFig, scatter};
use sobol::{sensitivity_rows, sobol};

/// Draws the sweep charts of `dir` into `dir/charts/`. One swept parameter gives a line chart
/// per metric, a complete two-parameter grid a heatmap per metric, anything else (e.g. Latin
/// hypercube or Sobol samples of several parameters) scatter panels per metric; a
/// sensitivity.csv adds a Sobol-index bar chart per metric, a screening.csv a μ*–σ chart per
/// metric and a robustness.csv a mean-against-worst-regret chart per compared metric.
pub fn draw_sweep_charts(dir: &Path, opts: &ChartOptions) -> Result<Vec<Chart>> {
    let manifest = Manifest::load(dir);
    let footnote = manifest.footnote();
    let mut charts = Vec::new();
    if let Some(points) = Table::read_opt(dir, "points.csv") {
        let metrics = metric_bases(&points);
        let params = sweep_params(&manifest, &points, &metrics);
        if params.is_empty() {
            warn("points.csv: no swept parameter columns found; skipping sweep charts");
        }
        let grid = params.len() == 2 && is_complete_grid(&points, &params);
        let label = |p: &str| points::param_label(&manifest.raw, p);
        for metric in metrics.iter().filter(|m| opts.wants(m)) {
            let info = manifest.metric(metric);
            let col = |s: &str| points.col(&format!("{metric}_{s}"));
            let fig = match params.len() {
                0 => None,
                1 => line_chart(&points, &params[0], &info, col, &footnote, &label)
                    .map(|(f, c)| (format!("sweep_{}", slug(metric)), Fig::Line(f), c)),
                2 if grid => heatmap(&points, &params, &info, col, &footnote, &label)
                    .map(|(f, c)| (format!("heatmap_{}", slug(metric)), Fig::Heat(f), c)),
                _ => scatter(&points, &params, &info, col, &footnote, &label)
                    .map(|(f, c)| (format!("scatter_{}", slug(metric)), Fig::Scatter(f), c)),
            };
            let Some((stem, fig, caption)) = fig else {
                warn(&format!("points.csv: no values for {metric}; skipped"));
                continue;
            };
            if let Some(ch) = emit(dir, opts, &stem, caption, &fig)? {
                charts.push(ch);
            }
        }
    } else {
        warn(&format!("{}: no points.csv", dir.display()));
    }
    if let Some(sens) = Table::read_opt(dir, "sensitivity.csv") {
        let caution = sobol::small_design_warning(&manifest.raw);
        for (metric, rows) in sensitivity_rows(&sens) {
            if !opts.wants(&metric) {
                continue;
            }
            let info = manifest.metric(&metric);
            let (fig, caption) = sobol(&info, rows, &footnote, caution.as_deref());
            let stem = format!("sensitivity_{}", slug(&metric));
            if let Some(ch) = emit(dir, opts, &stem, caption, &fig)? {
                charts.push(ch);
            }
        }
    }
    let tables = [
        (
            "screening.csv",
            "parameter",
            ["mu_star", "sigma"],
            "screening",
        ),
        (
            "robustness.csv",
            "policy",
            ["mean", "regret_max"],
            "robustness",
        ),
    ];
    for (file, key, cols, stem) in tables {
        let Some(t) = Table::read_opt(dir, file) else {
            continue;
        };
        for (metric, rows) in labelled::rows_by_metric(&t, key, &cols) {
            if !opts.wants(&metric) {
                continue;
            }
            let info = manifest.metric(&metric);
            let (fig, caption) = match stem {
                "screening" => labelled::screening(&info, rows, &footnote),
                _ => labelled::robustness(&info, rows, &footnote),
            };
            if let Some(ch) = emit(
                dir,
                opts,
                &format!("{stem}_{}", slug(&metric)),
                caption,
                &fig,
            )? {
                charts.push(ch);
            }
        }
    }
    Ok(charts)
}

/// Any of the sweep figures.
enum Fig {
    Line(LineFig),
    Heat(Heatmap),
    Scatter(ScatterFig),
}

impl Figure for Fig {
    fn frame(&self) -> &Frame {
        match self {
            Fig::Line(f) => f.frame(),
            Fig::Heat(f) => f.frame(),
            Fig::Scatter(f) => f.frame(),
        }
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        match self {
            Fig::Line(f) => f.draw_plot(area, theme),
            Fig::Heat(f) => f.draw_plot(area, theme),
            Fig::Scatter(f) => f.draw_plot(area, theme),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::*;

    fn stems(charts: &[Chart]) -> Vec<String> {
        charts.iter().map(|c| c.file_stem.clone()).collect()
    }

    /// Draws the sweep charts of `dir`, checks their stems and that each is a 400×300 chart.
    fn draws(dir: &tempfile::TempDir, opts: &ChartOptions, expected: &[&str]) {
        let charts = draw_sweep_charts(dir.path(), opts).unwrap();
        assert_eq!(stems(&charts), expected);
        for ch in &charts {
            check_chart(dir.path(), ch, 400, 300);
        }
    }

    #[test]
    fn one_parameter_sweep() {
        let dir = sweep_fixture(&["us.threat.extra_tariff"], false, false);
        draws(
            &dir,
            &small_opts(),
            &[
                "sweep_us_tariff_final",
                "sweep_us_welfare_usd_bn",
                "sweep_deal_reached",
            ],
        );
    }

    #[test]
    fn two_parameter_grid_gives_heatmaps() {
        let dir = sweep_fixture(
            &["us.threat.extra_tariff", "cn.retaliation.soy_cut"],
            false,
            false,
        );
        draws(
            &dir,
            &small_opts(),
            &[
                "heatmap_us_tariff_final",
                "heatmap_us_welfare_usd_bn",
                "heatmap_deal_reached",
            ],
        );
    }

    #[test]
    fn sampled_design_gives_scatter_and_sobol_bars() {
        let params = ["a.x", "b.y", "c.z"];
        let dir = sweep_fixture(&params, true, true);
        let mut opts = small_opts();
        opts.metrics = vec!["us_welfare_usd_bn".into()];
        draws(
            &dir,
            &opts,
            &["scatter_us_welfare_usd_bn", "sensitivity_us_welfare_usd_bn"],
        );
    }

    #[test]
    fn screening_and_robustness_tables_give_labelled_charts() {
        let dir = sweep_fixture(&["a.x", "b.y"], true, false);
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write(
            "screening.csv",
            "parameter,metric,mu_star,mu,sigma,mu_star_low,mu_star_high
             a.x,us_welfare_usd_bn,3,-3,0,3,3
b.y,us_welfare_usd_bn,1,0.5,2,0.5,1.5
             a.x,deal_reached,0.1,0.1,0,0.1,0.1
b.y,deal_reached,,,,,
",
        );
        write(
            "robustness.csv",
            "policy,metric,mean,p05,p50,p95,regret_max,regret_p90
             hold,us_welfare_usd_bn,-60,-80,-60,-40,20,15
             tit_for_tat,us_welfare_usd_bn,-70,-90,-70,-50,30,25
",
        );
        let mut opts = small_opts();
        opts.metrics = vec!["us_welfare_usd_bn".into()];
        draws(
            &dir,
            &opts,
            &[
                "scatter_us_welfare_usd_bn",
                "screening_us_welfare_usd_bn",
                "robustness_us_welfare_usd_bn",
            ],
        );
    }
}
