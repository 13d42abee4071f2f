//! One replicate of the baseline as shipped (10,000 farmers, 1,100 firms, 24 rounds), fresh
//! and on a reused world, and a 1,000-replicate run. `cargo bench --bench replicate`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tradewar::config::LoadedScenario;
use tradewar::experiment::replicate::{Prepared, run_replicate};
use tradewar::experiment::runner::{run_replicates, thread_pool};
use tradewar::model::schedule::month_schedule;
use tradewar::model::strategy::StrategyRegistry;
use tradewar::model::world::build_world;

fn baseline() -> Prepared {
    let loaded = LoadedScenario::load(None, &[]).expect("the built-in baseline loads");
    Prepared::new(loaded, StrategyRegistry::default()).expect("the baseline is runnable")
}

fn one_replicate(c: &mut Criterion) {
    let prepared = baseline();
    let mut g = c.benchmark_group("replicate");
    g.throughput(Throughput::Elements(1));
    let mut r = 0u64;
    g.bench_function("baseline, reused world (as the runner does)", |b| {
        b.iter(|| {
            r += 1;
            black_box(run_replicate(&prepared, r).unwrap())
        })
    });
    g.bench_function("baseline, fresh world and schedule", |b| {
        b.iter(|| {
            r += 1;
            let s = prepared.loaded.for_replicate(r).unwrap();
            let mut w = build_world(&s, &prepared.registry, prepared.seed(), r).unwrap();
            let mut schedule = month_schedule();
            for _ in 0..s.rounds {
                schedule.run(&mut w);
            }
            black_box(w)
        })
    });
    g.finish();
}

fn thousand_replicates(c: &mut Criterion) {
    let prepared = baseline();
    let progress = indicatif::ProgressBar::hidden();
    let mut g = c.benchmark_group("run");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1_000));
    for threads in [1usize, 2] {
        let pool = thread_pool(threads).unwrap();
        g.bench_function(format!("1000 replicates, {threads} thread(s)"), |b| {
            b.iter(|| black_box(run_replicates(&prepared, 0..1_000, &pool, &progress).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, one_replicate, thousand_replicates);
criterion_main!(benches);
