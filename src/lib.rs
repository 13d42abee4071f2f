//! tradewar: an agent-based Monte Carlo model of the US–China trade standoff of late
//! October 2025, for trade-policy researchers.
//!
//! The model brief is `MODEL.md` (mirrored in `docs/model.md`); each module names the
//! section it implements. The library is the API: the `tradewar` binary is a thin CLI over
//! [`app`], and `examples/` drive the same functions.

pub mod app;
pub mod calendar;
pub mod charts;
pub mod config;
pub mod events;
pub mod exporters;
pub mod farmers;
pub mod firms;
pub mod government;
pub mod metrics;
pub mod negotiation;
pub mod output;
pub mod politics;
pub mod rare_earths;
pub mod reference;
pub mod replicate;
pub mod rng;
pub mod runner;
pub mod schedule;
pub mod soybeans;
pub mod stats;
pub mod strategies;
pub mod strategy;
pub mod sweep;
pub mod tech_controls;
pub mod tournament;
pub mod trade;
pub mod welfare;

pub use config::{ConfigError, LoadedScenario, Scenario};
pub use replicate::{Prepared, ReplicateResult, run_replicate};
pub use strategy::{Move, Moves, Observation, Strategy, StrategyRegistry};
