//! Rendering machinery shared by all charts: the page frame (title, legend row, footnote),
//! axes with explicit ticks, heatmaps with colour bars, and rendering to PNG/SVG bytes.

use anyhow::{Result, anyhow};
use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{self, FONT, GRID, INK, MUTED, Theme, ValueFmt};

/// Converts plotters' backend-specific errors into `anyhow` errors.
pub trait OrDraw<T> {
    /// Maps the error into an `anyhow::Error`.
    fn d(self) -> Result<T>;
}

impl<T, E: std::fmt::Debug> OrDraw<T> for std::result::Result<T, E> {
    fn d(self) -> Result<T> {
        self.map_err(|e| anyhow!("drawing failed: {e:?}"))
    }
}

/// Regular text style.
pub fn font(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// Bold text style.
pub fn bold(size: f64) -> TextStyle<'static> {
    (FONT, size, FontStyle::Bold).into_font().color(&INK)
}

/// What a legend entry looks like.
#[derive(Debug, Clone)]
pub enum Swatch {
    /// A line segment.
    Line {
        /// Stroke colour.
        color: RGBAColor,
        /// Stroke width in reference pixels.
        width: f64,
        /// Dashed instead of solid.
        dashed: bool,
    },
    /// A filled box with a darker outline.
    Fill(RGBAColor),
    /// A dot marker.
    Dot(RGBColor),
    /// A point with error bar.
    Interval(RGBColor),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub struct LegendItem {
    /// Text of the entry.
    pub label: String,
    /// Symbol drawn before the text.
    pub swatch: Swatch,
}

impl LegendItem {
    /// A line entry.
    pub fn line(label: impl Into<String>, color: RGBAColor, width: f64, dashed: bool) -> Self {
        LegendItem {
            label: label.into(),
            swatch: Swatch::Line {
                color,
                width,
                dashed,
            },
        }
    }

    /// A filled-box entry.
    pub fn fill(label: impl Into<String>, color: RGBAColor) -> Self {
        LegendItem {
            label: label.into(),
            swatch: Swatch::Fill(color),
        }
    }
}

/// Title, legend and footnote around a chart.
#[derive(Debug, Clone, Default)]
pub struct Frame {
    /// Chart title (drawn bold, shrunk or wrapped to fit).
    pub title: String,
    /// Legend entries (drawn as centred rows under the title).
    pub legend: Vec<LegendItem>,
    /// Provenance footnote (bottom left).
    pub footnote: String,
}

/// A chart that can be drawn on any plotters backend.
pub trait Figure {
    /// The frame (title, legend, footnote).
    fn frame(&self) -> &Frame;
    /// Draws the plot itself into the area left inside the frame.
    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()>;
}

/// Draws `fig` (frame and plot) on `root`.
pub fn draw_figure<DB: DrawingBackend, F: Figure>(
    root: &DrawingArea<DB, Shift>,
    fig: &F,
    theme: &Theme,
) -> Result<()> {
    if !theme.bitmap {
        // Bitmap buffers start white; filling them again is a full extra pass.
        root.fill(&WHITE).d()?;
    }
    let plot = draw_frame(root, fig.frame(), theme)?;
    fig.draw_plot(&plot, theme)
}

/// Renders `fig` to PNG bytes.
pub fn render_png<F: Figure>(fig: &F, width: u32, height: u32) -> Result<Vec<u8>> {
    style::ensure_fonts();
    let theme = Theme {
        bitmap: true,
        ..Theme::new(width, height)
    };
    let mut buf = vec![255u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (width, height)).into_drawing_area();
        draw_figure(&root, fig, &theme)?;
        root.present().d()?;
    }
    encode_png(width, height, &buf)
}

/// Renders `fig` to an SVG document.
pub fn render_svg<F: Figure>(fig: &F, width: u32, height: u32) -> Result<String> {
    style::ensure_fonts();
    let theme = Theme::new(width, height);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        draw_figure(&root, fig, &theme)?;
        root.present().d()?;
    }
    Ok(out)
}

/// Draws `text` with its `anchor` point at `pos` (area coordinates). Bitmap output is drawn
/// glyph by glyph to work around plotters' glyph placement (see `glyphs`).
pub fn label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    text: &str,
    pos: (i32, i32),
    style: &TextStyle,
    anchor: Pos,
) -> Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    if theme.bitmap {
        super::glyphs::draw_glyphs(area, text, pos, style, anchor)
    } else {
        area.draw(&Text::new(text.to_string(), pos, style.pos(anchor)))
            .d()
    }
}

/// Width and height of `text` in pixels.
pub fn text_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
) -> (u32, u32) {
    area.estimate_text_size(text, style).unwrap_or((0, 0))
}

/// Splits `text` into at most two lines at the space nearest its middle.
fn wrap_two(text: &str) -> Vec<String> {
    let mid = text.len() / 2;
    let split = text
        .char_indices()
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| i.abs_diff(mid));
    match split {
        Some(i) => vec![text[..i].to_string(), text[i + 1..].to_string()],
        None => vec![text.to_string()],
    }
}

/// Text size that makes all `texts` fit into `max_w` pixels (never below 70% of `size`).
fn fit_size<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    texts: &[String],
    size: f64,
    max_w: u32,
    bold_face: bool,
) -> Option<f64> {
    let mut s = size;
    while s >= size * 0.7 {
        let st = if bold_face { bold(s) } else { font(s) };
        if texts.iter().all(|t| text_size(area, t, &st).0 <= max_w) {
            return Some(s);
        }
        s -= 1.0;
    }
    None
}

fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    items: &[LegendItem],
    theme: &Theme,
    max_w: u32,
) -> Vec<(Vec<usize>, u32)> {
    let st = font(theme.legend);
    let sw = theme.px(30.0) + theme.px(8.0);
    let gap = theme.px(26.0);
    let mut rows: Vec<(Vec<usize>, u32)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let w = sw + text_size(area, &item.label, &st).0;
        match rows.last_mut() {
            Some((row, rw)) if *rw + gap + w <= max_w => {
                row.push(i);
                *rw += gap + w;
            }
            _ => rows.push((vec![i], w)),
        }
    }
    rows
}

/// Draws a legend swatch centred vertically at `y`, starting at `x`.
pub fn draw_swatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    swatch: &Swatch,
    x: i32,
    y: i32,
    theme: &Theme,
) -> Result<()> {
    let w = theme.px(30.0) as i32;
    let h = theme.px(14.0) as i32;
    match swatch {
        Swatch::Line {
            color,
            width,
            dashed,
        } => {
            let sw = theme.px(*width);
            if *dashed {
                let seg = theme.px(7.0) as i32;
                let mut x0 = x;
                while x0 < x + w {
                    let x1 = (x0 + seg).min(x + w);
                    area.draw(&PathElement::new(
                        vec![(x0, y), (x1, y)],
                        color.stroke_width(sw),
                    ))
                    .d()?;
                    x0 += seg * 2;
                }
            } else {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + w, y)],
                    color.stroke_width(sw),
                ))
                .d()?;
            }
        }
        Swatch::Fill(c) => {
            area.draw(&Rectangle::new(
                [(x, y - h / 2), (x + w, y + h / 2)],
                c.filled(),
            ))
            .d()?;
            let edge = RGBColor(c.0, c.1, c.2).mix(0.9);
            area.draw(&Rectangle::new(
                [(x, y - h / 2), (x + w, y + h / 2)],
                edge.stroke_width(1),
            ))
            .d()?;
        }
        Swatch::Dot(c) => {
            area.draw(&Circle::new((x + w / 2, y), theme.px(5.0), c.filled()))
                .d()?;
        }
        Swatch::Interval(c) => {
            let s = c.stroke_width(theme.px(2.0));
            area.draw(&PathElement::new(vec![(x, y), (x + w, y)], s))
                .d()?;
            for xe in [x, x + w] {
                area.draw(&PathElement::new(vec![(xe, y - h / 2), (xe, y + h / 2)], s))
                    .d()?;
            }
            area.draw(&Circle::new((x + w / 2, y), theme.px(5.0), c.filled()))
                .d()?;
        }
    }
    Ok(())
}

/// Draws title, legend and footnote; returns the area left for the plot.
pub fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    theme: &Theme,
) -> Result<DrawingArea<DB, Shift>> {
    let (w, h) = root.dim_in_pixel();
    let side = theme.px(24.0);
    let max_w = w.saturating_sub(2 * side).max(10);

    // Title: shrink to fit, else wrap onto two lines.
    let mut lines = vec![frame.title.clone()];
    let mut size = fit_size(root, &lines, theme.title, max_w, true);
    if size.is_none() {
        lines = wrap_two(&frame.title);
        size = fit_size(root, &lines, theme.title, max_w, true);
    }
    let tsize = size.unwrap_or(theme.title * 0.7);
    let line_h = (tsize * 1.3).round() as i32;
    let top = theme.px(16.0) as i32;
    for (i, line) in lines.iter().enumerate() {
        label(
            root,
            theme,
            line,
            (w as i32 / 2, top + i as i32 * line_h),
            &bold(tsize),
            Pos::new(HPos::Center, VPos::Top),
        )?;
    }
    let mut y = top + lines.len() as i32 * line_h + theme.px(6.0) as i32;

    // Legend rows.
    if !frame.legend.is_empty() {
        let rows = legend_rows(root, &frame.legend, theme, max_w);
        let row_h = (theme.legend * 1.55).round() as i32;
        let st = font(theme.legend);
        let sw = theme.px(30.0) as i32;
        let pad = theme.px(8.0) as i32;
        let gap = theme.px(26.0) as i32;
        for (row, rw) in rows {
            let cy = y + row_h / 2;
            let mut x = (w as i32 - rw as i32) / 2;
            for i in row {
                let item = &frame.legend[i];
                draw_swatch(root, &item.swatch, x, cy, theme)?;
                x += sw + pad;
                label(
                    root,
                    theme,
                    &item.label,
                    (x, cy),
                    &st,
                    Pos::new(HPos::Left, VPos::Center),
                )?;
                x += text_size(root, &item.label, &font(theme.legend)).0 as i32 + gap;
            }
            y += row_h;
        }
        y += theme.px(4.0) as i32;
    }

    // Footnote.
    let foot_h = if frame.footnote.is_empty() {
        theme.px(10.0) as i32
    } else {
        let fs = fit_size(
            root,
            std::slice::from_ref(&frame.footnote),
            theme.foot,
            max_w,
            false,
        )
        .unwrap_or(theme.foot * 0.7);
        let fh = (fs * 1.9).round() as i32;
        label(
            root,
            theme,
            &frame.footnote,
            (side as i32, h as i32 - fh / 2),
            &font(fs).color(&MUTED),
            Pos::new(HPos::Left, VPos::Center),
        )?;
        fh
    };
    let bottom = (h as i32 - foot_h).max(y + 1);
    Ok(root.clone().shrink((0, y), (w, (bottom - y) as u32)))
}

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
        let (lo, hi) = safe_range(lo, hi);
        let (ticks, step) = style::nice_ticks(lo, hi, max_ticks);
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

    /// A numeric axis with integer ticks only (counts, rounds).
    pub fn integer(lo: f64, hi: f64, fmt: &ValueFmt, max_ticks: usize, desc: &str) -> Axis {
        let (lo, hi) = safe_range(lo, hi);
        let (ticks, step) = style::int_ticks(lo, hi, max_ticks);
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
                super::data::month_of(&month(first + o))
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
    let desc_font = font(theme.axis);
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
    let x_desc = truncate_to(
        area,
        vec![x.desc.clone()],
        (right_px - left).max(10) as u32,
        theme.axis,
    )
    .pop()
    .unwrap_or_default();
    let y_desc = truncate_to(
        area,
        vec![y.desc.clone()],
        (bottom - top).max(10) as u32,
        theme.axis,
    )
    .pop()
    .unwrap_or_default();
    let x_desc_pos = ((left + right_px) / 2, bottom + x_area as i32);
    label(
        area,
        theme,
        &x_desc,
        x_desc_pos,
        &desc_font,
        Pos::new(HPos::Center, VPos::Bottom),
    )?;
    let y_desc_pos = (left - y_area as i32, (top + bottom) / 2);
    let rotated = desc_font.transform(FontTransform::Rotate270);
    label(
        area,
        theme,
        &y_desc,
        y_desc_pos,
        &rotated,
        Pos::new(HPos::Center, VPos::Top),
    )?;
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

/// Truncates labels with an ellipsis so that each is at most `max_w` pixels wide.
pub fn truncate_to<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: Vec<String>,
    max_w: u32,
    size: f64,
) -> Vec<String> {
    let st = font(size);
    labels
        .into_iter()
        .map(|l| {
            if text_size(area, &l, &st).0 <= max_w {
                return l;
            }
            let chars: Vec<char> = l.chars().collect();
            let mut n = chars.len();
            while n > 1 {
                n -= 1;
                let cand: String = chars[..n].iter().collect::<String>() + "…";
                if text_size(area, &cand, &st).0 <= max_w {
                    return cand;
                }
            }
            "…".to_string()
        })
        .collect()
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
    let desc_font = font(theme.axis).transform(FontTransform::Rotate90);
    let max_len = (bottom - top).max(10) as u32;
    let desc = truncate_to(area, vec![desc.to_string()], max_len, theme.axis)
        .pop()
        .unwrap_or_default();
    label(
        area,
        theme,
        &desc,
        (desc_x + (theme.axis * 1.2) as i32, (top + bottom) / 2),
        &desc_font,
        Pos::new(HPos::Center, VPos::Top),
    )
}

/// Encodes an RGB8 buffer as PNG in memory (the `png` crate; deterministic bytes).
fn encode_png(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, width, height);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Best);
    let mut w = enc.write_header()?;
    w.write_image_data(rgb)?;
    w.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_axis_is_calendar_aligned() {
        let month = |r: i64| super::super::data::add_months("2025-10", r).unwrap();
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
