//! `[us.*]` and `[cn.*]`: one government's tariff instrument, strategy, domestic pressure and
//! welfare settings (docs/model.md §3, §4.2–4.3, §4.10, §4.11). A few pressure weights exist
//! on one side only (`.only("us")`, `.only("cn")`).

use serde::{Deserialize, Serialize};
use toml::Table;

use crate::config::sections::instrument::InstrumentConfig;
use crate::config::spec::section;

section! {
    /// A government's strategy choice: a library name, its trembling-hand noise and parameters.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct StrategyConfig {
        /// Strategy moving the instruments (a name from `tradewar strategies`).
        pub name: String = text("name"),
        /// Trembling-hand probability that a move is replaced by a uniformly random one.
        pub noise: f64 = number("probability", 0.0, 1.0),
        /// Strategy parameters, checked against the strategy's metadata (`tradewar strategies`).
        #[serde(default)]
        pub params: Table = open_table(),
    }
}

section! {
    /// How a government's domestic pressure forms (docs/model.md §4.10), in USD bn per month.
    #[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct PressureConfig {
        /// Pressure at round 0 (weighted): the standoff began before October 2025.
        pub initial: f64 = number("USD bn/month", 0.0, 1000.0),
        /// Share of last month's pressure that carries over.
        pub decay: f64 = number("fraction per month", 0.0, 1.0),
        /// Pressure (weighted) at which the government seeks a deal or stops escalating.
        pub resolve: f64 = number("USD bn/month", 0.0, 1000.0),
        /// Weight of buyers' tariff cost.
        pub weight_consumer_cost: f64 = number("weight", 0.0, 100.0),
        /// Weight of exporters' lost surplus.
        pub weight_export_loss: f64 = number("weight", 0.0, 100.0),
        /// Weight of US output lost to magnet shortages (docs/model.md §4.8).
        #[serde(default)]
        pub weight_magnet_shortage: f64 = number("weight", 0.0, 100.0).only("us"),
        /// Weight of US tech exporters' lost surplus (docs/model.md §4.9).
        #[serde(default)]
        pub weight_tech_loss: f64 = number("weight", 0.0, 100.0).only("us"),
        /// Extra weight of lobbying firms' losses (docs/model.md §3).
        #[serde(default)]
        pub weight_lobbying: f64 = number("weight", 0.0, 100.0).only("us"),
        /// Weight of wages lost by displaced Chinese export workers (docs/model.md §3).
        #[serde(default)]
        pub weight_export_jobs: f64 = number("weight", 0.0, 100.0).only("cn"),
        /// Weight of Chinese tech users' output lost to US controls (docs/model.md §4.9).
        #[serde(default)]
        pub weight_tech_shortage: f64 = number("weight", 0.0, 100.0).only("cn"),
        /// Weight of farmers' losses after aid (docs/model.md §4.7).
        #[serde(default)]
        pub weight_farm_loss: f64 = number("weight", 0.0, 100.0).only("us"),
        /// Food-security weight of China's soybean import cost premium (docs/model.md §4.6).
        #[serde(default)]
        pub weight_soy_cost: f64 = number("weight", 0.0, 100.0).only("cn"),
    }
}

section! {
    /// Welfare settings of one government (docs/model.md §4.11).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct WelfareConfig {
        /// Strategic value the government puts on its leverage, per month at full leverage.
        pub leverage_value_usd_bn: f64 = number("USD bn/month", 0.0, 100.0),
    }
}

section! {
    /// Everything configured about one government.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct GovernmentConfig {
        /// Average tariff on the other side's goods.
        pub tariff: InstrumentConfig = nested(),
        /// Strategy moving the instruments.
        pub strategy: StrategyConfig = nested(),
        /// Domestic pressure.
        pub pressure: PressureConfig = nested(),
        /// Welfare accounting.
        pub welfare: WelfareConfig = nested(),
    }
}

impl GovernmentConfig {
    /// Cross-key checks; `side` is `us` or `cn`.
    pub fn check(&self, side: &str) -> Result<(), String> {
        self.tariff.check(&format!("{side}.tariff"))
    }
}
