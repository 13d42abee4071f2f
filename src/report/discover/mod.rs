//! Scenario discovery (`tradewar discover`, docs/scenario_discovery.md): PRIM over the inputs
//! of an output folder's runs against a case of interest such as `us_tariff_final > 0.8`.
//!
//! Parts: [`prim`] is the algorithm on plain arrays; [`case`] parses the case; [`dataset`]
//! reads the runs (and a sweep's points); [`analysis`] runs PRIM, picks the step to inspect and
//! words the results; [`significance`] gives each restriction's quasi-p value; [`charts`]
//! draws the trade-off and the box; [`write`] writes the files.

pub mod analysis;
pub mod case;
pub mod charts;
pub mod dataset;
pub mod prim;
pub mod significance;
pub mod write;

pub use analysis::{DEFAULT_MIN_COVERAGE, DiscoverOptions, Discovery, analyse};
pub use dataset::DiscoverError;
pub use prim::PrimOptions;
pub use write::write_outputs;
