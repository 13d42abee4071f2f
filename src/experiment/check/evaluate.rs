//! Judges each validation check (docs/model.md §8, §9, "History scenarios"): the model
//! figure, its 90% interval over replicates and the verdict against the check's range.
//!
//! Verdict rules, the same for every check of a kind:
//! * a **distribution** check is *consistent* when the statistic (the median unless the
//!   check says otherwise) lies in the range, *partial* when it does not but the 5–95%
//!   interval of the per-run values overlaps the range, and *off* otherwise;
//! * a **coverage** check is *consistent* when at least `consistent_at` of the observed
//!   months lie inside the run's 5–95% band, *partial* from `partial_at`, else *off*;
//! * a **literature** check (one deterministic figure) is *consistent* inside the range,
//!   else *off*.
//!
//! Partial and off verdicts say on which side the model lies.

use std::path::Path;

use crate::config::ConfigError;
use crate::config::TradeConfig;
use crate::experiment::check::literature::literature;
use crate::experiment::check::run::ScenarioRun;
use crate::experiment::check::spec::{CheckSpec, Kind, Stat};
use crate::experiment::error::ExperimentError;
use crate::foundation::stats::{mean_sd_se, quantile_sorted, sorted_finite, summarize};

/// On which side of the published range the model lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The model is above the range.
    Above,
    /// The model is below the range.
    Below,
}

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The model figure lies in the published range.
    Consistent,
    /// Only the model's interval reaches the range (or coverage between the two thresholds).
    Partial(Side),
    /// The model misses the range.
    Off(Side),
    /// No replicate gave a value, or no observed month fell in the run.
    NoValue,
}

impl Verdict {
    /// The verdict as the table prints it.
    pub fn label(self) -> String {
        let side = |s| match s {
            Side::Above => "model above",
            Side::Below => "model below",
        };
        match self {
            Verdict::Consistent => "consistent".into(),
            Verdict::Partial(s) => format!("partial ({})", side(s)),
            Verdict::Off(s) => format!("off ({})", side(s)),
            Verdict::NoValue => "no model value".into(),
        }
    }

    /// Whether the verdict says the model is off.
    pub fn is_off(self) -> bool {
        matches!(self, Verdict::Off(_))
    }
}

/// Observed months against a run's band: inside, above and below the 5–95% band.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Observed months inside the band (bounds included).
    pub inside: usize,
    /// Observed months above the band.
    pub above: usize,
    /// Observed months compared (inside + above + below).
    pub total: usize,
    /// First and last month compared (`YYYY-MM`).
    pub months: Option<(String, String)>,
}

/// The model side of a check.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    /// A statistic over the per-run values, their 5–95% interval, and how many of the runs
    /// gave a value.
    Distribution {
        /// The statistic.
        value: f64,
        /// 5th percentile of the per-run values.
        p05: f64,
        /// 95th percentile of the per-run values.
        p95: f64,
        /// Runs with a value.
        n: usize,
        /// Runs.
        of: u64,
    },
    /// Observed months inside the band.
    Coverage(Coverage),
    /// One deterministic figure.
    Value(f64),
    /// No value (no run had one).
    Missing,
}

/// A judged check.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    /// The check's index in the file.
    pub index: usize,
    /// The published value as shown.
    pub published: String,
    /// The source as shown.
    pub source: String,
    /// The range the verdict used, in the unit shown (coverage: the thresholds).
    pub range: [f64; 2],
    /// Where the model figure comes from (scenario and month, or paper).
    pub place: String,
    /// The model figure.
    pub figure: Figure,
    /// The verdict.
    pub verdict: Verdict,
}

/// What the evaluation reads besides the checks: the scenario runs, the folder of the
/// file's relative paths, the baseline's `[trade]` shares (literature checks) and a
/// counter of observed months inside a run's band (coverage checks).
pub struct Inputs<'a> {
    /// The runs, one per scenario used.
    pub runs: &'a [ScenarioRun],
    /// The checks file's folder.
    pub base: &'a Path,
    /// The baseline's trade section.
    pub trade: &'a TradeConfig,
    /// Counts the observed months of `metric` in the file inside the run's band.
    pub coverage: &'a dyn Fn(&Path, &str, &ScenarioRun) -> Result<Coverage, ExperimentError>,
}

/// Judges check `index` of `check`.
pub fn judge(index: usize, check: &CheckSpec, inputs: &Inputs) -> Result<Judged, ExperimentError> {
    let run = inputs
        .runs
        .iter()
        .find(|r| Some(r.name.as_str()) == check.scenario.as_deref());
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    let mut judged = Judged {
        index,
        published: text(&check.published),
        source: text(&check.source),
        range: check.range.unwrap_or([f64::NEG_INFINITY, f64::INFINITY]),
        place: String::new(),
        figure: Figure::Missing,
        verdict: Verdict::NoValue,
    };
    match (check.kind, run) {
        (Kind::Distribution, Some(run)) => distribution(check, run, &mut judged),
        (Kind::Coverage, Some(run)) => {
            let file = inputs
                .base
                .join(check.observed.as_deref().unwrap_or(Path::new("")));
            let c = (inputs.coverage)(&file, check.metric_name(), run)?;
            coverage(check, run, c, &mut judged);
        }
        (Kind::Literature, _) => literature_check(check, inputs, &mut judged)?,
        (_, None) => {
            return Err(ConfigError::new(
                check.id.clone(),
                format!("scenario {:?} did not run", check.scenario),
            )
            .into());
        }
    }
    Ok(judged)
}

/// The verdict of `value` (with its interval) against `[lo, hi]`.
fn verdict(value: f64, interval: Option<(f64, f64)>, [lo, hi]: [f64; 2]) -> Verdict {
    if (lo..=hi).contains(&value) {
        return Verdict::Consistent;
    }
    let side = if value > hi { Side::Above } else { Side::Below };
    match interval {
        Some((a, b)) if b >= lo && a <= hi => Verdict::Partial(side),
        _ => Verdict::Off(side),
    }
}

fn distribution(check: &CheckSpec, run: &ScenarioRun, judged: &mut Judged) {
    let Some((main, other)) = check.sources() else {
        return;
    };
    let a = run.values(main);
    let b = other.map(|o| run.values(o));
    let values = (0..a.len()).filter_map(|i| {
        let x = a[i]?;
        let y = match &b {
            None => x,
            Some(b) if check.over.is_some() => x / b[i]?,
            Some(b) => x - b[i]?,
        };
        Some(y * check.scale)
    });
    let sorted = sorted_finite(values);
    judged.place = match check.round {
        Some(r) => format!(
            "{}, {} (round {r})",
            run.name,
            crate::foundation::calendar::month_label(run.start, r)
        ),
        None => format!(
            "{}, {} months from {}",
            run.name,
            run.rounds,
            run.start.label()
        ),
    };
    let q = |p| quantile_sorted(&sorted, p);
    let value = match check.stat {
        Stat::Median => q(0.5),
        Stat::Mean => mean_sd_se(&sorted).map(|m| m.0),
        Stat::P05 => q(0.05),
        Stat::P95 => q(0.95),
    };
    let (Some(value), Some(p05), Some(p95)) = (value, q(0.05), q(0.95)) else {
        return;
    };
    judged.figure = Figure::Distribution {
        value,
        p05,
        p95,
        n: sorted.len(),
        of: run.replicates,
    };
    judged.verdict = verdict(value, Some((p05, p95)), judged.range);
}

fn coverage(check: &CheckSpec, run: &ScenarioRun, c: Coverage, judged: &mut Judged) {
    let (hi, lo) = (
        check.consistent_at.unwrap_or(1.0),
        check.partial_at.unwrap_or(0.0),
    );
    judged.range = [lo, hi];
    let span = c
        .months
        .as_ref()
        .map(|(a, b)| format!("{a} to {b}"))
        .unwrap_or_default();
    judged.place = format!("{}, {span}", run.name);
    judged.figure = Figure::Coverage(c.clone());
    if c.total == 0 {
        judged.verdict = Verdict::NoValue;
        return;
    }
    let share = c.inside as f64 / c.total as f64;
    let below = c.total - c.inside - c.above;
    let side = if c.above >= below {
        Side::Below
    } else {
        Side::Above
    };
    judged.verdict = if share >= hi {
        Verdict::Consistent
    } else if share >= lo {
        Verdict::Partial(side)
    } else {
        Verdict::Off(side)
    };
}

fn literature_check(
    check: &CheckSpec,
    inputs: &Inputs,
    judged: &mut Judged,
) -> Result<(), ConfigError> {
    let path = inputs
        .base
        .join(check.literature.as_deref().unwrap_or(Path::new("")));
    let lit = literature(&path, inputs.trade)?;
    let name = check.figure.as_deref().unwrap_or_default();
    let Some(value) = lit.figures.get(name).copied() else {
        let known: Vec<&str> = lit.figures.keys().copied().collect();
        return Err(ConfigError::new(
            &check.id,
            format!("figure \"{name}\" is not one of {}", known.join(", ")),
        ));
    };
    let value = value * check.scale;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    judged.place = format!("trade block fed {stem}.csv");
    if let (false, Some([lo, hi])) = (check.published_keys.is_empty(), check.relative_range) {
        let mut published = 0.0;
        let mut sources: Vec<String> = Vec::new();
        let mut unit = String::new();
        for k in &check.published_keys {
            let Some(i) = lit.inputs.get(k) else {
                return Err(ConfigError::new(
                    path.display().to_string(),
                    format!("no row for the key \"{k}\" (check {})", check.id),
                ));
            };
            published += i.value;
            unit.clone_from(&i.unit);
            if !sources.contains(&i.source) {
                sources.push(i.source.clone());
            }
        }
        judged.range = [lo * published, hi * published];
        if check.published.is_none() {
            judged.published = format!("{} {unit}", crate::foundation::io::fmt_f64(published));
        }
        if check.source.is_none() {
            judged.source = sources.join("; ");
        }
    }
    judged.figure = Figure::Value(value);
    judged.verdict = verdict(value, None, judged.range);
    Ok(())
}

/// The 5–95% band of a round metric over a run's replicates: per round, the quantiles
/// p05, p25, p50, p75, p95 (as in `rounds.csv`).
pub fn band(run: &ScenarioRun, metric: usize) -> Vec<(i64, [f64; 5])> {
    let Some(by_round) = run.monthly.get(&metric) else {
        return Vec::new();
    };
    by_round
        .iter()
        .enumerate()
        .filter_map(|(r, v)| summarize(v.iter().copied()).map(|s| (r as i64, s.p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::check::spec::CheckFile;
    use crate::model::recorder::RunMetricId;
    use std::collections::BTreeMap;

    /// A one-check file whose check is given as TOML lines.
    fn check(lines: &str) -> CheckSpec {
        let text = format!(
            "replicates = 4\n[scenarios.s]\nconfig = \"x.toml\"\n[[checks]]\nid = \"c\"\nfact = \"f\"\nsection = \"§9\"\nbasis = \"result\"\npublished = \"p\"\nsource = \"s\"\nscenario = \"s\"\n{lines}"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checks.toml");
        std::fs::write(&path, text).unwrap();
        CheckFile::load(&path).unwrap().checks.remove(0)
    }

    fn run_with(metric: &str, values: Vec<Option<f64>>) -> ScenarioRun {
        let i = RunMetricId::find(metric).unwrap().index();
        ScenarioRun {
            name: "s".into(),
            replicates: values.len() as u64,
            seed: 1,
            rounds: 24,
            start: crate::foundation::calendar::YearMonth::parse("2025-10").unwrap(),
            outcomes: BTreeMap::from([(i, values)]),
            monthly: BTreeMap::new(),
        }
    }

    fn judged_with(c: &CheckSpec, run: &ScenarioRun) -> Judged {
        let trade = crate::config::LoadedScenario::load(None, &[])
            .unwrap()
            .typical
            .trade;
        let none = |_: &Path, _: &str, _: &ScenarioRun| Ok(Coverage::default());
        let inputs = Inputs {
            runs: std::slice::from_ref(run),
            base: Path::new("."),
            trade: &trade,
            coverage: &none,
        };
        judge(0, c, &inputs).unwrap()
    }

    #[test]
    fn inside_is_consistent_interval_overlap_is_partial_else_off() {
        assert_eq!(
            verdict(0.5, Some((0.1, 0.9)), [0.4, 0.6]),
            Verdict::Consistent
        );
        assert_eq!(
            verdict(0.8, Some((0.5, 0.9)), [0.4, 0.6]),
            Verdict::Partial(Side::Above)
        );
        assert_eq!(
            verdict(0.2, Some((0.1, 0.3)), [0.4, 0.6]),
            Verdict::Off(Side::Below)
        );
        assert_eq!(verdict(0.7, None, [0.4, 0.6]), Verdict::Off(Side::Above));
        assert_eq!(
            verdict(-5.0, None, [f64::NEG_INFINITY, 0.0]),
            Verdict::Consistent
        );
        assert_eq!(
            Verdict::Partial(Side::Below).label(),
            "partial (model below)"
        );
        assert!(Verdict::Off(Side::Above).is_off());
    }

    #[test]
    fn a_distribution_check_reads_the_statistic_of_the_scaled_per_run_values() {
        let c = check(
            "kind = \"distribution\"\nmetric = \"deal_reached\"\nscale = 100.0\nrange = [40.0, 60.0]",
        );
        let run = run_with(
            "deal_reached",
            vec![Some(0.0), Some(1.0), None, Some(1.0), Some(0.0), Some(0.5)],
        );
        let j = judged_with(&c, &run);
        let Figure::Distribution { value, n, of, .. } = j.figure else {
            panic!("{:?}", j.figure)
        };
        assert_eq!((value, n, of), (50.0, 5, 6));
        assert_eq!(j.verdict, Verdict::Consistent);
        let c = check(
            "kind = \"distribution\"\nmetric = \"deal_reached\"\nstat = \"p05\"\nrange = [0.5, 1.0]",
        );
        let j = judged_with(&c, &run);
        assert_eq!(j.verdict, Verdict::Partial(Side::Below));
        let empty = run_with("deal_reached", vec![None, None]);
        assert_eq!(judged_with(&c, &empty).verdict, Verdict::NoValue);
    }

    #[test]
    fn coverage_thresholds_and_the_side_the_observations_lie_on() {
        let c = check(
            "kind = \"coverage\"\nmetric = \"us_tariff\"\nobserved = \"o.csv\"\nconsistent_at = 0.75\npartial_at = 0.5",
        );
        let run = run_with("deal_reached", vec![Some(1.0)]);
        let mut j = judged_with(&c, &run);
        let cov = |inside, above, total| Coverage {
            inside,
            above,
            total,
            months: None,
        };
        coverage(&c, &run, cov(8, 1, 10), &mut j);
        assert_eq!(j.verdict, Verdict::Consistent);
        coverage(&c, &run, cov(5, 4, 10), &mut j);
        assert_eq!(j.verdict, Verdict::Partial(Side::Below));
        coverage(&c, &run, cov(2, 1, 10), &mut j);
        assert_eq!(j.verdict, Verdict::Off(Side::Above));
        coverage(&c, &run, cov(0, 0, 0), &mut j);
        assert_eq!(j.verdict, Verdict::NoValue);
    }
}
