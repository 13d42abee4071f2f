//! One replicate (docs/model.md §2 and §4): run the month schedule on the replicate's world
//! for the horizon, and read off its trajectory and outcomes.

use bevy_ecs::prelude::*;

use crate::config::{ConfigError, LoadedScenario, Scenario};
use crate::foundation::rng::replicate_seed;
use crate::model::metrics::Trajectory;
use crate::model::recorder::outcomes;
use crate::model::schedule::month_schedule;
use crate::model::state::events::EventLog;
use crate::model::strategy::StrategyRegistry;
use crate::model::world::{build_world, reset_world};

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

    /// The month of round 0.
    pub fn start(&self) -> crate::foundation::calendar::YearMonth {
        self.loaded.typical.start_month()
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
    /// accumulate entities (memory stays flat).
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
