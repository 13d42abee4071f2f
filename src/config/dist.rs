//! Parameter uncertainty: any numeric parameter may be a distribution drawn once per replicate
//! (docs/model.md §2, §8: "where sources disagree, the spread is itself a parameter-uncertainty range").
//!
//! Syntax in a scenario file:
//! `{ dist = "uniform", low = 2.0, high = 3.0 }`, `{ dist = "normal", mean = 2.5, sd = 0.3 }`
//! (optionally truncated: `low`, `high`), `{ dist = "triangular", low = 2.0, mode = 2.5, high = 3.0 }`.
//! A draw is clamped to the key's allowed range. Each key draws from its own random stream,
//! derived from (master seed, replicate, key path): two scenarios or sweep points that share
//! a seed draw the same value for the same uncertain key (common random numbers).

use rand::RngExt;
use rand_distr::{Distribution, Normal, Triangular};
use toml::{Table, Value};

use crate::foundation::rng::{Purpose, stream};

/// A parsed distribution of a numeric parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParamDist {
    /// Uniform on `[low, high]`.
    Uniform {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
    /// Normal with `mean` and standard deviation `sd`, truncated to `[low, high]` (infinite
    /// when not given), then clamped to the key's range.
    Normal {
        /// Mean (before truncation).
        mean: f64,
        /// Standard deviation (before truncation).
        sd: f64,
        /// Lower truncation point (−∞: none).
        low: f64,
        /// Upper truncation point (+∞: none).
        high: f64,
    },
    /// Triangular on `[low, high]` with peak at `mode`.
    Triangular {
        /// Lower end.
        low: f64,
        /// Peak.
        mode: f64,
        /// Upper end.
        high: f64,
    },
}

fn number(t: &Table, key: &str) -> Result<f64, String> {
    match t.get(key) {
        Some(Value::Float(f)) => Ok(*f),
        Some(Value::Integer(i)) => Ok(*i as f64),
        Some(other) => Err(format!("`{key}` must be a number, got {other}")),
        None => Err(format!("`{key}` is missing")),
    }
}

fn only_keys(t: &Table, allowed: &[&str]) -> Result<(), String> {
    for k in t.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(format!(
                "unknown distribution key `{k}` (allowed: {})",
                allowed.join(", ")
            ));
        }
    }
    Ok(())
}

impl ParamDist {
    /// Parses `{ dist = ..., ... }`; errors say what is wrong without the key path (added by
    /// the caller).
    pub fn parse(t: &Table) -> Result<Self, String> {
        let kind = match t.get("dist") {
            Some(Value::String(s)) => s.as_str(),
            _ => {
                return Err(
                    "a distribution needs `dist = \"uniform\" | \"normal\" | \"triangular\"`"
                        .into(),
                );
            }
        };
        let d = match kind {
            "uniform" => {
                only_keys(t, &["dist", "low", "high"])?;
                ParamDist::Uniform {
                    low: number(t, "low")?,
                    high: number(t, "high")?,
                }
            }
            "normal" => {
                only_keys(t, &["dist", "mean", "sd", "low", "high"])?;
                let bound = |key: &str, none: f64| {
                    if t.contains_key(key) {
                        number(t, key)
                    } else {
                        Ok(none)
                    }
                };
                ParamDist::Normal {
                    mean: number(t, "mean")?,
                    sd: number(t, "sd")?,
                    low: bound("low", f64::NEG_INFINITY)?,
                    high: bound("high", f64::INFINITY)?,
                }
            }
            "triangular" => {
                only_keys(t, &["dist", "low", "mode", "high"])?;
                ParamDist::Triangular {
                    low: number(t, "low")?,
                    mode: number(t, "mode")?,
                    high: number(t, "high")?,
                }
            }
            other => {
                return Err(format!(
                    "unknown distribution `{other}` (allowed: uniform, normal, triangular)"
                ));
            }
        };
        d.check()?;
        Ok(d)
    }

    fn check(&self) -> Result<(), String> {
        let finite = |x: f64| x.is_finite();
        match *self {
            ParamDist::Uniform { low, high } if !(finite(low) && finite(high) && low <= high) => {
                Err(format!("uniform needs low <= high, got [{low}, {high}]"))
            }
            ParamDist::Normal { mean, sd, .. } if !(finite(mean) && finite(sd) && sd >= 0.0) => {
                Err(format!(
                    "normal needs a finite mean and sd >= 0, got sd = {sd}"
                ))
            }
            ParamDist::Normal {
                mean, low, high, ..
            } if !(low <= mean && mean <= high) => Err(format!(
                "a truncated normal needs low <= mean <= high, got {low}, {mean}, {high}"
            )),
            ParamDist::Triangular { low, mode, high }
                if !(finite(low) && finite(high) && low <= mode && mode <= high) =>
            {
                Err(format!(
                    "triangular needs low <= mode <= high, got {low}, {mode}, {high}"
                ))
            }
            _ => Ok(()),
        }
    }

    /// The interval the distribution's draws can fall in (before clamping), for range checks.
    pub fn support(&self) -> (f64, f64) {
        match *self {
            ParamDist::Uniform { low, high } | ParamDist::Triangular { low, high, .. } => {
                (low, high)
            }
            ParamDist::Normal { mean, .. } => (mean, mean),
        }
    }

    /// The distribution's mean, used where one representative value is needed.
    pub fn mean(&self) -> f64 {
        match *self {
            ParamDist::Uniform { low, high } => 0.5 * (low + high),
            ParamDist::Normal { mean, .. } => mean,
            ParamDist::Triangular { low, mode, high } => (low + mode + high) / 3.0,
        }
    }

    /// One draw, clamped to `[min, max]`.
    pub fn sample(&self, rng: &mut impl rand::Rng, min: f64, max: f64) -> f64 {
        let x = match *self {
            ParamDist::Uniform { low, high } if high > low => rng.random_range(low..=high),
            ParamDist::Uniform { low, .. } => low,
            ParamDist::Normal {
                mean,
                sd,
                low,
                high,
            } => match Normal::new(mean, sd) {
                Ok(n) if low.is_finite() || high.is_finite() => (0..10_000)
                    .map(|_| n.sample(rng))
                    .find(|x| (low..=high).contains(x))
                    .unwrap_or(mean),
                Ok(n) => n.sample(rng),
                Err(_) => mean,
            },
            ParamDist::Triangular { low, mode, high } if high > low => {
                Triangular::new(low, high, mode)
                    .map(|t| t.sample(rng))
                    .unwrap_or(mode)
            }
            ParamDist::Triangular { mode, .. } => mode,
        };
        x.clamp(min, max)
    }
}

/// Replaces every distribution in a validated config tree by one draw for this replicate.
/// `bounds` gives the allowed range of a key path.
pub fn resolve(
    table: &Table,
    master_seed: u64,
    replicate: u64,
    bounds: &dyn Fn(&str) -> (f64, f64),
) -> Table {
    resolve_with_draws(table, master_seed, replicate, bounds).0
}

/// [`resolve`], also returning each draw as (key path, value) in the order of
/// [`distribution_paths`]: the value the replicate uses, after clamping to the key's range.
pub fn resolve_with_draws(
    table: &Table,
    master_seed: u64,
    replicate: u64,
    bounds: &dyn Fn(&str) -> (f64, f64),
) -> (Table, Vec<(String, f64)>) {
    let mut draws = Vec::new();
    let mut visit = |stream_path: &str, column_path: &str, d: &ParamDist| {
        let mut rng = stream(master_seed, replicate, Purpose::ParameterDraw(stream_path));
        let (lo, hi) = bounds(stream_path);
        let x = d.sample(&mut rng, lo, hi);
        draws.push((column_path.to_string(), x));
        Value::Float(x)
    };
    let out = walk(table, "", "", &mut visit);
    (out, draws)
}

/// The key paths of every distribution in the tree, in the order [`resolve`] draws them;
/// an element of an array of tables is named by its index (`events.2.rate`), as `--set`
/// and sweeps name it.
pub fn distribution_paths(table: &Table) -> Vec<String> {
    let mut paths = Vec::new();
    let mut visit = |_: &str, column_path: &str, d: &ParamDist| {
        paths.push(column_path.to_string());
        Value::Float(d.mean())
    };
    walk(table, "", "", &mut visit);
    paths
}

/// Rebuilds a config tree with every parseable distribution replaced by `visit(stream
/// path, indexed path, distribution)`. The stream path names array elements `[]` (the
/// random stream of a key does not depend on its element's index); the indexed path names
/// them by index.
fn walk(
    t: &Table,
    stream_prefix: &str,
    column_prefix: &str,
    visit: &mut dyn FnMut(&str, &str, &ParamDist) -> Value,
) -> Table {
    let join = |prefix: &str, k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    let mut out = Table::new();
    for (k, v) in t {
        let path = join(stream_prefix, k);
        let column = join(column_prefix, k);
        let nv = match v {
            Value::Table(inner) if inner.contains_key("dist") => match ParamDist::parse(inner) {
                Ok(d) => visit(&path, &column, &d),
                Err(_) => v.clone(),
            },
            Value::Table(inner) => Value::Table(walk(inner, &path, &column, visit)),
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| match item {
                        Value::Table(it) => Value::Table(walk(
                            it,
                            &format!("{path}[]"),
                            &format!("{column}.{i}"),
                            visit,
                        )),
                        other => other.clone(),
                    })
                    .collect(),
            ),
            other => other.clone(),
        };
        out.insert(k.clone(), nv);
    }
    out
}

/// Whether any value in the tree is a distribution (if not, one typed config serves all
/// replicates).
pub fn has_distributions(table: &Table) -> bool {
    table.values().any(|v| match v {
        Value::Table(t) => t.contains_key("dist") || has_distributions(t),
        Value::Array(items) => items.iter().any(|i| match i {
            Value::Table(t) => has_distributions(t),
            _ => false,
        }),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn table(s: &str) -> Table {
        toml::from_str(s).unwrap()
    }

    #[test]
    fn uniform_draws_stay_in_bounds_and_clamp() {
        let d = ParamDist::parse(&table("dist = 'uniform'\nlow = 2.0\nhigh = 3.0")).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..1000 {
            let x = d.sample(&mut rng, 0.0, 2.5);
            assert!((2.0..=2.5).contains(&x));
        }
    }

    #[test]
    fn a_truncated_normal_draws_only_inside_its_bounds() {
        let d = ParamDist::parse(&table(
            "dist = 'normal'\nmean = 1.0\nsd = 2.0\nlow = 0.5\nhigh = 3.0",
        ))
        .unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let draws: Vec<f64> = (0..4000)
            .map(|_| d.sample(&mut rng, -100.0, 100.0))
            .collect();
        assert!(draws.iter().all(|x| (0.5..=3.0).contains(x)));
        // Both tails are cut, the lower one nearer the mean: draws cover the interval.
        let (lo, hi) = draws
            .iter()
            .fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        assert!(lo < 0.55 && hi > 2.9, "{lo} {hi}");
        assert!(
            ParamDist::parse(&table("dist = 'normal'\nmean = 1.0\nsd = 1.0\nlow = 2.0")).is_err()
        );
        assert!(
            ParamDist::parse(&table("dist = 'normal'\nmean = 1.0\nsd = 1.0\nhi = 2.0")).is_err()
        );
    }

    #[test]
    fn bad_distributions_are_rejected() {
        assert!(ParamDist::parse(&table("dist = 'uniform'\nlow = 3.0\nhigh = 2.0")).is_err());
        assert!(ParamDist::parse(&table("dist = 'normal'\nmean = 1.0\nsd = -1.0")).is_err());
        assert!(ParamDist::parse(&table("dist = 'beta'\nlow = 1.0")).is_err());
        assert!(ParamDist::parse(&table("dist = 'uniform'\nlow = 1.0\nhi = 2.0")).is_err());
    }

    #[test]
    fn same_key_same_draw_across_scenarios() {
        let a = table("[x]\ny = { dist = 'uniform', low = 0.0, high = 1.0 }\nz = 1.0");
        let b = table(
            "[x]\ny = { dist = 'uniform', low = 0.0, high = 1.0 }\nz = 5.0\n[w]\nq = { dist = 'normal', mean = 0.0, sd = 1.0 }",
        );
        let bounds = |_: &str| (f64::MIN, f64::MAX);
        let ra = resolve(&a, 7, 3, &bounds);
        let rb = resolve(&b, 7, 3, &bounds);
        assert_eq!(ra["x"]["y"], rb["x"]["y"]);
        let rc = resolve(&a, 7, 4, &bounds);
        assert_ne!(ra["x"]["y"], rc["x"]["y"]);
        assert!(has_distributions(&a));
        assert!(!has_distributions(&ra));
    }

    #[test]
    fn draws_are_named_by_indexed_path_and_equal_the_resolved_values() {
        let t = table(
            "[x]\ny = { dist = 'uniform', low = 0.0, high = 1.0 }\n\
             [[e]]\nr = 1.0\n[[e]]\nr = { dist = 'normal', mean = 5.0, sd = 1.0 }\n",
        );
        assert_eq!(distribution_paths(&t), ["e.1.r", "x.y"]);
        let bounds = |_: &str| (f64::MIN, f64::MAX);
        let (resolved, draws) = resolve_with_draws(&t, 3, 9, &bounds);
        assert_eq!(resolved, resolve(&t, 3, 9, &bounds));
        assert_eq!(draws[0].0, "e.1.r");
        assert_eq!(Value::Float(draws[0].1), resolved["e"][1]["r"]);
        assert_eq!(Value::Float(draws[1].1), resolved["x"]["y"]);
    }
}
