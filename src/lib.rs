//! tradewar: an agent-based Monte Carlo model of the US–China trade standoff of late
//! October 2025, for trade-policy researchers.
//!
//! The model is described in `docs/model.md`; each module names the section it implements,
//! and `docs/architecture.md` maps the layers. The library is the API: the `tradewar` binary
//! is a thin CLI over [`app`], and `examples/` drive the same functions.

pub mod app;
pub mod config;
pub mod experiment;
pub mod foundation;
pub mod model;
pub mod report;

pub use config::{ConfigError, LoadedScenario, Scenario};
pub use experiment::replicate::{Prepared, ReplicateResult, run_replicate};
pub use model::strategy::{Move, Moves, Observation, Strategy, StrategyRegistry};
