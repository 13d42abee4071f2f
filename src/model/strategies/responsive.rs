//! Responsive strategies (docs/model.md §5): each responds to the state of the standoff rather
//! than copying moves — escalate-to-deal presses until the other side concedes or a deal is
//! in force and backs down when its own domestic pressure passes its resolve;
//! pressure-responsive concedes with a probability rising in that pressure.

use rand::RngExt;

use crate::foundation::rng::SimRng;
use crate::model::strategy::{
    Move, Moves, Observation, ParamMeta, Strategy, StrategyBox, StrategyMeta, StrategyParams,
};

/// Escalate-to-deal (brinkmanship): escalate every month until the other side de-escalates
/// or a deal is in force, up to a limit of escalations; then hold. Under pressure above its
/// resolve it backs down one step a month.
#[derive(Debug, Clone)]
pub struct EscalateToDeal {
    max_escalations: u32,
    escalations: u32,
    conceded: bool,
}

impl EscalateToDeal {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "escalate_to_deal",
        rule: "escalate until the other side concedes or a deal holds (up to a limit); back down when pressure passes resolve",
        source: "brinkmanship (Schelling 1960, The Strategy of Conflict); the 10 Oct 2025 US threat",
        stochastic: false,
        params: &[ParamMeta {
            name: "max_escalations",
            default: 2.0,
            min: 0.0,
            max: 50.0,
            doc: "most escalation steps before it stops raising the stakes",
        }],
    };

    pub(super) fn build(p: &StrategyParams) -> StrategyBox {
        Box::new(EscalateToDeal {
            max_escalations: p.get("max_escalations").round() as u32,
            escalations: 0,
            conceded: false,
        })
    }
}

impl Strategy for EscalateToDeal {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn param_used(&self, name: &str) -> Option<f64> {
        (name == "max_escalations").then_some(f64::from(self.max_escalations))
    }

    fn decide(&mut self, obs: &Observation, _: &mut SimRng) -> Moves {
        if obs
            .other_last
            .is_some_and(|m| m.posture() == Move::DeEscalate)
            || obs.deal_active
        {
            self.conceded = true;
        }
        if obs.own_pressure > obs.resolve {
            return Moves::all(Move::DeEscalate);
        }
        if self.conceded || self.escalations >= self.max_escalations {
            return Moves::all(Move::Hold);
        }
        self.escalations += 1;
        Moves::all(Move::Escalate)
    }
}

/// Pressure-responsive: concedes as domestic pressure rises. Each month it de-escalates with
/// probability `1 / (1 + exp(−k·(pressure/resolve − 1)))`; otherwise it answers an
/// escalation in kind and holds.
#[derive(Debug, Clone)]
pub struct PressureResponsive {
    sensitivity: f64,
}

impl PressureResponsive {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "pressure_responsive",
        rule: "de-escalate with a probability rising in pressure/resolve (logistic); else answer escalation in kind",
        source: "two-level games: negotiators bound by domestic ratification (Putnam 1988)",
        stochastic: true,
        params: &[ParamMeta {
            name: "sensitivity",
            default: 4.0,
            min: 0.0,
            max: 50.0,
            doc: "slope k of the logistic concession probability in pressure/resolve",
        }],
    };

    pub(super) fn build(p: &StrategyParams) -> StrategyBox {
        Box::new(PressureResponsive {
            sensitivity: p.get("sensitivity"),
        })
    }

    /// Probability (0..1) of conceding at a pressure/resolve ratio.
    pub fn concession_probability(&self, pressure: f64, resolve: f64) -> f64 {
        let ratio = if resolve > 0.0 {
            pressure / resolve
        } else {
            f64::INFINITY
        };
        let z = (-self.sensitivity * (ratio - 1.0)).clamp(-700.0, 700.0);
        1.0 / (1.0 + z.exp())
    }
}

impl Strategy for PressureResponsive {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, obs: &Observation, rng: &mut SimRng) -> Moves {
        let u: f64 = rng.random();
        if u < self.concession_probability(obs.own_pressure, obs.resolve) {
            return Moves::all(Move::DeEscalate);
        }
        match Moves::answerable(obs) {
            Move::Escalate => Moves::all(Move::Escalate),
            _ => Moves::all(Move::Hold),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::strategies::fixtures::{obs, rng};

    #[test]
    fn escalate_to_deal_escalates_until_concession_or_limit() {
        let mut s = EscalateToDeal {
            max_escalations: 2,
            escalations: 0,
            conceded: false,
        };
        let o = obs();
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Hold, "limit reached");

        let mut s = EscalateToDeal {
            max_escalations: 5,
            escalations: 0,
            conceded: false,
        };
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
        let mut conceding = obs();
        conceding.other_last = Some(Moves::all(Move::DeEscalate));
        assert_eq!(
            s.decide(&conceding, &mut rng()).tariff,
            Move::Hold,
            "other conceded"
        );
        let mut pressed = obs();
        pressed.own_pressure = 11.0;
        assert_eq!(
            s.decide(&pressed, &mut rng()).tariff,
            Move::DeEscalate,
            "pressure above resolve"
        );
    }

    #[test]
    fn pressure_responsive_concedes_more_under_more_pressure() {
        let s = PressureResponsive { sensitivity: 4.0 };
        let low = s.concession_probability(2.0, 10.0);
        let mid = s.concession_probability(10.0, 10.0);
        let high = s.concession_probability(30.0, 10.0);
        assert!(low < mid && mid < high);
        assert!((mid - 0.5).abs() < 1e-12);
        let mut s = PressureResponsive { sensitivity: 50.0 };
        let mut o = obs();
        o.own_pressure = 100.0;
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::DeEscalate);
        o.own_pressure = 0.0;
        o.other_last = Some(Moves::all(Move::Escalate));
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
    }
}
