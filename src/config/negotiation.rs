//! `[negotiation]`: when deals happen, what they contain and how China complies
//! (docs/model.md §4.4).

use serde::{Deserialize, Serialize};

/// What a deal contains.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DealBundle {
    /// US tariff cut on Chinese goods (fraction points, 0.10 = 10 points).
    pub us_tariff_cut: f64,
    /// China's tariff cut on US goods (fraction points).
    pub cn_tariff_cut: f64,
    /// Share (0..1) of China's rare-earth stringency above its reference lifted by the deal.
    pub re_pause_share: f64,
    /// China's soybean purchase commitment (Mt per year).
    pub soy_commitment_mt_per_year: f64,
    /// Near-term soybean tonnage bought over the first three months (Mt).
    pub soy_near_term_mt: f64,
    /// Share (0..1) of US export-control stringency above its reference suspended.
    pub export_control_suspension_share: f64,
}

/// How China complies with purchase commitments.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComplianceConfig {
    /// Mean purchase pace (share of the commitment bought).
    pub pace_mean: f64,
    /// Standard deviation of the pace across deals.
    pub pace_sd: f64,
    /// Fulfilled share below which the US counts a shortfall.
    pub shortfall_threshold: f64,
    /// US pressure added per month of shortfall, at a full shortfall (USD bn/month, weighted).
    pub shortfall_pressure_usd_bn: f64,
    /// Monthly probability that a shortfall ends the deal.
    pub shortfall_break_probability: f64,
}

/// `[negotiation]`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NegotiationConfig {
    /// Whether deals can happen at all (false for clean counterfactuals).
    pub enabled: bool,
    /// Intercept `a` of the deal logit.
    pub logit_intercept: f64,
    /// Slope `b` of the deal logit in combined pressure.
    pub logit_pressure_slope: f64,
    /// Bonus `c` to the logit at a summit.
    pub summit_logit_bonus: f64,
    /// Whether both sides' pressure above resolve opens talks outside summits.
    pub pressure_trigger: bool,
    /// Term of a deal (months).
    pub duration_months: f64,
    /// Probability a deal is renewed at expiry.
    pub renewal_probability: f64,
    /// Pressure added to a side when the other defects (USD bn/month, weighted).
    pub breach_pressure_usd_bn: f64,
    /// What a deal contains.
    pub bundle: DealBundle,
    /// Purchase compliance.
    pub compliance: ComplianceConfig,
}
