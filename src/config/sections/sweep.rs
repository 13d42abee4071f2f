//! `[sweep]`: the design and the swept parameters of a parameter sweep (`tradewar sweep`;
//! docs/model.md §7). Optional: the baseline leaves it out.

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

/// Designs of a parameter sweep, as written in `sweep.design`.
pub const SWEEP_DESIGNS: &[&str] = &["grid", "latin_hypercube", "sobol"];

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
}

impl DesignKind {
    /// The name used in config files and manifests.
    pub fn name(self) -> &'static str {
        match self {
            DesignKind::Grid => "grid",
            DesignKind::LatinHypercube => "latin_hypercube",
            DesignKind::Sobol => "sobol",
        }
    }

    /// Parses a config name.
    pub fn from_name(name: &str) -> Option<Self> {
        [Self::Grid, Self::LatinHypercube, Self::Sobol]
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
        /// Sobol/Saltelli sample of `range`s (sobol also writes sensitivity.csv).
        pub design: DesignKind = choice("name", SWEEP_DESIGNS),
        /// Sampled designs: points (latin_hypercube) or base samples N (sobol: N·(d+2)
        /// points; a power of two is best).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub samples: Option<u64> = integer("points", 1, 100_000_000),
        /// Replicates per design point (default: `replicates`); every point reuses
        /// replicates 0..R.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub replicates: Option<u64> = integer("runs per point", 1, 100_000_000),
        /// Sobol: bootstrap resamples for the 95% intervals in sensitivity.csv (default 1000).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub bootstrap: Option<u64> = integer("resamples", 0, 1_000_000),
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
