//! `[sweep]`: the design and the swept parameters of a parameter sweep.

use serde::{Deserialize, Serialize};

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

/// The `[sweep]` table of a scenario, as written (see `tradewar params`, keys `sweep.*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepConfig {
    /// The design.
    pub design: DesignKind,
    /// Points (latin_hypercube) or base samples (sobol).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<u64>,
    /// Replicates per point (default: the scenario's `replicates`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicates: Option<u64>,
    /// Bootstrap resamples for sensitivity intervals (sobol; default 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bootstrap: Option<u64>,
    /// The swept parameters, in column order.
    #[serde(default)]
    pub parameters: Vec<SweepParameter>,
}

/// One swept parameter (`[[sweep.parameters]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepParameter {
    /// Config key path, e.g. `us.tariff.ceiling`.
    pub path: String,
    /// Grid values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<f64>>,
    /// `[low, high]` for sampled designs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Vec<f64>>,
}
