//! The monthly schedule (MODEL.md §4): one `Schedule` whose steps run in the order of the
//! model brief, on the single-threaded executor (parallelism is across replicates; see
//! `runner`). Each step is a named system set, chained once here, so the schedule reads
//! like the month it simulates.

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::SingleThreadedExecutor;

use crate::foundation::calendar::advance_calendar;
use crate::model::mechanisms::events::fire_events;
use crate::model::mechanisms::exporters::{chinese_exporters, settle_exporters};
use crate::model::mechanisms::farmers::{decide_farm_aid, plant_crops, tend_farms};
use crate::model::mechanisms::governments::{apply_control_moves, decide, observe};
use crate::model::mechanisms::negotiation::negotiate;
use crate::model::mechanisms::politics::update_pressure;
use crate::model::mechanisms::rare_earths::{license_and_supply, scheduled_squeeze};
use crate::model::mechanisms::soybeans::{apply_purchase_moves, clear_soybean_market};
use crate::model::mechanisms::tech_controls::tech_controls;
use crate::model::mechanisms::trade::trade_goods;
use crate::model::mechanisms::welfare::{account_welfare, reset_ledger};
use crate::model::metrics::record;

/// The steps of one month, in order (MODEL.md §4.1–4.12).
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MonthStep {
    /// §4.1: advance the month; fire scheduled events and random shocks.
    Calendar,
    /// §4.2: each government sees the other's last moves, its welfare and pressure.
    Observe,
    /// §4.3: each strategy picks its moves.
    Decide,
    /// §4.4: summits, deals, compliance, snapback.
    Negotiate,
    /// §4.5: bilateral goods trade answers the tariffs.
    GoodsTrade,
    /// §4.6: China's soybean imports split between the US and Brazil.
    SoybeanMarket,
    /// §4.7: farmers harvest, sell or store, plant, exit; farm aid.
    Farmers,
    /// §4.8: rare-earth licences, magnet inventories, shortages, non-China capacity.
    RareEarthLicensing,
    /// §4.9: tech export controls and substitution.
    TechControls,
    /// §4.10: domestic pressure.
    Politics,
    /// §4.11: welfare.
    Welfare,
    /// §4.12: append the month's metrics.
    Record,
}

/// Builds the month's schedule with every mechanism's systems in its step. The steps are
/// chained here, once, in the order of MODEL.md §4.
pub fn month_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    schedule.configure_sets(
        (
            MonthStep::Calendar,
            MonthStep::Observe,
            MonthStep::Decide,
            MonthStep::Negotiate,
            MonthStep::GoodsTrade,
            MonthStep::SoybeanMarket,
            MonthStep::Farmers,
            MonthStep::RareEarthLicensing,
            MonthStep::TechControls,
            MonthStep::Politics,
            MonthStep::Welfare,
            MonthStep::Record,
        )
            .chain(),
    );
    schedule.add_systems(
        (advance_calendar, reset_ledger, fire_events)
            .chain()
            .in_set(MonthStep::Calendar),
    );
    schedule.add_systems(negotiate.in_set(MonthStep::Negotiate));
    schedule.add_systems(observe.in_set(MonthStep::Observe));
    schedule.add_systems(decide.in_set(MonthStep::Decide));
    schedule.add_systems(
        (apply_control_moves, scheduled_squeeze)
            .chain()
            .after(decide)
            .in_set(MonthStep::Decide),
    );
    schedule.add_systems(trade_goods.in_set(MonthStep::GoodsTrade));
    schedule.add_systems(
        chinese_exporters
            .before(trade_goods)
            .in_set(MonthStep::GoodsTrade),
    );
    schedule.add_systems(
        settle_exporters
            .after(trade_goods)
            .in_set(MonthStep::GoodsTrade),
    );
    schedule.add_systems(license_and_supply.in_set(MonthStep::RareEarthLicensing));
    schedule.add_systems(tech_controls.in_set(MonthStep::TechControls));
    schedule.add_systems(apply_purchase_moves.in_set(MonthStep::Decide).after(decide));
    schedule.add_systems(clear_soybean_market.in_set(MonthStep::SoybeanMarket));
    schedule.add_systems(
        (plant_crops, tend_farms, decide_farm_aid)
            .chain()
            .in_set(MonthStep::Farmers),
    );
    schedule.add_systems(update_pressure.in_set(MonthStep::Politics));
    schedule.add_systems(account_welfare.in_set(MonthStep::Welfare));
    schedule.add_systems(record.in_set(MonthStep::Record));
    schedule
}
