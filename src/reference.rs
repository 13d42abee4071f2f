//! A plain-Rust reference of the per-agent updates (issue 8): the farmers' month and the
//! Chinese exporters' month on plain `Vec<struct>`s, with no ECS, so the ECS's overhead is
//! measured rather than guessed (`cargo bench --bench agents`).
//!
//! Both sides call the same per-agent arithmetic ([`farm_month_as`], [`exporter_month`]) and
//! sum in the same order, so their results are bit-identical (tested below); what differs is
//! only how the agents are stored and visited. The reference is written as fast as plain
//! Rust gets without changing the arithmetic: one array of small structs, no dynamic
//! dispatch, the month kind resolved once per month rather than once per agent.

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::SingleThreadedExecutor;
use rand::RngExt;

use crate::calendar::Calendar;
use crate::config::Scenario;
use crate::exporters::{ExporterTotals, Prices, exporter_month};
use crate::farmers::{
    Crop, Farm, FarmAid, FarmMonth, FarmSector, FarmStatus, Holdings, Marketing, MonthSums,
    farm_month_as, month_terms,
};
use crate::firms::{Exporter, ExporterState, FirmsRng};
use crate::government::{Governments, Tariff};
use crate::rng::SimRng;
use crate::soybeans::SoybeanMarket;

/// One farmer, all its components in one struct.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlainFarmer {
    /// Land and agronomy.
    pub farm: Farm,
    /// Crop in the ground.
    pub crop: Crop,
    /// Marketing strategy.
    pub marketing: Marketing,
    /// Stocks and money.
    pub holdings: Holdings,
    /// Still farming or not.
    pub status: FarmStatus,
}

/// One Chinese exporter: traits and state.
#[derive(Debug, Clone, Copy)]
pub struct PlainExporter {
    /// Fixed traits.
    pub firm: Exporter,
    /// State.
    pub state: ExporterState,
}

/// The farmers of a world, copied out in query order.
pub fn farmers_of(world: &mut World) -> Vec<PlainFarmer> {
    world
        .query::<(&Farm, &Crop, &Marketing, &Holdings, &FarmStatus)>()
        .iter(world)
        .map(|(farm, crop, marketing, holdings, status)| PlainFarmer {
            farm: *farm,
            crop: *crop,
            marketing: *marketing,
            holdings: *holdings,
            status: *status,
        })
        .collect()
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
        world.resource::<SoybeanMarket>(),
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

fn farmers_as<const HARVEST: bool, const AID: bool>(
    farmers: &mut [PlainFarmer],
    m: &FarmMonth,
) -> MonthSums {
    let mut sums = MonthSums::default();
    for a in farmers.iter_mut() {
        if a.status == FarmStatus::Exited {
            continue;
        }
        let f = farm_month_as::<HARVEST, AID>(
            &a.farm,
            a.crop,
            a.marketing,
            &mut a.holdings,
            &mut a.status,
            m,
        );
        sums.add::<HARVEST, AID>(&f, &a.farm, &a.holdings);
    }
    sums
}

/// Every farmer's month, summed in order (the loop of `farmers::tend_farms`).
pub fn tend_farmers(farmers: &mut [PlainFarmer], m: &FarmMonth) -> MonthSums {
    match (m.harvest_share > 0.0, m.aid_usd_bu != 0.0) {
        (true, true) => farmers_as::<true, true>(farmers, m),
        (true, false) => farmers_as::<true, false>(farmers, m),
        (false, true) => farmers_as::<false, true>(farmers, m),
        (false, false) => farmers_as::<false, false>(farmers, m),
    }
}

/// Every exporter's month, one uniform each from `rng` (the loop of
/// `exporters::chinese_exporters`): the month's totals and the employment-weighted base.
pub fn run_exporters(
    firms: &mut [PlainExporter],
    rng: &mut SimRng,
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
            crate::farmers::tend_farms,
            crate::exporters::chinese_exporters,
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
pub fn firms_rng(world: &World) -> SimRng {
    world.resource::<FirmsRng>().0.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world(replicate: u64) -> World {
        let loaded = crate::config::LoadedScenario::load(None, &[]).unwrap();
        let registry = crate::strategy::StrategyRegistry::default();
        crate::replicate::build_world(&loaded.typical, &registry, 7, replicate).unwrap()
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
        for step in 0..6 {
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
}
