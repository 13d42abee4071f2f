//! What the calendar brings this month, the scheduled measures, and the log of events
//! (docs/model.md §4.1, §4.4).

use bevy_ecs::prelude::*;

/// What a scheduled measure does when it takes effect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MeasureKind {
    /// A threatened tariff increase of `rate` on `us` (true) or China's side.
    Threat {
        /// The US imposes it (else China).
        us: bool,
        /// Points added (fraction).
        rate: f64,
    },
    /// A truce expiry with snapback points per side.
    Expiry {
        /// US points back.
        us: f64,
        /// China points back.
        cn: f64,
    },
}

/// Where a scheduled measure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureStatus {
    /// Due at `due_round`.
    Pending,
    /// Postponed by a deal to the deal's expiry (`due_round`): it falls due then unless the
    /// deal is renewed, and at once if the deal ends early.
    SuspendedByDeal,
    /// Cancelled by a deal.
    Cancelled,
    /// Took effect.
    Implemented,
    /// Fell due, did not take effect and was not postponed.
    Dropped,
}

/// A dated measure (threat or truce expiry) from the scenario's events.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Event name (what a deal's bundle names to cancel or postpone it).
    pub name: String,
    /// What it does.
    pub kind: MeasureKind,
    /// Round it falls due.
    pub due_round: u32,
    /// Chance (0..1) that it takes effect when it falls due.
    pub probability: f64,
    /// Months it is postponed by when it does not take effect (0: dropped).
    pub postpone_months: u32,
    /// Where it stands.
    pub status: MeasureStatus,
    /// Both tariffs (US, China) just before it took effect (once implemented): how far a deal
    /// that rolls it back can go.
    pub tariffs_before: Option<(f64, f64)>,
}

/// The scenario's threats and truce expiries. Installed by events (setup); owner:
/// negotiation (which resolves them when due, cancels or postpones them at a deal).
#[derive(Resource, Debug, Clone, Default)]
pub struct ScheduledMeasures(pub Vec<Measure>);

/// A summit falling in this month.
#[derive(Debug, Clone, PartialEq)]
pub struct SummitDue {
    /// Name for the log.
    pub name: String,
    /// This summit's own deal probability (replaces the logistic rule), if configured.
    pub deal_probability: Option<f64>,
    /// A preparatory round: no deal itself; progress raises the next summit's chance.
    pub preparatory: bool,
}

/// This month's summits. Owner: events (the calendar step, every month); read by negotiation
/// (talks) and governments (whether a summit falls in this month).
#[derive(Resource, Debug, Clone, Default)]
pub struct EventsDue {
    /// Summits in this month, in config order.
    pub summits: Vec<SummitDue>,
}

impl EventsDue {
    /// Whether a summit (negotiation window) falls in this month.
    pub fn summit(&self) -> bool {
        !self.summits.is_empty()
    }
}

/// Log of events in one replicate (written to `events.csv` for sample paths). Appended to by
/// events (shocks, summits) and negotiation (deals, reviews, breaches, threats, snapbacks);
/// read by the experiment layer.
#[derive(Resource, Debug, Clone, Default)]
pub struct EventLog {
    /// (round, event, detail).
    pub entries: Vec<(u32, String, String)>,
}
