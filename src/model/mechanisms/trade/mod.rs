//! Bilateral goods trade (docs/model.md §4.5): the nested-CES demand over origins
//! ([`ces`]) and the monthly step with its metrics ([`goods`]).

pub mod ces;
pub mod goods;

pub use ces::{Basket, Demand};
pub use goods::{
    GoodsTrade, TRADE_ROUND_METRICS, TRADE_RUN_METRICS, baseline_monthly_bilateral_usd_bn,
    cn_basket, setup_trade, trade_goods, us_basket,
};
