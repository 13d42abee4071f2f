//! PRIM, the patient rule induction method (Friedman and Fisher 1999), as the EMA Workbench
//! implements it for scenario discovery (`ema_workbench.analysis.prim`, its defaults): on
//! plain arrays of inputs and a 0/1 case of interest, peel a box down from the whole input
//! space, then paste it back out, and record every box on the way (the peeling trajectory).
//! docs/scenario_discovery.md describes it for readers.
//!
//! * **Peeling.** Each candidate peel removes the `peel_alpha` quantile at the low or the high
//!   end of one input, among the runs still in the box (the Workbench's `get_quantile`, which
//!   steps over ties). Integer-valued inputs peel to the next value present (the Workbench's
//!   discrete peel). The candidate with the highest objective wins: the gain in the share of
//!   cases divided by the number of runs removed (the Workbench's default `lenient1`). Ties go
//!   to the candidate that leaves more inputs unrestricted, then to the first in input order
//!   (high end before low end), as a stable sort does. A peel is taken while it leaves at least
//!   `mass_min` of the runs, removes some, and has a positive objective.
//! * **Pasting.** Each restricted input may then be widened at either end by the
//!   `paste_alpha` quantile of the runs just outside the box on that side; the best paste
//!   (same objective, same ties) is taken while it adds runs and raises the share of cases.
//! * **Statistics** of a box: coverage = cases inside / all cases, density = cases inside /
//!   runs inside, mass = runs inside / all runs; an input is restricted when either limit
//!   differs from the smallest or largest value in the data.
//!
//! One box is found (the Workbench's first `find_box`); everything is deterministic.

/// How an input is peeled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Real values: peeled at a quantile.
    Real,
    /// Whole numbers only: peeled to the next value present.
    Integer,
}

/// PRIM's tuning, with the EMA Workbench's defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrimOptions {
    /// Share of the box's runs a peel removes at one end of one input (0 < alpha < 0.5).
    pub peel_alpha: f64,
    /// Share of the runs outside the box on one side that a paste adds (0 < alpha < 0.5).
    pub paste_alpha: f64,
    /// Smallest mass (share of all runs) a box may keep (0 ≤ mass_min < 1).
    pub mass_min: f64,
}

impl Default for PrimOptions {
    fn default() -> Self {
        PrimOptions {
            peel_alpha: 0.05,
            paste_alpha: 0.05,
            mass_min: 0.05,
        }
    }
}

/// Whether a step of the trajectory came from peeling or pasting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The whole input space (step 0).
    Start,
    /// A peel.
    Peel,
    /// A paste.
    Paste,
}

/// One box of the peeling trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStep {
    /// How the box was reached.
    pub phase: Phase,
    /// `(low, high)` limits per input (in input order).
    pub limits: Vec<(f64, f64)>,
    /// Runs inside the box.
    pub runs: usize,
    /// Cases of interest inside the box.
    pub cases: usize,
    /// Cases inside / all cases (0 when there are no cases).
    pub coverage: f64,
    /// Cases inside / runs inside.
    pub density: f64,
    /// Runs inside / all runs.
    pub mass: f64,
    /// Inputs whose limits differ from the data's range.
    pub restricted: usize,
}

impl BoxStep {
    /// Whether input `j` is restricted in this box, against the data's range `init`.
    pub fn is_restricted(&self, j: usize, init: &[(f64, f64)]) -> bool {
        self.limits[j] != init[j]
    }
}

/// The outcome of PRIM: the data's range per input and every box of the trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// Smallest and largest value of each input (the box of step 0).
    pub init: Vec<(f64, f64)>,
    /// Every box, step 0 first.
    pub steps: Vec<BoxStep>,
    /// All runs.
    pub runs: usize,
    /// All cases of interest.
    pub cases: usize,
}

/// The Workbench's quantile (modelled on sdtoolkit): on sorted `data`, the midpoint of the
/// two order statistics around `(n - 1) q`, stepping past ties away from the median side so
/// that a peel removes something whenever the data are not all equal. `0 < q < 1`.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let i = (sorted.len() - 1) as f64 * q;
    let (mut lo, mut hi) = (i.floor() as usize, i.ceil() as usize);
    if q > 0.5 {
        while sorted[lo] == sorted[hi] && lo > 0 {
            lo -= 1;
        }
    } else {
        while sorted[lo] == sorted[hi] && hi < sorted.len() - 1 {
            hi += 1;
        }
    }
    (sorted[lo] + sorted[hi]) / 2.0
}

/// The data of one PRIM analysis.
struct Data<'a> {
    columns: &'a [Vec<f64>],
    kinds: &'a [InputKind],
    y: &'a [bool],
    init: Vec<(f64, f64)>,
    opts: PrimOptions,
}

/// A candidate box: its limits and the runs inside.
struct Candidate {
    limits: Vec<(f64, f64)>,
    rows: Vec<usize>,
}

/// Runs PRIM on `columns` (one vector of values per input, all of the same length), each
/// peeled as its `kinds` entry says, against the case of interest `y`. Every value must be
/// finite, and there must be at least one run.
pub fn prim(
    columns: &[Vec<f64>],
    kinds: &[InputKind],
    y: &[bool],
    opts: PrimOptions,
) -> Trajectory {
    assert_eq!(columns.len(), kinds.len(), "one kind per input");
    assert!(!y.is_empty(), "PRIM needs at least one run");
    assert!(columns.iter().all(|c| c.len() == y.len()));
    let init = columns
        .iter()
        .map(|c| {
            c.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                    (a.min(*v), b.max(*v))
                })
        })
        .collect();
    let data = Data {
        columns,
        kinds,
        y,
        init,
        opts,
    };
    let all: Vec<usize> = (0..y.len()).collect();
    let cases = count_cases(y, &all);
    let mut steps = vec![data.step(Phase::Start, data.init.clone(), &all, cases)];
    let mut rows = all;
    while let Some(c) = data.best_peel(steps.last().expect("a step"), &rows) {
        steps.push(data.step(Phase::Peel, c.limits, &c.rows, cases));
        rows = c.rows;
    }
    while let Some(c) = data.best_paste(steps.last().expect("a step"), &rows) {
        steps.push(data.step(Phase::Paste, c.limits, &c.rows, cases));
        rows = c.rows;
    }
    Trajectory {
        init: data.init,
        steps,
        runs: y.len(),
        cases,
    }
}

fn count_cases(y: &[bool], rows: &[usize]) -> usize {
    rows.iter().filter(|i| y[**i]).count()
}

/// The Workbench's `lenient1` objective: the change in the share of cases divided by the
/// number of runs removed or added (0 when the share does not change).
fn objective(old: (usize, usize), new: (usize, usize)) -> f64 {
    let (n_old, k_old) = old;
    let (n_new, k_new) = new;
    let mean = |k: usize, n: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
    let (m_old, m_new) = (mean(k_old, n_old), mean(k_new, n_new));
    if m_old == m_new || n_old == n_new {
        return 0.0;
    }
    (m_new - m_old) / n_old.abs_diff(n_new) as f64
}

impl Data<'_> {
    fn step(&self, phase: Phase, limits: Vec<(f64, f64)>, rows: &[usize], total: usize) -> BoxStep {
        let n = rows.len();
        let k = count_cases(self.y, rows);
        let restricted = limits
            .iter()
            .zip(&self.init)
            .filter(|(a, b)| a != b)
            .count();
        BoxStep {
            phase,
            limits,
            runs: n,
            cases: k,
            coverage: k as f64 / total.max(1) as f64,
            density: if n == 0 { 0.0 } else { k as f64 / n as f64 },
            mass: n as f64 / self.y.len() as f64,
            restricted,
        }
    }

    fn unrestricted(&self, limits: &[(f64, f64)]) -> usize {
        limits
            .iter()
            .zip(&self.init)
            .filter(|(a, b)| a == b)
            .count()
    }

    /// The candidate with the highest (objective, unrestricted inputs); the first on a tie.
    fn best(&self, old: &[usize], candidates: Vec<Candidate>) -> Option<(f64, Candidate)> {
        let before = (old.len(), count_cases(self.y, old));
        let mut best: Option<(f64, usize, Candidate)> = None;
        for c in candidates {
            let obj = objective(before, (c.rows.len(), count_cases(self.y, &c.rows)));
            let free = self.unrestricted(&c.limits);
            let better = match &best {
                None => true,
                Some((o, f, _)) => obj > *o || (obj == *o && free > *f),
            };
            if better {
                best = Some((obj, free, c));
            }
        }
        best.map(|(o, _, c)| (o, c))
    }

    /// The next peel of the box `last` holding `rows`, if one is taken.
    fn best_peel(&self, last: &BoxStep, rows: &[usize]) -> Option<Candidate> {
        let mut candidates = Vec::new();
        for j in 0..self.columns.len() {
            candidates.extend(self.peels(j, &last.limits, rows));
        }
        let (obj, c) = self.best(rows, candidates)?;
        let n = self.y.len() as f64;
        let mass_new = c.rows.len() as f64 / n;
        let mass_old = rows.len() as f64 / n;
        (mass_new >= self.opts.mass_min && mass_new < mass_old && obj > 0.0).then_some(c)
    }

    /// The two peels of input `j` (high end, then low end).
    fn peels(&self, j: usize, limits: &[(f64, f64)], rows: &[usize]) -> [Candidate; 2] {
        let x = &self.columns[j];
        let mut sorted: Vec<f64> = rows.iter().map(|i| x[*i]).collect();
        sorted.sort_by(f64::total_cmp);
        let alpha = self.opts.peel_alpha;
        let keep = |f: &dyn Fn(f64) -> bool| -> Vec<usize> {
            rows.iter().copied().filter(|i| f(x[*i])).collect()
        };
        let (lo, hi) = limits[j];
        let with = |end: usize, v: f64| {
            let mut l = limits.to_vec();
            if end == 0 {
                l[j].0 = v
            } else {
                l[j].1 = v
            }
            l
        };
        match self.kinds[j] {
            InputKind::Real => {
                let upper = quantile(&sorted, 1.0 - alpha);
                let lower = quantile(&sorted, alpha);
                [
                    Candidate {
                        limits: with(1, upper),
                        rows: keep(&|v| v <= upper),
                    },
                    Candidate {
                        limits: with(0, lower),
                        rows: keep(&|v| v >= lower),
                    },
                ]
            }
            InputKind::Integer => {
                let (min, max) = (sorted[0], sorted[sorted.len() - 1]);
                let upper = quantile(&sorted, 1.0 - alpha).trunc();
                let up_rows = if upper == hi {
                    keep(&|v| v < hi && v >= lo)
                } else {
                    keep(&|v| v <= upper && v >= lo)
                };
                let up_limit = up_rows
                    .iter()
                    .map(|i| x[*i])
                    .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.max(v))));
                let lower = quantile(&sorted, alpha).trunc();
                let low_rows = if lower == lo {
                    keep(&|v| v > lo && v <= hi)
                } else {
                    keep(&|v| v >= lower && v <= hi)
                };
                let low_limit = low_rows
                    .iter()
                    .map(|i| x[*i])
                    .fold(None, |m: Option<f64>, v| Some(m.map_or(v, |m| m.min(v))));
                [
                    Candidate {
                        limits: with(1, up_limit.unwrap_or(max)),
                        rows: up_rows,
                    },
                    Candidate {
                        limits: with(0, low_limit.unwrap_or(min)),
                        rows: low_rows,
                    },
                ]
            }
        }
    }

    /// The runs inside `limits`.
    fn inside(&self, limits: &[(f64, f64)]) -> Vec<usize> {
        (0..self.y.len())
            .filter(|i| {
                self.columns
                    .iter()
                    .zip(limits)
                    .all(|(c, (lo, hi))| *lo <= c[*i] && c[*i] <= *hi)
            })
            .collect()
    }

    /// The next paste of the box `last` holding `rows`, if one is taken.
    fn best_paste(&self, last: &BoxStep, rows: &[usize]) -> Option<Candidate> {
        let mut candidates = Vec::new();
        for j in 0..self.columns.len() {
            if last.is_restricted(j, &self.init) {
                candidates.extend(self.pastes(j, &last.limits));
            }
        }
        let (obj, c) = self.best(rows, candidates)?;
        let n = self.y.len() as f64;
        let mass_new = c.rows.len() as f64 / n;
        let mass_old = rows.len() as f64 / n;
        let share = |r: &[usize]| count_cases(self.y, r) as f64 / r.len().max(1) as f64;
        let raises = share(&c.rows) > share(rows);
        (mass_new >= self.opts.mass_min && mass_new > mass_old && obj > 0.0 && raises).then_some(c)
    }

    /// The two pastes of input `j` (low end, then high end).
    fn pastes(&self, j: usize, limits: &[(f64, f64)]) -> [Candidate; 2] {
        let x = &self.columns[j];
        let (min, max) = self.init[j];
        let (lo, hi) = limits[j];
        let alpha = self.opts.paste_alpha;
        let integer = self.kinds[j] == InputKind::Integer;
        let paste = |end: usize| {
            let mut slab = limits.to_vec();
            slab[j] = if end == 0 { (min, lo) } else { (hi, max) };
            let mut data: Vec<f64> = self.inside(&slab).iter().map(|i| x[*i]).collect();
            data.sort_by(f64::total_cmp);
            let mut v = match (data.is_empty(), end) {
                (true, 0) => min,
                (true, _) => max,
                (false, 0) => quantile(&data, 1.0 - alpha),
                (false, _) => quantile(&data, alpha),
            };
            if integer {
                v = v.trunc();
            }
            let mut l = limits.to_vec();
            if end == 0 {
                l[j].0 = v
            } else {
                l[j].1 = v
            }
            let rows = self.inside(&l);
            Candidate { limits: l, rows }
        };
        [paste(0), paste(1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_steps_over_ties() {
        let d = [1.0, 2.0, 3.0, 4.0, 5.0];
        // (n - 1) q = 0.2: between the first two values.
        assert_eq!(quantile(&d, 0.05), 1.5);
        assert_eq!(quantile(&d, 0.95), 4.5);
        let ties = [1.0, 1.0, 1.0, 2.0, 3.0];
        assert_eq!(quantile(&ties, 0.05), 1.5);
        let same = [2.0, 2.0, 2.0];
        assert_eq!(quantile(&same, 0.05), 2.0);
        assert_eq!(quantile(&same, 0.95), 2.0);
    }

    #[test]
    fn objective_is_gain_per_run_removed() {
        // 10 runs with 4 cases -> 8 runs with 4 cases: (0.5 - 0.4) / 2.
        assert!((objective((10, 4), (8, 4)) - 0.05).abs() < 1e-15);
        assert_eq!(objective((10, 4), (10, 4)), 0.0);
        assert!(objective((10, 4), (9, 3)) < 0.0);
    }

    /// The tiny data set worked by hand (docs/scenario_discovery.md): five runs, two inputs,
    /// cases at x0 >= 3; peel_alpha 0.2, mass_min 0.5.
    #[test]
    fn hand_computed_peeling() {
        let x0 = vec![1.0, 2.0, 3.0, 4.0, 5.0];
        let x1 = vec![10.0, 30.0, 20.0, 50.0, 40.0];
        let y = [false, false, true, true, true];
        let opts = PrimOptions {
            peel_alpha: 0.2,
            paste_alpha: 0.2,
            mass_min: 0.5,
        };
        let t = prim(&[x0, x1], &[InputKind::Real; 2], &y, opts);
        assert_eq!(t.init, vec![(1.0, 5.0), (10.0, 50.0)]);
        // Step 1. Quantiles at (n - 1) q = 0.8 and 3.2: x0 peels to 1.5 (low) or 4.5 (high),
        // x1 to 15 or 45. Shares of cases: 3/5 now; x0 >= 1.5 and x1 >= 15 both leave 3/4
        // (objective (0.75 - 0.6) / 1 = 0.15), the two high peels 2/4 (-0.1). The tie goes to
        // the first input.
        // Step 2. In the box x0 in {2..5}: x0 >= 2.5 leaves 3/3 (objective 0.25); the others
        // lower the share. Mass 3/5 = 0.6 >= 0.5: taken.
        // Step 3. Every peel keeps the share at 1 (objective 0): peeling stops. Pasting x0's
        // low end back to 1.5 (the 0.8 quantile of {1, 2}) lowers the share: no paste.
        let expect = [
            (vec![(1.0, 5.0), (10.0, 50.0)], 5, 3, 0),
            (vec![(1.5, 5.0), (10.0, 50.0)], 4, 3, 1),
            (vec![(2.5, 5.0), (10.0, 50.0)], 3, 3, 1),
        ];
        assert_eq!(t.steps.len(), expect.len(), "{:#?}", t.steps);
        for (s, (limits, runs, cases, restricted)) in t.steps.iter().zip(expect) {
            assert_eq!(s.limits, limits);
            assert_eq!((s.runs, s.cases, s.restricted), (runs, cases, restricted));
        }
        assert_eq!(t.steps[1].phase, Phase::Peel);
        assert!((t.steps[1].density - 0.75).abs() < 1e-15);
        assert!((t.steps[2].mass - 0.6).abs() < 1e-15);
        assert_eq!(t.steps[2].coverage, 1.0);
    }

    /// Over many small noisy data sets: peels shrink the box and never lower the share of
    /// cases, pastes grow it and raise the share, every box holds at least `mass_min` of the
    /// runs, and pasting does happen.
    #[test]
    fn peels_and_pastes_keep_their_rules() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let opts = PrimOptions {
            peel_alpha: 0.1,
            paste_alpha: 0.1,
            mass_min: 0.1,
        };
        let mut pastes = 0;
        for _ in 0..300 {
            let n = 60;
            let cols: Vec<Vec<f64>> = (0..3)
                .map(|_| (0..n).map(|_| rng.random::<f64>()).collect())
                .collect();
            let y: Vec<bool> = (0..n)
                .map(|i| (cols[0][i] > 0.4) != (rng.random::<f64>() < 0.2))
                .collect();
            let t = prim(&cols, &[InputKind::Real; 3], &y, opts);
            for w in t.steps.windows(2) {
                let (a, b) = (&w[0], &w[1]);
                assert!(b.mass >= opts.mass_min);
                match b.phase {
                    Phase::Peel => assert!(b.runs < a.runs && b.density > a.density),
                    Phase::Paste => {
                        pastes += 1;
                        assert!(b.runs > a.runs && b.density > a.density);
                    }
                    Phase::Start => panic!("a start after step 0"),
                }
            }
        }
        assert!(pastes > 0, "no paste in 300 data sets");
    }

    /// Whole-number inputs peel to the next value present.
    #[test]
    fn integer_inputs_peel_value_by_value() {
        // k in 0..=4, 20 runs each; cases where k >= 2.
        let k: Vec<f64> = (0..100).map(|i| f64::from(i % 5)).collect();
        let y: Vec<bool> = k.iter().map(|v| *v >= 2.0).collect();
        let t = prim(&[k], &[InputKind::Integer], &y, PrimOptions::default());
        let last = t.steps.last().unwrap();
        assert_eq!(last.limits[0], (2.0, 4.0), "{:#?}", t.steps);
        assert_eq!(last.density, 1.0);
        assert_eq!(last.coverage, 1.0);
        assert_eq!(t.steps[1].limits[0], (1.0, 4.0));
    }

    /// A known box on two of five uniform inputs is found, and the other three stay free.
    #[test]
    fn finds_a_known_box() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let n = 2000;
        let cols: Vec<Vec<f64>> = (0..5)
            .map(|_| (0..n).map(|_| rng.random::<f64>()).collect())
            .collect();
        let y: Vec<bool> = (0..n)
            .map(|i| (0.2..=0.6).contains(&cols[1][i]) && cols[3][i] >= 0.5)
            .collect();
        let t = prim(&cols, &[InputKind::Real; 5], &y, PrimOptions::default());
        let last = t.steps.last().unwrap();
        assert!(last.density > 0.95, "{last:?}");
        for (j, (lo, hi)) in [(1, (0.2, 0.6)), (3, (0.5, 1.0))] {
            let got = last.limits[j];
            let truth_hi = if hi == 1.0 { t.init[j].1 } else { hi };
            assert!(
                (got.0 - lo).abs() < 0.03 && (got.1 - truth_hi).abs() < 0.03,
                "{j}: {got:?}"
            );
        }
        for j in [0, 2, 4] {
            assert!(!last.is_restricted(j, &t.init), "{j}: {:?}", last.limits[j]);
        }
    }
}
