//! Morris elementary-effects screening (docs/model.md §7), as SALib's `morris.analyze`.
//!
//! Along a trajectory of a [`MorrisDesign`] each step moves one parameter `i` by `±Δ` of its
//! range. The elementary effect of that step is
//!
//! `EE_i = (y(after) − y(before)) / (±Δ)`
//!
//! with `y` the outcome (a design point's mean over its replicates) and the step on the unit
//! scale: the change of the outcome per full range of the parameter, in the outcome's unit,
//! so parameters of different units compare directly. Over the `r` trajectories:
//!
//! * `μ* = mean |EE_i|` (Campolongo et al. 2007): the overall influence, used to rank;
//! * `μ = mean EE_i`: the signed average effect (effects of both signs cancel in it);
//! * `σ = sd EE_i` (sample standard deviation, `r − 1`): non-linearity or interactions —
//!   zero for a parameter that enters the outcome linearly and additively.
//!
//! The 95% interval of `μ*` is a percentile bootstrap over whole trajectories (resampled with
//! replacement), drawn from the stream the caller hands in.

use rand::{Rng, RngExt};

use super::morris::MorrisDesign;
use super::sensitivity::percentile_interval;

/// Screening measures of one parameter for one outcome.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScreeningIndices {
    /// Mean absolute elementary effect (outcome unit per full range of the parameter).
    pub mu_star: f64,
    /// Mean elementary effect (same unit).
    pub mu: f64,
    /// Standard deviation of the elementary effects (same unit; 0 when r < 2).
    pub sigma: f64,
    /// Lower end of the 95% bootstrap interval of `mu_star`.
    pub mu_star_low: f64,
    /// Upper end of the 95% bootstrap interval of `mu_star`.
    pub mu_star_high: f64,
}

/// The elementary effects of every parameter, `[parameter][trajectory]`, from one output per
/// design point (in design order). Non-finite effects (from overflowing outputs) read as 0.
///
/// # Panics
///
/// If `outputs` does not hold one value per design point.
pub fn elementary_effects(design: &MorrisDesign, outputs: &[f64]) -> Vec<Vec<f64>> {
    assert_eq!(
        outputs.len(),
        design.points.len(),
        "one output per Morris design point"
    );
    let len = design.trajectory_len();
    let mut ee = vec![Vec::with_capacity(design.trajectories); design.dims];
    for t in 0..design.trajectories {
        for s in 0..design.dims {
            let (param, step) = design.steps[t * design.dims + s];
            let change = outputs[t * len + s + 1] - outputs[t * len + s];
            let e = change / step;
            ee[param].push(if e.is_finite() { e } else { 0.0 });
        }
    }
    ee
}

/// `μ*`, `μ`, `σ` and the bootstrap interval of `μ*` for every parameter (in parameter
/// order); `resamples == 0` collapses the interval onto `μ*`.
pub fn screening_indices<R: Rng + ?Sized>(
    design: &MorrisDesign,
    outputs: &[f64],
    resamples: usize,
    rng: &mut R,
) -> Vec<ScreeningIndices> {
    let ee = elementary_effects(design, outputs);
    let r = design.trajectories;
    let mut boot = vec![Vec::with_capacity(resamples); design.dims];
    let mut picks = vec![0usize; r];
    for _ in 0..resamples {
        if r == 0 {
            break;
        }
        for p in &mut picks {
            *p = rng.random_range(0..r);
        }
        for (effects, out) in ee.iter().zip(boot.iter_mut()) {
            out.push(picks.iter().map(|&t| effects[t].abs()).sum::<f64>() / r as f64);
        }
    }
    ee.iter()
        .zip(boot.iter_mut())
        .map(|(effects, boot)| {
            let n = effects.len() as f64;
            if effects.is_empty() {
                return ScreeningIndices::default();
            }
            let mu = effects.iter().sum::<f64>() / n;
            let mu_star = effects.iter().map(|e| e.abs()).sum::<f64>() / n;
            let sigma = if effects.len() < 2 {
                0.0
            } else {
                (effects.iter().map(|e| (e - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            };
            let (mu_star_low, mu_star_high) = percentile_interval(boot, mu_star);
            ScreeningIndices {
                mu_star,
                mu,
                sigma,
                mu_star_low,
                mu_star_high,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::sweep::morris::morris;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// The estimator on a function with known elementary effects: tests/screening.rs.
    #[test]
    fn without_resamples_the_interval_collapses_and_results_repeat_per_seed() {
        let d = morris(10, 2, 4, &mut ChaCha8Rng::seed_from_u64(1));
        let y: Vec<f64> = d.points.iter().map(|x| x[0] * x[0] + x[1]).collect();
        let ix = screening_indices(&d, &y, 0, &mut ChaCha8Rng::seed_from_u64(2));
        assert_eq!(ix[0].mu_star_low, ix[0].mu_star);
        assert_eq!(ix[0].mu_star_high, ix[0].mu_star);
        let a = screening_indices(&d, &y, 50, &mut ChaCha8Rng::seed_from_u64(2));
        let b = screening_indices(&d, &y, 50, &mut ChaCha8Rng::seed_from_u64(2));
        assert_eq!(a, b);
    }
}
