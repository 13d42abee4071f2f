//! Government agents (MODEL.md §3 "Governments", §4.2 observe, §4.3 decide): one US and one
//! Chinese entity, each with instrument components and a strategy.
//!
//! Instruments are plain components (`Tariff` here; export controls, rare-earth licensing and
//! the soybean purchase directive in their own modules), so a system's signature says which
//! instruments it reads or moves.

use bevy_ecs::prelude::*;

use crate::config::{InstrumentConfig, Scenario};
use crate::foundation::rng::SimRng;
use crate::model::strategy::{Move, Moves, Observation, StrategyBox, apply_noise};

/// Which government an entity is.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// The United States government.
    Us,
    /// The government of the People's Republic of China.
    China,
}

impl Side {
    /// Short key used in configs and metric names (`us`, `cn`).
    pub fn key(self) -> &'static str {
        match self {
            Side::Us => "us",
            Side::China => "cn",
        }
    }

    /// The other government.
    pub fn other(self) -> Side {
        match self {
            Side::Us => Side::China,
            Side::China => Side::Us,
        }
    }
}

/// A policy lever with a level, a no-conflict reference, a step and bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instrument {
    /// Current level.
    pub level: f64,
    /// No-conflict reference level.
    pub reference: f64,
    /// Change per escalation/de-escalation.
    pub step: f64,
    /// Lowest allowed level.
    pub floor: f64,
    /// Highest allowed level.
    pub ceiling: f64,
}

impl Instrument {
    /// Applies one move: up, down or hold by one step, within bounds.
    pub fn apply(&mut self, mv: Move) {
        let level = self.level + self.step * f64::from(mv.sign());
        // Snap to 1e-9 so repeated steps do not leave binary noise (0.4 − 4 × 0.1 ≠ 0).
        self.level = ((level * 1e9).round() / 1e9).clamp(self.floor, self.ceiling);
    }

    /// How far above its reference the instrument stands, as a share of its room (0..1).
    pub fn leverage(&self) -> f64 {
        let room = self.ceiling - self.reference;
        if room <= 0.0 {
            0.0
        } else {
            ((self.level - self.reference) / room).clamp(0.0, 1.0)
        }
    }
}

impl From<&InstrumentConfig> for Instrument {
    fn from(c: &InstrumentConfig) -> Self {
        Instrument {
            level: c.initial,
            reference: c.reference,
            step: c.step,
            floor: c.floor,
            ceiling: c.ceiling,
        }
    }
}

/// Average tariff on the other side's goods (fraction, 0.55 = 55%).
#[derive(Component, Debug, Clone, Copy)]
pub struct Tariff(pub Instrument);

/// US tech export-control stringency (0..1: share of Chinese tech buyers covered; MODEL.md
/// §4.9). Spawned on the US government.
#[derive(Component, Debug, Clone, Copy)]
pub struct ExportControls(pub Instrument);

/// China's rare-earth licensing stringency (0..1: share of licence requests denied or
/// delayed a month; MODEL.md §4.8). Spawned on the Chinese government.
#[derive(Component, Debug, Clone, Copy)]
pub struct RareEarthStringency(pub Instrument);

/// Query data for a government's control instruments (each side has one of the two).
pub type Controls = (
    Option<&'static ExportControls>,
    Option<&'static RareEarthStringency>,
);

/// A side's control stringency: tech controls for the US, rare-earth licensing for China.
pub fn controls_level(
    tech: Option<&ExportControls>,
    rare_earths: Option<&RareEarthStringency>,
) -> f64 {
    tech.map(|c| c.0.level)
        .or(rare_earths.map(|c| c.0.level))
        .unwrap_or(0.0)
}

/// Decide step, after [`decide`]: the `controls` move of each government moves its control
/// instrument (US tech controls, China's rare-earth licensing) by one step within bounds.
pub fn apply_control_moves(
    mut governments: Query<(
        &LastMoves,
        Option<&mut ExportControls>,
        Option<&mut RareEarthStringency>,
    )>,
) {
    for (last, tech, rare_earths) in &mut governments {
        if let Some(mut c) = tech {
            c.0.apply(last.0.controls);
        }
        if let Some(mut c) = rare_earths {
            c.0.apply(last.0.controls);
        }
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

/// The moves the government made last month (what the other side observes).
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct LastMoves(pub Moves);

/// Entity ids of the two governments, for systems and metrics that need one side.
#[derive(Resource, Debug, Clone, Copy)]
pub struct Governments {
    /// The US government entity.
    pub us: Entity,
    /// The Chinese government entity.
    pub cn: Entity,
}

impl Governments {
    /// The entity of a side.
    pub fn of(&self, side: Side) -> Entity {
        match side {
            Side::Us => self.us,
            Side::China => self.cn,
        }
    }
}

/// Spawns both governments with their tariffs and strategies.
pub fn spawn_governments(world: &mut World, scenario: &Scenario, strategists: [Strategist; 2]) {
    let [us_s, cn_s] = strategists;
    // A reused world (see `replicate::reset_world`) keeps its two governments: their
    // components are overwritten in place, so entities and query order stay as spawned.
    let existing: Vec<(Entity, Side)> = world
        .query::<(Entity, &Side)>()
        .iter(world)
        .map(|(e, s)| (e, *s))
        .collect();
    let found = |side: Side| {
        (existing.len() == 2)
            .then(|| existing.iter().find(|(_, s)| *s == side).map(|(e, _)| *e))
            .flatten()
    };
    let (old_us, old_cn) = (found(Side::Us), found(Side::China));
    if (old_us.is_none() || old_cn.is_none()) && !existing.is_empty() {
        for (e, _) in &existing {
            world.despawn(*e);
        }
    }
    let mut place = |old: Option<Entity>,
                     bundle: (Side, Tariff, Strategist, Observed, LastMoves)| {
        match old.filter(|_| old_us.is_some() && old_cn.is_some()) {
            Some(e) => {
                world.entity_mut(e).insert(bundle);
                e
            }
            None => world.spawn(bundle).id(),
        }
    };
    let us = place(
        old_us,
        (
            Side::Us,
            Tariff(Instrument::from(&scenario.us.tariff)),
            us_s,
            Observed::default(),
            LastMoves::default(),
        ),
    );
    let cn = place(
        old_cn,
        (
            Side::China,
            Tariff(Instrument::from(&scenario.cn.tariff)),
            cn_s,
            Observed::default(),
            LastMoves::default(),
        ),
    );
    world.insert_resource(Governments { us, cn });
}

/// Decide step (§4.3): each strategy picks moves from its observation; noise is applied
/// outside the rule, the same way for every strategy; the tariff moves within its bounds.
/// Other instruments (controls, purchases) are moved by their own modules from `LastMoves`.
pub fn decide(
    deal: Res<crate::model::mechanisms::negotiation::DealStatus>,
    mut governments: Query<(&Observed, &mut Strategist, &mut LastMoves, &mut Tariff)>,
) {
    for (observed, mut strategist, mut last, mut tariff) in &mut governments {
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
        tariff.0.apply(moves.tariff);
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

/// Observe step (§4.2): each government sees the other's instruments and last moves, its own
/// pressure and welfare, and the deal status.
pub fn observe(
    calendar: Res<crate::foundation::calendar::Calendar>,
    scenario: Res<Scenario>,
    pressure: Res<crate::model::mechanisms::politics::DomesticPressure>,
    welfare: Res<crate::model::mechanisms::welfare::Welfare>,
    deal: Res<crate::model::mechanisms::negotiation::DealStatus>,
    mut governments: Query<(&Side, &Tariff, &LastMoves, &mut Observed, Controls)>,
) {
    let mut seen: [(f64, Moves, f64); 2] = Default::default();
    for (side, tariff, last, _, (tech, re)) in &governments {
        seen[*side as usize] = (tariff.0.level, last.0, controls_level(tech, re));
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
            own_last: (!first).then_some(last.0),
            own_pressure,
            resolve,
            own_welfare_month_usd_bn: w_month,
            own_welfare_cum_usd_bn: w_cum,
            deal_active: deal.active,
            summit: deal.summit,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instrument_moves_by_step_within_bounds() {
        let mut i = Instrument {
            level: 0.55,
            reference: 0.2,
            step: 0.1,
            floor: 0.1,
            ceiling: 0.6,
        };
        i.apply(Move::Escalate);
        assert!((i.level - 0.6).abs() < 1e-12, "clamped at ceiling");
        i.apply(Move::DeEscalate);
        assert!((i.level - 0.5).abs() < 1e-12);
        i.apply(Move::Hold);
        assert!((i.level - 0.5).abs() < 1e-12);
        assert!((i.leverage() - 0.75).abs() < 1e-12);
    }
}
