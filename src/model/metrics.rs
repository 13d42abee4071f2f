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
    /// The monthly series of a round metric, named by its entry in its mechanism's table
    /// (a constant, so that a misspelt metric does not compile).
    pub fn series(&self, metric: &RoundMetric) -> impl Iterator<Item = f64> + '_ {
        let n = self.round_metrics.len();
        let name = metric.meta.name;
        let idx = self
            .round_metrics
            .iter()
            .position(|m| m.meta.name == name)
            .unwrap_or_else(|| panic!("round metric {name} is in no mechanism's table"));
        self.trajectory.values.iter().skip(idx).step_by(n).copied()
    }

    /// The last value of a round metric.
    pub fn last(&self, metric: &RoundMetric) -> Option<f64> {
        self.series(metric).last()
    }

    /// The largest value of a round metric.
    pub fn max(&self, metric: &RoundMetric) -> Option<f64> {
        self.series(metric).reduce(f64::max)
    }

    /// The sum over the horizon of a round metric (for flows).
    pub fn sum(&self, metric: &RoundMetric) -> f64 {
        self.series(metric).sum()
    }

    /// A resource of the final world.
    pub fn resource<R: Resource>(&self) -> &R {
        self.world.resource::<R>()
    }
}
