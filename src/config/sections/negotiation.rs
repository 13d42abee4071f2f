//! `[negotiation]`: when deals happen, what they contain and how China complies
//! (docs/model.md §4.4).

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

section! {
    /// What a deal contains.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct DealBundle {
        /// US tariff cut on Chinese goods in a deal (0.10 = 10 points).
        pub us_tariff_cut: f64 = number("fraction points", 0.0, 5.0),
        /// China's tariff cut on US goods in a deal.
        pub cn_tariff_cut: f64 = number("fraction points", 0.0, 5.0),
        /// Share of China's rare-earth stringency above its reference lifted by the deal.
        pub re_pause_share: f64 = number("fraction 0..1", 0.0, 1.0),
        /// China's soybean purchase commitment.
        pub soy_commitment_mt_per_year: f64 = number("Mt/yr", 0.0, 200.0),
        /// Near-term soybean tonnage bought over the first three months.
        pub soy_near_term_mt: f64 = number("Mt", 0.0, 200.0),
        /// Share of US export-control stringency above its reference suspended.
        pub export_control_suspension_share: f64 = number("fraction 0..1", 0.0, 1.0),
    }
}

section! {
    /// How China complies with purchase commitments.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ComplianceConfig {
        /// Mean share of a purchase commitment China buys.
        pub pace_mean: f64 = number("fraction", 0.0, 1.5),
        /// Spread (standard deviation) of that share across deals.
        pub pace_sd: f64 = number("fraction", 0.0, 1.0),
        /// Fulfilled share below which the US counts a shortfall.
        pub shortfall_threshold: f64 = number("fraction", 0.0, 1.0),
        /// US pressure added per month at a full shortfall (weighted).
        pub shortfall_pressure_usd_bn: f64 = number("USD bn/month", 0.0, 1000.0),
        /// Monthly probability that a shortfall ends the deal.
        pub shortfall_break_probability: f64 = number("probability", 0.0, 1.0),
    }
}

section! {
    /// `[negotiation]` (docs/model.md §4.4).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct NegotiationConfig {
        /// Whether deals can happen at all (false for clean counterfactuals).
        pub enabled: bool = boolean(),
        /// Intercept `a` of the deal probability `1/(1+exp(-(a + b·x + c·summit)))`.
        pub logit_intercept: f64 = number("logit", -50.0, 50.0),
        /// Slope `b` on combined pressure `x = P_us/R_us + P_cn/R_cn`.
        pub logit_pressure_slope: f64 = number("logit per unit", 0.0, 50.0),
        /// Bonus `c` to the logit at a summit.
        pub summit_logit_bonus: f64 = number("logit", -50.0, 50.0),
        /// Whether both sides past resolve open talks outside summits.
        pub pressure_trigger: bool = boolean(),
        /// Term of a deal.
        pub duration_months: f64 = number("months", 1.0, 120.0),
        /// Probability a deal is renewed at expiry.
        pub renewal_probability: f64 = number("probability", 0.0, 1.0),
        /// Pressure added to a side when the other defects (weighted).
        pub breach_pressure_usd_bn: f64 = number("USD bn/month", 0.0, 1000.0),
        /// What a deal contains.
        pub bundle: DealBundle = nested(),
        /// Purchase compliance.
        pub compliance: ComplianceConfig = nested(),
    }
}
