//! The model (docs/model.md §3–§5), in layers: shared state (`state`), strategies, metric
//! types and world reuse (`respawn`) at the bottom; the mechanisms (`mechanisms`, each
//! owning its components, resources, setup, systems and metric tables, sharing data only
//! through `state`); and the world (`world`), the month's schedule (`schedule`), the
//! recorder (`recorder`) and the agent reporter (`agents_report`) that put them together.

pub mod agents_report;
pub mod mechanisms;
pub mod metrics;
pub mod recorder;
pub mod respawn;
pub mod schedule;
pub mod state;
pub mod strategies;
pub mod strategy;
pub mod world;
