//! `tradewar check`: the validation report (docs/model.md §8, §9 and "History scenarios").
//! Runs the checks of `data/validation/checks.toml` ([`crate::experiment::check`]) and
//! prints one Markdown page: per check, the fact or target, the published value and its
//! source, the model figure with its 5–95% interval, and the verdict. `--write PATH` writes
//! the same page (`docs/validation.md`). Verdicts live in the table, not in the exit code.
//! Observed series are read and compared with the run's band by the report layer's
//! observed-data functions, as `tradewar plot --observed` does.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::ConfigError;
use crate::experiment::check::evaluate::{Coverage, Figure, Judged, band};
use crate::experiment::check::run::{RunSettings, ScenarioRun};
use crate::experiment::check::spec::{CheckSpec, Kind};
use crate::experiment::check::suite::{Suite, run_suite};
use crate::experiment::error::ExperimentError;
use crate::experiment::runner::{progress_bar, thread_pool};
use crate::model::recorder::round_metric_index;
use crate::model::strategy::StrategyRegistry;

use super::AppError;

/// The checks file `tradewar check` reads unless `--checks` names another.
pub const DEFAULT_CHECKS: &str = "data/validation/checks.toml";

/// The page `tradewar check --write` regenerates in this repository.
pub const PAGE: &str = "docs/validation.md";

/// Options of `tradewar check`.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The checks file.
    pub checks: PathBuf,
    /// Replicates per scenario, overriding the file.
    pub replicates: Option<u64>,
    /// Master seed, overriding the scenarios'.
    pub seed: Option<u64>,
    /// Worker threads (0 = one per core); the page does not depend on it.
    pub threads: usize,
    /// No progress bar.
    pub quiet: bool,
    /// Also write the page to this file (atomically).
    pub write: Option<PathBuf>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self {
            checks: PathBuf::from(DEFAULT_CHECKS),
            replicates: None,
            seed: None,
            threads: 0,
            quiet: false,
            write: None,
        }
    }
}

/// `tradewar check`: runs the checks and returns the page (written to `--write` too).
pub fn check(opts: &CheckOptions, registry: &StrategyRegistry) -> Result<String, AppError> {
    super::estimate::check_threads(opts.threads)?;
    let pool = thread_pool(opts.threads)?;
    let bar = progress_bar(0, opts.quiet, "check");
    let settings = RunSettings {
        replicates: opts.replicates,
        seed: opts.seed,
        registry,
        pool: &pool,
    };
    let suite = run_suite(&opts.checks, &settings, &bar, &observed_coverage)?;
    bar.finish_and_clear();
    let page = render(&suite, opts);
    if let Some(path) = &opts.write {
        crate::foundation::io::write_atomic(path, page.as_bytes())
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    Ok(page)
}

/// Counts the months of the observed series `metric` in `file` inside the run's 5–95% band
/// (with `tradewar plot --observed`'s reader and counter).
fn observed_coverage(
    file: &Path,
    metric: &str,
    run: &ScenarioRun,
) -> Result<Coverage, ExperimentError> {
    let origin = file.display().to_string();
    let observed = crate::foundation::observed::read_observed(file)
        .map_err(|e| ConfigError::new(&origin, format!("{e:#}")))?;
    let Some(series) = observed.series.get(metric) else {
        return Err(
            ConfigError::new(&origin, format!("no rows of the metric \"{metric}\"")).into(),
        );
    };
    let Some(index) = round_metric_index(metric) else {
        return Err(
            ConfigError::new(&origin, format!("\"{metric}\" is not a round metric")).into(),
        );
    };
    let band = band(run, index);
    let rows: Vec<crate::report::RoundStat> = band
        .iter()
        .map(|(round, q)| crate::report::RoundStat {
            round: *round,
            q: q.map(Some),
            mean: None,
        })
        .collect();
    let months = run.months();
    let points = crate::report::on_rounds(series, &months);
    let (inside, total) = crate::report::inside_band(&points, &rows);
    let compared: Vec<&(i64, f64)> = points
        .iter()
        .filter(|(r, _)| band.iter().any(|(b, _)| b == r))
        .collect();
    let above = compared
        .iter()
        .filter(|(r, v)| band.iter().any(|(b, q)| b == r && *v > q[4] + 1e-12))
        .count();
    let label = |r: &i64| months.get(r).cloned().unwrap_or_default();
    Ok(Coverage {
        inside,
        above,
        total,
        months: compared
            .first()
            .zip(compared.last())
            .map(|(a, b)| (label(&a.0), label(&b.0))),
    })
}

/// Markdown cell text: pipes escaped, line breaks as spaces.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A number with `digits` decimals; `±∞` for open ends.
fn num(x: f64, digits: usize) -> String {
    if x == f64::INFINITY {
        "∞".into()
    } else if x == f64::NEG_INFINITY {
        "−∞".into()
    } else {
        format!("{x:.digits$}").replace('-', "−")
    }
}

/// The value with its unit (a `%` sticks to the number).
fn with_unit(text: String, unit: &str) -> String {
    match unit {
        "" => text,
        "%" => format!("{text}%"),
        u => format!("{text} {u}"),
    }
}

/// The range column: the range used by the verdict.
fn range_text(check: &CheckSpec, j: &Judged) -> String {
    let [lo, hi] = j.range;
    if check.kind == Kind::Coverage {
        return format!(
            "consistent ≥ {:.0}% of months, partial ≥ {:.0}%",
            100.0 * hi,
            100.0 * lo
        );
    }
    let d = check.digits;
    let text = match (lo.is_finite(), hi.is_finite()) {
        (true, true) if lo == hi => num(lo, d),
        (true, true) => format!("{} to {}", num(lo, d), num(hi, d)),
        (true, false) => format!("≥ {}", num(lo, d)),
        (false, true) => format!("≤ {}", num(hi, d)),
        (false, false) => "any".into(),
    };
    with_unit(text, &check.unit)
}

/// The model column: the figure, its interval and how many runs gave a value.
fn figure_text(check: &CheckSpec, j: &Judged) -> String {
    let d = check.digits;
    match &j.figure {
        Figure::Distribution {
            value,
            p05,
            p95,
            n,
            of,
        } => {
            let mut t = with_unit(
                format!(
                    "{} {} [{}, {}]",
                    check.stat.label(),
                    num(*value, d),
                    num(*p05, d),
                    num(*p95, d)
                ),
                &check.unit,
            );
            if *n as u64 != *of {
                write!(t, "; {n} of {of} runs have a value").ok();
            }
            t
        }
        Figure::Coverage(c) => format!(
            "{} of {} observed months inside the band ({} observed above it, {} below)",
            c.inside,
            c.total,
            c.above,
            c.total - c.inside - c.above
        ),
        Figure::Value(v) => with_unit(num(*v, d), &check.unit),
        Figure::Missing => "no value".into(),
    }
}

/// A path as the page names it: as given when relative, else its file name only.
fn shown(path: &Path) -> String {
    if path.is_relative() {
        path.display().to_string()
    } else {
        path.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// The command that regenerates the page with these options (no machine paths: a
/// `--checks` file is named as given only when relative).
fn command(opts: &CheckOptions) -> String {
    let mut c = String::from("tradewar check");
    if opts.checks != Path::new(DEFAULT_CHECKS) {
        write!(c, " --checks {}", shown(&opts.checks)).ok();
    }
    if let Some(n) = opts.replicates {
        write!(c, " --replicates {n}").ok();
    }
    if let Some(s) = opts.seed {
        write!(c, " --seed {s}").ok();
    }
    c
}

/// The page: header (command, seeds, replicates, the verdict rules), the table and the notes.
pub fn render(suite: &Suite, opts: &CheckOptions) -> String {
    let mut p = String::new();
    let cmd = command(opts);
    let count = |f: fn(&Judged) -> bool| suite.judged.iter().filter(|j| f(j)).count();
    let consistent = count(|j| j.verdict.label() == "consistent");
    let partial = count(|j| j.verdict.label().starts_with("partial"));
    let off: Vec<&str> = suite
        .judged
        .iter()
        .filter(|j| j.verdict.is_off())
        .map(|j| suite.file.checks[j.index].id.as_str())
        .collect();
    let scenarios: Vec<String> = suite
        .runs
        .iter()
        .map(|r| {
            format!(
                "`{}` ({} replicates, seed {}, {} months from {})",
                r.name,
                r.replicates,
                r.seed,
                r.rounds,
                r.start.label()
            )
        })
        .collect();
    writeln!(p, "# Validation: the model against published figures\n").ok();
    writeln!(
        p,
        "Generated by `{cmd} --write {PAGE}` (the same page on any thread count). Each row is \
         a stylized fact or calibration target of [docs/model.md](model.md) (§8, §9), an \
         observed series of a history scenario (`data/observed/`), or a published estimate \
         the trade block is fed the inputs of (`data/literature/`); the list is `{}`.\n",
        shown(&opts.checks)
    )
    .ok();
    writeln!(p, "Scenarios: {}.\n", scenarios.join("; ")).ok();
    writeln!(
        p,
        "**{} checks: {consistent} consistent, {partial} partial, {} off.**{}\n",
        suite.judged.len(),
        off.len(),
        if off.is_empty() {
            String::new()
        } else {
            format!(" Off: {}.", off.join(", "))
        }
    )
    .ok();
    p.push_str(RULES);
    writeln!(
        p,
        "\n| check | fact or target | published (source) | range used | model: where | model: figure [5–95%] | verdict |"
    )
    .ok();
    writeln!(p, "|---|---|---|---|---|---|---|").ok();
    for j in &suite.judged {
        let c = &suite.file.checks[j.index];
        writeln!(
            p,
            "| `{}` | {} ({}; {}) | {} ({}) | {} | {} | {} | {} |",
            c.id,
            cell(&c.fact),
            cell(&c.section),
            cell(&c.basis),
            cell(&j.published),
            cell(&j.source),
            cell(&range_text(c, j)),
            cell(&j.place),
            cell(&figure_text(c, j)),
            j.verdict.label()
        )
        .ok();
    }
    let notes: Vec<String> = suite
        .file
        .checks
        .iter()
        .filter_map(|c| {
            c.note
                .as_ref()
                .map(|n| format!("* `{}`: {}", c.id, n.trim()))
        })
        .collect();
    if !notes.is_empty() {
        writeln!(p, "\n## Notes\n\n{}", notes.join("\n")).ok();
    }
    p
}

/// How the verdicts are reached (the rules of `experiment::check::evaluate`).
const RULES: &str = "How to read it. *Basis* says whether the model figure is set by an \
input (\"input\", \"calibrated\": a default chosen to hit this target) or produced by the \
mechanisms (\"result\"). The model figure is a statistic of the per-run values (the median \
unless the row names another) with their 5–95% interval over the scenario's replicates. A \
row is **consistent** when the figure lies in the range used, **partial** when only the \
5–95% interval reaches it, and **off** otherwise; a history row is consistent when at least \
the stated share of the observed months lies inside the run's 5–95% band, partial from the \
lower share; a row fed a paper's inputs has one figure, consistent inside the range and off \
outside it. Where a source gives one figure \"≈ x\", the range used is x ± 5% unless the \
row's note says otherwise. Verdicts are not targets: nothing in the model is tuned to pass \
them, and `tradewar check` exits 0 whatever they say.\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_ranges_and_units_read_as_the_page_prints_them() {
        assert_eq!(num(-1.25, 1), "−1.2");
        assert_eq!(num(f64::INFINITY, 2), "∞");
        assert_eq!(with_unit("5.0".into(), "%"), "5.0%");
        assert_eq!(with_unit("5.0".into(), "Mt"), "5.0 Mt");
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        let opts = CheckOptions {
            replicates: Some(20),
            seed: Some(7),
            ..CheckOptions::default()
        };
        assert_eq!(command(&opts), "tradewar check --replicates 20 --seed 7");
        let abs = CheckOptions {
            checks: PathBuf::from("/somewhere/mine.toml"),
            ..CheckOptions::default()
        };
        assert_eq!(command(&abs), "tradewar check --checks mine.toml");
    }
}
