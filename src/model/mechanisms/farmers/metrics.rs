//! The farm metric tables (docs/model.md §4.7 and §6): monthly income, stocks, loss and aid,
//! and the horizon's income change, loss, aid, exits and acreage change, all read from
//! [`FarmSector`].

use bevy_ecs::prelude::*;

use super::sector::FarmSector;
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::markets::MBU_PER_MT;

fn sector(w: &World) -> &FarmSector {
    w.resource::<FarmSector>()
}

fn change_pct(value: f64, reference: f64) -> Option<f64> {
    (reference > 0.0).then(|| 100.0 * (value - reference) / reference)
}

/// Monthly farm metrics (docs/model.md §4.7).
pub const FARM_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "us_farm_income_usd_bn",
            "USD bn/month",
            "US soybean farmers' income",
            "farmer agents' income this month, accrual (value of production and inventory change), aid included",
        ),
        read: |w| sector(w).income_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_soy_stocks_mt",
            "Mt",
            "US on-farm soybean stocks",
            "soybeans in farmer agents' stores at the end of the month",
        ),
        read: |w| sector(w).stock_bu / (MBU_PER_MT * 1e6),
    },
    RoundMetric {
        meta: meta(
            "us_farm_loss_usd_bn",
            "USD bn/month",
            "US farm loss vs no conflict",
            "farmer agents' income below the no-conflict reference this month, before aid",
        ),
        read: |w| sector(w).loss_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_farm_aid_usd_bn",
            "USD bn/month",
            "US farm aid",
            "farm aid paid this month",
        ),
        read: |w| sector(w).aid_usd_bn,
    },
];

/// Farm outcomes over the horizon (docs/model.md §6).
pub const FARM_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "us_farm_income_change_pct",
            "percent",
            "US farm income vs no conflict",
            "farmer agents' income over the horizon, aid included, vs the same farmers' no-conflict income",
        ),
        compute: |v| {
            let s = v.resource::<FarmSector>();
            change_pct(s.total_income_usd_bn, s.total_ref_income_usd_bn)
        },
    },
    RunMetric {
        meta: meta(
            "us_farm_market_income_change_pct",
            "percent",
            "US farm income before aid vs no conflict",
            "farmer agents' income over the horizon before aid vs the same farmers' no-conflict income",
        ),
        compute: |v| {
            let s = v.resource::<FarmSector>();
            change_pct(
                s.total_income_usd_bn - s.total_aid_usd_bn,
                s.total_ref_income_usd_bn,
            )
        },
    },
    RunMetric {
        meta: meta(
            "us_farm_loss_usd_bn",
            "USD bn",
            "US farm loss vs no conflict",
            "farmer agents' income below the no-conflict reference over the horizon, before aid",
        ),
        compute: |v| Some(v.resource::<FarmSector>().total_loss_usd_bn),
    },
    RunMetric {
        meta: meta(
            "us_farm_aid_usd_bn",
            "USD bn",
            "US farm aid",
            "farm aid paid over the horizon",
        ),
        compute: |v| Some(v.resource::<FarmSector>().total_aid_usd_bn),
    },
    RunMetric {
        meta: meta(
            "farmer_exit_share",
            "fraction 0..1",
            "Farmers exited",
            "share of farmer agents that exited (negative equity) within the horizon",
        ),
        compute: |v| {
            let s = v.resource::<FarmSector>();
            (s.initial_count > 0).then(|| f64::from(s.exited_count) / f64::from(s.initial_count))
        },
    },
    RunMetric {
        meta: meta(
            "us_soy_acreage_change_pct",
            "percent",
            "US soybean acreage vs 2025",
            "soybean acreage planted at the last April of the horizon vs the 2025 crop (empty if no April)",
        ),
        compute: |v| {
            let s = v.resource::<FarmSector>();
            s.soy_acres_planted
                .and_then(|a| change_pct(a, s.soy_acres_2025))
        },
    },
];
