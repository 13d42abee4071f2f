//! `[sweep]`: the design and the swept parameters of a parameter sweep (`tradewar sweep`;
//! docs/model.md §7). Optional: the baseline leaves it out.

use serde::{Deserialize, Serialize};

use toml::Table;

use crate::config::spec::section;

/// Designs of a parameter sweep, as written in `sweep.design`.
pub const SWEEP_DESIGNS: &[&str] = &["grid", "latin_hypercube", "sobol", "morris"];

/// How design points are chosen (`sweep.design`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DesignKind {
    /// Every combination of the listed `values` (first parameter slowest).
    Grid,
    /// `samples` points, one in every stratum of every parameter's `range`.
    LatinHypercube,
    /// A Saltelli design of `samples` base samples, `samples · (d + 2)` points, for Sobol
    /// sensitivity indices.
    Sobol,
    /// Morris elementary-effects screening: `samples` trajectories of `d + 1` points on a
    /// grid of `levels` levels (`screening.csv`).
    Morris,
}

impl DesignKind {
    /// The name used in config files and manifests.
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::LatinHypercube => "latin_hypercube",
            DesignKind::Sobol => "sobol",
            DesignKind::Morris => "morris",
        }
    }

    /// Parses a config name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Grid, Self::LatinHypercube, Self::Sobol, Self::Morris]
            .into_iter()
            .find(|d| d.name() == name)
    }
}

section! {
    /// The `[sweep]` table of a scenario, as written.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SweepConfig {
        /// Sweep design: every combination of `values` (grid), a Latin hypercube or a
        /// Sobol/Saltelli sample of `range`s (sobol also writes sensitivity.csv), or Morris
        /// trajectories over the `range`s (morris also writes screening.csv).
        pub design: DesignKind = choice("name", SWEEP_DESIGNS),
        /// Sampled designs: points (latin_hypercube), base samples N (sobol: N·(d+2)
        /// points; a power of two is best) or trajectories r (morris: r·(d+1) points).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub samples: Option<u64> = integer("points", 1, 100_000_000),
        /// Replicates per design point (default: `replicates`); every point reuses
        /// replicates 0..R.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub replicates: Option<u64> = integer("runs per point", 1, 100_000_000),
        /// Sobol, morris: bootstrap resamples for the 95% intervals in sensitivity.csv and
        /// screening.csv (default 1000).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub bootstrap: Option<u64> = integer("resamples", 0, 1_000_000),
        /// Morris: levels p of the grid each parameter's range is cut into (even; default
        /// 4); a step moves one parameter by p/(2(p−1)) of its range.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub levels: Option<u64> = integer("levels", 2, 1000),
        /// Policy options: `{ "key.path" = [option, ...] }` (e.g. `"us.strategy.name" =
        /// ["hold", "tit_for_tat"]`); every combination (a policy) runs on the same sampled
        /// scenarios of the `parameters` (the uncertainties) and robustness.csv compares them.
        #[serde(default, skip_serializing_if = "Table::is_empty")]
        pub levers: Table = open_table(),
        /// With levers: the direction of each compared metric, `{ metric = "max" | "min" }`
        /// (the better end); regret per scenario is the gap to the best policy there.
        #[serde(default, skip_serializing_if = "Table::is_empty")]
        pub regret: Table = open_table(),
        /// The swept parameters, in column order.
        #[serde(default)]
        pub parameters: Vec<SweepParameter> = nested(),
    }
}

section! {
    /// One swept parameter (`[[sweep.parameters]]`).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SweepParameter {
        /// A swept parameter: a real-valued config key (e.g. `us.tariff.ceiling`) or a
        /// strategy parameter (e.g. `us.strategy.params.max_escalations`).
        pub path: String = text("key path"),
        /// Grid: the values this parameter takes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub values: Option<Vec<f64>> = number_list("in the key's unit"),
        /// Latin hypercube, sobol: the `[low, high]` interval this parameter is sampled from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub range: Option<Vec<f64>> = number_list("[low, high] in the key's unit"),
    }
}
