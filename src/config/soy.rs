//! Typed config of the soybean market (MODEL.md §4.6), the farmers (§3, §4.7) and farm aid:
//! the `[soybeans]`, `[farmers]` and `[farm_aid]` tables. Units, ranges and meanings are in
//! `schema::SOYBEANS` / `schema::FARMERS`; defaults and sources in `configs/baseline.toml`.

use serde::{Deserialize, Serialize};

use super::{ConfigError, TariffConfig};

/// China's soybean purchase directive (a China instrument): the level of normal commercial
/// buying of US soybeans (0 = freeze, 1 = normal) and an optional committed tonnage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DirectiveConfig {
    /// Level at round 0 (0..1; 0 = the 2025 freeze).
    pub initial: f64,
    /// No-conflict level (1 = normal commercial buying).
    pub reference: f64,
    /// Change per move (an escalation lowers buying by one step).
    pub step: f64,
    /// Committed purchases of US soybeans at round 0 (Mt/yr; 0 = none). A deal sets it.
    pub commitment_mt: f64,
}

/// China's soybean imports, the US–Brazil split and prices (MODEL.md §4.6).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SoybeanConfig {
    /// China's soybean import demand (Mt/yr).
    pub cn_imports_mt: f64,
    /// Seasonal weights of China's monthly purchases, January..December (normalised).
    pub cn_demand_profile: Vec<f64>,
    /// US soybean production (Mt/yr), the scale of the US market and of the farmers.
    pub us_production_mt: f64,
    /// World (CBOT-like) price at no-conflict policy (USD/bu).
    pub world_price_usd_bu: f64,
    /// US farm-gate basis under the world price at no-conflict policy (USD/bu, negative).
    pub us_basis_usd_bu: f64,
    /// How much the US basis (farm-gate and export) widens when China is fully absent (USD/bu).
    pub basis_widening_usd_bu: f64,
    /// US export (Gulf FOB) premium over the world price at no-conflict policy (USD/bu).
    pub us_export_premium_usd_bu: f64,
    /// Ocean freight US Gulf → China (USD/bu).
    pub us_freight_usd_bu: f64,
    /// Brazil's FOB premium over the world price at no-conflict policy (USD/bu).
    pub brazil_premium_usd_bu: f64,
    /// Rise of Brazil's premium per unit of extra monthly pull on Brazil (USD/bu).
    pub brazil_premium_response_usd_bu: f64,
    /// Ocean freight Brazil → China (USD/bu).
    pub brazil_freight_usd_bu: f64,
    /// China's tariff on Brazilian soybeans (fraction).
    pub brazil_tariff: f64,
    /// Elasticity of substitution between US and Brazilian soybeans in China's choice.
    pub origin_elasticity: f64,
    /// Weight of Brazil's exportable supply relative to the US in China's choice.
    pub brazil_supply_weight: f64,
    /// Availability of an origin outside its export season (0..1).
    pub off_season_availability: f64,
    /// First month (1..12) of the US export season.
    pub us_season_start_month: u32,
    /// Last month (1..12) of the US export season.
    pub us_season_end_month: u32,
    /// First month (1..12) of Brazil's export season.
    pub brazil_season_start_month: u32,
    /// Last month (1..12) of Brazil's export season.
    pub brazil_season_end_month: u32,
    /// Share of lost China sales the US sells to other buyers (0..1).
    pub diversion_share: f64,
    /// Elasticity of the rest of the demand for US soybeans (crush, other markets, stocks).
    pub us_demand_elasticity: f64,
    /// Standard deviation of the monthly world price shock (log points).
    pub price_shock_sd: f64,
    /// Month-to-month persistence of the world price shock (AR(1) coefficient).
    pub price_shock_persistence: f64,
    /// China's tariff on US soybeans (moves with China's tariff moves).
    pub cn_tariff_on_us: TariffConfig,
    /// China's purchase directive.
    pub directive: DirectiveConfig,
}

/// What happens to an exiting farmer's acreage.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExitAcreage {
    /// Neighbours take it up at the next planting.
    Neighbour,
    /// It goes out of production.
    Idle,
}

/// US soybean farmers (MODEL.md §3, §4.7): count and the distributions agents are drawn from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FarmerConfig {
    /// Number of farmer agents.
    pub count: u32,
    /// Coefficient of variation of acreage across agents (lognormal).
    pub acres_cv: f64,
    /// Mean soybean yield (bu/acre).
    pub yield_bu_ac_mean: f64,
    /// Standard deviation of yield across agents (bu/acre).
    pub yield_bu_ac_sd: f64,
    /// Mean cash cost of growing soybeans (USD/acre).
    pub cost_usd_ac_mean: f64,
    /// Standard deviation of the cost across agents (USD/acre).
    pub cost_usd_ac_sd: f64,
    /// Mean on-farm storage capacity as a share of a year's production.
    pub storage_ratio_mean: f64,
    /// Standard deviation of the storage ratio across agents.
    pub storage_ratio_sd: f64,
    /// Mean starting equity (working capital) per acre (USD/acre).
    pub equity_usd_ac_mean: f64,
    /// Coefficient of variation of starting equity per acre (lognormal).
    pub equity_usd_ac_cv: f64,
    /// Storage cost (USD per bushel per month).
    pub storage_cost_usd_bu_month: f64,
    /// Relative weight of the sell-at-harvest strategy.
    pub share_sell_at_harvest: f64,
    /// Relative weight of the store-for-target-price strategy.
    pub share_store_for_target: f64,
    /// Relative weight of the sell-a-fixed-share strategy.
    pub share_fixed_share: f64,
    /// Share of stocks a fixed-share farmer sells each month (0..1).
    pub fixed_share_per_month: f64,
    /// Mean target price as a ratio of the no-conflict farm-gate price.
    pub target_ratio_mean: f64,
    /// Standard deviation of the target ratio across agents.
    pub target_ratio_sd: f64,
    /// Harvest share in September, October, November (normalised over the three).
    pub harvest_share_sep: f64,
    /// October share of the harvest.
    pub harvest_share_oct: f64,
    /// November share of the harvest.
    pub harvest_share_nov: f64,
    /// Corn price farmers expect (USD/bu, farm-gate).
    pub corn_price_usd_bu: f64,
    /// Corn yield as a multiple of the farm's soybean yield.
    pub corn_yield_ratio: f64,
    /// Corn cost as a multiple of the farm's soybean cost.
    pub corn_cost_ratio: f64,
    /// Share of the agents' rotation land in soybeans at no-conflict prices (0..1).
    pub soy_land_share: f64,
    /// Own-price elasticity of soybean acreage around no-conflict prices.
    pub soy_acreage_elasticity: f64,
    /// What happens to an exiting farmer's acreage.
    pub exit_acreage: ExitAcreage,
}

/// Farm aid, a US instrument (MODEL.md §3): paid when the marketing year's farm losses
/// against the no-conflict reference pass a threshold.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FarmAidConfig {
    /// Marketing-year farm loss (USD bn) above which aid is paid.
    pub threshold_usd_bn: f64,
    /// Aid per dollar of marketing-year farm loss once triggered.
    pub coverage: f64,
    /// Months from the loss to the payment (at least 1).
    pub payment_lag_months: u32,
    /// Excess burden of raising a dollar of aid through taxes (welfare cost above the transfer).
    pub excess_burden: f64,
}

fn check_months(origin: &str, pairs: &[(&str, u32)]) -> Result<(), ConfigError> {
    for (k, m) in pairs {
        if !(1..=12).contains(m) {
            return Err(ConfigError::new(
                origin,
                format!("{k} = {m} is outside [1, 12]"),
            ));
        }
    }
    Ok(())
}

impl SoybeanConfig {
    /// Cross-key checks: the demand profile has twelve non-negative weights, not all zero.
    pub fn check(&self, origin: &str) -> Result<(), ConfigError> {
        let p = &self.cn_demand_profile;
        if p.len() != 12 || p.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(ConfigError::new(
                origin,
                format!(
                    "soybeans.cn_demand_profile must list 12 non-negative weights (January..December), got {} values",
                    p.len()
                ),
            ));
        }
        if p.iter().sum::<f64>() <= 0.0 {
            return Err(ConfigError::new(
                origin,
                "soybeans.cn_demand_profile weights are all zero",
            ));
        }
        check_months(
            origin,
            &[
                ("soybeans.us_season_start_month", self.us_season_start_month),
                ("soybeans.us_season_end_month", self.us_season_end_month),
                (
                    "soybeans.brazil_season_start_month",
                    self.brazil_season_start_month,
                ),
                (
                    "soybeans.brazil_season_end_month",
                    self.brazil_season_end_month,
                ),
            ],
        )?;
        let t = &self.cn_tariff_on_us;
        if t.floor > t.ceiling || t.initial < t.floor || t.initial > t.ceiling {
            return Err(ConfigError::new(
                origin,
                format!(
                    "soybeans.cn_tariff_on_us.initial = {} must lie in [floor, ceiling] = [{}, {}]",
                    t.initial, t.floor, t.ceiling
                ),
            ));
        }
        Ok(())
    }
}

impl FarmerConfig {
    /// Cross-key checks: some strategy and some harvest month have positive weight.
    pub fn check(&self, origin: &str) -> Result<(), ConfigError> {
        if self.share_sell_at_harvest + self.share_store_for_target + self.share_fixed_share <= 0.0
        {
            return Err(ConfigError::new(
                origin,
                "farmers.share_sell_at_harvest, share_store_for_target and share_fixed_share are all zero",
            ));
        }
        if self.harvest_share_sep + self.harvest_share_oct + self.harvest_share_nov <= 0.0 {
            return Err(ConfigError::new(
                origin,
                "farmers.harvest_share_sep, _oct and _nov are all zero",
            ));
        }
        Ok(())
    }
}
