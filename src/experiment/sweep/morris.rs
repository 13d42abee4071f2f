//! The Morris (1991) one-at-a-time design for elementary-effects screening (docs/model.md §7),
//! as SALib's `morris.sample` builds it without groups or Campolongo's optimisation.
//!
//! Each parameter's range is cut into a grid of `p` levels `0, 1/(p−1), …, 1` (unit scale).
//! A trajectory starts at a random grid point and moves one parameter at a time, in a random
//! order, by `±Δ` with `Δ = p / (2(p − 1))`, so `d` parameters give `d + 1` points and each
//! parameter changes exactly once. The start value of each parameter is drawn from the lower
//! half of the grid (`0, …, 1 − Δ`) and a downward move starts `Δ` higher, so every point
//! stays on the grid. `r` independent trajectories give `r · (d + 1)` points.
//!
//! Random draws, per trajectory in order: one start level per parameter, one direction per
//! parameter, one shuffle of the parameter order.

use rand::seq::SliceRandom;
use rand::{Rng, RngExt};

use super::design::scale;

/// Default grid levels (`sweep.levels`), as in SALib.
pub const DEFAULT_LEVELS: usize = 4;

/// A Morris design: `trajectories` blocks of `dims + 1` points, and which parameter each
/// step moves and by how much.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisDesign {
    /// Number of trajectories r.
    pub trajectories: usize,
    /// Number of parameters d.
    pub dims: usize,
    /// Grid levels p.
    pub levels: usize,
    /// Points on the unit scale, trajectory by trajectory (`r · (d + 1)` rows of `d`).
    pub points: Vec<Vec<f64>>,
    /// Per trajectory, per step (`r · d`): the parameter moved and the signed step on the
    /// unit scale (`+Δ` or `−Δ`).
    pub steps: Vec<(usize, f64)>,
}

impl MorrisDesign {
    /// Points per trajectory, `d + 1`.
    pub fn trajectory_len(&self) -> usize {
        self.dims + 1
    }

    /// The step `Δ = p / (2(p − 1))` on the unit scale.
    pub fn delta(&self) -> f64 {
        delta(self.levels)
    }

    /// The points scaled onto `ranges` (one `(low, high)` per parameter).
    pub fn scaled(&self, ranges: &[(f64, f64)]) -> Vec<Vec<f64>> {
        self.points
            .iter()
            .map(|p| {
                p.iter()
                    .zip(ranges)
                    .map(|(&u, &(lo, hi))| scale(u, lo, hi))
                    .collect()
            })
            .collect()
    }
}

/// The Morris step `Δ = p / (2(p − 1))` for `p` levels.
pub fn delta(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

/// `trajectories` Morris trajectories over `dims` parameters on a grid of `levels` levels
/// (even, at least 2), drawn from `rng`.
///
/// # Panics
///
/// If `levels` is odd or below 2 (the plan checks this first).
pub fn morris<R: Rng + ?Sized>(
    trajectories: usize,
    dims: usize,
    levels: usize,
    rng: &mut R,
) -> MorrisDesign {
    assert!(
        levels >= 2 && levels.is_multiple_of(2),
        "Morris levels must be even and at least 2, got {levels}"
    );
    let step = delta(levels);
    let grid = (levels - 1) as f64;
    let mut points = Vec::with_capacity(trajectories * (dims + 1));
    let mut steps = Vec::with_capacity(trajectories * dims);
    let mut order: Vec<usize> = (0..dims).collect();
    for _ in 0..trajectories {
        let start: Vec<usize> = (0..dims).map(|_| rng.random_range(0..levels / 2)).collect();
        let up: Vec<bool> = (0..dims).map(|_| rng.random_bool(0.5)).collect();
        order.sort_unstable();
        order.shuffle(rng);
        let mut x: Vec<f64> = start
            .iter()
            .zip(&up)
            .map(|(&k, &up)| k as f64 / grid + if up { 0.0 } else { step })
            .collect();
        points.push(x.clone());
        for &j in &order {
            let signed = if up[j] { step } else { -step };
            x[j] = (x[j] + signed).clamp(0.0, 1.0);
            points.push(x.clone());
            steps.push((j, signed));
        }
    }
    MorrisDesign {
        trajectories,
        dims,
        levels,
        points,
        steps,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn each_step_moves_one_parameter_by_delta_and_stays_on_the_grid() {
        for levels in [2, 4, 6, 10] {
            let d = morris(20, 5, levels, &mut ChaCha8Rng::seed_from_u64(3));
            assert_eq!(d.points.len(), 20 * 6);
            assert_eq!(d.steps.len(), 20 * 5);
            let grid = (levels - 1) as f64;
            for t in 0..20 {
                let block = &d.points[t * 6..(t + 1) * 6];
                let mut moved = [false; 5];
                for s in 0..5 {
                    let (j, signed) = d.steps[t * 5 + s];
                    assert!(!moved[j], "parameter {j} moved twice");
                    moved[j] = true;
                    for (k, (after, before)) in block[s + 1].iter().zip(&block[s]).enumerate() {
                        let change = after - before;
                        let expected = if k == j { signed } else { 0.0 };
                        assert!((change - expected).abs() < 1e-12);
                    }
                    assert!((signed.abs() - d.delta()).abs() < 1e-15);
                }
                for p in block {
                    for &u in p {
                        assert!((0.0..=1.0).contains(&u));
                        assert!(((u * grid).round() - u * grid).abs() < 1e-9, "{u} off grid");
                    }
                }
            }
        }
    }

    #[test]
    fn the_design_is_reproducible_per_seed_and_scales_onto_ranges() {
        let a = morris(4, 3, 4, &mut ChaCha8Rng::seed_from_u64(1));
        assert_eq!(a, morris(4, 3, 4, &mut ChaCha8Rng::seed_from_u64(1)));
        assert_ne!(a, morris(4, 3, 4, &mut ChaCha8Rng::seed_from_u64(2)));
        let s = a.scaled(&[(10.0, 20.0), (0.0, 1.0), (-1.0, 1.0)]);
        for (p, u) in s.iter().zip(&a.points) {
            assert!((p[0] - (10.0 + 10.0 * u[0])).abs() < 1e-12);
            assert!((p[2] - (-1.0 + 2.0 * u[2])).abs() < 1e-12);
        }
        assert!((delta(4) - 2.0 / 3.0).abs() < 1e-15);
    }
}
