//! US soybean farmers and farm aid (MODEL.md §3 "Farmers", §4.7): thousands of farmer
//! entities, heterogeneous at spawn, that harvest, sell or store, pay for storage, earn,
//! plant soybeans or corn each April, and exit when their equity turns negative; and the US
//! farm-aid instrument that pays when the year's farm losses pass a threshold.
//!
//! Each month, for each farmer still farming, in order:
//! 1. April (system `plant_crops`): neighbours' take-up of exited acreage
//!    (`acres × (1 + pool/active acres)`), then soybeans if `E[p]·y − c ≥ p_corn·r_y·y −
//!    r_c·c + e_i`, with `E[p]` this month's farm-gate price and `y`, `c`, `e_i` the farm's
//!    yield, cost and corn advantage;
//! 2. aid: `aid_i = a·H_i`, the month's aid rate `a` (USD/bu) on its soybean harvest of the
//!    marketing year `H_i` (as the 2018 Market Facilitation Program paid per bushel);
//! 3. Sep–Nov: the harvest share `h_m` of `acres·y` goes into stocks at cost `h_m·acres·c`
//!    (corn farms book their corn margin instead);
//! 4. sales: stocks above storage capacity, then by marketing strategy — sell at harvest
//!    (everything), store for a target price (everything once `p ≥ target`), fixed share
//!    (`f` of the stocks within capacity); in August everything left of the old crop;
//! 5. storage cost `k` per bushel kept; cash += sales − storage − production cost + aid;
//! 6. exit if equity `cash + stock·p < 0`: stocks are sold, the acreage idles or goes to the
//!    neighbours' pool.
//!
//! Components are one number (or one small enum) each, so that every field is a column: what
//! a farm is (`FarmAcres`, `SoyYieldBuAc`, `SoyCostUsdAc`, `CornEdgeUsdAc`, `Crop`,
//! `Marketing`, `TargetPriceUsdBu`, `StorageCapacityBu`) and what changes every month
//! (`StockBu`, `RefStockBu`, `CashUsd`, `SeasonHarvestBu`, `FarmStatus`). The monthly pass
//! (module `month`) is branch-free arithmetic over those columns, which the compiler
//! vectorises; `spawn` draws the farm population.
//!
//! **Farm income** is accrual (value of production and inventory change, as USDA's net farm
//! income): `Y_t = Σ(sales − storage − production cost + corn margin + aid) + p_t·S_t −
//! p_{t−1}·S_{t−1}`, with `S` on-farm stocks. **The no-conflict reference** is the same
//! farmers' income from the same harvests (same acreage, crops, costs and exits) at the
//! no-conflict prices of the soybean market (normal China buying, reference tariffs, same
//! world shock): each farmer carries a reference stock that its own strategy markets at the
//! reference price. The farm loss is `L_t = Y_t^ref − (Y_t − aid_t)`.
//!
//! **Aid**: over the marketing year (Sep–Aug), once cumulative losses `ΣL` pass the threshold,
//! aid due = `coverage·ΣL − already granted`, paid `payment_lag_months` later. Farmers' net
//! loss `L − aid` feeds US pressure and welfare; taxpayers' cost `aid·(1 + excess burden)`
//! enters US welfare.

use bevy_ecs::prelude::*;

use crate::config::{ExitAcreage, FarmerConfig, Scenario};
use crate::foundation::calendar::Calendar;
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::ledger::MonthlyLedger;
use crate::model::state::markets::{MBU_PER_MT, SoyPrices};

pub mod month;
mod spawn;

pub use month::{
    FarmFlows, FarmRows, FarmState, FarmTraits, MonthLanes, MonthSums, PlantRows, PlantingLanes,
    farm_month, farm_month_as, plant_rows, sales_bu, tend_rows,
};
pub use spawn::{corn_edge_distribution, normal_quantile, spawn_farmers};

// COMPONENTS ---------------------------------------------------------------------------------
//
// One column per field (`FarmAcres`, `StockBu`, `CashUsd`, ...), so that the monthly pass
// reads and writes arrays of plain numbers and vectorises (see `month`). `Farm` is the value
// of a farm's four land-and-agronomy columns together, as the economics read them.

/// A farm's land and agronomy (acreage may grow when neighbours exit): the values of its
/// [`FarmAcres`], [`SoyYieldBuAc`], [`SoyCostUsdAc`] and [`CornEdgeUsdAc`] components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Farm {
    /// Cropland in the soybean–corn rotation (acres).
    pub acres: f32,
    /// Soybean yield (bu/acre).
    pub yield_bu_ac: f32,
    /// Cash cost of growing soybeans (USD/acre).
    pub cost_usd_ac: f32,
    /// Agronomic/rotation advantage of corn on this farm (USD/acre; negative favours soy).
    pub corn_edge_usd_ac: f32,
}

/// Declares a farmer column holding one `f32` (a transparent newtype, so a table column of
/// it is an array of plain numbers for the monthly pass).
macro_rules! f32_column {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Component, Debug, Clone, Copy, Default, PartialEq)]
        #[repr(transparent)]
        pub struct $name(pub f32);
    };
}

f32_column! {
    /// Cropland in the soybean–corn rotation (acres; grows when neighbours exit).
    FarmAcres
}

f32_column! {
    /// Soybean yield (bu/acre).
    SoyYieldBuAc
}

f32_column! {
    /// Cash cost of growing soybeans (USD/acre).
    SoyCostUsdAc
}

f32_column! {
    /// Agronomic/rotation advantage of corn on this farm (USD/acre; negative favours soy).
    CornEdgeUsdAc
}

/// The crop in the ground this season.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Crop {
    /// Soybeans.
    Soy,
    /// Corn (the alternative; sold at harvest at the expected corn price).
    Corn,
}

/// A farmer's marketing strategy, drawn at spawn from the configured shares.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Marketing {
    /// Sell everything as soon as it is harvested.
    SellAtHarvest,
    /// Store (up to capacity) until the farm-gate price reaches the farm's
    /// [`TargetPriceUsdBu`], then sell everything stored.
    StoreForTarget,
    /// Sell a fixed share of stocks every month (scale-up selling, a simple hedge).
    FixedShare,
}

f32_column! {
    /// The price at which a store-for-target farmer sells (USD/bu; unused by other strategies).
    TargetPriceUsdBu
}

f32_column! {
    /// On-farm storage capacity (bu).
    StorageCapacityBu
}

f32_column! {
    /// Soybeans in store (bu).
    StockBu
}

f32_column! {
    /// Soybeans the same farmer would hold at no-conflict prices (bu).
    RefStockBu
}

f32_column! {
    /// Cash, i.e. working capital net of debt (USD); equity is cash plus stocks at market.
    CashUsd
}

f32_column! {
    /// Soybeans harvested this marketing year (bu), the base of aid payments.
    SeasonHarvestBu
}

/// Whether the farmer is still farming.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum FarmStatus {
    /// Farming.
    Farming,
    /// Left farming after its equity turned negative.
    Exited,
}

/// Everything a farmer entity is spawned with.
#[derive(Bundle, Debug, Clone, Copy, PartialEq)]
pub struct FarmerBundle {
    /// Cropland.
    pub acres: FarmAcres,
    /// Soybean yield.
    pub yield_bu_ac: SoyYieldBuAc,
    /// Soybean cost.
    pub cost_usd_ac: SoyCostUsdAc,
    /// Corn advantage.
    pub corn_edge_usd_ac: CornEdgeUsdAc,
    /// Crop in the ground.
    pub crop: Crop,
    /// Marketing strategy.
    pub marketing: Marketing,
    /// Target price (store-for-target farmers).
    pub target: TargetPriceUsdBu,
    /// Storage capacity.
    pub capacity: StorageCapacityBu,
    /// Stocks.
    pub stock: StockBu,
    /// Reference stocks.
    pub ref_stock: RefStockBu,
    /// Cash.
    pub cash: CashUsd,
    /// Season's harvest.
    pub season: SeasonHarvestBu,
    /// Farming or exited.
    pub status: FarmStatus,
}

impl FarmerBundle {
    /// A farmer of land and agronomy `farm`, with everything else as given.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        farm: Farm,
        crop: Crop,
        marketing: Marketing,
        target_usd_bu: f32,
        capacity_bu: f32,
        cash_usd: f32,
    ) -> Self {
        Self {
            acres: FarmAcres(farm.acres),
            yield_bu_ac: SoyYieldBuAc(farm.yield_bu_ac),
            cost_usd_ac: SoyCostUsdAc(farm.cost_usd_ac),
            corn_edge_usd_ac: CornEdgeUsdAc(farm.corn_edge_usd_ac),
            crop,
            marketing,
            target: TargetPriceUsdBu(target_usd_bu),
            capacity: StorageCapacityBu(capacity_bu),
            stock: StockBu(0.0),
            ref_stock: RefStockBu(0.0),
            cash: CashUsd(cash_usd),
            season: SeasonHarvestBu(0.0),
            status: FarmStatus::Farming,
        }
    }
}

// THE FARM MONTH (pure economics, unit-tested; the monthly pass is in `month`) --------------

/// What every farmer faces this month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FarmMonth {
    /// Farm-gate soybean price (USD/bu).
    pub price: f32,
    /// No-conflict farm-gate price (USD/bu).
    pub ref_price: f32,
    /// Share of the year's crop harvested this month.
    pub harvest_share: f32,
    /// Sell all remaining old crop (the month before harvest).
    pub clearance: bool,
    /// A new marketing year starts: the season's harvest base restarts after aid is paid.
    pub new_season: bool,
    /// Storage cost (USD/bu/month).
    pub storage_cost: f32,
    /// Share of stocks a fixed-share farmer sells.
    pub fixed_share: f32,
    /// Aid paid per bushel of the season's harvest (USD/bu).
    pub aid_usd_bu: f32,
    /// Expected corn price (USD/bu).
    pub corn_price: f32,
    /// Corn yield as a multiple of soybean yield.
    pub corn_yield_ratio: f32,
    /// Corn cost as a multiple of soybean cost.
    pub corn_cost_ratio: f32,
}

/// Margin of corn per acre on a farm at the expected corn price (USD/acre).
#[inline(always)]
pub fn corn_margin(farm: &Farm, m: &FarmMonth) -> f32 {
    m.corn_price * m.corn_yield_ratio * farm.yield_bu_ac - m.corn_cost_ratio * farm.cost_usd_ac
        + farm.corn_edge_usd_ac
}

/// April choice: soybeans if their expected margin is at least corn's.
pub fn plants_soy(farm: &Farm, expected_soy_price: f32, m: &FarmMonth) -> bool {
    expected_soy_price * farm.yield_bu_ac - farm.cost_usd_ac >= corn_margin(farm, m)
}

/// April planting (see the module docs): neighbours' take-up multiplies the acreage, then
/// the farm plants soybeans or corn by expected margins at `expected_soy_price`.
#[inline]
pub fn plant(
    farm: &mut Farm,
    crop: &mut Crop,
    expected_soy_price: f32,
    acres_factor: f32,
    m: &FarmMonth,
) {
    farm.acres *= acres_factor;
    *crop = if plants_soy(farm, expected_soy_price, m) {
        Crop::Soy
    } else {
        Crop::Corn
    };
}

/// Share of the year's crop harvested in calendar `month`; in the first round the months of
/// the harvest before it are harvested too (round 0 is October: September's share included).
pub fn harvest_share(cfg: &FarmerConfig, month: u32, first_round: bool) -> f32 {
    let shares = [
        cfg.harvest_share_sep,
        cfg.harvest_share_oct,
        cfg.harvest_share_nov,
    ];
    let total: f64 = shares.iter().sum();
    if total <= 0.0 || !(9..=11).contains(&month) {
        return 0.0;
    }
    let k = (month - 9) as usize;
    let share = if first_round {
        shares[..=k].iter().sum::<f64>()
    } else {
        shares[k]
    };
    (share / total) as f32
}

/// Aid newly due (USD bn) given the marketing year's cumulative loss, what was already
/// granted this year, the threshold and the coverage: nothing at or below the threshold.
pub fn aid_due(ytd_loss: f64, granted: f64, threshold: f64, coverage: f64) -> f64 {
    if ytd_loss > threshold {
        (coverage * ytd_loss - granted).max(0.0)
    } else {
        0.0
    }
}

// RESOURCES ----------------------------------------------------------------------------------

/// The farm sector this month, its state between months and horizon totals (USD bn unless
/// named otherwise).
#[derive(Resource, Debug, Clone, Default)]
pub struct FarmSector {
    /// Farm income this month, aid included (accrual).
    pub income_usd_bn: f64,
    /// No-conflict reference income this month.
    pub ref_income_usd_bn: f64,
    /// Farm loss this month against the reference, before aid.
    pub loss_usd_bn: f64,
    /// Aid paid this month.
    pub aid_usd_bn: f64,
    /// Soybeans in on-farm store at the end of the month (bu).
    pub stock_bu: f64,
    /// Reference stocks at the end of the month (bu).
    pub ref_stock_bu: f64,
    /// Soybeans harvested this month (bu).
    pub harvest_bu: f64,
    /// Farm-gate price last month (USD/bu), for the inventory change.
    pub last_price: f64,
    /// Reference farm-gate price last month (USD/bu).
    pub last_ref_price: f64,
    /// Farmers at spawn.
    pub initial_count: u32,
    /// Farmers still farming.
    pub active_count: u32,
    /// Farmers that have exited.
    pub exited_count: u32,
    /// Acreage of the farmers still farming.
    pub active_acres: f64,
    /// Exited acreage waiting for neighbours (taken up at the next planting).
    pub pool_acres: f64,
    /// Season's soybean harvest of the farmers still farming (bu), the aid base.
    pub season_harvest_bu: f64,
    /// Soybean acreage of the 2025 crop.
    pub soy_acres_2025: f64,
    /// Soybean acreage planted at the latest April (`None` before the first).
    pub soy_acres_planted: Option<f64>,
    /// Income summed over the horizon, aid included.
    pub total_income_usd_bn: f64,
    /// Reference income summed over the horizon.
    pub total_ref_income_usd_bn: f64,
    /// Loss before aid summed over the horizon.
    pub total_loss_usd_bn: f64,
    /// Aid paid over the horizon.
    pub total_aid_usd_bn: f64,
}

/// The farm-aid program's state: the marketing year's losses, aid granted, payments due.
#[derive(Resource, Debug, Clone, Default)]
pub struct FarmAid {
    /// Farm losses since the marketing year began (USD bn).
    pub ytd_loss_usd_bn: f64,
    /// Aid granted this marketing year (USD bn).
    pub granted_usd_bn: f64,
    /// Payments due, by round modulo 13 (lags are at most 12 months).
    pub due_usd_bn: [f64; 13],
}

impl FarmAid {
    fn take(&mut self, round: u32) -> f64 {
        std::mem::take(&mut self.due_usd_bn[(round % 13) as usize])
    }

    fn schedule(&mut self, round: u32, usd_bn: f64) {
        self.due_usd_bn[(round % 13) as usize] += usd_bn;
    }
}

// SYSTEMS ------------------------------------------------------------------------------------

/// The month's common terms from the config (prices and calendar flags left neutral).
pub(crate) fn farm_month_of(fc: &FarmerConfig, aid_usd_bu: f64) -> FarmMonth {
    FarmMonth {
        price: 0.0,
        ref_price: 0.0,
        harvest_share: 0.0,
        clearance: false,
        new_season: false,
        storage_cost: fc.storage_cost_usd_bu_month as f32,
        fixed_share: fc.fixed_share_per_month as f32,
        aid_usd_bu: aid_usd_bu as f32,
        corn_price: fc.corn_price_usd_bu as f32,
        corn_yield_ratio: fc.corn_yield_ratio as f32,
        corn_cost_ratio: fc.corn_cost_ratio as f32,
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

/// The farmers' query, as the systems see it: the columns of [`FarmRows`].
pub type FarmQuery<'w, 's> = Query<
    'w,
    's,
    (
        &'static FarmAcres,
        &'static SoyYieldBuAc,
        &'static SoyCostUsdAc,
        &'static CornEdgeUsdAc,
        &'static Crop,
        &'static Marketing,
        &'static TargetPriceUsdBu,
        &'static StorageCapacityBu,
        &'static mut StockBu,
        &'static mut RefStockBu,
        &'static mut CashUsd,
        &'static mut SeasonHarvestBu,
        &'static mut FarmStatus,
    ),
>;

/// Every farmer's month (the per-agent pass of [`tend_farms`]), summed in query order.
pub fn tend_query(farms: &mut FarmQuery, m: &FarmMonth) -> MonthSums {
    let mut lanes = MonthLanes::default();
    // Table by table, as slices (the farm components are table-stored, so the query is
    // dense): the pass is a loop over arrays, with no per-entity fetch. Change detection is
    // bypassed: no system reacts to these components changing.
    let tables = farms
        .contiguous_iter_mut()
        .expect("farm components are table-stored");
    for (
        acres,
        yield_bu_ac,
        cost_usd_ac,
        corn_edge_usd_ac,
        crop,
        marketing,
        target,
        capacity,
        mut stock,
        mut ref_stock,
        mut cash,
        mut season,
        mut status,
    ) in tables
    {
        let rows = FarmRows {
            acres,
            yield_bu_ac,
            cost_usd_ac,
            corn_edge_usd_ac,
            crop,
            marketing,
            target,
            capacity,
            stock: stock.bypass_change_detection(),
            ref_stock: ref_stock.bypass_change_detection(),
            cash: cash.bypass_change_detection(),
            season: season.bypass_change_detection(),
            status: status.bypass_change_detection(),
        };
        tend_rows(rows, m, &mut lanes);
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

/// Farmers step, after the farms (§4.7, US farm aid): add the month's loss to the marketing
/// year's, grant aid once it passes the threshold (paid after the lag), and book farmers'
/// net loss and taxpayers' cost in the US ledger.
pub fn decide_farm_aid(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    sector: Res<FarmSector>,
    mut aid: ResMut<FarmAid>,
    mut ledger: ResMut<MonthlyLedger>,
) {
    let cfg = &scenario.farm_aid;
    if calendar.is_new_marketing_year() {
        aid.ytd_loss_usd_bn = 0.0;
        aid.granted_usd_bn = 0.0;
    }
    aid.ytd_loss_usd_bn += sector.loss_usd_bn;
    let due = aid_due(
        aid.ytd_loss_usd_bn,
        aid.granted_usd_bn,
        cfg.threshold_usd_bn,
        cfg.coverage,
    );
    if due > 0.0 {
        aid.granted_usd_bn += due;
        aid.schedule(calendar.round + cfg.payment_lag_months.clamp(1, 12), due);
    }
    ledger.us.farm_loss_usd_bn += sector.loss_usd_bn - sector.aid_usd_bn;
    ledger.us.farm_aid_cost_usd_bn += sector.aid_usd_bn * (1.0 + cfg.excess_burden);
}

// METRICS ------------------------------------------------------------------------------------

fn sector(w: &World) -> &FarmSector {
    w.resource::<FarmSector>()
}

fn change_pct(value: f64, reference: f64) -> Option<f64> {
    (reference > 0.0).then(|| 100.0 * (value - reference) / reference)
}

/// Monthly farm metrics (MODEL.md §4.7).
pub const FARM_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "us_farm_income_usd_bn",
            "USD bn/month",
            "US soybean farmers' income",
            "farmer agents' income this month, accrual (value of production and inventory change), aid included",
        ),
        read: |w| sector(w).income_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_soy_stocks_mt",
            "Mt",
            "US on-farm soybean stocks",
            "soybeans in farmer agents' stores at the end of the month",
        ),
        read: |w| sector(w).stock_bu / (MBU_PER_MT * 1e6),
    },
    RoundMetric {
        meta: meta(
            "us_farm_loss_usd_bn",
            "USD bn/month",
            "US farm loss vs no conflict",
            "farmer agents' income below the no-conflict reference this month, before aid",
        ),
        read: |w| sector(w).loss_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_farm_aid_usd_bn",
            "USD bn/month",
            "US farm aid",
            "farm aid paid this month",
        ),
        read: |w| sector(w).aid_usd_bn,
    },
];

/// Farm outcomes over the horizon (MODEL.md §6).
pub const FARM_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "us_farm_income_change_pct",
            "percent",
            "US farm income vs no conflict",
            "farmer agents' income over the horizon, aid included, vs the same farmers' no-conflict income",
        ),
        compute: |v| {
            let s = v.resource::<FarmSector>();
            change_pct(s.total_income_usd_bn, s.total_ref_income_usd_bn)
        },
    },
    RunMetric {
        meta: meta(
            "us_farm_market_income_change_pct",
            "percent",
            "US farm income before aid vs no conflict",
            "farmer agents' income over the horizon before aid vs the same farmers' no-conflict income",
        ),
        compute: |v| {
            let s = v.resource::<FarmSector>();
            change_pct(
                s.total_income_usd_bn - s.total_aid_usd_bn,
                s.total_ref_income_usd_bn,
            )
        },
    },
    RunMetric {
        meta: meta(
            "us_farm_loss_usd_bn",
            "USD bn",
            "US farm loss vs no conflict",
            "farmer agents' income below the no-conflict reference over the horizon, before aid",
        ),
        compute: |v| Some(v.resource::<FarmSector>().total_loss_usd_bn),
    },
    RunMetric {
        meta: meta(
            "us_farm_aid_usd_bn",
            "USD bn",
            "US farm aid",
            "farm aid paid over the horizon",
        ),
        compute: |v| Some(v.resource::<FarmSector>().total_aid_usd_bn),
    },
    RunMetric {
        meta: meta(
            "farmer_exit_share",
            "fraction 0..1",
            "Farmers exited",
            "share of farmer agents that exited (negative equity) within the horizon",
        ),
        compute: |v| {
            let s = v.resource::<FarmSector>();
            (s.initial_count > 0).then(|| f64::from(s.exited_count) / f64::from(s.initial_count))
        },
    },
    RunMetric {
        meta: meta(
            "us_soy_acreage_change_pct",
            "percent",
            "US soybean acreage vs 2025",
            "soybean acreage planted at the last April of the horizon vs the 2025 crop (empty if no April)",
        ),
        compute: |v| {
            let s = v.resource::<FarmSector>();
            s.soy_acres_planted
                .and_then(|a| change_pct(a, s.soy_acres_2025))
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn farm() -> Farm {
        Farm {
            acres: 1000.0,
            yield_bu_ac: 53.5,
            cost_usd_ac: 470.0,
            corn_edge_usd_ac: -70.0,
        }
    }

    fn month() -> FarmMonth {
        FarmMonth {
            price: 10.0,
            ref_price: 10.5,
            harvest_share: 0.0,
            clearance: false,
            new_season: false,
            storage_cost: 0.04,
            fixed_share: 0.12,
            aid_usd_bu: 0.0,
            corn_price: 4.0,
            corn_yield_ratio: 3.5,
            corn_cost_ratio: 1.58,
        }
    }

    #[test]
    fn a_lower_expected_soy_price_shifts_planting_to_corn() {
        // Across farms with different corn advantages, fewer plant soy at a lower price.
        let m = month();
        let count = |p: f32| {
            (-300..300)
                .filter(|e| {
                    let f = Farm {
                        corn_edge_usd_ac: *e as f32,
                        ..farm()
                    };
                    plants_soy(&f, p, &m)
                })
                .count()
        };
        assert!(count(9.5) < count(10.5));
        // And one farm switches once the price falls far enough.
        let f = Farm {
            corn_edge_usd_ac: 40.0,
            ..farm()
        };
        assert!(plants_soy(&f, 10.55, &m));
        assert!(!plants_soy(&f, 9.0, &m));
        // Planting first adds the neighbours' acreage.
        let (mut g, mut crop) = (f, Crop::Soy);
        plant(&mut g, &mut crop, 9.0, 1.5, &m);
        assert_eq!((g.acres, crop), (1500.0, Crop::Corn));
    }

    #[test]
    fn aid_triggers_only_above_its_threshold() {
        assert_eq!(aid_due(1.0, 0.0, 1.5, 1.0), 0.0);
        assert_eq!(aid_due(1.5, 0.0, 1.5, 1.0), 0.0);
        assert!((aid_due(2.0, 0.0, 1.5, 1.0) - 2.0).abs() < 1e-12);
        assert!((aid_due(3.0, 2.0, 1.5, 1.0) - 1.0).abs() < 1e-12);
        assert_eq!(aid_due(2.5, 3.0, 1.5, 1.0), 0.0, "no clawback");
        assert_eq!(
            aid_due(50.0, 0.0, 1.5, 0.0),
            0.0,
            "coverage 0 turns aid off"
        );
    }

    #[test]
    fn harvest_shares_sum_to_one_and_round_zero_includes_september() {
        let cfg = crate::config::LoadedScenario::load(None, &[])
            .unwrap()
            .typical
            .farmers;
        let year: f32 = (1..=12).map(|m| harvest_share(&cfg, m, false)).sum();
        assert!((year - 1.0).abs() < 1e-6);
        let first = harvest_share(&cfg, 10, true) + harvest_share(&cfg, 11, false);
        assert!((first - 1.0).abs() < 1e-6);
        assert_eq!(harvest_share(&cfg, 4, false), 0.0);
    }

    #[test]
    fn store_for_target_waits_for_its_price_but_clears_in_august() {
        let s = Marketing::StoreForTarget;
        assert_eq!(sales_bu(100.0, 200.0, s, 10.5, 10.0, 0.1, false), 0.0);
        assert_eq!(sales_bu(100.0, 200.0, s, 10.5, 10.6, 0.1, false), 100.0);
        assert_eq!(sales_bu(100.0, 200.0, s, 10.5, 10.0, 0.1, true), 100.0);
        assert_eq!(
            sales_bu(300.0, 200.0, s, 10.5, 10.0, 0.1, false),
            100.0,
            "excess over capacity"
        );
        assert!(
            (sales_bu(100.0, 200.0, Marketing::FixedShare, 0.0, 9.0, 0.1, false) - 10.0).abs()
                < 1e-4
        );
        assert_eq!(
            sales_bu(100.0, 200.0, Marketing::SellAtHarvest, 0.0, 9.0, 0.1, false),
            100.0
        );
    }

    fn world(sets: &[&str]) -> World {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
        let registry = crate::model::strategy::StrategyRegistry::default();
        crate::model::world::build_world(&loaded.typical, &registry, 7, 0).unwrap()
    }

    #[test]
    fn spawned_farmers_grow_the_2025_us_crop_on_the_configured_soy_land_share() {
        let mut w = world(&["farmers.count=5000"]);
        let (mut soy_bu, mut soy_acres, mut acres, mut n) = (0.0, 0.0, 0.0, 0);
        let mut farms = w.query::<(&FarmAcres, &SoyYieldBuAc, &Crop)>();
        for (a, y, crop) in farms.iter(&w) {
            n += 1;
            acres += f64::from(a.0);
            if *crop == Crop::Soy {
                soy_acres += f64::from(a.0);
                soy_bu += f64::from(a.0) * f64::from(y.0);
            }
        }
        assert_eq!(n, 5000);
        let mt = soy_bu / (MBU_PER_MT * 1e6);
        assert!((mt - 117.0).abs() < 0.01, "2025 crop {mt} Mt");
        assert!(
            (soy_acres / acres - 0.8).abs() < 0.05,
            "soy land {}",
            soy_acres / acres
        );
        // ≈80 million acres of soybeans at ≈53.5 bu/acre.
        assert!((75e6..85e6).contains(&soy_acres), "{soy_acres}");
    }

    #[test]
    fn the_corn_advantage_gives_the_configured_acreage_elasticity() {
        let cfg = crate::config::LoadedScenario::load(None, &[])
            .unwrap()
            .typical
            .farmers;
        let p0 = 10.55;
        let (mean, sd) = corn_edge_distribution(&cfg, p0);
        let m = FarmMonth {
            corn_price: cfg.corn_price_usd_bu as f32,
            corn_yield_ratio: cfg.corn_yield_ratio as f32,
            corn_cost_ratio: cfg.corn_cost_ratio as f32,
            ..month()
        };
        // Integrate over a grid of the three heterogeneities (midpoint rule in z).
        let zs: Vec<f64> = (0..40)
            .map(|i| normal_quantile((i as f64 + 0.5) / 40.0))
            .collect();
        let share = |p: f32| {
            let mut soy = 0usize;
            for zy in &zs {
                for zc in &zs {
                    for ze in &zs {
                        let f = Farm {
                            acres: 1.0,
                            yield_bu_ac: (cfg.yield_bu_ac_mean + cfg.yield_bu_ac_sd * zy) as f32,
                            cost_usd_ac: (cfg.cost_usd_ac_mean + cfg.cost_usd_ac_sd * zc) as f32,
                            corn_edge_usd_ac: (mean + sd * ze) as f32,
                        };
                        soy += usize::from(plants_soy(&f, p, &m));
                    }
                }
            }
            soy as f64 / (zs.len() as f64).powi(3)
        };
        let s0 = share(p0 as f32);
        assert!((s0 - cfg.soy_land_share).abs() < 0.02, "share {s0}");
        let s1 = share((p0 * 0.95) as f32);
        let elasticity = (s0 - s1) / s0 / 0.05;
        assert!(
            (elasticity - cfg.soy_acreage_elasticity).abs() < 0.1,
            "elasticity {elasticity}"
        );
    }

    #[test]
    fn normal_quantile_inverts_the_normal_cdf() {
        assert!(normal_quantile(0.5).abs() < 1e-9);
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-6);
        assert!((normal_quantile(0.01) + 2.326_347_874).abs() < 1e-6);
    }

    #[test]
    fn over_a_frozen_year_stocks_stay_non_negative_and_exits_have_negative_equity() {
        let mut w = world(&[
            "farmers.count=2000",
            "us.strategy.name=\"hold\"",
            "cn.strategy.name=\"hold\"",
            "farmers.equity_usd_ac_mean=60",
        ]);
        let mut schedule = crate::model::schedule::month_schedule();
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

    fn marketing_strategy() -> impl Strategy<Value = Marketing> {
        prop_oneof![
            Just(Marketing::SellAtHarvest),
            Just(Marketing::FixedShare),
            Just(Marketing::StoreForTarget),
        ]
    }

    proptest! {
        #[test]
        fn no_stock_goes_negative_and_exits_happen_only_at_negative_equity(
            marketing in marketing_strategy(),
            target in 5.0f32..15.0,
            stock in 0.0f32..1e6,
            ref_stock in 0.0f32..1e6,
            capacity in 0.0f32..1e6,
            cash in -1e6f32..1e6,
            price in 0.5f32..20.0,
            ref_price in 0.5f32..20.0,
            harvest in prop_oneof![Just(0.0f32), 0.0f32..1.0],
            clearance in any::<bool>(),
            soy in any::<bool>(),
            cost in 0.0f32..1500.0,
            aid in 0.0f32..3.0,
        ) {
            let t = FarmTraits {
                farm: Farm { cost_usd_ac: cost, ..farm() },
                crop: if soy { Crop::Soy } else { Crop::Corn },
                marketing,
                target_usd_bu: target,
                capacity_bu: capacity,
            };
            let s = FarmState {
                stock_bu: stock,
                ref_stock_bu: ref_stock,
                cash_usd: cash,
                season_harvest_bu: 50_000.0,
                farming: true,
            };
            let m = FarmMonth { price, ref_price, harvest_share: harvest, clearance, aid_usd_bu: aid, ..month() };
            let (h, flows) = farm_month(&t, s, &m);
            prop_assert!(h.stock_bu >= 0.0 && h.ref_stock_bu >= 0.0);
            prop_assert!(flows.revenue >= 0.0 && flows.ref_revenue >= 0.0);
            let equity = h.cash_usd + h.stock_bu * price;
            if flows.exited {
                prop_assert!(!h.farming);
                prop_assert!(equity < 0.0, "exited with equity {}", equity);
                prop_assert_eq!(h.stock_bu, 0.0);
            } else {
                prop_assert!(h.farming);
                prop_assert!(equity >= 0.0, "kept farming with equity {}", equity);
            }
            // An exited farmer does nothing afterwards.
            if flows.exited {
                let again = farm_month(&t, h, &m);
                prop_assert_eq!(again, (h, FarmFlows::default()));
            }
        }
    }
}
