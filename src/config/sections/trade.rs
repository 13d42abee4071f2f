//! `[trade]`: bilateral goods trade (docs/model.md §4.5), 2024 baselines in USD bn per year.

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

section! {
    /// Bilateral goods trade (docs/model.md §4.5).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TradeConfig {
        /// US goods imports from China in 2024.
        pub us_imports_from_cn_2024_usd_bn: f64 = number("USD bn/yr", 0.0, 5000.0),
        /// China's goods imports from the US (US goods exports to China) in 2024.
        pub cn_imports_from_us_2024_usd_bn: f64 = number("USD bn/yr", 0.0, 5000.0),
        /// US import-demand elasticity for Chinese goods.
        pub us_import_elasticity: f64 = number("elasticity", 0.0, 20.0),
        /// China's import-demand elasticity for US goods.
        pub cn_import_elasticity: f64 = number("elasticity", 0.0, 20.0),
        /// Share of a tariff passed through to the importing country's buyers.
        pub pass_through: f64 = number("fraction", 0.0, 1.0),
        /// Exporters' surplus lost per dollar of lost export sales.
        pub exporter_surplus_share: f64 = number("fraction", 0.0, 1.0),
    }
}
