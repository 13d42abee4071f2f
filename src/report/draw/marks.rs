//! Marks on a cartesian chart ([`super::axes::Chart2d`]): histogram bars, and vertical
//! lines for a reference value, a figure's own value or an observation.

use anyhow::Result;
use plotters::prelude::*;

use super::axes::Chart2d;
use super::error::OrDraw;
use crate::report::style::{PALETTE, Theme};

/// A straight vertical line across the plot at `x`.
pub fn vline<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    x: f64,
    style: ShapeStyle,
    dashed: bool,
    theme: &Theme,
) -> Result<()> {
    let y = chart.y_range();
    let pts = vec![(x, y.start), (x, y.end)];
    if dashed {
        chart
            .draw_series(DashedLineSeries::new(
                pts,
                theme.px(8.0),
                theme.px(5.0),
                style,
            ))
            .d()?;
    } else {
        chart.draw_series(LineSeries::new(pts, style)).d()?;
    }
    Ok(())
}

/// Vertical reference lines across the plot, each `(x, colour, dashed)`: dashed ones 2 px
/// wide (a reference), solid ones 3 px (the figure's own value).
pub fn vlines<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    lines: &[(f64, RGBColor, bool)],
    theme: &Theme,
) -> Result<()> {
    for (x, color, dashed) in lines {
        let width = if *dashed { 2.0 } else { 3.0 };
        vline(
            chart,
            *x,
            color.stroke_width(theme.px(width)),
            *dashed,
            theme,
        )?;
    }
    Ok(())
}

/// Histogram bars `(x_low, x_high, height)` filled in the first series colour; empty bars are
/// not drawn.
pub fn bars<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    bars: &[(f64, f64, f64)],
) -> Result<()> {
    let fill = PALETTE[0].mix(0.75);
    chart
        .draw_series(
            bars.iter()
                .filter(|b| b.2 > 0.0)
                .map(|b| Rectangle::new([(b.0, 0.0), (b.1, b.2)], fill.filled())),
        )
        .d()?;
    Ok(())
}
