//! From a scenario's `[calibration]` table to a checked plan (docs/model.md "Calibration"):
//! the free parameters with their priors and old defaults, the history scenarios the
//! targets run on (loaded with the calibration's seed and replicates), and each target's
//! observations matched to the scenario's rounds. Everything a user can get wrong is
//! reported here, before any model run, naming the file and the key.

use std::path::{Path, PathBuf};

use super::abc_smc::Settings;
use super::prior::Prior;
use super::smm::{DEFAULT_ITERATIONS, DEFAULT_STARTS, DEFAULT_TOLERANCE, SearchSettings};
use crate::config::load::Flag;
use crate::config::{CalibrationConfig, ConfigError, LoadedScenario};
use crate::experiment::replicate::Prepared;
use crate::experiment::sweep::plan::sweepable;
use crate::foundation::calendar::YearMonth;
use crate::foundation::observed::read_observed;
use crate::model::recorder::{RUN_METRICS, RunMetricId, round_metric_index};
use crate::model::strategy::StrategyRegistry;

/// One free parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterPlan {
    /// Config key path.
    pub path: String,
    /// Its prior.
    pub prior: Prior,
    /// Its value in the calibration config before calibration (a distribution's mean);
    /// `None` where the config leaves it to a default elsewhere (strategy parameters).
    pub default: Option<f64>,
    /// The history scenarios (as written in the targets) it is set on; empty: all.
    pub scenarios: Vec<String>,
    /// Whether the calibration config itself takes the key, so that `calibrated.toml` can
    /// set it: false for a strategy parameter its own strategy does not take (one that
    /// belongs to a history's strategy only).
    pub in_config: bool,
}

impl ParameterPlan {
    /// Whether the parameter is set on the history scenario written as `path`.
    pub fn applies_to(&self, path: &str) -> bool {
        self.scenarios.is_empty() || self.scenarios.iter().any(|s| s == path)
    }
}

/// What a target compares.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetKind {
    /// A monthly metric (its column in the trajectory) against observations:
    /// `(round, month, observed value)`.
    Series {
        /// Column of the metric in a replicate's trajectory.
        column: usize,
        /// Observed points on the scenario's rounds.
        points: Vec<(u32, String, f64)>,
        /// Median (true) or mean (false) of each month over the replicates.
        median: bool,
    },
    /// A run outcome's statistic over the replicates against an observed value.
    Outcome {
        /// The outcome's column.
        column: usize,
        /// The observed value.
        value: f64,
        /// Median (true) or mean (false) over the replicates.
        median: bool,
    },
}

/// One target.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetPlan {
    /// Name (fit.csv, charts).
    pub name: String,
    /// The model metric.
    pub metric: String,
    /// Index into [`CalibrationPlan::scenarios`].
    pub scenario: usize,
    /// Weight in the distance.
    pub weight: f64,
    /// What is compared.
    pub kind: TargetKind,
}

/// A history scenario the targets run on.
#[derive(Clone)]
pub struct HistoryScenario {
    /// The path as written in the config (relative to the calibration config).
    pub path: String,
    /// The loaded scenario (the calibration's seed and replicates).
    pub base: Prepared,
}

/// The method a plan runs (`calibration.method`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// ABC-SMC: a posterior sample ([`CalibrationPlan::settings`]).
    AbcSmc,
    /// The simulated method of moments: a point estimate (the design is
    /// [`CalibrationPlan::settings`]' generation 0).
    Smm(SearchSettings),
}

/// A checked calibration.
#[derive(Clone)]
pub struct CalibrationPlan {
    /// The `[calibration]` table as written, its parameters filled with the default set
    /// when it lists none.
    pub config: CalibrationConfig,
    /// The free parameters, in column order.
    pub parameters: Vec<ParameterPlan>,
    /// The targets.
    pub targets: Vec<TargetPlan>,
    /// The history scenarios, in order of first use.
    pub scenarios: Vec<HistoryScenario>,
    /// Replicates per candidate and scenario.
    pub replicates: u64,
    /// The sampler's settings (`smm`: its design is the sampler's generation 0).
    pub settings: Settings,
    /// The method.
    pub method: Method,
}

fn err(origin: &str, m: String) -> ConfigError {
    ConfigError::new(origin, m)
}

/// The method's settings; a key of the other method is refused, naming it.
fn method_of(cal: &CalibrationConfig, origin: &str) -> Result<Method, ConfigError> {
    let refuse = |key: &str, owner: &str| {
        err(
            origin,
            format!(
                "calibration.{key} is a setting of method = \"{owner}\", not of method = \"{}\": remove it (or set method = \"{owner}\")",
                cal.method
            ),
        )
    };
    if cal.method == "smm" {
        if cal.generations.is_some() {
            return Err(refuse("generations", "abc_smc"));
        }
        let search = SearchSettings {
            starts: cal.starts.unwrap_or(DEFAULT_STARTS) as usize,
            iterations: cal.iterations.unwrap_or(DEFAULT_ITERATIONS) as usize,
            tolerance: cal.tolerance.unwrap_or(DEFAULT_TOLERANCE),
        };
        if search.starts as u64 > cal.particles {
            return Err(err(
                origin,
                format!(
                    "calibration.starts = {} exceeds calibration.particles = {}: each search starts from a point of the design",
                    search.starts, cal.particles
                ),
            ));
        }
        return Ok(Method::Smm(search));
    }
    for (key, set) in [
        ("starts", cal.starts.is_some()),
        ("iterations", cal.iterations.is_some()),
        ("tolerance", cal.tolerance.is_some()),
    ] {
        if set {
            return Err(refuse(key, "smm"));
        }
    }
    if cal.generations.is_none() {
        return Err(err(
            origin,
            "method = \"abc_smc\" needs calibration.generations (the largest number of generations)".into(),
        ));
    }
    Ok(Method::AbcSmc)
}

/// A number at a key path of a config tree (a distribution's mean), if set there.
pub fn value_at(table: &toml::Table, path: &str) -> Option<f64> {
    let mut cur = toml::Value::Table(table.clone());
    for part in path.split('.') {
        cur = match cur {
            toml::Value::Table(mut t) => t.remove(part)?,
            toml::Value::Array(mut a) => {
                let i: usize = part.parse().ok()?;
                (i < a.len()).then(|| a.swap_remove(i))?
            }
            _ => return None,
        };
    }
    match cur {
        toml::Value::Float(f) => Some(f),
        toml::Value::Integer(i) => Some(i as f64),
        toml::Value::Table(t) => crate::config::dist::ParamDist::parse(&t)
            .ok()
            .map(|d| d.mean()),
        _ => None,
    }
}

/// The free parameters of a `[calibration]` table that lists none (docs/model.md
/// "Calibration"): the assumption parameters of negotiation, pressure and strategy, with the
/// prior ranges of configs/calibration/full.toml, as `(key path, low, high)`.
pub const DEFAULT_PARAMETERS: &[(&str, f64, f64)] = &[
    ("negotiation.logit_intercept", -5.0, -1.0),
    ("negotiation.logit_pressure_slope", 0.0, 2.5),
    ("negotiation.summit_logit_bonus", 0.0, 2.5),
    ("negotiation.working_level_probability", 0.05, 0.6),
    ("negotiation.renewal_probability", 0.2, 1.0),
    ("us.pressure.decay", 0.3, 0.95),
    ("cn.pressure.decay", 0.3, 0.95),
    ("us.pressure.resolve", 4.0, 30.0),
    ("cn.pressure.resolve", 3.0, 24.0),
    ("us.strategy.params.escalation_probability", 0.05, 1.0),
    ("us.strategy.params.max_escalations", 0.5, 8.5),
    ("cn.strategy.params.tariff_gap", 0.0, 1.0),
];

/// Whether `scenario` takes the key `path`: true for any key but a strategy parameter
/// (`<side>.strategy.params.<name>`), which the side's configured strategy must declare.
fn strategy_takes(scenario: &LoadedScenario, registry: &StrategyRegistry, path: &str) -> bool {
    let Some((side, name)) = path.split_once(".strategy.params.") else {
        return true;
    };
    let strategy = match side {
        "us" => &scenario.typical.us.strategy.name,
        _ => &scenario.typical.cn.strategy.name,
    };
    registry
        .get(strategy)
        .is_some_and(|e| e.meta.params.iter().any(|p| p.name == name))
}

/// [`DEFAULT_PARAMETERS`] for these targets: a strategy parameter is set on the histories
/// whose government plays a strategy that takes it (and left out where none does). A history
/// that does not load is skipped here; the targets' check reports it.
fn default_parameters(
    cal: &CalibrationConfig,
    dir: &Path,
    registry: &StrategyRegistry,
) -> Vec<crate::config::CalibrationParameter> {
    let mut histories: Vec<(String, Option<LoadedScenario>)> = Vec::new();
    for t in &cal.targets {
        if !histories.iter().any(|(p, _)| p == &t.scenario) {
            let loaded = LoadedScenario::load(Some(&dir.join(&t.scenario)), &[]).ok();
            histories.push((t.scenario.clone(), loaded));
        }
    }
    DEFAULT_PARAMETERS
        .iter()
        .filter_map(|&(path, low, high)| {
            let mut scenarios = Vec::new();
            if path.contains(".strategy.params.") {
                scenarios = histories
                    .iter()
                    .filter(|(_, h)| {
                        h.as_ref()
                            .is_some_and(|h| strategy_takes(h, registry, path))
                    })
                    .map(|(p, _)| p.clone())
                    .collect();
                if scenarios.is_empty() {
                    return None;
                }
                if scenarios.len() == histories.len() {
                    scenarios.clear();
                }
            }
            Some(crate::config::CalibrationParameter {
                path: path.into(),
                range: vec![low, high],
                prior: "uniform".into(),
                mode: None,
                mean: None,
                sd: None,
                scenarios,
            })
        })
        .collect()
}

fn prior_of(
    p: &crate::config::CalibrationParameter,
    at: &str,
    origin: &str,
) -> Result<Prior, ConfigError> {
    let (min, max) = sweepable(&p.path, at, origin)?;
    let [low, high] = p.range[..] else {
        return Err(err(
            origin,
            format!("{at}.range must be [low, high], got {:?}", p.range),
        ));
    };
    if !(low < high && low >= min && high <= max) {
        return Err(err(
            origin,
            format!(
                "{at}.range = [{low}, {high}] must have low < high inside the key's range [{min}, {max}]"
            ),
        ));
    }
    match p.prior.as_str() {
        "triangular" => {
            let Some(mode) = p.mode.filter(|m| (low..=high).contains(m)) else {
                return Err(err(
                    origin,
                    format!("{at}: a triangular prior needs `mode` inside [{low}, {high}]"),
                ));
            };
            Ok(Prior::Triangular { low, mode, high })
        }
        "normal" => match (p.mean, p.sd) {
            (Some(mean), Some(sd)) if sd > 0.0 => Ok(Prior::Normal {
                low,
                high,
                mean,
                sd,
            }),
            _ => Err(err(
                origin,
                format!("{at}: a normal prior needs `mean` and `sd` > 0"),
            )),
        },
        _ => Ok(Prior::Uniform { low, high }),
    }
}

impl CalibrationPlan {
    /// Checks the `[calibration]` table of `loaded` (read from the file `config`: the
    /// targets' paths are relative to it) and loads the history scenarios.
    pub fn new(
        loaded: &LoadedScenario,
        config: &Path,
        registry: &StrategyRegistry,
    ) -> Result<Self, ConfigError> {
        let origin = loaded.origin.as_str();
        let Some(cal) = loaded.typical.calibration.clone() else {
            return Err(err(
                origin,
                "has no [calibration] table: add one with [[calibration.parameters]] and [[calibration.targets]] (see README, \"Calibration\")".into(),
            ));
        };
        if cal.targets.is_empty() {
            return Err(err(
                origin,
                "[calibration] needs at least one [[calibration.targets]]".into(),
            ));
        }
        let method = method_of(&cal, origin)?;
        let dir = config.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut cal = cal;
        if cal.parameters.is_empty() {
            cal.parameters = default_parameters(&cal, &dir, registry);
        }
        let mut parameters = Vec::new();
        for (i, p) in cal.parameters.iter().enumerate() {
            let at = format!("calibration.parameters[{i}]");
            if cal.parameters[..i].iter().any(|q| q.path == p.path) {
                return Err(err(
                    origin,
                    format!("{at}.path = \"{}\" is listed twice", p.path),
                ));
            }
            parameters.push(ParameterPlan {
                path: p.path.clone(),
                prior: prior_of(p, &at, origin)?,
                default: value_at(&loaded.table, &p.path),
                scenarios: p.scenarios.clone(),
                in_config: strategy_takes(loaded, registry, &p.path),
            });
        }
        let seed = loaded.typical.seed;
        let mut scenarios: Vec<HistoryScenario> = Vec::new();
        let mut targets = Vec::new();
        for (i, t) in cal.targets.iter().enumerate() {
            let at = format!("calibration.targets[{i}]");
            let scenario = match scenarios.iter().position(|s| s.path == t.scenario) {
                Some(k) => k,
                None => {
                    let path = dir.join(&t.scenario);
                    if !path.is_file() {
                        return Err(err(
                            origin,
                            format!(
                                "{at}.scenario = \"{}\": {} is not a file (paths are relative to the calibration config)",
                                t.scenario,
                                path.display()
                            ),
                        ));
                    }
                    let flags = [
                        Flag::new("[calibration] seed", "seed", seed),
                        Flag::new("calibration.replicates", "replicates", cal.replicates),
                    ];
                    let h = LoadedScenario::load_with_flags(Some(&path), &[], &flags)?;
                    let base = Prepared::new(h, registry.clone())?;
                    let values: Vec<(&str, f64)> = parameters
                        .iter()
                        .filter(|p| p.applies_to(&t.scenario))
                        .map(|p| {
                            let (lo, hi) = p.prior.range();
                            (p.path.as_str(), 0.5 * (lo + hi))
                        })
                        .collect();
                    base.loaded
                        .with_values(&values)
                        .and_then(|l| Prepared::new(l, registry.clone()))
                        .map_err(|e| {
                            err(
                                origin,
                                format!(
                                    "{at}.scenario = \"{}\" fails at the middle of the priors: {e}",
                                    t.scenario
                                ),
                            )
                        })?;
                    scenarios.push(HistoryScenario {
                        path: t.scenario.clone(),
                        base,
                    });
                    scenarios.len() - 1
                }
            };
            let typical = &scenarios[scenario].base.loaded.typical;
            let kind = match t.kind.as_str() {
                "outcome" => {
                    let Some(id) = RunMetricId::find(&t.metric) else {
                        return Err(err(
                            origin,
                            format!(
                                "{at}.metric = \"{}\" is not a run outcome (outcomes.csv columns)",
                                t.metric
                            ),
                        ));
                    };
                    let Some(value) = t.value else {
                        return Err(err(
                            origin,
                            format!("{at}: an outcome target needs `value`"),
                        ));
                    };
                    TargetKind::Outcome {
                        column: id.index(),
                        value,
                        median: t.statistic == "median",
                    }
                }
                _ => {
                    let Some(column) = round_metric_index(&t.metric) else {
                        return Err(err(
                            origin,
                            format!(
                                "{at}.metric = \"{}\" is not a monthly metric (rounds.csv)",
                                t.metric
                            ),
                        ));
                    };
                    let Some(file) = &t.observed else {
                        return Err(err(
                            origin,
                            format!("{at}: a series target needs `observed`"),
                        ));
                    };
                    let path: PathBuf = dir.join(file);
                    let obs = read_observed(&path)
                        .map_err(|e| err(origin, format!("{at}.observed: {e:#}")))?;
                    let Some(series) = obs.series.get(&t.metric) else {
                        return Err(err(
                            origin,
                            format!(
                                "{at}.observed: {} has no rows of metric {}",
                                path.display(),
                                t.metric
                            ),
                        ));
                    };
                    let start = typical.start_month();
                    let bound = |m: &Option<String>| m.as_deref().and_then(YearMonth::parse);
                    let (from, to) = (bound(&t.from), bound(&t.to));
                    let points: Vec<(u32, String, f64)> = (0..typical.rounds)
                        .filter_map(|r| {
                            let ym = start.plus(r);
                            let inside = from.is_none_or(|f| ym >= f) && to.is_none_or(|e| ym <= e);
                            let label = ym.label();
                            let v = series.get(&label).copied();
                            v.filter(|_| inside).map(|v| (r, label, v))
                        })
                        .collect();
                    if points.is_empty() {
                        return Err(err(
                            origin,
                            format!(
                                "{at}: no observation of {} falls in the scenario's months",
                                t.metric
                            ),
                        ));
                    }
                    TargetKind::Series {
                        column,
                        points,
                        median: t.statistic == "median",
                    }
                }
            };
            targets.push(TargetPlan {
                name: t.name.clone(),
                metric: t.metric.clone(),
                scenario,
                weight: t.weight,
                kind,
            });
        }
        for (i, p) in parameters.iter().enumerate() {
            if let Some(s) = p
                .scenarios
                .iter()
                .find(|s| !scenarios.iter().any(|h| &h.path == *s))
            {
                return Err(err(
                    origin,
                    format!(
                        "calibration.parameters[{i}].scenarios names \"{s}\", which no target runs on (use a target's `scenario` as written)"
                    ),
                ));
            }
        }
        if targets.iter().all(|t| t.weight == 0.0) {
            return Err(err(origin, "every calibration target has weight 0".into()));
        }
        let settings = Settings {
            particles: usize::try_from(cal.particles).unwrap_or(usize::MAX),
            generations: usize::try_from(cal.generations.unwrap_or(1)).unwrap_or(usize::MAX),
            alpha: cal.alpha,
            min_acceptance: cal.min_acceptance,
            seed,
            priors: parameters.iter().map(|p| p.prior).collect(),
            weights: targets.iter().map(|t| t.weight).collect(),
        };
        Ok(Self {
            replicates: cal.replicates,
            config: cal,
            parameters,
            targets,
            scenarios,
            settings,
            method,
        })
    }

    /// The outcome names, for messages.
    pub fn outcome_name(column: usize) -> &'static str {
        RUN_METRICS[column].meta.name
    }

    /// A candidate on history scenario `s`: the scenario with the parameters set.
    pub fn candidate(&self, s: usize, theta: &[f64]) -> Result<Prepared, ConfigError> {
        let base = &self.scenarios[s].base;
        let values: Vec<(&str, f64)> = self
            .parameters
            .iter()
            .zip(theta)
            .filter(|(p, _)| p.applies_to(&self.scenarios[s].path))
            .map(|(p, x)| (p.path.as_str(), *x))
            .collect();
        Ok(Prepared {
            loaded: base.loaded.with_values(&values)?,
            registry: base.registry.clone(),
            agents: base.agents.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_set_is_the_full_calibrations() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/configs/calibration/full.toml");
        let full: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
        let listed: Vec<(String, f64, f64)> = full["calibration"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let r = p["range"].as_array().unwrap();
                let num = |v: &toml::Value| v.as_float().unwrap();
                (
                    p["path"].as_str().unwrap().to_string(),
                    num(&r[0]),
                    num(&r[1]),
                )
            })
            .collect();
        let defaults: Vec<(String, f64, f64)> = DEFAULT_PARAMETERS
            .iter()
            .map(|&(p, lo, hi)| (p.to_string(), lo, hi))
            .collect();
        assert_eq!(listed, defaults);
    }
}
