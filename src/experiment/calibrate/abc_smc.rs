//! Approximate Bayesian computation by sequential Monte Carlo (docs/model.md "Calibration"):
//! the population Monte Carlo sampler of Beaumont et al. (2009) with the adaptive tolerance
//! schedule of Del Moral et al. (2012), written so that its result depends only on the seed.
//!
//! * Generation 0 draws `particles` candidates from the prior; every one is kept (weight
//!   1/N, candidates that failed to run get weight 0). Each target's error is divided by its
//!   median over these particles, so that targets in different units weigh as configured.
//! * Generation t ≥ 1 sets its tolerance to the `alpha` quantile of the previous distances,
//!   then proposes candidates in batches of `particles`: a parent drawn by weight, moved by a
//!   Gaussian kernel with twice the population's weighted variance (per parameter), redrawn
//!   until inside the prior's support. A whole batch is evaluated (in parallel, by the
//!   caller's evaluator), then the candidates within the tolerance are taken in candidate
//!   order until the population is full; no race between threads decides anything. A
//!   candidate's weight is prior / Σ_j W_j K(θ | θ_j).
//! * The run stops after `generations` generations, when a generation's acceptance rate
//!   falls below `min_acceptance` (proposals are capped at `particles / min_acceptance`; a
//!   generation that cannot fill its population within the cap is discarded), or when the
//!   tolerance stops shrinking (many candidates reproduce the targets equally well).
//!
//! Every random number comes from the stream (seed, generation·2³² + candidate, purpose).

use anyhow::Result;
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};
use serde::{Deserialize, Serialize};

use super::prior::Prior;
use crate::foundation::rng::{Purpose, stream};
use crate::foundation::stats::{quantile_sorted, sorted_finite};

/// What the sampler needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Particles per generation.
    pub particles: usize,
    /// Largest number of generations.
    pub generations: usize,
    /// Tolerance quantile of the previous distances.
    pub alpha: f64,
    /// Smallest acceptance rate before the run stops.
    pub min_acceptance: f64,
    /// Master seed.
    pub seed: u64,
    /// The priors, one per parameter, in column order.
    pub priors: Vec<Prior>,
    /// Each target's weight in the distance.
    pub weights: Vec<f64>,
}

/// One evaluated candidate: each target's raw error (`None` when the candidate could not
/// run or the target has no value) and what the fit needs later (`payload`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation<P> {
    /// Raw error per target, in the target's unit.
    pub errors: Vec<Option<f64>>,
    /// The evaluator's own record of the candidate (e.g. the simulated values).
    pub payload: P,
}

/// Runs candidates: one evaluation per candidate, in candidate order.
pub trait Evaluator {
    /// What an evaluation keeps for the fit.
    type Payload: Clone;
    /// Evaluates every candidate (parameter vectors in column order).
    fn evaluate(&self, candidates: &[Vec<f64>]) -> Result<Vec<Evaluation<Self::Payload>>>;
}

/// A particle of a population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Particle<P> {
    /// Parameter values, in column order.
    pub theta: Vec<f64>,
    /// Normalised importance weight.
    pub weight: f64,
    /// Raw error per target.
    pub errors: Vec<Option<f64>>,
    /// The evaluator's record; kept for the last generation only.
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub payload: Option<P>,
}

/// One generation: its tolerance (none for the prior's), how many candidates it proposed
/// and how many of them fell within the tolerance, and its population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Generation<P> {
    /// Generation index (0 = prior).
    pub index: usize,
    /// Tolerance on the distance (`None`: generation 0, no tolerance).
    pub tolerance: Option<f64>,
    /// Candidates proposed.
    pub proposals: usize,
    /// Candidates within the tolerance (may exceed the population).
    pub within: usize,
    /// The population.
    pub particles: Vec<Particle<P>>,
}

impl<P> Generation<P> {
    /// Share of proposals within the tolerance.
    pub fn acceptance_rate(&self) -> f64 {
        self.within as f64 / self.proposals.max(1) as f64
    }

    /// Effective sample size of the weights, 1 / Σ w².
    pub fn ess(&self) -> f64 {
        let s: f64 = self.particles.iter().map(|p| p.weight * p.weight).sum();
        if s > 0.0 { 1.0 / s } else { 0.0 }
    }
}

/// The sampler's whole state, saved after every generation (`--resume` continues it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State<P> {
    /// Each target's error scale: its median over generation 0 (1 where that is 0 or none).
    pub scales: Vec<f64>,
    /// The generations, in order.
    pub generations: Vec<Generation<P>>,
    /// Why the run stopped (`None` while it runs).
    pub stopped: Option<String>,
    /// A discarded last generation: (tolerance, proposals, within).
    #[serde(default)]
    pub discarded: Option<(f64, usize, usize)>,
}

/// The distance of a candidate: Σ_k w_k e_k / s_k / Σ_k w_k (infinite if a weighted target
/// has no error).
pub fn distance(errors: &[Option<f64>], scales: &[f64], weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    let mut d = 0.0;
    for ((e, s), w) in errors.iter().zip(scales).zip(weights) {
        if *w == 0.0 {
            continue;
        }
        match e {
            Some(e) if e.is_finite() => d += w * e / s,
            _ => return f64::INFINITY,
        }
    }
    if total > 0.0 { d / total } else { d }
}

/// The quantile `q` of values with weights (the smallest value whose cumulative weight
/// reaches `q` of the total); `None` without positive weight.
pub fn weighted_quantile(points: &[(f64, f64)], q: f64) -> Option<f64> {
    let mut v: Vec<(f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, w)| x.is_finite() && *w > 0.0)
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = v.iter().map(|p| p.1).sum();
    if total <= 0.0 {
        return None;
    }
    let mut cum = 0.0;
    for (x, w) in &v {
        cum += w;
        if cum >= q * total - 1e-12 * total {
            return Some(*x);
        }
    }
    v.last().map(|p| p.0)
}

/// Weighted mean and standard deviation of one parameter over a population.
pub fn weighted_mean_sd<P>(particles: &[Particle<P>], k: usize) -> (f64, f64) {
    let total: f64 = particles.iter().map(|p| p.weight).sum();
    if total <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = particles.iter().map(|p| p.weight * p.theta[k]).sum::<f64>() / total;
    let var = particles
        .iter()
        .map(|p| p.weight * (p.theta[k] - mean).powi(2))
        .sum::<f64>()
        / total;
    (mean, var.max(0.0).sqrt())
}

fn stream_index(generation: usize, candidate: usize) -> u64 {
    ((generation as u64) << 32) | candidate as u64
}

/// Generation 0's candidates: `particles` draws from the priors, candidate k from the stream
/// (seed, k, "prior"). The simulated method of moments draws its initial design here too.
pub fn prior_candidates(s: &Settings) -> Vec<Vec<f64>> {
    (0..s.particles)
        .map(|k| {
            let mut rng = stream(s.seed, stream_index(0, k), Purpose::Calibration("prior"));
            s.priors.iter().map(|p| p.sample(&mut rng)).collect()
        })
        .collect()
}

/// Each target's error scale, in the target's unit: its median error over the prior's
/// candidates (1 where that is 0 or none), so that targets in different units weigh as
/// configured in [`distance`].
pub fn error_scales(errors: &[&[Option<f64>]], targets: usize) -> Vec<f64> {
    (0..targets)
        .map(|k| {
            let errs = sorted_finite(errors.iter().filter_map(|e| e[k]));
            quantile_sorted(&errs, 0.5)
                .filter(|m| *m > 0.0)
                .unwrap_or(1.0)
        })
        .collect()
}

/// Starts a run: evaluates generation 0 and sets the error scales.
pub fn start<E: Evaluator>(s: &Settings, eval: &E) -> Result<State<E::Payload>> {
    let candidates = prior_candidates(s);
    let evals = eval.evaluate(&candidates)?;
    let errors: Vec<&[Option<f64>]> = evals.iter().map(|e| e.errors.as_slice()).collect();
    let scales = error_scales(&errors, s.weights.len());
    let ok = |e: &Evaluation<E::Payload>| distance(&e.errors, &scales, &s.weights).is_finite();
    let n_ok = evals.iter().filter(|e| ok(e)).count();
    let particles = candidates
        .into_iter()
        .zip(evals)
        .map(|(theta, e)| Particle {
            theta,
            weight: if ok(&e) {
                1.0 / n_ok.max(1) as f64
            } else {
                0.0
            },
            errors: e.errors,
            payload: Some(e.payload),
        })
        .collect();
    let mut state = State {
        scales,
        generations: vec![Generation {
            index: 0,
            tolerance: None,
            proposals: s.particles,
            within: n_ok,
            particles,
        }],
        stopped: None,
        discarded: None,
    };
    if n_ok < 2 {
        state.stopped = Some(format!(
            "only {n_ok} of the prior's {} candidates could be evaluated",
            s.particles
        ));
    } else if s.generations <= 1 {
        state.stopped = Some("generations".into());
    }
    Ok(state)
}

/// The perturbation kernel's standard deviation per parameter: √(2 × weighted variance),
/// or a thousandth of the prior's width where the population has collapsed.
fn kernel_sd<P>(s: &Settings, particles: &[Particle<P>]) -> Vec<f64> {
    s.priors
        .iter()
        .enumerate()
        .map(|(k, prior)| {
            let (_, sd) = weighted_mean_sd(particles, k);
            let (lo, hi) = prior.range();
            let floor = (hi - lo).abs() * 1e-3;
            let v = (2.0f64).sqrt() * sd;
            if v.is_finite() && v > floor {
                v
            } else {
                floor.max(f64::MIN_POSITIVE)
            }
        })
        .collect()
}

/// Candidate `k` of generation `g`: a parent by weight, moved by the kernel until inside the
/// prior's support (the parent itself after 1,000 tries).
fn propose<P>(s: &Settings, g: usize, k: usize, prev: &[Particle<P>], sd: &[f64]) -> Vec<f64> {
    let mut rng = stream(s.seed, stream_index(g, k), Purpose::Calibration("propose"));
    let total: f64 = prev.iter().map(|p| p.weight).sum();
    let u: f64 = rng.random::<f64>() * total;
    let mut cum = 0.0;
    let mut parent = prev.len() - 1;
    for (j, p) in prev.iter().enumerate() {
        cum += p.weight;
        if u < cum && p.weight > 0.0 {
            parent = j;
            break;
        }
    }
    let base = &prev[parent].theta;
    for _ in 0..1000 {
        let theta: Vec<f64> = base
            .iter()
            .zip(sd)
            .map(|(x, sd)| {
                let z: f64 = StandardNormal.sample(&mut rng);
                x + sd * z
            })
            .collect();
        if theta.iter().zip(&s.priors).all(|(x, p)| p.contains(*x)) {
            return theta;
        }
    }
    base.clone()
}

/// Importance weight (unnormalised) of `theta` given the previous population.
fn weight<P>(s: &Settings, theta: &[f64], prev: &[Particle<P>], sd: &[f64]) -> f64 {
    let prior: f64 = theta
        .iter()
        .zip(&s.priors)
        .map(|(x, p)| p.density(*x))
        .product();
    let kernel: f64 = prev
        .iter()
        .filter(|p| p.weight > 0.0)
        .map(|p| {
            let q: f64 = theta
                .iter()
                .zip(&p.theta)
                .zip(sd)
                .map(|((a, b), sd)| ((a - b) / sd).powi(2))
                .sum();
            p.weight * (-0.5 * q).exp()
        })
        .sum();
    if kernel > 0.0 { prior / kernel } else { 0.0 }
}

/// Runs the next generation; sets `state.stopped` when the run ends.
pub fn step<E: Evaluator>(s: &Settings, state: &mut State<E::Payload>, eval: &E) -> Result<()> {
    let Some(prev) = state.generations.last() else {
        anyhow::bail!("no generation to continue from");
    };
    let g = prev.index + 1;
    let distances = sorted_finite(
        prev.particles
            .iter()
            .filter(|p| p.weight > 0.0)
            .map(|p| distance(&p.errors, &state.scales, &s.weights)),
    );
    let tolerance = quantile_sorted(&distances, s.alpha).unwrap_or(f64::INFINITY);
    if prev.tolerance.is_some_and(|t| tolerance >= t) {
        state.stopped = Some(format!(
            "tolerance: the {} quantile of generation {}'s distances ({tolerance}) is no smaller than its tolerance",
            s.alpha, prev.index
        ));
        return Ok(());
    }
    let sd = kernel_sd(s, &prev.particles);
    let cap = ((s.particles as f64 / s.min_acceptance).ceil() as usize).max(s.particles);
    let mut accepted: Vec<Particle<E::Payload>> = Vec::new();
    let mut proposals = 0;
    let mut within = 0;
    while accepted.len() < s.particles && proposals < cap {
        let batch = s.particles.min(cap - proposals);
        let candidates: Vec<Vec<f64>> = (proposals..proposals + batch)
            .map(|k| propose(s, g, k, &prev.particles, &sd))
            .collect();
        let evals = eval.evaluate(&candidates)?;
        for (theta, e) in candidates.into_iter().zip(evals) {
            let d = distance(&e.errors, &state.scales, &s.weights);
            if d.is_finite() && d <= tolerance {
                within += 1;
                if accepted.len() < s.particles {
                    let w = weight(s, &theta, &prev.particles, &sd);
                    accepted.push(Particle {
                        theta,
                        weight: w,
                        errors: e.errors,
                        payload: Some(e.payload),
                    });
                }
            }
        }
        proposals += batch;
    }
    if accepted.len() < s.particles {
        state.discarded = Some((tolerance, proposals, within));
        state.stopped = Some(format!(
            "acceptance: generation {g} found only {within} of {} particles in {proposals} proposals (rate below {})",
            s.particles, s.min_acceptance
        ));
        return Ok(());
    }
    let total: f64 = accepted.iter().map(|p| p.weight).sum();
    for p in &mut accepted {
        p.weight = if total > 0.0 {
            p.weight / total
        } else {
            1.0 / s.particles as f64
        };
    }
    for old in &mut state.generations {
        for p in &mut old.particles {
            p.payload = None;
        }
    }
    let generation = Generation {
        index: g,
        tolerance: Some(tolerance),
        proposals,
        within,
        particles: accepted,
    };
    let rate = generation.acceptance_rate();
    state.generations.push(generation);
    if g + 1 >= s.generations {
        state.stopped = Some("generations".into());
    } else if rate < s.min_acceptance {
        state.stopped = Some(format!(
            "acceptance: rate {rate:.4} below {}",
            s.min_acceptance
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy model: each parameter's simulated summary is its value plus the mean of 20
    /// standard normal draws from a fixed stream (common random numbers), compared with
    /// observations made at known values.
    struct Toy {
        observed: Vec<f64>,
    }

    impl Evaluator for Toy {
        type Payload = u8;
        fn evaluate(&self, candidates: &[Vec<f64>]) -> Result<Vec<Evaluation<u8>>> {
            Ok(candidates
                .iter()
                .map(|theta| Evaluation {
                    errors: theta
                        .iter()
                        .zip(&self.observed)
                        .enumerate()
                        .map(|(k, (x, obs))| {
                            let mut rng = stream(99, k as u64, Purpose::Calibration("toy"));
                            let noise: f64 = (0..20)
                                .map(|_| -> f64 { StandardNormal.sample(&mut rng) })
                                .sum::<f64>()
                                / 20.0;
                            Some((x + noise - obs).abs())
                        })
                        .collect(),
                    payload: 0,
                })
                .collect())
        }
    }

    fn settings() -> Settings {
        Settings {
            particles: 200,
            generations: 8,
            alpha: 0.5,
            min_acceptance: 0.02,
            seed: 7,
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
        }
    }

    fn run(s: &Settings, toy: &Toy) -> State<u8> {
        let mut state = start(s, toy).unwrap();
        while state.stopped.is_none() {
            step(s, &mut state, toy).unwrap();
        }
        state
    }

    /// Parameter recovery: synthetic observations made by the toy model itself at known
    /// values (3, -1.5), with its replicates' noise; each value lies inside its 90% credible
    /// interval, and the intervals are far narrower than the prior.
    #[test]
    fn recovers_known_parameters_inside_the_credible_interval() {
        let truth = [3.0, -1.5];
        let observed: Vec<f64> = truth
            .iter()
            .enumerate()
            .map(|(k, x)| {
                let mut rng = stream(99, k as u64, Purpose::Calibration("toy"));
                let noise: f64 = (0..20)
                    .map(|_| -> f64 { StandardNormal.sample(&mut rng) })
                    .sum();
                x + noise / 20.0
            })
            .collect();
        let s = settings();
        let state = run(&s, &Toy { observed });
        assert!(state.generations.len() >= 4, "{:?}", state.stopped);
        let last = state.generations.last().unwrap();
        let tolerances: Vec<f64> = state.generations[1..]
            .iter()
            .map(|g| g.tolerance.unwrap())
            .collect();
        assert!(
            tolerances.windows(2).all(|w| w[1] <= w[0]),
            "{tolerances:?}"
        );
        for (k, t) in truth.iter().enumerate() {
            let pts: Vec<(f64, f64)> = last
                .particles
                .iter()
                .map(|p| (p.theta[k], p.weight))
                .collect();
            let lo = weighted_quantile(&pts, 0.05).unwrap();
            let hi = weighted_quantile(&pts, 0.95).unwrap();
            assert!(
                lo <= *t && *t <= hi,
                "parameter {k}: {t} outside [{lo}, {hi}]"
            );
            assert!(
                hi - lo < 0.2 * 10.0,
                "parameter {k}: [{lo}, {hi}] not narrow"
            );
        }
        let w: f64 = last.particles.iter().map(|p| p.weight).sum();
        assert!((w - 1.0).abs() < 1e-9);
    }

    /// The same seed gives the same state; the state survives a JSON round trip, and a run
    /// continued from the saved state equals the uninterrupted one.
    #[test]
    fn deterministic_and_resumable() {
        let s = Settings {
            generations: 4,
            particles: 50,
            ..settings()
        };
        let toy = Toy {
            observed: vec![3.0, -1.5],
        };
        let a = run(&s, &toy);
        assert_eq!(a, run(&s, &toy));
        let mut b = start(&s, &toy).unwrap();
        step(&s, &mut b, &toy).unwrap();
        let text = crate::experiment::calibrate::checkpoint::to_text(&b).unwrap();
        let mut b: State<u8> = crate::experiment::calibrate::checkpoint::from_text(&text).unwrap();
        while b.stopped.is_none() {
            step(&s, &mut b, &toy).unwrap();
        }
        assert_eq!(a, b);
    }

    #[test]
    fn distances_and_weighted_quantiles() {
        assert_eq!(
            distance(&[Some(2.0), Some(1.0)], &[2.0, 1.0], &[1.0, 3.0]),
            1.0
        );
        assert!(distance(&[None, Some(1.0)], &[1.0, 1.0], &[1.0, 1.0]).is_infinite());
        assert_eq!(distance(&[None, Some(1.0)], &[1.0, 1.0], &[0.0, 1.0]), 1.0);
        let pts = [(1.0, 0.1), (2.0, 0.1), (3.0, 0.8)];
        assert_eq!(weighted_quantile(&pts, 0.05), Some(1.0));
        assert_eq!(weighted_quantile(&pts, 0.2), Some(2.0));
        assert_eq!(weighted_quantile(&pts, 0.5), Some(3.0));
    }
}
