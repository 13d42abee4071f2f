//! Scenario discovery (`tradewar discover`, docs/model.md §9): PRIM over the inputs of an
//! output folder's runs against a case of interest such as `us_tariff_final > 0.8`.
//!
//! Parts: [`prim`] is the algorithm on plain arrays; [`case`] parses the case; [`dataset`]
//! reads the runs (and a sweep's points); [`analysis`] runs PRIM, picks the step to inspect and
//! writes the files; [`charts`] draws the trade-off and the box.

pub mod analysis;
pub mod case;
pub mod charts;
pub mod dataset;
pub mod prim;

pub use analysis::{DEFAULT_MIN_COVERAGE, DiscoverOptions, Discovery, analyse, write_outputs};
pub use dataset::DiscoverError;
pub use prim::PrimOptions;
