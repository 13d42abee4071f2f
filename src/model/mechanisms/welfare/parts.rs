//! The welfare decomposition (docs/model.md §4.11): a side's monthly welfare split into eight
//! parts that add up to it, against the no-conflict reference and against the status quo.
//!
//! | part | US | China |
//! |---|---|---|
//! | `buyers` | −buyers' cost of the US tariffs | −buyers' cost of China's tariffs − soybean import bill premium |
//! | `revenue` | tariff revenue change | tariff revenue change |
//! | `producers` | import-competing producers' gain − exporters' loss | the same − export workers' lost wages |
//! | `farm` | −farm income loss after aid | 0 |
//! | `aid` | −taxpayers' cost of farm aid | 0 |
//! | `tech` | −tech exporters' lost surplus | −tech users' lost output |
//! | `magnets` | −magnet shortages − non-China magnet premium | 0 |
//! | `leverage` | strategic value of leverage | strategic value of leverage |

use bevy_ecs::prelude::*;

use crate::model::metrics::{RoundMetric, meta};
use crate::model::state::ledger::SideLedger;

/// One side's welfare this month by part (USD bn; gains positive).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Parts {
    /// Buyers' cost of the own tariffs (goods; China's soybean bill premium too), negated.
    pub buyers: f64,
    /// Tariff revenue above the reference revenue.
    pub revenue: f64,
    /// Producers: import-competing producers' gain less exporters' loss (China: less the
    /// wages displaced export workers do not re-earn).
    pub producers: f64,
    /// Farmers' income after aid against the reference (US).
    pub farm: f64,
    /// Taxpayers' cost of farm aid, excess burden included, negated (US).
    pub aid: f64,
    /// Tech losses from export controls, negated.
    pub tech: f64,
    /// Magnet shortages and the non-China magnet premium, negated (US).
    pub magnets: f64,
    /// The strategic value of leverage.
    pub leverage: f64,
}

impl Parts {
    /// The parts of a side's ledger, with leverage worth `leverage_usd_bn` this month.
    pub fn of(l: &SideLedger, leverage_usd_bn: f64) -> Self {
        Parts {
            buyers: -l.consumer_cost_usd_bn - l.soy_cost_premium_usd_bn,
            revenue: l.tariff_revenue_change_usd_bn,
            producers: l.producer_gain_usd_bn
                - l.export_loss_usd_bn
                - l.export_jobs_wage_loss_usd_bn,
            farm: -l.farm_loss_usd_bn,
            aid: -l.farm_aid_cost_usd_bn,
            tech: -l.tech_export_surplus_loss_usd_bn - l.tech_output_loss_usd_bn,
            magnets: -l.magnet_shortage_loss_usd_bn - l.non_china_magnet_premium_usd_bn,
            leverage: leverage_usd_bn,
        }
    }

    /// The parts as an array, in the order of [`PART_NAMES`].
    pub fn values(&self) -> [f64; 8] {
        [
            self.buyers,
            self.revenue,
            self.producers,
            self.farm,
            self.aid,
            self.tech,
            self.magnets,
            self.leverage,
        ]
    }

    /// Their sum: the month's welfare.
    pub fn total(&self) -> f64 {
        self.values().iter().sum()
    }

    /// Part by part, `self − other` (welfare against another reference).
    pub fn minus(&self, o: &Parts) -> Parts {
        Parts {
            buyers: self.buyers - o.buyers,
            revenue: self.revenue - o.revenue,
            producers: self.producers - o.producers,
            farm: self.farm - o.farm,
            aid: self.aid - o.aid,
            tech: self.tech - o.tech,
            magnets: self.magnets - o.magnets,
            leverage: self.leverage - o.leverage,
        }
    }
}

/// The parts' names, in order (the suffixes of the metrics `us_welfare_<part>_usd_bn`).
pub const PART_NAMES: [&str; 8] = [
    "buyers",
    "revenue",
    "producers",
    "farm",
    "aid",
    "tech",
    "magnets",
    "leverage",
];

/// Each side's welfare this month by part, against the no-conflict reference and against the
/// status quo, and the welfare against the status quo accumulated. Owner: welfare; read by
/// the recorder.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct WelfareParts {
    /// US parts vs the no-conflict reference.
    pub us: Parts,
    /// China's parts vs the no-conflict reference.
    pub cn: Parts,
    /// US parts vs the status quo.
    pub us_sq: Parts,
    /// China's parts vs the status quo.
    pub cn_sq: Parts,
    /// US welfare vs the status quo, accumulated since round 0 (USD bn).
    pub us_sq_cum_usd_bn: f64,
    /// China's welfare vs the status quo, accumulated since round 0 (USD bn).
    pub cn_sq_cum_usd_bn: f64,
}

macro_rules! part_metric {
    ($name:literal, $label:literal, $desc:literal, $field:ident . $part:ident) => {
        RoundMetric {
            meta: meta($name, "USD bn/month", $label, $desc),
            read: |w| w.resource::<WelfareParts>().$field.$part,
        }
    };
}

/// Per-month metrics of the welfare decomposition (docs/model.md §4.11): each part vs the
/// no-conflict reference, and the re-priced parts vs the status quo.
pub const PARTS_ROUND_METRICS: &[RoundMetric] = &[
    part_metric!(
        "us_welfare_buyers_usd_bn",
        "US welfare: buyers",
        "US buyers' cost of the US tariffs this month, negated, vs the no-conflict reference",
        us.buyers
    ),
    part_metric!(
        "us_welfare_revenue_usd_bn",
        "US welfare: tariff revenue",
        "US tariff revenue above the no-conflict reference this month",
        us.revenue
    ),
    part_metric!(
        "us_welfare_producers_usd_bn",
        "US welfare: producers",
        "US import-competing producers' gain less US exporters' loss this month vs the no-conflict reference",
        us.producers
    ),
    part_metric!(
        "us_welfare_farm_usd_bn",
        "US welfare: farm income",
        "US farmers' income after aid this month vs the no-conflict reference",
        us.farm
    ),
    part_metric!(
        "us_welfare_aid_usd_bn",
        "US welfare: aid cost",
        "taxpayers' cost of US farm aid this month (excess burden included), negated",
        us.aid
    ),
    part_metric!(
        "us_welfare_tech_usd_bn",
        "US welfare: tech exporters",
        "US tech exporters' surplus lost to US export controls this month, negated, vs the no-conflict reference",
        us.tech
    ),
    part_metric!(
        "us_welfare_magnets_usd_bn",
        "US welfare: magnets",
        "US output lost to magnet shortages and the non-China magnet premium this month, negated",
        us.magnets
    ),
    part_metric!(
        "us_welfare_leverage_usd_bn",
        "US welfare: leverage",
        "strategic value of the US instruments' leverage this month",
        us.leverage
    ),
    part_metric!(
        "cn_welfare_buyers_usd_bn",
        "China welfare: buyers",
        "Chinese buyers' cost of China's tariffs and the soybean bill premium this month, negated, vs the no-conflict reference",
        cn.buyers
    ),
    part_metric!(
        "cn_welfare_revenue_usd_bn",
        "China welfare: tariff revenue",
        "China's tariff revenue above the no-conflict reference this month",
        cn.revenue
    ),
    part_metric!(
        "cn_welfare_producers_usd_bn",
        "China welfare: producers",
        "Chinese import-competing producers' gain less exporters' loss and displaced export workers' lost wages this month",
        cn.producers
    ),
    part_metric!(
        "cn_welfare_farm_usd_bn",
        "China welfare: farm income",
        "China has no farm-income part in the model (always 0)",
        cn.farm
    ),
    part_metric!(
        "cn_welfare_aid_usd_bn",
        "China welfare: aid cost",
        "China has no farm-aid part in the model (always 0)",
        cn.aid
    ),
    part_metric!(
        "cn_welfare_tech_usd_bn",
        "China welfare: tech users",
        "Chinese tech users' output lost to US export controls this month, negated",
        cn.tech
    ),
    part_metric!(
        "cn_welfare_magnets_usd_bn",
        "China welfare: magnets",
        "China has no magnet-shortage part in the model (always 0)",
        cn.magnets
    ),
    part_metric!(
        "cn_welfare_leverage_usd_bn",
        "China welfare: leverage",
        "strategic value of China's instruments' leverage this month",
        cn.leverage
    ),
    part_metric!(
        "us_welfare_sq_buyers_usd_bn",
        "US welfare vs status quo: buyers",
        "US buyers' part this month vs the status quo (round-0 instruments held)",
        us_sq.buyers
    ),
    part_metric!(
        "us_welfare_sq_revenue_usd_bn",
        "US welfare vs status quo: tariff revenue",
        "US tariff-revenue part this month vs the status quo",
        us_sq.revenue
    ),
    part_metric!(
        "us_welfare_sq_producers_usd_bn",
        "US welfare vs status quo: producers",
        "US producers' part this month vs the status quo",
        us_sq.producers
    ),
    part_metric!(
        "us_welfare_sq_tech_usd_bn",
        "US welfare vs status quo: tech exporters",
        "US tech exporters' part this month vs the status quo",
        us_sq.tech
    ),
    part_metric!(
        "us_welfare_sq_leverage_usd_bn",
        "US welfare vs status quo: leverage",
        "US leverage part this month vs the status quo",
        us_sq.leverage
    ),
    part_metric!(
        "cn_welfare_sq_buyers_usd_bn",
        "China welfare vs status quo: buyers",
        "China's buyers' part this month vs the status quo",
        cn_sq.buyers
    ),
    part_metric!(
        "cn_welfare_sq_revenue_usd_bn",
        "China welfare vs status quo: tariff revenue",
        "China's tariff-revenue part this month vs the status quo",
        cn_sq.revenue
    ),
    part_metric!(
        "cn_welfare_sq_producers_usd_bn",
        "China welfare vs status quo: producers",
        "China's producers' part this month vs the status quo",
        cn_sq.producers
    ),
    part_metric!(
        "cn_welfare_sq_tech_usd_bn",
        "China welfare vs status quo: tech users",
        "China's tech users' part this month vs the status quo",
        cn_sq.tech
    ),
    part_metric!(
        "cn_welfare_sq_leverage_usd_bn",
        "China welfare vs status quo: leverage",
        "China's leverage part this month vs the status quo",
        cn_sq.leverage
    ),
    RoundMetric {
        meta: meta(
            "us_welfare_sq_cum_usd_bn",
            "USD bn",
            "US cumulative welfare vs the status quo",
            "US welfare accumulated since round 0, vs the status quo (round-0 instruments held)",
        ),
        read: |w| w.resource::<WelfareParts>().us_sq_cum_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "cn_welfare_sq_cum_usd_bn",
            "USD bn",
            "China's cumulative welfare vs the status quo",
            "China's welfare accumulated since round 0, vs the status quo (round-0 instruments held)",
        ),
        read: |w| w.resource::<WelfareParts>().cn_sq_cum_usd_bn,
    },
];
