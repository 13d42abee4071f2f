//! The monthly schedule (docs/model.md §4): one chained tuple of systems, in the order the
//! month runs, on the single-threaded executor (parallelism is across replicates; see
//! `experiment::runner`).
//!
//! The month, step by step:
//! 1. **Calendar** (§4.1): `advance_calendar`, `reset_ledger` (a new month starts with an
//!    empty ledger), `fire_events` (summits, threats and expiries due; political shocks).
//!    **Talks of a summit month** (§4.4): `summit_talks` — a scheduled summit's talks are
//!    resolved before the month's moves, so a deal struck there sets the terms the month's
//!    moves are measured against and cancels or postpones the measures its bundle names.
//! 2. **Observe** (§4.2): `observe` — each government sees the other's instruments and
//!    moves, its own pressure and welfare, the deal and the summit.
//! 3. **Decide** (§4.3): `decide` (strategies pick moves; the tariff moves), then each
//!    instrument's mechanism applies its move: `apply_purchase_moves` (China's purchase
//!    directive and soybean tariff), `apply_control_moves` (US tech controls, China's
//!    rare-earth licensing), `scheduled_squeeze` (a scheduled rare-earth squeeze overrides
//!    China's licensing and reports the move).
//! 4. **Negotiate** (§4.4): `negotiate` — breaches of the agreed levels, compliance reviews,
//!    expiry and renewal, threats and truce expiries falling due, working-level talks.
//! 5. **Goods trade** (§4.5): `chinese_exporters` (rerouting, sales, jobs; the effective US
//!    tariff), `trade_goods` (bilateral imports, revenue, buyers' cost), `settle_exporters`
//!    (exporters' costs to China's ledger).
//! 6. **Soybean market** (§4.6): `clear_soybean_market`.
//! 7. **Farmers** (§4.7): `plant_crops`, `tend_farms`, `decide_farm_aid`.
//! 8. **Rare earths** (§4.8): `license_and_supply`.
//! 9. **Tech controls** (§4.9): `tech_controls`.
//! 10. **Politics** (§4.10): `update_pressure`.
//! 11. **Welfare** (§4.11): `account_welfare`.
//! 12. **Record** (§4.12): `record`.
//!
//! This is the order the schedule ran in when its steps were system sets: there,
//! `apply_purchase_moves` had no order relative to `apply_control_moves` and
//! `scheduled_squeeze`, and bevy ran it first; they touch different instruments, so
//! the order does not change outputs, and it is fixed here. The test below checks the
//! order system by system.

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::SingleThreadedExecutor;

use crate::foundation::calendar::advance_calendar;
use crate::model::mechanisms::events::fire_events;
use crate::model::mechanisms::exporters::{chinese_exporters, settle_exporters};
use crate::model::mechanisms::farmers::{decide_farm_aid, plant_crops, tend_farms};
use crate::model::mechanisms::governments::{apply_control_moves, decide, observe};
use crate::model::mechanisms::negotiation::{negotiate, summit_talks};
use crate::model::mechanisms::politics::update_pressure;
use crate::model::mechanisms::rare_earths::{license_and_supply, scheduled_squeeze};
use crate::model::mechanisms::soybeans::{apply_purchase_moves, clear_soybean_market};
use crate::model::mechanisms::tech_controls::tech_controls;
use crate::model::mechanisms::trade::trade_goods;
use crate::model::mechanisms::welfare::{account_welfare, reset_ledger};
use crate::model::recorder::record;

/// Builds the month's schedule: every system of every mechanism, chained in the order of
/// the month (see the module doc). The nested tuples group the month's steps (bevy's tuple
/// limit); each is chained itself, as `chain` orders only the elements of its own tuple.
pub fn month_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.add_systems(
        (
            // §4.1 calendar
            (advance_calendar, reset_ledger, fire_events, summit_talks).chain(),
            // §4.2 observe, §4.3 decide
            (
                observe,
                decide,
                apply_purchase_moves,
                apply_control_moves,
                scheduled_squeeze,
            )
                .chain(),
            // §4.4 negotiate
            negotiate,
            // §4.5 goods trade, §4.6 soybean market
            (
                chinese_exporters,
                trade_goods,
                settle_exporters,
                clear_soybean_market,
            )
                .chain(),
            // §4.7 farmers
            (plant_crops, tend_farms, decide_farm_aid).chain(),
            // §4.8 rare earths, §4.9 tech controls, §4.10 politics, §4.11 welfare
            (
                license_and_supply,
                tech_controls,
                update_pressure,
                account_welfare,
            )
                .chain(),
            // §4.12 record
            record,
        )
            .chain(),
    );
    schedule
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy_ecs::system::IntoSystem;
    use std::any::TypeId;

    fn id<M, S: IntoSystem<(), (), M>>(s: S) -> TypeId {
        IntoSystem::into_system(s).system_type()
    }

    /// The schedule runs its systems in exactly the order of the module doc.
    #[test]
    fn the_month_runs_in_the_documented_order() {
        let expected = [
            ("advance_calendar", id(advance_calendar)),
            ("reset_ledger", id(reset_ledger)),
            ("fire_events", id(fire_events)),
            ("summit_talks", id(summit_talks)),
            ("observe", id(observe)),
            ("decide", id(decide)),
            ("apply_purchase_moves", id(apply_purchase_moves)),
            ("apply_control_moves", id(apply_control_moves)),
            ("scheduled_squeeze", id(scheduled_squeeze)),
            ("negotiate", id(negotiate)),
            ("chinese_exporters", id(chinese_exporters)),
            ("trade_goods", id(trade_goods)),
            ("settle_exporters", id(settle_exporters)),
            ("clear_soybean_market", id(clear_soybean_market)),
            ("plant_crops", id(plant_crops)),
            ("tend_farms", id(tend_farms)),
            ("decide_farm_aid", id(decide_farm_aid)),
            ("license_and_supply", id(license_and_supply)),
            ("tech_controls", id(tech_controls)),
            ("update_pressure", id(update_pressure)),
            ("account_welfare", id(account_welfare)),
            ("record", id(record)),
        ];
        let mut schedule = month_schedule();
        let mut world = World::new();
        schedule.initialize(&mut world).unwrap();
        let ran: Vec<&str> = schedule
            .systems()
            .unwrap()
            .map(|(_, s)| {
                let t = s.system_type();
                expected
                    .iter()
                    .find(|(_, id)| *id == t)
                    .map_or("?", |(name, _)| *name)
            })
            .collect();
        let names: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
        assert_eq!(ran, names);
    }
}
