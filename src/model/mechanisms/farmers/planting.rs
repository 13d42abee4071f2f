//! April planting (docs/model.md §4.7, step 1): neighbours take up the acreage of farmers
//! who exited since the last planting, and every farmer still farming plants soybeans or
//! corn by expected margins (`rules::plant`); the pass over the columns ([`plant_rows`])
//! sums the acreage in the order of `lanes`, and [`plant_crops`] is the system.

use bevy_ecs::prelude::*;

use super::components::{
    CornEdgeUsdAc, Crop, Farm, FarmAcres, FarmStatus, SoyCostUsdAc, SoyYieldBuAc,
};
use super::lanes::{BLOCK, LANES, Lanes, add_lanes_of, combine};
use super::rules::{FarmMonth, farm_month_of, plant};
use super::sector::FarmSector;
use super::vectors::widest;
use crate::config::Scenario;
use crate::foundation::calendar::Calendar;
use crate::model::state::markets::SoyPrices;

/// One table's columns as April planting reads and writes them (all the same length).
pub struct PlantRows<'a> {
    /// Cropland (grows by the neighbours' take-up).
    pub acres: &'a mut [FarmAcres],
    /// Soybean yields.
    pub yield_bu_ac: &'a [SoyYieldBuAc],
    /// Soybean costs.
    pub cost_usd_ac: &'a [SoyCostUsdAc],
    /// Corn advantages.
    pub corn_edge_usd_ac: &'a [CornEdgeUsdAc],
    /// Crop planted.
    pub crop: &'a mut [Crop],
    /// Farming or exited (exited farms plant nothing).
    pub status: &'a [FarmStatus],
}

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
        rows: PlantRows,
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
    rows: PlantRows,
    expected_soy_price: f32,
    acres_factor: f32,
    m: &FarmMonth,
    lanes: &mut PlantingLanes,
) {
    let n = rows.acres.len();
    assert!(
        rows.yield_bu_ac.len() == n
            && rows.cost_usd_ac.len() == n
            && rows.corn_edge_usd_ac.len() == n
            && rows.crop.len() == n
            && rows.status.len() == n,
        "farmer columns of one table have one length"
    );
    let mut farmed = [0.0f32; BLOCK];
    let mut soy = [0.0f32; BLOCK];
    let mut start = 0;
    while start < n {
        let len = (n - start).min(BLOCK);
        let end = start + len;
        let acres = &mut rows.acres[start..end];
        let yield_bu_ac = &rows.yield_bu_ac[start..end];
        let cost_usd_ac = &rows.cost_usd_ac[start..end];
        let corn_edge_usd_ac = &rows.corn_edge_usd_ac[start..end];
        let crop = &mut rows.crop[start..end];
        let status = &rows.status[start..end];
        for j in 0..len {
            let farming = status[j] == FarmStatus::Farming;
            let mut farm = Farm {
                acres: acres[j].0,
                yield_bu_ac: yield_bu_ac[j].0,
                cost_usd_ac: cost_usd_ac[j].0,
                corn_edge_usd_ac: corn_edge_usd_ac[j].0,
            };
            let mut planted = crop[j];
            plant(&mut farm, &mut planted, expected_soy_price, acres_factor, m);
            let was_soy = crop[j] == Crop::Soy;
            let is_soy = planted == Crop::Soy;
            // `&`/`|` on bools, not `&&`/`||`: no branch.
            let soy_now = (farming & is_soy) | (!farming & was_soy);
            acres[j].0 = if farming { farm.acres } else { acres[j].0 };
            crop[j] = if soy_now { Crop::Soy } else { Crop::Corn };
            farmed[j] = if farming { farm.acres } else { 0.0 };
            soy[j] = if farming & is_soy { farm.acres } else { 0.0 };
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
    mut farms: Query<(
        &mut FarmAcres,
        &SoyYieldBuAc,
        &SoyCostUsdAc,
        &CornEdgeUsdAc,
        &mut Crop,
        &FarmStatus,
    )>,
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
    for (mut acres, yield_bu_ac, cost_usd_ac, corn_edge_usd_ac, mut crop, status) in tables {
        let rows = PlantRows {
            acres: acres.bypass_change_detection(),
            yield_bu_ac,
            cost_usd_ac,
            corn_edge_usd_ac,
            crop: crop.bypass_change_detection(),
            status,
        };
        plant_rows(rows, expected, factor, &m, &mut lanes);
    }
    let (acres, soy_acres) = lanes.total();
    sector.pool_acres = 0.0;
    sector.active_acres = acres;
    sector.soy_acres_planted = Some(soy_acres);
}
