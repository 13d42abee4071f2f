//! The world of one replicate (docs/model.md §2–§3): every mechanism's agents and resources,
//! built from the scenario and the replicate's random streams, or reset in place for the
//! next replicate.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

use crate::config::{ConfigError, Scenario};
use crate::foundation::calendar::Calendar;
use crate::foundation::rng::{Purpose, bulk_stream, stream};
use crate::model::mechanisms::governments::{Strategist, spawn_governments};
use crate::model::mechanisms::{
    events, exporters, farmers, negotiation, politics, rare_earths, soybeans, tech_controls, trade,
    welfare,
};
use crate::model::recorder;
use crate::model::state::firms::{FirmKind, FirmsRng};
use crate::model::state::sides::Side;
use crate::model::strategy::StrategyRegistry;

/// The master seed and index of the replicate a world belongs to.
#[derive(Resource, Debug, Clone, Copy)]
pub struct ReplicateId {
    /// Master seed of the run.
    pub master_seed: u64,
    /// Replicate index (0-based).
    pub replicate: u64,
}

/// Builds the world of one replicate.
pub fn build_world(
    scenario: &Scenario,
    registry: &StrategyRegistry,
    master_seed: u64,
    replicate: u64,
) -> Result<World, ConfigError> {
    let mut world = World::new();
    fill_world(&mut world, scenario, registry, master_seed, replicate)?;
    Ok(world)
}

/// Turns a world that ran an earlier replicate into the world `build_world` would build for
/// this one, without allocating it again: every agent's components are overwritten in place
/// when the world already holds as many agents of its kind (see [`spawn_or_overwrite`]),
/// and every resource is inserted anew. Entities are never despawned, so the world does not
/// grow however many replicates it runs, and query order (table order) is the order a fresh
/// spawn would give: the replicate runs exactly as in a fresh world.
pub fn reset_world(
    world: &mut World,
    scenario: &Scenario,
    registry: &StrategyRegistry,
    master_seed: u64,
    replicate: u64,
) -> Result<(), ConfigError> {
    // Keep change ticks from wrapping in a world that lives for millions of system runs.
    world.check_change_ticks();
    fill_world(world, scenario, registry, master_seed, replicate)
}

fn fill_world(
    world: &mut World,
    scenario: &Scenario,
    registry: &StrategyRegistry,
    master_seed: u64,
    replicate: u64,
) -> Result<(), ConfigError> {
    world.insert_resource(ReplicateId {
        master_seed,
        replicate,
    });
    world.insert_resource(scenario.clone());
    world.insert_resource(Calendar::starting(scenario.start_month()));
    welfare::setup_welfare(world);
    trade::setup_trade(world);
    exporters::setup_exporters(world);
    politics::setup_politics(world, scenario);
    events::setup_events(world, scenario, master_seed, replicate);
    negotiation::setup_negotiation(world, master_seed, replicate);
    world.insert_resource(recorder::trajectory(scenario.rounds));
    let strategist = |side: Side| -> Result<Strategist, ConfigError> {
        let cfg = match side {
            Side::Us => &scenario.us.strategy,
            Side::China => &scenario.cn.strategy,
        };
        let strategy = registry
            .build(cfg, &format!("{}.strategy", side.key()))
            .map_err(|m| ConfigError::new(&scenario.name, m))?;
        Ok(Strategist {
            strategy,
            noise: cfg.noise,
            rng: stream(master_seed, replicate, Purpose::Strategy(side.key())),
        })
    };
    spawn_governments(
        world,
        scenario,
        [strategist(Side::Us)?, strategist(Side::China)?],
    );
    soybeans::setup_soybeans(world, scenario, master_seed, replicate);
    farmers::spawn_farmers(world, scenario, master_seed, replicate);
    // Firms: one stream, drawn in this order (magnet users, US tech exporters, Chinese
    // exporters, Chinese tech users); then the control instruments, US first (the order
    // the instruments join the governments fixes the order of the governments' tables).
    let mut firms = stream(master_seed, replicate, Purpose::Agents("firms"));
    rare_earths::spawn_magnet_users(world, scenario, &mut firms);
    tech_controls::spawn_tech_exporters(world, scenario, &mut firms);
    exporters::spawn_exporters(world, scenario, &mut firms);
    tech_controls::spawn_tech_users(world, scenario, &mut firms);
    tech_controls::setup_tech_controls(world, scenario);
    rare_earths::setup_rare_earths(world, scenario, master_seed, replicate);
    // Firm-level events, drawn by exporters then rare_earths each month.
    world.insert_resource(FirmsRng(bulk_stream(
        master_seed,
        replicate,
        Purpose::Firms,
    )));
    Ok(())
}

/// Agents in a world, by kind (for `manifest.json`).
pub fn agent_counts(world: &mut World) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    counts.insert(
        "governments".into(),
        world.query::<&Side>().iter(world).count() as u64,
    );
    counts.insert(
        "farmers".into(),
        world.query::<&farmers::FarmAcres>().iter(world).count() as u64,
    );
    let firms = firm_counts(world);
    counts.insert("firms".into(), firms.iter().map(|(_, n)| n).sum());
    for (kind, n) in firms {
        counts.insert(format!("firms_{}", kind.key()), n);
    }
    counts
}

/// Firms in a world by kind (`manifest.json`: `firms` and `firms_<kind>`).
pub fn firm_counts(world: &mut World) -> [(FirmKind, u64); 4] {
    let mut counts = FirmKind::ALL.map(|k| (k, 0u64));
    for kind in world.query::<&FirmKind>().iter(world) {
        counts[*kind as usize].1 += 1;
    }
    counts
}

/// Whole-world checks of mechanisms that need every other mechanism around them (the
/// schedule and a full world); each mechanism's own tests stay beside it.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mechanisms::governments::Observed;
    use crate::model::mechanisms::rare_earths::{MagnetMarket, MagnetStock, MagnetUser};
    use crate::model::schedule::month_schedule;
    use crate::model::state::instruments::RareEarthStringency;
    use crate::model::state::moves::{LastMoves, SqueezeMove};
    use crate::model::state::sides::Governments;
    use crate::model::strategy::Move;

    fn world_with(sets: &[&str]) -> (World, bevy_ecs::schedule::Schedule) {
        let sets: Vec<String> = sets.iter().map(|s| (*s).to_string()).collect();
        let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
        let scenario = loaded.for_replicate(0).unwrap();
        let registry = StrategyRegistry::default();
        let world = build_world(&scenario, &registry, 7, 0).unwrap();
        (world, month_schedule())
    }

    fn china_stringency(w: &World) -> f64 {
        let g = w.resource::<Governments>();
        w.get::<RareEarthStringency>(g.cn)
            .map_or(0.0, |c| c.0.level)
    }

    /// Rare earths (§4.8): a scheduled squeeze holds its level for its window, then
    /// restores the level it found; the US sees its start as China escalating its controls
    /// and its end as a de-escalation.
    #[test]
    fn a_scheduled_squeeze_holds_its_level_then_restores_and_is_observed() {
        let (mut w, mut schedule) = world_with(&[
            "cn.strategy.name=\"hold\"",
            "cn.strategy.noise=0.0",
            "negotiation.enabled=false",
            "rare_earths.squeeze.enabled=true",
            "rare_earths.squeeze.start_round=1",
            "rare_earths.squeeze.months=3",
            "rare_earths.squeeze.level=0.9",
        ]);
        let mut path = Vec::new();
        let mut moves = Vec::new();
        let mut us_saw = Vec::new();
        for _ in 0..6 {
            schedule.run(&mut w);
            path.push(china_stringency(&w));
            let g = *w.resource::<Governments>();
            let decided = w.get::<LastMoves>(g.cn).unwrap().0;
            moves.push(
                w.resource::<SqueezeMove>()
                    .seen(Side::China, decided)
                    .controls,
            );
            us_saw.push(
                w.get::<Observed>(g.us)
                    .unwrap()
                    .0
                    .other_last
                    .map(|m| m.controls),
            );
        }
        assert_eq!(path, [0.3, 0.9, 0.9, 0.9, 0.3, 0.3]);
        assert_eq!(moves[1], Move::Escalate);
        assert_eq!(moves[4], Move::DeEscalate);
        assert_eq!(us_saw[2], Some(Move::Escalate), "observed the month after");
        assert_eq!(us_saw[5], Some(Move::DeEscalate));
        let m = w.resource::<MagnetMarket>();
        assert!(m.approvals <= m.applications);
        assert!(m.firms > 0 && m.inventory_t >= 0.0);
    }

    /// Rare earths (§4.8): a firm counts as short only in a month it ends at zero stock.
    #[test]
    fn shortages_are_counted_only_for_firms_at_zero_stock() {
        let (mut w, mut schedule) = world_with(&[
            "rare_earths.stringency.initial=1.0",
            "rare_earths.stringency.floor=1.0",
        ]);
        for _ in 0..6 {
            schedule.run(&mut w);
            let short = w.resource::<MagnetMarket>().short_firms;
            let at_zero = w
                .query::<(&MagnetStock, &MagnetUser)>()
                .iter(&w)
                .filter(|(s, _)| s.short_last_month)
                .inspect(|(s, _)| assert_eq!(s.inventory_t, 0.0))
                .count();
            assert_eq!(short as usize, at_zero);
        }
        assert!(w.resource::<MagnetMarket>().shortage_firm_months > 0);
    }

    /// The firm spawns, split over three mechanisms, give every kind its configured count.
    #[test]
    fn every_firm_kind_is_spawned_with_its_count() {
        let (mut w, _) = world_with(&[]);
        let scenario = w.resource::<Scenario>().clone();
        let counts = firm_counts(&mut w);
        let expected = [
            scenario.firms.us_magnet_users,
            scenario.firms.us_tech_exporters,
            scenario.firms.cn_exporters,
            scenario.firms.cn_tech_users,
        ];
        for ((kind, n), want) in counts.into_iter().zip(expected) {
            assert_eq!(n, u64::from(want), "{}", kind.key());
        }
    }
}
