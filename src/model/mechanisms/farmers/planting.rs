//! April planting (docs/model.md §4.7, step 1): neighbours take up the acreage of farmers
//! who exited since the last planting, and every farmer still farming plants soybeans or
//! corn by expected margins (`rules::plant`); the pass over the columns ([`plant_rows`])
//! sums the acreage in the order of `lanes`, and [`plant_crops`] is the system.

use bevy_ecs::prelude::*;

use super::components::{Crop, FarmColumns, FarmQuery, FarmStatus};
use super::lanes::{BLOCK, LANES, Lanes, add_lanes_of, combine};
use super::rules::{FarmMonth, farm_month_of, plant};
use super::sector::FarmSector;
use super::vectors::widest;
use crate::config::Scenario;
use crate::foundation::calendar::Calendar;
use crate::model::state::markets::SoyPrices;

/// April's sums while the planting pass runs, in lanes as the month's (see `lanes`).
#[derive(Debug, Clone, Default)]
pub struct PlantingLanes {
    acres: Lanes,
    soy_acres: Lanes,
}

impl PlantingLanes {
    /// (acreage of the farmers still farming, of it in soybeans).
    pub fn total(&self) -> (f64, f64) {
        (combine(&self.acres), combine(&self.soy_acres))
    }
}

widest! {
    /// April planting over one table's columns (`plant` on every farmer still farming),
    /// summed into `lanes`. Call once per table, in query order, with the same `lanes`.
    /// Branch-free like the month (a farm's choice is close to a coin flip across farms, so
    /// a branch on it would be mispredicted half the time), and run on the widest vectors
    /// of the CPU (`vectors::widest!`).
    pub fn plant_rows(
        cols: FarmColumns,
        expected_soy_price: f32,
        acres_factor: f32,
        m: &FarmMonth,
        lanes: &mut PlantingLanes,
    ) => plant_rows_portable
}

/// [`plant_rows`] compiled for the baseline target only (public so that a test can check
/// both builds give the same bits).
#[inline(always)]
pub fn plant_rows_portable(
    mut cols: FarmColumns,
    expected_soy_price: f32,
    acres_factor: f32,
    m: &FarmMonth,
    lanes: &mut PlantingLanes,
) {
    let n = cols.len();
    let mut farmed = [0.0f32; BLOCK];
    let mut soy = [0.0f32; BLOCK];
    let mut start = 0;
    while start < n {
        let len = (n - start).min(BLOCK);
        let end = start + len;
        let b = cols.block(start..end);
        for j in 0..len {
            let farming = b.status[j] == FarmStatus::Farming;
            let mut planted = b.traits(j);
            plant(&mut planted, expected_soy_price, acres_factor, m);
            let was_soy = b.crop[j] == Crop::Soy;
            let is_soy = planted.crop == Crop::Soy;
            // `&`/`|` on bools, not `&&`/`||`: no branch.
            let soy_now = (farming & is_soy) | (!farming & was_soy);
            b.acres[j].0 = if farming { planted.acres } else { b.acres[j].0 };
            b.crop[j] = if soy_now { Crop::Soy } else { Crop::Corn };
            farmed[j] = if farming { planted.acres } else { 0.0 };
            soy[j] = if farming & is_soy { planted.acres } else { 0.0 };
        }
        let padded = len.next_multiple_of(LANES);
        farmed[len..padded].fill(0.0);
        soy[len..padded].fill(0.0);
        add_lanes_of(
            [&mut lanes.acres, &mut lanes.soy_acres],
            [&farmed[..padded], &soy[..padded]],
        );
        start = end;
    }
}

/// Farmers step (§4.7), April: neighbours take up the acreage of farmers who exited since the
/// last planting, and every farmer plants soybeans or corn by expected margins at this
/// month's farm-gate price.
pub fn plant_crops(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    market: Res<SoyPrices>,
    mut sector: ResMut<FarmSector>,
    mut farms: FarmQuery,
) {
    if !calendar.is_planting() {
        return;
    }
    let factor = if sector.active_acres > 0.0 {
        (1.0 + sector.pool_acres / sector.active_acres) as f32
    } else {
        1.0
    };
    let m = farm_month_of(&scenario.farmers, 0.0);
    let expected = market.farm_gate_usd_bu as f32;
    let mut lanes = PlantingLanes::default();
    let tables = farms
        .contiguous_iter_mut()
        .expect("farm components are table-stored");
    for mut table in tables {
        let cols = FarmColumns::of_table(&mut table);
        plant_rows(cols, expected, factor, &m, &mut lanes);
    }
    let (acres, soy_acres) = lanes.total();
    sector.pool_acres = 0.0;
    sector.active_acres = acres;
    sector.soy_acres_planted = Some(soy_acres);
}
