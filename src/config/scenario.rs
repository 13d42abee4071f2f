//! The typed scenario every system reads (docs/model.md §2, §8): the config sections of
//! `config::sections` composed into one resource, with the cross-key checks of each.

use serde::{Deserialize, Serialize};

use crate::config::error::ConfigError;
use crate::config::sections::calibration::CalibrationConfig;
use crate::config::sections::charts::ChartOptions;
use crate::config::sections::events::{self, EventConfig};
use crate::config::sections::exporters::ExportersConfig;
use crate::config::sections::farm_aid::FarmAidConfig;
use crate::config::sections::farmers::FarmerConfig;
use crate::config::sections::firms::FirmsConfig;
use crate::config::sections::government::GovernmentConfig;
use crate::config::sections::negotiation::NegotiationConfig;
use crate::config::sections::rare_earths::RareEarthConfig;
use crate::config::sections::soybeans::SoybeanConfig;
use crate::config::sections::sweep::SweepConfig;
use crate::config::sections::tech_controls::TechControlsConfig;
use crate::config::sections::tournament::TournamentConfig;
use crate::config::sections::trade::TradeConfig;
use crate::config::spec::section;
use crate::foundation::calendar::YearMonth;

fn default_start() -> String {
    YearMonth::default().label()
}

section! {
    /// A complete, resolved scenario: every number is fixed (distributions already drawn).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq, bevy_ecs::resource::Resource)]
    #[serde(deny_unknown_fields)]
    pub struct Scenario {
        /// Scenario name used in outputs.
        #[serde(default)]
        pub name: String = text("text"),
        /// One-line description of the scenario.
        #[serde(default)]
        pub description: String = text("text"),
        /// Master seed of every random stream.
        pub seed: u64 = integer("integer", 0, i64::MAX),
        /// Monte Carlo replicates.
        pub replicates: u64 = integer("runs", 1, 100_000_000),
        /// Month of round 0 (`YYYY-MM`): seasons, harvests and event dates follow it.
        #[serde(default = "default_start")]
        pub start: String = month(),
        /// Horizon in monthly rounds; round 0 is the `start` month.
        pub rounds: u32 = integer("months", 1, 600),
        /// Replicates whose full paths go to trajectories.csv.
        pub sample_paths: u64 = integer("runs", 0, 100_000_000),
        /// The US government.
        pub us: GovernmentConfig = nested(),
        /// The Chinese government.
        pub cn: GovernmentConfig = nested(),
        /// Bilateral goods trade.
        pub trade: TradeConfig = nested(),
        /// China's soybean imports, the US–Brazil split and prices.
        pub soybeans: SoybeanConfig = nested(),
        /// US soybean farmers.
        pub farmers: FarmerConfig = nested(),
        /// US farm aid.
        pub farm_aid: FarmAidConfig = nested(),
        /// How many firm agents of each kind (docs/model.md §3).
        pub firms: FirmsConfig = nested(),
        /// China's rare-earth licensing and US magnet users (docs/model.md §4.8).
        pub rare_earths: RareEarthConfig = nested(),
        /// US tech export controls, US tech exporters and Chinese tech users (docs/model.md §4.9).
        pub tech_controls: TechControlsConfig = nested(),
        /// Chinese exporters to the US (docs/model.md §3, §4.5).
        pub exporters: ExportersConfig = nested(),
        /// Negotiation, deals and compliance (docs/model.md §4.4).
        pub negotiation: NegotiationConfig = nested(),
        /// Scheduled and random events (docs/model.md §4.1).
        #[serde(default, deserialize_with = "events::deserialize_list")]
        pub events: Vec<EventConfig> = nested(),
        /// Chart options (size, formats, which metrics).
        #[serde(default)]
        pub charts: ChartOptions = nested(),
        /// Strategy tournament settings (only `tradewar tournament` reads them).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tournament: Option<TournamentConfig> = nested(),
        /// A parameter sweep over this scenario (`tradewar sweep`); absent in the baseline.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sweep: Option<SweepConfig> = nested(),
        /// A calibration against history scenarios (`tradewar calibrate`); absent in the
        /// baseline.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub calibration: Option<CalibrationConfig> = nested(),
    }
}

impl Scenario {
    /// The month of round 0 (the baseline's October 2025 if `start` does not parse, which
    /// [`Scenario::check`] rules out for a loaded scenario).
    pub fn start_month(&self) -> YearMonth {
        YearMonth::parse_start(&self.start).unwrap_or_default()
    }

    /// Cross-key checks that a per-key range cannot express, each section's own; errors
    /// name `origin` and the key paths.
    pub fn check(&self, origin: &str) -> Result<(), ConfigError> {
        let err = |m: String| ConfigError::new(origin, m);
        let start = YearMonth::parse_start(&self.start)
            .map_err(|why| err(format!("start = \"{}\" {why}", self.start)))?;
        for (i, e) in self.events.iter().enumerate() {
            e.check(i, start).map_err(err)?;
        }
        self.us.check("us").map_err(err)?;
        self.cn.check("cn").map_err(err)?;
        self.rare_earths.check().map_err(err)?;
        self.tech_controls.check().map_err(err)?;
        self.exporters.check().map_err(err)?;
        self.soybeans.check().map_err(err)?;
        self.farmers.check().map_err(err)?;
        self.negotiation.check(&self.events).map_err(err)?;
        Ok(())
    }
}
