//! Sampled designs (Latin hypercube, Sobol) of several parameters: panels of a metric's mean
//! against each parameter.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::data::{self, MetricInfo, Table, parse_f64};
use crate::report::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, Swatch, cartesian, min_max, pad_range,
    y_tick_count,
};
use crate::report::style::{PALETTE, Theme, ValueFmt};

/// Panels of metric mean against each parameter (sampled designs).
pub struct ScatterFig {
    frame: Frame,
    /// Per parameter: name and (x, mean) points.
    panels: Vec<(String, Vec<(f64, f64)>)>,
    y_desc: String,
    fmt: ValueFmt,
}

/// Scatter panels of one metric against each of `params`, and the caption; `None` when the
/// metric has no values.
pub fn scatter(
    points: &Table,
    params: &[String],
    info: &MetricInfo,
    col: impl Fn(&str) -> Option<usize>,
    footnote: &str,
    label: &dyn Fn(&str) -> String,
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
            (!pts.is_empty()).then(|| (label(p), pts))
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
            let (xlo, xhi) = min_max(pts.iter().map(|p| p.0)).unwrap_or((0.0, 1.0));
            let (xlo, xhi) = pad_range(xlo, xhi, 0.05);
            let x =
                draw::fit_x_numeric(cell, theme, (xlo, xhi), &ValueFmt::plain(""), param, false);
            let y_desc = if i % cols == 0 {
                self.y_desc.as_str()
            } else {
                ""
            };
            let y = Axis::numeric(ylo, yhi, &self.fmt, y_tick_count(cell, theme), y_desc);
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
