//! `[negotiation]`: when deals happen, what they contain, how compliance is reviewed and
//! when a deal is renewed (docs/model.md §4.4).

use serde::{Deserialize, Serialize};

use crate::config::sections::events::{EventConfig, EventKind};
use crate::config::spec::section;

section! {
    /// What a deal contains. Each number may be a distribution (drawn once per replicate):
    /// the terms were uncertain on the seed date.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct DealBundle {
        /// US tariff cut on Chinese goods in a deal (0.10 = 10 points).
        pub us_tariff_cut: f64 = number("fraction points", 0.0, 5.0),
        /// China's tariff cut on US goods in a deal.
        pub cn_tariff_cut: f64 = number("fraction points", 0.0, 5.0),
        /// Share of China's rare-earth stringency above its reference lifted by the deal.
        pub re_pause_share: f64 = number("fraction 0..1", 0.0, 1.0),
        /// China's soybean purchase commitment per calendar year after the near-term tonnage.
        pub soy_commitment_mt_per_year: f64 = number("Mt/yr", 0.0, 200.0),
        /// Near-term soybean tonnage China commits to buy within `near_term_months`.
        pub soy_near_term_mt: f64 = number("Mt", 0.0, 200.0),
        /// Months (after the shipping lag) by which the near-term tonnage is due.
        #[serde(default = "three")]
        pub near_term_months: f64 = number("months", 1.0, 24.0),
        /// Months between a deal and the first shipments it brings (booking and sailing).
        #[serde(default = "one")]
        pub shipping_lag_months: f64 = number("months", 0.0, 12.0),
        /// Share of US export-control stringency above its reference suspended.
        pub export_control_suspension_share: f64 = number("fraction 0..1", 0.0, 1.0),
        /// Names of scheduled events (threats, truce expiries) a deal cancels outright.
        #[serde(default)]
        pub cancels: Vec<String> = text_list("event names"),
        /// Names of scheduled events a deal postpones to its own expiry: they fall due then
        /// unless the deal is renewed.
        #[serde(default)]
        pub postpones: Vec<String> = text_list("event names"),
    }
}

fn one() -> f64 {
    1.0
}

fn three() -> f64 {
    3.0
}

section! {
    /// How purchase commitments are met and reviewed.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ComplianceConfig {
        /// Mean share of a purchase commitment China buys.
        pub pace_mean: f64 = number("fraction", 0.0, 1.5),
        /// Spread (standard deviation) of that share across deals.
        pub pace_sd: f64 = number("fraction", 0.0, 1.0),
        /// Fulfilled share below which a review finds a shortfall.
        pub shortfall_threshold: f64 = number("fraction", 0.0, 1.0),
        /// US pressure added at a review that finds a full shortfall (weighted, scaled by the gap).
        pub shortfall_pressure_usd_bn: f64 = number("USD bn/month", 0.0, 1000.0),
        /// Monthly chance that a shortfall ends a deal outside the reviews (a sudden-death
        /// hazard; 0 lets the reviews alone decide).
        #[serde(default)]
        pub shortfall_break_probability: f64 = number("probability", 0.0, 1.0),
        /// Months between compliance reviews of a deal (the first one this long after it).
        #[serde(default = "three")]
        pub review_interval_months: f64 = number("months", 1.0, 24.0),
        /// Share of the deal's US tariff cut withdrawn at the partial-snapback step.
        #[serde(default = "half")]
        pub partial_snapback_share: f64 = number("fraction 0..1", 0.0, 1.0),
    }
}

fn half() -> f64 {
    0.5
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
        /// Bonus `c` to the logit at a leaders' summit.
        pub summit_logit_bonus: f64 = number("logit", -50.0, 50.0),
        /// Bonus to the next leaders' summit's logit after a preparatory round made progress.
        #[serde(default)]
        pub preparatory_logit_bonus: f64 = number("logit", -50.0, 50.0),
        /// Whether working-level talks can open outside summits when both sides are past
        /// their resolve.
        pub pressure_trigger: bool = boolean(),
        /// Monthly chance that working-level talks open when both sides are past resolve.
        #[serde(default = "one")]
        pub working_level_probability: f64 = number("probability", 0.0, 1.0),
        /// Logit added to working-level talks (negative: weaker than summits).
        #[serde(default)]
        pub working_level_logit_bonus: f64 = number("logit", -50.0, 50.0),
        /// Suspension term of a deal: its measures stay suspended this long unless renewed.
        pub duration_months: f64 = number("months", 1.0, 120.0),
        /// Length of a renewal (an extension of the suspension).
        #[serde(default = "twelve")]
        pub extension_months: f64 = number("months", 1.0, 120.0),
        /// Renewal probability of a deal at expiry with full compliance and pressure at resolve.
        pub renewal_probability: f64 = number("probability", 0.0, 1.0),
        /// Logit added to renewal per unit of the fulfilled share above the shortfall threshold.
        #[serde(default)]
        pub renewal_compliance_slope: f64 = number("logit per unit", 0.0, 50.0),
        /// Logit added to renewal per unit of combined pressure above 2 (both sides at resolve).
        #[serde(default)]
        pub renewal_pressure_slope: f64 = number("logit per unit", 0.0, 50.0),
        /// Pressure added to a side when the other defects (weighted).
        pub breach_pressure_usd_bn: f64 = number("USD bn/month", 0.0, 1000.0),
        /// What a deal contains.
        pub bundle: DealBundle = nested(),
        /// Purchase compliance.
        pub compliance: ComplianceConfig = nested(),
    }
}

fn twelve() -> f64 {
    12.0
}

impl NegotiationConfig {
    /// Cross-key checks: in a scenario with threats or truce expiries, every event a deal
    /// cancels or postpones is one of them, named exactly (a scenario without any, such as a
    /// freeze, keeps the bundle it inherits).
    pub fn check(&self, events: &[EventConfig]) -> Result<(), String> {
        let measures: Vec<&str> = events
            .iter()
            .filter(|e| matches!(e.kind(), EventKind::TariffThreat | EventKind::TruceExpiry))
            .map(|e| e.name())
            .collect();
        if measures.is_empty() {
            return Ok(());
        }
        for (key, names) in [
            ("cancels", &self.bundle.cancels),
            ("postpones", &self.bundle.postpones),
        ] {
            for (i, n) in names.iter().enumerate() {
                if !measures.contains(&n.as_str()) {
                    return Err(format!(
                        "negotiation.bundle.{key}[{i}] = \"{n}\" names no tariff_threat or truce_expiry event (known: {})",
                        measures
                            .iter()
                            .map(|m| format!("\"{m}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
        }
        Ok(())
    }
}
