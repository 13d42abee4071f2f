//! Text on a chart: the fonts, measuring, truncating and placing labels. Bitmap output goes
//! through [`super::glyphs`] for correct glyph placement; SVG text is drawn by plotters.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::Pos;

use super::error::OrDraw;
use super::glyphs::draw_glyphs;
use crate::report::style::{FONT, INK, Theme};

/// Regular text style.
pub fn font(size: f64) -> TextStyle<'static> {
    (FONT, size).into_font().color(&INK)
}

/// Bold text style.
pub fn bold(size: f64) -> TextStyle<'static> {
    (FONT, size, FontStyle::Bold).into_font().color(&INK)
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
        draw_glyphs(area, text, pos, style, anchor)
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
