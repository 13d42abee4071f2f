//! One swept parameter: a metric's mean against the parameter, with the 5–95% band and
//! ±1.96·se error bars (categories when the parameter is not numeric).

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::points::{level_label, levels};
use crate::report::data::{self, MetricInfo, Table, parse_f64};
use crate::report::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, Swatch, cartesian, min_max, pad_range,
};
use crate::report::style::{PALETTE, Theme, ValueFmt};

/// One design point of a one-parameter sweep: (x, mean, p05, p95, se).
pub type SweepRow = (f64, f64, Option<f64>, Option<f64>, Option<f64>);

/// Metric mean against one parameter, with the 5–95% band and ±1.96·se error bars.
pub struct LineFig {
    frame: Frame,
    /// Sorted by x.
    rows: Vec<SweepRow>,
    /// Category labels when the parameter is not numeric.
    categories: Option<Vec<String>>,
    x_desc: String,
    y_desc: String,
    fmt: ValueFmt,
    /// A 0/1 metric: its mean is a share of runs, drawn on [0, 1] with intervals kept there.
    share: bool,
}

/// The line chart of one metric against `param`, and its caption; `None` when the metric
/// has no values.
pub fn line_chart(
    points: &Table,
    param: &str,
    info: &MetricInfo,
    col: impl Fn(&str) -> Option<usize>,
    footnote: &str,
    label: &dyn Fn(&str) -> String,
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
    let share = data::is_indicator(info);
    if share {
        // The 5–95% range of a 0/1 outcome is 0 or 1: only the share and its interval mean
        // anything.
        for r in &mut rows {
            r.2 = None;
            r.3 = None;
        }
    }
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
            title: format!("{} vs {}", info.label, label(param)),
            legend,
            footnote: footnote.to_string(),
        },
        rows,
        categories: (!numeric).then(|| cats.iter().map(|c| level_label(c)).collect()),
        x_desc: label(param),
        y_desc: if share {
            format!("{}: share of runs (%)", info.label)
        } else {
            fmt.axis_label(&info.label)
        },
        fmt,
        share,
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
        let ys = self.rows.iter().flat_map(|r| {
            let se = r.4.unwrap_or(0.0) * 1.96;
            [Some(r.1 - se), Some(r.1 + se), r.2, r.3]
                .into_iter()
                .flatten()
        });
        let y = if self.share {
            drop(ys);
            Axis::y_share(area, theme, (-0.03, 1.05), &self.y_desc)
        } else {
            Axis::y_values(area, theme, ys, 0.06, &self.fmt, &self.y_desc)
        };
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
                let (lo, hi) = (r.1 - 1.96 * se, r.1 + 1.96 * se);
                let (lo, hi) = if self.share {
                    (lo.max(0.0), hi.min(1.0))
                } else {
                    (lo, hi)
                };
                draw_vbar(
                    &mut chart,
                    r.0,
                    lo,
                    hi,
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
