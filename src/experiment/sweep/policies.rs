//! Policies × uncertainties (docs/model.md §7, "Policies and regret"): the `levers` of a
//! `[sweep]` table, their full factorial of policies, and the `regret` directions.
//!
//! `levers = { "us.strategy.name" = ["hold", "tit_for_tat"], "us.tariff.ceiling" = [1, 2] }`
//! lists the options of each lever (any config key: a strategy name, a number, a switch);
//! a policy is one option per lever, and the policies are every combination, levers in key
//! order (sorted), the first slowest. The sweep's `parameters` are then the uncertainties:
//! every policy runs on the same sampled scenarios with the same replicates.
//!
//! Setting a side's `strategy.name` to another strategy than the configured one resets that
//! side's `strategy.params` to the strategy's defaults (parameters belong to the configured
//! strategy), unless a lever sets one of them; the configured strategy keeps its parameters
//! (the calibrated baseline's, for example).

use toml::Value;

use super::design;
use super::regret::Direction;
use crate::config::{
    ConfigError, DesignKind, LoadedScenario, SweepConfig, keys as schema, load, strategy_params,
};
use crate::model::recorder::RUN_METRICS;

/// The levers of a sweep: key paths (sorted) and the validated options of each.
#[derive(Debug, Clone, PartialEq)]
pub struct Levers {
    /// Lever key paths, in column order.
    pub paths: Vec<String>,
    /// Options of each lever, as config values.
    pub options: Vec<Vec<Value>>,
}

/// A lever value as written in points.csv and the policy label.
pub fn cell(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Float(f) => format!("{f}"),
        other => other.to_string(),
    }
}

/// The label of a policy in robustness.csv: its lever values joined by `/`.
pub fn label(cells: &[String]) -> String {
    cells.join("/")
}

fn err(origin: &str, message: String) -> ConfigError {
    ConfigError::new(origin, message)
}

impl Levers {
    /// The `levers` table of a `[sweep]` checked against the key table: known keys, at least
    /// one option each, options of the key's type and range, no repeats. `None` without
    /// levers.
    pub fn parse(config: &SweepConfig, origin: &str) -> Result<Option<Self>, ConfigError> {
        if config.levers.is_empty() {
            return Ok(None);
        }
        let mut paths = Vec::new();
        let mut options = Vec::new();
        for (path, list) in &config.levers {
            let at = format!("sweep.levers.\"{path}\"");
            if path.starts_with("sweep") || ["seed", "extends", "name"].contains(&path.as_str()) {
                return Err(err(origin, format!("{at}: `{path}` cannot be a lever")));
            }
            if schema::find(path).is_none() && !schema::in_open_table(path) {
                let hint = schema::did_you_mean_key(path);
                return Err(err(
                    origin,
                    format!("{at} is not a config key{hint}; `tradewar params` lists every key"),
                ));
            }
            let Value::Array(list) = list else {
                return Err(err(
                    origin,
                    format!("{at} must be a list of options, e.g. [\"hold\", \"tit_for_tat\"]"),
                ));
            };
            if list.is_empty() {
                return Err(err(origin, format!("{at} has no options")));
            }
            let mut checked = Vec::new();
            for v in list {
                let mut v = v.clone();
                match &v {
                    Value::String(s) if s.contains([',', '"', '/', '\n', '\r']) => {
                        return Err(err(
                            origin,
                            format!("{at}: option \"{s}\" may not contain , \" / or a line break"),
                        ));
                    }
                    Value::String(_) | Value::Float(_) | Value::Integer(_) | Value::Boolean(_) => {}
                    other => {
                        return Err(err(
                            origin,
                            format!("{at}: option {other} must be a word, a number or true/false"),
                        ));
                    }
                }
                load::validate_value(&mut v, path, origin)
                    .map_err(|e| err(origin, format!("{at}: {}", e.message)))?;
                if checked.contains(&v) {
                    return Err(err(origin, format!("{at}: option {v} is listed twice")));
                }
                checked.push(v);
            }
            paths.push(path.clone());
            options.push(checked);
        }
        Ok(Some(Self { paths, options }))
    }

    /// Checks that the sweep's design can compare policies: the uncertainties are sampled
    /// by a grid or a Latin hypercube, and without uncertainties the design is a grid (one
    /// scenario).
    pub fn check_design(&self, config: &SweepConfig, origin: &str) -> Result<(), ConfigError> {
        let design = config.design;
        if !matches!(design, DesignKind::Grid | DesignKind::LatinHypercube) {
            return Err(err(
                origin,
                format!(
                    "sweep.levers: design = \"{}\" cannot compare policies; sample the uncertainties with design = \"latin_hypercube\" (or \"grid\")",
                    design.name()
                ),
            ));
        }
        if config.parameters.is_empty() && design != DesignKind::Grid {
            return Err(err(
                origin,
                format!(
                    "sweep.levers with no [[sweep.parameters]] (uncertainties) runs one scenario: use design = \"grid\" (levers: {})",
                    self.paths.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// Every policy (one option per lever), the first lever slowest.
    pub fn policies(&self) -> Vec<Vec<Value>> {
        let index: Vec<Vec<f64>> = self
            .options
            .iter()
            .map(|o| (0..o.len()).map(|i| i as f64).collect())
            .collect();
        design::grid(&index)
            .into_iter()
            .map(|p| {
                p.iter()
                    .zip(&self.options)
                    .map(|(&i, o)| o[i as usize].clone())
                    .collect()
            })
            .collect()
    }

    /// The scenario run under one policy: the base scenario with the lever values set (a
    /// strategy name resets its parameters, see the module docs), re-checked.
    pub fn apply(
        &self,
        loaded: &LoadedScenario,
        values: &[Value],
    ) -> Result<LoadedScenario, ConfigError> {
        let mut table = loaded.table.clone();
        let describe = |m: String| {
            let cells: Vec<String> = values.iter().map(cell).collect();
            err(&loaded.origin, format!("policy {}: {m}", label(&cells)))
        };
        for (path, v) in self.paths.iter().zip(values) {
            if let Some(strategy) = path
                .strip_suffix(".name")
                .filter(|p| p.ends_with("strategy"))
            {
                strategy_params::forget_params_of_another_strategy(&mut table, strategy, v);
            }
        }
        for (path, v) in self.paths.iter().zip(values) {
            load::set_path(&mut table, path, v.clone()).map_err(describe)?;
        }
        loaded
            .with_table(table, &[])
            .map_err(|e| describe(e.message))
    }
}

/// The `regret` table: metrics compared across policies and their better end, in
/// `RUN_METRICS` order. Required (non-empty) with levers, refused without.
pub fn parse_regret(
    config: &SweepConfig,
    origin: &str,
    with_levers: bool,
) -> Result<Vec<(String, Direction)>, ConfigError> {
    if !with_levers {
        return match config.regret.keys().next() {
            Some(k) => Err(err(
                origin,
                format!("sweep.regret.{k}: regret compares policies; declare `levers` first"),
            )),
            None => Ok(Vec::new()),
        };
    }
    if config.regret.is_empty() {
        return Err(err(
            origin,
            "sweep.levers needs a [sweep.regret] table naming the compared metrics and their better end, e.g. us_welfare_usd_bn = \"max\"".into(),
        ));
    }
    for (metric, dir) in &config.regret {
        if !RUN_METRICS.iter().any(|m| m.meta.name == metric.as_str()) {
            let names = RUN_METRICS.iter().map(|m| m.meta.name);
            let hint = crate::config::hint::did_you_mean(metric, names);
            return Err(err(
                origin,
                format!("sweep.regret.{metric} is not an outcome metric{hint}"),
            ));
        }
        if dir.as_str().and_then(Direction::from_name).is_none() {
            return Err(err(
                origin,
                format!(
                    "sweep.regret.{metric} = {dir}: must be \"max\" or \"min\" (the better end)"
                ),
            ));
        }
    }
    Ok(RUN_METRICS
        .iter()
        .filter_map(|m| {
            let dir = config.regret.get(m.meta.name)?.as_str()?;
            Some((m.meta.name.to_string(), Direction::from_name(dir)?))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> SweepConfig {
        let t: toml::Table = text.parse().unwrap();
        t["sweep"].clone().try_into().unwrap()
    }

    #[test]
    fn policies_are_the_full_factorial_of_the_options() {
        let c = config(
            "[sweep]\ndesign = \"grid\"\n[sweep.levers]\n\"us.strategy.name\" = [\"hold\", \"tit_for_tat\"]\n\"us.tariff.ceiling\" = [1, 2.5]\n",
        );
        let l = Levers::parse(&c, "s.toml").unwrap().unwrap();
        assert_eq!(l.paths, vec!["us.strategy.name", "us.tariff.ceiling"]);
        let p = l.policies();
        assert_eq!(p.len(), 4);
        let labels: Vec<String> = p
            .iter()
            .map(|v| label(&v.iter().map(cell).collect::<Vec<_>>()))
            .collect();
        assert_eq!(
            labels,
            vec!["hold/1", "hold/2.5", "tit_for_tat/1", "tit_for_tat/2.5"]
        );
    }

    #[test]
    fn mistakes_name_the_lever_or_metric() {
        let cases = [
            (
                "[sweep.levers]\n\"us.strategy.nam\" = [\"hold\"]\n",
                "is not a config key",
            ),
            (
                "[sweep.levers]\n\"us.tariff.ceiling\" = [99]\n",
                "sweep.levers.\"us.tariff.ceiling\"",
            ),
            (
                "[sweep.levers]\n\"us.tariff.ceiling\" = []\n",
                "has no options",
            ),
            (
                "[sweep.levers]\n\"us.tariff.ceiling\" = [1, 1]\n",
                "listed twice",
            ),
        ];
        for (text, needle) in cases {
            let c = config(&format!("[sweep]\ndesign = \"grid\"\n{text}"));
            let e = Levers::parse(&c, "s.toml").unwrap_err();
            assert!(e.to_string().contains(needle), "{text} => {e}");
        }
        let c = config("[sweep]\ndesign = \"grid\"\n[sweep.regret]\nus_welfare_usd_bm = \"max\"\n");
        let e = parse_regret(&c, "s.toml", true).unwrap_err();
        assert!(e.to_string().contains("did you mean"), "{e}");
        assert!(parse_regret(&c, "s.toml", false).is_err());
        let c = config("[sweep]\ndesign = \"grid\"\n[sweep.regret]\nus_welfare_usd_bn = \"up\"\n");
        assert!(parse_regret(&c, "s.toml", true).is_err());
        let c = config("[sweep]\ndesign = \"grid\"\n[sweep.regret]\nus_welfare_usd_bn = \"max\"\n");
        assert_eq!(
            parse_regret(&c, "s.toml", true).unwrap(),
            vec![("us_welfare_usd_bn".to_string(), Direction::Max)]
        );
    }
}
