//! A batch of candidates run on the history scenarios (docs/model.md "Calibration"): every
//! (candidate, scenario, replicate) triple in parallel on the rayon pool, gathered in that
//! order, so the result does not depend on the thread count. Every candidate runs replicates
//! 0..R of the same master seed (common random numbers): two candidates differ by their
//! parameters, not by their luck.
//!
//! A candidate's simulated value of a series target is the median or mean over its
//! replicates of each observed month; its error is the root mean square of (that − observed)
//! over the months. An outcome target's value is the median or mean of the outcome over the
//! replicates; its error is the absolute difference from the observed value.

use anyhow::Result;
use indicatif::ProgressBar;
use rayon::prelude::*;

use super::abc_smc::{Evaluation, Evaluator};
use super::plan::{CalibrationPlan, TargetKind};
use crate::experiment::replicate::{Prepared, run_replicate};
use crate::foundation::stats::{quantile_sorted, sorted_finite};
use crate::model::recorder::ROUND_METRICS;

/// A candidate's simulated values of one target: `[point][replicate]` (series: one point per
/// observed month; outcome: one point), `None` where a replicate has no value.
pub type TargetSims = Vec<Vec<Option<f64>>>;

/// Runs candidates of a [`CalibrationPlan`] on a thread pool.
pub struct ModelEvaluator<'a> {
    /// The plan.
    pub plan: &'a CalibrationPlan,
    /// The worker pool.
    pub pool: &'a rayon::ThreadPool,
    /// Counts finished replicates.
    pub progress: &'a ProgressBar,
}

/// The median (or mean) of the finite values.
pub fn centre(values: &[Option<f64>], median: bool) -> Option<f64> {
    let v = sorted_finite(values.iter().flatten().copied());
    if median {
        quantile_sorted(&v, 0.5)
    } else {
        (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
    }
}

/// A target's raw error from its simulated values.
pub fn target_error(kind: &TargetKind, sims: &TargetSims) -> Option<f64> {
    match kind {
        TargetKind::Series { points, median, .. } => {
            let mut sq = 0.0;
            for ((_, _, obs), values) in points.iter().zip(sims) {
                sq += (centre(values, *median)? - obs).powi(2);
            }
            Some((sq / points.len().max(1) as f64).sqrt())
        }
        TargetKind::Outcome { value, median, .. } => {
            Some((centre(sims.first()?, *median)? - value).abs())
        }
    }
}

impl ModelEvaluator<'_> {
    /// The values every target of scenario `s` reads from one replicate, target by target.
    fn replicate_values(&self, p: &Prepared, s: usize, r: u64) -> Option<Vec<Vec<Option<f64>>>> {
        let out = run_replicate(p, r).ok()?;
        let width = ROUND_METRICS.len();
        Some(
            self.plan
                .targets
                .iter()
                .filter(|t| t.scenario == s)
                .map(|t| match &t.kind {
                    TargetKind::Series { column, points, .. } => points
                        .iter()
                        .map(|(round, _, _)| {
                            out.trajectory
                                .get(*round as usize * width + column)
                                .copied()
                                .filter(|v| v.is_finite())
                        })
                        .collect(),
                    TargetKind::Outcome { column, .. } => vec![out.outcomes[*column]],
                })
                .collect(),
        )
    }
}

impl Evaluator for ModelEvaluator<'_> {
    type Payload = Vec<TargetSims>;

    fn evaluate(&self, candidates: &[Vec<f64>]) -> Result<Vec<Evaluation<Vec<TargetSims>>>> {
        let plan = self.plan;
        let n_s = plan.scenarios.len();
        let reps = plan.replicates;
        let prepared: Vec<Option<Prepared>> = self.pool.install(|| {
            (0..candidates.len() * n_s)
                .into_par_iter()
                .map(|k| plan.candidate(k % n_s, &candidates[k / n_s]).ok())
                .collect()
        });
        let tasks = (candidates.len() * n_s) as u64 * reps;
        self.progress.inc_length(tasks);
        let runs: Vec<Option<Vec<Vec<Option<f64>>>>> = self.pool.install(|| {
            (0..tasks)
                .into_par_iter()
                .map(|t| {
                    let k = (t / reps) as usize;
                    let out = prepared[k]
                        .as_ref()
                        .and_then(|p| self.replicate_values(p, k % n_s, t % reps));
                    self.progress.inc(1);
                    out
                })
                .collect()
        });
        let mut evals = Vec::with_capacity(candidates.len());
        for c in 0..candidates.len() {
            let mut sims: Vec<TargetSims> = Vec::with_capacity(plan.targets.len());
            let mut errors = Vec::with_capacity(plan.targets.len());
            let mut seen = vec![0usize; n_s];
            for t in &plan.targets {
                let s = t.scenario;
                let slot = seen[s];
                seen[s] += 1;
                let base = (c * n_s + s) as u64 * reps;
                let width = match &t.kind {
                    TargetKind::Series { points, .. } => points.len(),
                    TargetKind::Outcome { .. } => 1,
                };
                let mut values: TargetSims = vec![Vec::with_capacity(reps as usize); width];
                let mut failed = false;
                for r in 0..reps {
                    match &runs[(base + r) as usize] {
                        Some(v) => {
                            for (point, x) in values.iter_mut().zip(&v[slot]) {
                                point.push(*x);
                            }
                        }
                        None => failed = true,
                    }
                }
                errors.push(if failed {
                    None
                } else {
                    target_error(&t.kind, &values)
                });
                sims.push(values);
            }
            evals.push(Evaluation {
                errors,
                payload: sims,
            });
        }
        Ok(evals)
    }
}
