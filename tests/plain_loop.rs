//! The plain-loop harness of `benches/agents.rs` (`benches/plain/`), checked: the plain loops
//! give exactly what the ECS systems give from the same agents; and the farmers' passes over
//! the columns (docs/model.md §4.7: `farmers::kernel`, with its blocks, lanes and vector
//! builds) are the plain rules of one farmer (`farmers::rules`: `farm_month`, `plant`)
//! applied to every farmer and summed in the documented lane order, bit for bit, over every
//! kind of month (harvest, aid, holding, idle, clearance, planting) and every marketing
//! strategy.

#[path = "../benches/plain/mod.rs"]
mod plain;

use bevy_ecs::prelude::*;
use plain::*;
use tradewar::foundation::calendar::Calendar;
use tradewar::model::mechanisms::exporters::ExporterTotals;
use tradewar::model::mechanisms::farmers::{
    BLOCK, Crop, FarmMonth, FarmSector, FarmStatus, LANES, Marketing, MonthLanes, MonthSums,
    PlantingLanes, combine, farm_month, holds_all, plant, plant_rows, plant_rows_portable,
    tend_rows, tend_rows_portable,
};

fn world(replicate: u64) -> World {
    let loaded = tradewar::config::LoadedScenario::load(None, &[]).unwrap();
    let registry = tradewar::model::strategy::StrategyRegistry::default();
    tradewar::model::world::build_world(&loaded.typical, &registry, 7, replicate).unwrap()
}

/// The comparison in `benches/agents.rs` is honest: the plain loops produce exactly what
/// the ECS systems produce from the same agents, month after month.
#[test]
fn plain_loops_match_the_ecs_systems_bit_for_bit() {
    let mut w = world(3);
    clear_aid_due(&mut w);
    let mut farmers = farmers_of(&mut w);
    let mut firms = exporters_of(&mut w);
    assert!(farmers.len() >= 10_000 && firms.len() >= 100);
    let mut schedule = ecs_agent_schedule();
    for step in 0..8u32 {
        // October 2025 to May 2026: harvest months, plain months with stocks, idle
        // blocks of sell-at-harvest farmers, and April (no planting here: the agent
        // schedule runs the monthly pass only).
        w.resource_mut::<Calendar>().round = step;
        let m = farm_month_now(&w);
        let p = exporter_prices_now(&w);
        let mut rng = firms_rng(&w);
        let round = w.resource::<Calendar>().round;
        let sums = tend_farmers(&mut farmers, &m);
        let (totals, _) = run_exporters(&mut firms, &mut rng, &p, w.resource(), round);
        schedule.run(&mut w);
        let sector = w.resource::<FarmSector>();
        assert_eq!(
            sector.stock_bu.to_bits(),
            sums.stock.to_bits(),
            "step {step}"
        );
        assert_eq!(sector.ref_stock_bu.to_bits(), sums.ref_stock.to_bits());
        assert_eq!(sector.harvest_bu.to_bits(), sums.harvest.to_bits());
        assert_eq!(sector.active_acres.to_bits(), sums.active_acres.to_bits());
        assert_eq!(sector.active_count, sums.active);
        let ecs = w.resource::<ExporterTotals>();
        assert_eq!(ecs.direct_usd_bn.to_bits(), totals.direct_usd_bn.to_bits());
        assert_eq!(
            ecs.rerouted_usd_bn.to_bits(),
            totals.rerouted_usd_bn.to_bits()
        );
        assert_eq!(
            ecs.us_revenue_usd_bn.to_bits(),
            totals.us_revenue_usd_bn.to_bits()
        );
        assert_eq!(ecs.caught, totals.caught);
        assert_eq!(farmers_of(&mut w), farmers);
        clear_aid_due(&mut w);
    }
}

fn farmers(count: u32, equity: f64) -> (PlainFarmers, FarmMonth) {
    let sets = vec![
        format!("farmers.count={count}"),
        format!("farmers.equity_usd_ac_mean={equity}"),
    ];
    let loaded = tradewar::config::LoadedScenario::load(None, &sets).unwrap();
    let registry = tradewar::model::strategy::StrategyRegistry::default();
    let mut w = tradewar::model::world::build_world(&loaded.typical, &registry, 7, 1).unwrap();
    let m = plain::farm_month_now(&w);
    (farmers_of(&mut w), m)
}

/// Months of every kind, mostly at a price low enough that thin-equity farmers exit:
/// harvest, harvest with aid, a month at half price (store-for-target farmers hold their
/// harvest below target: the holding blocks), aid, a new marketing year with no harvest (season harvests
/// are reset: not an idle month), a plain month (the sell-at-harvest farmers' blocks hold
/// nothing); a high price, then a plain month (store-for-target farmers hold reference
/// stocks but no stocks: not idle); a harvest, a high no-conflict price, then a plain
/// month (they hold stocks but no reference stocks: not idle); the August clearance, and
/// a plain month after it (no block holds anything).
fn months(m: FarmMonth) -> Vec<FarmMonth> {
    let kinds = [
        (0.4, 0.0, false, false, 0.8, 1.0),
        (0.3, 0.2, false, false, 0.8, 1.0),
        (0.0, 0.0, false, false, 0.5, 0.5),
        (0.0, 0.1, false, false, 0.8, 1.0),
        (0.0, 0.0, false, true, 0.8, 1.0),
        (0.0, 0.0, false, false, 0.8, 1.0),
        (0.0, 0.0, false, false, 2.0, 1.0),
        (0.0, 0.0, false, false, 0.8, 1.0),
        (0.3, 0.0, false, false, 0.8, 1.0),
        (0.0, 0.0, false, false, 0.8, 2.0),
        (0.0, 0.0, false, false, 0.8, 1.0),
        (0.0, 0.0, true, false, 0.8, 1.0),
        (0.0, 0.0, false, false, 0.8, 1.0),
    ];
    kinds
        .iter()
        .map(
            |&(harvest_share, aid_usd_bu, clearance, new_season, price, ref_price)| FarmMonth {
                price: price * m.ref_price,
                ref_price: ref_price * m.ref_price,
                harvest_share,
                aid_usd_bu,
                clearance,
                new_season,
                storage_cost: 0.6,
                ..m
            },
        )
        .collect()
}

/// Blocks of `BLOCK` farmers (the last one partial) as ranges.
fn blocks(n: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..n)
        .step_by(BLOCK)
        .map(move |start| start..(start + BLOCK).min(n))
}

/// The farmers' month by the plain rules: `farm_month` on every farmer in turn, summed one
/// lane per `i mod LANES`, lanes combined pairwise.
fn month_by_the_rules(farmers: &mut PlainFarmers, m: &FarmMonth) -> MonthSums {
    let mut lanes = [[0.0f64; LANES]; 13];
    let (mut active, mut exits) = (0u32, 0u32);
    let mut cols = farmers.columns();
    for i in 0..cols.len() {
        let t = cols.traits(i);
        let (next, f) = farm_month(&t, cols.state(i), m);
        cols.set_state(i, next);
        let farming = next.status == FarmStatus::Farming;
        let acres = f64::from(t.acres);
        let adds = [
            f64::from(f.revenue),
            f64::from(f.ref_revenue),
            f64::from(f.storage),
            f64::from(f.ref_storage),
            f64::from(f.production_cost),
            f64::from(f.corn_net),
            f64::from(f.harvest_bu),
            f64::from(f.aid),
            f64::from(next.stock_bu),
            f64::from(next.ref_stock_bu),
            if farming { acres } else { 0.0 },
            f64::from(next.season_harvest_bu),
            if f.exited { acres } else { 0.0 },
        ];
        for (lane, add) in lanes.iter_mut().zip(adds) {
            lane[i % LANES] += add;
        }
        active += u32::from(farming);
        exits += u32::from(f.exited);
    }
    let c = |k: usize| combine(&lanes[k]);
    MonthSums {
        revenue: c(0),
        ref_revenue: c(1),
        storage_cost: c(2),
        ref_storage_cost: c(3),
        production_cost: c(4),
        corn_net: c(5),
        harvest: c(6),
        aid_paid: c(7),
        stock: c(8),
        ref_stock: c(9),
        active_acres: c(10),
        season_harvest: c(11),
        freed_acres: c(12),
        active,
        exits,
    }
}

/// April planting by the plain rules: `plant` on every farmer still farming (exited farms
/// keep their acreage and crop), summed in lane order: (acreage farmed, of it in soy).
fn planting_by_the_rules(
    farmers: &mut PlainFarmers,
    price: f32,
    factor: f32,
    m: &FarmMonth,
) -> (f64, f64) {
    let mut lanes = [[0.0f64; LANES]; 2];
    for i in 0..farmers.len() {
        if farmers.status[i] == FarmStatus::Exited {
            continue;
        }
        let mut t = farmers.traits(i);
        plant(&mut t, price, factor, m);
        farmers.acres[i].0 = t.acres;
        farmers.crop[i] = t.crop;
        lanes[0][i % LANES] += f64::from(t.acres);
        if t.crop == Crop::Soy {
            lanes[1][i % LANES] += f64::from(t.acres);
        }
    }
    (combine(&lanes[0]), combine(&lanes[1]))
}

/// The pass over the columns (`kernel`) is the plain rules (`farm_month`) applied to every
/// farmer, summed in the documented lane order, bit for bit: over months of every kind
/// (harvest, harvest with aid, aid, new season, holding blocks, idle blocks, clearance, and
/// an April planting between them), blocks of each marketing strategy alone and mixed, and
/// an agent count that leaves a partial block and a partial lane. The test counts each
/// kind of block the pass treats apart, so that it fails if the months stop reaching one.
#[test]
fn the_pass_applies_each_farmers_month_and_sums_in_lane_order() {
    // 2,003 farmers: whole blocks of each marketing strategy, a partial last block.
    let (mut plain, m0) = farmers(2_003, 40.0);
    // Blocks of each marketing strategy alone (the loops with the strategy constant) and
    // blocks that mix strategies (the loop that reads it per farmer).
    let mut one_strategy_blocks = [0usize; 3];
    let mut mixed_blocks = 0;
    for r in blocks(plain.len()) {
        let block = &plain.marketing[r];
        match block.iter().position(|k| *k != block[0]) {
            None => one_strategy_blocks[block[0] as usize] += 1,
            Some(_) => mixed_blocks += 1,
        }
    }
    assert!(
        one_strategy_blocks.iter().all(|n| *n > 0) && mixed_blocks > 0,
        "blocks of each strategy alone {one_strategy_blocks:?} and mixed {mixed_blocks}"
    );
    let (mut exits, mut holding_blocks, mut idle_blocks, mut plantings) = (0, 0, 0, 0);
    let (mut harvests, mut aid_months) = (0, 0);
    for (k, m) in months(m0).into_iter().enumerate() {
        harvests += usize::from(m.harvest_share > 0.0);
        aid_months += usize::from(m.aid_usd_bu != 0.0);
        let quiet = m.harvest_share == 0.0 && m.aid_usd_bu == 0.0 && !m.new_season;
        for r in blocks(plain.len()) {
            // Blocks that take the store-for-target "holding" path this month.
            let store_for_target = plain.marketing[r.clone()]
                .iter()
                .all(|k| *k == Marketing::StoreForTarget);
            let holds = m.harvest_share == 0.0
                && !m.clearance
                && holds_all(&plain.target_usd_bu[r.clone()], &m);
            holding_blocks += usize::from(store_for_target && holds);
            // Blocks that take the idle path: nothing in store, no negative cash.
            let idle = r.clone().all(|i| {
                plain.status[i] == FarmStatus::Exited
                    || (plain.stock_bu[i].0 == 0.0
                        && plain.ref_stock_bu[i].0 == 0.0
                        && plain.cash_usd[i].0 >= 0.0)
            });
            idle_blocks += usize::from(quiet && idle);
        }
        let mut expected = plain.clone();
        let want = month_by_the_rules(&mut expected, &m);
        let sums = plain::tend_farmers(&mut plain, &m);
        assert_eq!(plain, expected, "states");
        // Bit for bit: `{:?}` of an f64 round-trips, so equal text is equal bits.
        assert_eq!(format!("{sums:?}"), format!("{want:?}"), "{m:?}");
        exits += want.exits;
        if k == 5 {
            // April: planting between two months, at a low expected price.
            let (price, factor) = (0.85 * m.ref_price, 1.02);
            let mut expected = plain.clone();
            let want = planting_by_the_rules(&mut expected, price, factor, &m);
            let mut got = PlantingLanes::default();
            plant_rows(plain.columns(), price, factor, &m, &mut got);
            assert_eq!(plain, expected, "planting");
            assert_eq!(format!("{:?}", got.total()), format!("{want:?}"));
            plantings += 1;
        }
    }
    assert!(harvests > 0 && aid_months > 0 && plantings > 0);
    assert!(exits > 0, "the months tested include exits");
    assert!(
        holding_blocks > 0,
        "the months tested include holding blocks"
    );
    assert!(idle_blocks > 0, "the months tested include idle blocks");
    assert!(
        plain.stock_bu.iter().all(|s| s.0 == 0.0) && plain.ref_stock_bu.iter().all(|s| s.0 == 0.0),
        "the last month is one where every block holds nothing (the idle path)"
    );
}

/// The AVX2 build and the portable build of the pass give the same bits (on a CPU
/// without AVX2 both calls run the portable build, and the test says so).
#[test]
fn the_vector_builds_agree_bit_for_bit() {
    #[cfg(target_arch = "x86_64")]
    let avx2 = std::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    let avx2 = false;
    if !avx2 {
        eprintln!("no AVX2 on this CPU: only the portable build is exercised");
    }
    let (plain, m0) = farmers(2_501, 40.0);
    let (mut a, mut b) = (plain.clone(), plain);
    for m in months(m0) {
        let (mut la, mut lb) = (MonthLanes::default(), MonthLanes::default());
        tend_rows(a.columns(), &m, &mut la);
        tend_rows_portable(b.columns(), &m, &mut lb);
        assert_eq!(a, b);
        let (sa, sb) = (la.total(), lb.total());
        assert_eq!(format!("{sa:?}"), format!("{sb:?}"));
        assert_eq!(sa.revenue.to_bits(), sb.revenue.to_bits());
        assert_eq!(sa.ref_storage_cost.to_bits(), sb.ref_storage_cost.to_bits());
    }
}

/// April planting over columns is `plant` on every farmer still farming (exited farms
/// keep their acreage and crop), summed in lane order, in both vector builds; 1,003
/// farmers leave a partial block and lane.
#[test]
fn planting_plants_every_active_farm_and_sums_in_lane_order() {
    let (mut plain, m) = farmers(1_003, 40.0);
    for i in (0..plain.len()).step_by(7) {
        plain.status[i] = FarmStatus::Exited;
    }
    let mut expected = plain.clone();
    let (price, factor) = (0.85 * m.ref_price, 1.02);
    let want = planting_by_the_rules(&mut expected, price, factor, &m);
    let mut portable = plain.clone();
    let mut got = PlantingLanes::default();
    plant_rows(plain.columns(), price, factor, &m, &mut got);
    assert_eq!(plain, expected);
    assert_eq!(format!("{:?}", got.total()), format!("{want:?}"));
    // The portable build (what a CPU without AVX2 runs) gives the same bits.
    let mut portable_lanes = PlantingLanes::default();
    plant_rows_portable(portable.columns(), price, factor, &m, &mut portable_lanes);
    assert_eq!(portable, expected);
    assert_eq!(
        format!("{:?}", portable_lanes.total()),
        format!("{:?}", got.total())
    );
    let corn = expected.crop.iter().filter(|c| **c == Crop::Corn).count();
    assert!(
        corn > 0 && want.1 > 0.0,
        "the price tested splits farms between crops"
    );
}
