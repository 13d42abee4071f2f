//! `[rare_earths]`: China's rare-earth licensing, US magnet users by sector, non-China supply
//! and a scheduled squeeze (docs/model.md §4.8).

use serde::{Deserialize, Serialize};

use crate::config::sections::instrument::InstrumentConfig;
use crate::config::spec::{section, some_positive};

section! {
    /// One sector of US magnet users.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct SectorConfig {
        /// Share of magnet-user firms in this sector (normalised over sectors).
        pub firm_share: f64 = number("share", 0.0, 1.0),
        /// Share of US magnet need used by this sector (normalised over sectors).
        pub need_share: f64 = number("share", 0.0, 1.0),
        /// Output the whole sector loses per month at a complete magnet stock-out.
        pub output_at_risk_usd_bn: f64 = number("USD bn/month", 0.0, 1000.0),
        /// Mean starting magnet inventory (per-firm draw ±50%).
        pub inventory_months: f64 = number("months of need", 0.0, 60.0),
        /// Mean stockpile target (per-firm draw ±50%).
        pub target_months: f64 = number("months of need", 0.0, 60.0),
        /// Licence approval probability is `(1 − stringency)^approval_exponent`.
        pub approval_exponent: f64 = number("exponent", 0.0, 10.0),
    }
}

section! {
    /// A scheduled rare-earth squeeze: China's stringency is held at `level` from
    /// `start_round` for `months` rounds, whatever its strategy says, then restored to the
    /// level it had before.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct SqueezeConfig {
        /// Whether a scheduled squeeze overrides China's stringency.
        pub enabled: bool = boolean(),
        /// First squeezed round.
        pub start_round: u32 = integer("round", 0, 600),
        /// Squeezed rounds; the stringency is then restored to its pre-squeeze level.
        pub months: u32 = integer("months", 0, 600),
        /// Stringency during the squeeze.
        pub level: f64 = number("fraction 0..1", 0.0, 1.0),
    }
}

section! {
    /// China's rare-earth licensing, US magnet users and non-China supply (docs/model.md §4.8).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct RareEarthConfig {
        /// China's licensing stringency instrument (share of licence requests denied or
        /// delayed a month).
        pub stringency: InstrumentConfig = nested().at_most(1.0),
        /// US magnet need from all sources.
        pub us_need_t_per_yr: f64 = number("tonnes/yr", 0.0, 1_000_000.0),
        /// Months from licence approval to delivery.
        pub processing_months: u32 = integer("months", 1, 3),
        /// Months over which a firm closes the gap to its stockpile target.
        pub restock_months: f64 = number("months", 0.5, 24.0),
        /// Share of magnet users that stockpile (targets rise with stringency); shares are
        /// normalised.
        pub stockpile_share: f64 = number("share", 0.0, 1.0),
        /// Share of magnet users that invest in non-China supply.
        pub diversify_share: f64 = number("share", 0.0, 1.0),
        /// Share of magnet users that lobby (their losses weigh more in US pressure).
        pub lobby_share: f64 = number("share", 0.0, 1.0),
        /// Stockpilers' target rises by this factor times stringency above the reference.
        pub hoard_factor: f64 = number("multiplier per unit stringency", 0.0, 10.0),
        /// Stringency at or above which diversifiers invest (they also invest after a
        /// shortage).
        pub diversify_threshold: f64 = number("fraction 0..1", 0.0, 1.0),
        /// Share of its need a diversifier contracts from non-China supply per investment.
        pub diversify_step_share: f64 = number("fraction of need", 0.0, 1.0),
        /// Shortest lag from investment to non-China supply.
        pub invest_lag_min_months: f64 = number("months", 0.0, 120.0),
        /// Longest lag from investment to non-China supply.
        pub invest_lag_max_months: f64 = number("months", 0.0, 120.0),
        /// Non-China magnet supply available to US firms at round 0.
        pub non_china_initial_t_per_yr: f64 = number("tonnes/yr", 0.0, 1_000_000.0),
        /// Government-backed non-China magnet capacity, arriving at
        /// `government_capacity_round`.
        pub government_capacity_t_per_yr: f64 = number("tonnes/yr", 0.0, 1_000_000.0),
        /// Round at which government-backed capacity arrives.
        pub government_capacity_round: u32 = integer("round", 0, 600),
        /// Price floor of non-China NdPr oxide.
        pub ndpr_floor_usd_per_kg: f64 = number("USD/kg", 0.0, 10_000.0),
        /// Chinese NdPr oxide price.
        pub ndpr_china_usd_per_kg: f64 = number("USD/kg", 0.0, 10_000.0),
        /// NdPr content of an NdFeB magnet.
        pub ndpr_kg_per_kg_magnet: f64 = number("kg/kg", 0.0, 1.0),
        /// Car makers and suppliers.
        pub autos: SectorConfig = nested(),
        /// Defence contractors.
        pub defence: SectorConfig = nested(),
        /// Electronics and industrial motors.
        pub electronics: SectorConfig = nested(),
        /// Scheduled squeeze.
        pub squeeze: SqueezeConfig = nested(),
    }
}

impl RareEarthConfig {
    /// The sectors in spawn order.
    pub fn sectors(&self) -> [&SectorConfig; 3] {
        [&self.autos, &self.defence, &self.electronics]
    }

    /// Cross-key checks: the stringency within its bounds, investment lags in order, some
    /// positive share in each normalised group.
    pub fn check(&self) -> Result<(), String> {
        self.stringency.check("rare_earths.stringency")?;
        if self.invest_lag_min_months > self.invest_lag_max_months {
            return Err(format!(
                "rare_earths.invest_lag_min_months = {} is above rare_earths.invest_lag_max_months = {}",
                self.invest_lag_min_months, self.invest_lag_max_months
            ));
        }
        let [a, d, e] = self.sectors();
        some_positive(
            "rare_earths",
            &[
                ("autos.firm_share", a.firm_share),
                ("defence.firm_share", d.firm_share),
                ("electronics.firm_share", e.firm_share),
            ],
        )?;
        some_positive(
            "rare_earths",
            &[
                ("autos.need_share", a.need_share),
                ("defence.need_share", d.need_share),
                ("electronics.need_share", e.need_share),
            ],
        )?;
        some_positive(
            "rare_earths",
            &[
                ("stockpile_share", self.stockpile_share),
                ("diversify_share", self.diversify_share),
                ("lobby_share", self.lobby_share),
            ],
        )
    }
}
