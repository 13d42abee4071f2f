//! `tradewar discover`: PRIM over an output folder's inputs against a case of interest, the
//! step to inspect, and the text of its files — `boxes.csv` (the peeling trajectory),
//! `chosen.csv` (the inspected box), `discover.json` (what was asked) — and of its summary
//! (docs/scenario_discovery.md).

use std::fmt::Write as _;
use std::path::Path;

use serde_json::json;

use super::case::Case;
use super::dataset::{Dataset, DiscoverError};
use super::prim::{PrimOptions, Trajectory, prim};
use super::significance::quasi_p;
use crate::config::ConfigError;
use crate::foundation::io::{csv_text, fmt_f64};

/// Smallest coverage of the box inspected by default.
pub const DEFAULT_MIN_COVERAGE: f64 = 0.5;

/// What `tradewar discover` was asked.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoverOptions {
    /// `METRIC OP VALUE`, e.g. `us_tariff_final > 0.8`.
    pub case: String,
    /// PRIM's tuning.
    pub prim: PrimOptions,
    /// The step of the trajectory to inspect (default: [`default_step`]).
    pub step: Option<usize>,
}

/// The outcome of PRIM over one folder.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// The runs read.
    pub data: Dataset,
    /// The case of interest.
    pub case: Case,
    /// Runs whose metric is empty (never cases).
    pub empty: usize,
    /// The trajectory.
    pub trajectory: Trajectory,
    /// The step inspected.
    pub chosen: usize,
    /// Whether `chosen` is the default choice (not `--step`).
    pub by_default: bool,
    /// Quasi-p values of the chosen box's low and high limit per input (`None`: that end is
    /// not restricted).
    pub quasi_p: Vec<(Option<f64>, Option<f64>)>,
}

/// The default step: the densest box with coverage at least [`DEFAULT_MIN_COVERAGE`]
/// (on a tie the higher coverage, then the earlier step); `None` without such a box.
pub fn default_step(t: &Trajectory) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, s) in t.steps.iter().enumerate() {
        if s.coverage < DEFAULT_MIN_COVERAGE {
            continue;
        }
        let better = best.is_none_or(|b| {
            let b = &t.steps[b];
            s.density > b.density || (s.density == b.density && s.coverage > b.coverage)
        });
        if better {
            best = Some(i);
        }
    }
    best
}

/// Checks PRIM's options, naming the flag and its allowed range.
fn check_options(o: &PrimOptions) -> Result<(), ConfigError> {
    let open = |flag: &str, v: f64| {
        if v > 0.0 && v < 0.5 {
            Ok(())
        } else {
            Err(ConfigError::new(
                flag,
                format!("{v} is outside (0, 0.5): the share of runs one peel or paste moves"),
            ))
        }
    };
    open("--peel-alpha", o.peel_alpha)?;
    open("--paste-alpha", o.paste_alpha)?;
    if !(o.mass_min >= 0.0 && o.mass_min < 1.0) {
        return Err(ConfigError::new(
            "--mass-min",
            format!(
                "{} is outside [0, 1): the smallest share of runs a box keeps",
                o.mass_min
            ),
        ));
    }
    Ok(())
}

/// Reads `dir`, parses the case and runs PRIM.
pub fn analyse(dir: &Path, opts: &DiscoverOptions) -> Result<Discovery, DiscoverError> {
    check_options(&opts.prim)?;
    let data = Dataset::load(dir)?;
    let case = Case::parse(&opts.case, &data.metrics)?;
    let values = data.outcome(&case.metric);
    let empty = values.iter().filter(|v| v.is_none()).count();
    let y: Vec<bool> = values.iter().map(|v| case.holds(*v)).collect();
    let cases = y.iter().filter(|c| **c).count();
    if cases == 0 {
        let seen: Vec<f64> = values.iter().flatten().copied().collect();
        let range = match (
            seen.iter().copied().reduce(f64::min),
            seen.iter().copied().reduce(f64::max),
        ) {
            (Some(a), Some(b)) => format!("its values run from {} to {}", fmt_f64(a), fmt_f64(b)),
            _ => "it has no values".to_string(),
        };
        return Err(ConfigError::new(
            format!("--case '{}'", opts.case),
            format!(
                "no run of {} is a case ({} runs; {range})",
                dir.display(),
                y.len()
            ),
        )
        .into());
    }
    let trajectory = prim(&data.columns, &data.kinds, &y, opts.prim);
    let (chosen, by_default) = match opts.step {
        Some(s) if s >= trajectory.steps.len() => {
            return Err(ConfigError::new(
                "--step",
                format!(
                    "step {s} is outside [0, {}]: the trajectory has {} steps",
                    trajectory.steps.len() - 1,
                    trajectory.steps.len()
                ),
            )
            .into());
        }
        Some(s) => (s, false),
        None => (default_step(&trajectory).unwrap_or(0), true),
    };
    let quasi_p = quasi_p(
        &data.columns,
        &y,
        &trajectory.steps[chosen].limits,
        &trajectory.init,
    );
    Ok(Discovery {
        data,
        case,
        empty,
        trajectory,
        chosen,
        by_default,
        quasi_p,
    })
}

impl Discovery {
    /// Input `j`'s name for people: the key path (without `input.`).
    pub fn label(&self, j: usize) -> &str {
        let name = &self.data.inputs[j];
        name.strip_prefix("input.").unwrap_or(name)
    }

    /// The inputs restricted in step `step`, in input order.
    pub fn restricted(&self, step: usize) -> Vec<usize> {
        let s = &self.trajectory.steps[step];
        (0..self.data.inputs.len())
            .filter(|j| s.is_restricted(*j, &self.trajectory.init))
            .collect()
    }

    /// `boxes.csv`: one row per step, `step,coverage,density,mass,restricted`, then
    /// `<input>.low,<input>.high` per input.
    pub fn boxes_csv(&self) -> String {
        let mut out = String::from("step,coverage,density,mass,restricted");
        for name in &self.data.inputs {
            let _ = write!(
                out,
                ",{},{}",
                csv_text(&format!("{name}.low")),
                csv_text(&format!("{name}.high"))
            );
        }
        out.push('\n');
        for (i, s) in self.trajectory.steps.iter().enumerate() {
            let _ = write!(
                out,
                "{i},{},{},{},{}",
                fmt_f64(s.coverage),
                fmt_f64(s.density),
                fmt_f64(s.mass),
                s.restricted
            );
            for (lo, hi) in &s.limits {
                let _ = write!(out, ",{},{}", fmt_f64(*lo), fmt_f64(*hi));
            }
            out.push('\n');
        }
        out
    }

    /// `chosen.csv`: the inspected box, one row per input:
    /// `input,restricted,low,high,min,max,qp_low,qp_high` (min and max: the input's range in
    /// the runs; the quasi-p values of restricted ends, empty for the others).
    pub fn chosen_csv(&self) -> String {
        let s = &self.trajectory.steps[self.chosen];
        let mut out = String::from("input,restricted,low,high,min,max,qp_low,qp_high\n");
        for (j, name) in self.data.inputs.iter().enumerate() {
            let (lo, hi) = s.limits[j];
            let (min, max) = self.trajectory.init[j];
            let (qlo, qhi) = self.quasi_p[j];
            let qp = |q: Option<f64>| match q {
                Some(v) if v != 0.0 && v < 1e-4 => format!("{v:.6e}"),
                Some(v) => fmt_f64(v),
                None => String::new(),
            };
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{}",
                csv_text(name),
                u8::from(s.is_restricted(j, &self.trajectory.init)),
                fmt_f64(lo),
                fmt_f64(hi),
                fmt_f64(min),
                fmt_f64(max),
                qp(qlo),
                qp(qhi)
            );
        }
        out
    }

    /// The quasi-p values of input `j`'s restricted ends, e.g. `qp 0.003 / 2.1e-9`.
    pub fn quasi_p_label(&self, j: usize) -> String {
        let f = |q: Option<f64>| match q {
            None => "-".to_string(),
            Some(v) if v < 0.001 => format!("{v:.1e}"),
            Some(v) => format!("{v:.3}"),
        };
        let (lo, hi) = self.quasi_p[j];
        format!("qp {} / {}", f(lo), f(hi))
    }

    /// `discover.json`: the case, the options, the counts and the step inspected, with the
    /// source's scenario, seed and config hash (not its path, so that the same runs give the
    /// same bytes wherever they lie).
    pub fn manifest(&self, opts: &DiscoverOptions) -> serde_json::Value {
        let m = &self.data.manifest;
        json!({
            "tool": "tradewar",
            "version": env!("CARGO_PKG_VERSION"),
            "command": "discover",
            "source": {
                "command": self.data.command,
                "scenario": m.scenario,
                "seed": m.seed,
                "config_hash": m.config_hash,
            },
            "case": self.case.to_string(),
            "runs": self.trajectory.runs,
            "cases": self.trajectory.cases,
            "runs_without_value": self.empty,
            "inputs": self.data.inputs,
            "peel_alpha": opts.prim.peel_alpha,
            "paste_alpha": opts.prim.paste_alpha,
            "mass_min": opts.prim.mass_min,
            "objective": "lenient1 (EMA Workbench default)",
            "steps": self.trajectory.steps.len(),
            "chosen_step": self.chosen,
            "chosen_by": if self.by_default {
                format!("default: the densest box with coverage >= {DEFAULT_MIN_COVERAGE}")
            } else {
                "--step".to_string()
            },
        })
    }

    /// A few lines for the terminal: the case, the chosen box and its restricted inputs.
    pub fn summary(&self) -> String {
        let t = &self.trajectory;
        let s = &t.steps[self.chosen];
        let mut out = format!(
            "{}: {} of {} runs are cases ({:.1}%)",
            self.case,
            t.cases,
            t.runs,
            100.0 * t.cases as f64 / t.runs as f64
        );
        if self.empty > 0 {
            let _ = write!(out, "; {} runs have no value and are not cases", self.empty);
        }
        let why = if self.by_default {
            format!("the densest box with coverage >= {DEFAULT_MIN_COVERAGE}")
        } else {
            "--step".to_string()
        };
        let _ = write!(
            out,
            "\nPRIM: {} steps; step {} ({why}): coverage {:.3}, density {:.3}, mass {:.3}, {} restricted input(s)",
            t.steps.len(),
            self.chosen,
            s.coverage,
            s.density,
            s.mass,
            s.restricted
        );
        for j in self.restricted(self.chosen) {
            let (lo, hi) = s.limits[j];
            let (min, max) = t.init[j];
            let _ = write!(
                out,
                "\n  {:<48} {:>10} .. {:<10} (runs: {} .. {}; {})",
                self.label(j),
                fmt_sig(lo),
                fmt_sig(hi),
                fmt_sig(min),
                fmt_sig(max),
                self.quasi_p_label(j)
            );
        }
        out
    }
}

/// A number with four significant digits for the terminal.
fn fmt_sig(v: f64) -> String {
    fmt_f64(format!("{v:.3e}").parse().unwrap_or(v))
}
