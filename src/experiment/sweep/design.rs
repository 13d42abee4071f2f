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
//! * [`SobolSequence`] / [`sobol`]: a low-discrepancy (quasi-random)
//!   sequence that fills the space more evenly than random sampling, so Monte
//!   Carlo estimates converge faster;
//! * [`saltelli`]: the Saltelli (2010) cross-sampling scheme built on a Sobol
//!   sequence, which is the input design for the variance-based sensitivity
//!   indices computed in [`super::sensitivity`].
//!
//! Every design returns points as `Vec<Vec<f64>>`: one inner vector per
//! point, holding one value per parameter in the order the parameters were
//! given. Designs are pure functions; the random ones draw only from the
//! generator they are handed, so a design is fully determined by its seed.

use std::ops::Range;

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
        /// Dimensions available ([`SOBOL_MAX_DIMS`]).
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
fn validate_ranges(ranges: &[(f64, f64)]) -> Result<(), DesignError> {
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
fn scale(t: f64, low: f64, high: f64) -> f64 {
    (low + (high - low) * t).clamp(low, high)
}

/// Number of bits in each Sobol coordinate, and so `log2` of the sequence
/// length.
const SOBOL_BITS: usize = 32;

/// Joe–Kuo direction numbers (file `new-joe-kuo-6.21201`, dimensions 2 to
/// 100) as `(s, a, m)`: degree `s` of the primitive polynomial, its inner
/// coefficients packed into `a`, and the initial direction numbers
/// `m_1..m_s`. Dimension 1 is the van der Corput sequence and has no row.
///
/// Source: S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
/// two-dimensional projections", SIAM J. Sci. Comput. 30, 2635–2654 (2008).
#[rustfmt::skip]
const JOE_KUO: [(u32, u32, &[u32]); 99] = [
    (1, 0, &[1]), // d = 2
    (2, 1, &[1, 3]), // d = 3
    (3, 1, &[1, 3, 1]), // d = 4
    (3, 2, &[1, 1, 1]), // d = 5
    (4, 1, &[1, 1, 3, 3]), // d = 6
    (4, 4, &[1, 3, 5, 13]), // d = 7
    (5, 2, &[1, 1, 5, 5, 17]), // d = 8
    (5, 4, &[1, 1, 5, 5, 5]), // d = 9
    (5, 7, &[1, 1, 7, 11, 19]), // d = 10
    (5, 11, &[1, 1, 5, 1, 1]), // d = 11
    (5, 13, &[1, 1, 1, 3, 11]), // d = 12
    (5, 14, &[1, 3, 5, 5, 31]), // d = 13
    (6, 1, &[1, 3, 3, 9, 7, 49]), // d = 14
    (6, 13, &[1, 1, 1, 15, 21, 21]), // d = 15
    (6, 16, &[1, 3, 1, 13, 27, 49]), // d = 16
    (6, 19, &[1, 1, 1, 15, 7, 5]), // d = 17
    (6, 22, &[1, 3, 1, 15, 13, 25]), // d = 18
    (6, 25, &[1, 1, 5, 5, 19, 61]), // d = 19
    (7, 1, &[1, 3, 7, 11, 23, 15, 103]), // d = 20
    (7, 4, &[1, 3, 7, 13, 13, 15, 69]), // d = 21
    (7, 7, &[1, 1, 3, 13, 7, 35, 63]), // d = 22
    (7, 8, &[1, 3, 5, 9, 1, 25, 53]), // d = 23
    (7, 14, &[1, 3, 1, 13, 9, 35, 107]), // d = 24
    (7, 19, &[1, 3, 1, 5, 27, 61, 31]), // d = 25
    (7, 21, &[1, 1, 5, 11, 19, 41, 61]), // d = 26
    (7, 28, &[1, 3, 5, 3, 3, 13, 69]), // d = 27
    (7, 31, &[1, 1, 7, 13, 1, 19, 1]), // d = 28
    (7, 32, &[1, 3, 7, 5, 13, 19, 59]), // d = 29
    (7, 37, &[1, 1, 3, 9, 25, 29, 41]), // d = 30
    (7, 41, &[1, 3, 5, 13, 23, 1, 55]), // d = 31
    (7, 42, &[1, 3, 7, 3, 13, 59, 17]), // d = 32
    (7, 50, &[1, 3, 1, 3, 5, 53, 69]), // d = 33
    (7, 55, &[1, 1, 5, 5, 23, 33, 13]), // d = 34
    (7, 56, &[1, 1, 7, 7, 1, 61, 123]), // d = 35
    (7, 59, &[1, 1, 7, 9, 13, 61, 49]), // d = 36
    (7, 62, &[1, 3, 3, 5, 3, 55, 33]), // d = 37
    (8, 14, &[1, 3, 1, 15, 31, 13, 49, 245]), // d = 38
    (8, 21, &[1, 3, 5, 15, 31, 59, 63, 97]), // d = 39
    (8, 22, &[1, 3, 1, 11, 11, 11, 77, 249]), // d = 40
    (8, 38, &[1, 3, 1, 11, 27, 43, 71, 9]), // d = 41
    (8, 47, &[1, 1, 7, 15, 21, 11, 81, 45]), // d = 42
    (8, 49, &[1, 3, 7, 3, 25, 31, 65, 79]), // d = 43
    (8, 50, &[1, 3, 1, 1, 19, 11, 3, 205]), // d = 44
    (8, 52, &[1, 1, 5, 9, 19, 21, 29, 157]), // d = 45
    (8, 56, &[1, 3, 7, 11, 1, 33, 89, 185]), // d = 46
    (8, 67, &[1, 3, 3, 3, 15, 9, 79, 71]), // d = 47
    (8, 70, &[1, 3, 7, 11, 15, 39, 119, 27]), // d = 48
    (8, 84, &[1, 1, 3, 1, 11, 31, 97, 225]), // d = 49
    (8, 97, &[1, 1, 1, 3, 23, 43, 57, 177]), // d = 50
    (8, 103, &[1, 3, 7, 7, 17, 17, 37, 71]), // d = 51
    (8, 115, &[1, 3, 1, 5, 27, 63, 123, 213]), // d = 52
    (8, 122, &[1, 1, 3, 5, 11, 43, 53, 133]), // d = 53
    (9, 8, &[1, 3, 5, 5, 29, 17, 47, 173, 479]), // d = 54
    (9, 13, &[1, 3, 3, 11, 3, 1, 109, 9, 69]), // d = 55
    (9, 16, &[1, 1, 1, 5, 17, 39, 23, 5, 343]), // d = 56
    (9, 22, &[1, 3, 1, 5, 25, 15, 31, 103, 499]), // d = 57
    (9, 25, &[1, 1, 1, 11, 11, 17, 63, 105, 183]), // d = 58
    (9, 44, &[1, 1, 5, 11, 9, 29, 97, 231, 363]), // d = 59
    (9, 47, &[1, 1, 5, 15, 19, 45, 41, 7, 383]), // d = 60
    (9, 52, &[1, 3, 7, 7, 31, 19, 83, 137, 221]), // d = 61
    (9, 55, &[1, 1, 1, 3, 23, 15, 111, 223, 83]), // d = 62
    (9, 59, &[1, 1, 5, 13, 31, 15, 55, 25, 161]), // d = 63
    (9, 62, &[1, 1, 3, 13, 25, 47, 39, 87, 257]), // d = 64
    (9, 67, &[1, 1, 1, 11, 21, 53, 125, 249, 293]), // d = 65
    (9, 74, &[1, 1, 7, 11, 11, 7, 57, 79, 323]), // d = 66
    (9, 81, &[1, 1, 5, 5, 17, 13, 81, 3, 131]), // d = 67
    (9, 82, &[1, 1, 7, 13, 23, 7, 65, 251, 475]), // d = 68
    (9, 87, &[1, 3, 5, 1, 9, 43, 3, 149, 11]), // d = 69
    (9, 91, &[1, 1, 3, 13, 31, 13, 13, 255, 487]), // d = 70
    (9, 94, &[1, 3, 3, 1, 5, 63, 89, 91, 127]), // d = 71
    (9, 103, &[1, 1, 3, 3, 1, 19, 123, 127, 237]), // d = 72
    (9, 104, &[1, 1, 5, 7, 23, 31, 37, 243, 289]), // d = 73
    (9, 109, &[1, 1, 5, 11, 17, 53, 117, 183, 491]), // d = 74
    (9, 122, &[1, 1, 1, 5, 1, 13, 13, 209, 345]), // d = 75
    (9, 124, &[1, 1, 3, 15, 1, 57, 115, 7, 33]), // d = 76
    (9, 137, &[1, 3, 1, 11, 7, 43, 81, 207, 175]), // d = 77
    (9, 138, &[1, 3, 1, 1, 15, 27, 63, 255, 49]), // d = 78
    (9, 143, &[1, 3, 5, 3, 27, 61, 105, 171, 305]), // d = 79
    (9, 145, &[1, 1, 5, 3, 1, 3, 57, 249, 149]), // d = 80
    (9, 152, &[1, 1, 3, 5, 5, 57, 15, 13, 159]), // d = 81
    (9, 157, &[1, 1, 1, 11, 7, 11, 105, 141, 225]), // d = 82
    (9, 167, &[1, 3, 3, 5, 27, 59, 121, 101, 271]), // d = 83
    (9, 173, &[1, 3, 5, 9, 11, 49, 51, 59, 115]), // d = 84
    (9, 176, &[1, 1, 7, 1, 23, 45, 125, 71, 419]), // d = 85
    (9, 181, &[1, 1, 3, 5, 23, 5, 105, 109, 75]), // d = 86
    (9, 182, &[1, 1, 7, 15, 7, 11, 67, 121, 453]), // d = 87
    (9, 185, &[1, 3, 7, 3, 9, 13, 31, 27, 449]), // d = 88
    (9, 191, &[1, 3, 1, 15, 19, 39, 39, 89, 15]), // d = 89
    (9, 194, &[1, 1, 1, 1, 1, 33, 73, 145, 379]), // d = 90
    (9, 199, &[1, 3, 1, 15, 15, 43, 29, 13, 483]), // d = 91
    (9, 218, &[1, 1, 7, 3, 19, 27, 85, 131, 431]), // d = 92
    (9, 220, &[1, 3, 3, 3, 5, 35, 23, 195, 349]), // d = 93
    (9, 227, &[1, 3, 3, 7, 9, 27, 39, 59, 297]), // d = 94
    (9, 229, &[1, 1, 3, 9, 11, 17, 13, 241, 157]), // d = 95
    (9, 230, &[1, 3, 7, 15, 25, 57, 33, 189, 213]), // d = 96
    (9, 234, &[1, 1, 7, 1, 9, 55, 73, 83, 217]), // d = 97
    (9, 236, &[1, 3, 3, 13, 19, 27, 23, 113, 249]), // d = 98
    (9, 241, &[1, 3, 5, 3, 23, 43, 3, 253, 479]), // d = 99
    (9, 244, &[1, 1, 5, 5, 11, 5, 45, 117, 217]), // d = 100
];

/// Largest number of dimensions [`SobolSequence`] supports (the size of the
/// embedded Joe–Kuo table plus the first, van der Corput, dimension).
pub const SOBOL_MAX_DIMS: usize = JOE_KUO.len() + 1;

/// Largest number of parameters a [`saltelli`] design supports: it draws
/// from a Sobol sequence of twice that many dimensions.
pub const SALTELLI_MAX_PARAMS: usize = SOBOL_MAX_DIMS / 2;

/// The 32 direction numbers `v_1..v_32` (as left-aligned 32-bit fractions)
/// of dimension `dim` (0-based), built by the Bratley–Fox recurrence from
/// the Joe–Kuo initial values.
fn direction_numbers(dim: usize) -> [u32; SOBOL_BITS] {
    let mut v = [0u32; SOBOL_BITS];
    if dim == 0 {
        for (k, vk) in v.iter_mut().enumerate() {
            *vk = 1 << (SOBOL_BITS - 1 - k);
        }
        return v;
    }
    let (s, a, m) = JOE_KUO[dim - 1];
    let s = s as usize;
    for k in 0..s {
        v[k] = m[k] << (SOBOL_BITS - 1 - k);
    }
    for k in s..SOBOL_BITS {
        let mut x = v[k - s] ^ (v[k - s] >> s);
        for j in 1..s {
            if (a >> (s - 1 - j)) & 1 == 1 {
                x ^= v[k - j];
            }
        }
        v[k] = x;
    }
    v
}

/// Converts a 32-bit binary fraction to `f64` in `[0, 1)` (exactly).
fn unit(x: u32) -> f64 {
    f64::from(x) / (1u64 << SOBOL_BITS) as f64
}

/// A 32-bit Sobol low-discrepancy sequence in `[0, 1)^dims`.
///
/// Points come out in Gray-code order (Antonov–Saleev), which costs one XOR
/// per coordinate per point and visits exactly the same point sets as the
/// natural order for every prefix of length `2^k`. Direction numbers are
/// Joe and Kuo's `new-joe-kuo-6.21201`, chosen for good two-dimensional
/// projections, for up to [`SOBOL_MAX_DIMS`] dimensions. The sequence has
/// `2^32` points; the iterator ends after them.
///
/// Built with [`SobolSequence::with_digital_shift`], every coordinate is
/// XORed with a random 32-bit word per dimension. That keeps the
/// equidistribution (each prefix of `2^k` points still has one point in
/// every dyadic interval of length `2^-k` in every dimension) while making
/// the design depend on a seed, so replicated sweeps are not identical and
/// the all-zeros first point disappears.
#[derive(Debug, Clone)]
pub struct SobolSequence {
    directions: Vec<[u32; SOBOL_BITS]>,
    shift: Vec<u32>,
    state: Vec<u32>,
    next_index: u64,
}

impl SobolSequence {
    /// The unrandomised sequence, starting at the origin.
    pub fn new(dims: usize) -> Result<Self, DesignError> {
        if dims > SOBOL_MAX_DIMS {
            return Err(DesignError::TooManyDimensions {
                requested: dims,
                max: SOBOL_MAX_DIMS,
            });
        }
        Ok(Self {
            directions: (0..dims).map(direction_numbers).collect(),
            shift: vec![0; dims],
            state: vec![0; dims],
            next_index: 0,
        })
    }

    /// The sequence randomised by a digital shift: one random `u32` per
    /// dimension, drawn in dimension order from `rng`, XORed into every
    /// point.
    pub fn with_digital_shift<R: Rng + ?Sized>(
        dims: usize,
        rng: &mut R,
    ) -> Result<Self, DesignError> {
        let mut sequence = Self::new(dims)?;
        for shift in &mut sequence.shift {
            *shift = rng.random();
        }
        Ok(sequence)
    }

    /// Number of dimensions of each point.
    pub fn dims(&self) -> usize {
        self.directions.len()
    }

    /// The point with the given index (in generation order), computed
    /// directly rather than by iterating, e.g. to resume a sharded sweep.
    pub fn point(&self, index: u32) -> Vec<f64> {
        let gray = index ^ (index >> 1);
        self.directions
            .iter()
            .zip(&self.shift)
            .map(|(v, &shift)| {
                let x = (0..SOBOL_BITS)
                    .filter(|&k| (gray >> k) & 1 == 1)
                    .fold(0u32, |x, k| x ^ v[k]);
                unit(x ^ shift)
            })
            .collect()
    }
}

impl Iterator for SobolSequence {
    type Item = Vec<f64>;

    fn next(&mut self) -> Option<Vec<f64>> {
        if self.next_index > u64::from(u32::MAX) {
            return None;
        }
        if self.next_index > 0 {
            // Gray-code step: flip the direction number of the lowest zero
            // bit of the previous index (< 32 because that index < 2^32 - 1).
            let c = (self.next_index - 1).trailing_ones() as usize;
            for (x, v) in self.state.iter_mut().zip(&self.directions) {
                *x ^= v[c];
            }
        }
        self.next_index += 1;
        Some(
            self.state
                .iter()
                .zip(&self.shift)
                .map(|(&x, &shift)| unit(x ^ shift))
                .collect(),
        )
    }
}

/// The first `samples` points of a digitally shifted Sobol sequence, scaled
/// to `ranges`.
///
/// Use this instead of [`latin_hypercube`] when the sweep feeds a Monte
/// Carlo estimate (means, probabilities): quasi-random points make such
/// estimates converge faster. Powers of two for `samples` keep the balance
/// properties exact.
pub fn sobol<R: Rng + ?Sized>(
    samples: usize,
    ranges: &[(f64, f64)],
    rng: &mut R,
) -> Result<Vec<Vec<f64>>, DesignError> {
    validate_ranges(ranges)?;
    check_sobol_length(samples)?;
    let sequence = SobolSequence::with_digital_shift(ranges.len(), rng)?;
    Ok(sequence
        .take(samples)
        .map(|p| {
            p.iter()
                .zip(ranges)
                .map(|(&t, &(low, high))| scale(t, low, high))
                .collect()
        })
        .collect())
}

/// Fails if `samples` exceeds the `2^32` points of the sequence.
fn check_sobol_length(samples: usize) -> Result<(), DesignError> {
    if samples as u64 > 1u64 << SOBOL_BITS {
        return Err(DesignError::TooManySamples { requested: samples });
    }
    Ok(())
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

    /// First coordinates of a sequence, for the given dimension.
    fn column(dims: usize, dim: usize, count: usize) -> Vec<f64> {
        SobolSequence::new(dims)
            .unwrap()
            .take(count)
            .map(|p| p[dim])
            .collect()
    }

    #[test]
    fn sobol_matches_known_unscrambled_points() {
        assert_eq!(
            column(3, 0, 8),
            [0.0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]
        );
        assert_eq!(
            column(3, 1, 8),
            [0.0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]
        );
        // Dimension 3 exercises the recurrence with a non-zero `a`.
        assert_eq!(
            column(3, 2, 8),
            [0.0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375]
        );
    }

    #[test]
    fn joe_kuo_table_is_well_formed() {
        let mut previous = (0, 0);
        for &(s, a, m) in &JOE_KUO {
            assert_eq!(m.len(), s as usize);
            assert!(a < 1 << (s - 1), "a has at most s - 1 bits");
            // Within a degree, polynomials are listed in increasing order.
            assert!((s, a) > previous, "row ({s}, {a}) out of order");
            previous = (s, a);
            for (k, &mk) in m.iter().enumerate() {
                assert!(mk % 2 == 1 && mk < 1 << (k + 1), "bad m_{} = {mk}", k + 1);
            }
        }
    }

    /// Whether each of the `2^k` dyadic intervals of `[0, 1)` holds exactly
    /// one of the values.
    fn one_per_elementary_interval(values: &[f64], k: u32) -> bool {
        let n = 1usize << k;
        let mut seen = vec![false; n];
        values.len() == n
            && values.iter().all(|&x| {
                let cell = (x * n as f64) as usize;
                cell < n && !std::mem::replace(&mut seen[cell], true)
            })
    }

    #[test]
    fn sobol_prefixes_are_balanced_in_every_dimension() {
        let shifted =
            SobolSequence::with_digital_shift(SOBOL_MAX_DIMS, &mut ChaCha8Rng::seed_from_u64(3))
                .unwrap();
        for sequence in [SobolSequence::new(SOBOL_MAX_DIMS).unwrap(), shifted] {
            let points: Vec<Vec<f64>> = sequence.take(1 << 10).collect();
            for k in 0..=10 {
                let prefix = &points[..1 << k];
                for dim in 0..SOBOL_MAX_DIMS {
                    let values: Vec<f64> = prefix.iter().map(|p| p[dim]).collect();
                    assert!(
                        one_per_elementary_interval(&values, k),
                        "dimension {dim}, 2^{k} points"
                    );
                }
            }
        }
    }

    #[test]
    fn sobol_point_matches_iteration() {
        let sequence =
            SobolSequence::with_digital_shift(7, &mut ChaCha8Rng::seed_from_u64(11)).unwrap();
        for (index, point) in sequence.clone().take(300).enumerate() {
            assert_eq!(sequence.point(index as u32), point);
        }
    }

    #[test]
    fn sobol_limits_are_reported() {
        assert_eq!(
            SobolSequence::new(SOBOL_MAX_DIMS + 1).unwrap_err(),
            DesignError::TooManyDimensions {
                requested: SOBOL_MAX_DIMS + 1,
                max: SOBOL_MAX_DIMS
            }
        );
        let ranges = vec![(0.0, 1.0); SALTELLI_MAX_PARAMS + 1];
        assert!(matches!(
            try_saltelli(4, &ranges, &mut ChaCha8Rng::seed_from_u64(1)),
            Err(DesignError::TooManyDimensions { .. })
        ));
        assert!(matches!(
            sobol(4, &[(f64::NAN, 1.0)], &mut ChaCha8Rng::seed_from_u64(1)),
            Err(DesignError::InvalidRange { index: 0, .. })
        ));
    }

    #[test]
    fn sobol_design_depends_on_seed_and_scales() {
        let ranges = [(10.0, 20.0), (-1.0, 0.0)];
        let a = sobol(64, &ranges, &mut ChaCha8Rng::seed_from_u64(5)).unwrap();
        let b = sobol(64, &ranges, &mut ChaCha8Rng::seed_from_u64(5)).unwrap();
        let c = sobol(64, &ranges, &mut ChaCha8Rng::seed_from_u64(6)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
        for p in &a {
            assert!((10.0..=20.0).contains(&p[0]) && (-1.0..=0.0).contains(&p[1]));
        }
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

        #[test]
        fn sobol_points_are_in_unit_cube(
            dims in 1usize..=SOBOL_MAX_DIMS,
            count in 1usize..300,
            seed in prop::option::of(any::<u64>()),
        ) {
            let sequence = match seed {
                Some(seed) => SobolSequence::with_digital_shift(
                    dims,
                    &mut ChaCha8Rng::seed_from_u64(seed),
                ),
                None => SobolSequence::new(dims),
            }
            .unwrap();
            for point in sequence.take(count) {
                prop_assert_eq!(point.len(), dims);
                for x in point {
                    prop_assert!((0.0..1.0).contains(&x));
                }
            }
        }
    }
}
