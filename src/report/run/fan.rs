//! Fan charts of a monthly metric (`rounds.csv`): median, 25–75% and 5–95% bands and sample
//! paths from `trajectories.csv`.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::months::MonthLabels;
use crate::report::data::{self, MetricInfo, RoundStat};
use crate::report::draw::{Axis, Figure, Frame, LegendItem, OrDraw, cartesian, draw_line};
use crate::report::style::{MUTED, PALETTE, Theme, ValueFmt};

/// A fan chart of one round metric.
#[derive(Debug, Clone)]
pub(crate) struct FanFig {
    frame: Frame,
    rows: Vec<RoundStat>,
    paths: Vec<Vec<(i64, f64)>>,
    months: MonthLabels,
    fmt: ValueFmt,
    y_desc: String,
    /// Observed values by round, drawn over the fan (see `run::observed`); empty otherwise.
    observed: Vec<(i64, f64)>,
    /// A 0/1 metric drawn as the share of runs (0..1) with its 95% interval.
    share: bool,
}

impl FanFig {
    /// This fan with an observed series (`(round, value)`) drawn over it, named `label` in the
    /// legend.
    pub(crate) fn with_observed(mut self, points: Vec<(i64, f64)>, label: String) -> Self {
        self.frame
            .legend
            .push(LegendItem::line(label, PALETTE[1].to_rgba(), 2.5, true));
        self.observed = points;
        self
    }
    /// This fan with its light band named `label` in the legend (default "5–95% of
    /// replicates"), for a band pooled over something else, such as posterior particles.
    pub(crate) fn with_band_label(mut self, label: &str) -> Self {
        if let Some(item) = self.frame.legend.first_mut() {
            item.label = label.into();
        }
        self
    }
}

/// The 95% Wilson score interval of a share `p` of `n` runs (stays within [0, 1]).
pub(crate) fn wilson(p: f64, n: u64) -> (f64, f64) {
    let p = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
    if n == 0 {
        return (p, p);
    }
    let n = n as f64;
    let z = 1.959_963_984_540_054_f64;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).max(0.0).sqrt() / denom;
    // Rounding can put an end a hair inside the share at 0 or 1: the interval holds `p`.
    ((centre - half).clamp(0.0, p), (centre + half).clamp(p, 1.0))
}

/// The share chart of a 0/1 metric: each round's mean (the share of runs) with its 95%
/// Wilson interval over `n` runs, in the slots of the median and the 5–95% band.
fn share_rows(rows: &[RoundStat], n: u64) -> Vec<RoundStat> {
    rows.iter()
        .map(|r| {
            let (lo, hi) = match r.mean {
                Some(p) => {
                    let (lo, hi) = wilson(p.clamp(0.0, 1.0), n);
                    (Some(lo), Some(hi))
                }
                None => (None, None),
            };
            RoundStat {
                round: r.round,
                q: [lo, None, r.mean, None, hi],
                mean: r.mean,
            }
        })
        .collect()
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

/// The fan chart of one monthly metric (quantile `rows`, sample `paths`), and its caption;
/// `None` when there are no quantiles. A 0/1 metric (e.g. `deal_active`) is drawn as the
/// share of the `replicates` runs instead, with its 95% interval: its quantiles jump
/// between 0 and 1.
pub fn fan(
    info: &MetricInfo,
    rows: &[RoundStat],
    paths: Vec<Vec<(i64, f64)>>,
    months: &MonthLabels,
    footnote: &str,
    replicates: Option<u64>,
) -> Option<(FanFig, String)> {
    if rows.iter().all(|r| r.q.iter().all(Option::is_none)) {
        return None;
    }
    if data::is_indicator(info)
        && let Some(n) = replicates
        && rows.iter().any(|r| r.mean.is_some())
    {
        return Some(share_fan(info, rows, n, months, footnote));
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
        observed: Vec::new(),
        share: false,
    };
    Some((fig, caption))
}

fn share_fan(
    info: &MetricInfo,
    rows: &[RoundStat],
    n: u64,
    months: &MonthLabels,
    footnote: &str,
) -> (FanFig, String) {
    let blue = PALETTE[0];
    let first = rows.first().map(|r| r.round).unwrap_or(0);
    let last = rows.last().map(|r| r.round).unwrap_or(0);
    let caption = format!(
        "{} by month, {} to {}: the share of the {n} runs (line) with its 95% interval \
         (Wilson score interval, shaded); a run counts 1 in a month when the condition holds \
         at the end of that month.",
        info.label,
        months.label(first),
        months.label(last),
    );
    let fig = FanFig {
        frame: Frame {
            title: format!("{} over time", info.label),
            legend: vec![
                LegendItem::fill("95% interval of the share", blue.mix(0.18)),
                LegendItem::line("Share of runs", blue.to_rgba(), 3.0, false),
            ],
            footnote: footnote.to_string(),
        },
        rows: share_rows(rows, n),
        paths: Vec::new(),
        months: months.clone(),
        fmt: ValueFmt::percent(),
        y_desc: format!("{} (% of runs)", info.label),
        observed: Vec::new(),
        share: true,
    };
    (fig, caption)
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
        let first = self.rows.first().map(|r| r.round).unwrap_or(0);
        let last = self.rows.last().map(|r| r.round).unwrap_or(0);
        let values = self
            .rows
            .iter()
            .flat_map(|r| r.q.iter().flatten().copied())
            .chain(self.paths.iter().flatten().map(|p| p.1))
            .chain(self.observed.iter().map(|p| p.1));
        let y = if self.share {
            drop(values);
            Axis::y_share(area, theme, (-0.03, 1.05), &self.y_desc)
        } else {
            Axis::y_values(area, theme, values, 0.05, &self.fmt, &self.y_desc)
        };
        let x = self.months.axis(area, theme, first, last);
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
        draw_line(&mut chart, &median, blue, theme)?;
        if !self.observed.is_empty() {
            let orange = PALETTE[1];
            let pts: Vec<(f64, f64)> = self.observed.iter().map(|(r, v)| (*r as f64, *v)).collect();
            chart
                .draw_series(DashedLineSeries::new(
                    pts.iter().copied(),
                    theme.px(8.0),
                    theme.px(5.0),
                    orange.stroke_width(theme.px(2.5)),
                ))
                .d()?;
            chart
                .draw_series(
                    pts.iter()
                        .map(|p| Circle::new(*p, theme.px(3.5), orange.filled())),
                )
                .d()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_runs_keep_their_intervals_within_zero_and_one() {
        for (p, n) in [(0.0, 10), (1.0, 10), (0.5, 1000), (0.02, 50)] {
            let (lo, hi) = wilson(p, n);
            assert!(
                (0.0..=p).contains(&lo) && (p..=1.0).contains(&hi),
                "{p} {n}: {lo} {hi}"
            );
        }
        let (lo, hi) = wilson(0.5, 1000);
        assert!((lo - 0.469).abs() < 1e-3 && (hi - 0.531).abs() < 1e-3);
        let rows = [RoundStat {
            round: 0,
            q: [Some(0.0), Some(0.0), Some(1.0), Some(1.0), Some(1.0)],
            mean: Some(0.6),
        }];
        let s = share_rows(&rows, 100);
        assert_eq!(s[0].q[2], Some(0.6));
        assert!(s[0].q[0].unwrap() > 0.4 && s[0].q[4].unwrap() < 0.7);
    }
}
