//! Prices one market hands to another (docs/model.md §4.5–§4.7).

use bevy_ecs::prelude::*;

/// Million bushels per million tonnes of soybeans (a bushel is 60 lb = 27.2155 kg).
pub const MBU_PER_MT: f64 = 1000.0 / 27.215_5;

/// Tariffs as they bite on trade after rerouting (fractions), and the US tariff revenue the
/// exporters actually paid. Owner: exporters (before the goods-trade step, every month);
/// read by trade. By default the statutory tariffs.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct EffectiveTariffs {
    /// Effective US tariff on Chinese goods (fraction); `None` = the statutory tariff.
    pub us_on_cn: Option<f64>,
    /// Effective China tariff on US goods (fraction); `None` = the statutory tariff.
    pub cn_on_us: Option<f64>,
    /// US tariff revenue collected on Chinese exporters' sales this month, penalties
    /// included (USD bn); replaces the aggregate estimate when `us_on_cn` is set.
    pub us_revenue_collected_usd_bn: f64,
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
