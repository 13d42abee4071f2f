//! Rendering machinery shared by all charts, one concern per file: [`text`] (fonts, labels;
//! bitmap glyphs in [`glyphs`]), [`legend`], the page [`frame`] and the [`Figure`] trait,
//! [`axes`] and the cartesian chart, vertical [`marks`], [`heatmap`]s with colour bars, and the PNG/SVG
//! backends in [`render`]. plotters' errors become `anyhow` errors through [`error`].
//!
//! This file only declares the parts and re-exports their items for the chart modules.

pub mod axes;
pub mod error;
pub mod frame;
pub mod glyphs;
pub mod heatmap;
pub mod legend;
pub mod marks;
pub mod render;
pub mod text;

pub use axes::*;
pub use error::*;
pub use frame::*;
pub use heatmap::*;
pub use legend::*;
pub use marks::*;
pub use render::*;
pub use text::*;
