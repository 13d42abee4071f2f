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
use crate::model::metrics::{MetricMeta, RoundMetric, RunMetric, RunView, Trajectory};

/// The mechanisms' per-month metric tables, in column order.
const ROUND_TABLES: &[&[RoundMetric]] = &[
    governments::GOVERNMENT_ROUND_METRICS,
    trade::TRADE_ROUND_METRICS,
    politics::POLITICS_ROUND_METRICS,
    welfare::WELFARE_ROUND_METRICS,
    welfare::PARTS_ROUND_METRICS,
    negotiation::NEGOTIATION_ROUND_METRICS,
    soybeans::SOY_ROUND_METRICS,
    farmers::FARM_ROUND_METRICS,
    rare_earths::RARE_EARTH_ROUND_METRICS,
    tech_controls::TECH_ROUND_METRICS,
    exporters::EXPORTER_ROUND_METRICS,
];

/// The mechanisms' per-run outcome tables, in column order.
const RUN_TABLES: &[&[RunMetric]] = &[
    governments::GOVERNMENT_RUN_METRICS,
    trade::TRADE_RUN_METRICS,
    welfare::WELFARE_RUN_METRICS,
    negotiation::NEGOTIATION_RUN_METRICS,
    soybeans::SOY_RUN_METRICS,
    farmers::FARM_RUN_METRICS,
    rare_earths::RARE_EARTH_RUN_METRICS,
    tech_controls::TECH_RUN_METRICS,
    exporters::EXPORTER_RUN_METRICS,
];

/// Every per-month metric, in column order.
pub static ROUND_METRICS: LazyLock<Vec<RoundMetric>> = LazyLock::new(|| ROUND_TABLES.concat());

/// Every per-run outcome, in column order.
pub static RUN_METRICS: LazyLock<Vec<RunMetric>> = LazyLock::new(|| RUN_TABLES.concat());

/// Index of a round metric by name.
pub fn round_metric_index(name: &str) -> Option<usize> {
    ROUND_METRICS.iter().position(|m| m.meta.name == name)
}

/// A run outcome's column in `RUN_METRICS` (and in every replicate's outcomes). The constants
/// in [`outcome`] are resolved when the crate is compiled, so a misspelt name fails the build;
/// [`RunMetricId::find`] resolves a name given at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunMetricId(usize);

impl RunMetricId {
    /// The outcome named `name`. Meant for constants: an unknown name there is a build error
    /// (and a panic if called at run time; use [`RunMetricId::find`] for names from input).
    pub const fn named(name: &str) -> Self {
        let mut column = 0;
        let mut t = 0;
        while t < RUN_TABLES.len() {
            let table = RUN_TABLES[t];
            let mut k = 0;
            while k < table.len() {
                if same_text(table[k].meta.name, name) {
                    return Self(column);
                }
                column += 1;
                k += 1;
            }
            t += 1;
        }
        panic!("no run metric of this name")
    }

    /// The outcome named `name`, if there is one.
    pub fn find(name: &str) -> Option<Self> {
        RUN_METRICS
            .iter()
            .position(|m| m.meta.name == name)
            .map(Self)
    }

    /// The column index.
    pub const fn index(self) -> usize {
        self.0
    }

    /// Name, unit and meaning.
    pub fn meta(self) -> &'static MetricMeta {
        &RUN_METRICS[self.0].meta
    }
}

/// Byte equality of two strings, usable in constants.
const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Handles of the run outcomes the experiments and examples read by name.
pub mod outcome {
    use super::RunMetricId;

    /// US average tariff on Chinese goods in the last round (fraction 0..1).
    pub const US_TARIFF_FINAL: RunMetricId = RunMetricId::named("us_tariff_final");
    /// China's average tariff on US goods in the last round (fraction 0..1).
    pub const CN_TARIFF_FINAL: RunMetricId = RunMetricId::named("cn_tariff_final");
    /// 1 if a deal was struck within the horizon, else 0.
    pub const DEAL_REACHED: RunMetricId = RunMetricId::named("deal_reached");
    /// Round of the first deal (missing without one).
    pub const FIRST_DEAL_ROUND: RunMetricId = RunMetricId::named("first_deal_round");
    /// US welfare summed over the horizon vs the no-conflict reference (USD bn).
    pub const US_WELFARE_USD_BN: RunMetricId = RunMetricId::named("us_welfare_usd_bn");
    /// China's welfare summed over the horizon vs the no-conflict reference (USD bn).
    pub const CN_WELFARE_USD_BN: RunMetricId = RunMetricId::named("cn_welfare_usd_bn");
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
        assert_eq!(
            RunMetricId::find("us_tariff_final"),
            Some(outcome::US_TARIFF_FINAL)
        );
        assert_eq!(outcome::US_TARIFF_FINAL.index(), 0);
        assert_eq!(RunMetricId::find("us_tarif_final"), None);
        for (i, m) in RUN_METRICS.iter().enumerate() {
            assert_eq!(RunMetricId::named(m.meta.name).index(), i);
        }
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
