//! The two backends: a [`Figure`] rendered to PNG bytes (plotters' bitmap backend and the
//! `png` encoder) or to an SVG document. Both are deterministic: the same figure gives the
//! same bytes.

use anyhow::Result;
use plotters::prelude::*;

use super::error::OrDraw;
use super::frame::{Figure, draw_figure};
use crate::report::style::{self, Theme};

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
