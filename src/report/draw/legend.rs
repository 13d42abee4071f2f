//! The legend of a chart: its entries ([`LegendItem`], [`Swatch`]), how they are laid out in
//! centred rows and how each swatch is drawn.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::error::OrDraw;
use super::text::{font, text_size};
use crate::report::style::Theme;

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

/// Lays the legend `items` out in rows at most `max_w` pixels wide: the item indices and the
/// width of each row.
pub fn legend_rows<DB: DrawingBackend>(
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
