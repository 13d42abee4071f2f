//! The two figures of a calibration that the run charts do not have: a weighted histogram
//! of one parameter's posterior (with its prior's range and old default), and a scatter of
//! two parameters' particles.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, cartesian, pad_range, y_tick_count,
};
use crate::report::style::{INK, MUTED, PALETTE, Theme, ValueFmt};

/// A weighted histogram: bars `(low, high, share of weight)` and marker lines.
pub struct MarginalFig {
    /// Title, legend, footnote.
    pub frame: Frame,
    /// Bars over the prior's range.
    pub bars: Vec<(f64, f64, f64)>,
    /// The x range drawn (the prior's support).
    pub range: (f64, f64),
    /// Vertical lines: (x, colour, dashed).
    pub lines: Vec<(f64, RGBColor, bool)>,
    /// The parameter (x axis title).
    pub x_desc: String,
}

/// Bars of `bins` equal widths over `range`, each holding its share of the total weight.
pub fn weighted_bars(
    points: &[(f64, f64)],
    range: (f64, f64),
    bins: usize,
) -> Vec<(f64, f64, f64)> {
    let (lo, hi) = range;
    let width = (hi - lo) / bins.max(1) as f64;
    let mut bars: Vec<(f64, f64, f64)> = (0..bins)
        .map(|i| (lo + i as f64 * width, lo + (i + 1) as f64 * width, 0.0))
        .collect();
    let total: f64 = points.iter().map(|p| p.1).sum();
    if total <= 0.0 || width <= 0.0 {
        return bars;
    }
    for (x, w) in points {
        let i = (((x - lo) / width).floor().max(0.0) as usize).min(bins - 1);
        bars[i].2 += w / total;
    }
    bars
}

impl Figure for MarginalFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let top = self.bars.iter().map(|b| b.2).fold(0.0, f64::max).max(0.01) * 1.1;
        let y = Axis::numeric(
            0.0,
            top,
            &ValueFmt::plain(""),
            y_tick_count(area, theme),
            "Share of posterior weight",
        );
        let fmt = ValueFmt::plain("");
        let x = draw::fit_x_numeric(area, theme, self.range, &fmt, &self.x_desc, false);
        let mut chart = cartesian(area, theme, &x, &y)?;
        draw::bars(&mut chart, &self.bars)?;
        draw::vlines(&mut chart, &self.lines, theme)?;
        Ok(())
    }
}

/// Particles of two parameters, each dot's area growing with its weight.
pub struct PairFig {
    /// Title, legend, footnote.
    pub frame: Frame,
    /// `(x, y, weight)`.
    pub points: Vec<(f64, f64, f64)>,
    /// The prior ranges (x, y).
    pub ranges: ((f64, f64), (f64, f64)),
    /// Axis titles (x, y).
    pub desc: (String, String),
    /// The old defaults, where known: drawn as a cross.
    pub default: Option<(f64, f64)>,
}

impl Figure for PairFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let fmt = ValueFmt::plain("");
        let (rx, ry) = self.ranges;
        let x = draw::fit_x_numeric(area, theme, rx, &fmt, &self.desc.0, false);
        let (ylo, yhi) = pad_range(ry.0, ry.1, 0.0);
        let y = Axis::numeric(ylo, yhi, &fmt, y_tick_count(area, theme), &self.desc.1);
        let mut chart = cartesian(area, theme, &x, &y)?;
        let mean_w = self.points.iter().map(|p| p.2).sum::<f64>() / self.points.len().max(1) as f64;
        chart
            .draw_series(self.points.iter().map(|(a, b, w)| {
                let r = theme.px(4.0) as f64
                    * (w / mean_w.max(f64::MIN_POSITIVE)).sqrt().clamp(0.5, 2.5);
                Circle::new((*a, *b), r.round() as i32, PALETTE[0].mix(0.55).filled())
            }))
            .d()?;
        if let Some((a, b)) = self.default {
            chart
                .draw_series(std::iter::once(Cross::new(
                    (a, b),
                    theme.px(9.0),
                    INK.stroke_width(theme.px(3.0)),
                )))
                .d()?;
        }
        Ok(())
    }
}

/// The legend of a marginal: posterior bars, median line, default line.
pub fn marginal_legend(median: &str, default: Option<&str>) -> Vec<LegendItem> {
    let mut legend = vec![
        LegendItem::fill(
            "Posterior (last generation, weighted)",
            PALETTE[0].mix(0.75),
        ),
        LegendItem::line(
            format!("Median: {median}"),
            PALETTE[3].to_rgba(),
            3.0,
            false,
        ),
        LegendItem::line("5% / 95%", MUTED.to_rgba(), 2.0, true),
    ];
    if let Some(d) = default {
        legend.push(LegendItem::line(
            format!("Old default: {d}"),
            INK.to_rgba(),
            2.0,
            true,
        ));
    }
    legend
}
