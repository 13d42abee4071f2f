//! A scenario as loaded (docs/model.md §2, §8): the merged config tree after `extends` and
//! `--set`, validated, with the typical scenario (every distribution at its mean) and the
//! per-replicate draws.

use std::path::Path;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Table;

use crate::config::error::ConfigError;
use crate::config::load::Flag;
use crate::config::scenario::Scenario;
use crate::config::{dist, keys, load, support};

/// A loaded, validated scenario before per-replicate resolution.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// Where it came from (file path as given, or the built-in baseline).
    pub origin: String,
    /// The merged config tree (after `extends` and `--set`), distributions unresolved.
    pub table: Table,
    /// The scenario with every distribution at its mean (for run-level settings and checks).
    pub typical: Scenario,
    /// Warnings about accepted but doubtful settings (e.g. a distribution whose draws are
    /// mostly clamped to the key's range), for the command to print.
    pub warnings: Vec<String>,
    has_distributions: bool,
    inputs: Vec<String>,
}

fn typed(table: Table, origin: &str) -> Result<Scenario, ConfigError> {
    Scenario::deserialize(toml::Value::Table(table))
        .map_err(|e| ConfigError::new(origin, e.to_string().trim_end().to_string()))
}

fn at_means(table: &Table) -> Table {
    let mut out = Table::new();
    for (k, v) in table {
        let nv = match v {
            toml::Value::Table(t) if t.contains_key("dist") => dist::ParamDist::parse(t)
                .map(|d| toml::Value::Float(d.mean()))
                .unwrap_or_else(|_| v.clone()),
            toml::Value::Table(t) => toml::Value::Table(at_means(t)),
            other => other.clone(),
        };
        out.insert(k.clone(), nv);
    }
    out
}

impl LoadedScenario {
    /// Loads `path` (or the built-in baseline when `None`) and applies `--set` overrides.
    pub fn load(path: Option<&Path>, sets: &[String]) -> Result<Self, ConfigError> {
        Self::load_with_flags(path, sets, &[])
    }

    /// Loads `path` (or the built-in baseline), applies `--set` overrides and then flags that
    /// set keys (`--replicates`, `--seed`); errors name the source that caused them.
    pub fn load_with_flags(
        path: Option<&Path>,
        sets: &[String],
        flags: &[Flag],
    ) -> Result<Self, ConfigError> {
        let (origin, mut table, stem) = match path {
            Some(p) => (
                p.display().to_string(),
                load::load_file(p)?,
                p.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "scenario".into()),
            ),
            None => (
                load::BASELINE_ORIGIN.to_string(),
                load::builtin()?,
                "baseline".into(),
            ),
        };
        table.remove("extends");
        if path.is_some() && !own_name(path) {
            table.insert("name".into(), toml::Value::String(stem));
        }
        Self::from_table(origin, table, sets, flags)
    }

    /// A variant of this scenario: a new config tree (e.g. edited by a sweep or tournament)
    /// with `--set`-style overrides, validated the same way.
    pub fn with_table(&self, table: Table, sets: &[String]) -> Result<Self, ConfigError> {
        Self::from_table(self.origin.clone(), table, sets, &[])
    }

    fn from_table(
        origin: String,
        mut table: Table,
        sets: &[String],
        flags: &[Flag],
    ) -> Result<Self, ConfigError> {
        let before = (!sets.is_empty() || !flags.is_empty()).then(|| table.clone());
        load::apply_sets(&mut table, sets)?;
        load::apply_flags(&mut table, flags)?;
        let checked = typed(at_means(&table), &origin).and_then(|t| {
            t.check(&origin)?;
            Ok(t)
        });
        let typical = match (checked, before) {
            (Ok(t), _) => t,
            (Err(e), None) => return Err(e),
            (Err(e), Some(before)) => return Err(blame(e, &before, &origin, sets, flags)),
        };
        let means = at_means(&table);
        let check = |t: &Table| typed(t.clone(), &origin)?.check(&origin);
        let warnings = support::check_corners(&table, &means, &origin, &check)?;
        let has_distributions = dist::has_distributions(&table);
        let inputs = dist::distribution_paths(&table);
        Ok(Self {
            origin,
            table,
            typical,
            warnings,
            has_distributions,
            inputs,
        })
    }

    /// The scenario of one replicate: each distribution drawn from the stream of
    /// (seed, replicate, key path).
    pub fn for_replicate(&self, replicate: u64) -> Result<Scenario, ConfigError> {
        self.for_replicate_with_draws(replicate).map(|(s, _)| s)
    }

    /// [`Self::for_replicate`] with the values drawn, in [`Self::inputs`] order.
    pub fn for_replicate_with_draws(
        &self,
        replicate: u64,
    ) -> Result<(Scenario, Vec<f64>), ConfigError> {
        if !self.has_distributions {
            return Ok((self.typical.clone(), Vec::new()));
        }
        let (resolved, draws) =
            dist::resolve_with_draws(&self.table, self.typical.seed, replicate, &keys::bounds);
        let s = typed(resolved, &self.origin)?;
        s.check(&self.origin)?;
        Ok((s, draws.into_iter().map(|(_, x)| x).collect()))
    }

    /// The key paths of the distribution-valued keys, drawn once per replicate, in the
    /// order of [`Self::for_replicate_with_draws`]'s values (array elements by index:
    /// `events.2.rate`).
    pub fn inputs(&self) -> &[String] {
        &self.inputs
    }

    /// This scenario with some keys fixed to numbers (a sweep's design point): the merged
    /// table is edited in place of re-reading files, and the typed scenario re-derived and
    /// re-checked (cross-key rules such as floor ≤ initial ≤ ceiling). Paths are not checked
    /// against the key table here: `sweep::SweepPlan` does that once for the whole design.
    pub fn with_values(&self, values: &[(&str, f64)]) -> Result<Self, ConfigError> {
        let mut table = self.table.clone();
        for (path, value) in values {
            load::set_path(&mut table, path, toml::Value::Float(*value))
                .map_err(|m| ConfigError::new(&self.origin, format!("cannot set {m}")))?;
        }
        let typical = typed(at_means(&table), &self.origin)?;
        typical.check(&self.origin)?;
        Ok(Self {
            origin: self.origin.clone(),
            warnings: self.warnings.clone(),
            has_distributions: dist::has_distributions(&table),
            inputs: dist::distribution_paths(&table),
            table,
            typical,
        })
    }

    /// Whether any parameter is a distribution.
    pub fn has_distributions(&self) -> bool {
        self.has_distributions
    }

    /// The resolved config as canonical TOML text (sorted keys).
    pub fn canonical_toml(&self) -> String {
        toml::to_string(&self.table).unwrap_or_default()
    }

    /// `sha256:<hex>` of the canonical TOML: identifies the exact configuration.
    pub fn hash(&self) -> String {
        let digest = Sha256::digest(self.canonical_toml().as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}

/// A file sets its own name only if it has a `name` key itself; otherwise the file stem is
/// the scenario name (an extending file does not inherit its parent's name).
fn own_name(path: Option<&Path>) -> bool {
    path.and_then(|p| load::read_config(p, "").ok())
        .and_then(|(_, t)| t.parse::<Table>().ok())
        .is_some_and(|t| t.contains_key("name"))
}

/// Names the real source of a cross-key error that appeared only after the command-line
/// overrides: the overrides whose keys the message names, else all of them.
fn blame(
    e: ConfigError,
    before: &Table,
    origin: &str,
    sets: &[String],
    flags: &[Flag],
) -> ConfigError {
    let file_ok = typed(at_means(before), origin).and_then(|t| t.check(origin));
    if file_ok.is_err() {
        return e;
    }
    let mut named: Vec<String> = Vec::new();
    let mut all: Vec<String> = Vec::new();
    for set in sets {
        let key = set.split_once('=').map_or(set.as_str(), |(k, _)| k.trim());
        let text = format!("--set {set}");
        if mentions(&e.message, key) {
            named.push(text.clone());
        }
        all.push(text);
    }
    for f in flags {
        if mentions(&e.message, f.key) {
            named.push(f.origin());
        }
        all.push(f.origin());
    }
    let who = if named.is_empty() { all } else { named };
    ConfigError::new(format!("{} (with {origin})", who.join(", ")), e.message)
}

/// Whether a message names the key path (also in the `[]` or `[i]` forms of array keys).
fn mentions(message: &str, key: &str) -> bool {
    let normal = keys::normalize(key);
    message.contains(key) || message.contains(&normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_loads_and_round_zero_settings_match_the_brief() {
        let s = LoadedScenario::load(None, &[]).unwrap();
        assert_eq!(s.typical.seed, 20251025);
        assert_eq!(s.typical.replicates, 1000);
        assert!((s.typical.us.tariff.initial - 0.55).abs() < 1e-12);
        assert!(s.hash().starts_with("sha256:"));
    }

    #[test]
    fn sets_override_and_are_validated() {
        let s = LoadedScenario::load(
            None,
            &["us.tariff.initial=0.6".into(), "replicates=5".into()],
        )
        .unwrap();
        assert_eq!(s.typical.replicates, 5);
        assert!((s.typical.us.tariff.initial - 0.6).abs() < 1e-12);
        let e = LoadedScenario::load(None, &["us.tariff.initial=9".into()]).unwrap_err();
        assert!(e.to_string().contains("outside [0, 5]"), "{e}");
        let e = LoadedScenario::load(None, &["us.tariff.floor=0.9".into()]).unwrap_err();
        assert!(
            e.to_string().contains(
                "us.tariff.initial = 0.55 is outside [us.tariff.floor, us.tariff.ceiling]"
            ),
            "{e}"
        );
    }

    #[test]
    fn distributions_draw_per_replicate_within_range() {
        let s = LoadedScenario::load(
            None,
            &["us.tariff.initial={ dist = \"uniform\", low = 0.5, high = 0.6 }".into()],
        )
        .unwrap();
        assert!(s.has_distributions());
        let a = s.for_replicate(0).unwrap().us.tariff.initial;
        let b = s.for_replicate(1).unwrap().us.tariff.initial;
        assert!(a != b && (0.5..=0.6).contains(&a) && (0.5..=0.6).contains(&b));
        assert_eq!(a, s.for_replicate(0).unwrap().us.tariff.initial);
    }

    #[test]
    fn with_values_sets_keys_and_rechecks_the_scenario() {
        let s = LoadedScenario::load(None, &[]).unwrap();
        let p = s
            .with_values(&[("us.tariff.ceiling", 1.0), ("trade.pass_through", 0.5)])
            .unwrap();
        assert_eq!(p.typical.us.tariff.ceiling, 1.0);
        assert_eq!(p.typical.trade.pass_through, 0.5);
        assert_eq!(p.typical.seed, s.typical.seed);
        let e = s.with_values(&[("us.tariff.ceiling", 0.3)]).unwrap_err();
        assert!(
            e.to_string()
                .contains("us.tariff.initial = 0.55 is outside"),
            "{e}"
        );
    }

    #[test]
    fn inconsistent_firm_settings_are_rejected_with_the_key() {
        let e = LoadedScenario::load(
            None,
            &[
                "exporters.reroute_share=0".into(),
                "exporters.absorb_share=0".into(),
                "exporters.cut_jobs_share=0".into(),
            ],
        )
        .unwrap_err();
        assert!(e.message.contains("exporters.reroute_share"), "{e}");
        let e = LoadedScenario::load(None, &["rare_earths.invest_lag_min_months=40".into()])
            .unwrap_err();
        assert!(
            e.message.contains("rare_earths.invest_lag_min_months"),
            "{e}"
        );
    }

    #[test]
    fn an_event_key_of_another_kind_is_an_error_naming_the_event() {
        let e = LoadedScenario::load(None, &["events.0.rate=1.0".into()]).unwrap_err();
        assert!(e.message.contains("events[0] (summit)"), "{e}");
        assert!(e.message.contains("`rate`"), "{e}");
    }
}
