//! From a scenario's `[sweep]` table to validated design points.
//!
//! The table names a design and the swept parameters (config key paths with `values` for a
//! grid, `range = [low, high]` for sampled designs). Everything a user can get wrong is
//! checked here, before any model run, with errors that name the file and the key path:
//! unknown or non-numeric keys, values outside the key's range, options that do not fit the
//! design, and design points that break a cross-key rule (e.g. a ceiling below the initial
//! tariff).

use serde_json::json;

use super::design;
pub use super::layout::Layout;
use super::morris::{DEFAULT_LEVELS, morris};
use super::policies::{self, Levers};
use super::saltelli::{self, SALTELLI_MAX_PARAMS};
use crate::config::{ConfigError, DesignKind, LoadedScenario, SweepConfig, keys as schema};
use crate::experiment::replicate::{Prepared, value_used};
use crate::foundation::io::fmt_range;
use crate::foundation::rng::{Purpose, stream};

/// Bootstrap resamples when `sweep.bootstrap` is not given.
pub const DEFAULT_BOOTSTRAP: usize = 1000;

/// Largest number of design points accepted.
pub const MAX_POINTS: usize = 100_000_000;

/// A validated sweep: its layout and the parameter values of every design point.
#[derive(Debug, Clone)]
pub struct SweepPlan {
    /// The `[sweep]` table as written.
    pub config: SweepConfig,
    /// Design, parameters, sizes.
    pub layout: Layout,
    /// One row of parameter values per design point, in `layout.parameters` order.
    pub values: Vec<Vec<f64>>,
    /// The levers and, per policy, their values (policies × uncertainties), if any.
    levers: Option<(Levers, Vec<Vec<toml::Value>>)>,
    origin: String,
}

fn input(origin: &str, message: String) -> ConfigError {
    ConfigError::new(origin, message)
}

/// The allowed range of a sweepable key: a real-valued schema key, or a strategy parameter
/// (whose values the strategy itself checks at every design point).
pub fn sweepable(path: &str, at: &str, origin: &str) -> Result<(f64, f64), ConfigError> {
    if let Some(spec) = schema::find(path) {
        return match spec.kind {
            schema::Kind::Number { min, max } => Ok((min, max)),
            _ => Err(input(
                origin,
                format!(
                    "{at}.path = \"{path}\" is not a real-valued parameter ({}); only real numbers can be swept",
                    spec.unit
                ),
            )),
        };
    }
    if schema::in_open_table(path) {
        return Ok((f64::MIN, f64::MAX));
    }
    let hint = schema::did_you_mean_key(path);
    Err(input(
        origin,
        format!(
            "{at}.path = \"{path}\" is not a config key{hint}; `tradewar params` lists every key"
        ),
    ))
}

impl SweepPlan {
    /// Validates the scenario's `[sweep]` table and builds the design points (random
    /// designs draw from the `SweepDesign` stream of the master seed).
    pub fn new(loaded: &LoadedScenario) -> Result<Self, ConfigError> {
        let origin = loaded.origin.as_str();
        let Some(config) = loaded.typical.sweep.clone() else {
            return Err(input(
                origin,
                "has no [sweep] table: add one with `design` and [[sweep.parameters]] (see README, \"Parameter sweeps\")".into(),
            ));
        };
        let design = config.design;
        let levers = Levers::parse(&config, origin)?;
        let regret = policies::parse_regret(&config, origin, levers.is_some())?;
        if let Some(l) = &levers {
            l.check_design(&config, origin)?;
        }
        if config.parameters.is_empty() && levers.is_none() {
            return Err(input(
                origin,
                "sweep.parameters is empty: add a [[sweep.parameters]] table with a `path` per swept key".into(),
            ));
        }
        let mut parameters: Vec<String> = Vec::new();
        let mut grid_values = Vec::new();
        let mut ranges = Vec::new();
        for (i, p) in config.parameters.iter().enumerate() {
            let at = format!("sweep.parameters[{i}]");
            let (min, max) = sweepable(&p.path, &at, origin)?;
            if levers.as_ref().is_some_and(|l| l.paths.contains(&p.path)) {
                return Err(input(
                    origin,
                    format!(
                        "{at}.path = \"{}\" is also a lever: a key is either a policy option or an uncertainty",
                        p.path
                    ),
                ));
            }
            if parameters.contains(&p.path) {
                return Err(input(
                    origin,
                    format!("{at}.path = \"{}\" is swept twice", p.path),
                ));
            }
            parameters.push(p.path.clone());
            let check = |x: f64, what: &str| -> Result<(), ConfigError> {
                if x.is_finite() && x >= min && x <= max {
                    Ok(())
                } else {
                    Err(input(
                        origin,
                        format!(
                            "{at}.{what}: {x} is outside {} allowed for {}",
                            fmt_range(min, max),
                            p.path
                        ),
                    ))
                }
            };
            match design {
                DesignKind::Grid => {
                    if p.range.is_some() {
                        return Err(input(
                            origin,
                            format!(
                                "{at} ({}): design = \"grid\" takes `values = [...]`, not `range` (use design = \"latin_hypercube\" or \"sobol\" to sample a range)",
                                p.path
                            ),
                        ));
                    }
                    let values = match &p.values {
                        Some(v) if !v.is_empty() => v.clone(),
                        _ => {
                            return Err(input(
                                origin,
                                format!(
                                    "{at} ({}): design = \"grid\" needs a non-empty `values = [...]`",
                                    p.path
                                ),
                            ));
                        }
                    };
                    for &x in &values {
                        check(x, "values")?;
                    }
                    grid_values.push(values);
                }
                DesignKind::LatinHypercube | DesignKind::Sobol | DesignKind::Morris => {
                    if p.values.is_some() {
                        return Err(input(
                            origin,
                            format!(
                                "{at} ({}): design = \"{}\" samples `range = [low, high]`, not `values` (use design = \"grid\" for listed values)",
                                p.path,
                                design.name()
                            ),
                        ));
                    }
                    let (low, high) = match p.range.as_deref() {
                        Some(&[low, high]) if low <= high => (low, high),
                        _ => {
                            return Err(input(
                                origin,
                                format!(
                                    "{at} ({}): design = \"{}\" needs `range = [low, high]` with low <= high",
                                    p.path,
                                    design.name()
                                ),
                            ));
                        }
                    };
                    check(low, "range")?;
                    check(high, "range")?;
                    ranges.push((low, high));
                }
            }
        }

        let samples = match (design, config.samples) {
            (DesignKind::Grid, Some(_)) => {
                return Err(input(
                    origin,
                    "sweep.samples has no meaning for design = \"grid\" (one point per combination of values): remove it".into(),
                ));
            }
            (DesignKind::Grid, None) => 0,
            (_, Some(n)) => usize::try_from(n).unwrap_or(usize::MAX),
            (_, None) => {
                return Err(input(
                    origin,
                    format!(
                        "design = \"{}\" needs sweep.samples (the number of {})",
                        design.name(),
                        match design {
                            DesignKind::Sobol => "base samples",
                            DesignKind::Morris => "trajectories, 10 to 50 is usual",
                            _ => "points",
                        }
                    ),
                ));
            }
        };
        if design == DesignKind::Sobol && parameters.len() > SALTELLI_MAX_PARAMS {
            return Err(input(
                origin,
                format!(
                    "design = \"sobol\" supports at most {SALTELLI_MAX_PARAMS} parameters, {} given",
                    parameters.len()
                ),
            ));
        }
        if design == DesignKind::Morris && samples < 2 {
            return Err(input(
                origin,
                format!(
                    "design = \"morris\" needs sweep.samples >= 2 trajectories (σ needs two elementary effects), {samples} given"
                ),
            ));
        }
        let levels = match (design, config.levels) {
            (DesignKind::Morris, None) => DEFAULT_LEVELS,
            (DesignKind::Morris, Some(p)) if p % 2 == 0 => usize::try_from(p).unwrap_or(0),
            (DesignKind::Morris, Some(p)) => {
                return Err(input(
                    origin,
                    format!(
                        "sweep.levels = {p}: Morris needs an even number of levels (4 is usual)"
                    ),
                ));
            }
            (_, Some(_)) => {
                return Err(input(
                    origin,
                    "sweep.levels has a meaning only for design = \"morris\": remove it".into(),
                ));
            }
            (_, None) => 0,
        };
        let policy_values = levers.as_ref().map(Levers::policies);
        let policy_count = policy_values.as_ref().map_or(1, Vec::len);
        let points = match design {
            DesignKind::Grid => grid_values
                .iter()
                .try_fold(1usize, |acc, v| acc.checked_mul(v.len())),
            DesignKind::LatinHypercube => Some(samples),
            DesignKind::Sobol => samples.checked_mul(parameters.len() + 2),
            DesignKind::Morris => samples.checked_mul(parameters.len() + 1),
        }
        .and_then(|n| n.checked_mul(policy_count))
        .unwrap_or(usize::MAX);
        if points > MAX_POINTS {
            return Err(input(
                origin,
                format!("the sweep has {points} design points; at most {MAX_POINTS} are supported"),
            ));
        }

        let seed = loaded.typical.seed;
        let mut rng = stream(seed, 0, Purpose::SweepDesign);
        let scenarios = match design {
            DesignKind::Grid => design::grid(&grid_values),
            DesignKind::LatinHypercube => design::latin_hypercube(samples, &ranges, &mut rng),
            DesignKind::Sobol => {
                saltelli::try_saltelli(samples, &ranges, &mut rng)
                    .map_err(|e| input(origin, format!("sweep: {e}")))?
                    .points
            }
            DesignKind::Morris => {
                morris(samples, parameters.len(), levels, &mut rng).scaled(&ranges)
            }
        };
        // Policy-major: every policy runs on the same scenarios, in the same order.
        let values: Vec<Vec<f64>> = (0..policy_count)
            .flat_map(|_| scenarios.iter().cloned())
            .collect();
        let lever_paths = levers.as_ref().map_or(&[][..], |l| &l.paths[..]);
        let inputs = loaded
            .inputs()
            .iter()
            .filter(|p| !parameters.contains(p) && !lever_paths.contains(p))
            .cloned()
            .collect();
        let layout = Layout {
            design,
            parameters,
            points: values.len(),
            base_samples: if matches!(design, DesignKind::Sobol | DesignKind::Morris) {
                samples
            } else {
                0
            },
            replicates: config.replicates.unwrap_or(loaded.typical.replicates),
            bootstrap: if matches!(design, DesignKind::Sobol | DesignKind::Morris) {
                config.bootstrap.map_or(DEFAULT_BOOTSTRAP, |b| {
                    usize::try_from(b).unwrap_or(usize::MAX)
                })
            } else {
                0
            },
            seed,
            inputs,
            levels,
            levers: levers.as_ref().map_or_else(Vec::new, |l| l.paths.clone()),
            policies: policy_values.as_ref().map_or_else(Vec::new, |ps| {
                ps.iter()
                    .map(|p| p.iter().map(policies::cell).collect())
                    .collect()
            }),
            regret,
        };
        Ok(Self {
            config,
            layout,
            values,
            levers: levers.zip(policy_values),
            origin: origin.to_string(),
        })
    }

    /// Number of design points.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no design points.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The (key path, value) pairs of design point `point`.
    pub fn point_values(&self, point: usize) -> Vec<(&str, f64)> {
        self.layout
            .parameters
            .iter()
            .map(String::as_str)
            .zip(self.values[point].iter().copied())
            .collect()
    }

    /// The cells of point `point`'s points.csv row between `point` and the metrics (see
    /// [`Layout::lead_columns`]); values in shortest round-trip form.
    pub fn point_cells(&self, point: usize) -> Vec<String> {
        let values = self.values[point].iter().map(|v| format!("{v}"));
        if self.layout.levers.is_empty() {
            return values.collect();
        }
        let scenarios = self.layout.scenarios();
        let p = point / scenarios;
        let mut cells = vec![self.layout.policy_label(p), (point % scenarios).to_string()];
        cells.extend(self.layout.policies[p].iter().cloned());
        cells.extend(values);
        cells
    }

    /// The base scenario of each policy (the lever values set), or the base alone without
    /// levers; design point `i` runs on `bases[i / layout.scenarios()]`.
    pub fn bases(&self, base: &Prepared) -> Result<Vec<Prepared>, ConfigError> {
        let Some((levers, policies)) = &self.levers else {
            return Ok(vec![base.clone()]);
        };
        policies
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let loaded = levers.apply(&base.loaded, p)?;
                Prepared::new(loaded, base.registry.clone()).map_err(|e| {
                    let label = self.layout.policy_label(i);
                    input(
                        &self.origin,
                        format!("sweep.levers: policy {label}: {}", e.message),
                    )
                })
            })
            .collect()
    }

    /// The runnable scenario of design point `point`: the base scenario of its policy (see
    /// [`Self::bases`]) with the swept keys set. Errors name the point and its values.
    pub fn point_prepared(&self, base: &Prepared, point: usize) -> Result<Prepared, ConfigError> {
        let values = self.point_values(point);
        let describe = |e: ConfigError| {
            let at: Vec<String> = values.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            input(
                &self.origin,
                format!("design point {point} ({}): {}", at.join(", "), e.message),
            )
        };
        let loaded = base.loaded.with_values(&values).map_err(describe)?;
        Prepared::new(loaded, base.registry.clone()).map_err(describe)
    }

    /// Replaces each design value by the value the model uses (a whole-number strategy
    /// parameter rounded), so `points.csv` shows what ran; the runs are the same either way.
    pub fn use_values_used(&mut self, base: &Prepared) {
        for row in &mut self.values {
            for (path, v) in self.layout.parameters.iter().zip(row.iter_mut()) {
                *v = value_used(&base.registry, &base.loaded.typical, path, *v);
            }
        }
    }

    /// Checks every design point before anything runs (`bases` from [`Self::bases`]).
    pub fn check_points(&self, bases: &[Prepared]) -> Result<(), ConfigError> {
        let scenarios = self.layout.scenarios().max(1);
        (0..self.len()).try_for_each(|i| self.point_prepared(&bases[i / scenarios], i).map(drop))
    }

    /// The `"sweep"` section of `manifest.json` (read back by [`Layout::from_manifest`]).
    pub fn manifest_section(&self) -> serde_json::Value {
        let l = &self.layout;
        let mut s = json!({
            "design": l.design.name(),
            "parameters": self.config.parameters,
            "points": l.points,
            "replicates_per_point": l.replicates,
            "inputs": l.inputs,
            "design_stream": "SweepDesign (replicate 0) of the master seed",
            "common_random_numbers": "every point runs replicates 0..replicates_per_point of the master seed",
        });
        if l.design != DesignKind::Grid {
            s["samples"] = json!(self.config.samples);
        }
        if matches!(l.design, DesignKind::Sobol | DesignKind::Morris) {
            s["bootstrap"] = json!(l.bootstrap);
        }
        if l.design == DesignKind::Morris {
            s["levels"] = json!(l.levels);
        }
        if !l.levers.is_empty() {
            s["levers"] = json!(self.config.levers);
            s["policies"] = json!(l.policies);
            s["scenarios"] = json!(l.scenarios());
            s["regret"] = json!(self.config.regret);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::strategy::StrategyRegistry;

    fn loaded(sweep: &str) -> Result<LoadedScenario, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(&p, sweep).unwrap();
        LoadedScenario::load(Some(&p), &[])
    }

    fn plan(sweep: &str) -> Result<SweepPlan, ConfigError> {
        SweepPlan::new(&loaded(sweep)?)
    }

    const GRID: &str = "[sweep]\ndesign = \"grid\"\nreplicates = 3\n\
        [[sweep.parameters]]\npath = \"us.tariff.ceiling\"\nvalues = [1, 1.5, 2]\n\
        [[sweep.parameters]]\npath = \"cn.tariff.initial\"\nvalues = [0.2, 0.4]\n";

    #[test]
    fn a_grid_has_one_point_per_combination_first_parameter_slowest() {
        let p = plan(GRID).unwrap();
        assert_eq!(p.len(), 6);
        assert_eq!(p.layout.replicates, 3);
        assert_eq!(p.values[0], vec![1.0, 0.2]);
        assert_eq!(p.values[1], vec![1.0, 0.4]);
        assert_eq!(p.values[5], vec![2.0, 0.4]);
        assert_eq!(
            p.point_values(2),
            vec![("us.tariff.ceiling", 1.5), ("cn.tariff.initial", 0.2)]
        );
        let base = Prepared::new(loaded(GRID).unwrap(), StrategyRegistry::default()).unwrap();
        p.check_points(std::slice::from_ref(&base)).unwrap();
        let point = p.point_prepared(&base, 5).unwrap();
        assert_eq!(point.loaded.typical.us.tariff.ceiling, 2.0);
        assert_eq!(point.loaded.typical.cn.tariff.initial, 0.4);
    }

    #[test]
    fn sampled_designs_are_reproducible_from_the_seed_and_stay_in_range() {
        let lhs = "[sweep]\ndesign = \"latin_hypercube\"\nsamples = 10\n\
            [[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0.2, 0.8]\n";
        let a = plan(lhs).unwrap();
        assert_eq!(a.len(), 10);
        assert!(a.values.iter().all(|v| (0.2..=0.8).contains(&v[0])));
        assert_eq!(a.values, plan(lhs).unwrap().values);
        let other_seed = plan(&format!("seed = 1\n{lhs}")).unwrap();
        assert_ne!(a.values, other_seed.values);

        let sobol = "[sweep]\ndesign = \"sobol\"\nsamples = 8\n\
            [[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0.2, 0.8]\n\
            [[sweep.parameters]]\npath = \"us.pressure.resolve\"\nrange = [5, 20]\n";
        let s = plan(sobol).unwrap();
        assert_eq!(s.len(), 8 * 4);
        assert_eq!(s.layout.base_samples, 8);
        assert_eq!(s.layout.bootstrap, DEFAULT_BOOTSTRAP);
        assert_eq!(s.layout.unit_size(), 4);
    }

    #[test]
    fn mistakes_are_input_errors_naming_the_key() {
        let cases = [
            (
                "[sweep]\ndesign = \"grid\"\n[[sweep.parameters]]\npath = \"us.tarif.ceiling\"\nvalues = [1]\n",
                "sweep.parameters[0].path = \"us.tarif.ceiling\" is not a config key (did you mean `us.tariff.ceiling`?)",
            ),
            (
                "[sweep]\ndesign = \"grid\"\n[[sweep.parameters]]\npath = \"rounds\"\nvalues = [1]\n",
                "is not a real-valued parameter",
            ),
            (
                "[sweep]\ndesign = \"grid\"\n[[sweep.parameters]]\npath = \"trade.pass_through\"\nvalues = [0.5, 2]\n",
                "sweep.parameters[0].values: 2 is outside [0, 1] allowed for trade.pass_through",
            ),
            (
                "[sweep]\ndesign = \"grid\"\n[[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0, 1]\n",
                "takes `values = [...]`, not `range`",
            ),
            (
                "[sweep]\ndesign = \"sobol\"\n[[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0, 1]\n",
                "needs sweep.samples",
            ),
            (
                "[sweep]\ndesign = \"latin_hypercube\"\nsamples = 4\n[[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0.9, 0.1]\n",
                "needs `range = [low, high]` with low <= high",
            ),
            ("[sweep]\ndesign = \"grid\"\n", "sweep.parameters is empty"),
            ("name = \"x\"\n", "has no [sweep] table"),
        ];
        for (text, needle) in cases {
            let e = plan(text).unwrap_err();
            assert!(e.to_string().contains(needle), "{text}\n=> {e}");
            assert!(e.origin.ends_with("s.toml"), "{e}");
        }
    }

    #[test]
    fn a_point_that_breaks_a_cross_key_rule_is_named() {
        let text = "[sweep]\ndesign = \"grid\"\n[[sweep.parameters]]\npath = \"us.tariff.ceiling\"\nvalues = [1, 0.3]\n";
        let p = plan(text).unwrap();
        let base = Prepared::new(loaded(text).unwrap(), StrategyRegistry::default()).unwrap();
        let e = p.check_points(&[base]).unwrap_err();
        assert!(
            e.to_string()
                .contains("design point 1 (us.tariff.ceiling = 0.3): us.tariff.initial = 0.55"),
            "{e}"
        );
    }

    /// A Latin-hypercube value of a whole-number strategy parameter becomes the integer the
    /// strategy uses; real-valued keys keep their sampled values.
    #[test]
    fn whole_number_parameters_are_rounded_to_the_value_used() {
        let text = "[us.strategy]\nname = \"escalate_to_deal\"\n\
            [sweep]\ndesign = \"latin_hypercube\"\nsamples = 8\n\
            [[sweep.parameters]]\npath = \"us.strategy.params.max_escalations\"\nrange = [0, 5]\n\
            [[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0.2, 0.8]\n";
        let mut p = plan(text).unwrap();
        let raw = p.values.clone();
        assert!(raw.iter().any(|v| v[0].fract() != 0.0));
        let base = Prepared::new(loaded(text).unwrap(), StrategyRegistry::default()).unwrap();
        p.use_values_used(&base);
        for (used, drawn) in p.values.iter().zip(&raw) {
            assert_eq!(used[0], drawn[0].round());
            assert_eq!(used[1], drawn[1]);
        }
    }

    #[test]
    fn the_layout_round_trips_through_the_manifest_section() {
        let p = plan(GRID).unwrap();
        let m = json!({"seed": p.layout.seed, "sweep": p.manifest_section()});
        assert_eq!(Layout::from_manifest(&m), Some(p.layout.clone()));
        let sobol = "[sweep]\ndesign = \"sobol\"\nsamples = 4\nbootstrap = 50\n\
            [[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0.2, 0.8]\n";
        let p = plan(sobol).unwrap();
        let m = json!({"seed": p.layout.seed, "sweep": p.manifest_section()});
        assert_eq!(Layout::from_manifest(&m), Some(p.layout.clone()));
    }
}
