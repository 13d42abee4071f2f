//! The built-in strategies (MODEL.md §5). Each is one small type: a doc comment stating the
//! rule and its source, metadata, and a single `decide`.

use rand::RngExt;

use crate::foundation::rng::SimRng;
use crate::model::strategy::{
    Move, Moves, Observation, ParamMeta, Strategy, StrategyBox, StrategyEntry, StrategyMeta,
    StrategyParams,
};

/// Library entries from strategy types that have `META` and `build`.
macro_rules! entries {
    ($($t:ident),* $(,)?) => {
        vec![$(StrategyEntry { meta: &$t::META, build: $t::build }),*]
    };
}

/// Every built-in strategy, in listing order.
pub fn library() -> Vec<StrategyEntry> {
    entries![
        Hold,
        TitForTat,
        GenerousTitForTat,
        GrimTrigger,
        EscalateToDeal,
        Conciliatory,
        PressureResponsive,
        AdaptiveLearner,
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

    fn build(p: &StrategyParams) -> StrategyBox {
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
        match obs.other_last.map_or(Move::Hold, |m| m.posture()) {
            Move::Escalate if u < self.forgiveness => Moves::all(Move::Hold),
            posture => Moves::all(posture),
        }
    }
}

/// Grim trigger: hold until the other side escalates once, then escalate every month for
/// the rest of the run (never forgives).
#[derive(Debug, Clone, Default)]
pub struct GrimTrigger {
    triggered: bool,
}

impl GrimTrigger {
    /// Metadata.
    pub const META: StrategyMeta = StrategyMeta {
        name: "grim_trigger",
        rule: "hold until the other side escalates once, then escalate forever",
        source: "Friedman (1971), A non-cooperative equilibrium for supergames; Axelrod's 'Grudger'",
        stochastic: false,
        params: &[],
    };

    fn build(_: &StrategyParams) -> StrategyBox {
        Box::new(GrimTrigger::default())
    }
}

impl Strategy for GrimTrigger {
    fn meta(&self) -> &'static StrategyMeta {
        &Self::META
    }

    fn decide(&mut self, obs: &Observation, _: &mut SimRng) -> Moves {
        if obs
            .other_last
            .is_some_and(|m| m.posture() == Move::Escalate)
        {
            self.triggered = true;
        }
        Moves::all(if self.triggered {
            Move::Escalate
        } else {
            Move::Hold
        })
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

    fn build(p: &StrategyParams) -> StrategyBox {
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
        match obs.other_last.map(|m| m.posture()) {
            Some(Move::Escalate) => Moves::all(Move::Escalate),
            _ => Moves::all(Move::Hold),
        }
    }
}

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

    fn build(p: &StrategyParams) -> StrategyBox {
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
