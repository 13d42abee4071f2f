//! `[farmers]`: US soybean farmers, their count and the distributions agents are drawn from
//! (docs/model.md §3, §4.7).

use serde::{Deserialize, Serialize};

use crate::config::spec::{section, some_positive};

/// What happens to an exiting farmer's acreage.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExitAcreage {
    /// Neighbours take it up at the next planting.
    Neighbour,
    /// It goes out of production.
    Idle,
}

section! {
    /// US soybean farmers (docs/model.md §3, §4.7).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct FarmerConfig {
        /// Farmer agents; together they grow `soybeans.us_production_mt` in 2025.
        pub count: u32 = integer("agents", 1, 10_000_000),
        /// Coefficient of variation of acreage across agents (lognormal).
        pub acres_cv: f64 = number("ratio", 0.0, 10.0),
        /// Mean soybean yield.
        pub yield_bu_ac_mean: f64 = number("bu/acre", 1.0, 200.0),
        /// Standard deviation of yield across agents (normal, floored at 20% of the mean).
        pub yield_bu_ac_sd: f64 = number("bu/acre", 0.0, 100.0),
        /// Mean cash cost of growing soybeans (operating, cash rent, overhead, family living).
        pub cost_usd_ac_mean: f64 = number("USD/acre", 0.0, 5000.0),
        /// Standard deviation of the cost across agents (normal, floored at 0).
        pub cost_usd_ac_sd: f64 = number("USD/acre", 0.0, 5000.0),
        /// Mean on-farm storage capacity.
        pub storage_ratio_mean: f64 = number("share of a year's production", 0.0, 5.0),
        /// Standard deviation of the storage ratio across agents (normal, floored at 0).
        pub storage_ratio_sd: f64 = number("share of a year's production", 0.0, 5.0),
        /// Mean starting equity (working capital) per acre.
        pub equity_usd_ac_mean: f64 = number("USD/acre", 0.0, 100_000.0),
        /// Coefficient of variation of starting equity per acre (lognormal).
        pub equity_usd_ac_cv: f64 = number("ratio", 0.0, 10.0),
        /// Cost of keeping a bushel in storage for a month.
        pub storage_cost_usd_bu_month: f64 = number("USD/bu/month", 0.0, 10.0),
        /// Relative weight of the sell-at-harvest marketing strategy.
        pub share_sell_at_harvest: f64 = number("weight", 0.0, 1.0),
        /// Relative weight of the store-for-a-target-price marketing strategy.
        pub share_store_for_target: f64 = number("weight", 0.0, 1.0),
        /// Relative weight of the sell-a-fixed-share-each-month marketing strategy.
        pub share_fixed_share: f64 = number("weight", 0.0, 1.0),
        /// Share of its stocks a fixed-share farmer sells each month.
        pub fixed_share_per_month: f64 = number("fraction 0..1", 0.0, 1.0),
        /// Mean target price of store-for-target farmers, as a ratio of the no-conflict
        /// farm-gate price.
        pub target_ratio_mean: f64 = number("ratio", 0.1, 10.0),
        /// Standard deviation of the target ratio across agents.
        pub target_ratio_sd: f64 = number("ratio", 0.0, 10.0),
        /// Share of the harvest gathered in September (with `_oct` and `_nov`, normalised).
        pub harvest_share_sep: f64 = number("weight", 0.0, 1.0),
        /// Share of the harvest gathered in October.
        pub harvest_share_oct: f64 = number("weight", 0.0, 1.0),
        /// Share of the harvest gathered in November.
        pub harvest_share_nov: f64 = number("weight", 0.0, 1.0),
        /// Farm-gate corn price farmers expect when they plant.
        pub corn_price_usd_bu: f64 = number("USD/bu", 0.0, 100.0),
        /// Corn yield as a multiple of the farm's soybean yield.
        pub corn_yield_ratio: f64 = number("ratio", 0.0, 20.0),
        /// Corn cost per acre as a multiple of the farm's soybean cost.
        pub corn_cost_ratio: f64 = number("ratio", 0.0, 20.0),
        /// Share of the agents' rotation land in soybeans at no-conflict prices (sets the
        /// corn advantage's mean).
        pub soy_land_share: f64 = number("fraction 0..1", 0.01, 0.99),
        /// Own-price elasticity of soybean acreage at no-conflict prices (sets the corn
        /// advantage's spread).
        pub soy_acreage_elasticity: f64 = number("elasticity", 0.01, 20.0),
        /// What happens to an exiting farmer's acreage: neighbours take it up at the next
        /// planting, or it idles.
        pub exit_acreage: ExitAcreage = choice("choice", &["neighbour", "idle"]),
        /// Share of the last soybean crop still in farmers' stores at round 0 (capped at
        /// each farm's storage capacity); 0 when round 0 falls in the harvest, whose months
        /// up to round 0 are harvested in round 0.
        pub initial_stock_share: f64 = number("fraction 0..1", 0.0, 1.0),
    }
}

impl FarmerConfig {
    /// Cross-key checks: some marketing strategy and some harvest month have positive weight.
    pub fn check(&self) -> Result<(), String> {
        some_positive(
            "farmers",
            &[
                ("share_sell_at_harvest", self.share_sell_at_harvest),
                ("share_store_for_target", self.share_store_for_target),
                ("share_fixed_share", self.share_fixed_share),
            ],
        )?;
        some_positive(
            "farmers",
            &[
                ("harvest_share_sep", self.harvest_share_sep),
                ("harvest_share_oct", self.harvest_share_oct),
                ("harvest_share_nov", self.harvest_share_nov),
            ],
        )
    }
}
