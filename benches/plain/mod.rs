//! The plain-loop reference of the per-agent updates: the farmers' month and the Chinese
//! exporters' month on plain `Vec`s, with no ECS, so that `benches/agents.rs` measures the
//! ECS's overhead rather than guessing it. `tests/plain_loop.rs` includes this same module
//! and checks that both sides give the same bits.
//!
//! Both sides run the same per-agent arithmetic (the farmers' pass
//! [`tradewar::model::mechanisms::farmers::tend_rows`], [`exporter_month`]) and sum in the
//! same order, so their results are bit-identical; what differs is only how the agents are
//! stored and reached. The reference is as fast as plain Rust gets without changing the
//! arithmetic: farmers in one vector per field (the vectorised layout), exporters in one
//! array of small structs, no dynamic dispatch, the month kind resolved once per month.
//!
//! It uses the crate through its public API only.

// The bench and the test each use part of the harness.
#![allow(dead_code)]

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::SingleThreadedExecutor;
use rand::RngExt;

use tradewar::config::Scenario;
use tradewar::foundation::calendar::Calendar;
use tradewar::foundation::rng::BulkRng;
use tradewar::model::mechanisms::exporters::{
    Exporter, ExporterState, ExporterTotals, Prices, exporter_month,
};
use tradewar::model::mechanisms::farmers::{
    FarmAid, FarmColumns, FarmMonth, FarmSector, FarmerData, FarmerVecs, MonthLanes, MonthSums,
    month_terms, tend_rows,
};
use tradewar::model::state::firms::FirmsRng;
use tradewar::model::state::instruments::Tariff;
use tradewar::model::state::markets::SoyPrices;
use tradewar::model::state::sides::Governments;

/// The farmers as plain vectors, one per column, in the ECS's query order (the layout the
/// farmers' month is written for).
pub type PlainFarmers = FarmerVecs;

/// One Chinese exporter: traits and state.
#[derive(Debug, Clone, Copy)]
pub struct PlainExporter {
    /// Fixed traits.
    pub firm: Exporter,
    /// State.
    pub state: ExporterState,
}

/// The farmers of a world, copied out in query order.
pub fn farmers_of(world: &mut World) -> PlainFarmers {
    let mut out = PlainFarmers::default();
    let mut query = world.query::<FarmerData>();
    for mut table in query.contiguous_iter_mut(world).expect("table-stored") {
        out.extend_from(&FarmColumns::of_table(&mut table));
    }
    out
}

/// Writes `farmers` (as copied out by [`farmers_of`]) back into the world's farmers, in
/// query order: a benchmark restores the same month before every timed step.
pub fn set_farmers(world: &mut World, farmers: &PlainFarmers) {
    let mut query = world.query::<FarmerData>();
    let mut start = 0;
    for mut table in query.contiguous_iter_mut(world).expect("table-stored") {
        let mut columns = FarmColumns::of_table(&mut table);
        columns.copy_from(farmers, start);
        start += columns.len();
    }
}

/// Writes `firms` (as copied out by [`exporters_of`]) back into the world's exporters.
pub fn set_exporters(world: &mut World, firms: &[PlainExporter]) {
    let mut query = world.query::<&mut ExporterState>();
    for (i, mut state) in query.iter_mut(world).enumerate() {
        *state = firms[i].state;
    }
}

/// The Chinese exporters of a world, copied out in query order.
pub fn exporters_of(world: &mut World) -> Vec<PlainExporter> {
    world
        .query::<(&Exporter, &ExporterState)>()
        .iter(world)
        .map(|(firm, state)| PlainExporter {
            firm: *firm,
            state: *state,
        })
        .collect()
}

/// The month terms the farmers' system would use in `world` now (no aid due).
pub fn farm_month_now(world: &World) -> FarmMonth {
    month_terms(
        world.resource::<Calendar>(),
        &world.resource::<Scenario>().farmers,
        world.resource::<SoyPrices>(),
        world.resource::<FarmSector>(),
        0.0,
    )
}

/// The exporters' prices in `world` now (at the US tariff level).
pub fn exporter_prices_now(world: &World) -> Prices {
    let us = world.resource::<Governments>().us;
    let tariff = world.get::<Tariff>(us).map_or(0.0, |t| t.0.level);
    Prices::new(world.resource::<Scenario>(), tariff)
}

/// Every farmer's month over the plain vectors (the pass of `farmers::tend_farms`).
pub fn tend_farmers(farmers: &mut PlainFarmers, m: &FarmMonth) -> MonthSums {
    let mut lanes = MonthLanes::default();
    tend_rows(farmers.columns(), m, &mut lanes);
    lanes.total()
}

/// Every exporter's month, one uniform each from `rng` (the loop of
/// `exporters::chinese_exporters`): the month's totals and the employment-weighted base.
pub fn run_exporters(
    firms: &mut [PlainExporter],
    rng: &mut BulkRng,
    p: &Prices,
    scenario: &Scenario,
    round: u32,
) -> (ExporterTotals, f64) {
    let mut t = ExporterTotals::default();
    let mut employed = 0.0;
    for a in firms.iter_mut() {
        let u: f64 = rng.random();
        exporter_month(
            &a.firm,
            &mut a.state,
            u,
            p,
            &scenario.exporters,
            round,
            &mut t,
            &mut employed,
        );
    }
    (t, employed)
}

/// The ECS side of the comparison: a schedule with the model's own farmer and exporter
/// systems (`tend_farms`, `chinese_exporters`), single-threaded as in a replicate.
pub fn ecs_agent_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.add_systems(
        (
            tradewar::model::mechanisms::farmers::tend_farms,
            tradewar::model::mechanisms::exporters::chinese_exporters,
        )
            .chain(),
    );
    schedule
}

/// Clears the aid due this round so the ECS step and the reference face the same month.
pub fn clear_aid_due(world: &mut World) {
    world.resource_mut::<FarmAid>().due_usd_bn = [0.0; 13];
}

/// The exporters' random stream of a world (to give the reference the same draws).
pub fn firms_rng(world: &World) -> BulkRng {
    world.resource::<FirmsRng>().0.clone()
}
