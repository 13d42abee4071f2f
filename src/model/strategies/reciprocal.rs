//! Reciprocal strategies (docs/model.md §5): each answers the other side's last moves in
//! kind — tit-for-tat copies them, generous tit-for-tat forgives some escalations, grim
//! trigger never forgives one. The family of Axelrod's tournaments, where reciprocity won.
//!
//! All three answer moves made under the deal in force, not the moves a deal settled: when a
//! deal was struck after the other side's last moves, they hold, and grim trigger forgets
//! its grudge (its memory is re-anchored at the deal; docs/model.md §4a).

use rand::RngExt;

use crate::foundation::rng::SimRng;
use crate::model::strategy::{
    Move, Moves, Observation, ParamMeta, Strategy, StrategyBox, StrategyMeta, StrategyParams,
};

/// Tit-for-tat: hold in the first month, then answer the other side's last posture
/// (escalation, hold or de-escalation) on every own instrument.
#[derive(Debug, Clone, Default)]
pub struct TitForTat;

impl TitForTat {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "tit_for_tat",
        rule: "hold first, then copy the other side's last posture on every instrument",
        source: "Rapoport's strategy, winner of Axelrod's tournaments (Axelrod 1980, 1984)",
        stochastic: false,
        params: &[],
    };

    pub(super) fn build(_: &StrategyParams) -> StrategyBox {
        Box::new(TitForTat)
    }
}

impl Strategy for TitForTat {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, obs: &Observation, _: &mut SimRng) -> Moves {
        Moves::all(Moves::answerable(obs))
    }
}

/// Generous tit-for-tat: like tit-for-tat, but answers an escalation with a hold (forgives)
/// with probability `forgiveness`; so one noisy escalation need not start a spiral.
#[derive(Debug, Clone)]
pub struct GenerousTitForTat {
    forgiveness: f64,
}

impl GenerousTitForTat {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "generous_tit_for_tat",
        rule: "copy the other side's last posture, but forgive an escalation with probability `forgiveness`",
        source: "Nowak and Sigmund (1992), Tit for tat in heterogeneous populations, Nature 355",
        stochastic: true,
        params: &[ParamMeta {
            name: "forgiveness",
            default: 0.3,
            min: 0.0,
            max: 1.0,
            doc: "probability of answering an escalation with a hold",
        }],
    };

    pub(super) fn build(p: &StrategyParams) -> StrategyBox {
        Box::new(GenerousTitForTat {
            forgiveness: p.get("forgiveness"),
        })
    }
}

impl Strategy for GenerousTitForTat {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, obs: &Observation, rng: &mut SimRng) -> Moves {
        // One draw every month, so the stream stays aligned whatever happens.
        let u: f64 = rng.random();
        match Moves::answerable(obs) {
            Move::Escalate if u < self.forgiveness => Moves::all(Move::Hold),
            posture => Moves::all(posture),
        }
    }
}

/// Grim trigger: hold until the other side escalates once, then escalate every month (never
/// forgives) until a new deal re-anchors its memory.
#[derive(Debug, Clone, Default)]
pub struct GrimTrigger {
    triggered: bool,
}

impl GrimTrigger {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "grim_trigger",
        rule: "hold until the other side escalates once, then escalate until a new deal re-anchors it",
        source: "Friedman (1971), A non-cooperative equilibrium for supergames; Axelrod's 'Grudger'",
        stochastic: false,
        params: &[],
    };

    pub(super) fn build(_: &StrategyParams) -> StrategyBox {
        Box::new(GrimTrigger::default())
    }
}

impl Strategy for GrimTrigger {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, obs: &Observation, _: &mut SimRng) -> Moves {
        if obs.moves_settled_by_deal {
            self.triggered = false;
        }
        if Moves::answerable(obs) == Move::Escalate {
            self.triggered = true;
        }
        Moves::all(if self.triggered {
            Move::Escalate
        } else {
            Move::Hold
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::strategies::fixtures::{obs, rng};

    #[test]
    fn tit_for_tat_opens_with_hold_then_copies() {
        let mut s = TitForTat;
        assert_eq!(s.decide(&obs(), &mut rng()), Moves::all(Move::Hold));
        let mut o = obs();
        o.other_last = Some(Moves {
            tariff: Move::Escalate,
            ..Default::default()
        });
        assert_eq!(s.decide(&o, &mut rng()), Moves::all(Move::Escalate));
        o.other_last = Some(Moves {
            controls: Move::DeEscalate,
            ..Default::default()
        });
        assert_eq!(s.decide(&o, &mut rng()), Moves::all(Move::DeEscalate));
    }

    #[test]
    fn generous_tit_for_tat_forgives_some_escalations_only() {
        let mut o = obs();
        o.other_last = Some(Moves::all(Move::Escalate));
        let mut never = GenerousTitForTat { forgiveness: 0.0 };
        let mut always = GenerousTitForTat { forgiveness: 1.0 };
        let mut r = rng();
        assert_eq!(never.decide(&o, &mut r), Moves::all(Move::Escalate));
        assert_eq!(always.decide(&o, &mut r), Moves::all(Move::Hold));
        let mut some = GenerousTitForTat { forgiveness: 0.3 };
        let forgiven = (0..2000)
            .filter(|_| some.decide(&o, &mut r).tariff == Move::Hold)
            .count();
        assert!((500..700).contains(&forgiven), "≈30% forgiven: {forgiven}");
        o.other_last = Some(Moves::all(Move::DeEscalate));
        assert_eq!(
            always.decide(&o, &mut r),
            Moves::all(Move::DeEscalate),
            "concessions are copied"
        );
    }

    #[test]
    fn a_move_the_deal_settled_is_not_answered_as_a_defection() {
        let mut o = obs();
        o.other_last = Some(Moves::all(Move::Escalate));
        o.deal_active = true;
        o.moves_settled_by_deal = true;
        assert_eq!(TitForTat.decide(&o, &mut rng()), Moves::all(Move::Hold));
        let mut g = GenerousTitForTat { forgiveness: 0.0 };
        assert_eq!(g.decide(&o, &mut rng()), Moves::all(Move::Hold));
        let mut grim = GrimTrigger { triggered: true };
        assert_eq!(
            grim.decide(&o, &mut rng()).tariff,
            Move::Hold,
            "re-anchored"
        );
        o.moves_settled_by_deal = false;
        assert_eq!(
            TitForTat.decide(&o, &mut rng()),
            Moves::all(Move::Escalate),
            "a move under the deal is answered"
        );
    }

    #[test]
    fn grim_trigger_never_forgives() {
        let mut s = GrimTrigger::default();
        assert_eq!(s.decide(&obs(), &mut rng()).tariff, Move::Hold);
        let mut o = obs();
        o.other_last = Some(Moves {
            controls: Move::Escalate,
            ..Default::default()
        });
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
        o.other_last = Some(Moves::all(Move::DeEscalate));
        assert_eq!(
            s.decide(&o, &mut rng()).tariff,
            Move::Escalate,
            "still escalating"
        );
    }
}
