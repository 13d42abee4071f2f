//! Charts for `tradewar run` outputs: outcome histograms (runs.csv), fan charts of round
//! metrics over time (rounds.csv + trajectories.csv) and the deal-timing survival curve.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{Chart, emit, slug};
use super::data::{self, Manifest, MetricInfo, RoundStat, Rounds, Table};
use super::diagnostics::warn;
use super::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, cartesian, min_max, pad_range, text_size,
    ticks_fitting,
};
use super::style::{INK, MUTED, PALETTE, Theme, ValueFmt, fmt_fixed};
use crate::config::ChartOptions;

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
            if name == "replicate" || name == "seed" || name.is_empty() || !opts.wants(name) {
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
    let months = MonthLabels {
        known: rounds.months.clone(),
        start: manifest.start_month.clone(),
    };
    for (name, rows) in &rounds.metrics {
        if !opts.wants(name) {
            continue;
        }
        let info = manifest.round_metric(name);
        let sample: Vec<Vec<(i64, f64)>> = paths
            .get(name)
            .map(|reps| reps.values().cloned().collect())
            .unwrap_or_default();
        let Some((fig, caption)) = fan(&info, rows, sample, &months, &footnote) else {
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

/// Month labels per round: from the CSV files, else counted from the manifest's start month.
#[derive(Debug, Clone, Default)]
pub(crate) struct MonthLabels {
    pub known: BTreeMap<i64, String>,
    pub start: Option<String>,
}

impl MonthLabels {
    /// Label of round `r` (`YYYY-MM`, or `round r` when nothing is known).
    pub fn label(&self, r: i64) -> String {
        if let Some(m) = self.known.get(&r) {
            return m.clone();
        }
        // Extrapolate from any known round, else from the start month.
        if let Some((k, m)) = self.known.iter().next()
            && let Some(s) = data::add_months(m, r - k)
        {
            return s;
        }
        self.start
            .as_deref()
            .and_then(|s| data::add_months(s, r))
            .unwrap_or_else(|| format!("round {r}"))
    }

    /// A month axis over `first..=last` fitted to the width of `area`.
    pub fn axis<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        first: i64,
        last: i64,
    ) -> Axis {
        let sample = self.label(first);
        let lw = text_size(area, &sample, &draw::font(theme.tick)).0 + theme.px(10.0);
        let (w, _) = area.dim_in_pixel();
        let max = ((w.saturating_sub(theme.px(160.0))) / lw.max(1)).max(2) as usize;
        let f = |r: i64| self.label(r);
        Axis::months(first, last, &f, max, "Month")
    }
}

/// A histogram of one outcome metric.
#[derive(Debug, Clone)]
pub(crate) struct HistFig {
    frame: Frame,
    /// (left edge, right edge, count).
    bars: Vec<(f64, f64, f64)>,
    /// Labels for 0/1 indicators (bars at 0 and 1).
    yes_no: bool,
    fmt: ValueFmt,
    x_desc: String,
    /// Vertical reference lines: (x, colour, dashed).
    lines: Vec<(f64, RGBColor, bool)>,
}

/// Bins `values` (finite) into bars: unit-wide bars for small integer sets, a single bar for a
/// constant, otherwise "nice"-width bins chosen by the Freedman–Diaconis rule.
pub(crate) fn bin(values: &[f64]) -> (Vec<(f64, f64, f64)>, bool) {
    let s = data::sorted(values);
    let (lo, hi) = (s[0], s[s.len() - 1]);
    let integer = s.iter().all(|v| v.fract() == 0.0);
    if integer && hi - lo <= 60.0 {
        let mut bars = Vec::new();
        let mut k = lo;
        while k <= hi {
            let count = s.iter().filter(|v| **v == k).count() as f64;
            bars.push((k - 0.4, k + 0.4, count));
            k += 1.0;
        }
        return (bars, true);
    }
    if hi - lo <= 1e-12 * lo.abs().max(1e-300) {
        let w = (lo.abs() * 0.02).max(1e-9);
        return (vec![(lo - w, lo + w, s.len() as f64)], false);
    }
    let n = s.len() as f64;
    let iqr = data::quantile(&s, 0.75) - data::quantile(&s, 0.25);
    let fd = 2.0 * iqr / n.cbrt();
    let nbins = if fd > 0.0 {
        ((hi - lo) / fd).ceil()
    } else {
        n.log2().ceil() + 1.0
    }
    .clamp(6.0, 50.0);
    let raw = (hi - lo) / nbins;
    let mag = 10f64.powf(raw.log10().floor());
    // The "nice" width (1, 2, 2.5, 5 × 10^k) closest to the raw width on a log scale.
    let width = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .min_by(|a, b| (a / raw).ln().abs().total_cmp(&(b / raw).ln().abs()))
        .unwrap_or(raw);
    let start = (lo / width).floor() * width;
    let count = (((hi - start) / width).floor() as usize + 1).min(500);
    let mut bars: Vec<(f64, f64, f64)> = (0..count)
        .map(|i| {
            (
                start + i as f64 * width,
                start + (i + 1) as f64 * width,
                0.0,
            )
        })
        .collect();
    for v in &s {
        let i = (((v - start) / width).floor() as usize).min(count - 1);
        bars[i].2 += 1.0;
    }
    while bars.last().is_some_and(|b| b.2 == 0.0) {
        bars.pop();
    }
    (bars, false)
}

/// Builds the histogram of `values` (non-missing) out of `total` replicates.
fn histogram(info: &MetricInfo, values: &[f64], total: usize, footnote: &str) -> (HistFig, String) {
    let fmt = data::value_fmt(info);
    let s = data::sorted(values);
    let n = s.len();
    let (bars, _discrete) = bin(&s);
    let binary = s.iter().all(|v| *v == 0.0 || *v == 1.0)
        && (data::is_indicator(info) || info.unit.is_empty());
    let count_label = if n == total {
        format!("Replicates (n = {})", fmt_fixed(n as f64, 0))
    } else {
        format!(
            "Replicates with a value (n = {} of {})",
            fmt_fixed(n as f64, 0),
            fmt_fixed(total as f64, 0)
        )
    };
    let mut legend = vec![LegendItem::fill(count_label, PALETTE[0].mix(0.75))];
    let mut lines = Vec::new();
    let (p05, p50, p95) = (
        data::quantile(&s, 0.05),
        data::quantile(&s, 0.5),
        data::quantile(&s, 0.95),
    );
    let caption;
    if binary {
        let yes = s.iter().filter(|v| **v == 1.0).count() as f64 / n as f64;
        legend.push(LegendItem {
            label: format!("Yes: {:.1}% of replicates", yes * 100.0),
            swatch: draw::Swatch::Dot(PALETTE[0]),
        });
        caption = format!(
            "{}: 1 (yes) in {:.1}% and 0 (no) in {:.1}% of the {n} replicates.",
            info.label,
            yes * 100.0,
            (1.0 - yes) * 100.0
        );
    } else if s[0] == s[n - 1] {
        legend.push(LegendItem::line(
            format!("All {n} values equal {}", fmt.value_with_unit(p50)),
            PALETTE[3].to_rgba(),
            3.0,
            false,
        ));
        lines.push((p50, PALETTE[3], false));
        caption = format!(
            "{} is the same in all {n} replicates: {}.",
            info.label,
            fmt.value_with_unit(p50)
        );
    } else {
        legend.push(LegendItem::line(
            format!("Median: {}", fmt.value_with_unit(p50)),
            PALETTE[3].to_rgba(),
            3.0,
            false,
        ));
        legend.push(LegendItem::line(
            format!(
                "5th / 95th percentiles: {} / {}",
                fmt.value(p05),
                fmt.value_with_unit(p95)
            ),
            INK.to_rgba(),
            2.0,
            true,
        ));
        lines.push((p05, INK, true));
        lines.push((p95, INK, true));
        lines.push((p50, PALETTE[3], false));
        let missing = if n < total {
            format!(" ({} replicates without a value are not shown)", total - n)
        } else {
            String::new()
        };
        caption = format!(
            "Distribution of {} across {n} replicates{missing}. Vertical lines mark the median \
             ({}) and the 5th and 95th percentiles ({} to {}).",
            info.label,
            fmt.value_with_unit(p50),
            fmt.value_with_unit(p05),
            fmt.value_with_unit(p95)
        );
    }
    let fig = HistFig {
        frame: Frame {
            title: if binary {
                format!("{}: share of replicates", info.label)
            } else {
                format!("{}: distribution across replicates", info.label)
            },
            legend,
            footnote: footnote.to_string(),
        },
        bars,
        yes_no: binary,
        x_desc: if binary {
            info.label.clone()
        } else {
            fmt.axis_label(&info.label)
        },
        fmt,
        lines,
    };
    (fig, caption)
}

/// A count axis (integer ticks) from 0 to a little above `max`.
pub(crate) fn count_axis(max: f64, max_ticks: usize, desc: &str) -> Axis {
    let hi = (max * 1.08).max(1.0);
    Axis::integer(0.0, hi, &ValueFmt::plain(""), max_ticks, desc)
}

impl Figure for HistFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (_, h) = area.dim_in_pixel();
        let max_count = self.bars.iter().map(|b| b.2).fold(0.0, f64::max);
        let y = count_axis(
            max_count,
            ticks_fitting(h, theme.tick as u32 * 2),
            "Replicates",
        );
        let x = if self.yes_no {
            let mut a = Axis::categories(vec!["No (0)".into(), "Yes (1)".into()], &self.x_desc);
            a.lo = -0.7;
            a.hi = 1.7;
            a
        } else {
            let (lo, hi) = min_max(self.bars.iter().flat_map(|b| [b.0, b.1])).unwrap_or((0.0, 1.0));
            let (lo, hi) = if self.bars.len() == 1 {
                // A constant: a narrow bar in a wider window.
                let (c, half) = ((lo + hi) / 2.0, (hi - lo) / 2.0);
                (c - 8.0 * half, c + 8.0 * half)
            } else {
                pad_range(lo, hi, 0.03)
            };
            let integer = self.bars.iter().all(|b| (b.1 - b.0 - 0.8).abs() < 1e-9);
            let mut a =
                draw::fit_x_numeric(area, theme, (lo, hi), &self.fmt, &self.x_desc, integer);
            a.grid = false;
            a
        };
        let mut chart = cartesian(area, theme, &x, &y)?;
        let fill = PALETTE[0].mix(0.75);
        chart
            .draw_series(
                self.bars
                    .iter()
                    .filter(|b| b.2 > 0.0)
                    .map(|b| Rectangle::new([(b.0, 0.0), (b.1, b.2)], fill.filled())),
            )
            .d()?;
        chart
            .draw_series(
                self.bars
                    .iter()
                    .filter(|b| b.2 > 0.0)
                    .map(|b| Rectangle::new([(b.0, 0.0), (b.1, b.2)], WHITE.stroke_width(1))),
            )
            .d()?;
        if self.yes_no {
            let total: f64 = self.bars.iter().map(|b| b.2).sum();
            for b in &self.bars {
                let share = if total > 0.0 {
                    b.2 / total * 100.0
                } else {
                    0.0
                };
                draw::data_label(
                    area,
                    &chart,
                    theme,
                    &format!("{share:.1}%"),
                    ((b.0 + b.1) / 2.0, b.2 + max_count * 0.015),
                    &draw::font(theme.note),
                    Pos::new(HPos::Center, VPos::Bottom),
                )?;
            }
        }
        for (x, color, dashed) in &self.lines {
            let width = if *dashed { 2.0 } else { 3.0 };
            draw::vline(
                &mut chart,
                *x,
                color.stroke_width(theme.px(width)),
                *dashed,
                theme,
            )?;
        }
        Ok(())
    }
}

/// A fan chart of one round metric.
#[derive(Debug, Clone)]
pub(crate) struct FanFig {
    frame: Frame,
    rows: Vec<RoundStat>,
    paths: Vec<Vec<(i64, f64)>>,
    months: MonthLabels,
    fmt: ValueFmt,
    y_desc: String,
}

/// Band polygon between quantiles `lo_q` and `hi_q` (indices into `RoundStat::q`).
pub(crate) fn band(rows: &[RoundStat], lo_q: usize, hi_q: usize) -> Vec<(f64, f64)> {
    let pts: Vec<(f64, f64, f64)> = rows
        .iter()
        .filter_map(|r| Some((r.round as f64, r.q[lo_q]?, r.q[hi_q]?)))
        .collect();
    let mut poly: Vec<(f64, f64)> = pts.iter().map(|p| (p.0, p.2)).collect();
    poly.extend(pts.iter().rev().map(|p| (p.0, p.1)));
    poly
}

fn fan(
    info: &MetricInfo,
    rows: &[RoundStat],
    paths: Vec<Vec<(i64, f64)>>,
    months: &MonthLabels,
    footnote: &str,
) -> Option<(FanFig, String)> {
    if rows.iter().all(|r| r.q.iter().all(Option::is_none)) {
        return None;
    }
    let fmt = data::value_fmt(info);
    let blue = PALETTE[0];
    let mut legend = vec![
        LegendItem::fill("5–95% of replicates", blue.mix(0.18)),
        // The dark band is drawn over the light one: show the combined tint.
        LegendItem::fill("25–75%", blue.mix(1.0 - (1.0 - 0.18) * (1.0 - 0.38))),
        LegendItem::line("Median", blue.to_rgba(), 3.0, false),
    ];
    if !paths.is_empty() {
        legend.push(LegendItem::line(
            format!("Sample paths ({} replicates)", paths.len()),
            MUTED.mix(0.6),
            1.5,
            false,
        ));
    }
    let first = rows.first().map(|r| r.round).unwrap_or(0);
    let last = rows.last().map(|r| r.round).unwrap_or(0);
    let caption = format!(
        "{} by month, {} to {}: median across replicates (line) with the 25–75% (dark) and \
         5–95% (light) bands{}.",
        info.label,
        months.label(first),
        months.label(last),
        if paths.is_empty() {
            String::new()
        } else {
            format!(
                "; thin grey lines are {} individual sample paths",
                paths.len()
            )
        }
    );
    let fig = FanFig {
        frame: Frame {
            title: format!("{} over time", info.label),
            legend,
            footnote: footnote.to_string(),
        },
        rows: rows.to_vec(),
        paths,
        months: months.clone(),
        y_desc: fmt.axis_label(&info.label),
        fmt,
    };
    Some((fig, caption))
}

impl Figure for FanFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (_, h) = area.dim_in_pixel();
        let first = self.rows.first().map(|r| r.round).unwrap_or(0);
        let last = self.rows.last().map(|r| r.round).unwrap_or(0);
        let values = self
            .rows
            .iter()
            .flat_map(|r| r.q.iter().flatten().copied())
            .chain(self.paths.iter().flatten().map(|p| p.1));
        let (lo, hi) = min_max(values).unwrap_or((0.0, 1.0));
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
        let blue = PALETTE[0];
        for (lo_q, hi_q, alpha) in [(0, 4, 0.18), (1, 3, 0.38)] {
            let poly = band(&self.rows, lo_q, hi_q);
            if poly.len() >= 4 {
                chart
                    .draw_series(std::iter::once(Polygon::new(
                        poly,
                        blue.mix(alpha).filled(),
                    )))
                    .d()?;
            }
        }
        let path_style = MUTED.mix(0.45).stroke_width(theme.px(1.2));
        for p in &self.paths {
            chart
                .draw_series(LineSeries::new(
                    p.iter().map(|(r, v)| (*r as f64, *v)),
                    path_style,
                ))
                .d()?;
        }
        let median: Vec<(f64, f64)> = self
            .rows
            .iter()
            .filter_map(|r| Some((r.round as f64, r.q[2]?)))
            .collect();
        chart
            .draw_series(LineSeries::new(
                median.iter().copied(),
                blue.stroke_width(theme.px(3.0)),
            ))
            .d()?;
        if median.len() == 1 {
            chart
                .draw_series(
                    median
                        .iter()
                        .map(|p| Circle::new(*p, theme.px(5.0), blue.filled())),
                )
                .d()?;
        }
        Ok(())
    }
}

/// The deal-timing survival curve.
#[derive(Debug, Clone)]
pub(crate) struct SurvivalFig {
    frame: Frame,
    /// Step-curve vertices (round, share without a deal).
    steps: Vec<(f64, f64)>,
    first: i64,
    last: i64,
    median_round: Option<i64>,
    months: MonthLabels,
}

fn survival(
    first_deal: &[Option<f64>],
    first: i64,
    last: Option<i64>,
    months: &MonthLabels,
    footnote: &str,
) -> Option<(SurvivalFig, String)> {
    let n = first_deal.len();
    if n == 0 {
        return None;
    }
    let observed_max = first_deal.iter().flatten().map(|v| v.ceil() as i64).max();
    let last = last
        .or(observed_max)
        .unwrap_or(first)
        .max(observed_max.unwrap_or(first))
        .max(first);
    let share_no_deal = |t: i64| {
        first_deal
            .iter()
            .filter(|d| d.is_none_or(|r| r > t as f64))
            .count() as f64
            / n as f64
    };
    let mut steps = vec![(first as f64, 1.0)];
    let mut prev = 1.0;
    let mut median_round = None;
    for t in first..=last {
        let s = share_no_deal(t);
        if s != prev {
            steps.push((t as f64, prev));
            steps.push((t as f64, s));
            prev = s;
        }
        if median_round.is_none() && s <= 0.5 {
            median_round = Some(t);
        }
    }
    steps.push((last as f64, prev));
    let end_share = prev;
    let mut legend = vec![LegendItem::line(
        format!("Runs with no deal yet (n = {})", fmt_fixed(n as f64, 0)),
        PALETTE[0].to_rgba(),
        3.0,
        false,
    )];
    if let Some(m) = median_round {
        legend.push(LegendItem::line(
            format!("Half of runs have a deal by {}", months.label(m)),
            PALETTE[3].to_rgba(),
            2.0,
            true,
        ));
    }
    legend.push(LegendItem {
        label: format!(
            "No deal by {}: {:.1}%",
            months.label(last),
            end_share * 100.0
        ),
        swatch: draw::Swatch::Dot(PALETTE[0]),
    });
    let caption = format!(
        "Share of the {n} replicates without a deal, by month (step curve starting at 100%). \
         {}By {}, {:.1}% of runs still have no deal.",
        median_round
            .map(|m| format!(
                "Half of the runs reach a first deal by {}. ",
                months.label(m)
            ))
            .unwrap_or_default(),
        months.label(last),
        end_share * 100.0
    );
    let fig = SurvivalFig {
        frame: Frame {
            title: "Time to first deal: share of runs with no deal yet".to_string(),
            legend,
            footnote: footnote.to_string(),
        },
        steps,
        first,
        last,
        median_round,
        months: months.clone(),
    };
    Some((fig, caption))
}

impl Figure for SurvivalFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (_, h) = area.dim_in_pixel();
        let x = self.months.axis(area, theme, self.first, self.last);
        let mut y = Axis::numeric(
            0.0,
            1.0,
            &ValueFmt::percent(),
            ticks_fitting(h, theme.tick as u32 * 2),
            "Runs with no deal yet (%)",
        );
        y.lo = -0.03;
        y.hi = 1.05;
        let mut chart = cartesian(area, theme, &x, &y)?;
        if let Some(m) = self.median_round {
            draw::vline(
                &mut chart,
                m as f64,
                PALETTE[3].stroke_width(theme.px(2.0)),
                true,
                theme,
            )?;
        }
        let blue = PALETTE[0];
        chart
            .draw_series(LineSeries::new(
                self.steps.iter().copied(),
                blue.stroke_width(theme.px(3.0)),
            ))
            .d()?;
        if let Some(end) = self.steps.last() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    *end,
                    theme.px(5.0),
                    blue.filled(),
                )))
                .d()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::*;

    #[test]
    fn binning_handles_odd_data() {
        let (bars, discrete) = bin(&[3.0]);
        assert!(discrete);
        assert_eq!(bars, vec![(2.6, 3.4, 1.0)]);
        let (bars, _) = bin(&[0.25, 0.25, 0.25]);
        assert_eq!(bars.len(), 1);
        assert_eq!(bars[0].2, 3.0);
        let vals: Vec<f64> = (0..200).map(|i| (i as f64 * 0.37).sin() * 10.0).collect();
        let (bars, _) = bin(&vals);
        assert!(bars.len() >= 6 && bars.len() <= 60, "{}", bars.len());
        assert_eq!(bars.iter().map(|b| b.2).sum::<f64>(), 200.0);
    }

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
