//! The model (docs/model.md §3–§5): shared state, strategies, metrics, the mechanisms, and
//! the world and schedule that put them together.

pub mod mechanisms;
pub mod metrics;
pub mod plain;
pub mod recorder;
pub mod respawn;
pub mod schedule;
pub mod state;
pub mod strategies;
pub mod strategy;
pub mod world;
