//! `[charts]`: chart size, formats and which metrics to draw (read by `run`, `sweep`,
//! `tournament`, `compare` and `plot`; docs/model.md §6).

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

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

section! {
    /// What to draw and how large.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct ChartOptions {
        /// Chart width.
        pub width_px: u32 = integer("pixels", 200, 8000),
        /// Chart height.
        pub height_px: u32 = integer("pixels", 200, 8000),
        /// Image formats written for every chart.
        pub formats: Vec<ChartFormat> = text_list("list of png | svg"),
        /// Metrics to chart; empty = all.
        pub metrics: Vec<String> = text_list("metric names"),
    }
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
