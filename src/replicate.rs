//! One replicate: build its `World` from the scenario and the replicate's random streams,
//! run the month schedule for the horizon, and read off its trajectory and outcomes.

use std::collections::BTreeMap;

use bevy_ecs::component::Mutable;
use bevy_ecs::prelude::*;

use crate::calendar::Calendar;
use crate::config::{ConfigError, LoadedScenario, Scenario};
use crate::events::{EventCalendar, ShockRng};
use crate::government::{Side, Strategist, spawn_governments};
use crate::metrics::{Trajectory, outcomes};
use crate::negotiation::{DealStatus, NegotiationRng};
use crate::politics::DomesticPressure;
use crate::rng::{Purpose, replicate_seed, stream};
use crate::schedule::month_schedule;
use crate::strategy::StrategyRegistry;
use crate::trade::{EffectiveTariffs, GoodsTrade};
use crate::welfare::{MonthlyLedger, Welfare};

/// The master seed and index of the replicate a world belongs to.
#[derive(Resource, Debug, Clone, Copy)]
pub struct ReplicateId {
    /// Master seed of the run.
    pub master_seed: u64,
    /// Replicate index (0-based).
    pub replicate: u64,
}

/// A scenario ready to run: the loaded config and the strategies it may use.
#[derive(Clone)]
pub struct Prepared {
    /// The validated scenario (distributions unresolved).
    pub loaded: LoadedScenario,
    /// Strategies available to the governments.
    pub registry: StrategyRegistry,
}

impl Prepared {
    /// Checks the strategies against the registry and returns a runnable scenario.
    pub fn new(loaded: LoadedScenario, registry: StrategyRegistry) -> Result<Self, ConfigError> {
        for (path, cfg) in [
            ("us.strategy", &loaded.typical.us.strategy),
            ("cn.strategy", &loaded.typical.cn.strategy),
        ] {
            registry
                .resolve_params(cfg, path)
                .map_err(|m| ConfigError::new(&loaded.origin, m))?;
        }
        Ok(Self { loaded, registry })
    }

    /// Master seed.
    pub fn seed(&self) -> u64 {
        self.loaded.typical.seed
    }

    /// Horizon in rounds.
    pub fn rounds(&self) -> u32 {
        self.loaded.typical.rounds
    }
}

/// What one replicate produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicateResult {
    /// Replicate index.
    pub replicate: u64,
    /// The replicate's own derived seed.
    pub seed: u64,
    /// Outcomes in `RUN_METRICS` order (`None` = missing).
    pub outcomes: Vec<Option<f64>>,
    /// Monthly metrics, `rounds × ROUND_METRICS.len()`, row-major.
    pub trajectory: Vec<f64>,
    /// Events that fired, deals, breaches and snapbacks: (round, event, detail).
    pub events: Vec<(u32, String, String)>,
}

/// Log of events in one replicate (written to `events.csv` for sample paths).
#[derive(Resource, Debug, Clone, Default)]
pub struct EventLog {
    /// (round, event, detail).
    pub entries: Vec<(u32, String, String)>,
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

/// Spawns `bundles`, or, in a reused world that already holds exactly as many entities
/// with the marker `M`, writes them over those entities' components in place, in table
/// order (so entity `i` of the query gets bundle `i`, as after a fresh spawn). `M` must
/// mark one kind of entity, all spawned with this bundle.
pub fn spawn_or_overwrite<M, B>(world: &mut World, bundles: Vec<B>)
where
    M: Component,
    B: Overwrite + Bundle<Effect: bevy_ecs::bundle::NoBundleEffect>,
{
    let mut existing = world.query_filtered::<Entity, With<M>>();
    let count = existing.iter(world).len();
    if count == bundles.len() {
        B::overwrite::<M>(world, bundles);
    } else {
        let stale: Vec<Entity> = existing.iter(world).collect();
        for e in stale {
            world.despawn(e);
        }
        world.spawn_batch(bundles);
    }
}

/// A bundle (a tuple of mutable components) that can be written over the components of
/// existing entities, column by column, without moving them between tables (cheaper than
/// `World::insert_batch`, which re-runs the bundle insertion for every entity).
pub trait Overwrite: Sized {
    /// Writes `bundles` over the entities with marker `M`, in query order (there must be
    /// as many bundles as entities).
    fn overwrite<M: Component>(world: &mut World, bundles: Vec<Self>);
}

/// Implements [`Overwrite`] for the tuple of the listed component types.
macro_rules! overwrite_tuple {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Component<Mutability = Mutable>),+> Overwrite for ($($t,)+) {
            fn overwrite<M: Component>(world: &mut World, bundles: Vec<Self>) {
                let mut rows = world.query_filtered::<($(&mut $t,)+), With<M>>();
                for (mut row, bundle) in rows.iter_mut(world).zip(bundles) {
                    $(*row.$i.bypass_change_detection() = bundle.$i;)+
                }
            }
        }
    };
}

overwrite_tuple!(A 0, B 1);
overwrite_tuple!(A 0, B 1, C 2);

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
        values: Vec::with_capacity(scenario.rounds as usize * crate::metrics::ROUND_METRICS.len()),
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
    crate::soybeans::setup_soybeans(world, scenario, master_seed, replicate);
    crate::farmers::spawn_farmers(world, scenario, master_seed, replicate);
    crate::firms::spawn_firms(world, scenario, master_seed, replicate);
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
            .query::<&crate::farmers::FarmAcres>()
            .iter(world)
            .count() as u64,
    );
    let firms = crate::firms::firm_counts(world);
    counts.insert("firms".into(), firms.iter().map(|(_, n)| n).sum());
    for (kind, n) in firms {
        counts.insert(format!("firms_{}", kind.key()), n);
    }
    counts
}

/// Builds a replicate's world and runs its first `rounds` months; for tests and analysis
/// that inspect the world itself.
pub fn simulate(prepared: &Prepared, replicate: u64, rounds: u32) -> Result<World, ConfigError> {
    let scenario = prepared.loaded.for_replicate(replicate)?;
    let mut world = build_world(&scenario, &prepared.registry, prepared.seed(), replicate)?;
    let mut schedule = month_schedule();
    for _ in 0..rounds {
        schedule.run(&mut world);
    }
    Ok(world)
}

/// A world and its schedule kept between replicates on one thread (see [`reset_world`]).
struct Workspace {
    world: World,
    schedule: Schedule,
}

thread_local! {
    /// This thread's workspace; `None` until its first replicate (or after a failed one).
    static WORKSPACE: std::cell::RefCell<Option<Workspace>> = const { std::cell::RefCell::new(None) };
}

/// Runs one replicate to the end of the horizon. The world and the schedule are reused from
/// the thread's previous replicate (reset, not rebuilt): building them costs more than
/// running 24 months.
pub fn run_replicate(prepared: &Prepared, replicate: u64) -> Result<ReplicateResult, ConfigError> {
    let scenario = prepared.loaded.for_replicate(replicate)?;
    // Taken out of the cell while in use: a replicate that fails leaves no half-reset world.
    let mut ws = match WORKSPACE.with(|c| c.borrow_mut().take()) {
        Some(mut ws) => {
            reset_world(
                &mut ws.world,
                &scenario,
                &prepared.registry,
                prepared.seed(),
                replicate,
            )?;
            ws
        }
        None => Workspace {
            world: build_world(&scenario, &prepared.registry, prepared.seed(), replicate)?,
            schedule: month_schedule(),
        },
    };
    let result = run_built(&mut ws, &scenario, prepared.seed(), replicate);
    WORKSPACE.with(|c| *c.borrow_mut() = Some(ws));
    Ok(result)
}

fn run_built(
    ws: &mut Workspace,
    scenario: &Scenario,
    master_seed: u64,
    replicate: u64,
) -> ReplicateResult {
    let Workspace { world, schedule } = ws;
    for _ in 0..scenario.rounds {
        schedule.run(world);
    }
    let outcomes = outcomes(world);
    let trajectory = std::mem::take(&mut world.resource_mut::<Trajectory>().values);
    let events = std::mem::take(&mut world.resource_mut::<EventLog>().entries);
    ReplicateResult {
        replicate,
        seed: replicate_seed(master_seed, replicate),
        outcomes,
        trajectory,
        events,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reused world does not grow: replicates run one after another on one thread must not
    /// accumulate entities (issue 8, flat memory).
    #[test]
    fn a_reset_world_does_not_grow() {
        let sets = ["farmers.count=200".to_string()];
        let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
        let registry = StrategyRegistry::default();
        let mut world = build_world(&loaded.typical, &registry, 7, 0).unwrap();
        let mut schedule = month_schedule();
        schedule.run(&mut world);
        let spawned = world.entities().count_spawned();
        let len = world.entities().len();
        for r in 1..200 {
            reset_world(&mut world, &loaded.typical, &registry, 7, r).unwrap();
            for _ in 0..loaded.typical.rounds {
                schedule.run(&mut world);
            }
        }
        assert_eq!(world.entities().count_spawned(), spawned);
        assert_eq!(world.entities().len(), len);
    }

    /// A replicate run on a world reused from other replicates (and another scenario)
    /// equals the same replicate run on a fresh thread, hence a fresh world.
    #[test]
    fn a_reused_world_runs_a_replicate_exactly_as_a_fresh_one() {
        let prepared = |sets: &[&str]| {
            let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
            let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
            Prepared::new(loaded, StrategyRegistry::default()).unwrap()
        };
        let base = prepared(&["farmers.count=500"]);
        let other = prepared(&["farmers.count=300", "rounds=6"]);
        let fresh =
            std::thread::scope(|s| s.spawn(|| run_replicate(&base, 5)).join().unwrap()).unwrap();
        let reused = std::thread::scope(|s| {
            s.spawn(|| {
                run_replicate(&base, 2).unwrap();
                run_replicate(&other, 9).unwrap();
                run_replicate(&base, 3).unwrap();
                run_replicate(&base, 5).unwrap()
            })
            .join()
            .unwrap()
        });
        assert_eq!(fresh, reused);
    }
}
