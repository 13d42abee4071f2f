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

/// Splits `text` into at most two lines at the space nearest its middle (or, in a word
/// without spaces such as a key path, after the `.` or `_` nearest it).
pub fn wrap_two(text: &str) -> Vec<String> {
    let mid = text.len() / 2;
    let nearest = |pred: &dyn Fn(char) -> bool| {
        text.char_indices()
            .filter(|(_, c)| pred(*c))
            .map(|(i, _)| i)
            .min_by_key(|i| i.abs_diff(mid))
    };
    if let Some(i) = nearest(&|c| c == ' ') {
        return vec![text[..i].to_string(), text[i + 1..].to_string()];
    }
    match nearest(&|c| c == '.' || c == '_') {
        Some(i) => vec![text[..=i].to_string(), text[i + 1..].to_string()],
        None => vec![text.to_string()],
    }
}

/// Lines and text size that fit `text` into `room` pixels, so a label is never cut: one
/// line, drawn smaller down to 60% of `size`; else two lines (split near the middle) down to
/// 40%; only if even that is too wide are the two lines shortened with an ellipsis.
pub fn fit_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    room: u32,
    size: f64,
    bold_face: bool,
) -> (Vec<String>, f64) {
    let style = |s: f64| if bold_face { bold(s) } else { font(s) };
    let fits = |lines: &[String], s: f64| {
        lines
            .iter()
            .all(|l| text_size(area, l, &style(s)).0 <= room)
    };
    let one = vec![text.to_string()];
    let mut s = size;
    while s >= size * 0.6 {
        if fits(&one, s) {
            return (one, s);
        }
        s *= 0.95;
    }
    let two = wrap_two(text);
    let mut s = size;
    while s >= size * 0.4 {
        if fits(&two, s) {
            return (two, s);
        }
        s *= 0.95;
    }
    let s = size * 0.4;
    (truncate_to(area, two, room, s), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_wrap_onto_two_lines_before_anything_is_cut() {
        crate::report::style::ensure_fonts();
        let mut buf = vec![0u8; 400 * 100 * 3];
        let area = BitMapBackend::with_buffer(&mut buf, (400, 100)).into_drawing_area();
        assert_eq!(
            wrap_two("negotiation.bundle.soy_commitment_mt_per_year"),
            vec!["negotiation.bundle.soy_", "commitment_mt_per_year"]
        );
        assert_eq!(wrap_two("a b c d"), vec!["a b", "c d"]);
        // Short: one line at full size.
        let (lines, size) = fit_lines(&area, "Deal reached (%)", 300, 16.0, false);
        assert_eq!((lines.len(), size), (1, 16.0));
        // Too long for one line even at 60%: two whole lines that together hold every word.
        let long = "Negotiation bundle: China's soybean purchase commitment per calendar year \
                    after the near-term tonnage (Mt/yr)";
        let w = text_size(&area, long, &font(16.0 * 0.55)).0;
        let (lines, size) = fit_lines(&area, long, w, 16.0, false);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines.join(" "), long);
        assert!(size >= 16.0 * 0.4, "{size}");
        for l in &lines {
            assert!(text_size(&area, l, &font(size)).0 <= w, "{l}");
        }
        // Only a label too long for two lines at 40% is shortened, and then visibly.
        let (lines, _) = fit_lines(&area, &long.repeat(4), w, 16.0, false);
        assert!(lines.iter().all(|l| l.ends_with('…')), "{lines:?}");
    }
}
