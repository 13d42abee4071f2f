//! A deal's terms and its purchase accounting (docs/model.md §4.4, §4.6).

use bevy_ecs::prelude::*;

/// Whether a deal is in force, its terms and the record of deals in this replicate. Owner:
/// negotiation; read by governments (observe, decide), soybeans (purchases under a deal) and
/// the recorder.
#[derive(Resource, Debug, Clone, Default)]
pub struct DealTerms {
    /// A deal is in force this month.
    pub active: bool,
    /// Round of the first deal, if any.
    pub first_deal_round: Option<u32>,
    /// Deals struck so far (renewals not counted).
    pub deal_count: u32,
    /// Whether any deal ended by defection or a compliance breach.
    pub broken: bool,
    /// Round at which the current deal expires.
    pub expires_round: u32,
    /// Round the current deal started.
    pub started_round: u32,
    /// Tariff cuts actually applied by the current deal (US, China), restored at snapback.
    pub applied_cuts: (f64, f64),
    /// Control cuts applied by the current deal (US export controls, China's rare-earth
    /// stringency), restored at snapback.
    pub applied_control_cuts: (f64, f64),
    /// Share of China's rare-earth stringency above reference lifted (0 without a deal).
    pub re_pause_share: f64,
    /// Share of US export-control stringency above reference suspended (0 without a deal).
    pub export_control_suspension_share: f64,
    /// This deal's purchase pace (share of the commitment China actually buys).
    pub compliance_pace: f64,
}

/// China's soybean purchases against a deal's commitment. Owner: soybeans (the market
/// step, while a deal is in force; it starts a new account when a new deal is struck);
/// read by negotiation (compliance) and the recorder.
#[derive(Resource, Debug, Clone, Default)]
pub struct DealPurchases {
    /// The deal (its number in [`DealTerms::deal_count`]) these figures account for.
    pub deal_number: u32,
    /// Soybean tonnage China buys against the commitment this month, at its pace (Mt; 0
    /// without a deal).
    pub commitment_this_month_mt: f64,
    /// Commitment accrued since the current (or last) deal began (Mt).
    pub committed_to_date_mt: f64,
    /// US soybean exports to China since the current (or last) deal began (Mt).
    pub purchased_to_date_mt: f64,
}

impl DealPurchases {
    /// Purchases against the commitment so far (0..1+; 0 before any deal).
    pub fn fulfilled_share(&self) -> f64 {
        if self.committed_to_date_mt > 0.0 {
            self.purchased_to_date_mt / self.committed_to_date_mt
        } else {
            0.0
        }
    }
}
