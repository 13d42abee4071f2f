//! Variance-based (Sobol) global sensitivity analysis.
//!
//! After a sweep over a [`SaltelliDesign`], the question is which
//! parameters the outcome actually depends on. Sobol indices answer it by
//! apportioning the output variance: the first-order index `S1_i` is the
//! share of variance explained by parameter `i` alone, and the total index
//! `ST_i` the share it is involved in at all, interactions included. A
//! parameter with `ST_i ≈ 0` can be fixed anywhere in its range; a large gap
//! `ST_i − S1_i` flags interactions. This mirrors SALib's `sobol.analyze`
//! (without second-order indices), as used alongside the EMA Workbench.
//!
//! Estimators, with `f_A`, `f_B`, `f_ABi` the outputs of the rows of `A`,
//! `B` and `AB_i` and `V` the variance of all `A` and `B` outputs together:
//!
//! * first order, Saltelli et al. (2010): `S1_i = mean(f_B · (f_ABi − f_A)) / V`;
//! * total, Jansen (1999): `ST_i = mean((f_A − f_ABi)²) / 2 / V`.
//!
//! Outputs are centred on the mean of the `A` and `B` outputs first, which
//! leaves the expectation of the first-order estimator unchanged but shrinks
//! its variance when the output has a large mean.
//!
//! Confidence intervals are 95% percentile bootstrap intervals: base
//! samples (whole blocks of the design) are resampled with replacement and
//! both indices recomputed, variance included, for each resample.

use rand::{Rng, RngExt};
use thiserror::Error;

use super::saltelli::SaltelliDesign;
use crate::foundation::stats::quantile_sorted;

/// First-order and total Sobol indices of one parameter, with 95% bootstrap
/// confidence intervals.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SobolIndices {
    /// First-order index: share of output variance due to this parameter
    /// alone.
    pub s1: f64,
    /// Lower end of the 95% interval for `s1`.
    pub s1_low: f64,
    /// Upper end of the 95% interval for `s1`.
    pub s1_high: f64,
    /// Total index: share of output variance this parameter contributes to,
    /// interactions included.
    pub st: f64,
    /// Lower end of the 95% interval for `st`.
    pub st_low: f64,
    /// Upper end of the 95% interval for `st`.
    pub st_high: f64,
}

/// Why indices could not be computed from the given outputs.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SensitivityError {
    /// The outputs do not match the design's runs one to one.
    #[error("the Saltelli design has {expected} runs but {actual} outputs were given")]
    LengthMismatch {
        /// Runs in the design, `base_samples * (dims + 2)`.
        expected: usize,
        /// Outputs given.
        actual: usize,
    },
    /// A model output is NaN or infinite.
    #[error("model output {index} is not finite ({value})")]
    NonFiniteOutput {
        /// Position of the output (and its run in the design).
        index: usize,
        /// The offending value.
        value: f64,
    },
}

/// Sobol indices of every parameter of `design` from the model `outputs`,
/// one output per design point in the design's order.
///
/// Returns one [`SobolIndices`] per parameter, in parameter order. With
/// `bootstrap_resamples == 0` the intervals collapse onto the estimates.
/// If the output does not vary (or there are no base samples) every index
/// and bound is zero. Results are always finite. Random draws (for the
/// bootstrap only) come from `rng`.
///
/// # Panics
///
/// If the number of outputs does not match the design or an output is not
/// finite; [`try_sobol_indices`] reports these as errors instead.
pub fn sobol_indices<R: Rng + ?Sized>(
    design: &SaltelliDesign,
    outputs: &[f64],
    bootstrap_resamples: usize,
    rng: &mut R,
) -> Vec<SobolIndices> {
    try_sobol_indices(design, outputs, bootstrap_resamples, rng).unwrap_or_else(|e| panic!("{e}"))
}

/// [`sobol_indices`], reporting bad outputs as an error instead of
/// panicking.
pub fn try_sobol_indices<R: Rng + ?Sized>(
    design: &SaltelliDesign,
    outputs: &[f64],
    bootstrap_resamples: usize,
    rng: &mut R,
) -> Result<Vec<SobolIndices>, SensitivityError> {
    let expected = design.len();
    if outputs.len() != expected {
        return Err(SensitivityError::LengthMismatch {
            expected,
            actual: outputs.len(),
        });
    }
    if let Some((index, &value)) = outputs.iter().enumerate().find(|(_, y)| !y.is_finite()) {
        return Err(SensitivityError::NonFiniteOutput { index, value });
    }

    let d = design.dims;
    let n = design.base_samples;
    if n == 0 {
        return Ok(vec![SobolIndices::default(); d]);
    }
    let estimator = Estimator {
        outputs,
        dims: d,
        runs: design.runs_per_base_sample(),
    };

    let mut s1 = vec![0.0; d];
    let mut st = vec![0.0; d];
    estimator.estimate(0..n, &mut s1, &mut st);

    // Bootstrap replicates, stored per parameter.
    let mut s1_boot = vec![Vec::with_capacity(bootstrap_resamples); d];
    let mut st_boot = vec![Vec::with_capacity(bootstrap_resamples); d];
    let mut rows = vec![0usize; n];
    let mut s1_rep = vec![0.0; d];
    let mut st_rep = vec![0.0; d];
    for _ in 0..bootstrap_resamples {
        for row in &mut rows {
            *row = rng.random_range(0..n);
        }
        estimator.estimate(rows.iter().copied(), &mut s1_rep, &mut st_rep);
        for i in 0..d {
            s1_boot[i].push(s1_rep[i]);
            st_boot[i].push(st_rep[i]);
        }
    }

    Ok((0..d)
        .map(|i| {
            let (s1_low, s1_high) = percentile_interval(&mut s1_boot[i], s1[i]);
            let (st_low, st_high) = percentile_interval(&mut st_boot[i], st[i]);
            SobolIndices {
                s1: s1[i],
                s1_low,
                s1_high,
                st: st[i],
                st_low,
                st_high,
            }
        })
        .collect())
}

/// Computes the estimators over a multiset of base samples.
struct Estimator<'a> {
    outputs: &'a [f64],
    dims: usize,
    runs: usize,
}

impl Estimator<'_> {
    fn f_a(&self, base: usize) -> f64 {
        self.outputs[base * self.runs]
    }

    fn f_b(&self, base: usize) -> f64 {
        self.outputs[base * self.runs + self.dims + 1]
    }

    fn f_ab(&self, base: usize, param: usize) -> f64 {
        self.outputs[base * self.runs + 1 + param]
    }

    /// Writes first-order and total indices estimated from the base samples
    /// `bases` (with repetition, as a bootstrap resample has) into `s1` and
    /// `st`; all zero if the output variance is zero.
    fn estimate<I>(&self, bases: I, s1: &mut [f64], st: &mut [f64])
    where
        I: Iterator<Item = usize> + Clone,
    {
        let (count, sum) = bases.clone().fold((0usize, 0.0), |(c, s), j| {
            (c + 1, s + self.f_a(j) + self.f_b(j))
        });
        let two_n = 2.0 * count as f64;
        let mean = sum / two_n;
        let variance = bases
            .clone()
            .map(|j| (self.f_a(j) - mean).powi(2) + (self.f_b(j) - mean).powi(2))
            .sum::<f64>()
            / two_n;

        s1.fill(0.0);
        st.fill(0.0);
        if !(variance > 0.0 && variance.is_finite()) {
            return;
        }
        for j in bases {
            let f_a = self.f_a(j) - mean;
            let f_b = self.f_b(j) - mean;
            for i in 0..self.dims {
                let f_ab = self.f_ab(j, i) - mean;
                s1[i] += f_b * (f_ab - f_a);
                st[i] += (f_a - f_ab).powi(2);
            }
        }
        let n = count as f64;
        for (s1, st) in s1.iter_mut().zip(st.iter_mut()) {
            *s1 = finite_or_zero(*s1 / n / variance);
            *st = finite_or_zero(*st / n / 2.0 / variance);
        }
    }
}

/// Replaces NaN and infinities (from overflow on extreme outputs) by zero.
fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// 2.5% and 97.5% percentiles of the bootstrap replicates (sorted in
/// place), or `(estimate, estimate)` when there are none.
pub(super) fn percentile_interval(replicates: &mut [f64], estimate: f64) -> (f64, f64) {
    if replicates.is_empty() {
        return (estimate, estimate);
    }
    replicates.sort_by(f64::total_cmp);
    let q = |p| quantile_sorted(replicates, p).unwrap_or(estimate);
    (q(0.025), q(0.975))
}

#[cfg(test)]
mod tests {
    use std::f64::consts::PI;

    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::*;
    use crate::experiment::sweep::saltelli::saltelli;

    /// Runs `model` on a Saltelli design and returns its Sobol indices.
    fn analyse(
        base_samples: usize,
        ranges: &[(f64, f64)],
        resamples: usize,
        seed: u64,
        model: impl Fn(&[f64]) -> f64,
    ) -> Vec<SobolIndices> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let design = saltelli(base_samples, ranges, &mut rng);
        let outputs: Vec<f64> = design.points.iter().map(|p| model(p)).collect();
        sobol_indices(&design, &outputs, resamples, &mut rng)
    }

    fn assert_close(name: &str, actual: f64, expected: f64, tolerance: f64) {
        assert!(
            (actual - expected).abs() <= tolerance,
            "{name}: got {actual:.4}, expected {expected:.4} ± {tolerance}"
        );
    }

    fn assert_interval_contains_estimate(index: &SobolIndices) {
        assert!(
            index.s1_low <= index.s1 && index.s1 <= index.s1_high,
            "{index:?}"
        );
        assert!(
            index.st_low <= index.st && index.st <= index.st_high,
            "{index:?}"
        );
    }

    #[test]
    fn ishigami_indices_match_analytic_values() {
        let (a, b) = (7.0, 0.1);
        let ishigami =
            |x: &[f64]| x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin();

        // Analytic partial variances for inputs uniform on [-π, π]^3.
        let pi4 = PI.powi(4);
        let pi8 = PI.powi(8);
        let v1 = 0.5 * (1.0 + b * pi4 / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * pi8 * (1.0 / 18.0 - 1.0 / 50.0);
        let v = v1 + v2 + v13;
        let s1_expected = [v1 / v, v2 / v, 0.0];
        let st_expected = [(v1 + v13) / v, v2 / v, v13 / v];
        // Sanity check against the published values.
        assert_close("S1_1 analytic", s1_expected[0], 0.3139, 1e-4);
        assert_close("ST_3 analytic", st_expected[2], 0.2437, 1e-4);

        let indices = analyse(1 << 13, &[(-PI, PI); 3], 100, 42, ishigami);
        for (i, index) in indices.iter().enumerate() {
            eprintln!(
                "ishigami x{}: S1 = {:.4} [{:.4}, {:.4}] (analytic {:.4}), \
                 ST = {:.4} [{:.4}, {:.4}] (analytic {:.4})",
                i + 1,
                index.s1,
                index.s1_low,
                index.s1_high,
                s1_expected[i],
                index.st,
                index.st_low,
                index.st_high,
                st_expected[i],
            );
            assert_close(&format!("S1_{}", i + 1), index.s1, s1_expected[i], 0.03);
            assert_close(&format!("ST_{}", i + 1), index.st, st_expected[i], 0.03);
            assert!(index.s1_low <= index.s1_high && index.st_low <= index.st_high);
        }
    }

    #[test]
    fn linear_additive_model() {
        // y = x1 + 2 x2 on [0, 1]^2: variances 1/12 and 4/12, no interaction.
        let indices = analyse(1 << 11, &[(0.0, 1.0); 2], 200, 7, |x| x[0] + 2.0 * x[1]);
        for (index, expected) in indices.iter().zip([0.2, 0.8]) {
            assert_close("S1", index.s1, expected, 0.03);
            assert_close("ST", index.st, expected, 0.03);
            assert_interval_contains_estimate(index);
            assert!(index.s1_high - index.s1_low < 0.2, "{index:?}");
        }
    }

    #[test]
    fn constant_output_gives_zeros() {
        let indices = analyse(64, &[(0.0, 1.0); 3], 50, 1, |_| 0.1);
        assert_eq!(indices, vec![SobolIndices::default(); 3]);
    }

    #[test]
    fn parameter_without_effect_has_zero_total_index() {
        let indices = analyse(256, &[(0.0, 1.0); 2], 50, 3, |x| x[0].exp());
        assert_close("ST_2", indices[1].st, 0.0, 1e-12);
        assert_close("S1_2", indices[1].s1, 0.0, 1e-12);
    }

    #[test]
    fn results_are_deterministic_per_seed() {
        let model = |x: &[f64]| x[0] * x[1] + x[2];
        let a = analyse(128, &[(0.0, 1.0); 3], 30, 99, model);
        let b = analyse(128, &[(0.0, 1.0); 3], 30, 99, model);
        assert_eq!(a, b);
    }

    #[test]
    fn without_bootstrap_intervals_collapse() {
        let indices = analyse(128, &[(0.0, 1.0); 2], 0, 5, |x| x[0] + x[1]);
        for index in &indices {
            assert_eq!((index.s1_low, index.s1_high), (index.s1, index.s1));
            assert_eq!((index.st_low, index.st_high), (index.st, index.st));
        }
    }

    #[test]
    fn bad_outputs_are_rejected() {
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let design = saltelli(4, &[(0.0, 1.0); 2], &mut rng);
        assert_eq!(
            try_sobol_indices(&design, &[0.0; 3], 10, &mut rng),
            Err(SensitivityError::LengthMismatch {
                expected: 16,
                actual: 3
            })
        );
        let mut outputs = vec![1.0; 16];
        outputs[5] = f64::NAN;
        assert!(matches!(
            try_sobol_indices(&design, &outputs, 10, &mut rng),
            Err(SensitivityError::NonFiniteOutput { index: 5, .. })
        ));
    }

    #[test]
    fn huge_outputs_stay_finite() {
        let indices = analyse(64, &[(0.0, 1.0); 2], 20, 8, |x| 1e300 * (x[0] - x[1]));
        for index in &indices {
            for value in [
                index.s1,
                index.s1_low,
                index.s1_high,
                index.st,
                index.st_low,
                index.st_high,
            ] {
                assert!(value.is_finite());
            }
        }
    }

    #[test]
    fn percentile_interval_interpolates_and_falls_back_to_the_estimate() {
        let mut values = [4.0, 0.0, 2.0, 1.0, 3.0];
        let (lo, hi) = percentile_interval(&mut values, 9.0);
        assert!((lo - 0.1).abs() < 1e-12 && (hi - 3.9).abs() < 1e-12);
        assert_eq!(percentile_interval(&mut [], 9.0), (9.0, 9.0));
    }
}
