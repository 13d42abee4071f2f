//! The simulated method of moments (docs/model.md "Calibration"): the point estimate that
//! minimises the ABC distance, written so that its result depends only on the seed.
//!
//! * The design: `particles` points drawn from the priors exactly as ABC-SMC's generation 0
//!   ([`prior_candidates`]); each target's error scale is its median over them
//!   ([`error_scales`]), so the distance is ABC's.
//! * The starts: the `starts` design points of smallest distance (ties: the lower index),
//!   each the first vertex of a Nelder–Mead search ([`nelder_mead`]) in the unit cube of the
//!   priors' `[low, high]`, run for at most `iterations` steps or until the simplex's
//!   distances span less than `tolerance`. The searches run in parallel, each sequential; a
//!   search's result does not depend on when it ran.
//! * The estimate: the best end point, the lower start on a tie.
//!
//! The state (design, then each finished search) is saved as it grows; `--resume` runs only
//! the searches it lacks.

use std::sync::Mutex;

use anyhow::Result;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::abc_smc::{Evaluator, Settings, distance, error_scales, prior_candidates};
use super::nelder_mead::{self, minimise};

/// Defaults of the search keys (`calibration.starts`, `iterations`, `tolerance`).
pub const DEFAULT_STARTS: u64 = 4;
/// Default largest number of simplex steps per search.
pub const DEFAULT_ITERATIONS: u64 = 100;
/// Default spread of the simplex's distances that ends a search (unitless).
pub const DEFAULT_TOLERANCE: f64 = 1e-4;
/// Edge of each search's first simplex, as a share of each prior's width.
pub const FIRST_STEP: f64 = 0.1;

/// The search's settings (the design's are ABC's [`Settings`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchSettings {
    /// Searches, from the best design points.
    pub starts: usize,
    /// Largest number of simplex steps per search.
    pub iterations: usize,
    /// Spread of the simplex's distances that ends a search.
    pub tolerance: f64,
}

/// One point of the initial design.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DesignPoint {
    /// Parameter values, in column order.
    pub theta: Vec<f64>,
    /// Raw error per target.
    pub errors: Vec<Option<f64>>,
}

/// One finished search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchEnd {
    /// Its best point, in the parameters' units and column order.
    pub theta: Vec<f64>,
    /// The distance there (unitless).
    pub distance: f64,
    /// Simplex steps taken.
    pub iterations: usize,
    /// Candidates evaluated (each on every history, all replicates).
    pub evaluations: usize,
    /// Whether the simplex's spread fell below the tolerance.
    pub converged: bool,
}

/// The whole state, saved after the design and after each finished search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Each target's error scale (its median over the design).
    pub scales: Vec<f64>,
    /// The design, in draw order.
    pub design: Vec<DesignPoint>,
    /// The design points each search starts from, best first.
    pub origins: Vec<usize>,
    /// Each search's end, by start (`None`: not run yet).
    pub ends: Vec<Option<SearchEnd>>,
}

impl State {
    /// Finished searches.
    pub fn finished(&self) -> usize {
        self.ends.iter().flatten().count()
    }

    /// The estimate: the start whose end has the smallest distance (the lower start on a
    /// tie), once every search has finished.
    pub fn estimate(&self) -> Option<(usize, &SearchEnd)> {
        let mut best: Option<(usize, &SearchEnd)> = None;
        for (k, e) in self.ends.iter().enumerate() {
            let e = e.as_ref()?;
            if best.is_none_or(|(_, b)| e.distance < b.distance) {
                best = Some((k, e));
            }
        }
        best
    }
}

/// Evaluates the design and picks the starts.
pub fn design<E: Evaluator>(s: &Settings, search: &SearchSettings, eval: &E) -> Result<State> {
    let candidates = prior_candidates(s);
    let evals = eval.evaluate(&candidates)?;
    let errors: Vec<&[Option<f64>]> = evals.iter().map(|e| e.errors.as_slice()).collect();
    let scales = error_scales(&errors, s.weights.len());
    let design: Vec<DesignPoint> = candidates
        .into_iter()
        .zip(evals)
        .map(|(theta, e)| DesignPoint {
            theta,
            errors: e.errors,
        })
        .collect();
    let mut ranked: Vec<(usize, f64)> = design
        .iter()
        .enumerate()
        .map(|(i, p)| (i, distance(&p.errors, &scales, &s.weights)))
        .filter(|(_, d)| d.is_finite())
        .collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
    if ranked.is_empty() {
        anyhow::bail!(
            "none of the design's {} candidates could be evaluated",
            design.len()
        );
    }
    let origins: Vec<usize> = ranked.iter().take(search.starts).map(|r| r.0).collect();
    Ok(State {
        scales,
        ends: vec![None; origins.len()],
        origins,
        design,
    })
}

/// A point of the unit cube in the parameters' units (and back).
fn to_theta(s: &Settings, u: &[f64]) -> Vec<f64> {
    s.priors
        .iter()
        .zip(u)
        .map(|(p, u)| {
            let (lo, hi) = p.range();
            lo + u * (hi - lo)
        })
        .collect()
}

fn to_unit(s: &Settings, theta: &[f64]) -> Vec<f64> {
    s.priors
        .iter()
        .zip(theta)
        .map(|(p, x)| {
            let (lo, hi) = p.range();
            ((x - lo) / (hi - lo)).clamp(0.0, 1.0)
        })
        .collect()
}

/// Runs search `k` from its design point.
fn search_from<E: Evaluator>(
    s: &Settings,
    search: &SearchSettings,
    state: &State,
    k: usize,
    eval: &E,
) -> Result<SearchEnd> {
    let origin = &state.design[state.origins[k]];
    let d0 = distance(&origin.errors, &state.scales, &s.weights);
    let opts = nelder_mead::Options {
        iterations: search.iterations,
        tolerance: search.tolerance,
        step: FIRST_STEP,
    };
    let out = minimise(&to_unit(s, &origin.theta), d0, opts, |us| {
        let thetas: Vec<Vec<f64>> = us.iter().map(|u| to_theta(s, u)).collect();
        Ok(eval
            .evaluate(&thetas)?
            .iter()
            .map(|e| distance(&e.errors, &state.scales, &s.weights))
            .collect())
    })?;
    Ok(SearchEnd {
        theta: to_theta(s, &out.best),
        distance: out.value,
        iterations: out.iterations,
        evaluations: out.evaluations,
        converged: out.converged,
    })
}

/// Runs every search the state lacks, in parallel on `pool`; after each one finishes,
/// `saved` sees the state (under a lock, one search at a time) and may stop the run with an
/// error.
pub fn search_all<E, S>(
    s: &Settings,
    search: &SearchSettings,
    state: &mut State,
    eval: &E,
    pool: &rayon::ThreadPool,
    saved: S,
) -> Result<()>
where
    E: Evaluator + Sync,
    S: Fn(&State) -> Result<()> + Sync,
{
    let pending: Vec<usize> = (0..state.ends.len())
        .filter(|k| state.ends[*k].is_none())
        .collect();
    let shared = Mutex::new(state.clone());
    let frozen: &State = state;
    let result: Result<Vec<()>> = pool.install(|| {
        pending
            .par_iter()
            .map(|&k| {
                let end = search_from(s, search, frozen, k, eval)?;
                let mut st = shared
                    .lock()
                    .map_err(|_| anyhow::anyhow!("a search panicked"))?;
                st.ends[k] = Some(end);
                saved(&st)
            })
            .collect()
    });
    *state = shared
        .into_inner()
        .map_err(|_| anyhow::anyhow!("a search panicked"))?;
    result.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::calibrate::abc_smc::Evaluation;
    use crate::experiment::calibrate::prior::Prior;

    /// A toy model whose two targets' errors are each parameter's distance from a known value.
    struct Toy;

    impl Evaluator for Toy {
        type Payload = ();
        fn evaluate(&self, candidates: &[Vec<f64>]) -> Result<Vec<Evaluation<()>>> {
            Ok(candidates
                .iter()
                .map(|t| Evaluation {
                    errors: vec![Some((t[0] - 3.0).abs()), Some((t[1] + 1.5).abs())],
                    payload: (),
                })
                .collect())
        }
    }

    fn settings() -> (Settings, SearchSettings) {
        let s = Settings {
            particles: 20,
            generations: 1,
            alpha: 0.5,
            min_acceptance: 0.05,
            seed: 3,
            priors: vec![
                Prior::Uniform {
                    low: 0.0,
                    high: 10.0,
                },
                Prior::Uniform {
                    low: -5.0,
                    high: 5.0,
                },
            ],
            weights: vec![1.0, 1.0],
        };
        let search = SearchSettings {
            starts: 3,
            iterations: 200,
            tolerance: 1e-10,
        };
        (s, search)
    }

    /// The searches find the known values; a run whose state went through a checkpoint
    /// after its design, with any thread count, ends in the same state.
    #[test]
    fn finds_the_known_values_and_resumes_to_the_same_state() {
        let (s, search) = settings();
        let pool = |n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
        };
        let mut a = design(&s, &search, &Toy).unwrap();
        assert_eq!(a.origins.len(), 3);
        let text = crate::experiment::calibrate::checkpoint::to_text(&a).unwrap();
        search_all(&s, &search, &mut a, &Toy, &pool(1), |_| Ok(())).unwrap();
        let (_, best) = a.estimate().unwrap();
        assert!((best.theta[0] - 3.0).abs() < 1e-3, "{best:?}");
        assert!((best.theta[1] + 1.5).abs() < 1e-3, "{best:?}");
        let mut b: State = crate::experiment::calibrate::checkpoint::from_text(&text).unwrap();
        search_all(&s, &search, &mut b, &Toy, &pool(2), |_| Ok(())).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn the_estimate_is_the_lower_start_on_a_tie() {
        let end = |d: f64| SearchEnd {
            theta: vec![d],
            distance: d,
            iterations: 1,
            evaluations: 1,
            converged: true,
        };
        let mut st = State {
            scales: vec![1.0],
            design: vec![],
            origins: vec![0, 1, 2],
            ends: vec![Some(end(0.5)), Some(end(0.2)), None],
        };
        assert!(st.estimate().is_none());
        st.ends[2] = Some(end(0.2));
        assert_eq!(st.estimate().unwrap().0, 1);
    }
}
