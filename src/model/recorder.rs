//! The record step and the run outcomes (docs/model.md §4.12, §6): every mechanism's metric
//! tables joined in column order (the columns of `rounds.csv`, `trajectories.csv` and
//! `outcomes.csv`), the step that appends a month's row, and the outcomes of a finished
//! replicate.

use std::sync::LazyLock;

use bevy_ecs::prelude::*;

use crate::model::mechanisms::{
    exporters, farmers, governments, negotiation, politics, rare_earths, soybeans, tech_controls,
    trade, welfare,
};
use crate::model::metrics::{RoundMetric, RunMetric, RunView, Trajectory};

/// Every per-month metric, in column order.
pub static ROUND_METRICS: LazyLock<Vec<RoundMetric>> = LazyLock::new(|| {
    [
        governments::GOVERNMENT_ROUND_METRICS,
        trade::TRADE_ROUND_METRICS,
        politics::POLITICS_ROUND_METRICS,
        welfare::WELFARE_ROUND_METRICS,
        negotiation::NEGOTIATION_ROUND_METRICS,
        soybeans::SOY_ROUND_METRICS,
        farmers::FARM_ROUND_METRICS,
        rare_earths::RARE_EARTH_ROUND_METRICS,
        tech_controls::TECH_ROUND_METRICS,
        exporters::EXPORTER_ROUND_METRICS,
    ]
    .concat()
});

/// Every per-run outcome, in column order.
pub static RUN_METRICS: LazyLock<Vec<RunMetric>> = LazyLock::new(|| {
    [
        governments::GOVERNMENT_RUN_METRICS,
        trade::TRADE_RUN_METRICS,
        welfare::WELFARE_RUN_METRICS,
        negotiation::NEGOTIATION_RUN_METRICS,
        soybeans::SOY_RUN_METRICS,
        farmers::FARM_RUN_METRICS,
        rare_earths::RARE_EARTH_RUN_METRICS,
        tech_controls::TECH_RUN_METRICS,
        exporters::EXPORTER_RUN_METRICS,
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

/// An empty trajectory with room for `rounds` months of every round metric.
pub fn trajectory(rounds: u32) -> Trajectory {
    Trajectory {
        values: Vec::with_capacity(rounds as usize * ROUND_METRICS.len()),
    }
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
        round_metrics: &ROUND_METRICS,
    };
    RUN_METRICS
        .iter()
        .map(|m| (m.compute)(&view).filter(|x| x.is_finite()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_names_are_unique_within_each_table() {
        let mut names: Vec<&str> = ROUND_METRICS.iter().map(|m| m.meta.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "duplicate round metric");
        let mut names: Vec<&str> = RUN_METRICS.iter().map(|m| m.meta.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "duplicate run metric");
    }

    #[test]
    fn the_columns_start_with_the_governments_and_end_with_the_exporters() {
        assert_eq!(round_metric_index("us_tariff"), Some(0));
        assert_eq!(run_metric_index("us_tariff_final"), Some(0));
        assert_eq!(
            ROUND_METRICS.last().map(|m| m.meta.name),
            Some("cn_rerouted_share")
        );
        assert_eq!(
            RUN_METRICS.last().map(|m| m.meta.name),
            Some("cn_export_jobs_lost_share")
        );
    }
}
