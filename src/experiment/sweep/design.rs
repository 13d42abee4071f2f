//! Experimental designs over parameter spaces.
//!
//! A parameter sweep (in the spirit of the EMA Workbench and SALib) needs to
//! decide *where* in parameter space to run the model before it can say
//! anything about how outputs depend on inputs. This module provides the
//! classic designs:
//!
//! * [`grid`]: a full factorial design, for small spaces where every
//!   combination of a few hand-picked values should be run;
//! * [`latin_hypercube`]: stratified random sampling that covers every
//!   marginal evenly with few runs, for exploratory scenario discovery;
//! * [`SobolSequence`](super::sobol::SobolSequence) / [`sobol`](super::sobol::sobol)
//!   (in [`super::sobol`]): a low-discrepancy (quasi-random) sequence that fills the
//!   space more evenly than random sampling, so Monte Carlo estimates converge faster;
//! * [`saltelli`](super::saltelli::saltelli) (in [`super::saltelli`]): the Saltelli (2010)
//!   cross-sampling scheme built on a Sobol sequence, which is the input design for the
//!   variance-based sensitivity indices computed in [`super::sensitivity`].
//!
//! This file holds the designs' error type, the grid and the Latin hypercube, and the
//! range helpers the Sobol-based designs share.
//!
//! Every design returns points as `Vec<Vec<f64>>`: one inner vector per
//! point, holding one value per parameter in the order the parameters were
//! given. Designs are pure functions; the random ones draw only from the
//! generator they are handed, so a design is fully determined by its seed.

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};
use thiserror::Error;

/// Why a design could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DesignError {
    /// More dimensions were asked of the Sobol generator than the embedded
    /// direction-number table covers.
    #[error("Sobol sequence supports at most {max} dimensions, {requested} requested")]
    TooManyDimensions {
        /// Dimensions asked for.
        requested: usize,
        /// Dimensions available ([`SOBOL_MAX_DIMS`](super::sobol::SOBOL_MAX_DIMS)).
        max: usize,
    },
    /// More points were asked of the 32-bit Sobol generator than it has.
    #[error("Sobol sequence has at most 2^32 points, {requested} requested")]
    TooManySamples {
        /// Points asked for.
        requested: usize,
    },
    /// A parameter range is not `low <= high` with finite bounds.
    #[error("range {index} is invalid: ({low}, {high}); need finite low <= high")]
    InvalidRange {
        /// Position of the range among the parameters.
        index: usize,
        /// Lower bound given.
        low: f64,
        /// Upper bound given.
        high: f64,
    },
}

/// Full factorial design over the given value lists.
///
/// The first parameter varies slowest, exactly as nested `for` loops written
/// in parameter order would enumerate them. This is the design to use when
/// the interesting values of each parameter are known and the space is small
/// enough to run exhaustively. The number of points is the product of the
/// list lengths: no parameters gives one empty point, and any empty list
/// gives no points.
///
/// # Panics
///
/// If the number of points overflows `usize`.
pub fn grid(values: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let total = values
        .iter()
        .try_fold(1usize, |acc, v| acc.checked_mul(v.len()))
        .expect("grid size overflows usize");
    let mut points = Vec::with_capacity(total);
    if total == 0 {
        return points;
    }
    // An odometer over value indices; the last parameter ticks fastest.
    let mut index = vec![0usize; values.len()];
    loop {
        points.push(index.iter().zip(values).map(|(&i, v)| v[i]).collect());
        let mut k = values.len();
        loop {
            if k == 0 {
                return points;
            }
            k -= 1;
            index[k] += 1;
            if index[k] < values[k].len() {
                break;
            }
            index[k] = 0;
        }
    }
}

/// Latin hypercube sample of `samples` points in the box given by `ranges`.
///
/// Each parameter's range is cut into `samples` equal strata; every stratum
/// of every parameter holds exactly one point, and the strata are paired
/// across parameters by an independent random permutation per parameter.
/// Within its stratum a point is placed uniformly at random. This gives even
/// coverage of every marginal with far fewer runs than a grid, which is why
/// exploratory sweeps default to it.
///
/// Random draws, in order: for each parameter, one shuffle of the strata
/// followed by one uniform jitter per point.
///
/// # Panics
///
/// If a range is not finite with `low <= high`.
pub fn latin_hypercube<R: Rng + ?Sized>(
    samples: usize,
    ranges: &[(f64, f64)],
    rng: &mut R,
) -> Vec<Vec<f64>> {
    if let Err(e) = validate_ranges(ranges) {
        panic!("{e}");
    }
    let mut points = vec![Vec::with_capacity(ranges.len()); samples];
    let mut strata: Vec<usize> = (0..samples).collect();
    for &(low, high) in ranges {
        strata.shuffle(rng);
        for (point, &stratum) in points.iter_mut().zip(&strata) {
            let lo = stratum_edge(low, high, stratum, samples);
            let hi = stratum_edge(low, high, stratum + 1, samples);
            let jitter: f64 = rng.random();
            let mut x = lo + (hi - lo) * jitter;
            if x >= hi {
                // Rounding pushed the point onto the next stratum's edge.
                x = hi.next_down();
            }
            point.push(x.clamp(low, high));
        }
    }
    points
}

/// Lower edge of stratum `k` of `n` equal strata of `[low, high]`.
fn stratum_edge(low: f64, high: f64, k: usize, n: usize) -> f64 {
    low + (high - low) * (k as f64 / n as f64)
}

/// Checks that every range is finite with `low <= high`.
pub fn validate_ranges(ranges: &[(f64, f64)]) -> Result<(), DesignError> {
    match ranges
        .iter()
        .enumerate()
        .find(|(_, (low, high))| !(low.is_finite() && high.is_finite() && low <= high))
    {
        Some((index, &(low, high))) => Err(DesignError::InvalidRange { index, low, high }),
        None => Ok(()),
    }
}

/// Maps `t` in `[0, 1)` affinely onto `[low, high]`.
pub fn scale(t: f64, low: f64, high: f64) -> f64 {
    (low + (high - low) * t).clamp(low, high)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn grid_is_row_major_in_parameter_order() {
        let points = grid(&[vec![1.0, 2.0], vec![10.0, 20.0, 30.0]]);
        let expected = vec![
            vec![1.0, 10.0],
            vec![1.0, 20.0],
            vec![1.0, 30.0],
            vec![2.0, 10.0],
            vec![2.0, 20.0],
            vec![2.0, 30.0],
        ];
        assert_eq!(points, expected);
    }

    #[test]
    fn grid_edge_cases() {
        assert_eq!(grid(&[]), vec![Vec::<f64>::new()]);
        assert!(grid(&[vec![1.0], vec![]]).is_empty());
        assert_eq!(grid(&[vec![3.0]]), vec![vec![3.0]]);
    }

    #[test]
    fn latin_hypercube_is_deterministic_per_seed() {
        let ranges = [(0.0, 1.0), (-5.0, 5.0)];
        let a = latin_hypercube(16, &ranges, &mut ChaCha8Rng::seed_from_u64(7));
        let b = latin_hypercube(16, &ranges, &mut ChaCha8Rng::seed_from_u64(7));
        let c = latin_hypercube(16, &ranges, &mut ChaCha8Rng::seed_from_u64(8));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn latin_hypercube_handles_degenerate_input() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert!(latin_hypercube(0, &[(0.0, 1.0)], &mut rng).is_empty());
        let points = latin_hypercube(3, &[(2.0, 2.0)], &mut rng);
        assert_eq!(points, vec![vec![2.0]; 3]);
    }

    #[test]
    #[should_panic(expected = "range 1 is invalid")]
    fn latin_hypercube_rejects_inverted_range() {
        latin_hypercube(
            4,
            &[(0.0, 1.0), (1.0, 0.0)],
            &mut ChaCha8Rng::seed_from_u64(1),
        );
    }

    proptest! {
        #[test]
        fn latin_hypercube_has_one_point_per_stratum(
            samples in 1usize..200,
            ranges in prop::collection::vec((-1e3f64..1e3, 1e-3f64..1e3), 1..6),
            seed in any::<u64>(),
        ) {
            let ranges: Vec<(f64, f64)> =
                ranges.into_iter().map(|(low, width)| (low, low + width)).collect();
            let points =
                latin_hypercube(samples, &ranges, &mut ChaCha8Rng::seed_from_u64(seed));
            prop_assert_eq!(points.len(), samples);
            for (dim, &(low, high)) in ranges.iter().enumerate() {
                let mut values: Vec<f64> = points.iter().map(|p| p[dim]).collect();
                values.sort_by(f64::total_cmp);
                for (k, &x) in values.iter().enumerate() {
                    prop_assert!((low..=high).contains(&x));
                    prop_assert!(stratum_edge(low, high, k, samples) <= x);
                    prop_assert!(x < stratum_edge(low, high, k + 1, samples));
                }
            }
        }

        #[test]
        fn grid_size_is_product_of_value_counts(
            values in prop::collection::vec(prop::collection::vec(-10.0f64..10.0, 0..5), 0..5),
        ) {
            let points = grid(&values);
            let expected: usize = values.iter().map(Vec::len).product();
            prop_assert_eq!(points.len(), expected);
            for p in &points {
                prop_assert_eq!(p.len(), values.len());
            }
        }
    }
}
