//! The Saltelli (2010) cross-sampling design for variance-based sensitivity analysis: base
//! matrices `A` and `B` from one Sobol sequence of twice the dimension, and the `AB_i`
//! rows between them, laid out in blocks per base sample (see [`SaltelliDesign`]).

use std::ops::Range;

use rand::Rng;

use super::design::{DesignError, scale, validate_ranges};
use super::sobol::{SOBOL_MAX_DIMS, SobolSequence, check_sobol_length};

/// Largest number of parameters a [`saltelli`] design supports: it draws
/// from a Sobol sequence of twice that many dimensions.
pub const SALTELLI_MAX_PARAMS: usize = SOBOL_MAX_DIMS / 2;

/// Fewer base samples than this give Sobol indices too noisy to read (their bootstrap
/// intervals span most of [0, 1] or beyond).
pub const MIN_TRUSTED_BASE_SAMPLES: u64 = 64;

/// Fewer bootstrap resamples than this give intervals too rough to report.
pub const MIN_TRUSTED_BOOTSTRAP: u64 = 100;

/// Warnings for a Sobol design too small to trust: few base samples, a count that is not a
/// power of two (the Sobol sequence is balanced only at powers of two), too few or no
/// bootstrap resamples (no intervals).
pub fn design_warnings(samples: u64, bootstrap: u64) -> Vec<String> {
    let mut out = Vec::new();
    if samples < MIN_TRUSTED_BASE_SAMPLES {
        out.push(format!(
            "sweep.samples = {samples} base samples is too few to trust the Sobol indices (their intervals will be wide, even beyond [0, 1]); use at least {MIN_TRUSTED_BASE_SAMPLES}, e.g. 256 or more"
        ));
    }
    if !samples.is_power_of_two() {
        out.push(format!(
            "sweep.samples = {samples} is not a power of two: the Sobol sequence is evenly spread only at powers of two (e.g. {})",
            samples.checked_next_power_of_two().unwrap_or(samples)
        ));
    }
    if bootstrap == 0 {
        out.push("sweep.bootstrap = 0: sensitivity.csv will have no confidence intervals".into());
    } else if bootstrap < MIN_TRUSTED_BOOTSTRAP {
        out.push(format!(
            "sweep.bootstrap = {bootstrap} resamples give rough intervals; use at least {MIN_TRUSTED_BOOTSTRAP} (default 1000)"
        ));
    }
    out
}

/// What a run in a [`SaltelliDesign`] is, relative to its base sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SaltelliRole {
    /// Row of matrix `A`.
    A,
    /// Row of matrix `AB_i`: `A` with column `i` (0-based) taken from `B`.
    Ab(usize),
    /// Row of matrix `B`.
    B,
}

/// A Saltelli (2010) design: the model runs needed to estimate first-order
/// and total Sobol indices of `dims` parameters from `base_samples` base
/// samples.
///
/// # Layout
///
/// `points` holds `base_samples * (dims + 2)` points in blocks, one block
/// per base sample `j`, each block of `dims + 2` consecutive points:
///
/// ```text
/// block j:  A_j, AB_0j, AB_1j, ..., AB_(dims-1)j, B_j
/// ```
///
/// where `A_j` and `B_j` are independent points and `AB_ij` is `A_j` with
/// parameter `i` (0-based) replaced by `B_j`'s. Keeping each base sample's
/// runs contiguous means a sweep can be split into shards of whole blocks
/// ([`SaltelliDesign::blocks`]), and each shard's outputs can be analysed or
/// resampled per base sample without gathering scattered runs.
#[derive(Debug, Clone, PartialEq)]
pub struct SaltelliDesign {
    /// Number of base samples `N` (rows of `A` and of `B`).
    pub base_samples: usize,
    /// Number of parameters `d`.
    pub dims: usize,
    /// The `N * (d + 2)` points, laid out as documented on the type.
    pub points: Vec<Vec<f64>>,
}

impl SaltelliDesign {
    /// Number of runs per base sample, `dims + 2`.
    pub fn runs_per_base_sample(&self) -> usize {
        self.dims + 2
    }

    /// Total number of runs, `base_samples * (dims + 2)`.
    pub fn len(&self) -> usize {
        self.base_samples * self.runs_per_base_sample()
    }

    /// Whether the design has no runs.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Index of `A_j` in `points`.
    pub fn index_a(&self, base: usize) -> usize {
        debug_assert!(base < self.base_samples);
        base * self.runs_per_base_sample()
    }

    /// Index of `AB_ij` (`A_j` with parameter `param` from `B_j`) in
    /// `points`.
    pub fn index_ab(&self, base: usize, param: usize) -> usize {
        debug_assert!(param < self.dims);
        self.index_a(base) + 1 + param
    }

    /// Index of `B_j` in `points`.
    pub fn index_b(&self, base: usize) -> usize {
        self.index_a(base) + self.dims + 1
    }

    /// Range of `points` indices holding base sample `base`'s block.
    pub fn block(&self, base: usize) -> Range<usize> {
        self.blocks(base..base + 1)
    }

    /// Range of `points` indices holding the blocks of a range of base
    /// samples: the unit of sharding.
    pub fn blocks(&self, bases: Range<usize>) -> Range<usize> {
        debug_assert!(bases.end <= self.base_samples);
        let runs = self.runs_per_base_sample();
        bases.start * runs..bases.end * runs
    }

    /// The base sample and role of the run at `index` in `points`.
    pub fn locate(&self, index: usize) -> (usize, SaltelliRole) {
        debug_assert!(index < self.len());
        let runs = self.runs_per_base_sample();
        let offset = index % runs;
        let role = match offset {
            0 => SaltelliRole::A,
            o if o == runs - 1 => SaltelliRole::B,
            o => SaltelliRole::Ab(o - 1),
        };
        (index / runs, role)
    }
}

/// Saltelli (2010) design for first-order and total Sobol indices.
///
/// Row `j` of matrices `A` and `B` are the first and second halves of point
/// `j` of a `2 * ranges.len()`-dimensional Sobol sequence, digitally shifted
/// by `rng` and scaled to `ranges`; see [`SaltelliDesign`] for the layout.
/// Drawing `A` and `B` from one sequence of twice the dimension (rather than
/// two sequences) keeps them jointly low-discrepancy, which is what makes
/// the estimators in [`super::sensitivity`] converge quickly. Use a power
/// of two for `base_samples`.
///
/// # Panics
///
/// If there are more than [`SALTELLI_MAX_PARAMS`] parameters, more than
/// `2^32` base samples, or an invalid range; [`try_saltelli`] reports these
/// as errors instead.
pub fn saltelli<R: Rng + ?Sized>(
    base_samples: usize,
    ranges: &[(f64, f64)],
    rng: &mut R,
) -> SaltelliDesign {
    try_saltelli(base_samples, ranges, rng).unwrap_or_else(|e| panic!("{e}"))
}

/// [`saltelli`], reporting bad input as an error instead of panicking.
pub fn try_saltelli<R: Rng + ?Sized>(
    base_samples: usize,
    ranges: &[(f64, f64)],
    rng: &mut R,
) -> Result<SaltelliDesign, DesignError> {
    validate_ranges(ranges)?;
    check_sobol_length(base_samples)?;
    let dims = ranges.len();
    let sequence = SobolSequence::with_digital_shift(2 * dims, rng)?;
    let scale_row = |row: &[f64]| -> Vec<f64> {
        row.iter()
            .zip(ranges)
            .map(|(&t, &(low, high))| scale(t, low, high))
            .collect()
    };
    let mut points = Vec::with_capacity(base_samples * (dims + 2));
    for raw in sequence.take(base_samples) {
        let a = scale_row(&raw[..dims]);
        let b = scale_row(&raw[dims..]);
        points.push(a.clone());
        for i in 0..dims {
            let mut ab = a.clone();
            ab[i] = b[i];
            points.push(ab);
        }
        points.push(b);
    }
    Ok(SaltelliDesign {
        base_samples,
        dims,
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use crate::experiment::sweep::sobol::tests::one_per_elementary_interval;

    #[test]
    fn saltelli_limits_are_reported() {
        let ranges = vec![(0.0, 1.0); SALTELLI_MAX_PARAMS + 1];
        assert!(matches!(
            try_saltelli(4, &ranges, &mut ChaCha8Rng::seed_from_u64(1)),
            Err(DesignError::TooManyDimensions { .. })
        ));
    }

    #[test]
    fn saltelli_layout_and_index_helpers() {
        let ranges = [(0.0, 1.0), (10.0, 11.0), (-3.0, 3.0)];
        let design = saltelli(8, &ranges, &mut ChaCha8Rng::seed_from_u64(9));
        let d = ranges.len();
        assert_eq!(design.dims, d);
        assert_eq!(design.base_samples, 8);
        assert_eq!(design.points.len(), 8 * (d + 2));
        assert_eq!(design.len(), design.points.len());
        for j in 0..8 {
            assert_eq!(design.block(j), j * (d + 2)..(j + 1) * (d + 2));
            let a = &design.points[design.index_a(j)];
            let b = &design.points[design.index_b(j)];
            assert_eq!(design.locate(design.index_a(j)), (j, SaltelliRole::A));
            assert_eq!(design.locate(design.index_b(j)), (j, SaltelliRole::B));
            for i in 0..d {
                assert_ne!(a[i], b[i], "A and B are independent");
                let ab = &design.points[design.index_ab(j, i)];
                assert_eq!(
                    design.locate(design.index_ab(j, i)),
                    (j, SaltelliRole::Ab(i))
                );
                for k in 0..d {
                    assert_eq!(ab[k], if k == i { b[k] } else { a[k] });
                }
            }
        }
        assert_eq!(design.blocks(2..5), 2 * (d + 2)..5 * (d + 2));
        for p in &design.points {
            for (x, &(low, high)) in p.iter().zip(&ranges) {
                assert!((low..=high).contains(x));
            }
        }
    }

    #[test]
    fn saltelli_base_matrices_are_balanced() {
        // A and B columns are Sobol coordinates, so 2^k base samples put one
        // value in each of 2^k equal strata of every range.
        let design = saltelli(64, &[(0.0, 1.0); 4], &mut ChaCha8Rng::seed_from_u64(2));
        for i in 0..4 {
            let a: Vec<f64> = (0..64)
                .map(|j| design.points[design.index_a(j)][i])
                .collect();
            let b: Vec<f64> = (0..64)
                .map(|j| design.points[design.index_b(j)][i])
                .collect();
            assert!(one_per_elementary_interval(&a, 6));
            assert!(one_per_elementary_interval(&b, 6));
        }
    }
}
