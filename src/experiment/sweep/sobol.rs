//! Sobol low-discrepancy sequences (Joe–Kuo direction numbers, optional random digital
//! shift) and the Sobol design over parameter ranges; the base of the Saltelli design in
//! [`super::saltelli`].

use rand::{Rng, RngExt};

use super::design::{DesignError, scale, validate_ranges};

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
pub fn check_sobol_length(samples: usize) -> Result<(), DesignError> {
    if samples as u64 > 1u64 << SOBOL_BITS {
        return Err(DesignError::TooManySamples { requested: samples });
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

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
    pub(crate) fn one_per_elementary_interval(values: &[f64], k: u32) -> bool {
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

    proptest! {
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
