//! `[tech_controls]`: US tech export controls, US tech exporters and Chinese tech users
//! (docs/model.md §4.9).

use serde::{Deserialize, Serialize};

use crate::config::sections::instrument::InstrumentConfig;
use crate::config::spec::section;

section! {
    /// US tech export controls (docs/model.md §4.9).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TechControlsConfig {
        /// The US control-stringency instrument (share of Chinese tech buyers covered).
        pub stringency: InstrumentConfig = nested().at_most(1.0),
        /// US tech firms' China revenue with no controls.
        pub us_china_revenue_usd_bn_per_yr: f64 = number("USD bn/yr", 0.0, 10_000.0),
        /// US tech exporters' surplus per dollar of lost China revenue.
        pub exporter_margin: f64 = number("fraction", 0.0, 1.0),
        /// Spread of exporters' exposure to controls (uniform `1 ± spread`).
        pub exposure_spread: f64 = number("fraction", 0.0, 0.95),
        /// Chinese tech users' output.
        pub cn_output_usd_bn_per_yr: f64 = number("USD bn/yr", 0.0, 100_000.0),
        /// Lowest share of a covered firm's output lost before substitution.
        pub dependence_low: f64 = number("fraction", 0.0, 1.0),
        /// Highest share of a covered firm's output lost before substitution.
        pub dependence_high: f64 = number("fraction", 0.0, 1.0),
        /// Mean months for a covered firm to replace controlled inputs (1/e time).
        pub substitution_months: f64 = number("months", 1.0, 600.0),
    }
}

impl TechControlsConfig {
    /// Cross-key checks: the stringency within its bounds, dependence low ≤ high.
    pub fn check(&self) -> Result<(), String> {
        self.stringency.check("tech_controls.stringency")?;
        if self.dependence_low > self.dependence_high {
            return Err(format!(
                "tech_controls.dependence_low = {} is above tech_controls.dependence_high = {}",
                self.dependence_low, self.dependence_high
            ));
        }
        Ok(())
    }
}
