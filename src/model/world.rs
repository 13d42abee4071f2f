//! The world of one replicate (docs/model.md §2–§3): every mechanism's agents and resources,
//! built from the scenario and the replicate's random streams, or reset in place for the
//! next replicate.

use std::collections::BTreeMap;

use bevy_ecs::prelude::*;

use crate::config::{ConfigError, Scenario};
use crate::foundation::calendar::Calendar;
use crate::foundation::rng::{Purpose, stream};
use crate::model::mechanisms::events::{EventCalendar, ShockRng};
use crate::model::mechanisms::governments::{Side, Strategist, spawn_governments};
use crate::model::mechanisms::negotiation::{DealStatus, NegotiationRng};
use crate::model::mechanisms::politics::DomesticPressure;
use crate::model::mechanisms::trade::{EffectiveTariffs, GoodsTrade};
use crate::model::mechanisms::welfare::{MonthlyLedger, Welfare};
use crate::model::metrics::Trajectory;
use crate::model::state::EventLog;
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
    world.insert_resource(Calendar::default());
    world.insert_resource(MonthlyLedger::default());
    world.insert_resource(GoodsTrade::default());
    world.insert_resource(EffectiveTariffs::default());
    world.insert_resource(DomesticPressure {
        us: scenario.us.pressure.initial,
        cn: scenario.cn.pressure.initial,
    });
    world.insert_resource(EventCalendar::new(&scenario.events));
    world.insert_resource(ShockRng(stream(master_seed, replicate, Purpose::Shocks)));
    world.insert_resource(NegotiationRng {
        deals: stream(master_seed, replicate, Purpose::Negotiation),
        compliance: stream(master_seed, replicate, Purpose::Compliance),
    });
    world.insert_resource(Welfare::default());
    world.insert_resource(DealStatus::default());
    world.insert_resource(EventLog::default());
    world.insert_resource(Trajectory {
        values: Vec::with_capacity(
            scenario.rounds as usize * crate::model::metrics::ROUND_METRICS.len(),
        ),
    });
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
    crate::model::mechanisms::soybeans::setup_soybeans(world, scenario, master_seed, replicate);
    crate::model::mechanisms::farmers::spawn_farmers(world, scenario, master_seed, replicate);
    crate::model::mechanisms::firms::spawn_firms(world, scenario, master_seed, replicate);
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
        world
            .query::<&crate::model::mechanisms::farmers::FarmAcres>()
            .iter(world)
            .count() as u64,
    );
    let firms = crate::model::mechanisms::firms::firm_counts(world);
    counts.insert("firms".into(), firms.iter().map(|(_, n)| n).sum());
    for (kind, n) in firms {
        counts.insert(format!("firms_{}", kind.key()), n);
    }
    counts
}
