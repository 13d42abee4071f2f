//! One chart on disk: [`Chart`] (its files, title and caption for the report) and [`emit`],
//! which renders a figure in every requested format into `charts/`; [`slug`] makes file
//! names from metric and parameter names.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::diagnostics::warn;
use super::draw::{Figure, render_png, render_svg};
use crate::config::{ChartFormat, ChartOptions};
use crate::foundation::io::write_atomic;

/// One chart written to disk (in one or more formats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// File name without extension, e.g. `hist_us_tariff_final`.
    pub file_stem: String,
    /// Title drawn on the chart.
    pub title: String,
    /// One or two sentences saying what the chart shows (used in reports).
    pub caption: String,
    /// Written files, relative to the output directory, e.g. `charts/hist_x.png`.
    pub files: Vec<PathBuf>,
}

/// Turns a metric or parameter name into a safe file-name fragment.
pub fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "chart".to_string() } else { s }
}

/// Renders `fig` in every requested format into `out_dir/charts/<stem>.<ext>`.
///
/// Drawing problems (including panics inside plotters on odd data) are logged and the chart
/// is skipped (`Ok(None)`); I/O errors are returned.
pub fn emit<F: Figure>(
    out_dir: &Path,
    opts: &ChartOptions,
    stem: &str,
    caption: String,
    fig: &F,
) -> Result<Option<Chart>> {
    let opts = sanitized(opts);
    if opts.formats.is_empty() {
        return Ok(None);
    }
    let charts_dir = out_dir.join("charts");
    std::fs::create_dir_all(&charts_dir)
        .with_context(|| format!("creating {}", charts_dir.display()))?;
    let (w, h) = (opts.width_px, opts.height_px);
    let mut rendered = Vec::new();
    for format in &opts.formats {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match format {
            ChartFormat::Png => render_png(fig, w, h),
            ChartFormat::Svg => render_svg(fig, w, h).map(String::into_bytes),
        }));
        match result {
            Ok(Ok(bytes)) => rendered.push((*format, bytes)),
            Ok(Err(e)) => {
                warn(&format!("chart {stem} skipped: {e:#}"));
                return Ok(None);
            }
            Err(_) => {
                warn(&format!(
                    "chart {stem} skipped: the plotting library panicked"
                ));
                return Ok(None);
            }
        }
    }
    let mut files = Vec::new();
    for (format, bytes) in rendered {
        let rel = PathBuf::from("charts").join(format!("{stem}.{}", format.extension()));
        let path = out_dir.join(&rel);
        write_atomic(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        files.push(rel);
    }
    Ok(Some(Chart {
        file_stem: stem.to_string(),
        title: fig.frame().title.clone(),
        caption,
        files,
    }))
}

/// `opts` with sizes clamped to 100..=8000 px and each format listed once.
fn sanitized(opts: &ChartOptions) -> ChartOptions {
    let mut o = opts.clone();
    o.width_px = o.width_px.clamp(100, 8000);
    o.height_px = o.height_px.clamp(100, 8000);
    let mut seen = Vec::new();
    o.formats.retain(|f| {
        let new = !seen.contains(f);
        seen.push(*f);
        new
    });
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("us.threat.extra_tariff"), "us_threat_extra_tariff");
        assert_eq!(slug(""), "chart");
    }
}
