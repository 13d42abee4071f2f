//! The farmers' economics in a whole world (docs/model.md §4.7): claims that need the
//! soybean market, the governments and the month's schedule around the farmers, checked
//! through the public API. The per-farmer rules are unit-tested in
//! `model::mechanisms::farmers`.

use bevy_ecs::prelude::*;
use tradewar::config::LoadedScenario;
use tradewar::model::mechanisms::farmers::{CashUsd, FarmSector, FarmStatus, RefStockBu, StockBu};
use tradewar::model::schedule::month_schedule;
use tradewar::model::state::markets::SoyPrices;
use tradewar::model::strategy::StrategyRegistry;
use tradewar::model::world::build_world;

fn world(sets: &[&str]) -> World {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let loaded = LoadedScenario::load(None, &sets).unwrap();
    let registry = StrategyRegistry::default();
    build_world(&loaded.typical, &registry, 7, 0).unwrap()
}

#[test]
fn over_a_frozen_year_stocks_stay_non_negative_and_exits_have_negative_equity() {
    let mut w = world(&[
        "farmers.count=2000",
        "us.strategy.name=\"hold\"",
        "cn.strategy.name=\"hold\"",
        "farmers.equity_usd_ac_mean=60",
    ]);
    let mut schedule = month_schedule();
    let mut exited = 0;
    for _ in 0..14 {
        schedule.run(&mut w);
        let price = w.resource::<SoyPrices>().farm_gate_usd_bu as f32;
        let mut farms = w.query::<(&StockBu, &RefStockBu, &CashUsd, &FarmStatus)>();
        for (stock, ref_stock, cash, st) in farms.iter(&w) {
            assert!(stock.0 >= 0.0 && ref_stock.0 >= 0.0);
            if *st == FarmStatus::Farming {
                assert!(cash.0 + stock.0 * price >= 0.0);
            } else {
                exited += 1;
                assert!(cash.0 < 0.0, "exited with equity {}", cash.0);
            }
        }
    }
    assert!(exited > 0, "thin equity makes some farmers exit");
    let sector = w.resource::<FarmSector>();
    assert!(sector.total_loss_usd_bn > 0.0, "the freeze costs farmers");
    assert!(sector.total_aid_usd_bn > 0.0, "and aid follows");
}
