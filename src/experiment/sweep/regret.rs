//! Regret of policies over scenarios (docs/model.md §7, "Policies and regret"), in the sense
//! of Savage's minimax regret as used in robust decision making (Lempert et al. 2006; the EMA
//! Workbench's `regret` helpers).
//!
//! A scenario is one sampled point of the uncertainties; every policy runs on every scenario
//! with the same replicates (common random numbers), and its outcome there is the mean over
//! those replicates. For a metric whose better end is declared (`max` or `min`):
//!
//! `regret(p, s) = |best over policies q of m(q, s) − m(p, s)|`
//!
//! which is 0 for the policy that does best in scenario `s`. A policy is robust when its
//! regret stays small in every scenario (`regret_max`) or nearly every one (`regret_p90`).

use crate::foundation::stats::quantile_sorted;

/// Which end of a metric is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Larger is better (welfare).
    Max,
    /// Smaller is better (losses, tariffs).
    Min,
}

impl Direction {
    /// Parses `"max"` or `"min"`.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "max" => Some(Self::Max),
            "min" => Some(Self::Min),
            _ => None,
        }
    }

    /// `"max"` or `"min"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Max => "max",
            Self::Min => "min",
        }
    }
}

/// One row of `robustness.csv` (one policy, one metric): the metric's distribution over the
/// scenarios and the policy's regret.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Robustness {
    /// Mean of the metric over the scenarios.
    pub mean: f64,
    /// 5% quantile over the scenarios (numpy linear).
    pub p05: f64,
    /// Median over the scenarios.
    pub p50: f64,
    /// 95% quantile over the scenarios.
    pub p95: f64,
    /// Largest regret over the scenarios.
    pub regret_max: f64,
    /// 90% quantile of the regret over the scenarios.
    pub regret_p90: f64,
}

/// The regret of every policy in every scenario, `[policy][scenario]`, from the metric's
/// values `[policy][scenario]`.
///
/// # Panics
///
/// If the policies do not all have the same number of scenarios.
pub fn regrets(values: &[Vec<f64>], direction: Direction) -> Vec<Vec<f64>> {
    let scenarios = values.first().map_or(0, Vec::len);
    assert!(values.iter().all(|v| v.len() == scenarios));
    let best: Vec<f64> = (0..scenarios)
        .map(|s| {
            let column = values.iter().map(|v| v[s]);
            match direction {
                Direction::Max => column.fold(f64::NEG_INFINITY, f64::max),
                Direction::Min => column.fold(f64::INFINITY, f64::min),
            }
        })
        .collect();
    values
        .iter()
        .map(|v| v.iter().zip(&best).map(|(x, b)| (b - x).abs()).collect())
        .collect()
}

/// The `robustness.csv` numbers of every policy from the metric's values
/// `[policy][scenario]` (at least one scenario).
pub fn robustness(values: &[Vec<f64>], direction: Direction) -> Vec<Robustness> {
    let regret = regrets(values, direction);
    values
        .iter()
        .zip(&regret)
        .map(|(v, r)| {
            let mut v = v.clone();
            v.sort_by(f64::total_cmp);
            let mut r = r.clone();
            r.sort_by(f64::total_cmp);
            let q = |s: &[f64], p| quantile_sorted(s, p).unwrap_or(0.0);
            Robustness {
                mean: v.iter().sum::<f64>() / v.len().max(1) as f64,
                p05: q(&v, 0.05),
                p50: q(&v, 0.5),
                p95: q(&v, 0.95),
                regret_max: r.last().copied().unwrap_or(0.0),
                regret_p90: q(&r, 0.9),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regret_is_the_gap_to_the_best_policy_of_each_scenario() {
        // Three policies, four scenarios; the best policy changes with the scenario.
        let v = vec![
            vec![10.0, 0.0, 5.0, 1.0],
            vec![8.0, 4.0, 5.0, 0.0],
            vec![0.0, 3.0, 9.0, 2.0],
        ];
        let r = regrets(&v, Direction::Max);
        assert_eq!(r[0], vec![0.0, 4.0, 4.0, 1.0]);
        assert_eq!(r[1], vec![2.0, 0.0, 4.0, 2.0]);
        assert_eq!(r[2], vec![10.0, 1.0, 0.0, 0.0]);
        let r = regrets(&v, Direction::Min);
        assert_eq!(r[0], vec![10.0, 0.0, 0.0, 1.0]);
        assert_eq!(r[2], vec![0.0, 3.0, 4.0, 2.0]);
        let rob = robustness(&v, Direction::Max);
        assert_eq!(rob[0].regret_max, 4.0);
        assert_eq!(rob[1].regret_max, 4.0);
        // 90% quantile of [0, 1, 4, 4] (numpy linear): position 2.7 -> 4.
        assert_eq!(rob[0].regret_p90, 4.0);
        // of [0, 2, 2, 4]: position 2.7 -> 2 + 0.7 * 2.
        assert!((rob[1].regret_p90 - 3.4).abs() < 1e-12);
        assert_eq!(rob[0].mean, 4.0);
        assert_eq!(rob[0].p50, 3.0);
        assert!((rob[0].p05 - 0.15).abs() < 1e-12);
    }
}
