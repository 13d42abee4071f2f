//! Charts for `tradewar sweep` outputs: metric means against one swept parameter (with the
//! 5–95% band), heatmaps over a two-parameter grid, scatter panels for sampled designs, and
//! Sobol sensitivity indices (sensitivity.csv).

use std::path::Path;

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{Chart, emit, slug};
use super::data::{self, Manifest, MetricInfo, Table, parse_f64};
use super::diagnostics::warn;
use super::draw::{
    self, Axis, Figure, Frame, Heatmap, LegendItem, OrDraw, Swatch, cartesian, min_max, pad_range,
    ticks_fitting,
};
use super::style::{MUTED, PALETTE, Theme, ValueFmt, fmt_sig};
use crate::config::ChartOptions;

const STATS: [&str; 5] = ["mean", "se", "p05", "p50", "p95"];

/// Draws the sweep charts of `dir` into `dir/charts/`. One swept parameter gives a line chart
/// per metric, a complete two-parameter grid a heatmap per metric, anything else (e.g. Latin
/// hypercube or Sobol samples of several parameters) scatter panels per metric; a
/// sensitivity.csv adds a Sobol-index bar chart per metric.
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
        for metric in metrics.iter().filter(|m| opts.wants(m)) {
            let info = manifest.metric(metric);
            let col = |s: &str| points.col(&format!("{metric}_{s}"));
            let fig = match params.len() {
                0 => None,
                1 => line_chart(&points, &params[0], &info, col, &footnote)
                    .map(|(f, c)| (format!("sweep_{}", slug(metric)), Fig::Line(f), c)),
                2 if grid => heatmap(&points, &params, &info, col, &footnote)
                    .map(|(f, c)| (format!("heatmap_{}", slug(metric)), Fig::Heat(f), c)),
                _ => scatter(&points, &params, &info, col, &footnote)
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
        for (metric, rows) in sensitivity_rows(&sens) {
            if !opts.wants(&metric) {
                continue;
            }
            let info = manifest.metric(&metric);
            let (fig, caption) = sobol(&info, rows, &footnote);
            let stem = format!("sensitivity_{}", slug(&metric));
            if let Some(ch) = emit(dir, opts, &stem, caption, &fig)? {
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

/// Metric names that have a `<metric>_mean` column, in column order.
fn metric_bases(points: &Table) -> Vec<String> {
    points
        .headers
        .iter()
        .filter_map(|h| h.strip_suffix("_mean").map(str::to_string))
        .collect()
}

/// Swept parameter columns: from the manifest's `sweep.parameters[].path` when present in
/// points.csv, else every column that is neither `point` nor a metric statistic.
fn sweep_params(manifest: &Manifest, points: &Table, metrics: &[String]) -> Vec<String> {
    let declared: Vec<String> = manifest
        .raw
        .get("sweep")
        .and_then(|s| s.get("parameters"))
        .and_then(|p| p.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|p| p.get("path").and_then(|v| v.as_str()).map(str::to_string))
                .filter(|p| points.col(p).is_some())
                .collect()
        })
        .unwrap_or_default();
    if !declared.is_empty() {
        return declared;
    }
    points
        .headers
        .iter()
        .filter(|h| *h != "point")
        .filter(|h| {
            !metrics
                .iter()
                .any(|m| STATS.iter().any(|s| **h == format!("{m}_{s}")))
        })
        .cloned()
        .collect()
}

/// Distinct values of a parameter column: numeric ones sorted, otherwise in order of
/// appearance.
fn levels(points: &Table, param: &str) -> Vec<String> {
    let Some(c) = points.col(param) else {
        return Vec::new();
    };
    let mut vals = data::distinct(points.rows.iter().map(|r| r[c].as_str()));
    if vals.iter().all(|v| parse_f64(v).is_some()) {
        vals.sort_by(|a, b| {
            parse_f64(a)
                .unwrap_or(0.0)
                .total_cmp(&parse_f64(b).unwrap_or(0.0))
        });
    }
    vals
}

fn is_complete_grid(points: &Table, params: &[String]) -> bool {
    let (Some(a), Some(b)) = (points.col(&params[0]), points.col(&params[1])) else {
        return false;
    };
    let mut combos: Vec<(&str, &str)> = points
        .rows
        .iter()
        .map(|r| (r[a].as_str(), r[b].as_str()))
        .collect();
    combos.sort_unstable();
    combos.dedup();
    let (na, nb) = (
        levels(points, &params[0]).len(),
        levels(points, &params[1]).len(),
    );
    na > 1 && nb > 1 && combos.len() == na * nb && combos.len() <= 2500
}

/// Short label of a numeric grid value ("0.1", "25") or the raw text.
fn level_label(v: &str) -> String {
    match parse_f64(v) {
        Some(x) => fmt_sig(x),
        None => v.to_string(),
    }
}

/// One design point of a one-parameter sweep: (x, mean, p05, p95, se).
type SweepRow = (f64, f64, Option<f64>, Option<f64>, Option<f64>);

/// Metric mean against one parameter, with the 5–95% band and ±1.96·se error bars.
struct LineFig {
    frame: Frame,
    /// Sorted by x.
    rows: Vec<SweepRow>,
    /// Category labels when the parameter is not numeric.
    categories: Option<Vec<String>>,
    x_desc: String,
    y_desc: String,
    fmt: ValueFmt,
}

fn line_chart(
    points: &Table,
    param: &str,
    info: &MetricInfo,
    col: impl Fn(&str) -> Option<usize>,
    footnote: &str,
) -> Option<(LineFig, String)> {
    let pc = points.col(param)?;
    let mc = col("mean")?;
    let numeric = points.rows.iter().all(|r| parse_f64(&r[pc]).is_some());
    let cats = levels(points, param);
    let get = |r: &Vec<String>, c: Option<usize>| c.and_then(|c| parse_f64(&r[c]));
    let mut rows: Vec<_> = points
        .rows
        .iter()
        .filter_map(|r| {
            let x = if numeric {
                parse_f64(&r[pc])?
            } else {
                cats.iter().position(|c| *c == r[pc])? as f64
            };
            Some((
                x,
                parse_f64(&r[mc])?,
                get(r, col("p05")),
                get(r, col("p95")),
                get(r, col("se")),
            ))
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let fmt = data::value_fmt(info);
    let mut legend = vec![LegendItem {
        label: "Mean across replicates (±1.96 s.e.)".into(),
        swatch: Swatch::Interval(PALETTE[0]),
    }];
    if rows.iter().any(|r| r.2.is_some() && r.3.is_some()) {
        legend.push(LegendItem::fill("5–95% of replicates", PALETTE[0].mix(0.2)));
    }
    let caption = format!(
        "Mean of {} at each of the {} values of {param} (line with ±1.96 standard-error bars), \
         with the 5–95% range across replicates as a band.",
        info.label,
        rows.len()
    );
    let fig = LineFig {
        frame: Frame {
            title: format!("{} vs {param}", info.label),
            legend,
            footnote: footnote.to_string(),
        },
        rows,
        categories: (!numeric).then(|| cats.iter().map(|c| level_label(c)).collect()),
        x_desc: param.to_string(),
        y_desc: fmt.axis_label(&info.label),
        fmt,
    };
    Some((fig, caption))
}

impl Figure for LineFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (_, h) = area.dim_in_pixel();
        let ys = self.rows.iter().flat_map(|r| {
            let se = r.4.unwrap_or(0.0) * 1.96;
            [Some(r.1 - se), Some(r.1 + se), r.2, r.3]
                .into_iter()
                .flatten()
        });
        let (lo, hi) = min_max(ys).unwrap_or((0.0, 1.0));
        let (lo, hi) = pad_range(lo, hi, 0.06);
        let y = Axis::numeric(
            lo,
            hi,
            &self.fmt,
            ticks_fitting(h, theme.tick as u32 * 2),
            &self.y_desc,
        );
        let x = match &self.categories {
            Some(c) => {
                let plot_w = draw::plot_width(area, theme, &y);
                draw::fit_x_categories(area, theme, c.clone(), &self.x_desc, plot_w)
            }
            None => {
                let (lo, hi) = min_max(self.rows.iter().map(|r| r.0)).unwrap_or((0.0, 1.0));
                let (lo, hi) = pad_range(lo, hi, 0.04);
                draw::fit_x_numeric(
                    area,
                    theme,
                    (lo, hi),
                    &ValueFmt::plain(""),
                    &self.x_desc,
                    false,
                )
            }
        };
        let mut chart = cartesian(area, theme, &x, &y)?;
        let blue = PALETTE[0];
        let band: Vec<(f64, f64, f64)> = self
            .rows
            .iter()
            .filter_map(|r| Some((r.0, r.2?, r.3?)))
            .collect();
        if band.len() >= 2 {
            let mut poly: Vec<(f64, f64)> = band.iter().map(|b| (b.0, b.2)).collect();
            poly.extend(band.iter().rev().map(|b| (b.0, b.1)));
            chart
                .draw_series(std::iter::once(Polygon::new(poly, blue.mix(0.2).filled())))
                .d()?;
        } else {
            for b in &band {
                draw_vbar(
                    &mut chart,
                    b.0,
                    b.1,
                    b.2,
                    blue.mix(0.35).stroke_width(theme.px(6.0)),
                    0.0,
                )?;
            }
        }
        chart
            .draw_series(LineSeries::new(
                self.rows.iter().map(|r| (r.0, r.1)),
                blue.stroke_width(theme.px(2.5)),
            ))
            .d()?;
        let cap = (x.hi - x.lo) * 0.006;
        for r in &self.rows {
            if let Some(se) = r.4.filter(|s| *s > 0.0) {
                draw_vbar(
                    &mut chart,
                    r.0,
                    r.1 - 1.96 * se,
                    r.1 + 1.96 * se,
                    blue.stroke_width(theme.px(1.5)),
                    cap,
                )?;
            }
        }
        chart
            .draw_series(
                self.rows
                    .iter()
                    .map(|r| Circle::new((r.0, r.1), theme.px(4.5), blue.filled())),
            )
            .d()?;
        Ok(())
    }
}

/// A vertical interval from `lo` to `hi` at `x`, with end caps of half-width `cap`.
fn draw_vbar<DB: DrawingBackend>(
    chart: &mut draw::Chart2d<'_, DB>,
    x: f64,
    lo: f64,
    hi: f64,
    style: ShapeStyle,
    cap: f64,
) -> Result<()> {
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(x, lo), (x, hi)],
            style,
        )))
        .d()?;
    if cap > 0.0 {
        for y in [lo, hi] {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x - cap, y), (x + cap, y)],
                    style,
                )))
                .d()?;
        }
    }
    Ok(())
}

fn heatmap(
    points: &Table,
    params: &[String],
    info: &MetricInfo,
    col: impl Fn(&str) -> Option<usize>,
    footnote: &str,
) -> Option<(Heatmap, String)> {
    let mc = col("mean")?;
    let (xc, yc) = (points.col(&params[0])?, points.col(&params[1])?);
    let (xs, ys) = (levels(points, &params[0]), levels(points, &params[1]));
    let mut values = vec![vec![None; xs.len()]; ys.len()];
    for r in &points.rows {
        let (Some(i), Some(j)) = (
            xs.iter().position(|v| *v == r[xc]),
            ys.iter().position(|v| *v == r[yc]),
        ) else {
            continue;
        };
        values[j][i] = parse_f64(&r[mc]);
    }
    if values.iter().flatten().all(Option::is_none) {
        return None;
    }
    let fmt = data::value_fmt(info);
    let caption = format!(
        "Mean of {} over the {}×{} grid of {} (columns) and {} (rows); the colour scale is \
         shown on the right{}.",
        info.label,
        xs.len(),
        ys.len(),
        params[0],
        params[1],
        if fmt.percent { " in percent" } else { "" }
    );
    let fig = Heatmap {
        frame: Frame {
            title: format!("{}: mean by {} and {}", info.label, params[0], params[1]),
            legend: Vec::new(),
            footnote: footnote.to_string(),
        },
        x_labels: xs.iter().map(|v| level_label(v)).collect(),
        y_labels: ys.iter().map(|v| level_label(v)).collect(),
        x_desc: params[0].clone(),
        y_desc: params[1].clone(),
        values,
        bar_desc: if data::is_indicator(info) {
            format!("{}: share of runs (%)", info.label)
        } else {
            fmt.axis_label(&format!("Mean {}", info.label))
        },
        fmt,
        annotate: xs.len() <= 15 && ys.len() <= 15,
    };
    Some((fig, caption))
}

/// Panels of metric mean against each parameter (sampled designs).
struct ScatterFig {
    frame: Frame,
    /// Per parameter: name and (x, mean) points.
    panels: Vec<(String, Vec<(f64, f64)>)>,
    y_desc: String,
    fmt: ValueFmt,
}

fn scatter(
    points: &Table,
    params: &[String],
    info: &MetricInfo,
    col: impl Fn(&str) -> Option<usize>,
    footnote: &str,
) -> Option<(ScatterFig, String)> {
    let mc = col("mean")?;
    let panels: Vec<(String, Vec<(f64, f64)>)> = params
        .iter()
        .filter_map(|p| {
            let pc = points.col(p)?;
            let pts: Vec<(f64, f64)> = points
                .rows
                .iter()
                .filter_map(|r| Some((parse_f64(&r[pc])?, parse_f64(&r[mc])?)))
                .collect();
            (!pts.is_empty()).then(|| (p.clone(), pts))
        })
        .collect();
    if panels.is_empty() {
        return None;
    }
    let n = panels[0].1.len();
    let fmt = data::value_fmt(info);
    let caption = format!(
        "Mean of {} at each of the {n} sampled design points, plotted against each of the {} \
         parameters in turn (one panel per parameter).",
        info.label,
        panels.len()
    );
    let fig = ScatterFig {
        frame: Frame {
            title: format!("{} across the sampled design", info.label),
            legend: vec![LegendItem {
                label: format!("Design point mean ({n} points)"),
                swatch: Swatch::Dot(PALETTE[0]),
            }],
            footnote: footnote.to_string(),
        },
        panels,
        y_desc: fmt.axis_label(&info.label),
        fmt,
    };
    Some((fig, caption))
}

impl Figure for ScatterFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let n = self.panels.len();
        let cols = if n <= 3 { n } else { n.div_ceil(2).min(4) };
        let rows = n.div_ceil(cols);
        let cells = area.split_evenly((rows, cols));
        let all_y = self.panels.iter().flat_map(|p| p.1.iter().map(|q| q.1));
        let (ylo, yhi) = min_max(all_y).unwrap_or((0.0, 1.0));
        let (ylo, yhi) = pad_range(ylo, yhi, 0.06);
        for (i, ((param, pts), cell)) in self.panels.iter().zip(cells.iter()).enumerate() {
            let (_, h) = cell.dim_in_pixel();
            let (xlo, xhi) = min_max(pts.iter().map(|p| p.0)).unwrap_or((0.0, 1.0));
            let (xlo, xhi) = pad_range(xlo, xhi, 0.05);
            let x =
                draw::fit_x_numeric(cell, theme, (xlo, xhi), &ValueFmt::plain(""), param, false);
            let y_desc = if i % cols == 0 {
                self.y_desc.as_str()
            } else {
                ""
            };
            let y = Axis::numeric(
                ylo,
                yhi,
                &self.fmt,
                ticks_fitting(h, theme.tick as u32 * 2),
                y_desc,
            );
            let mut chart = cartesian(cell, theme, &x, &y)?;
            let r = theme.px(4.0).max(2);
            chart
                .draw_series(
                    pts.iter()
                        .map(|p| Circle::new(*p, r, PALETTE[0].mix(0.55).filled())),
                )
                .d()?;
        }
        Ok(())
    }
}

/// One row of sensitivity.csv: parameter, (s1, low, high), (st, low, high).
type SobolRow = (String, [Option<f64>; 3], [Option<f64>; 3]);

fn sensitivity_rows(t: &Table) -> Vec<(String, Vec<SobolRow>)> {
    let (Some(pc), Some(mc)) = (t.col("parameter"), t.col("metric")) else {
        warn("sensitivity.csv lacks `parameter` or `metric`; skipped");
        return Vec::new();
    };
    let cols = ["s1", "s1_low", "s1_high", "st", "st_low", "st_high"].map(|c| t.col(c));
    let mut out: Vec<(String, Vec<SobolRow>)> = Vec::new();
    for r in &t.rows {
        let v = cols.map(|c| c.and_then(|c| parse_f64(&r[c])));
        let row = (r[pc].clone(), [v[0], v[1], v[2]], [v[3], v[4], v[5]]);
        match out.iter_mut().find(|(m, _)| *m == r[mc]) {
            Some((_, rows)) => rows.push(row),
            None => out.push((r[mc].clone(), vec![row])),
        }
    }
    out
}

/// Horizontal grouped bars of first-order and total Sobol indices with intervals.
struct SobolFig {
    frame: Frame,
    /// Sorted so that the most influential parameter is at the top (last).
    rows: Vec<SobolRow>,
}

fn sobol(info: &MetricInfo, mut rows: Vec<SobolRow>, footnote: &str) -> (SobolFig, String) {
    rows.sort_by(|a, b| {
        let ka = a.2[0].or(a.1[0]).unwrap_or(f64::NEG_INFINITY);
        let kb = b.2[0].or(b.1[0]).unwrap_or(f64::NEG_INFINITY);
        ka.total_cmp(&kb)
    });
    let top = rows.last().map(|r| r.0.clone()).unwrap_or_default();
    let caption = format!(
        "Sobol sensitivity indices of {} for {} parameters: first-order (S1, the share of \
         output variance explained by the parameter alone) and total (ST, including \
         interactions), with 95% confidence intervals. Largest total effect: {top}.",
        info.label,
        rows.len()
    );
    let fig = SobolFig {
        frame: Frame {
            title: format!("Sensitivity of {}: Sobol indices", info.label),
            legend: vec![
                LegendItem::fill("First-order index S1", PALETTE[0].mix(0.85)),
                LegendItem::fill("Total index ST", PALETTE[1].mix(0.85)),
                LegendItem::line("95% confidence interval", MUTED.to_rgba(), 1.5, false),
            ],
            footnote: footnote.to_string(),
        },
        rows,
    };
    (fig, caption)
}

impl Figure for SobolFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let labels: Vec<String> = self.rows.iter().map(|r| r.0.clone()).collect();
        let y = draw::fit_y_categories(area, theme, labels, "");
        let vals = self
            .rows
            .iter()
            .flat_map(|r| r.1.iter().chain(r.2.iter()).flatten().copied());
        let (lo, hi) = min_max(vals).unwrap_or((0.0, 1.0));
        let (lo, hi) = (lo.min(0.0), hi.max(0.1) * 1.05);
        let mut x = draw::fit_x_numeric(
            area,
            theme,
            (lo, hi),
            &ValueFmt::plain(""),
            "Sobol index (share of output variance)",
            false,
        );
        x.grid = true;
        let mut y = y;
        y.grid = false;
        let mut chart = cartesian(area, theme, &x, &y)?;
        let half = 0.17;
        for (i, row) in self.rows.iter().enumerate() {
            for (k, (vals, color)) in [(&row.1, PALETTE[0]), (&row.2, PALETTE[1])]
                .into_iter()
                .enumerate()
            {
                let yc = i as f64 + if k == 0 { half } else { -half };
                if let Some(v) = vals[0] {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(0.0, yc - half * 0.9), (v, yc + half * 0.9)],
                            color.mix(0.85).filled(),
                        )))
                        .d()?;
                }
                if let (Some(l), Some(h)) = (vals[1], vals[2]) {
                    let style = MUTED.stroke_width(theme.px(1.5));
                    let cap = half * 0.45;
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(l, yc), (h, yc)],
                            style,
                        )))
                        .d()?;
                    for e in [l, h] {
                        chart
                            .draw_series(std::iter::once(PathElement::new(
                                vec![(e, yc - cap), (e, yc + cap)],
                                style,
                            )))
                            .d()?;
                    }
                }
            }
        }
        draw::vline(&mut chart, 0.0, MUTED.stroke_width(1), false, theme)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::*;

    fn stems(charts: &[Chart]) -> Vec<String> {
        charts.iter().map(|c| c.file_stem.clone()).collect()
    }

    #[test]
    fn one_parameter_sweep() {
        let dir = sweep_fixture(&["us.threat.extra_tariff"], false, false);
        let charts = draw_sweep_charts(dir.path(), &small_opts()).unwrap();
        assert_eq!(
            stems(&charts),
            [
                "sweep_us_tariff_final",
                "sweep_us_welfare_usd_bn",
                "sweep_deal_reached"
            ]
        );
        for ch in &charts {
            check_chart(dir.path(), ch, 400, 300);
        }
    }

    #[test]
    fn two_parameter_grid_gives_heatmaps() {
        let dir = sweep_fixture(
            &["us.threat.extra_tariff", "cn.retaliation.soy_cut"],
            false,
            false,
        );
        let charts = draw_sweep_charts(dir.path(), &small_opts()).unwrap();
        assert_eq!(
            stems(&charts),
            [
                "heatmap_us_tariff_final",
                "heatmap_us_welfare_usd_bn",
                "heatmap_deal_reached"
            ]
        );
        for ch in &charts {
            check_chart(dir.path(), ch, 400, 300);
        }
    }

    #[test]
    fn sampled_design_gives_scatter_and_sobol_bars() {
        let params = ["a.x", "b.y", "c.z"];
        let dir = sweep_fixture(&params, true, true);
        let mut opts = small_opts();
        opts.metrics = vec!["us_welfare_usd_bn".into()];
        let charts = draw_sweep_charts(dir.path(), &opts).unwrap();
        assert_eq!(
            stems(&charts),
            ["scatter_us_welfare_usd_bn", "sensitivity_us_welfare_usd_bn"]
        );
        for ch in &charts {
            check_chart(dir.path(), ch, 400, 300);
        }
    }
}
