//! `[trade]`: bilateral goods trade with diversion to third countries and domestic goods
//! (docs/model.md §4.5), 2024 baselines in USD bn per year.

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

section! {
    /// Bilateral goods trade (docs/model.md §4.5): a nested CES over origins per direction.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TradeConfig {
        /// US goods imports from China in 2024.
        pub us_imports_from_cn_2024_usd_bn: f64 = number("USD bn/yr", 0.0, 5000.0),
        /// China's goods imports from the US (US goods exports to China) in 2024.
        pub cn_imports_from_us_2024_usd_bn: f64 = number("USD bn/yr", 0.0, 5000.0),
        /// US buyers' elasticity of substitution between origins of imports (China vs the
        /// rest of the world) within products: the variety elasticity σ.
        pub us_import_elasticity: f64 = number("elasticity", 0.0, 20.0),
        /// China's buyers' elasticity of substitution between origins of imports (the US vs
        /// the rest of the world).
        pub cn_import_elasticity: f64 = number("elasticity", 0.0, 20.0),
        /// US buyers' elasticity of substitution between the import bundle and domestic
        /// goods (κ; 1 = fixed spending shares).
        pub us_domestic_elasticity: f64 = number("elasticity", 0.0, 20.0),
        /// China's buyers' elasticity of substitution between the import bundle and
        /// domestic goods.
        pub cn_domestic_elasticity: f64 = number("elasticity", 0.0, 20.0),
        /// US imports from the rest of the world of the goods China sells to the US, per
        /// dollar of imports from China (2024, world prices).
        pub us_row_per_cn: f64 = number("ratio", 0.0, 100.0),
        /// China's imports from the rest of the world of the goods the US sells to China,
        /// per dollar of imports from the US (2024, world prices).
        pub cn_row_per_us: f64 = number("ratio", 0.0, 100.0),
        /// Domestic goods' share of US buyers' spending on these goods at the reference.
        pub us_domestic_share: f64 = number("share", 0.0, 0.99),
        /// Domestic goods' share of Chinese buyers' spending on these goods at the reference.
        pub cn_domestic_share: f64 = number("share", 0.0, 0.99),
        /// US tariff on the rest of the world's goods (held fixed: not a US–China instrument).
        pub us_row_tariff: f64 = number("fraction", 0.0, 5.0),
        /// China's tariff on the rest of the world's goods (held fixed).
        pub cn_row_tariff: f64 = number("fraction", 0.0, 5.0),
        /// Share of US imports from China exempt from the tariff increases above the
        /// reference (they pay the reference tariff): collected below statutory.
        pub us_exempt_share: f64 = number("share", 0.0, 1.0),
        /// Share of China's imports from the US exempt from the increases above the
        /// reference.
        pub cn_exempt_share: f64 = number("share", 0.0, 1.0),
        /// Share of a tariff passed through to the importing country's buyers.
        pub pass_through: f64 = number("fraction", 0.0, 1.0),
        /// Exporters' surplus lost per dollar of lost export sales (and import-competing
        /// producers' surplus gained per dollar of extra domestic sales).
        pub exporter_surplus_share: f64 = number("fraction", 0.0, 1.0),
    }
}
