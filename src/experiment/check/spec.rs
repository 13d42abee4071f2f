//! The validation checks as data (`data/validation/checks.toml`; docs/model.md §8 and §9):
//! each check names a fact or target with its published value and source, the scenario and
//! the model statistic that answer it, and the range its verdict is judged against. This
//! file reads and checks the list; [`super::run`] runs its scenarios and
//! [`super::evaluate`] judges each check.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::ConfigError;
use crate::model::recorder::{RunMetricId, round_metric_index};

/// The whole checks file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckFile {
    /// Replicates per scenario unless the scenario sets its own (`--replicates` overrides both).
    pub replicates: u64,
    /// The scenarios the checks run, by the name the checks use.
    pub scenarios: BTreeMap<String, ScenarioSpec>,
    /// The checks, in the order of the table.
    pub checks: Vec<CheckSpec>,
}

/// A scenario the checks run: a config file and its overrides.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Scenario config, relative to the checks file.
    pub config: PathBuf,
    /// `--set KEY=VALUE` overrides, in order.
    #[serde(default)]
    pub sets: Vec<String>,
    /// Replicates for this scenario (default: the file's `replicates`).
    pub replicates: Option<u64>,
}

/// What a check measures in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A statistic of one metric (or of two combined) over a scenario's replicates.
    Distribution,
    /// The share of an observed series' months inside the scenario's 5–95% band.
    Coverage,
    /// A figure of the trade block fed a paper's inputs (`data/literature/`), no replicates.
    Literature,
}

/// The statistic of the per-run values a distribution check reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stat {
    /// The median.
    #[default]
    Median,
    /// The mean.
    Mean,
    /// The 5th percentile.
    P05,
    /// The 95th percentile.
    P95,
}

impl Stat {
    /// The statistic as the table names it.
    pub fn label(self) -> &'static str {
        match self {
            Stat::Median => "median",
            Stat::Mean => "mean",
            Stat::P05 => "5th percentile",
            Stat::P95 => "95th percentile",
        }
    }
}

/// One check: the fact, its published value and source, the model statistic and the rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    /// Short unique name (a slug).
    pub id: String,
    /// The fact or target, one sentence.
    pub fact: String,
    /// Where docs/model.md states it (e.g. "§9 fact 5").
    pub section: String,
    /// Whether the model figure is set by an input ("input", "calibrated") or produced by the
    /// mechanisms ("result").
    pub basis: String,
    /// The published value as the source gives it (literature checks with
    /// `published_keys` take it from the file).
    #[serde(default)]
    pub published: Option<String>,
    /// The source, only what was known by 25 October 2025 (literature checks with
    /// `published_keys` take it from the file).
    #[serde(default)]
    pub source: Option<String>,
    /// What the model measures.
    pub kind: Kind,
    /// Why the range is what it is, and anything a reader needs to judge the verdict.
    #[serde(default)]
    pub note: Option<String>,
    /// The range the verdict is judged against, in the unit shown (after `scale`); `inf`
    /// and `-inf` leave a side open.
    #[serde(default)]
    pub range: Option<[f64; 2]>,
    /// Scenario name (distribution and coverage checks).
    #[serde(default)]
    pub scenario: Option<String>,
    /// A run metric (runs.csv column) or, with `round` or for coverage, a round metric.
    #[serde(default)]
    pub metric: Option<String>,
    /// The round of a round metric (distribution checks).
    #[serde(default)]
    pub round: Option<u32>,
    /// Per run, subtract this metric (same table and round) from `metric`.
    #[serde(default)]
    pub minus: Option<String>,
    /// Per run, divide `metric` by this metric (same table and round).
    #[serde(default)]
    pub over: Option<String>,
    /// Factor applied to each per-run value (units, signs, per-year and per-GDP scalings).
    #[serde(default = "one")]
    pub scale: f64,
    /// The statistic reported (distribution checks).
    #[serde(default)]
    pub stat: Stat,
    /// Unit shown after the figures.
    #[serde(default)]
    pub unit: String,
    /// Decimals shown.
    #[serde(default = "two")]
    pub digits: usize,
    /// Observed series (coverage checks), relative to the checks file.
    #[serde(default)]
    pub observed: Option<PathBuf>,
    /// Coverage at or above which the check is consistent.
    #[serde(default)]
    pub consistent_at: Option<f64>,
    /// Coverage at or above which (and below `consistent_at`) the check is partial.
    #[serde(default)]
    pub partial_at: Option<f64>,
    /// A paper's inputs (literature checks), relative to the checks file.
    #[serde(default)]
    pub literature: Option<PathBuf>,
    /// The model figure of the literature computation.
    #[serde(default)]
    pub figure: Option<String>,
    /// Keys of the literature file whose values add up to the published figure.
    #[serde(default)]
    pub published_keys: Vec<String>,
    /// With `published_keys`: the range as multiples of the published figure.
    #[serde(default)]
    pub relative_range: Option<[f64; 2]>,
}

fn one() -> f64 {
    1.0
}

fn two() -> usize {
    2
}

/// Where a per-run value of a distribution check comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    /// A run outcome (index in `RUN_METRICS`).
    Run(usize),
    /// A round metric (index in `ROUND_METRICS`) at a round.
    Round(usize, u32),
}

impl CheckSpec {
    /// The scenario name; checked present by [`CheckFile::load`] for the kinds that need it.
    pub fn scenario_name(&self) -> &str {
        self.scenario.as_deref().unwrap_or_default()
    }

    /// The metric name; checked present by [`CheckFile::load`] for the kinds that need it.
    pub fn metric_name(&self) -> &str {
        self.metric.as_deref().unwrap_or_default()
    }

    /// The per-run sources of a distribution check: the metric, and the `minus` or `over`
    /// metric if any. `None` for a name that is not a metric of that table.
    pub fn sources(&self) -> Option<(Source, Option<Source>)> {
        let find = |name: &str| match self.round {
            Some(r) => round_metric_index(name).map(|i| Source::Round(i, r)),
            None => RunMetricId::find(name).map(|m| Source::Run(m.index())),
        };
        let main = find(self.metric.as_deref()?)?;
        let other = match self.minus.as_deref().or(self.over.as_deref()) {
            Some(name) => Some(find(name)?),
            None => None,
        };
        Some((main, other))
    }
}

impl CheckFile {
    /// Reads and checks the file at `path`: every scenario named, every metric known, every
    /// range ordered, every id unique. Errors name the file, the check and the key.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::new(&origin, format!(
                "cannot read the checks file ({e}); run from the repository's root or name the file with --checks"
            )))?;
        let file: CheckFile = toml::from_str(&text)
            .map_err(|e| ConfigError::new(&origin, e.to_string().trim_end().to_string()))?;
        file.check(&origin)?;
        Ok(file)
    }

    /// The folder the file's relative paths start from.
    pub fn base(path: &Path) -> PathBuf {
        path.parent().map(Path::to_path_buf).unwrap_or_default()
    }

    fn check(&self, origin: &str) -> Result<(), ConfigError> {
        if self.replicates == 0 {
            return Err(ConfigError::new(origin, "replicates must be at least 1"));
        }
        let mut ids = std::collections::BTreeSet::new();
        for (i, c) in self.checks.iter().enumerate() {
            let at = format!("checks.{i} ({})", c.id);
            let fail = |m: String| ConfigError::new(origin, format!("{at}: {m}"));
            if !ids.insert(c.id.as_str()) {
                return Err(fail("id used twice".into()));
            }
            if let Some([lo, hi]) = c.range.or(c.relative_range)
                && (lo.is_nan() || hi.is_nan() || lo > hi)
            {
                return Err(fail(format!("range [{lo}, {hi}] is not ordered")));
            }
            let from_file = c.kind == Kind::Literature && !c.published_keys.is_empty();
            if !from_file && (c.published.is_none() || c.source.is_none()) {
                return Err(fail("needs published and source".into()));
            }
            let needs_scenario = matches!(c.kind, Kind::Distribution | Kind::Coverage);
            if needs_scenario {
                match &c.scenario {
                    Some(s) if self.scenarios.contains_key(s) => {}
                    Some(s) => {
                        let known = self
                            .scenarios
                            .keys()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ");
                        return Err(fail(format!("scenario \"{s}\" is not one of {known}")));
                    }
                    None => return Err(fail("needs a scenario".into())),
                }
            }
            match c.kind {
                Kind::Distribution => {
                    if c.range.is_none() {
                        return Err(fail("needs a range".into()));
                    }
                    if c.minus.is_some() && c.over.is_some() {
                        return Err(fail("set minus or over, not both".into()));
                    }
                    if c.sources().is_none() {
                        let table = if c.round.is_some() {
                            "round metric (rounds.csv)"
                        } else {
                            "run metric (runs.csv column)"
                        };
                        return Err(fail(format!(
                            "metric, minus or over is not a {table}: {:?}",
                            [&c.metric, &c.minus, &c.over]
                        )));
                    }
                }
                Kind::Coverage => {
                    if round_metric_index(c.metric_name()).is_none() {
                        return Err(fail(format!(
                            "metric \"{}\" is not a round metric",
                            c.metric_name()
                        )));
                    }
                    let (Some(hi), Some(lo), Some(_)) =
                        (c.consistent_at, c.partial_at, &c.observed)
                    else {
                        return Err(fail("needs observed, consistent_at and partial_at".into()));
                    };
                    if !(0.0..=hi).contains(&lo) || hi > 1.0 {
                        return Err(fail("needs 0 <= partial_at <= consistent_at <= 1".into()));
                    }
                }
                Kind::Literature => {
                    if c.literature.is_none() || c.figure.is_none() {
                        return Err(fail("needs literature and figure".into()));
                    }
                    let relative = !c.published_keys.is_empty() && c.relative_range.is_some();
                    if relative == c.range.is_some() {
                        return Err(fail(
                            "needs either range, or published_keys with relative_range".into(),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The scenarios some check uses, in name order.
    pub fn used_scenarios(&self) -> Vec<&str> {
        self.scenarios
            .keys()
            .map(String::as_str)
            .filter(|s| {
                self.checks
                    .iter()
                    .any(|c| c.scenario.as_deref() == Some(*s))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(checks: &str) -> Result<CheckFile, ConfigError> {
        let text = format!("replicates = 10\n[scenarios.base]\nconfig = \"b.toml\"\n{checks}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checks.toml");
        std::fs::write(&path, text).unwrap();
        CheckFile::load(&path)
    }

    const HEAD: &str = "[[checks]]\nid = \"a\"\nfact = \"f\"\nsection = \"§9\"\nbasis = \"result\"\npublished = \"p\"\nsource = \"s\"\n";

    #[test]
    fn a_good_check_loads_and_names_its_sources() {
        let f = load(&format!(
            "{HEAD}kind = \"distribution\"\nscenario = \"base\"\nmetric = \"us_tariff\"\nround = 3\nminus = \"cn_tariff\"\nrange = [0.0, inf]"
        ))
        .unwrap();
        let (a, b) = f.checks[0].sources().unwrap();
        assert!(matches!(a, Source::Round(_, 3)));
        assert!(matches!(b, Some(Source::Round(_, 3))));
        assert_eq!(f.used_scenarios(), ["base"]);
    }

    #[test]
    fn bad_checks_are_refused_naming_the_check_and_the_key() {
        let cases = [
            (
                "kind = \"distribution\"\nscenario = \"nope\"\nmetric = \"us_tariff_final\"\nrange = [0.0, 1.0]",
                "scenario \"nope\" is not one of base",
            ),
            (
                "kind = \"distribution\"\nscenario = \"base\"\nmetric = \"us_tarif_final\"\nrange = [0.0, 1.0]",
                "is not a run metric",
            ),
            (
                "kind = \"distribution\"\nscenario = \"base\"\nmetric = \"us_tariff_final\"\nrange = [1.0, 0.0]",
                "not ordered",
            ),
            (
                "kind = \"coverage\"\nscenario = \"base\"\nmetric = \"us_tariff\"\nobserved = \"o.csv\"",
                "needs observed, consistent_at and partial_at",
            ),
            (
                "kind = \"literature\"\nliterature = \"x.csv\"\nfigure = \"y\"",
                "needs either range",
            ),
            (
                "kind = \"distribution\"\nscenaro = \"base\"",
                "unknown field",
            ),
        ];
        for (lines, want) in cases {
            let e = load(&format!("{HEAD}{lines}")).unwrap_err().to_string();
            assert!(e.contains(want), "{lines}: {e}");
            assert!(e.contains("checks.toml"), "{e}");
        }
        let twice = format!(
            "{HEAD}kind = \"literature\"\nliterature = \"x.csv\"\nfigure = \"y\"\nrange = [0.0, 1.0]\n"
        );
        let e = load(&format!("{twice}{twice}")).unwrap_err().to_string();
        assert!(e.contains("checks.1 (a): id used twice"), "{e}");
    }
}
