//! Redrawing an output folder: [`plot_dir`] reads its `manifest.json`, draws the charts of
//! its command (run, sweep or tournament) into `charts/` and writes the report beside them.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::chart::Chart;
use super::document::write_report;
use super::run::draw_run_charts;
use super::run::observed::{Fit, draw_observed_charts};
use super::sweep::draw_sweep_charts;
use super::tournament::draw_tournament_charts;
use crate::config::ChartOptions;

/// Reads `dir/manifest.json`, draws the charts for its `command` (run, sweep or tournament)
/// into `dir/charts/` and writes `dir/report.md` and `dir/report.html`.
///
/// Options come from `opts_override` or else from the manifest's `config.charts`.
pub fn plot_dir(dir: &Path, opts_override: Option<&ChartOptions>) -> Result<Vec<Chart>> {
    plot_dir_with_observed(dir, opts_override, &[]).map(|(charts, _)| charts)
}

/// As [`plot_dir`], and for a run folder also the fan charts with the observed series of
/// each file in `observed` drawn over them (`charts/observed_<metric>.*`, see
/// `run::observed`); returns the charts and, per file and metric, the observed months
/// inside the run's 5–95% band.
pub fn plot_dir_with_observed(
    dir: &Path,
    opts_override: Option<&ChartOptions>,
    observed: &[PathBuf],
) -> Result<(Vec<Chart>, Vec<Fit>)> {
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
    let mut fits = Vec::new();
    if !observed.is_empty() && command != "run" {
        bail!(
            "{}: observed data can only be drawn over a run's fan charts (this folder is a {command})",
            dir.display()
        );
    }
    let charts = match command {
        "run" => {
            super::data::check_run_folder(dir)?;
            let mut charts = draw_run_charts(dir, &opts)?;
            for file in observed {
                let (more, fit) = draw_observed_charts(dir, &opts, file)?;
                charts.extend(more);
                fits.extend(fit);
            }
            charts
        }
        "sweep" => draw_sweep_charts(dir, &opts)?,
        "tournament" => draw_tournament_charts(dir, &opts)?,
        other => bail!(
            "{}: unknown command {other:?} (expected run, sweep or tournament)",
            path.display()
        ),
    };
    write_report(dir, &charts)?;
    Ok((charts, fits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    use crate::report::testutil;

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
}
