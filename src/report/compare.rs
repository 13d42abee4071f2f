//! Comparing several `tradewar run` output directories: overlaid outcome distributions,
//! overlaid fan charts and, when the runs share seed and replicate count (common random
//! numbers), paired replicate-by-replicate differences with 95% intervals.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{Chart, emit, slug};
use super::data::{self, Manifest, MetricInfo, RoundStat, Rounds, Table};
use super::diagnostics::warn;
use super::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, Swatch, cartesian, min_max, pad_range,
    ticks_fitting,
};
use super::run::{MonthLabels, band, bin};
use super::style::{INK, MUTED, Theme, ValueFmt, series_color};
use crate::config::ChartOptions;

/// One scenario's outputs.
struct Scenario {
    name: String,
    dir: PathBuf,
    manifest: Manifest,
    runs: Option<Table>,
    rounds: Rounds,
}

/// Overlays the run outputs in `dirs` (the first is the reference scenario A) and writes the
/// charts to `out/charts/`. When all manifests share seed and replicate count, paired
/// differences B − A are computed per replicate for every later directory B and written to
/// `out/compare.csv` (`metric,scenario_a,scenario_b,mean_diff,low,high`, interval = mean ±
/// 1.96·sd/√n) together with interval charts. `out/compare_scenarios.csv` records each
/// scenario's provenance. Call [`super::document::write_report`] on `out` for a report.
pub fn compare(dirs: &[PathBuf], out: &Path, opts: &ChartOptions) -> Result<Vec<Chart>> {
    if dirs.is_empty() {
        bail!("compare needs at least one run directory");
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
    let run_metrics: Vec<String> = reference
        .runs
        .as_ref()
        .map(|t| {
            t.headers
                .iter()
                .filter(|h| *h != "replicate" && *h != "seed" && opts.wants(h))
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
            Ok(rows) => {
                write_compare_csv(out, &rows)?;
                charts.extend(diff_charts(out, opts, &scenarios, &rows, &footnote)?);
            }
            Err(why) => warn(&format!("compare: paired differences skipped: {why}")),
        }
    }
    Ok(charts)
}

fn load(dirs: &[PathBuf]) -> Vec<Scenario> {
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

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_sources(out: &Path, scenarios: &[Scenario]) -> Result<()> {
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
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    let path = out.join("compare_scenarios.csv");
    crate::foundation::io::write_atomic(&path, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

fn footnote(scenarios: &[Scenario]) -> String {
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

/// Overlaid distributions of one outcome metric.
struct OverlayHist {
    frame: Frame,
    /// Bin edges (continuous) or integer values (discrete).
    edges: Vec<f64>,
    discrete: bool,
    yes_no: bool,
    /// Per scenario: palette index and share of replicates per bin/value.
    shares: Vec<(usize, Vec<f64>)>,
    fmt: ValueFmt,
    x_desc: String,
    y_desc: String,
}

fn overlay_hist(
    info: &MetricInfo,
    per: &[(usize, Vec<f64>)],
    scenarios: &[Scenario],
    footnote: &str,
) -> (OverlayHist, String) {
    let fmt = data::value_fmt(info);
    let all: Vec<f64> = per.iter().flat_map(|p| p.1.iter().copied()).collect();
    let (bars, discrete) = bin(&all);
    let yes_no = all.iter().all(|v| *v == 0.0 || *v == 1.0)
        && (data::is_indicator(info) || info.unit.is_empty());
    let edges: Vec<f64> = if discrete {
        bars.iter().map(|b| (b.0 + b.1) / 2.0).collect()
    } else {
        let mut e: Vec<f64> = bars.iter().map(|b| b.0).collect();
        e.push(bars.last().map(|b| b.1).unwrap_or(0.0));
        e
    };
    let shares: Vec<(usize, Vec<f64>)> = per
        .iter()
        .map(|(i, vals)| {
            let n = vals.len() as f64;
            let counts: Vec<f64> = if discrete {
                edges
                    .iter()
                    .map(|k| vals.iter().filter(|v| **v == *k).count() as f64 / n)
                    .collect()
            } else {
                let last = edges.len() - 2;
                let mut c = vec![0.0; edges.len() - 1];
                for v in vals {
                    let j = edges
                        .partition_point(|e| e <= v)
                        .saturating_sub(1)
                        .min(last);
                    c[j] += 1.0 / n;
                }
                c
            };
            (*i, counts)
        })
        .collect();
    let legend: Vec<LegendItem> = per
        .iter()
        .map(|(i, vals)| {
            let s = data::sorted(vals);
            let text = if yes_no {
                let yes = s.iter().filter(|v| **v == 1.0).count() as f64 / s.len() as f64;
                format!("{}: yes in {:.1}%", scenarios[*i].name, yes * 100.0)
            } else {
                format!(
                    "{} (median {})",
                    scenarios[*i].name,
                    fmt.value_with_unit(data::quantile(&s, 0.5))
                )
            };
            let alpha = if discrete { 0.8 } else { 0.45 };
            LegendItem::fill(text, series_color(*i).mix(alpha))
        })
        .collect();
    let names: Vec<&str> = per
        .iter()
        .map(|(i, _)| scenarios[*i].name.as_str())
        .collect();
    let missing = per.iter().any(|(i, vals)| {
        scenarios[*i]
            .runs
            .as_ref()
            .is_some_and(|t| t.rows.len() > vals.len())
    });
    let whom = if missing {
        "replicates with a value"
    } else {
        "replicates"
    };
    let caption = format!(
        "Distribution of {} across replicates in each scenario ({}), as the share of {whom} \
         per {}.",
        info.label,
        names.join(", "),
        if discrete { "value" } else { "bin" }
    );
    let fig = OverlayHist {
        frame: Frame {
            title: format!("{}: scenarios compared", info.label),
            legend,
            footnote: footnote.to_string(),
        },
        edges,
        discrete,
        yes_no,
        shares,
        y_desc: format!("Share of {whom} (%)"),
        x_desc: if yes_no {
            info.label.clone()
        } else {
            fmt.axis_label(&info.label)
        },
        fmt,
    };
    (fig, caption)
}

impl Figure for OverlayHist {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (_, h) = area.dim_in_pixel();
        let max = self
            .shares
            .iter()
            .flat_map(|s| s.1.iter().copied())
            .fold(0.0, f64::max);
        let mut y = Axis::numeric(
            0.0,
            (max * 1.08).max(0.01),
            &ValueFmt::percent(),
            ticks_fitting(h, theme.tick as u32 * 2),
            &self.y_desc,
        );
        y.lo = 0.0;
        let (lo, hi) = (
            self.edges.first().copied().unwrap_or(0.0),
            self.edges.last().copied().unwrap_or(1.0),
        );
        let x = if self.yes_no {
            let mut a = Axis::categories(vec!["No (0)".into(), "Yes (1)".into()], &self.x_desc);
            a.lo = -0.7;
            a.hi = 1.7;
            a
        } else {
            let (lo, hi) = if self.discrete {
                (lo - 0.6, hi + 0.6)
            } else if self.edges.len() == 2 {
                let (c, half) = ((lo + hi) / 2.0, (hi - lo) / 2.0);
                (c - 8.0 * half, c + 8.0 * half)
            } else {
                pad_range(lo, hi, 0.03)
            };
            let mut a = draw::fit_x_numeric(
                area,
                theme,
                (lo, hi),
                &self.fmt,
                &self.x_desc,
                self.discrete,
            );
            a.grid = false;
            a
        };
        let mut chart = cartesian(area, theme, &x, &y)?;
        let k = self.shares.len().max(1) as f64;
        for (slot, (ci, shares)) in self.shares.iter().enumerate() {
            let c = series_color(*ci);
            if self.discrete {
                let width = 0.8 / k;
                for (v, s) in self.edges.iter().zip(shares) {
                    let x0 = v - 0.4 + slot as f64 * width;
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x0, 0.0), (x0 + width * 0.95, *s)],
                            c.mix(0.8).filled(),
                        )))
                        .d()?;
                }
            } else {
                let mut outline = vec![(self.edges[0], 0.0)];
                for (j, s) in shares.iter().enumerate() {
                    outline.push((self.edges[j], *s));
                    outline.push((self.edges[j + 1], *s));
                }
                outline.push((*self.edges.last().unwrap_or(&0.0), 0.0));
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        outline.clone(),
                        c.mix(0.22).filled(),
                    )))
                    .d()?;
                chart
                    .draw_series(LineSeries::new(outline, c.stroke_width(theme.px(2.0))))
                    .d()?;
            }
        }
        Ok(())
    }
}

/// Overlaid fan charts (median + 5–95% band per scenario).
struct OverlayFan {
    frame: Frame,
    series: Vec<(usize, Vec<RoundStat>)>,
    months: MonthLabels,
    fmt: ValueFmt,
    y_desc: String,
}

impl Figure for OverlayFan {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (_, h) = area.dim_in_pixel();
        let rounds = self.series.iter().flat_map(|s| s.1.iter().map(|r| r.round));
        let first = rounds.clone().min().unwrap_or(0);
        let last = rounds.max().unwrap_or(0);
        let vals = self.series.iter().flat_map(|s| {
            s.1.iter()
                .flat_map(|r| [r.q[0], r.q[2], r.q[4]].into_iter().flatten())
        });
        let (lo, hi) = min_max(vals).unwrap_or((0.0, 1.0));
        let (lo, hi) = pad_range(lo, hi, 0.05);
        let x = self.months.axis(area, theme, first, last);
        let y = Axis::numeric(
            lo,
            hi,
            &self.fmt,
            ticks_fitting(h, theme.tick as u32 * 2),
            &self.y_desc,
        );
        let mut chart = cartesian(area, theme, &x, &y)?;
        for (ci, rows) in &self.series {
            let poly = band(rows, 0, 4);
            if poly.len() >= 4 {
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        poly,
                        series_color(*ci).mix(0.16).filled(),
                    )))
                    .d()?;
            }
        }
        for (ci, rows) in &self.series {
            let c = series_color(*ci);
            for q in [0, 4] {
                chart
                    .draw_series(LineSeries::new(
                        rows.iter().filter_map(|r| Some((r.round as f64, r.q[q]?))),
                        c.mix(0.6).stroke_width(1),
                    ))
                    .d()?;
            }
            let median: Vec<(f64, f64)> = rows
                .iter()
                .filter_map(|r| Some((r.round as f64, r.q[2]?)))
                .collect();
            chart
                .draw_series(LineSeries::new(
                    median.iter().copied(),
                    c.stroke_width(theme.px(3.0)),
                ))
                .d()?;
        }
        Ok(())
    }
}

/// One paired-difference result (scenario B − scenario A).
#[derive(Debug, Clone, PartialEq)]
struct DiffRow {
    metric: String,
    a: String,
    b: String,
    /// Index of scenario B (for its colour).
    b_index: usize,
    mean: f64,
    low: f64,
    high: f64,
    n: usize,
}

fn paired_differences(
    scenarios: &[Scenario],
    metrics: &[String],
) -> std::result::Result<Vec<DiffRow>, String> {
    let m0 = &scenarios[0].manifest;
    if m0.seed.is_none() || m0.replicates.is_none() {
        return Err("the first manifest lacks seed or replicates".into());
    }
    for s in &scenarios[1..] {
        if s.manifest.seed != m0.seed || s.manifest.replicates != m0.replicates {
            return Err(format!(
                "{} differs from {} in seed or replicate count (no common random numbers)",
                s.name, scenarios[0].name
            ));
        }
    }
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

fn write_compare_csv(out: &Path, rows: &[DiffRow]) -> Result<()> {
    let mut text = String::from("metric,scenario_a,scenario_b,mean_diff,low,high\n");
    for r in rows {
        let _ = writeln!(
            text,
            "{},{},{},{},{},{}",
            csv_field(&r.metric),
            csv_field(&r.a),
            csv_field(&r.b),
            crate::foundation::io::fmt_f64(r.mean),
            crate::foundation::io::fmt_f64(r.low),
            crate::foundation::io::fmt_f64(r.high)
        );
    }
    let path = out.join("compare.csv");
    crate::foundation::io::write_atomic(&path, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))
}

/// A facet of the difference chart: one metric, one interval per scenario pair.
struct DiffPanel {
    title: String,
    fmt: ValueFmt,
    /// (pair label, palette index, mean, low, high).
    rows: Vec<(String, usize, f64, f64, f64)>,
}

/// Paired differences, one facet (with its own scale and unit) per metric.
struct DiffFig {
    frame: Frame,
    panels: Vec<DiffPanel>,
}

/// Facets per difference chart; more metrics continue on further charts.
const PANELS_PER_CHART: usize = 6;

fn diff_charts(
    out: &Path,
    opts: &ChartOptions,
    scenarios: &[Scenario],
    rows: &[DiffRow],
    footnote: &str,
) -> Result<Vec<Chart>> {
    let reference = &scenarios[0];
    // Rows grouped by metric, in the order of runs.csv.
    let mut metrics: Vec<(String, Vec<&DiffRow>)> = Vec::new();
    for r in rows {
        match metrics.iter_mut().find(|m| m.0 == r.metric) {
            Some(m) => m.1.push(r),
            None => metrics.push((r.metric.clone(), vec![r])),
        }
    }
    let n = rows.iter().map(|r| r.n).max().unwrap_or(0);
    let chunks: Vec<&[(String, Vec<&DiffRow>)]> = metrics.chunks(PANELS_PER_CHART).collect();
    let mut charts = Vec::new();
    for (ci, chunk) in chunks.iter().enumerate() {
        let panels: Vec<DiffPanel> = chunk
            .iter()
            .map(|(metric, rs)| {
                let info = reference.manifest.metric(metric);
                let fmt = data::value_fmt(&info).for_differences();
                let mut title = fmt.axis_label(&info.label);
                if rs.len() == 1 {
                    let r = rs[0];
                    let sign = if r.mean > 0.0 { "+" } else { "" };
                    let _ = write!(
                        title,
                        ":  {sign}{}  (95% interval {} to {})",
                        fmt.value(r.mean),
                        fmt.value(r.low),
                        fmt.value(r.high)
                    );
                }
                DiffPanel {
                    title,
                    fmt,
                    rows: rs
                        .iter()
                        .map(|r| {
                            let pair = format!("{} \u{2212} {}", r.b, r.a);
                            (pair, r.b_index, r.mean, r.low, r.high)
                        })
                        .collect(),
                }
            })
            .collect();
        let labels: Vec<String> = chunk
            .iter()
            .map(|(m, _)| reference.manifest.metric(m).label)
            .collect();
        let part = if chunks.len() > 1 {
            format!(" ({}/{})", ci + 1, chunks.len())
        } else {
            String::new()
        };
        let caption = format!(
            "Paired differences (scenario \u{2212} {}) computed replicate by replicate under \
             common random numbers (n = {n} pairs): mean difference with 95% interval \
             (mean ± 1.96·sd/√n) for {}. Each panel has its own scale and unit; shares are \
             compared in percentage points. Intervals that exclude the dashed zero line \
             indicate an effect beyond Monte Carlo noise.",
            reference.name,
            labels.join(", ")
        );
        let fig = DiffFig {
            frame: Frame {
                title: format!("Paired differences vs {}{part}", reference.name),
                legend: vec![
                    LegendItem {
                        label: "Mean difference with 95% interval".into(),
                        swatch: Swatch::Interval(INK),
                    },
                    LegendItem::line("No difference", MUTED.to_rgba(), 1.5, true),
                ],
                footnote: footnote.to_string(),
            },
            panels,
        };
        let stem = if chunks.len() > 1 {
            format!("compare_diff_{}", ci + 1)
        } else {
            "compare_diff".to_string()
        };
        if let Some(ch) = emit(out, opts, &stem, caption, &fig)? {
            charts.push(ch);
        }
    }
    Ok(charts)
}

impl Figure for DiffFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (_, total_h) = area.dim_in_pixel();
        // Panels get an equal share, but no more than a comfortable height each.
        let rows_total: usize = self.panels.iter().map(|p| p.rows.len()).sum();
        let per_row = theme.px(46.0);
        let overhead = (theme.legend * 1.5 + theme.tick * 1.2) as u32 + theme.px(40.0);
        let wanted = rows_total as u32 * per_row + self.panels.len() as u32 * overhead;
        let used = wanted.min(total_h);
        let (area, _) = area.split_vertically(used);
        let cells = area.split_evenly((self.panels.len().max(1), 1));
        for (panel, cell) in self.panels.iter().zip(cells.iter()) {
            let title_h = (theme.legend * 1.6) as u32;
            let (head, body) = cell.split_vertically(title_h);
            draw::label(
                &head,
                theme,
                &panel.title,
                (
                    theme.px(24.0) as i32,
                    title_h as i32 / 2 + theme.px(3.0) as i32,
                ),
                &draw::bold(theme.legend),
                Pos::new(HPos::Left, VPos::Center),
            )?;
            let vals = panel.rows.iter().flat_map(|r| [r.3, r.4]).chain([0.0]);
            let (lo, hi) = min_max(vals).unwrap_or((-1.0, 1.0));
            let (lo, hi) = pad_range(lo, hi, 0.08);
            let x = draw::fit_x_numeric(&body, theme, (lo, hi), &panel.fmt, "", false);
            let labels: Vec<String> = panel.rows.iter().map(|r| r.0.clone()).collect();
            let mut y = draw::fit_y_categories(&body, theme, labels, "");
            y.lo = -0.6;
            y.hi = panel.rows.len() as f64 - 0.4;
            let mut chart = cartesian(&body, theme, &x, &y)?;
            draw::vline(
                &mut chart,
                0.0,
                MUTED.stroke_width(theme.px(1.5)),
                true,
                theme,
            )?;
            let (_, py) = chart.plotting_area().get_pixel_range();
            let data_per_px = (y.hi - y.lo) / (py.end - py.start).max(1) as f64;
            let cap = (theme.px(8.0) as f64 * data_per_px).min(0.3);
            for (j, (_, ci, mean, low, high)) in panel.rows.iter().enumerate() {
                let c = series_color(*ci);
                let yc = j as f64;
                let style = c.stroke_width(theme.px(2.5));
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(*low, yc), (*high, yc)],
                        style,
                    )))
                    .d()?;
                for e in [*low, *high] {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(e, yc - cap), (e, yc + cap)],
                            style,
                        )))
                        .d()?;
                }
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (*mean, yc),
                        theme.px(5.5),
                        c.filled(),
                    )))
                    .d()?;
            }
        }
        Ok(())
    }
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
            "compare_diff",
        ] {
            assert!(stems.contains(&stem), "missing {stem} in {stems:?}");
        }
        for ch in &charts {
            check_chart(&out, ch, 400, 300);
        }
        let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("metric,scenario_a,scenario_b,mean_diff,low,high")
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
