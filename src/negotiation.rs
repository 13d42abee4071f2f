//! Negotiation and deals (MODEL.md §4.4). This module holds the deal status every other
//! step reads; the negotiation mechanism itself (summits, deal probability, bundles,
//! compliance, snapback) plugs into the `Negotiate` step of the schedule.

use bevy_ecs::prelude::*;

/// Whether a deal is in force, and the history of deals in this replicate.
#[derive(Resource, Debug, Clone, Default)]
pub struct DealStatus {
    /// A deal is in force this month.
    pub active: bool,
    /// A summit (negotiation window) falls in this month.
    pub summit: bool,
    /// Round of the first deal, if any.
    pub first_deal_round: Option<u32>,
    /// Deals struck so far.
    pub deal_count: u32,
}
