//! Asymmetric strategies (docs/model.md §5, §4a): a side that answers with the levers where
//! it is strong rather than in kind. China's 2025 record is the model: it answered US tariff
//! steps with rare-earth licensing (April and 9–10 October 2025, MOFCOM) and a freeze of US
//! soybean purchases (zero new-crop bookings by September 2025, USDA export sales), and
//! matched tariffs only while the US rate ran far above its own (to 125% in April 2025;
//! 32.6% against ≈55% after Geneva, PIIE chart) — stylized fact 3.

use crate::foundation::rng::SimRng;
use crate::model::strategy::{
    Move, Moves, Observation, ParamMeta, Strategy, StrategyBox, StrategyMeta, StrategyParams,
};

/// Asymmetric levers: answers an escalation by tightening its controls and cutting its
/// purchases, and with a tariff step only when the other side's tariff exceeds its own by
/// more than `tariff_gap`; answers a concession by easing controls and resuming purchases;
/// keeps a deal's terms; under pressure above its resolve it eases controls and buys.
#[derive(Debug, Clone)]
pub struct AsymmetricLevers {
    tariff_gap: f64,
}

impl AsymmetricLevers {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "asymmetric_levers",
        rule: "answer escalation with controls and purchase cuts, with a tariff step only past a tariff gap; answer concessions by easing them; keep a deal's terms",
        source: "China's 2025 record: rare-earth licensing (Apr, Oct 2025, MOFCOM) and the soybean freeze (USDA export sales) more than tariff steps",
        stochastic: false,
        params: &[ParamMeta {
            name: "tariff_gap",
            default: 0.5,
            min: 0.0,
            max: 5.0,
            doc: "gap (fraction points) by which the other side's tariff must exceed its own before it answers with a tariff step",
        }],
    };

    pub(super) fn build(p: &StrategyParams) -> StrategyBox {
        Box::new(AsymmetricLevers {
            tariff_gap: p.get("tariff_gap"),
        })
    }
}

impl Strategy for AsymmetricLevers {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, obs: &Observation, _: &mut SimRng) -> Moves {
        let answer = Moves::answerable(obs);
        if obs.deal_active && answer != Move::Escalate {
            return Moves::all(Move::Hold);
        }
        if obs.own_pressure > obs.resolve && answer != Move::Escalate {
            return Moves {
                tariff: Move::Hold,
                controls: Move::DeEscalate,
                purchases: Move::DeEscalate,
            };
        }
        match answer {
            Move::Escalate => Moves {
                tariff: if obs.other_tariff - obs.own_tariff > self.tariff_gap {
                    Move::Escalate
                } else {
                    Move::Hold
                },
                controls: Move::Escalate,
                purchases: Move::Escalate,
            },
            Move::DeEscalate => Moves {
                tariff: Move::Hold,
                controls: Move::DeEscalate,
                purchases: Move::DeEscalate,
            },
            Move::Hold => Moves::all(Move::Hold),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::strategies::fixtures::{obs, rng};

    #[test]
    fn answers_with_controls_and_purchases_and_tariffs_only_past_the_gap() {
        let mut s = AsymmetricLevers { tariff_gap: 0.5 };
        let mut o = obs();
        o.other_last = Some(Moves::all(Move::Escalate));
        o.own_tariff = 0.33;
        o.other_tariff = 0.65;
        let m = s.decide(&o, &mut rng());
        assert_eq!(
            (m.tariff, m.controls, m.purchases),
            (Move::Hold, Move::Escalate, Move::Escalate)
        );
        o.other_tariff = 1.55;
        assert_eq!(s.decide(&o, &mut rng()).tariff, Move::Escalate);
        o.other_last = Some(Moves::all(Move::DeEscalate));
        let m = s.decide(&o, &mut rng());
        assert_eq!(
            (m.tariff, m.controls, m.purchases),
            (Move::Hold, Move::DeEscalate, Move::DeEscalate)
        );
    }

    #[test]
    fn keeps_a_deal_and_ignores_what_it_settled() {
        let mut s = AsymmetricLevers { tariff_gap: 0.5 };
        let mut o = obs();
        o.deal_active = true;
        o.other_last = Some(Moves::all(Move::Escalate));
        o.moves_settled_by_deal = true;
        assert_eq!(s.decide(&o, &mut rng()), Moves::all(Move::Hold));
        o.moves_settled_by_deal = false;
        assert_eq!(s.decide(&o, &mut rng()).controls, Move::Escalate);
        o.own_pressure = 20.0;
        o.other_last = Some(Moves::all(Move::Hold));
        o.deal_active = false;
        assert_eq!(s.decide(&o, &mut rng()).purchases, Move::DeEscalate);
    }
}
