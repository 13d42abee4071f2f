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
//!    (`f` of stocks); in August everything left of the old crop;
//! 5. storage cost `k` per bushel kept; cash += sales − storage − production cost + aid;
//! 6. exit if equity `cash + stock·p < 0`: stocks are sold, the acreage idles or goes to the
//!    neighbours' pool.
//!
//! Components are plain and few: what a farm is (`Farm`, `Crop`, `Marketing`), what changes
//! every month (`Holdings`: stocks and money, one component so the monthly pass touches one
//! mutable column) and `FarmStatus`. Farmers are spawned grouped by strategy and crop so the
//! monthly loop branches predictably.
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
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};

use crate::calendar::Calendar;
use crate::config::{ExitAcreage, FarmerConfig, Scenario};
use crate::metrics::{RoundMetric, RunMetric, meta};
use crate::rng::{Purpose, stream};
use crate::soybeans::{MBU_PER_MT, SoybeanMarket};
use crate::welfare::MonthlyLedger;

// COMPONENTS ---------------------------------------------------------------------------------

/// A farm's land and agronomy (acreage may grow when neighbours exit).
#[derive(Component, Debug, Clone, Copy, PartialEq)]
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

/// The crop in the ground this season.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Crop {
    /// Soybeans.
    Soy,
    /// Corn (the alternative; sold at harvest at the expected corn price).
    Corn,
}

/// A farmer's marketing strategy, drawn at spawn from the configured shares.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub enum Marketing {
    /// Sell everything as soon as it is harvested.
    SellAtHarvest,
    /// Store (up to capacity) until the farm-gate price reaches a target (USD/bu).
    StoreForTarget {
        /// Price at which everything stored is sold.
        target_usd_bu: f32,
    },
    /// Sell a fixed share of stocks every month (scale-up selling, a simple hedge).
    FixedShare,
}

/// What the farm holds and changes every month: soybeans in store (and the stocks of its
/// no-conflict reference) and money. One component, because every month touches all of it.
#[derive(Component, Debug, Clone, Copy, Default, PartialEq)]
pub struct Holdings {
    /// On-farm storage capacity (bu).
    pub capacity_bu: f32,
    /// Soybeans in store (bu).
    pub stock_bu: f32,
    /// Soybeans the same farmer would hold at no-conflict prices (bu).
    pub ref_stock_bu: f32,
    /// Cash, i.e. working capital net of debt (USD); equity is cash plus stocks at market.
    pub cash_usd: f32,
    /// Soybeans harvested this marketing year (bu), the base of aid payments.
    pub season_harvest_bu: f32,
}

/// Whether the farmer is still farming.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum FarmStatus {
    /// Farming.
    Farming,
    /// Left farming after its equity turned negative.
    Exited,
}

// THE FARM MONTH (pure economics, unit-tested) -----------------------------------------------

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

/// One farmer's flows this month (USD and bushels).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FarmFlows {
    /// Sales revenue.
    pub revenue: f32,
    /// Sales revenue of the no-conflict reference.
    pub ref_revenue: f32,
    /// Storage cost.
    pub storage: f32,
    /// Storage cost of the reference.
    pub ref_storage: f32,
    /// Cost of the soybeans harvested this month.
    pub production_cost: f32,
    /// Corn margin booked this month (same in the reference).
    pub corn_net: f32,
    /// Soybeans harvested (bu).
    pub harvest_bu: f32,
    /// Aid received.
    pub aid: f32,
    /// The farmer exited this month.
    pub exited: bool,
}

/// Margin of corn per acre on a farm at the expected corn price (USD/acre).
pub fn corn_margin(farm: &Farm, m: &FarmMonth) -> f32 {
    m.corn_price * m.corn_yield_ratio * farm.yield_bu_ac - m.corn_cost_ratio * farm.cost_usd_ac
        + farm.corn_edge_usd_ac
}

/// April choice: soybeans if their expected margin is at least corn's.
pub fn plants_soy(farm: &Farm, expected_soy_price: f32, m: &FarmMonth) -> bool {
    expected_soy_price * farm.yield_bu_ac - farm.cost_usd_ac >= corn_margin(farm, m)
}

/// Bushels sold out of `stock` this month: what exceeds capacity, then by strategy; the lot
/// in the clearance month. Never more than the stock.
pub fn sales_bu(
    stock: f32,
    capacity: f32,
    marketing: Marketing,
    price: f32,
    fixed_share: f32,
    clearance: bool,
) -> f32 {
    let excess = (stock - capacity).max(0.0);
    let kept = stock - excess;
    let sold = if clearance {
        kept
    } else {
        match marketing {
            Marketing::SellAtHarvest => kept,
            Marketing::FixedShare => kept * fixed_share,
            Marketing::StoreForTarget { target_usd_bu } if price >= target_usd_bu => kept,
            Marketing::StoreForTarget { .. } => 0.0,
        }
    };
    (excess + sold).clamp(0.0, stock.max(0.0))
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

/// One farmer's month (see the module docs for the order of events; planting is
/// [`plant`]). Exited farmers do nothing.
#[inline]
pub fn farm_month(
    farm: &Farm,
    crop: Crop,
    marketing: Marketing,
    h: &mut Holdings,
    status: &mut FarmStatus,
    m: &FarmMonth,
) -> FarmFlows {
    match (m.harvest_share > 0.0, m.aid_usd_bu != 0.0) {
        (true, true) => farm_month_as::<true, true>(farm, crop, marketing, h, status, m),
        (true, false) => farm_month_as::<true, false>(farm, crop, marketing, h, status, m),
        (false, true) => farm_month_as::<false, true>(farm, crop, marketing, h, status, m),
        (false, false) => farm_month_as::<false, false>(farm, crop, marketing, h, status, m),
    }
}

/// [`farm_month`] compiled for one kind of month: `HARVEST` iff `m.harvest_share > 0`, `AID`
/// iff `m.aid_usd_bu != 0`. The arithmetic is the same expression for expression (a flow
/// that is zero in such a month is the same `+0.0`), so results are bit-identical; the
/// compiler only drops the work that cannot matter. Most months harvest nothing and pay no
/// aid, and the farmers' loop is most of a replicate's time.
#[inline(always)]
pub fn farm_month_as<const HARVEST: bool, const AID: bool>(
    farm: &Farm,
    crop: Crop,
    marketing: Marketing,
    h: &mut Holdings,
    status: &mut FarmStatus,
    m: &FarmMonth,
) -> FarmFlows {
    let mut f = FarmFlows::default();
    if *status == FarmStatus::Exited {
        return f;
    }
    if AID {
        f.aid = m.aid_usd_bu * h.season_harvest_bu;
    }
    if m.new_season {
        h.season_harvest_bu = 0.0;
    }
    if HARVEST {
        let acres = farm.acres * m.harvest_share;
        match crop {
            Crop::Soy => {
                let bu = acres * farm.yield_bu_ac;
                h.stock_bu += bu;
                h.ref_stock_bu += bu;
                h.season_harvest_bu += bu;
                f.harvest_bu = bu;
                f.production_cost = acres * farm.cost_usd_ac;
            }
            Crop::Corn => f.corn_net = acres * corn_margin(farm, m),
        }
    }
    let sold = sales_bu(
        h.stock_bu,
        h.capacity_bu,
        marketing,
        m.price,
        m.fixed_share,
        m.clearance,
    );
    let ref_sold = sales_bu(
        h.ref_stock_bu,
        h.capacity_bu,
        marketing,
        m.ref_price,
        m.fixed_share,
        m.clearance,
    );
    h.stock_bu = (h.stock_bu - sold).max(0.0);
    h.ref_stock_bu = (h.ref_stock_bu - ref_sold).max(0.0);
    f.revenue = sold * m.price;
    f.ref_revenue = ref_sold * m.ref_price;
    f.storage = h.stock_bu * m.storage_cost;
    f.ref_storage = h.ref_stock_bu * m.storage_cost;
    h.cash_usd += f.revenue - f.storage - f.production_cost + f.corn_net + f.aid;
    if h.cash_usd + h.stock_bu * m.price < 0.0 {
        // Exit: sell what is in store (the reference sells its own at reference prices).
        f.revenue += h.stock_bu * m.price;
        f.ref_revenue += h.ref_stock_bu * m.ref_price;
        h.cash_usd += h.stock_bu * m.price;
        h.stock_bu = 0.0;
        h.ref_stock_bu = 0.0;
        *status = FarmStatus::Exited;
        f.exited = true;
    }
    f
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

// SPAWN --------------------------------------------------------------------------------------

fn lognormal_factor(cv: f64, z: f64) -> f64 {
    let s2 = (1.0 + cv * cv).ln();
    (s2.sqrt() * z - 0.5 * s2).exp()
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Mean and standard deviation of the corn advantage `e_i` (USD/acre) such that, at the
/// no-conflict farm-gate price `p0`, a share `soy_land_share` of the land is in soybeans and
/// soybean acreage answers the soybean price with elasticity `soy_acreage_elasticity`.
///
/// A farm plants soybeans if `D_i ≥ e_i`, with `D_i = (p0 − p_c·r_y)·y_i + (r_c − 1)·c_i` its
/// margin advantage before `e_i`. With `D_i − e_i ~ N(D̄ − μ, σ_d²)`, the soybean share is
/// `Φ((D̄ − μ)/σ_d) = s₀` and its elasticity `φ(z₀)·ȳ·p0/(σ_d·s₀) = ε`; so
/// `σ_d = φ(z₀)·ȳ·p0/(ε·s₀)`, `μ = D̄ − z₀·σ_d` and `σ_e² = σ_d² − Var(D_i)` (floored at 0:
/// an elasticity too high for the yield and cost spread is not reachable).
pub fn corn_edge_distribution(fc: &FarmerConfig, p0: f64) -> (f64, f64) {
    let s0 = fc.soy_land_share.clamp(0.01, 0.99);
    let z0 = normal_quantile(s0);
    let density = (-0.5 * z0 * z0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let k = p0 - fc.corn_price_usd_bu * fc.corn_yield_ratio;
    let mean_d = k * fc.yield_bu_ac_mean + (fc.corn_cost_ratio - 1.0) * fc.cost_usd_ac_mean;
    let var_d =
        (k * fc.yield_bu_ac_sd).powi(2) + ((fc.corn_cost_ratio - 1.0) * fc.cost_usd_ac_sd).powi(2);
    let sd_total = density * fc.yield_bu_ac_mean * p0 / (fc.soy_acreage_elasticity * s0);
    let mean = mean_d - z0 * sd_total;
    let sd = (sd_total * sd_total - var_d).max(0.0).sqrt();
    (mean, sd)
}

/// One farmer's draws: (relative acres, storage ratio, farm, crop, marketing, equity per acre).
type FarmDraw = (f64, f64, Farm, Crop, Marketing, f64);

const PLACEHOLDER_DRAW: FarmDraw = (
    0.0,
    0.0,
    Farm {
        acres: 0.0,
        yield_bu_ac: 0.0,
        cost_usd_ac: 0.0,
        corn_edge_usd_ac: 0.0,
    },
    Crop::Soy,
    Marketing::SellAtHarvest,
    0.0,
);

/// Spawns the farmers: heterogeneity drawn from the `farmers` stream of (seed, replicate),
/// a fixed eight draws per farmer. The 2025 crop is each farm's choice at no-conflict prices;
/// acreage is scaled so that the 2025 soybean crop equals US production.
pub fn spawn_farmers(world: &mut World, scenario: &Scenario, master_seed: u64, replicate: u64) {
    let fc = &scenario.farmers;
    let sc = &scenario.soybeans;
    let mut rng = stream(master_seed, replicate, Purpose::Agents("farmers"));
    let shares = [
        fc.share_sell_at_harvest,
        fc.share_store_for_target,
        fc.share_fixed_share,
    ];
    let share_total: f64 = shares.iter().sum();
    let ref_farm_gate = sc.world_price_usd_bu + sc.us_basis_usd_bu;
    let (edge_mean, edge_sd) = corn_edge_distribution(fc, ref_farm_gate);
    let planting = FarmMonth {
        price: ref_farm_gate as f32,
        ref_price: ref_farm_gate as f32,
        ..farm_month_of(fc, 0.0)
    };
    let n = fc.count as usize;
    // (relative acres, storage ratio, farm, crop, marketing, equity per acre)
    let mut draws: Vec<FarmDraw> = Vec::with_capacity(n);
    let mut relative_soy_bu = 0.0;
    for _ in 0..n {
        let mut z = || -> f64 { StandardNormal.sample(&mut rng) };
        let rel_acres = lognormal_factor(fc.acres_cv, z());
        let yield_bu_ac =
            (fc.yield_bu_ac_mean + fc.yield_bu_ac_sd * z()).max(0.2 * fc.yield_bu_ac_mean);
        let cost = (fc.cost_usd_ac_mean + fc.cost_usd_ac_sd * z()).max(0.0);
        let storage_ratio = (fc.storage_ratio_mean + fc.storage_ratio_sd * z()).max(0.0);
        let equity_ac = fc.equity_usd_ac_mean * lognormal_factor(fc.equity_usd_ac_cv, z());
        let corn_edge = edge_mean + edge_sd * z();
        let target_ratio = (fc.target_ratio_mean + fc.target_ratio_sd * z()).max(0.0);
        let u: f64 = rng.random::<f64>() * share_total;
        let marketing = if u < shares[0] {
            Marketing::SellAtHarvest
        } else if u < shares[0] + shares[1] {
            Marketing::StoreForTarget {
                target_usd_bu: (target_ratio * ref_farm_gate) as f32,
            }
        } else {
            Marketing::FixedShare
        };
        let farm = Farm {
            acres: 0.0,
            yield_bu_ac: yield_bu_ac as f32,
            cost_usd_ac: cost as f32,
            corn_edge_usd_ac: corn_edge as f32,
        };
        let crop = if plants_soy(&farm, planting.price, &planting) {
            relative_soy_bu += rel_acres * yield_bu_ac;
            Crop::Soy
        } else {
            Crop::Corn
        };
        draws.push((rel_acres, storage_ratio, farm, crop, marketing, equity_ac));
    }
    // Spawn grouped by marketing strategy and crop (a stable sort after every draw is made):
    // the farmers' loop then branches predictably. The draws themselves stay in one order.
    // A stable counting sort into the six (strategy, crop) groups: the order of a stable
    // sort by that key, in linear time.
    let group = |d: &FarmDraw| {
        let kind = match d.4 {
            Marketing::SellAtHarvest => 0usize,
            Marketing::StoreForTarget { .. } => 1,
            Marketing::FixedShare => 2,
        };
        2 * kind + usize::from(d.3 == Crop::Corn)
    };
    let mut starts = [0usize; 7];
    for d in &draws {
        starts[group(d) + 1] += 1;
    }
    for g in 1..7 {
        starts[g] += starts[g - 1];
    }
    let mut sorted: Vec<FarmDraw> = Vec::with_capacity(n);
    // Every slot is written exactly once below; the fill value is a placeholder.
    sorted.resize(n, PLACEHOLDER_DRAW);
    for d in draws {
        let g = group(&d);
        sorted[starts[g]] = d;
        starts[g] += 1;
    }
    let mut draws = sorted;
    let production_bu = sc.us_production_mt * MBU_PER_MT * 1e6;
    let scale = if relative_soy_bu > 0.0 {
        production_bu / relative_soy_bu
    } else {
        0.0
    };
    let (mut acres_total, mut soy_acres) = (0.0, 0.0);
    for d in &mut draws {
        let acres = d.0 * scale;
        d.0 = acres;
        d.2.acres = acres as f32;
        acres_total += acres;
        if d.3 == Crop::Soy {
            soy_acres += acres;
        }
    }
    let bundle = |(acres, storage_ratio, farm, crop, marketing, equity_ac): FarmDraw| {
        (
            farm,
            crop,
            marketing,
            Holdings {
                capacity_bu: (storage_ratio * acres * f64::from(farm.yield_bu_ac)) as f32,
                cash_usd: (equity_ac * acres) as f32,
                ..Default::default()
            },
            FarmStatus::Farming,
        )
    };
    // A reused world (see `replicate::reset_world`) keeps its farmers: when there are as many
    // as this replicate draws, their components are overwritten in table order, which is the
    // order a fresh spawn would give; otherwise they are despawned and spawned afresh.
    let mut farmers = world.query::<(
        Entity,
        &mut Farm,
        &mut Crop,
        &mut Marketing,
        &mut Holdings,
        &mut FarmStatus,
    )>();
    let existing = farmers.iter(world).len();
    if existing == n && n > 0 {
        for ((_, mut farm, mut crop, mut marketing, mut holdings, mut status), d) in
            farmers.iter_mut(world).zip(draws)
        {
            let b = bundle(d);
            *farm = b.0;
            *crop = b.1;
            *marketing = b.2;
            *holdings = b.3;
            *status = b.4;
        }
    } else {
        if existing > 0 {
            let stale: Vec<Entity> = farmers.iter(world).map(|q| q.0).collect();
            for e in stale {
                world.despawn(e);
            }
        }
        world.spawn_batch(draws.into_iter().map(bundle));
    }
    world.insert_resource(FarmSector {
        last_price: ref_farm_gate,
        last_ref_price: ref_farm_gate,
        initial_count: fc.count,
        active_count: fc.count,
        active_acres: acres_total,
        soy_acres_2025: soy_acres,
        ..Default::default()
    });
    world.insert_resource(FarmAid::default());
}

// SYSTEMS ------------------------------------------------------------------------------------

/// The farmers' month summed (USD, bushels, acres), in query order.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MonthSums {
    /// Sales revenue.
    pub revenue: f64,
    /// Sales revenue of the no-conflict reference.
    pub ref_revenue: f64,
    /// Storage cost.
    pub storage_cost: f64,
    /// Storage cost of the reference.
    pub ref_storage_cost: f64,
    /// Cost of the soybeans harvested.
    pub production_cost: f64,
    /// Corn margin booked.
    pub corn_net: f64,
    /// Soybeans harvested (bu).
    pub harvest: f64,
    /// Aid paid.
    pub aid_paid: f64,
    /// Stocks of the farmers still farming (bu).
    pub stock: f64,
    /// Reference stocks of the farmers still farming (bu).
    pub ref_stock: f64,
    /// Acreage of the farmers still farming.
    pub active_acres: f64,
    /// Season's harvest of the farmers still farming (bu).
    pub season_harvest: f64,
    /// Acreage of the farmers who exited this month.
    pub freed_acres: f64,
    /// Farmers still farming.
    pub active: u32,
    /// Farmers who exited this month.
    pub exits: u32,
}

impl MonthSums {
    /// Adds one farmer's month. Flows that are `+0.0` in this kind of month (see
    /// [`farm_month_as`]) are not added: adding `+0.0` to a sum that started at `+0.0` leaves
    /// it bit-for-bit unchanged.
    #[inline(always)]
    pub fn add<const HARVEST: bool, const AID: bool>(
        &mut self,
        f: &FarmFlows,
        farm: &Farm,
        h: &Holdings,
    ) {
        self.revenue += f64::from(f.revenue);
        self.ref_revenue += f64::from(f.ref_revenue);
        self.storage_cost += f64::from(f.storage);
        self.ref_storage_cost += f64::from(f.ref_storage);
        if HARVEST {
            self.production_cost += f64::from(f.production_cost);
            self.corn_net += f64::from(f.corn_net);
            self.harvest += f64::from(f.harvest_bu);
        }
        if AID {
            self.aid_paid += f64::from(f.aid);
        }
        if f.exited {
            self.exits += 1;
            self.freed_acres += f64::from(farm.acres);
            return;
        }
        self.active += 1;
        self.active_acres += f64::from(farm.acres);
        self.season_harvest += f64::from(h.season_harvest_bu);
        self.stock += f64::from(h.stock_bu);
        self.ref_stock += f64::from(h.ref_stock_bu);
    }
}

/// The month's common terms from the config (prices and calendar flags left neutral).
fn farm_month_of(fc: &FarmerConfig, aid_usd_bu: f64) -> FarmMonth {
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
    market: Res<SoybeanMarket>,
    mut sector: ResMut<FarmSector>,
    mut farms: Query<(&mut Farm, &mut Crop, &FarmStatus)>,
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
    let (mut soy_acres, mut acres) = (0.0f64, 0.0f64);
    let tables = farms
        .contiguous_iter_mut()
        .expect("farm components are table-stored");
    for (mut farm, mut crop, status) in tables {
        let rows = farm
            .bypass_change_detection()
            .iter_mut()
            .zip(crop.bypass_change_detection())
            .zip(status);
        for ((farm, crop), status) in rows {
            if *status == FarmStatus::Exited {
                continue;
            }
            plant(farm, crop, expected, factor, &m);
            acres += f64::from(farm.acres);
            if *crop == Crop::Soy {
                soy_acres += f64::from(farm.acres);
            }
        }
    }
    sector.pool_acres = 0.0;
    sector.active_acres = acres;
    sector.soy_acres_planted = Some(soy_acres);
}

/// What every farmer faces this month: prices, calendar flags and the aid rate for the aid
/// `due_usd_bn` paid this month.
pub fn month_terms(
    calendar: &Calendar,
    fc: &FarmerConfig,
    market: &SoybeanMarket,
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

/// The farmers' query, as the systems see it.
pub type FarmQuery<'w, 's> = Query<
    'w,
    's,
    (
        &'static Farm,
        &'static Crop,
        &'static Marketing,
        &'static mut Holdings,
        &'static mut FarmStatus,
    ),
>;

/// Every farmer's month (the per-agent loop of [`tend_farms`]), summed in query order.
pub fn tend_query(farms: &mut FarmQuery, m: &FarmMonth) -> MonthSums {
    match (m.harvest_share > 0.0, m.aid_usd_bu != 0.0) {
        (true, true) => tend_all::<true, true>(farms, m),
        (true, false) => tend_all::<true, false>(farms, m),
        (false, true) => tend_all::<false, true>(farms, m),
        (false, false) => tend_all::<false, false>(farms, m),
    }
}

/// Every farmer's month of one kind (see [`farm_month_as`]), summed in query order.
fn tend_all<const HARVEST: bool, const AID: bool>(
    farms: &mut FarmQuery,
    m: &FarmMonth,
) -> MonthSums {
    let mut sums = MonthSums::default();
    // Table by table, as slices (the farm components are table-stored, so the query is
    // dense): the loop below is a plain loop over arrays, with no per-entity fetch.
    let tables = farms
        .contiguous_iter_mut()
        .expect("farm components are table-stored");
    for (farm, crop, marketing, mut holdings, mut status) in tables {
        let rows = farm
            .iter()
            .zip(crop)
            .zip(marketing)
            .zip(holdings.bypass_change_detection())
            .zip(status.bypass_change_detection());
        for ((((farm, crop), marketing), h), status) in rows {
            if *status == FarmStatus::Exited {
                continue;
            }
            let f = farm_month_as::<HARVEST, AID>(farm, *crop, *marketing, h, status, m);
            sums.add::<HARVEST, AID>(&f, farm, h);
        }
    }
    sums
}

/// Farmers step (§4.7): every farmer's month, summed into the farm sector's income, its
/// no-conflict reference and the loss between them.
pub fn tend_farms(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    market: Res<SoybeanMarket>,
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
        let s = Marketing::StoreForTarget {
            target_usd_bu: 10.5,
        };
        assert_eq!(sales_bu(100.0, 200.0, s, 10.0, 0.1, false), 0.0);
        assert_eq!(sales_bu(100.0, 200.0, s, 10.6, 0.1, false), 100.0);
        assert_eq!(sales_bu(100.0, 200.0, s, 10.0, 0.1, true), 100.0);
        assert_eq!(
            sales_bu(300.0, 200.0, s, 10.0, 0.1, false),
            100.0,
            "excess over capacity"
        );
        assert!(
            (sales_bu(100.0, 200.0, Marketing::FixedShare, 9.0, 0.1, false) - 10.0).abs() < 1e-4
        );
    }

    fn world(sets: &[&str]) -> World {
        let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
        let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
        let registry = crate::strategy::StrategyRegistry::default();
        crate::replicate::build_world(&loaded.typical, &registry, 7, 0).unwrap()
    }

    #[test]
    fn spawned_farmers_grow_the_2025_us_crop_on_the_configured_soy_land_share() {
        let mut w = world(&["farmers.count=5000"]);
        let (mut soy_bu, mut soy_acres, mut acres, mut n) = (0.0, 0.0, 0.0, 0);
        for (farm, crop) in w.query::<(&Farm, &Crop)>().iter(&w) {
            n += 1;
            acres += f64::from(farm.acres);
            if *crop == Crop::Soy {
                soy_acres += f64::from(farm.acres);
                soy_bu += f64::from(farm.acres) * f64::from(farm.yield_bu_ac);
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
        let mut schedule = crate::schedule::month_schedule();
        let mut exited = 0;
        for _ in 0..14 {
            schedule.run(&mut w);
            let price = w.resource::<SoybeanMarket>().farm_gate_usd_bu as f32;
            for (h, st) in w.query::<(&Holdings, &FarmStatus)>().iter(&w) {
                assert!(h.stock_bu >= 0.0 && h.ref_stock_bu >= 0.0);
                if *st == FarmStatus::Farming {
                    assert!(h.cash_usd + h.stock_bu * price >= 0.0);
                } else {
                    exited += 1;
                    assert!(h.cash_usd < 0.0, "exited with equity {}", h.cash_usd);
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
            (5.0f32..15.0).prop_map(|t| Marketing::StoreForTarget { target_usd_bu: t }),
        ]
    }

    proptest! {
        #[test]
        fn no_stock_goes_negative_and_exits_happen_only_at_negative_equity(
            marketing in marketing_strategy(),
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
            let f = Farm { cost_usd_ac: cost, ..farm() };
            let crop = if soy { Crop::Soy } else { Crop::Corn };
            let mut h = Holdings {
                capacity_bu: capacity,
                stock_bu: stock,
                ref_stock_bu: ref_stock,
                cash_usd: cash,
                season_harvest_bu: 50_000.0,
            };
            let mut status = FarmStatus::Farming;
            let m = FarmMonth { price, ref_price, harvest_share: harvest, clearance, aid_usd_bu: aid, ..month() };
            let flows = farm_month(&f, crop, marketing, &mut h, &mut status, &m);
            prop_assert!(h.stock_bu >= 0.0 && h.ref_stock_bu >= 0.0);
            prop_assert!(flows.revenue >= 0.0 && flows.ref_revenue >= 0.0);
            let equity = h.cash_usd + h.stock_bu * price;
            if flows.exited {
                prop_assert_eq!(status, FarmStatus::Exited);
                prop_assert!(equity < 0.0, "exited with equity {}", equity);
                prop_assert_eq!(h.stock_bu, 0.0);
            } else {
                prop_assert!(equity >= 0.0, "kept farming with equity {}", equity);
            }
            // An exited farmer does nothing afterwards.
            if flows.exited {
                let again = farm_month(&f, crop, marketing, &mut h, &mut status, &m);
                prop_assert_eq!(again, FarmFlows::default());
            }
        }
    }
}
