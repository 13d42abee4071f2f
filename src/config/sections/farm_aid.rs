//! `[farm_aid]`: US farm aid, paid when the marketing year's farm losses against the
//! no-conflict reference pass a threshold (docs/model.md §3, §4.7).

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

section! {
    /// Farm aid, a US instrument (docs/model.md §3).
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct FarmAidConfig {
        /// Marketing-year (Sep–Aug) farm loss vs the no-conflict reference above which aid
        /// is paid.
        pub threshold_usd_bn: f64 = number("USD bn", 0.0, 1000.0),
        /// Aid per dollar of marketing-year farm loss once triggered (0 turns aid off).
        pub coverage: f64 = number("USD per USD of loss", 0.0, 10.0),
        /// Months from the loss to the payment.
        pub payment_lag_months: u32 = integer("months", 1, 12),
        /// Welfare cost of raising a dollar of aid through taxes, above the transfer itself.
        pub excess_burden: f64 = number("USD per USD of aid", 0.0, 5.0),
    }
}
