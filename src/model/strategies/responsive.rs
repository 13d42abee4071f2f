//! Responsive strategies (docs/model.md §5): each responds to the state of the standoff rather
//! than copying moves — escalate-to-deal presses until the other side concedes or a deal is
//! in force and backs down when its own domestic pressure passes its resolve;
//! pressure-responsive concedes with a probability rising in that pressure.

use rand::RngExt;

use crate::foundation::rng::SimRng;
use crate::model::strategy::{
    Move, Moves, Observation, ParamMeta, Strategy, StrategyBox, StrategyMeta, StrategyParams,
};

/// Escalate-to-deal (brinkmanship): escalate until the other side de-escalates or a deal is
/// in force, up to a limit of escalations; then hold. Each month it takes its next step with
/// `escalation_probability` (the cadence of notices, comment periods and deadlines). A deal
/// that ends re-opens the standoff with a fresh count, as the May 2019 breakdown and the end
/// of the Osaka truce (1 Aug 2019) did. Under pressure above its resolve it backs down one
/// step a month.
#[derive(Debug, Clone)]
pub struct EscalateToDeal {
    max_escalations: u32,
    escalation_probability: f64,
    escalations: u32,
    conceded: bool,
    in_deal: bool,
}

impl EscalateToDeal {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "escalate_to_deal",
        rule: "escalate (each month with a probability) until the other side concedes or a deal holds, up to a limit; start again when a deal ends; back down when pressure passes resolve",
        source: "brinkmanship (Schelling 1960, The Strategy of Conflict); the 10 Oct 2025 US threat; the 2018-19 rounds of Section 301 lists (USTR)",
        stochastic: true,
        params: &[
            ParamMeta {
                name: "max_escalations",
                default: 2.0,
                min: 0.0,
                max: 50.0,
                doc: "most escalation steps before it stops raising the stakes (counted again after a deal ends)",
            },
            ParamMeta {
                name: "escalation_probability",
                default: 1.0,
                min: 0.0,
                max: 1.0,
                doc: "chance each month that it takes its next escalation step (1: every month; below 1 it draws from its stream)",
            },
        ],
    };

    pub(super) fn build(p: &StrategyParams) -> StrategyBox {
        Box::new(Self::new(
            p.get("max_escalations").round() as u32,
            p.get("escalation_probability"),
        ))
    }

    /// A fresh instance: at most `max_escalations` steps, each month's step taken with
    /// `escalation_probability` (0..1).
    pub fn new(max_escalations: u32, escalation_probability: f64) -> Self {
        EscalateToDeal {
            max_escalations,
            escalation_probability,
            escalations: 0,
            conceded: false,
            in_deal: false,
        }
    }
}

impl Strategy for EscalateToDeal {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn param_used(&self, name: &str) -> Option<f64> {
        (name == "max_escalations").then_some(f64::from(self.max_escalations))
    }

    fn decide(&mut self, obs: &Observation, rng: &mut SimRng) -> Moves {
        if self.in_deal && !obs.deal_active {
            self.conceded = false;
            self.escalations = 0;
        }
        self.in_deal = obs.deal_active;
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
        if self.escalation_probability < 1.0 && rng.random::<f64>() >= self.escalation_probability {
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
        let mut s = EscalateToDeal::new(2, 1.0);
        let o = obs();
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Hold, "limit reached");

        let mut s = EscalateToDeal::new(5, 1.0);
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
    fn escalate_to_deal_starts_again_when_a_deal_ends() {
        let mut s = EscalateToDeal::new(1, 1.0);
        let o = obs();
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Hold, "limit reached");
        let mut in_deal = obs();
        in_deal.deal_active = true;
        assert_eq!(s.decide(&in_deal, &mut rng()).tariff, Move::Hold);
        assert_eq!(s.decide(&in_deal, &mut rng()).tariff, Move::Hold);
        assert_eq!(
            s.decide(&o, &mut rng()).tariff,
            Move::Escalate,
            "the deal ended: a fresh count"
        );
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Hold);
    }

    #[test]
    fn escalate_to_deal_takes_its_steps_at_the_configured_rate() {
        let mut r = rng();
        let months = 20_000;
        let steps = (0..months)
            .filter(|_| {
                let mut s = EscalateToDeal::new(1, 0.3);
                s.decide(&obs(), &mut r).tariff == Move::Escalate
            })
            .count();
        let share = steps as f64 / f64::from(months);
        assert!((share - 0.3).abs() < 0.02, "share {share}");
        let mut never = EscalateToDeal::new(5, 0.0);
        assert!((0..50).all(|_| never.decide(&obs(), &mut r).tariff == Move::Hold));
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
