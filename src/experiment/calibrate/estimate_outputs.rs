//! The files of a point estimate by the simulated method of moments (docs/model.md
//! "Calibration"), all derived from the saved state, so an interrupted and resumed run writes
//! the same bytes:
//!
//! * `estimate.csv`: each parameter's prior range, old default, estimate and the range of
//!   the searches' end points;
//! * `starts.csv`: each search's steps, evaluations, distance, convergence and end point;
//! * `fit.csv`: as for ABC-SMC (`outputs`), the band over the replicates at the estimate;
//! * `calibrated.toml`: the input config with each parameter set to its estimate.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result};

use super::evaluate::TargetSims;
use super::outputs::{Band, Coverage, calibrated_base, cell, fit_csv, manifest_text, write_files};
use super::plan::CalibrationPlan;
use super::smm;
use crate::foundation::io::{csv_text, fmt_f64};

/// One parameter's point estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateSummary {
    /// Key path.
    pub path: String,
    /// Old default (the config's value before calibration).
    pub default: Option<f64>,
    /// The estimate, in the key's unit.
    pub estimate: f64,
    /// The smallest and largest end point of the searches, in the key's unit.
    pub starts_range: (f64, f64),
}

/// What [`write_estimate`] wrote that the command reports.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenEstimate {
    /// Each parameter's estimate.
    pub parameters: Vec<EstimateSummary>,
    /// Each target's coverage by the replicates at the estimate.
    pub coverage: Vec<Coverage>,
    /// The search the estimate comes from.
    pub start: usize,
    /// The distance at the estimate (unitless).
    pub distance: f64,
}

fn estimate_csv(plan: &CalibrationPlan, summaries: &[EstimateSummary]) -> String {
    let mut out =
        String::from("parameter,prior_low,prior_high,default,estimate,starts_min,starts_max\n");
    for (p, s) in plan.parameters.iter().zip(summaries) {
        let (lo, hi) = p.prior.range();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            csv_text(&p.path),
            fmt_f64(lo),
            fmt_f64(hi),
            cell(s.default),
            fmt_f64(s.estimate),
            fmt_f64(s.starts_range.0),
            fmt_f64(s.starts_range.1)
        );
    }
    out
}

fn starts_csv(plan: &CalibrationPlan, ends: &[&smm::SearchEnd]) -> String {
    let mut out = String::from("start,iterations,evaluations,distance,converged");
    for p in &plan.parameters {
        out.push(',');
        out.push_str(&csv_text(&p.path));
    }
    out.push('\n');
    for (k, e) in ends.iter().enumerate() {
        let _ = write!(
            out,
            "{k},{},{},{},{}",
            e.iterations,
            e.evaluations,
            fmt_f64(e.distance),
            u8::from(e.converged)
        );
        for x in &e.theta {
            let _ = write!(out, ",{}", fmt_f64(*x));
        }
        out.push('\n');
    }
    out
}

/// `fit.csv` at a point estimate: the bands are over its replicates (`sims`, by target).
fn estimate_fit_csv(plan: &CalibrationPlan, sims: &[TargetSims]) -> (String, Vec<Coverage>) {
    let points = |k: usize, i: Option<usize>| -> Vec<(f64, f64)> {
        sims.get(k)
            .and_then(|s| s.get(i.unwrap_or(0)))
            .map(|v| v.iter().flatten().map(|x| (*x, 1.0)).collect())
            .unwrap_or_default()
    };
    fit_csv(
        plan,
        &Band {
            series: "replicates",
            outcome: "replicates",
            points: &points,
        },
    )
}

/// `calibrated.toml` of a point estimate: the input config with each parameter set to its
/// estimate (a number). A strategy parameter is written only where the config's own strategy
/// takes it (`ParameterPlan::in_config`); otherwise it is listed in a comment, since the
/// config would not validate with it.
fn estimate_toml(
    plan: &CalibrationPlan,
    state: &smm::State,
    summaries: &[EstimateSummary],
    (extends, rebase): (&str, &dyn Fn(&str) -> String),
    origin: &str,
) -> Result<String> {
    let mut table = calibrated_base(plan, extends, rebase)?;
    let mut skipped = String::new();
    for (s, p) in summaries.iter().zip(&plan.parameters) {
        if p.in_config {
            crate::config::load::set_path(&mut table, &s.path, toml::Value::Float(s.estimate))
                .map_err(anyhow::Error::msg)?;
        } else {
            let _ = writeln!(
                skipped,
                "#   {} = {} (this config's strategy does not take it: set it on the histories whose strategy does)",
                s.path,
                fmt_f64(s.estimate)
            );
        }
    }
    if !skipped.is_empty() {
        skipped.insert_str(0, "# Estimates not written:\n");
    }
    let body = toml::to_string(&table).context("cannot write calibrated.toml")?;
    Ok(format!(
        "# {origin} with its {} calibrated parameter(s) set to their point estimates: the\n\
         # simulated method of moments (Nelder-Mead from the {} best of {} design points;\n\
         # `tradewar calibrate`).\n\
         {skipped}{body}",
        plan.parameters.len(),
        state.ends.len(),
        plan.settings.particles
    ))
}

/// Writes every file of a point estimate's folder into `dir` (the staging folder); `sims`
/// are the estimate's simulated values by target; the rest as [`write_all`].
pub fn write_estimate(
    dir: &Path,
    plan: &CalibrationPlan,
    state: &smm::State,
    sims: &[TargetSims],
    manifest: &serde_json::Value,
    paths: (&str, &dyn Fn(&str) -> String),
    origin: &str,
) -> Result<WrittenEstimate> {
    let Some((start, best)) = state.estimate() else {
        anyhow::bail!("the calibration has searches still to run");
    };
    let ends: Vec<&smm::SearchEnd> = state.ends.iter().flatten().collect();
    let summaries: Vec<EstimateSummary> = plan
        .parameters
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let xs = ends.iter().map(|e| e.theta[k]);
            EstimateSummary {
                path: p.path.clone(),
                default: p.default,
                estimate: best.theta[k],
                starts_range: (
                    xs.clone().fold(f64::INFINITY, f64::min),
                    xs.fold(f64::NEG_INFINITY, f64::max),
                ),
            }
        })
        .collect();
    let (fit, coverage) = estimate_fit_csv(plan, sims);
    let files = [
        ("estimate.csv", estimate_csv(plan, &summaries)),
        ("starts.csv", starts_csv(plan, &ends)),
        ("fit.csv", fit),
        (
            "calibrated.toml",
            estimate_toml(plan, state, &summaries, paths, origin)?,
        ),
        ("manifest.json", manifest_text(manifest)?),
    ];
    write_files(dir, &files)?;
    Ok(WrittenEstimate {
        parameters: summaries,
        coverage,
        start,
        distance: best.distance,
    })
}
