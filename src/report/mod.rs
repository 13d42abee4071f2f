//! Publication-quality charts and reports from `tradewar` output directories.
//!
//! Charts are rendered with plotters into memory (PNG via a small built-in encoder, SVG as a
//! string) and written with [`crate::foundation::io::write_atomic`]. Text uses the DejaVu Sans font
//! embedded via the `dejavu` crate, so no system fonts are needed. Everything is
//! deterministic: drawing the same directory twice yields byte-identical files.
//!
//! Entry points: [`plot_dir`] (dispatch on the manifest's `command`), [`draw_run_charts`],
//! [`draw_sweep_charts`], [`draw_tournament_charts`], [`compare()`] and [`write_report`].

mod compare;
mod data;
mod document;
mod draw;
mod glyphs;
mod run;
mod style;
mod sweep;
mod tournament;

#[cfg(test)]
mod testutil;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

pub use compare::compare;
pub use document::write_report;
pub use run::draw_run_charts;
pub use sweep::draw_sweep_charts;
pub use tournament::draw_tournament_charts;

use draw::Figure;

use crate::config::{ChartFormat, ChartOptions};

/// Reads `config.charts` from a parsed manifest (see [`ChartOptions`]).
pub fn chart_options_from_manifest(manifest: &Value) -> ChartOptions {
    ChartOptions::from_manifest(manifest)
}

impl ChartOptions {
    /// Reads `config.charts` from a parsed manifest (or a bare config with a `charts` table),
    /// falling back to the defaults field by field. Invalid values are ignored with a warning;
    /// sizes are clamped to 200..=8000 px; an empty `formats` list means both formats.
    pub fn from_manifest(manifest: &Value) -> ChartOptions {
        let mut opts = ChartOptions::default();
        let charts = manifest
            .get("config")
            .and_then(|c| c.get("charts"))
            .or_else(|| manifest.get("charts"));
        let Some(charts) = charts.filter(|c| c.is_object()) else {
            return opts;
        };
        let size = |key: &str| {
            charts
                .get(key)
                .and_then(Value::as_f64)
                .filter(|v| v.is_finite())
                .map(|v| v.round().clamp(200.0, 8000.0) as u32)
        };
        if let Some(w) = size("width_px") {
            opts.width_px = w;
        }
        if let Some(h) = size("height_px") {
            opts.height_px = h;
        }
        if let Some(Value::Array(items)) = charts.get("formats") {
            let mut formats: Vec<ChartFormat> = Vec::new();
            for item in items {
                match item.as_str().and_then(ChartFormat::parse) {
                    Some(f) if !formats.contains(&f) => formats.push(f),
                    Some(_) => {}
                    None => warn(&format!("unknown chart format {item}; ignored")),
                }
            }
            if !formats.is_empty() {
                opts.formats = formats;
            }
        }
        if let Some(Value::Array(items)) = charts.get("metrics") {
            opts.metrics = items
                .iter()
                .filter_map(|m| m.as_str().map(str::to_string))
                .collect();
        }
        opts
    }

    /// Whether `metric` is selected (always true when no metrics are listed).
    pub fn wants(&self, metric: &str) -> bool {
        self.metrics.is_empty() || self.metrics.iter().any(|m| m == metric)
    }

    fn sanitized(&self) -> ChartOptions {
        let mut o = self.clone();
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
}

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

/// Reads `dir/manifest.json`, draws the charts for its `command` (run, sweep or tournament)
/// into `dir/charts/` and writes `dir/report.md` and `dir/report.html`.
///
/// Options come from `opts_override` or else from the manifest's `config.charts`.
pub fn plot_dir(dir: &Path, opts_override: Option<&ChartOptions>) -> Result<Vec<Chart>> {
    let path = dir.join("manifest.json");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let manifest: Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let opts = match opts_override {
        Some(o) => o.clone(),
        None => ChartOptions::from_manifest(&manifest),
    };
    let command = manifest
        .get("command")
        .and_then(Value::as_str)
        .unwrap_or("");
    let charts = match command {
        "run" => draw_run_charts(dir, &opts)?,
        "sweep" => draw_sweep_charts(dir, &opts)?,
        "tournament" => draw_tournament_charts(dir, &opts)?,
        other => bail!(
            "{}: unknown command {other:?} (expected run, sweep or tournament)",
            path.display()
        ),
    };
    write_report(dir, &charts)?;
    Ok(charts)
}

/// Logs a non-fatal problem (odd or missing data) to standard error.
pub(crate) fn warn(msg: &str) {
    eprintln!("tradewar: warning: {msg}");
}

/// Turns a metric or parameter name into a safe file-name fragment.
pub(crate) fn slug(name: &str) -> String {
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
pub(crate) fn emit<F: Figure>(
    out_dir: &Path,
    opts: &ChartOptions,
    stem: &str,
    caption: String,
    fig: &F,
) -> Result<Option<Chart>> {
    let opts = opts.sanitized();
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
            ChartFormat::Png => draw::render_png(fig, w, h),
            ChartFormat::Svg => draw::render_svg(fig, w, h).map(String::into_bytes),
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
        crate::foundation::io::write_atomic(&path, &bytes)
            .with_context(|| format!("writing {}", path.display()))?;
        files.push(rel);
    }
    Ok(Some(Chart {
        file_stem: stem.to_string(),
        title: fig.frame().title.clone(),
        caption,
        files,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_from_manifest() {
        let v = serde_json::json!({"config": {"charts": {
            "width_px": 640, "height_px": 480, "formats": ["SVG", "gif"], "metrics": ["a"]}}});
        let o = ChartOptions::from_manifest(&v);
        assert_eq!((o.width_px, o.height_px), (640, 480));
        assert_eq!(o.formats, vec![ChartFormat::Svg]);
        assert!(o.wants("a") && !o.wants("b"));
        let d = ChartOptions::from_manifest(&serde_json::json!({"config": {}}));
        assert_eq!(d, ChartOptions::default());
        assert!(d.wants("anything"));
    }

    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files = Vec::new();
        for sub in [dir.to_path_buf(), dir.join("charts")] {
            for e in std::fs::read_dir(&sub).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    files.push((p.clone(), std::fs::read(&p).unwrap()));
                }
            }
        }
        files.sort();
        files
    }

    #[test]
    fn drawing_twice_gives_identical_bytes() {
        let dir = testutil::run_fixture();
        let opts = testutil::small_opts();
        let first = plot_dir(dir.path(), Some(&opts)).unwrap();
        let before = snapshot(dir.path());
        let second = plot_dir(dir.path(), Some(&opts)).unwrap();
        assert_eq!(first, second);
        assert_eq!(before, snapshot(dir.path()));
        assert!(before.iter().any(|(p, _)| p.ends_with("report.html")));
        let t = testutil::tournament_fixture();
        plot_dir(t.path(), Some(&opts)).unwrap();
        let before = snapshot(t.path());
        plot_dir(t.path(), Some(&opts)).unwrap();
        assert_eq!(before, snapshot(t.path()));
    }

    #[test]
    fn plot_dir_dispatches_and_reads_options_from_manifest() {
        let dir = testutil::sweep_fixture(&["us.threat.extra_tariff"], false, false);
        // The fixture manifest asks for 400×300 PNG and SVG.
        let charts = plot_dir(dir.path(), None).unwrap();
        assert!(charts.iter().all(|c| c.file_stem.starts_with("sweep_")));
        for c in &charts {
            testutil::check_chart(dir.path(), c, 400, 300);
        }
        let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
        assert!(md.contains("Design points"));
        let bad = tempfile::tempdir().unwrap();
        std::fs::write(bad.path().join("manifest.json"), r#"{"command":"dance"}"#).unwrap();
        assert!(plot_dir(bad.path(), None).is_err());
        assert!(plot_dir(&bad.path().join("missing"), None).is_err());
    }

    /// Runs [`draw_without_system_fonts_inner`] in a child process whose font configuration
    /// points nowhere, so any dependence on system fonts would show.
    #[test]
    fn no_system_fonts_needed() {
        let exe = std::env::current_exe().unwrap();
        // Test names are module paths without the crate name.
        let module = module_path!().split_once("::").map_or("", |m| m.1);
        let name = format!("{module}::draw_without_system_fonts_inner");
        let out = std::process::Command::new(exe)
            .args(["--exact", &name, "--ignored", "--test-threads=1"])
            .env("FONTCONFIG_FILE", "/nonexistent/fonts.conf")
            .env("FONTCONFIG_PATH", "/nonexistent")
            .env("XDG_DATA_HOME", "/nonexistent")
            .env("XDG_DATA_DIRS", "/nonexistent")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    #[ignore = "run by no_system_fonts_needed in a child process"]
    fn draw_without_system_fonts_inner() {
        assert_eq!(
            std::env::var("FONTCONFIG_FILE").as_deref(),
            Ok("/nonexistent/fonts.conf")
        );
        let dir = testutil::run_fixture();
        let mut opts = testutil::small_opts();
        opts.metrics = vec!["us_tariff_final".into()];
        let charts = draw_run_charts(dir.path(), &opts).unwrap();
        let chart = charts.first().expect("a chart");
        let svg =
            std::fs::read_to_string(dir.path().join("charts/hist_us_tariff_final.svg")).unwrap();
        assert!(svg.contains("US tariff on Chinese goods, final"));
        let png = std::fs::read(dir.path().join("charts/hist_us_tariff_final.png")).unwrap();
        let (w, h, px) = testutil::decode_png(&png);
        let title_rows = (h as f64 * 0.08).ceil() as usize;
        let dark = px[..title_rows * w as usize * 3]
            .chunks(3)
            .filter(|p| p[0] < 128 && p[1] < 128 && p[2] < 128)
            .count();
        assert!(dark > 50, "title region has only {dark} dark pixels");
        assert!(chart.title.contains("US tariff"));
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("us.threat.extra_tariff"), "us_threat_extra_tariff");
        assert_eq!(slug(""), "chart");
    }
}
