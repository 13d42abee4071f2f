//! What the calendar brings this month, and the log of events (docs/model.md §4.1).

use bevy_ecs::prelude::*;

/// A dated event that falls due in the negotiate step this month.
#[derive(Debug, Clone, PartialEq)]
pub enum DueEvent {
    /// A threatened tariff increase of `rate` on `us` (true) or China's side.
    Threat {
        /// The US imposes it (else China).
        us: bool,
        /// Points added (fraction).
        rate: f64,
        /// Name for the log.
        name: String,
    },
    /// A truce expiry with snapback points per side.
    Expiry {
        /// US points back.
        us: f64,
        /// China points back.
        cn: f64,
        /// Name for the log.
        name: String,
    },
}

/// This month's summits and the threats and expiries falling due. Owner: events (the
/// calendar step, every month); read by negotiation (attempts, threats, expiries) and
/// governments (whether a summit falls in this month).
#[derive(Resource, Debug, Clone, Default)]
pub struct EventsDue {
    /// Threats and expiries due in this month's negotiate step.
    pub due: Vec<DueEvent>,
    /// Negotiation attempts opened by summits this month.
    pub summits: u32,
}

impl EventsDue {
    /// Whether a summit (negotiation window) falls in this month.
    pub fn summit(&self) -> bool {
        self.summits > 0
    }
}

/// Log of events in one replicate (written to `events.csv` for sample paths). Appended to by
/// events (shocks, summits) and negotiation (deals, breaches, threats, snapbacks); read by
/// the experiment layer.
#[derive(Resource, Debug, Clone, Default)]
pub struct EventLog {
    /// (round, event, detail).
    pub entries: Vec<(u32, String, String)>,
}
