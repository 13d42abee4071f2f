//! `[firms]`: how many firm agents of each kind are spawned (docs/model.md §3).

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

section! {
    /// Firm agents by kind (docs/model.md §3).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct FirmsConfig {
        /// US firms using rare-earth magnets (autos, defence, electronics).
        pub us_magnet_users: u32 = integer("firms", 0, 1_000_000),
        /// US tech exporters (chips, equipment, software-powered goods) selling to China.
        pub us_tech_exporters: u32 = integer("firms", 0, 1_000_000),
        /// Chinese firms exporting to the US.
        pub cn_exporters: u32 = integer("firms", 0, 1_000_000),
        /// Chinese firms using US-controlled tech inputs.
        pub cn_tech_users: u32 = integer("firms", 0, 1_000_000),
        /// Spread of firm sizes: each is drawn uniform on `[1 − spread, 1 + spread]`, and
        /// sizes are scaled so the totals match the configured aggregates.
        pub size_spread: f64 = number("fraction", 0.0, 0.95),
    }
}
