//! Government agents (docs/model.md §3 "Governments", §4.2 observe, §4.3 decide): one US
//! and one Chinese entity, each with instrument components and a strategy.
//!
//! Instruments are plain components (`Tariff`, export controls and rare-earth licensing in
//! `model::state`, installed by their mechanisms; the soybean purchase directive in
//! soybeans), so a system's signature says which instruments it reads or moves.

use bevy_ecs::prelude::*;

use crate::config::Scenario;
use crate::foundation::calendar::Calendar;
use crate::foundation::rng::SimRng;
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::respawn::{Agents, spawn_or_overwrite};
use crate::model::state::deal::DealTerms;
use crate::model::state::events::EventsDue;
use crate::model::state::instruments::{
    Controls, ExportControls, Instrument, RareEarthStringency, Tariff, controls_level,
};
use crate::model::state::ledger::{DomesticPressure, Welfare};
use crate::model::state::moves::{LastMoves, SqueezeMove};
use crate::model::state::sides::{Governments, Side};
use crate::model::strategy::{Move, Moves, Observation, StrategyBox, apply_noise};

/// Decide step, after [`decide`]: the `controls` move of each government moves its control
/// instrument (US tech controls, China's rare-earth licensing) by one step within bounds;
/// a de-escalation stops at the reference and, under a deal, at the agreed level.
pub fn apply_control_moves(
    deal: Res<DealTerms>,
    mut governments: Query<(
        &LastMoves,
        Option<&mut ExportControls>,
        Option<&mut RareEarthStringency>,
    )>,
) {
    let active = deal.active;
    for (last, tech, rare_earths) in &mut governments {
        if let Some(mut c) = tech {
            let agreed = deal.agreed.us_controls.filter(|_| active);
            bounded_move(&mut c.0, last.0.controls, agreed);
        }
        if let Some(mut c) = rare_earths {
            let agreed = deal.agreed.cn_rare_earths.filter(|_| active);
            bounded_move(&mut c.0, last.0.controls, agreed);
        }
    }
}

/// Moves an instrument one step; a de-escalation does not cut below the instrument's
/// reference or the deal's agreed level (`agreed`), unless it already stood below them (a
/// deal's own cut may go further; docs/model.md §4a "de-escalation is partial").
pub fn bounded_move(i: &mut Instrument, mv: Move, agreed: Option<f64>) {
    let before = i.level;
    i.apply(mv);
    if mv == Move::DeEscalate {
        let bound = agreed
            .map_or(i.reference, |a| a.max(i.reference))
            .min(before);
        i.level = i.level.max(bound);
    }
}

/// The government's strategy and its trembling-hand noise.
#[derive(Component)]
pub struct Strategist {
    /// The decision rule.
    pub strategy: StrategyBox,
    /// Probability (0..1) that a move is replaced by a random one.
    pub noise: f64,
    /// The strategy's own random stream (noise and stochastic rules).
    pub rng: SimRng,
}

/// What the government saw this month (set by the observe step).
#[derive(Component, Debug, Clone, Default)]
pub struct Observed(pub Observation);

/// The two governments' components, US first.
struct GovernmentAgents([(Side, Tariff, Strategist, Observed, LastMoves); 2]);

impl Agents for GovernmentAgents {
    fn count(&self) -> usize {
        self.0.len()
    }

    fn spawn(self, world: &mut World) {
        for bundle in self.0 {
            world.spawn(bundle);
        }
    }

    /// Each government's components go to the entity of its side (whatever the order of
    /// their tables, which the instruments other mechanisms install decide).
    fn overwrite<M: Component>(self, world: &mut World) {
        for bundle in self.0 {
            let e = government(world, bundle.0).expect("a reused world holds both sides");
            world.entity_mut(e).insert(bundle);
        }
    }
}

/// The entity of `side`'s government, if the world holds one.
fn government(world: &mut World, side: Side) -> Option<Entity> {
    world
        .query::<(Entity, &Side)>()
        .iter(world)
        .find_map(|(e, s)| (*s == side).then_some(e))
}

/// Spawns both governments with their tariffs and strategies (in a reused world, over the
/// old ones: `model::respawn`).
pub fn spawn_governments(world: &mut World, scenario: &Scenario, strategists: [Strategist; 2]) {
    let [us_s, cn_s] = strategists;
    let governments = GovernmentAgents([
        (
            Side::Us,
            Tariff(Instrument::from(&scenario.us.tariff)),
            us_s,
            Observed::default(),
            LastMoves::default(),
        ),
        (
            Side::China,
            Tariff(Instrument::from(&scenario.cn.tariff)),
            cn_s,
            Observed::default(),
            LastMoves::default(),
        ),
    ]);
    spawn_or_overwrite::<Side, _>(world, governments);
    let us = government(world, Side::Us).expect("the US government was just spawned");
    let cn = government(world, Side::China).expect("China's government was just spawned");
    world.insert_resource(Governments { us, cn });
}

/// Decide step (§4.3): each strategy picks moves from its observation; noise is applied
/// outside the rule, the same way for every strategy; the tariff moves within its bounds (a
/// cut stops at the reference and, under a deal, at the agreed level).
/// Other instruments (controls, purchases) are moved by their own modules from `LastMoves`.
pub fn decide(
    deal: Res<DealTerms>,
    mut governments: Query<(
        &Side,
        &Observed,
        &mut Strategist,
        &mut LastMoves,
        &mut Tariff,
    )>,
) {
    for (side, observed, mut strategist, mut last, mut tariff) in &mut governments {
        let Strategist {
            strategy,
            noise,
            rng,
        } = &mut *strategist;
        if observed.0.own_last.is_some() {
            // Learning strategies are rewarded by the welfare that followed their last move.
            strategy.reward(observed.0.own_welfare_month_usd_bn);
        }
        let moves = strategy.decide(&observed.0, rng);
        let noisy = apply_noise(moves, *noise, rng);
        // Under a deal a government keeps its terms unless its strategy defects on purpose:
        // a tremble that would escalate is held back.
        let moves = if deal.active {
            keep_terms(moves, noisy)
        } else {
            noisy
        };
        let agreed = deal.active.then(|| match side {
            Side::Us => deal.agreed.us_tariff,
            Side::China => deal.agreed.cn_tariff,
        });
        bounded_move(&mut tariff.0, moves.tariff, agreed);
        last.0 = moves;
    }
}

/// Under a deal: the noisy moves, except that escalations the rule did not choose are held.
pub fn keep_terms(rule: Moves, noisy: Moves) -> Moves {
    let keep = |r: Move, n: Move| {
        if n == Move::Escalate && r != Move::Escalate {
            Move::Hold
        } else {
            n
        }
    };
    Moves {
        tariff: keep(rule.tariff, noisy.tariff),
        controls: keep(rule.controls, noisy.controls),
        purchases: keep(rule.purchases, noisy.purchases),
    }
}

/// Observe step (§4.2): each government sees the other's instruments and last moves (China's
/// controls move as the rare-earth squeeze reports it), its own pressure and welfare, the
/// deal status and whether a summit falls in this month.
#[allow(clippy::too_many_arguments)]
pub fn observe(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    pressure: Res<DomesticPressure>,
    welfare: Res<Welfare>,
    deal: Res<DealTerms>,
    events: Res<EventsDue>,
    squeeze: Res<SqueezeMove>,
    mut governments: Query<(&Side, &Tariff, &LastMoves, &mut Observed, Controls)>,
) {
    let mut seen: [(f64, Moves, f64); 2] = Default::default();
    for (side, tariff, last, _, (tech, re)) in &governments {
        seen[*side as usize] = (
            tariff.0.level,
            squeeze.seen(*side, last.0),
            controls_level(tech, re),
        );
    }
    let first = calendar.round == 0;
    for (side, tariff, last, mut observed, (tech, re)) in &mut governments {
        let other = seen[side.other() as usize];
        let (own_pressure, resolve) = match side {
            Side::Us => (pressure.us, scenario.us.pressure.resolve),
            Side::China => (pressure.cn, scenario.cn.pressure.resolve),
        };
        let (w_month, w_cum) = welfare.of(*side);
        observed.0 = Observation {
            side: Some(*side),
            round: calendar.round,
            own_tariff: tariff.0.level,
            other_tariff: other.0,
            own_controls: controls_level(tech, re),
            other_controls: other.2,
            other_last: (!first).then_some(other.1),
            own_last: (!first).then_some(squeeze.seen(*side, last.0)),
            own_pressure,
            resolve,
            own_welfare_month_usd_bn: w_month,
            own_welfare_cum_usd_bn: w_cum,
            deal_active: deal.active,
            moves_settled_by_deal: !first && deal.settled(calendar.round - 1),
            summit: events.summit(),
        };
    }
}

/// The statutory tariff of one side at the end of the month (0 without governments).
fn tariff(world: &World, side: Side) -> f64 {
    let g = world.resource::<Governments>();
    world.get::<Tariff>(g.of(side)).map_or(0.0, |t| t.0.level)
}

/// The US tariff at the end of each month.
pub const US_TARIFF: RoundMetric = RoundMetric {
    meta: meta(
        "us_tariff",
        "fraction 0..1",
        "US average tariff on Chinese goods",
        "statutory US average tariff on Chinese goods, end of month",
    ),
    read: |w| tariff(w, Side::Us),
};

/// China's tariff at the end of each month.
pub const CN_TARIFF: RoundMetric = RoundMetric {
    meta: meta(
        "cn_tariff",
        "fraction 0..1",
        "China's average tariff on US goods",
        "China's average tariff on US goods, end of month",
    ),
    read: |w| tariff(w, Side::China),
};

/// Per-month metrics of the governments (docs/model.md §4.3).
pub const GOVERNMENT_ROUND_METRICS: &[RoundMetric] = &[US_TARIFF, CN_TARIFF];

/// Outcomes of the governments (docs/model.md §6).
pub const GOVERNMENT_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "us_tariff_final",
            "fraction 0..1",
            "US tariff, final month",
            "US average tariff on Chinese goods in the last round",
        ),
        compute: |v| v.last(&US_TARIFF),
    },
    RunMetric {
        meta: meta(
            "cn_tariff_final",
            "fraction 0..1",
            "China's tariff, final month",
            "China's average tariff on US goods in the last round",
        ),
        compute: |v| v.last(&CN_TARIFF),
    },
    RunMetric {
        meta: meta(
            "us_tariff_peak",
            "fraction 0..1",
            "US tariff, peak",
            "highest end-of-month US tariff over the horizon",
        ),
        compute: |v| v.max(&US_TARIFF),
    },
    RunMetric {
        meta: meta(
            "cn_tariff_peak",
            "fraction 0..1",
            "China's tariff, peak",
            "highest end-of-month China tariff over the horizon",
        ),
        compute: |v| v.max(&CN_TARIFF),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn moves(tariff: Move, controls: Move, purchases: Move) -> Moves {
        Moves {
            tariff,
            controls,
            purchases,
        }
    }

    #[test]
    fn de_escalation_stops_at_the_deal_terms_and_the_reference() {
        let mut t = Instrument {
            level: 0.45,
            reference: 0.2,
            step: 0.1,
            floor: 0.05,
            ceiling: 2.0,
        };
        bounded_move(&mut t, Move::DeEscalate, Some(0.45));
        assert!((t.level - 0.45).abs() < 1e-12, "not below the agreed level");
        bounded_move(&mut t, Move::DeEscalate, None);
        bounded_move(&mut t, Move::DeEscalate, None);
        bounded_move(&mut t, Move::DeEscalate, None);
        assert!(
            (t.level - 0.2).abs() < 1e-12,
            "not below the reference: {}",
            t.level
        );
        t.level = 0.15;
        bounded_move(&mut t, Move::DeEscalate, None);
        assert!(
            (t.level - 0.15).abs() < 1e-12,
            "a level below the bound is not raised"
        );
        bounded_move(&mut t, Move::Escalate, Some(0.45));
        assert!(
            (t.level - 0.25).abs() < 1e-12,
            "escalation is not bounded here"
        );
    }

    #[test]
    fn under_a_deal_only_deliberate_escalations_pass() {
        let rule = moves(Move::Escalate, Move::Hold, Move::Hold);
        let noisy = moves(Move::Escalate, Move::Escalate, Move::DeEscalate);
        let kept = keep_terms(rule, noisy);
        assert_eq!(kept, moves(Move::Escalate, Move::Hold, Move::DeEscalate));
    }
}
