//! Agent updates per second: the model's ECS systems (`tend_farms`, `chinese_exporters`)
//! against the plain-loop reference (`benches/plain/`) on the same agents, in a typical
//! month (December 2025: no harvest, no aid, farmers holding the harvest they have just
//! brought in). Every timed step starts from the same state (restored untimed), so each
//! measures that month, not a month after the stocks have been sold.
//! `cargo bench --bench agents` prints both rates and the ratio.

mod plain;

use std::hint::black_box;
use std::time::{Duration, Instant};

use bevy_ecs::prelude::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plain::*;
use tradewar::config::{LoadedScenario, Scenario};
use tradewar::foundation::calendar::Calendar;
use tradewar::model::schedule::month_schedule;
use tradewar::model::strategy::StrategyRegistry;
use tradewar::model::world::build_world;

/// The baseline's world of replicate 0 after October and November 2025 (the harvest), about
/// to step December (round 2: no harvest, no aid due).
fn world() -> World {
    let loaded = LoadedScenario::load(None, &[]).expect("the built-in baseline loads");
    let mut w = build_world(&loaded.typical, &StrategyRegistry::default(), 7, 0).unwrap();
    let mut schedule = month_schedule();
    for _ in 0..2 {
        schedule.run(&mut w);
    }
    // The month schedule advances the calendar as it starts a month; the agent schedule
    // does not, so step it to December here.
    assert_eq!(w.resource::<Calendar>().round, 1);
    w.resource_mut::<Calendar>().round = 2;
    clear_aid_due(&mut w);
    w
}

struct Sides {
    ecs: World,
    schedule: Schedule,
    farmers: PlainFarmers,
    firms: Vec<PlainExporter>,
    /// The month's starting state, restored before every step.
    start: (PlainFarmers, Vec<PlainExporter>),
    scenario: Scenario,
}

impl Sides {
    fn new() -> Self {
        let mut ecs = world();
        let farmers = farmers_of(&mut ecs);
        let firms = exporters_of(&mut ecs);
        let scenario = ecs.resource::<Scenario>().clone();
        let mut schedule = ecs_agent_schedule();
        schedule
            .initialize(&mut ecs)
            .expect("the agent systems initialise");
        let start = (farmers.clone(), firms.clone());
        Self {
            ecs,
            schedule,
            farmers,
            firms,
            start,
            scenario,
        }
    }

    /// Back to the start of the month, on both sides (not timed).
    fn restore(&mut self) {
        set_farmers(&mut self.ecs, &self.start.0);
        set_exporters(&mut self.ecs, &self.start.1);
        self.farmers.clone_from(&self.start.0);
        self.firms.clone_from(&self.start.1);
    }

    fn agents(&self) -> u64 {
        (self.farmers.len() + self.firms.len()) as u64
    }

    fn ecs_step(&mut self) {
        self.schedule.run(&mut self.ecs);
    }

    fn plain_step(&mut self) {
        let m = farm_month_now(&self.ecs);
        let p = exporter_prices_now(&self.ecs);
        let mut rng = firms_rng(&self.ecs);
        black_box(tend_farmers(&mut self.farmers, &m));
        black_box(run_exporters(
            &mut self.firms,
            &mut rng,
            &p,
            &self.scenario,
            2,
        ));
    }
}

/// Agent updates per second of `step`, timing only the steps (each from the restored state).
fn rate(s: &mut Sides, step: fn(&mut Sides), agents: u64) -> f64 {
    let steps = 500;
    let timed = time_steps(s, step, steps);
    (steps * agents) as f64 / timed.as_secs_f64()
}

/// Total time of `n` steps, each from the restored state (restoring is not timed).
fn time_steps(s: &mut Sides, step: fn(&mut Sides), n: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..n {
        s.restore();
        let t = Instant::now();
        step(s);
        total += t.elapsed();
    }
    total
}

fn agents(c: &mut Criterion) {
    let mut s = Sides::new();
    let n = s.agents();
    // Explicit figures first (best of three, after a warm-up), then criterion's.
    time_steps(&mut s, Sides::ecs_step, 50);
    time_steps(&mut s, Sides::plain_step, 50);
    let mut best = |step: fn(&mut Sides)| (0..3).map(|_| rate(&mut s, step, n)).fold(0.0, f64::max);
    let ecs = best(Sides::ecs_step);
    let plain = best(Sides::plain_step);
    println!(
        "agent updates/s ({n} agents: {} farmers, {} exporters): ECS {:.3e}, plain loop {:.3e}, \
         ECS/plain time ratio {:.2}",
        s.farmers.len(),
        s.firms.len(),
        ecs,
        plain,
        plain / ecs
    );
    let mut g = c.benchmark_group("agent updates");
    g.throughput(Throughput::Elements(n));
    g.bench_function("ECS systems", |b| {
        b.iter_custom(|iters| time_steps(&mut s, Sides::ecs_step, iters))
    });
    g.bench_function("plain loop reference", |b| {
        b.iter_custom(|iters| time_steps(&mut s, Sides::plain_step, iters))
    });
    g.finish();
}

criterion_group!(benches, agents);
criterion_main!(benches);
