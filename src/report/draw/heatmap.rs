//! Heatmaps over two categorical axes: the colour scale (sequential, or diverging around
//! zero), annotated cells and the colour bar beside them.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{
    cartesian, data_label, fit_x_categories, fit_y_categories, min_max, plot_width, safe_range,
    ticks_fitting,
};
use super::error::OrDraw;
use super::frame::{Figure, Frame};
use super::text::{fit_lines, font, label, text_size};
use crate::report::style::{self, MUTED, Theme, ValueFmt};

/// Colour scale of a heatmap.
#[derive(Debug, Clone)]
pub struct ColorScale {
    /// Value mapped to the low end.
    pub lo: f64,
    /// Value mapped to the high end.
    pub hi: f64,
    /// Diverging (centred on zero) rather than sequential.
    pub diverging: bool,
}

impl ColorScale {
    /// Chooses a sequential scale, or a diverging one symmetric around 0 when the values
    /// have both signs. Percent scales (shares, probabilities) span at least 0..1 when the data
    /// are inside it.
    pub fn for_values(values: &[f64], fmt: &ValueFmt) -> ColorScale {
        let (lo, hi) = min_max(values.iter().copied()).unwrap_or((0.0, 1.0));
        if lo < 0.0 && hi > 0.0 {
            let m = lo.abs().max(hi.abs());
            return ColorScale {
                lo: -m,
                hi: m,
                diverging: true,
            };
        }
        let (lo, hi) = if fmt.percent && lo >= 0.0 && hi <= 1.0 {
            (0.0, 1.0)
        } else {
            safe_range(lo, hi)
        };
        ColorScale {
            lo,
            hi,
            diverging: false,
        }
    }

    /// Colour of value `v`.
    pub fn color(&self, v: f64) -> RGBColor {
        let t = (v - self.lo) / (self.hi - self.lo);
        if self.diverging {
            style::diverging(t)
        } else {
            style::viridis(t)
        }
    }
}

/// A heatmap over two categorical axes with optional cell annotations and a colour bar.
#[derive(Debug, Clone)]
pub struct Heatmap {
    /// Title, legend, footnote.
    pub frame: Frame,
    /// Column labels (x axis).
    pub x_labels: Vec<String>,
    /// Row labels (y axis, first row at the bottom).
    pub y_labels: Vec<String>,
    /// x axis description.
    pub x_desc: String,
    /// y axis description.
    pub y_desc: String,
    /// Values `[row][col]`; `None` cells are drawn hatched grey.
    pub values: Vec<Vec<Option<f64>>>,
    /// Formatting of the values.
    pub fmt: ValueFmt,
    /// Colour bar description.
    pub bar_desc: String,
    /// Print the value in each cell when it fits.
    pub annotate: bool,
}

impl Figure for Heatmap {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let all: Vec<f64> = self.values.iter().flatten().flatten().copied().collect();
        let scale = ColorScale::for_values(&all, &self.fmt);
        let (w, _) = area.dim_in_pixel();
        let bar_w = theme.px(150.0).min(w / 4);
        let (main, bar) = area.split_horizontally(w - bar_w);
        let y_axis = fit_y_categories(&main, theme, self.y_labels.clone(), &self.y_desc);
        let plot_w = plot_width(&main, theme, &y_axis);
        let x_axis = fit_x_categories(&main, theme, self.x_labels.clone(), &self.x_desc, plot_w);
        let mut chart = cartesian(&main, theme, &x_axis, &y_axis)?;
        let gap = 0.0;
        for (r, row) in self.values.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (x0, x1) = (c as f64 - 0.5 + gap, c as f64 + 0.5 - gap);
                let (y0, y1) = (r as f64 - 0.5 + gap, r as f64 + 0.5 - gap);
                let color = match v {
                    Some(v) => scale.color(*v),
                    None => RGBColor(235, 235, 235),
                };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, y0), (x1, y1)],
                        color.filled(),
                    )))
                    .d()?;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x0, y0), (x1, y1)],
                        WHITE.stroke_width(theme.px(2.0)),
                    )))
                    .d()?;
            }
        }
        if self.annotate {
            let cell_w = chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0;
            let cell_h = chart.backend_coord(&(0.0, 0.0)).1 - chart.backend_coord(&(0.0, 1.0)).1;
            let texts: Vec<String> = self
                .values
                .iter()
                .flatten()
                .map(|v| v.map(|v| self.fmt.value(v)).unwrap_or_else(|| "n/a".into()))
                .collect();
            let mut size = theme.note.max(theme.tick);
            let fits = |s: f64| {
                texts.iter().all(|t| {
                    let (tw, th) = text_size(&main, t, &font(s));
                    (tw as i32) < cell_w - 6 && (th as i32) < cell_h - 2
                })
            };
            while size > theme.note * 0.65 && !fits(size) {
                size -= 1.0;
            }
            if fits(size) {
                for (r, row) in self.values.iter().enumerate() {
                    for (c, v) in row.iter().enumerate() {
                        let bg = v.map(|v| scale.color(v)).unwrap_or(RGBColor(235, 235, 235));
                        let t = v.map(|v| self.fmt.value(v)).unwrap_or_else(|| "n/a".into());
                        let ink = style::text_on(bg);
                        data_label(
                            &main,
                            &chart,
                            theme,
                            &t,
                            (c as f64, r as f64),
                            &font(size).color(&ink),
                            Pos::new(HPos::Center, VPos::Center),
                        )?;
                    }
                }
            }
        }
        let (_, py) = chart.plotting_area().get_pixel_range();
        let base = bar.get_base_pixel();
        let span = Some((py.start - base.1, py.end - base.1));
        draw_colorbar(&bar, theme, &scale, &self.fmt, &self.bar_desc, span)
    }
}

/// Draws a vertical colour bar with tick labels and a description in `area`, spanning the
/// rows `span` (top, bottom) of the area when given.
pub fn draw_colorbar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    scale: &ColorScale,
    fmt: &ValueFmt,
    desc: &str,
    span: Option<(i32, i32)>,
) -> Result<()> {
    let (w, h) = area.dim_in_pixel();
    let tick_font = font(theme.tick);
    let (ticks, step) = style::nice_ticks(scale.lo, scale.hi, ticks_fitting(h, theme.tick as u32));
    let labels: Vec<String> = ticks.iter().map(|t| fmt.tick(*t, step)).collect();
    let label_w = labels
        .iter()
        .map(|l| text_size(area, l, &tick_font).0)
        .max()
        .unwrap_or(0) as i32;
    let bar_w = theme.px(22.0) as i32;
    let left = theme.px(14.0) as i32;
    // Align the bar with the plot (`span`, in area coordinates) when known.
    let (top, bottom) = span.unwrap_or((
        theme.px(12.0) as i32,
        h as i32 - ((theme.tick * 1.2) as i32 + (theme.axis * 1.6) as i32 + theme.px(20.0) as i32),
    ));
    if bottom - top < 20 || (w as i32) < left + bar_w {
        return Ok(());
    }
    let to_y = |v: f64| {
        let t = (v - scale.lo) / (scale.hi - scale.lo);
        bottom - (t * (bottom - top) as f64).round() as i32
    };
    let n = (bottom - top).max(1);
    for i in 0..n {
        let v = scale.lo + (scale.hi - scale.lo) * (i as f64 + 0.5) / n as f64;
        let y = bottom - i - 1;
        area.draw(&Rectangle::new(
            [(left, y), (left + bar_w, y + 1)],
            scale.color(v).filled(),
        ))
        .d()?;
    }
    area.draw(&Rectangle::new(
        [(left, top), (left + bar_w, bottom)],
        MUTED.stroke_width(1),
    ))
    .d()?;
    let tick = theme.px(4.0) as i32;
    for (t, l) in ticks.iter().zip(&labels) {
        let y = to_y(*t);
        area.draw(&PathElement::new(
            vec![(left + bar_w, y), (left + bar_w + tick, y)],
            MUTED.stroke_width(1),
        ))
        .d()?;
        label(
            area,
            theme,
            l,
            (left + bar_w + tick + theme.px(4.0) as i32, y),
            &tick_font,
            Pos::new(HPos::Left, VPos::Center),
        )?;
    }
    let desc_x = left + bar_w + tick + theme.px(10.0) as i32 + label_w;
    let max_len = (bottom - top).max(10) as u32;
    let (lines, size) = fit_lines(area, desc, max_len, theme.axis, false);
    let line_h = (size * 1.15).round() as i32;
    let desc_font = font(size).transform(FontTransform::Rotate90);
    for (i, line) in lines.iter().enumerate() {
        // Rotated a quarter turn clockwise, the first line is the rightmost.
        let right = (lines.len() - 1 - i) as i32 * line_h;
        label(
            area,
            theme,
            line,
            (
                desc_x + (theme.axis * 1.2) as i32 + right,
                (top + bottom) / 2,
            ),
            &desc_font,
            Pos::new(HPos::Center, VPos::Top),
        )?;
    }
    Ok(())
}
