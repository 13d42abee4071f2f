//! The farmers' month as a system (docs/model.md §4.7, steps 2–6, and "Farm income and its
//! no-conflict reference"): the terms every farmer faces this month ([`month_terms`]), the
//! farmers' query, and [`tend_farms`], which runs the pass over the columns (`kernel`) and
//! turns its sums into the farm sector's income, its no-conflict reference and the loss
//! between them.

use bevy_ecs::prelude::*;

use super::aid::FarmAid;
use super::components::{FarmColumns, FarmQuery};
use super::kernel::{MonthLanes, MonthSums, tend_rows};
use super::rules::{FarmMonth, farm_month_of, harvest_share};
use super::sector::FarmSector;
use crate::config::{ExitAcreage, FarmerConfig, Scenario};
use crate::foundation::calendar::Calendar;
use crate::model::state::markets::SoyPrices;

/// What every farmer faces this month: prices, calendar flags and the aid rate for the aid
/// `due_usd_bn` paid this month.
pub fn month_terms(
    calendar: &Calendar,
    fc: &FarmerConfig,
    market: &SoyPrices,
    sector: &FarmSector,
    due_usd_bn: f64,
) -> FarmMonth {
    let month = calendar.month();
    let aid_usd_bu = if sector.season_harvest_bu > 0.0 {
        due_usd_bn * 1e9 / sector.season_harvest_bu
    } else {
        0.0
    };
    FarmMonth {
        price: market.farm_gate_usd_bu as f32,
        ref_price: market.ref_farm_gate_usd_bu as f32,
        harvest_share: harvest_share(fc, month, calendar.round == 0),
        clearance: month == 8,
        new_season: calendar.is_new_marketing_year(),
        ..farm_month_of(fc, aid_usd_bu)
    }
}

/// Every farmer's month (the per-agent pass of [`tend_farms`]), summed in query order.
pub fn tend_query(farms: &mut FarmQuery, m: &FarmMonth) -> MonthSums {
    let mut lanes = MonthLanes::default();
    // Table by table, as slices (the farm components are table-stored, so the query is
    // dense): the pass is a loop over arrays, with no per-entity fetch.
    let tables = farms
        .contiguous_iter_mut()
        .expect("farm components are table-stored");
    for mut table in tables {
        tend_rows(FarmColumns::of_table(&mut table), m, &mut lanes);
    }
    lanes.total()
}

/// Farmers step (§4.7): every farmer's month, summed into the farm sector's income, its
/// no-conflict reference and the loss between them.
pub fn tend_farms(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    market: Res<SoyPrices>,
    mut aid: ResMut<FarmAid>,
    mut sector: ResMut<FarmSector>,
    mut farms: FarmQuery,
) {
    let fc = &scenario.farmers;
    let due = aid.take(calendar.round);
    let m = month_terms(&calendar, fc, &market, &sector, due);
    let sums = tend_query(&mut farms, &m);
    let MonthSums {
        revenue,
        ref_revenue,
        storage_cost,
        ref_storage_cost,
        production_cost,
        corn_net,
        harvest,
        aid_paid,
        stock,
        ref_stock,
        active_acres,
        season_harvest,
        freed_acres,
        active,
        exits,
    } = sums;

    let (p, p_ref) = (f64::from(m.price), f64::from(m.ref_price));
    let common = corn_net - production_cost;
    let market_income =
        revenue - storage_cost + common + p * stock - sector.last_price * sector.stock_bu;
    let ref_income = ref_revenue - ref_storage_cost + common + p_ref * ref_stock
        - sector.last_ref_price * sector.ref_stock_bu;
    let s = &mut *sector;
    s.income_usd_bn = (market_income + aid_paid) * 1e-9;
    s.ref_income_usd_bn = ref_income * 1e-9;
    s.loss_usd_bn = (ref_income - market_income) * 1e-9;
    s.aid_usd_bn = aid_paid * 1e-9;
    s.stock_bu = stock;
    s.ref_stock_bu = ref_stock;
    s.harvest_bu = harvest;
    s.last_price = p;
    s.last_ref_price = p_ref;
    s.active_count = active;
    s.exited_count += exits;
    s.active_acres = active_acres;
    if fc.exit_acreage == ExitAcreage::Neighbour {
        s.pool_acres += freed_acres;
    }
    s.season_harvest_bu = season_harvest;
    s.total_income_usd_bn += s.income_usd_bn;
    s.total_ref_income_usd_bn += s.ref_income_usd_bn;
    s.total_loss_usd_bn += s.loss_usd_bn;
    s.total_aid_usd_bn += s.aid_usd_bn;
}
