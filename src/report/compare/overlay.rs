//! Overlays of the compared scenarios: each outcome's distribution (shares of replicates per
//! bin or value) and each monthly metric's fan chart (median and 5–95% band).

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::scenarios::Scenario;
use crate::report::data::{self, MetricInfo, RoundStat};
use crate::report::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, cartesian, pad_range, y_tick_count,
};
use crate::report::run::fan::band;
use crate::report::run::histogram::bin;
use crate::report::run::months::MonthLabels;
use crate::report::style::{Theme, ValueFmt, series_color};

/// Overlaid distributions of one outcome metric.
pub struct OverlayHist {
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

/// The overlaid distribution of one outcome (`per`: palette index and values per scenario)
/// and its caption.
pub fn overlay_hist(
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
        let max = self
            .shares
            .iter()
            .flat_map(|s| s.1.iter().copied())
            .fold(0.0, f64::max);
        let mut y = Axis::numeric(
            0.0,
            (max * 1.08).max(0.01),
            &ValueFmt::percent(),
            y_tick_count(area, theme),
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
pub struct OverlayFan {
    /// Title, legend, footnote.
    pub frame: Frame,
    /// Per scenario: palette index and the monthly quantiles.
    pub series: Vec<(usize, Vec<RoundStat>)>,
    /// Month labels of the rounds.
    pub months: MonthLabels,
    /// Formatting of the values.
    pub fmt: ValueFmt,
    /// y axis description.
    pub y_desc: String,
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
        let rounds = self.series.iter().flat_map(|s| s.1.iter().map(|r| r.round));
        let first = rounds.clone().min().unwrap_or(0);
        let last = rounds.max().unwrap_or(0);
        let vals = self.series.iter().flat_map(|s| {
            s.1.iter()
                .flat_map(|r| [r.q[0], r.q[2], r.q[4]].into_iter().flatten())
        });
        let y = Axis::y_values(area, theme, vals, 0.05, &self.fmt, &self.y_desc);
        let x = self.months.axis(area, theme, first, last);
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
