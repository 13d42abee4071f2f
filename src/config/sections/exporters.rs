//! `[exporters]`: Chinese exporters to the US and how they answer US tariffs
//! (docs/model.md §3, §4.5).

use serde::{Deserialize, Serialize};

use crate::config::spec::{section, some_positive};

section! {
    /// Chinese exporters to the US (docs/model.md §3, §4.5).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ExportersConfig {
        /// Share of Chinese exporters that reroute via third countries (shares are
        /// normalised).
        pub reroute_share: f64 = number("share", 0.0, 1.0),
        /// Share of Chinese exporters that absorb part of the tariff.
        pub absorb_share: f64 = number("share", 0.0, 1.0),
        /// Share of Chinese exporters that cut jobs at once.
        pub cut_jobs_share: f64 = number("share", 0.0, 1.0),
        /// US tariff on goods arriving through third countries.
        pub third_country_tariff: f64 = number("fraction", 0.0, 5.0),
        /// Lowest rerouting cost.
        pub reroute_cost_low: f64 = number("fraction of value", 0.0, 5.0),
        /// Highest rerouting cost.
        pub reroute_cost_high: f64 = number("fraction of value", 0.0, 5.0),
        /// Mean share of a rerouter's sales third countries can carry (per-firm draw ±50%).
        pub max_reroute_share: f64 = number("fraction", 0.0, 0.66),
        /// Share of the gap to the target rerouted share closed per month.
        pub reroute_speed: f64 = number("fraction per month", 0.0, 1.0),
        /// Monthly probability that a rerouting firm is caught.
        pub detection_prob_month: f64 = number("probability", 0.0, 1.0),
        /// Penalty tariff on a caught firm's rerouted sales that month.
        pub detection_penalty: f64 = number("fraction", 0.0, 5.0),
        /// Months a caught firm cannot reroute.
        pub detection_ban_months: u32 = integer("months", 0, 600),
        /// Share of the tariff rise above the reference that absorbers take on.
        pub absorb_fraction: f64 = number("fraction", 0.0, 1.0),
        /// Share of the gap between employment and sales closed per month (job cutters
        /// close all of it).
        pub job_adjust_speed: f64 = number("fraction per month", 0.0, 1.0),
        /// Wages as a share of export sales.
        pub labour_share: f64 = number("fraction", 0.0, 1.0),
        /// Share of a displaced worker's wage not re-earned elsewhere.
        pub displaced_wage_loss_share: f64 = number("fraction", 0.0, 1.0),
    }
}

impl ExportersConfig {
    /// Cross-key checks: rerouting costs in order, some positive behaviour share.
    pub fn check(&self) -> Result<(), String> {
        if self.reroute_cost_low > self.reroute_cost_high {
            return Err(format!(
                "exporters.reroute_cost_low = {} is above exporters.reroute_cost_high = {}",
                self.reroute_cost_low, self.reroute_cost_high
            ));
        }
        some_positive(
            "exporters",
            &[
                ("reroute_share", self.reroute_share),
                ("absorb_share", self.absorb_share),
                ("cut_jobs_share", self.cut_jobs_share),
            ],
        )
    }
}
