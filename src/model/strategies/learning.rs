//! Learning strategies (docs/model.md §5): the rule itself changes with experience — the
//! adaptive learner reinforces the postures whose following month paid in welfare
//! (Roth–Erev).

use rand::RngExt;

use crate::foundation::rng::SimRng;
use crate::model::strategy::{
    Move, Moves, Observation, ParamMeta, Strategy, StrategyBox, StrategyMeta, StrategyParams,
};

/// Adaptive learner (Roth–Erev reinforcement): keeps a propensity for each posture
/// (de-escalate, hold, escalate), picks one with probability proportional to its propensity,
/// and reinforces the posture it played by `exp(welfare / reward_scale)` of the month that
/// followed, forgetting a share `forgetting` of all propensities each month.
#[derive(Debug, Clone)]
pub struct AdaptiveLearner {
    propensities: [f64; 3],
    forgetting: f64,
    reward_scale: f64,
    last: Option<usize>,
}

impl AdaptiveLearner {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "adaptive_learner",
        rule: "Roth-Erev reinforcement over postures, rewarded by the month's welfare",
        source: "Roth and Erev (1995), Learning in extensive-form games, Games Econ. Behav. 8",
        stochastic: true,
        params: &[
            ParamMeta {
                name: "forgetting",
                default: 0.1,
                min: 0.0,
                max: 1.0,
                doc: "share of every propensity forgotten each month",
            },
            ParamMeta {
                name: "initial_propensity",
                default: 1.0,
                min: 0.01,
                max: 100.0,
                doc: "starting propensity of each posture",
            },
            ParamMeta {
                name: "reward_scale_usd_bn",
                default: 5.0,
                min: 0.01,
                max: 1000.0,
                doc: "welfare scale (USD bn/month) of the reinforcement exp(welfare/scale)",
            },
        ],
    };

    pub(super) fn build(p: &StrategyParams) -> StrategyBox {
        Box::new(AdaptiveLearner {
            propensities: [p.get("initial_propensity"); 3],
            forgetting: p.get("forgetting"),
            reward_scale: p.get("reward_scale_usd_bn"),
            last: None,
        })
    }

    /// The current choice probabilities of (de-escalate, hold, escalate).
    pub fn probabilities(&self) -> [f64; 3] {
        let total: f64 = self.propensities.iter().sum();
        if total > 0.0 && total.is_finite() {
            self.propensities.map(|q| q / total)
        } else {
            [1.0 / 3.0; 3]
        }
    }
}

impl Strategy for AdaptiveLearner {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, _: &Observation, rng: &mut SimRng) -> Moves {
        let u: f64 = rng.random();
        let p = self.probabilities();
        let k = if u < p[0] {
            0
        } else if u < p[0] + p[1] {
            1
        } else {
            2
        };
        self.last = Some(k);
        Moves::all(Move::ALL[k])
    }

    fn reward(&mut self, welfare_usd_bn: f64) {
        let Some(k) = self.last else { return };
        let r = (welfare_usd_bn / self.reward_scale)
            .clamp(-50.0, 50.0)
            .exp();
        for q in &mut self.propensities {
            *q *= 1.0 - self.forgetting;
        }
        self.propensities[k] += r;
        // Keep every posture reachable.
        for q in &mut self.propensities {
            *q = q.max(1e-6);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::strategies::fixtures::{obs, rng};

    #[test]
    fn adaptive_learner_reinforces_what_paid() {
        let mut s = AdaptiveLearner {
            propensities: [1.0; 3],
            forgetting: 0.1,
            reward_scale: 5.0,
            last: None,
        };
        let mut r = rng();
        for _ in 0..300 {
            let m = s.decide(&obs(), &mut r).tariff;
            // De-escalation pays, escalation costs.
            let w = match m {
                Move::DeEscalate => 5.0,
                Move::Hold => 0.0,
                Move::Escalate => -10.0,
            };
            s.reward(w);
        }
        let p = s.probabilities();
        assert!(p[0] > 0.6 && p[2] < 0.1, "learned to de-escalate: {p:?}");
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}
