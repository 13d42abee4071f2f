//! One replicate (docs/model.md §2 and §4): run the month schedule on the replicate's world
//! for the horizon, and read off its trajectory and outcomes.

use bevy_ecs::prelude::*;

use crate::config::{ConfigError, LoadedScenario, Scenario};
use crate::foundation::rng::replicate_seed;
use crate::model::agents_report::{AgentRow, AgentTracker};
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
    /// Which replicates and rounds report every agent (`agents.csv`); none by default.
    pub agents: AgentsSpec,
}

/// Which replicates and rounds report one row per agent (`--agents K`, `--agents-rounds`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentsSpec {
    /// The first `replicates` replicates report their agents.
    pub replicates: u64,
    /// Rounds at whose end the agents are reported, besides the last round of the horizon.
    pub rounds: Vec<u32>,
}

impl AgentsSpec {
    /// Whether replicate `r` reports its agents.
    pub fn keeps(&self, r: u64) -> bool {
        r < self.replicates
    }

    /// The rounds reported for a horizon of `horizon` rounds: the chosen rounds within it
    /// and the last round, sorted, each once.
    pub fn rounds_reported(&self, horizon: u32) -> Vec<u32> {
        let mut rounds: Vec<u32> = self
            .rounds
            .iter()
            .copied()
            .filter(|r| *r < horizon)
            .chain(horizon.checked_sub(1))
            .collect();
        rounds.sort_unstable();
        rounds.dedup();
        rounds
    }
}

/// The value the model uses for `value` of the key `path` in `scenario`: a whole-number
/// strategy parameter (`us.strategy.params.max_escalations`) is used rounded, as its
/// strategy reports; every other key as given.
pub fn value_used(registry: &StrategyRegistry, scenario: &Scenario, path: &str, value: f64) -> f64 {
    let (side, cfg) = if let Some(name) = path.strip_prefix("us.strategy.params.") {
        (("us.strategy", name), &scenario.us.strategy)
    } else if let Some(name) = path.strip_prefix("cn.strategy.params.") {
        (("cn.strategy", name), &scenario.cn.strategy)
    } else {
        return value;
    };
    let (at, name) = side;
    let mut cfg = cfg.clone();
    cfg.params
        .insert(name.to_string(), toml::Value::Float(value));
    registry
        .build(&cfg, at)
        .ok()
        .and_then(|s| s.param_used(name))
        .unwrap_or(value)
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
        Ok(Self {
            loaded,
            registry,
            agents: AgentsSpec::default(),
        })
    }

    /// The values of the replicate's drawn inputs as the model uses them, in
    /// `loaded.inputs()` order.
    pub fn inputs_used(&self, scenario: &Scenario, drawn: Vec<f64>) -> Vec<f64> {
        self.loaded
            .inputs()
            .iter()
            .zip(drawn)
            .map(|(path, x)| value_used(&self.registry, scenario, path, x))
            .collect()
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
    /// The drawn inputs as the model used them, in `loaded.inputs()` order.
    pub inputs: Vec<f64>,
    /// Outcomes in `RUN_METRICS` order (`None` = missing).
    pub outcomes: Vec<Option<f64>>,
    /// Monthly metrics, `rounds × ROUND_METRICS.len()`, row-major.
    pub trajectory: Vec<f64>,
    /// Events that fired, deals, breaches and snapbacks: (round, event, detail).
    pub events: Vec<(u32, String, String)>,
    /// One row per agent at each reported round (replicates that report their agents).
    pub agents: Vec<AgentRow>,
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
    let (scenario, drawn) = prepared.loaded.for_replicate_with_draws(replicate)?;
    let inputs = prepared.inputs_used(&scenario, drawn);
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
    let mut result = run_built(&mut ws, prepared, &scenario, replicate);
    result.inputs = inputs;
    WORKSPACE.with(|c| *c.borrow_mut() = Some(ws));
    Ok(result)
}

fn run_built(
    ws: &mut Workspace,
    prepared: &Prepared,
    scenario: &Scenario,
    replicate: u64,
) -> ReplicateResult {
    let master_seed = prepared.seed();
    let Workspace { world, schedule } = ws;
    let mut tracker = prepared.agents.keeps(replicate).then(AgentTracker::default);
    let reported = match tracker {
        Some(_) => prepared.agents.rounds_reported(scenario.rounds),
        None => Vec::new(),
    };
    let mut agents = Vec::new();
    for round in 0..scenario.rounds {
        schedule.run(world);
        if let Some(t) = tracker.as_mut() {
            t.observe(world, round);
            if reported.binary_search(&round).is_ok() {
                t.snapshot(world, round, &mut agents);
            }
        }
    }
    let outcomes = outcomes(world);
    let trajectory = std::mem::take(&mut world.resource_mut::<Trajectory>().values);
    let events = std::mem::take(&mut world.resource_mut::<EventLog>().entries);
    ReplicateResult {
        replicate,
        seed: replicate_seed(master_seed, replicate),
        inputs: Vec::new(),
        outcomes,
        trajectory,
        events,
        agents,
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
