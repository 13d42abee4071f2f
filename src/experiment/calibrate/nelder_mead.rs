//! The Nelder–Mead simplex search of the simulated method of moments (docs/model.md
//! "Calibration"), in the unit cube [0, 1]ⁿ: the standard coefficients (reflection 1,
//! expansion 2, contraction 0.5, shrink 0.5; Nelder and Mead 1965, as in Lagarias et al. 1998),
//! every new vertex clamped to the cube. The objective takes a batch of points (the first
//! simplex, a shrink) so that the caller can evaluate them in parallel; the search itself is
//! sequential and depends only on the objective's values.

use anyhow::Result;

/// Reflection, expansion, contraction and shrink coefficients.
const REFLECT: f64 = 1.0;
const EXPAND: f64 = 2.0;
const CONTRACT: f64 = 0.5;
const SHRINK: f64 = 0.5;

/// How long a search runs and how large its first simplex is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Largest number of simplex steps (reflection, expansion, contraction or shrink).
    pub iterations: usize,
    /// The search ends when the vertices' values span less than this (objective's unit).
    pub tolerance: f64,
    /// Edge of the first simplex along each axis, in the unit cube (toward the cube's
    /// inside where the start lies near a face).
    pub step: f64,
}

/// The end of a search.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The best vertex, in the unit cube.
    pub best: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// Simplex steps taken.
    pub iterations: usize,
    /// Objective evaluations (the start's known value not counted).
    pub evaluations: usize,
    /// Whether the spread fell below the tolerance (else the iterations ran out).
    pub converged: bool,
}

fn clamp(x: Vec<f64>) -> Vec<f64> {
    x.into_iter().map(|v| v.clamp(0.0, 1.0)).collect()
}

/// `a + t (b − a)`, clamped to the unit cube.
fn towards(a: &[f64], b: &[f64], t: f64) -> Vec<f64> {
    clamp(a.iter().zip(b).map(|(a, b)| a + t * (b - a)).collect())
}

/// Minimises `f` from `x0` (in the unit cube, where `f` is `f0`). `f` evaluates a batch of
/// points and returns their values in order; a failed point should be `f64::INFINITY`.
pub fn minimise<F>(x0: &[f64], f0: f64, opts: Options, mut f: F) -> Result<Outcome>
where
    F: FnMut(&[Vec<f64>]) -> Result<Vec<f64>>,
{
    let n = x0.len();
    let first: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let mut v = clamp(x0.to_vec());
            v[i] += if v[i] + opts.step <= 1.0 {
                opts.step
            } else {
                -opts.step
            };
            clamp(v)
        })
        .collect();
    let mut evaluations = 0;
    let mut batch = |xs: Vec<Vec<f64>>, evaluations: &mut usize| -> Result<Vec<(Vec<f64>, f64)>> {
        *evaluations += xs.len();
        let values = f(&xs)?;
        Ok(xs.into_iter().zip(values).collect())
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = std::iter::once((clamp(x0.to_vec()), f0))
        .chain(batch(first, &mut evaluations)?)
        .collect();
    let mut iterations = 0;
    let mut converged = false;
    loop {
        // Stable: ties keep their order, so the search does not depend on anything but f.
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        if simplex[n].1 - simplex[0].1 < opts.tolerance {
            converged = true;
            break;
        }
        if iterations >= opts.iterations {
            break;
        }
        iterations += 1;
        let centroid: Vec<f64> = (0..n)
            .map(|k| simplex[..n].iter().map(|v| v.0[k]).sum::<f64>() / n as f64)
            .collect();
        let (best, second_worst, worst) = (simplex[0].1, simplex[n - 1].1, simplex[n].1);
        let r = batch(
            vec![towards(&centroid, &simplex[n].0, -REFLECT)],
            &mut evaluations,
        )?
        .swap_remove(0);
        if r.1 < best {
            let e = batch(vec![towards(&centroid, &r.0, EXPAND)], &mut evaluations)?.swap_remove(0);
            simplex[n] = if e.1 < r.1 { e } else { r };
        } else if r.1 < second_worst {
            simplex[n] = r;
        } else {
            let outside = r.1 < worst;
            let c = if outside {
                batch(vec![towards(&centroid, &r.0, CONTRACT)], &mut evaluations)?.swap_remove(0)
            } else {
                batch(
                    vec![towards(&centroid, &simplex[n].0, CONTRACT)],
                    &mut evaluations,
                )?
                .swap_remove(0)
            };
            if (outside && c.1 <= r.1) || (!outside && c.1 < worst) {
                simplex[n] = c;
            } else {
                let moved: Vec<Vec<f64>> = simplex[1..]
                    .iter()
                    .map(|v| towards(&simplex[0].0, &v.0, SHRINK))
                    .collect();
                let moved = batch(moved, &mut evaluations)?;
                simplex.truncate(1);
                simplex.extend(moved);
            }
        }
    }
    let (best, value) = simplex.swap_remove(0);
    Ok(Outcome {
        best,
        value,
        iterations,
        evaluations,
        converged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    fn run(f: impl Fn(&[f64]) -> f64, x0: &[f64], iterations: usize) -> Outcome {
        let opts = Options {
            iterations,
            tolerance: 1e-14,
            step: 0.1,
        };
        minimise(x0, f(x0), opts, |xs| Ok(xs.iter().map(|x| f(x)).collect())).unwrap()
    }

    #[test]
    fn finds_the_minimum_of_a_quadratic() {
        let f = |x: &[f64]| (x[0] - 0.3).powi(2) + 4.0 * (x[1] - 0.7).powi(2) + 0.5;
        let o = run(f, &[0.9, 0.1], 500);
        assert!(o.converged, "{o:?}");
        assert!(
            (o.best[0] - 0.3).abs() < 1e-4 && (o.best[1] - 0.7).abs() < 1e-4,
            "{o:?}"
        );
        assert!((o.value - 0.5).abs() < 1e-8);
    }

    /// Rosenbrock's valley on [−2, 2]² mapped to the unit cube (minimum at (1, 1), i.e.
    /// (0.75, 0.75)), from the standard start (−1.2, 1).
    #[test]
    fn finds_the_minimum_of_rosenbrock_from_the_standard_start() {
        let f = |u: &[f64]| {
            let (x, y) = (4.0 * u[0] - 2.0, 4.0 * u[1] - 2.0);
            100.0 * (y - x * x).powi(2) + (1.0 - x).powi(2)
        };
        let o = run(f, &[0.2, 0.75], 2000);
        assert!(o.converged, "{o:?}");
        assert!(
            (o.best[0] - 0.75).abs() < 1e-3 && (o.best[1] - 0.75).abs() < 1e-3,
            "{o:?}"
        );
    }

    /// A minimum outside the cube: every point the search asks for lies inside it, and it
    /// ends on the nearest corner.
    #[test]
    fn never_leaves_the_unit_cube() {
        let asked = RefCell::new(Vec::new());
        let f = |x: &[f64]| (x[0] + 2.0).powi(2) + (x[1] - 3.0).powi(2) + (x[2] - 0.5).powi(2);
        let opts = Options {
            iterations: 300,
            tolerance: 1e-12,
            step: 0.1,
        };
        let x0 = [0.95, 0.05, 1.0];
        let o = minimise(&x0, f(&x0), opts, |xs| {
            asked.borrow_mut().extend(xs.iter().cloned());
            Ok(xs.iter().map(|x| f(x)).collect())
        })
        .unwrap();
        assert!(
            asked
                .borrow()
                .iter()
                .all(|x| x.iter().all(|v| (0.0..=1.0).contains(v)))
        );
        assert_eq!(o.evaluations, asked.borrow().len());
        assert!(o.best[0] < 1e-6 && o.best[1] > 1.0 - 1e-6, "{o:?}");
        assert!((o.best[2] - 0.5).abs() < 1e-3, "{o:?}");
    }
}
