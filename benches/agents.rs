//! Agent updates per second: the model's ECS systems (`tend_farms`, `chinese_exporters`)
//! against the plain-loop reference (`tradewar::reference`) on the same agents, in a typical
//! month (no harvest, no aid). `cargo bench --bench agents` prints both rates and the ratio.

use std::hint::black_box;
use std::time::Instant;

use bevy_ecs::prelude::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tradewar::calendar::Calendar;
use tradewar::config::{LoadedScenario, Scenario};
use tradewar::reference::*;
use tradewar::replicate::build_world;
use tradewar::strategy::StrategyRegistry;

/// The baseline's world of replicate 0, in December (round 2: no harvest, no aid due).
fn world() -> World {
    let loaded = LoadedScenario::load(None, &[]).expect("the built-in baseline loads");
    let mut w = build_world(&loaded.typical, &StrategyRegistry::default(), 7, 0).unwrap();
    w.resource_mut::<Calendar>().round = 2;
    clear_aid_due(&mut w);
    w
}

struct Sides {
    ecs: World,
    schedule: Schedule,
    farmers: PlainFarmers,
    firms: Vec<PlainExporter>,
    scenario: Scenario,
}

impl Sides {
    fn new() -> Self {
        let mut ecs = world();
        let farmers = farmers_of(&mut ecs);
        let firms = exporters_of(&mut ecs);
        let scenario = ecs.resource::<Scenario>().clone();
        let mut schedule = ecs_agent_schedule();
        schedule.run(&mut ecs); // initialise the systems outside the timing
        Self {
            ecs,
            schedule,
            farmers,
            firms,
            scenario,
        }
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

fn rate(mut step: impl FnMut(), agents: u64) -> f64 {
    for _ in 0..50 {
        step();
    }
    let steps = 2_000;
    let t = Instant::now();
    for _ in 0..steps {
        step();
    }
    (steps * agents) as f64 / t.elapsed().as_secs_f64()
}

fn agents(c: &mut Criterion) {
    let mut s = Sides::new();
    let n = s.agents();
    // Explicit figures first (best of three), then criterion's.
    let best = |f: &mut dyn FnMut() -> f64| (0..3).map(|_| f()).fold(0.0, f64::max);
    let ecs = best(&mut || rate(|| s.ecs_step(), n));
    let plain = best(&mut || rate(|| s.plain_step(), n));
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
    g.bench_function("ECS systems", |b| b.iter(|| s.ecs_step()));
    g.bench_function("plain loop reference", |b| b.iter(|| s.plain_step()));
    g.finish();
}

criterion_group!(benches, agents);
criterion_main!(benches);
