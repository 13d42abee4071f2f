//! `[soybeans]`: China's soybean imports, the US–Brazil split, prices, China's tariff on US
//! soybeans and its purchase directive (docs/model.md §3, §4.6).

use serde::{Deserialize, Serialize};

use crate::config::sections::instrument::InstrumentConfig;
use crate::config::spec::section;

section! {
    /// China's soybean purchase directive (a China instrument): the level of normal
    /// commercial buying of US soybeans (0 = freeze, 1 = normal) and an optional committed
    /// tonnage.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct DirectiveConfig {
        /// China's buying of US soybeans at round 0 as a share of normal commercial buying
        /// (0 = the 2025 freeze).
        pub initial: f64 = number("fraction 0..1", 0.0, 1.0),
        /// No-conflict level of the directive (1 = normal commercial buying).
        pub reference: f64 = number("fraction 0..1", 0.0, 1.0),
        /// Change of the directive per purchases move (an escalation buys less).
        pub step: f64 = number("fraction", 0.0, 1.0),
        /// Committed purchases of US soybeans at round 0 (0 = none; a deal sets it).
        pub commitment_mt: f64 = number("Mt/yr", 0.0, 1000.0),
    }
}

section! {
    /// China's soybean imports, the US–Brazil split and prices (docs/model.md §4.6).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct SoybeanConfig {
        /// China's soybean import demand, conserved month by month.
        pub cn_imports_mt: f64 = number("Mt/yr", 0.0, 1000.0),
        /// Seasonal weights of China's monthly purchases, January..December (normalised).
        pub cn_demand_profile: Vec<f64> = number_list("12 weights"),
        /// US soybean production: the scale of the US market and of the farmer agents.
        pub us_production_mt: f64 = number("Mt/yr", 1.0, 1000.0),
        /// World (CBOT-like) soybean price at no-conflict policy.
        pub world_price_usd_bu: f64 = number("USD/bu", 1.0, 100.0),
        /// US farm-gate basis under the world price at no-conflict policy (negative).
        pub us_basis_usd_bu: f64 = number("USD/bu", -10.0, 10.0),
        /// Widening of the US farm-gate and export basis when China is fully absent.
        pub basis_widening_usd_bu: f64 = number("USD/bu", 0.0, 10.0),
        /// US Gulf FOB premium over the world price at no-conflict policy.
        pub us_export_premium_usd_bu: f64 = number("USD/bu", -10.0, 10.0),
        /// Ocean freight US Gulf to China.
        pub us_freight_usd_bu: f64 = number("USD/bu", 0.0, 20.0),
        /// Brazil's FOB premium over the world price at no-conflict policy.
        pub brazil_premium_usd_bu: f64 = number("USD/bu", -10.0, 20.0),
        /// Rise of Brazil's premium per unit of extra monthly pull on Brazil (extra Mt /
        /// Brazil's average month).
        pub brazil_premium_response_usd_bu: f64 = number("USD/bu", 0.0, 50.0),
        /// Ocean freight Brazil to China.
        pub brazil_freight_usd_bu: f64 = number("USD/bu", 0.0, 20.0),
        /// China's tariff on Brazilian soybeans.
        pub brazil_tariff: f64 = number("fraction", 0.0, 5.0),
        /// Elasticity of substitution between US and Brazilian soybeans in China's
        /// purchases (CES).
        pub origin_elasticity: f64 = number("elasticity", 0.0, 50.0),
        /// Weight of Brazil's exportable supply relative to the US in China's choice (US = 1).
        pub brazil_supply_weight: f64 = number("weight", 0.0, 1000.0),
        /// Availability of an origin outside its export season.
        pub off_season_availability: f64 = number("fraction 0..1", 0.0, 1.0),
        /// First month of the US export season.
        pub us_season_start_month: u32 = integer("month 1..12", 1, 12),
        /// Last month of the US export season (may wrap past December).
        pub us_season_end_month: u32 = integer("month 1..12", 1, 12),
        /// First month of Brazil's export season.
        pub brazil_season_start_month: u32 = integer("month 1..12", 1, 12),
        /// Last month of Brazil's export season.
        pub brazil_season_end_month: u32 = integer("month 1..12", 1, 12),
        /// Share of lost China sales the US sells to other buyers.
        pub diversion_share: f64 = number("fraction 0..1", 0.0, 1.0),
        /// Price elasticity of the rest of the demand for US soybeans (crush, other
        /// markets, stocks).
        pub us_demand_elasticity: f64 = number("elasticity", 0.01, 50.0),
        /// Standard deviation of the monthly world price shock (weather, world demand).
        pub price_shock_sd: f64 = number("log points/month", 0.0, 1.0),
        /// Month-to-month persistence of the world price shock.
        pub price_shock_persistence: f64 = number("AR(1) coefficient", 0.0, 0.999),
        /// China's tariff on US soybeans (moves with China's tariff moves).
        pub cn_tariff_on_us: InstrumentConfig = nested(),
        /// China's purchase directive.
        pub directive: DirectiveConfig = nested(),
    }
}

impl SoybeanConfig {
    /// Cross-key checks: the demand profile has twelve non-negative weights, not all zero;
    /// the soybean tariff lies within its bounds.
    pub fn check(&self) -> Result<(), String> {
        let p = &self.cn_demand_profile;
        if p.len() != 12 || p.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(format!(
                "soybeans.cn_demand_profile must list 12 non-negative weights (January..December), got {} values",
                p.len()
            ));
        }
        if p.iter().sum::<f64>() <= 0.0 {
            return Err("soybeans.cn_demand_profile weights are all zero".into());
        }
        self.cn_tariff_on_us.check("soybeans.cn_tariff_on_us")
    }
}
