//! Outcome and trajectory metrics (docs/model.md §4.12 record, §6 outcomes): the types of a
//! name → reporter table in the manner of Mesa's DataCollector. Each mechanism declares its
//! own tables (`*_ROUND_METRICS`, `*_RUN_METRICS`); `model::recorder` joins them in column
//! order, and the recorder, the CSV writers, the charts and the docs all read the join: a
//! new metric is one entry in its mechanism's table.
//!
//! Units by suffix: tariffs and `_share` are fractions 0..1; `_pct` percent; `_usd_bn`
//! billions of US dollars; `_mt` million tonnes. In trajectories every flow is per month and
//! stocks are end-of-month levels; in run outcomes flows are summed over the horizon.

use bevy_ecs::prelude::*;

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

/// The recorded monthly values of one replicate: `rounds × ` the number of round metrics,
/// row-major, in the recorder's column order.
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
    /// The round metrics the trajectory holds, in its column order.
    pub round_metrics: &'a [RoundMetric],
}

impl RunView<'_> {
    /// The monthly series of a round metric.
    pub fn series(&self, name: &str) -> impl Iterator<Item = f64> + '_ {
        let n = self.round_metrics.len();
        let idx = self
            .round_metrics
            .iter()
            .position(|m| m.meta.name == name)
            .unwrap_or_else(|| panic!("no round metric {name}"));
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
