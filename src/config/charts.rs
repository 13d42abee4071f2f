//! `[charts]`: chart size, formats and which metrics to draw.

use serde::{Deserialize, Serialize};

/// Image file format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartFormat {
    /// Portable Network Graphics (raster).
    Png,
    /// Scalable Vector Graphics (text stays text; fonts resolved by the viewer).
    Svg,
}

impl ChartFormat {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }

    /// Parses `png` / `svg` (case-insensitive).
    pub fn parse(s: &str) -> Option<ChartFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "png" => Some(ChartFormat::Png),
            "svg" => Some(ChartFormat::Svg),
            _ => None,
        }
    }
}

/// What to draw and how large.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartOptions {
    /// Image width in pixels.
    pub width_px: u32,
    /// Image height in pixels.
    pub height_px: u32,
    /// Formats to write (each chart is written once per format).
    pub formats: Vec<ChartFormat>,
    /// Metric names to chart; empty means all.
    pub metrics: Vec<String>,
}

impl Default for ChartOptions {
    /// 1200×750, PNG and SVG, all metrics.
    fn default() -> Self {
        ChartOptions {
            width_px: 1200,
            height_px: 750,
            formats: vec![ChartFormat::Png, ChartFormat::Svg],
            metrics: Vec::new(),
        }
    }
}
