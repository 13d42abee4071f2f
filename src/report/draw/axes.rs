//! Axes with explicit ticks and tick labels: numeric, integer, categorical and month axes,
//! fitted to the space they get, and the cartesian chart built on them (grid, axes, labels),
//! with helpers for data labels (vertical marker lines are in [`super::marks`]).

use anyhow::Result;
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::error::OrDraw;
use super::text::{fit_lines, font, label, text_size, truncate_to};
use crate::report::data::month_of;
use crate::report::style::{self, GRID, MUTED, Theme, ValueFmt};

/// One axis with explicit ticks and tick labels.
#[derive(Debug, Clone)]
pub struct Axis {
    /// Lower end of the range.
    pub lo: f64,
    /// Upper end of the range.
    pub hi: f64,
    /// Tick positions.
    pub ticks: Vec<f64>,
    /// Tick labels (same length as `ticks`).
    pub labels: Vec<String>,
    /// Axis description.
    pub desc: String,
    /// Draw grid lines at the ticks.
    pub grid: bool,
    /// Draw x tick labels vertically (reading upwards), for long category names.
    pub vertical: bool,
}

impl Axis {
    /// A numeric axis over `[lo, hi]` (padded when degenerate) with nice ticks.
    pub fn numeric(lo: f64, hi: f64, fmt: &ValueFmt, max_ticks: usize, desc: &str) -> Axis {
        Axis::ticked(lo, hi, style::nice_ticks, fmt, max_ticks, desc)
    }

    /// A numeric axis with integer ticks only (counts, rounds).
    pub fn integer(lo: f64, hi: f64, fmt: &ValueFmt, max_ticks: usize, desc: &str) -> Axis {
        Axis::ticked(lo, hi, style::int_ticks, fmt, max_ticks, desc)
    }

    /// A numeric axis over `[lo, hi]` (padded when degenerate) with the ticks `ticks` picks
    /// (positions and step).
    fn ticked(
        lo: f64,
        hi: f64,
        ticks: fn(f64, f64, usize) -> (Vec<f64>, f64),
        fmt: &ValueFmt,
        max_ticks: usize,
        desc: &str,
    ) -> Axis {
        let (lo, hi) = safe_range(lo, hi);
        let (ticks, step) = ticks(lo, hi, max_ticks);
        let labels = ticks.iter().map(|t| fmt.tick(*t, step)).collect();
        Axis {
            lo,
            hi,
            ticks,
            labels,
            desc: desc.to_string(),
            grid: true,
            vertical: false,
        }
    }

    /// The value (y) axis of a plot: the range of the finite `values` (0..1 if none), padded by
    /// `pad` of its width on both sides, with as many ticks as fit `area`'s height.
    pub fn y_values<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        values: impl IntoIterator<Item = f64>,
        pad: f64,
        fmt: &ValueFmt,
        desc: &str,
    ) -> Axis {
        let (lo, hi) = min_max(values).unwrap_or((0.0, 1.0));
        let (lo, hi) = pad_range(lo, hi, pad);
        Axis::numeric(lo, hi, fmt, y_tick_count(area, theme), desc)
    }

    /// A y axis of shares in percent, ticked over 0..1 and shown over `[lo, hi]` (a little
    /// beyond 0..1, so lines at 0% and 100% stay visible).
    pub fn y_share<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        (lo, hi): (f64, f64),
        desc: &str,
    ) -> Axis {
        let mut y = Axis::numeric(
            0.0,
            1.0,
            &ValueFmt::percent(),
            y_tick_count(area, theme),
            desc,
        );
        y.lo = lo;
        y.hi = hi;
        y
    }

    /// A categorical axis with one slot per label, centred on 0, 1, 2, …
    pub fn categories(labels: Vec<String>, desc: &str) -> Axis {
        let n = labels.len().max(1);
        Axis {
            lo: -0.5,
            hi: n as f64 - 0.5,
            ticks: (0..labels.len()).map(|i| i as f64).collect(),
            labels,
            desc: desc.to_string(),
            grid: false,
            vertical: false,
        }
    }

    /// A month axis over rounds `first..=last`; labels are chosen at calendar-aligned steps
    /// (1, 2, 3, 6, 12 … months) so that at most `max_labels` appear.
    pub fn months(
        first: i64,
        last: i64,
        month: &dyn Fn(i64) -> String,
        max_labels: usize,
        desc: &str,
    ) -> Axis {
        let last = last.max(first);
        let span = (last - first) as usize + 1;
        let step = [1usize, 3, 6, 12, 24, 36, 60, 120]
            .into_iter()
            .find(|s| span.div_ceil(*s) <= max_labels.max(2))
            .unwrap_or(span.max(1));
        // Align to calendar months where labels are `YYYY-MM` (e.g. quarters at 01/04/07/10).
        let align = step.min(12);
        let offset = (0..step as i64)
            .find(|o| {
                month_of(&month(first + o))
                    .is_some_and(|m| (m as usize).saturating_sub(1).is_multiple_of(align))
            })
            .unwrap_or(0);
        let ticks: Vec<f64> = (first + offset..=last)
            .step_by(step)
            .map(|r| r as f64)
            .collect();
        let labels = ticks.iter().map(|t| month(*t as i64)).collect();
        let pad = 0.02 * (last - first).max(1) as f64;
        Axis {
            lo: first as f64 - pad,
            hi: last as f64 + pad,
            ticks,
            labels,
            desc: desc.to_string(),
            grid: true,
            vertical: false,
        }
    }

    fn coord(&self) -> AxisCoord {
        AxisCoord {
            inner: (self.lo..self.hi).into(),
            ticks: self.ticks.clone(),
        }
    }
}

/// A linear f64 coordinate whose tick positions are given explicitly.
pub struct AxisCoord {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for AxisCoord {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

/// Replaces an empty or non-finite range by a sensible one around its value.
pub fn safe_range(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        _ => (0.0, 1.0),
    };
    if hi - lo > 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        (lo, hi)
    } else {
        let pad = if lo.abs() > 1e-9 { lo.abs() * 0.1 } else { 1.0 };
        (lo - pad, hi + pad)
    }
}

/// Extends `[lo, hi]` by `frac` of its width on both sides.
pub fn pad_range(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    let (lo, hi) = safe_range(lo, hi);
    let d = (hi - lo) * frac;
    (lo - d, hi + d)
}

/// Minimum and maximum of finite values.
pub fn min_max(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((a, b)) => Some((a.min(v), b.max(v))),
        })
}

/// A numeric x axis for `area` with as many nice ticks as fit without crowding: the tick
/// count is reduced until the widest label, with generous spacing, fits its slot. Integer
/// axes (counts, rounds, steps) get integer ticks only.
pub fn fit_x_numeric<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    (lo, hi): (f64, f64),
    fmt: &ValueFmt,
    desc: &str,
    integer: bool,
) -> Axis {
    let (w, _) = area.dim_in_pixel();
    let len = w.saturating_sub(theme.px(150.0)).max(50) as f64;
    let st = font(theme.tick);
    let mut n = 12;
    loop {
        let axis = if integer {
            Axis::integer(lo, hi, fmt, n, desc)
        } else {
            Axis::numeric(lo, hi, fmt, n, desc)
        };
        let widest = axis
            .labels
            .iter()
            .map(|l| text_size(area, l, &st).0)
            .max()
            .unwrap_or(0) as f64;
        let slots = axis.ticks.len().max(1) as f64;
        if n <= 2 || slots * (widest + theme.px(24.0) as f64) <= len {
            return axis;
        }
        n -= 1;
    }
}

/// Maximum number of ticks that fit along `len` pixels for labels about `label_w` wide.
pub fn ticks_fitting(len: u32, label_w: u32) -> usize {
    ((len as f64 / (label_w.max(1) as f64 * 1.5)).floor() as usize).clamp(2, 12)
}

/// Draws `points` as a line 3 px (at theme scale) wide in `color`, and a lone point as a dot
/// (a line through one point shows nothing).
pub fn draw_line<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    points: &[(f64, f64)],
    color: RGBColor,
    theme: &Theme,
) -> Result<()> {
    chart
        .draw_series(LineSeries::new(
            points.iter().copied(),
            color.stroke_width(theme.px(3.0)),
        ))
        .d()?;
    if let [point] = points {
        chart
            .draw_series(std::iter::once(Circle::new(
                *point,
                theme.px(5.0),
                color.filled(),
            )))
            .d()?;
    }
    Ok(())
}

/// How many y ticks fit the height of `area` (labels two tick-label heights apart or more).
pub fn y_tick_count<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme) -> usize {
    let (_, h) = area.dim_in_pixel();
    ticks_fitting(h, theme.tick as u32 * 2)
}

/// The chart type produced by [`cartesian`].
pub type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<AxisCoord, AxisCoord>>;

/// Builds a chart with explicit axes in `area` and draws its grid, axes and tick labels.
/// Label areas are sized from the actual tick labels, so nothing is clipped.
pub fn cartesian<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    theme: &Theme,
    x: &Axis,
    y: &Axis,
) -> Result<Chart2d<'a, DB>> {
    let tick_font = font(theme.tick);
    let tick = theme.px(5.0);
    let gap = tick + theme.px(5.0);
    let y_area = y_area_width(area, theme, y);
    let x_desc_h = if x.desc.is_empty() {
        0
    } else {
        (theme.axis * 1.45) as u32
    };
    let x_label_h = if x.vertical {
        x.labels
            .iter()
            .map(|l| text_size(area, l, &tick_font).0)
            .max()
            .unwrap_or(0)
            + theme.px(4.0)
    } else {
        (theme.tick * 1.2) as u32
    };
    let x_area = x_label_h + x_desc_h + gap + theme.px(4.0);
    // Room on the right for the last x tick label to hang over the plot edge.
    let last_w = if x.vertical {
        0
    } else {
        x.labels
            .last()
            .map(|l| text_size(area, l, &tick_font).0)
            .unwrap_or(0)
    };
    let right = (last_w / 2 + theme.px(8.0)).max(theme.px(24.0));
    let mut chart = ChartBuilder::on(area)
        .margin_top(theme.px(12.0))
        .margin_left(theme.px(16.0))
        .margin_right(right)
        .margin_bottom(theme.px(4.0))
        .x_label_area_size(x_area)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x.coord(), y.coord())
        .d()?;
    let mut mesh = chart.configure_mesh();
    // Grid, axes and tick marks come from plotters; labels are drawn below (see `label`).
    mesh.label_style(font(theme.tick).color(&TRANSPARENT))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(MUTED.stroke_width(1))
        .set_all_tick_mark_size(tick);
    if !x.grid {
        mesh.disable_x_mesh();
    }
    if !y.grid {
        mesh.disable_y_mesh();
    }
    mesh.draw().d()?;

    let base = area.get_base_pixel();
    let (px, py) = chart.plotting_area().get_pixel_range();
    let (left, right_px) = (px.start - base.0, px.end - base.0);
    let (top, bottom) = (py.start - base.1, py.end - base.1);
    for (t, l) in x.ticks.iter().zip(&x.labels) {
        if *t < x.lo || *t > x.hi {
            continue;
        }
        let (cx, _) = chart.backend_coord(&(*t, y.lo));
        let pos = (cx - base.0, bottom + gap as i32);
        if x.vertical {
            let rotated = tick_font.transform(FontTransform::Rotate270);
            label(
                area,
                theme,
                l,
                pos,
                &rotated,
                Pos::new(HPos::Right, VPos::Center),
            )?;
        } else {
            label(
                area,
                theme,
                l,
                pos,
                &tick_font,
                Pos::new(HPos::Center, VPos::Top),
            )?;
        }
    }
    for (t, l) in y.ticks.iter().zip(&y.labels) {
        if *t < y.lo || *t > y.hi {
            continue;
        }
        let (_, cy) = chart.backend_coord(&(x.lo, *t));
        let pos = (left - gap as i32, cy - base.1);
        label(
            area,
            theme,
            l,
            pos,
            &tick_font,
            Pos::new(HPos::Right, VPos::Center),
        )?;
    }
    // An axis description too long for its side is drawn smaller, then on two lines, so a
    // parameter's name and unit stay whole.
    let fitted =
        |desc: &str, room_px: i32| fit_lines(area, desc, room_px.max(10) as u32, theme.axis, false);
    let (x_lines, x_size) = fitted(&x.desc, right_px - left);
    let (y_lines, y_size) = fitted(&y.desc, bottom - top);
    let x_line_h = (x_size * 1.15).round() as i32;
    for (i, line) in x_lines.iter().enumerate() {
        let up = (x_lines.len() - 1 - i) as i32 * x_line_h;
        label(
            area,
            theme,
            line,
            ((left + right_px) / 2, bottom + x_area as i32 - up),
            &font(x_size),
            Pos::new(HPos::Center, VPos::Bottom),
        )?;
    }
    let y_line_h = (y_size * 1.15).round() as i32;
    let rotated = font(y_size).transform(FontTransform::Rotate270);
    for (i, line) in y_lines.iter().enumerate() {
        label(
            area,
            theme,
            line,
            (
                left - y_area as i32 + i as i32 * y_line_h,
                (top + bottom) / 2,
            ),
            &rotated,
            Pos::new(HPos::Center, VPos::Top),
        )?;
    }
    Ok(chart)
}

/// Draws `text` anchored at data coordinates `at` of `chart` (built on `area`).
pub fn data_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart2d<'_, DB>,
    theme: &Theme,
    text: &str,
    at: (f64, f64),
    style: &TextStyle,
    anchor: Pos,
) -> Result<()> {
    let base = area.get_base_pixel();
    let (x, y) = chart.backend_coord(&at);
    label(area, theme, text, (x - base.0, y - base.1), style, anchor)
}

/// A categorical y axis whose labels are truncated to at most a third of the area width.
pub fn fit_y_categories<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    labels: Vec<String>,
    desc: &str,
) -> Axis {
    let (w, _) = area.dim_in_pixel();
    let labels = truncate_to(area, labels, (w / 3).max(theme.px(80.0)), theme.tick);
    Axis::categories(labels, desc)
}

/// A categorical x axis for a plot about `plot_w` pixels wide: labels are drawn horizontally
/// when they fit their slots, otherwise vertically (truncated to a third of the area height),
/// so neighbours never overlap.
pub fn fit_x_categories<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    labels: Vec<String>,
    desc: &str,
    plot_w: u32,
) -> Axis {
    let (_, h) = area.dim_in_pixel();
    let slot = plot_w / labels.len().max(1) as u32;
    let st = font(theme.tick);
    let widest = labels
        .iter()
        .map(|l| text_size(area, l, &st).0)
        .max()
        .unwrap_or(0);
    if widest + theme.px(10.0) <= slot {
        return Axis::categories(labels, desc);
    }
    let line_h = (theme.tick * 1.2) as u32;
    let max_len = if line_h + theme.px(4.0) <= slot {
        (h / 3).max(theme.px(60.0))
    } else {
        // Not even vertical labels fit side by side: keep them as short as possible.
        theme.px(60.0)
    };
    let mut axis = Axis::categories(truncate_to(area, labels, max_len, theme.tick), desc);
    axis.vertical = true;
    axis
}

/// Width of the y label area that [`cartesian`] reserves for `y`.
pub fn y_area_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    y: &Axis,
) -> u32 {
    let tick_font = font(theme.tick);
    let y_label_w = y
        .labels
        .iter()
        .map(|l| text_size(area, l, &tick_font).0)
        .max()
        .unwrap_or(0);
    let desc_h = if y.desc.is_empty() {
        0
    } else {
        (theme.axis * 1.5) as u32
    };
    y_label_w + desc_h + 2 * theme.px(5.0) + theme.px(8.0)
}

/// Approximate plot width that [`cartesian`] leaves in `area` next to the y axis `y`.
pub fn plot_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    y: &Axis,
) -> u32 {
    let (w, _) = area.dim_in_pixel();
    w.saturating_sub(y_area_width(area, theme, y) + theme.px(16.0) + theme.px(40.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_axis_is_calendar_aligned() {
        let month = |r: i64| crate::report::data::add_months("2025-10", r).unwrap();
        let a = Axis::months(0, 24, &month, 8, "Month");
        assert!(a.labels.len() <= 8);
        assert!(
            a.labels
                .iter()
                .all(|l| l.ends_with("-01") || l.ends_with("-07"))
        );
        let a = Axis::months(0, 5, &month, 12, "Month");
        assert_eq!(a.labels.len(), 6);
        let a = Axis::months(3, 3, &month, 12, "Month");
        assert_eq!(a.labels, vec!["2026-01".to_string()]);
    }

    #[test]
    fn safe_ranges() {
        assert_eq!(safe_range(2.0, 2.0), (1.8, 2.2));
        assert_eq!(safe_range(0.0, 0.0), (-1.0, 1.0));
        assert_eq!(safe_range(f64::NAN, f64::NAN), (0.0, 1.0));
        assert_eq!(safe_range(3.0, 1.0), (1.0, 3.0));
    }
}
