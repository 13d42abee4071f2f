//! Prices one market hands to another, and the tariffs buyers face (docs/model.md §4.5–§4.7).

use bevy_ecs::prelude::*;

/// Million bushels per million tonnes of soybeans (a bushel is 60 lb = 27.2155 kg).
pub const MBU_PER_MT: f64 = 1000.0 / 27.215_5;

/// The US tariff on Chinese goods as it bites after the exporters' strategies, and what it
/// collects. Owner: exporters (before the goods-trade step, every month); read by trade. By
/// default (`None`) the collected rate applies to all Chinese goods.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct EffectiveTariffs {
    /// Price-equivalent US tariff on Chinese goods after rerouting and absorbed price cuts
    /// (fraction): the single tariff at which buyers would buy what they buy.
    pub us_on_cn: Option<f64>,
    /// US tariff collected per dollar of Chinese sales (world prices), penalties included
    /// (fraction); set with `us_on_cn`.
    pub us_revenue_rate: f64,
}

/// The tariff collected on average when a share `exempt` of the basket is exempt from the
/// increases above the reference `t0` (exempt goods pay `min(t, t0)`): what buyers face
/// (docs/model.md §4.5). Used by trade (both sides) and exporters (the US tariff).
pub fn collected_rate(statutory: f64, t0: f64, exempt: f64) -> f64 {
    statutory - exempt.clamp(0.0, 1.0) * (statutory - t0).max(0.0)
}

/// The US farm-gate soybean price this month and at the no-conflict reference (USD/bu).
/// Owner: soybeans (the market step); read by farmers.
#[derive(Resource, Debug, Clone, Copy, Default, PartialEq)]
pub struct SoyPrices {
    /// US farm-gate price: world price plus the US basis (USD/bu).
    pub farm_gate_usd_bu: f64,
    /// Reference US farm-gate price: same shock, no-conflict policy (USD/bu).
    pub ref_farm_gate_usd_bu: f64,
}
