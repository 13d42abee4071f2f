//! The page around every chart: the [`Figure`] trait, and the [`Frame`] of title (shrunk or
//! wrapped to fit), legend rows and provenance footnote, leaving the rest for the plot.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::error::OrDraw;
use super::legend::{LegendItem, draw_swatch, legend_rows};
use super::text::{bold, fit_lines, font, label, text_size};
use crate::report::style::{MUTED, Theme};

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

/// Draws title, legend and footnote; returns the area left for the plot.
pub fn draw_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    frame: &Frame,
    theme: &Theme,
) -> Result<DrawingArea<DB, Shift>> {
    let (w, h) = root.dim_in_pixel();
    let side = theme.px(24.0);
    let max_w = w.saturating_sub(2 * side).max(10);

    // Title: shrink to fit, else wrap onto two lines (never cut).
    let (lines, tsize) = fit_lines(root, &frame.title, max_w, theme.title, true);
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
