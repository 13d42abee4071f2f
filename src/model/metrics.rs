//! Outcome and trajectory metrics (MODEL.md §4.12 record, §6 outcomes), declared once as a
//! name → reporter table in the manner of Mesa's DataCollector. The recorder, the CSV
//! writers, the charts and the docs all read these tables: a new metric is one entry.
//!
//! Units by suffix: tariffs and `_share` are fractions 0..1; `_pct` percent; `_usd_bn`
//! billions of US dollars; `_mt` million tonnes. In trajectories every flow is per month and
//! stocks are end-of-month levels; in run outcomes flows are summed over the horizon.

use std::sync::LazyLock;

use bevy_ecs::prelude::*;

use crate::config::Scenario;
use crate::model::mechanisms::governments::{Governments, Tariff};
use crate::model::mechanisms::negotiation::DealStatus;
use crate::model::mechanisms::politics::DomesticPressure;
use crate::model::mechanisms::trade::{GoodsTrade, baseline_monthly_bilateral_usd_bn};
use crate::model::mechanisms::welfare::Welfare;

/// Name, unit and meaning of a metric.
#[derive(Debug, Clone, Copy)]
pub struct MetricMeta {
    /// Column / metric name (snake case, unit suffix).
    pub name: &'static str,
    /// Unit, spelled out.
    pub unit: &'static str,
    /// Short human label for chart titles.
    pub label: &'static str,
    /// One-line meaning.
    pub description: &'static str,
}

/// A per-month metric read from the world at the end of each month.
#[derive(Clone, Copy)]
pub struct RoundMetric {
    /// Name, unit and meaning.
    pub meta: MetricMeta,
    /// Reads this month's value.
    pub read: fn(&World) -> f64,
}

/// A per-run outcome computed at the end of the horizon (`None` = missing, e.g. no deal).
#[derive(Clone, Copy)]
pub struct RunMetric {
    /// Name, unit and meaning.
    pub meta: MetricMeta,
    /// Computes the outcome from the final world and the recorded trajectory.
    pub compute: fn(&RunView) -> Option<f64>,
}

/// Builds a metric's metadata (for metric tables in mechanism modules).
pub const fn meta(
    name: &'static str,
    unit: &'static str,
    label: &'static str,
    description: &'static str,
) -> MetricMeta {
    MetricMeta {
        name,
        unit,
        label,
        description,
    }
}

/// The recorded monthly values of one replicate: `rounds × ROUND_METRICS.len()`, row-major.
#[derive(Resource, Debug, Clone, Default)]
pub struct Trajectory {
    /// Values, one row per round.
    pub values: Vec<f64>,
}

/// What a run metric can see: the final world and the trajectory.
pub struct RunView<'a> {
    /// The world after the last round.
    pub world: &'a World,
    /// The recorded trajectory.
    pub trajectory: &'a Trajectory,
}

impl RunView<'_> {
    /// The monthly series of a round metric.
    pub fn series(&self, name: &str) -> impl Iterator<Item = f64> + '_ {
        let n = ROUND_METRICS.len();
        let idx = round_metric_index(name).unwrap_or_else(|| panic!("no round metric {name}"));
        self.trajectory.values.iter().skip(idx).step_by(n).copied()
    }

    /// The last value of a round metric.
    pub fn last(&self, name: &str) -> Option<f64> {
        self.series(name).last()
    }

    /// The largest value of a round metric.
    pub fn max(&self, name: &str) -> Option<f64> {
        self.series(name).reduce(f64::max)
    }

    /// The sum over the horizon of a round metric (for flows).
    pub fn sum(&self, name: &str) -> f64 {
        self.series(name).sum()
    }

    /// A resource of the final world.
    pub fn resource<R: Resource>(&self) -> &R {
        self.world.resource::<R>()
    }
}

fn tariff(world: &World, us: bool) -> f64 {
    let g = world.resource::<Governments>();
    let e = if us { g.us } else { g.cn };
    world.get::<Tariff>(e).map_or(0.0, |t| t.0.level)
}

/// Metrics of the governments, goods trade, politics and welfare (MODEL.md §4.3, §4.5,
/// §4.10, §4.11).
pub const CORE_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "us_tariff",
            "fraction 0..1",
            "US average tariff on Chinese goods",
            "statutory US average tariff on Chinese goods, end of month",
        ),
        read: |w| tariff(w, true),
    },
    RoundMetric {
        meta: meta(
            "cn_tariff",
            "fraction 0..1",
            "China's average tariff on US goods",
            "China's average tariff on US goods, end of month",
        ),
        read: |w| tariff(w, false),
    },
    RoundMetric {
        meta: meta(
            "us_imports_from_cn_usd_bn",
            "USD bn/month",
            "US imports from China",
            "US goods imports from China this month, at world prices",
        ),
        read: |w| w.resource::<GoodsTrade>().us_imports_from_cn_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "cn_imports_from_us_usd_bn",
            "USD bn/month",
            "China's imports from the US",
            "China's goods imports from the US this month, at world prices",
        ),
        read: |w| w.resource::<GoodsTrade>().cn_imports_from_us_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_consumer_cost_usd_bn",
            "USD bn/month",
            "US buyers' tariff cost",
            "US buyers' surplus lost to the US tariff this month vs the reference",
        ),
        read: |w| w.resource::<GoodsTrade>().us_consumer_cost_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_tariff_revenue_usd_bn",
            "USD bn/month",
            "US tariff revenue on Chinese goods",
            "US tariff revenue collected on Chinese goods this month",
        ),
        read: |w| w.resource::<GoodsTrade>().us_tariff_revenue_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_pressure",
            "USD bn/month (weighted)",
            "US domestic pressure",
            "US domestic pressure: smoothed weighted monthly losses plus shocks",
        ),
        read: |w| w.resource::<DomesticPressure>().us,
    },
    RoundMetric {
        meta: meta(
            "cn_pressure",
            "USD bn/month (weighted)",
            "China's domestic pressure",
            "China's domestic pressure: smoothed weighted monthly losses plus shocks",
        ),
        read: |w| w.resource::<DomesticPressure>().cn,
    },
    RoundMetric {
        meta: meta(
            "us_welfare_cum_usd_bn",
            "USD bn",
            "US cumulative welfare",
            "US welfare accumulated since 2025-10, vs the no-conflict reference",
        ),
        read: |w| w.resource::<Welfare>().us_cum_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "cn_welfare_cum_usd_bn",
            "USD bn",
            "China's cumulative welfare",
            "China's welfare accumulated since 2025-10, vs the no-conflict reference",
        ),
        read: |w| w.resource::<Welfare>().cn_cum_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "deal_active",
            "0/1",
            "Share of runs under a deal",
            "1 if a deal is in force at the end of the month",
        ),
        read: |w| f64::from(u8::from(w.resource::<DealStatus>().active)),
    },
    RoundMetric {
        meta: meta(
            "soy_commitment_fulfilled_share",
            "fraction 0..1+",
            "Soybean commitment fulfilled",
            "cumulative US soybean exports to China against the current (or last) deal's commitment to date; 0 before any deal",
        ),
        read: |w| w.resource::<DealStatus>().fulfilled_share(),
    },
];

/// Outcomes of the governments, goods trade and welfare (MODEL.md §6).
pub const CORE_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "us_tariff_final",
            "fraction 0..1",
            "US tariff, final month",
            "US average tariff on Chinese goods in the last round",
        ),
        compute: |v| v.last("us_tariff"),
    },
    RunMetric {
        meta: meta(
            "cn_tariff_final",
            "fraction 0..1",
            "China's tariff, final month",
            "China's average tariff on US goods in the last round",
        ),
        compute: |v| v.last("cn_tariff"),
    },
    RunMetric {
        meta: meta(
            "us_tariff_peak",
            "fraction 0..1",
            "US tariff, peak",
            "highest end-of-month US tariff over the horizon",
        ),
        compute: |v| v.max("us_tariff"),
    },
    RunMetric {
        meta: meta(
            "cn_tariff_peak",
            "fraction 0..1",
            "China's tariff, peak",
            "highest end-of-month China tariff over the horizon",
        ),
        compute: |v| v.max("cn_tariff"),
    },
    RunMetric {
        meta: meta(
            "bilateral_trade_change_pct",
            "percent",
            "Bilateral goods trade vs 2024",
            "average monthly bilateral goods trade over the horizon vs the 2024 monthly average",
        ),
        compute: |v| {
            let t = v.resource::<GoodsTrade>();
            let base = baseline_monthly_bilateral_usd_bn(&v.resource::<Scenario>().trade);
            (t.months > 0 && base > 0.0)
                .then(|| 100.0 * (t.bilateral_cum_usd_bn / f64::from(t.months) / base - 1.0))
        },
    },
    RunMetric {
        meta: meta(
            "us_welfare_usd_bn",
            "USD bn",
            "US welfare over the horizon",
            "US welfare summed over the horizon vs the no-conflict reference",
        ),
        compute: |v| Some(v.resource::<Welfare>().us_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "cn_welfare_usd_bn",
            "USD bn",
            "China's welfare over the horizon",
            "China's welfare summed over the horizon vs the no-conflict reference",
        ),
        compute: |v| Some(v.resource::<Welfare>().cn_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "deal_reached",
            "0/1",
            "Deal reached",
            "1 if a deal was struck within the horizon",
        ),
        compute: |v| {
            Some(f64::from(u8::from(
                v.resource::<DealStatus>().deal_count > 0,
            )))
        },
    },
    RunMetric {
        meta: meta(
            "first_deal_round",
            "round",
            "First deal, round",
            "round of the first deal (empty if none)",
        ),
        compute: |v| v.resource::<DealStatus>().first_deal_round.map(f64::from),
    },
    RunMetric {
        meta: meta(
            "deal_count",
            "deals",
            "Deals struck",
            "number of deals struck over the horizon (renewals not counted)",
        ),
        compute: |v| Some(f64::from(v.resource::<DealStatus>().deal_count)),
    },
    RunMetric {
        meta: meta(
            "deal_broken",
            "0/1",
            "Deal broken",
            "1 if a deal ended by defection or a compliance breach",
        ),
        compute: |v| Some(f64::from(u8::from(v.resource::<DealStatus>().broken))),
    },
    RunMetric {
        meta: meta(
            "soy_commitment_fulfilled_share",
            "fraction 0..1+",
            "Soybean commitment fulfilled",
            "US soybean exports to China against the last deal's commitment to date (empty if no deal)",
        ),
        compute: |v| {
            let d = v.resource::<DealStatus>();
            (d.deal_count > 0).then(|| d.fulfilled_share())
        },
    },
];

/// Every per-month metric, in column order.
pub static ROUND_METRICS: LazyLock<Vec<RoundMetric>> = LazyLock::new(|| {
    [
        CORE_ROUND_METRICS,
        crate::model::mechanisms::soybeans::SOY_ROUND_METRICS,
        crate::model::mechanisms::farmers::FARM_ROUND_METRICS,
        crate::model::mechanisms::rare_earths::RARE_EARTH_ROUND_METRICS,
        crate::model::mechanisms::tech_controls::TECH_ROUND_METRICS,
        crate::model::mechanisms::exporters::EXPORTER_ROUND_METRICS,
    ]
    .concat()
});

/// Every per-run outcome, in column order.
pub static RUN_METRICS: LazyLock<Vec<RunMetric>> = LazyLock::new(|| {
    [
        CORE_RUN_METRICS,
        crate::model::mechanisms::soybeans::SOY_RUN_METRICS,
        crate::model::mechanisms::farmers::FARM_RUN_METRICS,
        crate::model::mechanisms::rare_earths::RARE_EARTH_RUN_METRICS,
        crate::model::mechanisms::tech_controls::TECH_RUN_METRICS,
        crate::model::mechanisms::exporters::EXPORTER_RUN_METRICS,
    ]
    .concat()
});

/// Index of a round metric by name.
pub fn round_metric_index(name: &str) -> Option<usize> {
    ROUND_METRICS.iter().position(|m| m.meta.name == name)
}

/// Index of a run metric by name.
pub fn run_metric_index(name: &str) -> Option<usize> {
    RUN_METRICS.iter().position(|m| m.meta.name == name)
}

/// Record step (§4.12): append this month's metrics to the trajectory.
pub fn record(world: &mut World) {
    let row: Vec<f64> = ROUND_METRICS.iter().map(|m| (m.read)(world)).collect();
    world.resource_mut::<Trajectory>().values.extend(row);
}

/// The outcomes of a finished replicate, in `RUN_METRICS` order.
pub fn outcomes(world: &World) -> Vec<Option<f64>> {
    let view = RunView {
        world,
        trajectory: world.resource::<Trajectory>(),
    };
    RUN_METRICS
        .iter()
        .map(|m| (m.compute)(&view).filter(|x| x.is_finite()))
        .collect()
}
