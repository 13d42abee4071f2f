//! The files of a calibration's output folder (docs/model.md "Calibration"), all derived
//! from the saved state, so an interrupted and resumed run writes the same bytes. ABC-SMC:
//!
//! * `posterior.csv`: every particle of every generation (generation, particle, weight,
//!   distance, the parameters, each target's raw error);
//! * `generations.csv`: each generation's tolerance, proposals, acceptance rate and
//!   effective sample size (and a discarded last attempt, if any);
//! * `parameters.csv`: each parameter's prior, old default and posterior mean, sd, 5%, 50%
//!   and 95% (weighted, last generation);
//! * `fit.csv`: each target's observations beside the posterior's simulated median and
//!   5–95% band (series: replicates of every particle pooled by weight; outcomes: the
//!   particles' statistics), and whether the observation lies inside the band;
//! * `calibrated.toml`: the input config extended with the fitted distributions.
//!
//! The simulated method of moments writes its own files (`estimate_outputs`).

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result};

use super::abc_smc::{Generation, State, distance, weighted_mean_sd, weighted_quantile};
use super::evaluate::{TargetSims, centre};
use super::plan::{CalibrationPlan, TargetKind};
use crate::config::keys as schema;
use crate::foundation::io::{csv_text, fmt_f64, write_atomic};

/// The quantiles a band reports.
pub const BAND: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// One parameter's posterior summary.
#[derive(Debug, Clone, PartialEq)]
pub struct ParameterSummary {
    /// Key path.
    pub path: String,
    /// Old default (the config's value before calibration).
    pub default: Option<f64>,
    /// Weighted mean and standard deviation.
    pub mean_sd: (f64, f64),
    /// 5%, 50%, 95% weighted quantiles.
    pub q: [Option<f64>; 3],
}

/// One target's coverage: name, observed months inside the 5–95% band, months compared.
pub type Coverage = (String, usize, usize);

pub(super) fn cell(x: Option<f64>) -> String {
    x.map(fmt_f64).unwrap_or_default()
}

/// The summaries of every parameter over the last generation.
pub fn parameter_summaries(
    plan: &CalibrationPlan,
    last: &Generation<Vec<TargetSims>>,
) -> Vec<ParameterSummary> {
    plan.parameters
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let pts: Vec<(f64, f64)> = last
                .particles
                .iter()
                .map(|x| (x.theta[k], x.weight))
                .collect();
            ParameterSummary {
                path: p.path.clone(),
                default: p.default,
                mean_sd: weighted_mean_sd(&last.particles, k),
                q: [0.05, 0.5, 0.95].map(|q| weighted_quantile(&pts, q)),
            }
        })
        .collect()
}

fn posterior_csv(plan: &CalibrationPlan, state: &State<Vec<TargetSims>>) -> String {
    let mut out = String::from("generation,particle,weight,distance");
    for p in &plan.parameters {
        out.push(',');
        out.push_str(&csv_text(&p.path));
    }
    for t in &plan.targets {
        out.push(',');
        out.push_str(&csv_text(&format!("error_{}", t.name)));
    }
    out.push('\n');
    for g in &state.generations {
        for (i, p) in g.particles.iter().enumerate() {
            let d = distance(&p.errors, &state.scales, &plan.settings.weights);
            let _ = write!(out, "{},{i},{},{}", g.index, fmt_f64(p.weight), fmt_f64(d));
            for x in &p.theta {
                let _ = write!(out, ",{}", fmt_f64(*x));
            }
            for e in &p.errors {
                let _ = write!(out, ",{}", cell(*e));
            }
            out.push('\n');
        }
    }
    out
}

fn generations_csv(state: &State<Vec<TargetSims>>) -> String {
    let mut out = String::from("generation,tolerance,proposals,within,acceptance_rate,ess,kept\n");
    for g in &state.generations {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},1",
            g.index,
            cell(g.tolerance),
            g.proposals,
            g.within,
            fmt_f64(g.acceptance_rate()),
            fmt_f64(g.ess())
        );
    }
    if let Some((tol, proposals, within)) = state.discarded {
        let _ = writeln!(
            out,
            "{},{},{proposals},{within},{},,0",
            state.generations.len(),
            fmt_f64(tol),
            fmt_f64(within as f64 / proposals.max(1) as f64)
        );
    }
    out
}

fn parameters_csv(plan: &CalibrationPlan, summaries: &[ParameterSummary]) -> String {
    let mut out = String::from(
        "parameter,prior,prior_low,prior_high,default,posterior_mean,posterior_sd,posterior_q05,posterior_median,posterior_q95\n",
    );
    for (p, s) in plan.parameters.iter().zip(summaries) {
        let (lo, hi) = p.prior.range();
        let shape = match p.prior {
            super::prior::Prior::Uniform { .. } => "uniform",
            super::prior::Prior::Triangular { .. } => "triangular",
            super::prior::Prior::Normal { .. } => "normal",
        };
        let _ = writeln!(
            out,
            "{},{shape},{},{},{},{},{},{},{},{}",
            csv_text(&p.path),
            fmt_f64(lo),
            fmt_f64(hi),
            cell(s.default),
            fmt_f64(s.mean_sd.0),
            fmt_f64(s.mean_sd.1),
            cell(s.q[0]),
            cell(s.q[1]),
            cell(s.q[2])
        );
    }
    out
}

fn sims_of(p: &super::abc_smc::Particle<Vec<TargetSims>>, k: usize) -> Option<&TargetSims> {
    p.payload.as_ref().and_then(|s| s.get(k))
}

/// What a fit band is taken over, and its weighted points: target `k`'s simulated values of
/// observed month `i` (series) or of the outcome (`None`).
pub(super) struct Band<'a> {
    /// `band_over` of a series row.
    pub(super) series: &'a str,
    /// `band_over` of an outcome row.
    pub(super) outcome: &'a str,
    /// The weighted values of target k, point i.
    pub(super) points: &'a dyn Fn(usize, Option<usize>) -> Vec<(f64, f64)>,
}

/// `fit.csv` and each target's coverage: each observation beside the 5–95% band of `band`.
pub(super) fn fit_csv(plan: &CalibrationPlan, band: &Band) -> (String, Vec<Coverage>) {
    let mut out = String::from(
        "target,scenario,metric,band_over,round,month,observed,sim_q05,sim_q25,sim_median,sim_q75,sim_q95,inside\n",
    );
    let mut coverage = Vec::new();
    for (k, t) in plan.targets.iter().enumerate() {
        let scenario = csv_text(&plan.scenarios[t.scenario].path);
        let head = format!("{},{scenario},{}", csv_text(&t.name), csv_text(&t.metric));
        let mut row = |over: &str, when: &str, obs: f64, pts: &[(f64, f64)]| -> bool {
            let q = BAND.map(|q| weighted_quantile(pts, q));
            let inside = matches!((q[0], q[4]), (Some(lo), Some(hi)) if (lo - 1e-12..=hi + 1e-12).contains(&obs));
            let _ = writeln!(
                out,
                "{head},{over},{when},{},{},{},{},{},{},{}",
                fmt_f64(obs),
                cell(q[0]),
                cell(q[1]),
                cell(q[2]),
                cell(q[3]),
                cell(q[4]),
                u8::from(inside)
            );
            inside
        };
        match &t.kind {
            TargetKind::Series { points, .. } => {
                let mut inside = 0;
                for (i, (round, month, obs)) in points.iter().enumerate() {
                    let when = format!("{round},{month}");
                    let pts = (band.points)(k, Some(i));
                    inside += usize::from(row(band.series, &when, *obs, &pts));
                }
                coverage.push((t.name.clone(), inside, points.len()));
            }
            TargetKind::Outcome { value, .. } => {
                let pts = (band.points)(k, None);
                let inside = row(band.outcome, ",", *value, &pts);
                coverage.push((t.name.clone(), usize::from(inside), 1));
            }
        }
    }
    (out, coverage)
}

/// `fit.csv` of a posterior: series bands pool the replicates of every particle by weight,
/// outcome bands are over the particles' statistics.
fn posterior_fit_csv(
    plan: &CalibrationPlan,
    last: &Generation<Vec<TargetSims>>,
) -> (String, Vec<Coverage>) {
    let points = |k: usize, i: Option<usize>| -> Vec<(f64, f64)> {
        let mut pts = Vec::new();
        match (i, &plan.targets[k].kind) {
            (Some(i), _) => {
                for p in &last.particles {
                    if let Some(values) = sims_of(p, k).and_then(|s| s.get(i)) {
                        let n = values.iter().flatten().count().max(1) as f64;
                        pts.extend(values.iter().flatten().map(|x| (*x, p.weight / n)));
                    }
                }
            }
            (None, TargetKind::Outcome { median, .. }) => {
                pts.extend(last.particles.iter().filter_map(|p| {
                    let v = sims_of(p, k)?.first()?;
                    Some((centre(v, *median)?, p.weight))
                }));
            }
            (None, TargetKind::Series { .. }) => {}
        }
        pts
    };
    fit_csv(
        plan,
        &Band {
            series: "particles x replicates",
            outcome: "particles",
            points: &points,
        },
    )
}

/// `to` relative to the folder `from` (both made absolute first), with `/` separators.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let abs = |p: &Path| {
        p.canonicalize().unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        })
    };
    let (from, to) = (abs(from), abs(to));
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c.as_os_str());
    }
    out
}

/// The table every `calibrated.toml` starts from: `extends` the input config (relative to the
/// output folder) and its `[calibration]` table with every path made relative to the output
/// folder (`rebase`), so that the file validates where it lies.
pub(super) fn calibrated_base(
    plan: &CalibrationPlan,
    extends: &str,
    rebase: &dyn Fn(&str) -> String,
) -> Result<toml::Table> {
    let mut table = toml::Table::new();
    table.insert("extends".into(), toml::Value::String(extends.into()));
    let mut cal = plan.config.clone();
    for p in &mut cal.parameters {
        p.scenarios = p.scenarios.iter().map(|s| rebase(s)).collect();
    }
    for t in &mut cal.targets {
        t.scenario = rebase(&t.scenario);
        t.observed = t.observed.as_deref().map(rebase);
    }
    table.insert(
        "calibration".into(),
        toml::Value::try_from(cal).context("cannot write calibrated.toml")?,
    );
    Ok(table)
}

/// Writes each `(name, text)` into `dir` atomically.
pub(super) fn write_files(dir: &Path, files: &[(&str, String)]) -> Result<()> {
    for (name, text) in files {
        write_atomic(&dir.join(name), text.as_bytes())
            .with_context(|| format!("cannot write {}", dir.join(name).display()))?;
    }
    Ok(())
}

/// `manifest.json`'s text.
pub(super) fn manifest_text(manifest: &serde_json::Value) -> Result<String> {
    let mut t = serde_json::to_string_pretty(manifest)?;
    t.push('\n');
    Ok(t)
}

/// `calibrated.toml`: extends the input config (`extends`, relative to the output folder)
/// and sets each parameter to its posterior: a normal distribution with the weighted mean
/// and sd, truncated to the prior's range, for a config key; the posterior median for a
/// strategy parameter (which takes no distribution), where the config's own strategy takes
/// it. Its `[calibration]` table is the input's with every path made relative to the output
/// folder (`rebase`), so that the file validates where it lies.
fn calibrated_toml(
    plan: &CalibrationPlan,
    summaries: &[ParameterSummary],
    extends: &str,
    rebase: &dyn Fn(&str) -> String,
    origin: &str,
    generation: usize,
) -> Result<String> {
    let mut table = calibrated_base(plan, extends, rebase)?;
    let mut history_only = Vec::new();
    for (s, p) in summaries.iter().zip(&plan.parameters) {
        if !p.in_config {
            history_only.push(format!("{} = {}", s.path, s.q[1].unwrap_or(s.mean_sd.0)));
            continue;
        }
        let value = if schema::find(&s.path).is_some() {
            let mut d = toml::Table::new();
            d.insert("dist".into(), toml::Value::String("normal".into()));
            d.insert("mean".into(), toml::Value::Float(s.mean_sd.0));
            d.insert("sd".into(), toml::Value::Float(s.mean_sd.1));
            let (low, high) = p.prior.range();
            d.insert("low".into(), toml::Value::Float(low));
            d.insert("high".into(), toml::Value::Float(high));
            toml::Value::Table(d)
        } else {
            toml::Value::Float(s.q[1].unwrap_or(s.mean_sd.0))
        };
        crate::config::load::set_path(&mut table, &s.path, value).map_err(anyhow::Error::msg)?;
    }
    let body = toml::to_string(&table).context("cannot write calibrated.toml")?;
    let history_only = if history_only.is_empty() {
        String::new()
    } else {
        format!(
            "# Not set here, as this config's strategy does not take them (posterior medians, for\n\
             # the histories whose strategy does): {}.\n",
            history_only.join(", ")
        )
    };
    Ok(format!(
        "# {origin} with its {} calibrated parameter(s) as distributions: the posterior mean and\n\
         # sd of generation {generation} ({} particles, ABC-SMC; `tradewar calibrate`), truncated\n\
         # to the prior's range. Each\n\
         # parameter is drawn independently: correlations of the posterior are not kept.\n\
         {history_only}{body}",
        plan.parameters.len(),
        plan.settings.particles
    ))
}

/// What [`write_all`] wrote that the command reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// Each parameter's posterior.
    pub parameters: Vec<ParameterSummary>,
    /// Each target's coverage.
    pub coverage: Vec<Coverage>,
}

/// Writes every file of the folder into `dir` (the staging folder); `extends` is the input
/// config's path relative to the final folder, `rebase` turns a path relative to the input
/// config into one relative to the final folder.
pub fn write_all(
    dir: &Path,
    plan: &CalibrationPlan,
    state: &State<Vec<TargetSims>>,
    manifest: &serde_json::Value,
    (extends, rebase): (&str, &dyn Fn(&str) -> String),
    origin: &str,
) -> Result<Written> {
    let Some(last) = state.generations.last() else {
        anyhow::bail!("the calibration has no generation to write");
    };
    let summaries = parameter_summaries(plan, last);
    let (fit, coverage) = posterior_fit_csv(plan, last);
    let files = [
        ("posterior.csv", posterior_csv(plan, state)),
        ("generations.csv", generations_csv(state)),
        ("parameters.csv", parameters_csv(plan, &summaries)),
        ("fit.csv", fit),
        (
            "calibrated.toml",
            calibrated_toml(plan, &summaries, extends, rebase, origin, last.index)?,
        ),
        ("manifest.json", manifest_text(manifest)?),
    ];
    write_files(dir, &files)?;
    Ok(Written {
        parameters: summaries,
        coverage,
    })
}
