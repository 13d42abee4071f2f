//! Unilateral strategies (docs/model.md §5): each follows its own plan whatever the other side
//! does — hold keeps the status quo, conciliatory eases one step every few months. The
//! benchmarks against which the answering strategies are read.

use crate::foundation::rng::SimRng;
use crate::model::strategy::{
    Move, Moves, Observation, ParamMeta, Strategy, StrategyBox, StrategyMeta, StrategyParams,
};

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

    pub(super) fn build(_: &StrategyParams) -> StrategyBox {
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

    pub(super) fn build(p: &StrategyParams) -> StrategyBox {
        Box::new(Conciliatory {
            interval_months: p.get("interval_months").round().max(1.0) as u32,
        })
    }
}

impl Strategy for Conciliatory {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn param_used(&self, name: &str) -> Option<f64> {
        (name == "interval_months").then_some(f64::from(self.interval_months))
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
    use crate::model::strategies::fixtures::{obs, rng};

    #[test]
    fn hold_always_holds() {
        let mut s = Hold;
        let mut o = obs();
        o.other_last = Some(Moves::all(Move::Escalate));
        assert_eq!(s.decide(&o, &mut rng()), Moves::all(Move::Hold));
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
