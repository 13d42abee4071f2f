//! The built-in strategies (MODEL.md §5). Each is one small type: a doc comment stating the
//! rule and its source, metadata, and a single `decide`.

use crate::rng::SimRng;
use crate::strategy::{
    Move, Moves, Observation, ParamMeta, Strategy, StrategyBox, StrategyEntry, StrategyMeta,
    StrategyParams,
};

/// Every built-in strategy, in listing order.
pub fn library() -> Vec<StrategyEntry> {
    vec![
        StrategyEntry {
            meta: &Hold::META,
            build: Hold::build,
        },
        StrategyEntry {
            meta: &TitForTat::META,
            build: TitForTat::build,
        },
        StrategyEntry {
            meta: &EscalateToDeal::META,
            build: EscalateToDeal::build,
        },
        StrategyEntry {
            meta: &Conciliatory::META,
            build: Conciliatory::build,
        },
    ]
}

/// Hold: keep every instrument where it is (the status quo).
#[derive(Debug, Clone, Default)]
pub struct Hold;

impl Hold {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "hold",
        rule: "keep every instrument at its current level",
        source: "status-quo benchmark (Axelrod 1984's 'Cooperator' analogue in a standoff)",
        stochastic: false,
        params: &[],
    };

    fn build(_: &StrategyParams) -> StrategyBox {
        Box::new(Hold)
    }
}

impl Strategy for Hold {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, _: &Observation, _: &mut SimRng) -> Moves {
        Moves::all(Move::Hold)
    }
}

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

    fn build(_: &StrategyParams) -> StrategyBox {
        Box::new(TitForTat)
    }
}

impl Strategy for TitForTat {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, obs: &Observation, _: &mut SimRng) -> Moves {
        Moves::all(obs.other_last.map_or(Move::Hold, |m| m.posture()))
    }
}

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

    fn build(p: &StrategyParams) -> StrategyBox {
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

/// Conciliatory: gradual unilateral de-escalation, one step every `interval_months`,
/// holding in between.
#[derive(Debug, Clone)]
pub struct Conciliatory {
    interval_months: u32,
}

impl Conciliatory {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "conciliatory",
        rule: "de-escalate one step every `interval_months`, whatever the other side does",
        source: "GRIT, graduated reciprocation in tension-reduction (Osgood 1962)",
        stochastic: false,
        params: &[ParamMeta {
            name: "interval_months",
            default: 2.0,
            min: 1.0,
            max: 24.0,
            doc: "months between unilateral de-escalation steps",
        }],
    };

    fn build(p: &StrategyParams) -> StrategyBox {
        Box::new(Conciliatory {
            interval_months: p.get("interval_months").round().max(1.0) as u32,
        })
    }
}

impl Strategy for Conciliatory {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, obs: &Observation, _: &mut SimRng) -> Moves {
        if (obs.round + 1).is_multiple_of(self.interval_months) {
            Moves::all(Move::DeEscalate)
        } else {
            Moves::all(Move::Hold)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn obs() -> Observation {
        Observation {
            resolve: 10.0,
            ..Default::default()
        }
    }

    fn rng() -> SimRng {
        SimRng::seed_from_u64(1)
    }

    #[test]
    fn hold_always_holds() {
        let mut s = Hold;
        let mut o = obs();
        o.other_last = Some(Moves::all(Move::Escalate));
        assert_eq!(s.decide(&o, &mut rng()), Moves::all(Move::Hold));
    }

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
    fn conciliatory_de_escalates_every_interval() {
        let mut s = Conciliatory { interval_months: 3 };
        let moves: Vec<Move> = (0..6)
            .map(|r| {
                s.decide(&Observation { round: r, ..obs() }, &mut rng())
                    .tariff
            })
            .collect();
        assert_eq!(
            moves,
            [
                Move::Hold,
                Move::Hold,
                Move::DeEscalate,
                Move::Hold,
                Move::Hold,
                Move::DeEscalate
            ]
        );
    }
}
