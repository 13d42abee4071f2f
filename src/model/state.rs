//! State shared between mechanisms (docs/model.md §3): the components and resources that
//! more than one mechanism reads, each with one owner that writes it.

use bevy_ecs::prelude::*;

/// Log of events in one replicate (written to `events.csv` for sample paths).
#[derive(Resource, Debug, Clone, Default)]
pub struct EventLog {
    /// (round, event, detail).
    pub entries: Vec<(u32, String, String)>,
}
