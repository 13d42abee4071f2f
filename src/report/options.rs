//! Chart options read back from an output folder: `config.charts` of its `manifest.json`
//! (sizes, formats, metrics), so `tradewar plot DIR` redraws what the run asked for.

use serde_json::Value;

use super::diagnostics::warn;
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

    /// Warns about each listed metric that is not among `known` (the names the charts of a
    /// folder can draw), with the nearest known name as a hint; such a name selects nothing.
    pub fn warn_unknown_metrics(&self, known: &[&str]) {
        for m in self.metrics.iter().filter(|m| !known.contains(&m.as_str())) {
            let hint = crate::config::hint::did_you_mean(m, known.iter().copied());
            warn(&format!(
                "[charts] metrics: \"{m}\" is not a metric of this folder{hint}; it selects nothing"
            ));
        }
    }

    /// Whether `metric` is selected (always true when no metrics are listed).
    pub fn wants(&self, metric: &str) -> bool {
        self.metrics.is_empty() || self.metrics.iter().any(|m| m == metric)
    }
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
        o.warn_unknown_metrics(&["a", "b"]);
        o.warn_unknown_metrics(&["b"]);
        let d = ChartOptions::from_manifest(&serde_json::json!({"config": {}}));
        assert_eq!(d, ChartOptions::default());
        assert!(d.wants("anything"));
    }
}
