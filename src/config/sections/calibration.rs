//! `[calibration]`: the free parameters with their priors, the targets (observed series or
//! moments, each on a history scenario) and the settings of the method: approximate Bayesian
//! computation by sequential Monte Carlo, or a simulated-method-of-moments point estimate
//! (`tradewar calibrate`; docs/model.md "Calibration"). Optional: the baseline leaves it out.

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

/// Prior shapes of a free parameter, as written in `calibration.parameters[].prior`.
pub const PRIOR_SHAPES: &[&str] = &["uniform", "triangular", "normal"];

/// Kinds of target, as written in `calibration.targets[].kind`.
pub const TARGET_KINDS: &[&str] = &["series", "outcome"];

/// Statistics of an outcome target over a candidate's replicates.
pub const OUTCOME_STATISTICS: &[&str] = &["mean", "median"];

/// Calibration methods, as written in `calibration.method`.
pub const CALIBRATION_METHODS: &[&str] = &["abc_smc", "smm"];

section! {
    /// The `[calibration]` table of a scenario, as written.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CalibrationConfig {
        /// Method: `abc_smc`, approximate Bayesian computation by sequential Monte Carlo with an
        /// adaptive tolerance schedule (Beaumont et al. 2009; Del Moral et al. 2012); `smm`, the
        /// simulated method of moments: the point that minimises the same distance, by
        /// Nelder–Mead from the best points of a design drawn from the priors.
        #[serde(default = "abc_smc")]
        pub method: String = choice("name", CALIBRATION_METHODS),
        /// Particles in each generation's population (`smm`: points of the initial design
        /// drawn from the priors, which set the error scales and the starts).
        pub particles: u64 = integer("particles", 4, 1_000_000),
        /// `abc_smc` (required there, refused under `smm`): largest number of generations
        /// (generation 0 is drawn from the prior).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub generations: Option<u64> = integer("generations", 1, 1_000),
        /// Replicates each candidate runs on each history scenario (replicates 0..R of the
        /// master seed: common random numbers across candidates).
        pub replicates: u64 = integer("runs per candidate", 1, 100_000),
        /// Quantile of the previous generation's distances that sets the next tolerance.
        #[serde(default = "half")]
        pub alpha: f64 = number("quantile 0..1", 0.05, 0.95),
        /// The run stops when a generation's acceptance rate falls below this share (its
        /// proposals are capped at `particles / min_acceptance`).
        #[serde(default = "five_pct")]
        pub min_acceptance: f64 = number("fraction", 0.001, 1.0),
        /// `smm` only (default 4): Nelder–Mead searches, each from one of the best points of
        /// the initial design.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub starts: Option<u64> = integer("searches", 1, 64),
        /// `smm` only (default 100): largest number of simplex steps of each search.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub iterations: Option<u64> = integer("simplex steps", 1, 10_000),
        /// `smm` only (default 1e-4): a search ends when the distances at its simplex's
        /// vertices span less than this (the distance is unitless: errors over their scales).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub tolerance: Option<f64> = number("distance", 1e-12, 1e6),
        /// The free parameters, in column order; none listed: the assumption parameters of
        /// negotiation, pressure and strategy (docs/model.md "Calibration").
        #[serde(default)]
        pub parameters: Vec<CalibrationParameter> = nested(),
        /// The targets the distance compares.
        #[serde(default)]
        pub targets: Vec<CalibrationTarget> = nested(),
    }
}

section! {
    /// One free parameter (`[[calibration.parameters]]`).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CalibrationParameter {
        /// A real-valued config key (e.g. `negotiation.logit_intercept`) or a strategy
        /// parameter (e.g. `us.strategy.params.max_escalations`).
        pub path: String = text("key path"),
        /// `[low, high]`: the prior's support, inside the key's allowed range.
        pub range: Vec<f64> = number_list("[low, high] in the key's unit"),
        /// The history scenarios (as written in the targets' `scenario`) the parameter is
        /// set on; empty: all of them. A parameter of one era, such as a strategy that only
        /// one history's government plays, names its history here.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub scenarios: Vec<String> = text_list("scenario paths as in calibration.targets[].scenario"),
        /// Shape of the prior on `range`: uniform, triangular (peak at `mode`) or normal
        /// (`mean`, `sd`, truncated to `range`).
        #[serde(default = "uniform")]
        pub prior: String = choice("shape", PRIOR_SHAPES),
        /// Triangular prior: its peak.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub mode: Option<f64> = number("in the key's unit", -1e12, 1e12),
        /// Normal prior: its mean.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub mean: Option<f64> = number("in the key's unit", -1e12, 1e12),
        /// Normal prior: its standard deviation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sd: Option<f64> = number("in the key's unit", 0.0, 1e12),
    }
}

section! {
    /// One target (`[[calibration.targets]]`): an observed series matched month by month, or
    /// an observed moment of a run outcome.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CalibrationTarget {
        /// Name used in fit.csv and the charts.
        pub name: String = text("text"),
        /// `series`: a monthly metric against an observed file; `outcome`: a run outcome's
        /// statistic against `value`.
        #[serde(default = "series")]
        pub kind: String = choice("kind", TARGET_KINDS),
        /// The history scenario the target applies to (path relative to the calibration
        /// config file, e.g. `../history/trade_war_2018.toml`).
        pub scenario: String = text("path"),
        /// The model metric: a monthly metric (series) or a run outcome (outcome).
        pub metric: String = text("metric name"),
        /// Series: the observed CSV (`month` or `date`, `metric`, `value`; relative to the
        /// calibration config file, e.g. `../../data/observed/tariffs.csv`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub observed: Option<String> = text("path"),
        /// Series: first month compared (default: the scenario's first month).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub from: Option<String> = month(),
        /// Series: last month compared (default: the scenario's last month).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub to: Option<String> = month(),
        /// Outcome: the observed value, in the metric's unit.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub value: Option<f64> = number("in the metric's unit", -1e12, 1e12),
        /// The statistic over a candidate's replicates: of the outcome (compared with
        /// `value`) or of each observed month (series). The mean varies smoothly with the
        /// parameters where the median of a stepped path (tariffs) jumps.
        #[serde(default = "median")]
        pub statistic: String = choice("statistic", OUTCOME_STATISTICS),
        /// Weight of the target in the distance (each target's error is first divided by
        /// its median over the prior's particles).
        #[serde(default = "one")]
        pub weight: f64 = number("weight", 0.0, 1e6),
    }
}

fn abc_smc() -> String {
    "abc_smc".into()
}

fn uniform() -> String {
    "uniform".into()
}

fn series() -> String {
    "series".into()
}

fn median() -> String {
    "median".into()
}

fn half() -> f64 {
    0.5
}

fn five_pct() -> f64 {
    0.05
}

fn one() -> f64 {
    1.0
}
