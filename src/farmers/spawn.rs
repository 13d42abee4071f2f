//! Spawning the farmers (MODEL.md §3 "Farmers"): every replicate draws its own farm
//! population from the `farmers` bulk stream of (seed, replicate) — per farmer, in order: a
//! uniform for its marketing strategy, then normals for acreage, yield, cost, storage,
//! equity and corn advantage, and for a store-for-target farmer one more for its target
//! price — plants the 2025 crop at no-conflict prices and scales acreage so that the 2025
//! soybean crop equals US production.

use std::cell::RefCell;

use bevy_ecs::prelude::*;
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};

use super::{
    CashUsd, CornEdgeUsdAc, Crop, Farm, FarmAcres, FarmAid, FarmMonth, FarmSector, FarmStatus,
    FarmerBundle, Marketing, RefStockBu, SeasonHarvestBu, SoyCostUsdAc, SoyYieldBuAc, StockBu,
    StorageCapacityBu, TargetPriceUsdBu, farm_month_of, plants_soy,
};
use crate::config::{FarmerConfig, Scenario};
use crate::rng::{Purpose, bulk_stream};
use crate::soybeans::MBU_PER_MT;

/// A lognormal factor of mean 1 and coefficient of variation `cv`: `exp(σz − σ²/2)` with
/// `σ² = ln(1 + cv²)`.
#[derive(Debug, Clone, Copy)]
struct LognormalFactor {
    sigma: f64,
    half_variance: f64,
}

impl LognormalFactor {
    fn new(cv: f64) -> Self {
        let variance = (1.0 + cv * cv).ln();
        Self {
            sigma: variance.sqrt(),
            half_variance: 0.5 * variance,
        }
    }

    /// The factor at standard normal draw `z` (the exponential in single precision: the
    /// factor ends up in an `f32` component).
    fn at(&self, z: f64) -> f64 {
        f64::from(((self.sigma * z - self.half_variance) as f32).exp())
    }
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

/// One farmer's draws, before acreage is scaled to the US crop.
#[derive(Debug, Clone, Copy)]
struct FarmDraw {
    /// Acreage: relative to the mean farm when drawn, scaled to acres (so that the 2025 crop
    /// is US production) before the farmer is spawned.
    acres: f64,
    /// Storage capacity as a multiple of the farm's soybean crop.
    storage_ratio: f64,
    /// Equity per acre (USD/acre).
    equity_usd_ac: f64,
    /// Yield, cost and corn advantage (its `acres` unused: see `acres`).
    farm: Farm,
    /// The 2025 crop.
    crop: Crop,
    /// Marketing strategy.
    marketing: Marketing,
    /// Target price (USD/bu).
    target_usd_bu: f32,
}

impl FarmDraw {
    /// The farmer's components once its acreage is known.
    fn bundle(&self) -> FarmerBundle {
        let acres = self.acres;
        FarmerBundle::new(
            Farm {
                acres: acres as f32,
                ..self.farm
            },
            self.crop,
            self.marketing,
            self.target_usd_bu,
            (self.storage_ratio * acres * f64::from(self.farm.yield_bu_ac)) as f32,
            (self.equity_usd_ac * acres) as f32,
        )
    }
}

thread_local! {
    /// The draws of the latest spawn on this thread, in draw order and grouped by marketing
    /// strategy (kept so that a replicate does not allocate and page in fresh buffers).
    static DRAWS: RefCell<(Vec<FarmDraw>, Vec<FarmDraw>)> =
        const { RefCell::new((Vec::new(), Vec::new())) };
}

/// `draws` grouped by marketing strategy (sell at harvest, store for target, fixed share),
/// each group in draw order, into `grouped` (a stable partition). Sell-at-harvest
/// farmers then sit together, so the monthly pass finds whole blocks with nothing in store
/// (see `month`).
fn group_by_marketing(draws: &[FarmDraw], grouped: &mut Vec<FarmDraw>) {
    let group = |d: &FarmDraw| match d.marketing {
        Marketing::SellAtHarvest => 0,
        Marketing::StoreForTarget => 1,
        Marketing::FixedShare => 2,
    };
    grouped.clear();
    for g in 0..3 {
        grouped.extend(draws.iter().filter(|d| group(d) == g));
    }
}

/// Draws `fc.count` farmers into `draws` (cleared first), in spawn order, and returns the
/// 2025 soybean crop of the draws in relative units (Σ relative acres × yield of soy farms).
fn draw_farmers(
    fc: &FarmerConfig,
    ref_farm_gate: f64,
    master_seed: u64,
    replicate: u64,
    draws: &mut Vec<FarmDraw>,
) -> f64 {
    let mut rng = bulk_stream(master_seed, replicate, Purpose::Agents("farmers"));
    let shares = [
        fc.share_sell_at_harvest,
        fc.share_store_for_target,
        fc.share_fixed_share,
    ];
    let share_total: f64 = shares.iter().sum();
    let (edge_mean, edge_sd) = corn_edge_distribution(fc, ref_farm_gate);
    let planting = FarmMonth {
        price: ref_farm_gate as f32,
        ref_price: ref_farm_gate as f32,
        ..farm_month_of(fc, 0.0)
    };
    draws.clear();
    draws.reserve(fc.count as usize);
    let mut relative_soy_bu = 0.0;
    let acres_factor = LognormalFactor::new(fc.acres_cv);
    let equity_factor = LognormalFactor::new(fc.equity_usd_ac_cv);
    for _ in 0..fc.count {
        let u: f64 = rng.random::<f64>() * share_total;
        let marketing = if u < shares[0] {
            Marketing::SellAtHarvest
        } else if u < shares[0] + shares[1] {
            Marketing::StoreForTarget
        } else {
            Marketing::FixedShare
        };
        let mut z = || -> f64 { StandardNormal.sample(&mut rng) };
        let relative_acres = acres_factor.at(z());
        let yield_bu_ac =
            (fc.yield_bu_ac_mean + fc.yield_bu_ac_sd * z()).max(0.2 * fc.yield_bu_ac_mean);
        let cost = (fc.cost_usd_ac_mean + fc.cost_usd_ac_sd * z()).max(0.0);
        let storage_ratio = (fc.storage_ratio_mean + fc.storage_ratio_sd * z()).max(0.0);
        let equity_usd_ac = fc.equity_usd_ac_mean * equity_factor.at(z());
        let corn_edge = edge_mean + edge_sd * z();
        let target_usd_bu = if marketing == Marketing::StoreForTarget {
            let target_ratio = (fc.target_ratio_mean + fc.target_ratio_sd * z()).max(0.0);
            (target_ratio * ref_farm_gate) as f32
        } else {
            0.0
        };
        let farm = Farm {
            acres: 0.0,
            yield_bu_ac: yield_bu_ac as f32,
            cost_usd_ac: cost as f32,
            corn_edge_usd_ac: corn_edge as f32,
        };
        let crop = if plants_soy(&farm, planting.price, &planting) {
            relative_soy_bu += relative_acres * yield_bu_ac;
            Crop::Soy
        } else {
            Crop::Corn
        };
        draws.push(FarmDraw {
            acres: relative_acres,
            storage_ratio,
            equity_usd_ac,
            farm,
            crop,
            marketing,
            target_usd_bu,
        });
    }
    relative_soy_bu
}

/// Spawns the farmers of replicate `replicate` (see the module docs), grouped by marketing
/// strategy (see `group_by_marketing`). A reused
/// world (see `replicate::reset_world`) keeps its farmer entities when there are as many as
/// this replicate draws: their components are overwritten in table order, which is the
/// order a fresh spawn gives; otherwise they are despawned and spawned afresh.
pub fn spawn_farmers(world: &mut World, scenario: &Scenario, master_seed: u64, replicate: u64) {
    let fc = &scenario.farmers;
    let sc = &scenario.soybeans;
    let ref_farm_gate = sc.world_price_usd_bu + sc.us_basis_usd_bu;
    DRAWS.with_borrow_mut(|(drawn, draws)| {
        let relative_soy_bu = draw_farmers(fc, ref_farm_gate, master_seed, replicate, drawn);
        group_by_marketing(drawn, draws);
        let production_bu = sc.us_production_mt * MBU_PER_MT * 1e6;
        let scale = if relative_soy_bu > 0.0 {
            production_bu / relative_soy_bu
        } else {
            0.0
        };
        let (mut acres_total, mut soy_acres) = (0.0, 0.0);
        for d in draws.iter_mut() {
            d.acres *= scale;
            acres_total += d.acres;
            if d.crop == Crop::Soy {
                soy_acres += d.acres;
            }
        }
        write_farmers(world, draws);
        world.insert_resource(FarmSector {
            last_price: ref_farm_gate,
            last_ref_price: ref_farm_gate,
            initial_count: fc.count,
            active_count: fc.count,
            active_acres: acres_total,
            soy_acres_2025: soy_acres,
            ..Default::default()
        });
    });
    world.insert_resource(FarmAid::default());
}

/// The farmer columns, all writable (to overwrite a reused world's farmers).
type FarmerColumnsMut = (
    &'static mut FarmAcres,
    &'static mut SoyYieldBuAc,
    &'static mut SoyCostUsdAc,
    &'static mut CornEdgeUsdAc,
    &'static mut Crop,
    &'static mut Marketing,
    &'static mut TargetPriceUsdBu,
    &'static mut StorageCapacityBu,
    &'static mut StockBu,
    &'static mut RefStockBu,
    &'static mut CashUsd,
    &'static mut SeasonHarvestBu,
    &'static mut FarmStatus,
);

/// Makes the world's farmers those of `draws` (acreage scaled), in order.
fn write_farmers(world: &mut World, draws: &[FarmDraw]) {
    let mut farmers = world.query::<FarmerColumnsMut>();
    let existing = farmers.iter(world).len();
    if existing != draws.len() || draws.is_empty() {
        if existing > 0 {
            let mut entities = world.query_filtered::<Entity, With<FarmAcres>>();
            let stale: Vec<Entity> = entities.iter(world).collect();
            for e in stale {
                world.despawn(e);
            }
        }
        world.spawn_batch(draws.iter().map(FarmDraw::bundle));
        return;
    }
    let tables = farmers
        .contiguous_iter_mut(world)
        .expect("farm components are table-stored");
    let mut rest = draws;
    for columns in tables {
        let (
            mut farm_acres,
            mut yields,
            mut costs,
            mut edges,
            mut crop,
            mut marketing,
            mut target,
            mut capacity,
            mut stock,
            mut ref_stock,
            mut cash,
            mut season,
            mut status,
        ) = columns;
        let farm_acres = farm_acres.bypass_change_detection();
        let yields = yields.bypass_change_detection();
        let costs = costs.bypass_change_detection();
        let edges = edges.bypass_change_detection();
        let crop = crop.bypass_change_detection();
        let marketing = marketing.bypass_change_detection();
        let target = target.bypass_change_detection();
        let capacity = capacity.bypass_change_detection();
        let stock = stock.bypass_change_detection();
        let ref_stock = ref_stock.bypass_change_detection();
        let cash = cash.bypass_change_detection();
        let season = season.bypass_change_detection();
        let status = status.bypass_change_detection();
        let (here, later) = rest.split_at(farm_acres.len());
        rest = later;
        for (i, d) in here.iter().enumerate() {
            let b = d.bundle();
            farm_acres[i] = b.acres;
            yields[i] = b.yield_bu_ac;
            costs[i] = b.cost_usd_ac;
            edges[i] = b.corn_edge_usd_ac;
            crop[i] = b.crop;
            marketing[i] = b.marketing;
            target[i] = b.target;
            capacity[i] = b.capacity;
            stock[i] = b.stock;
            ref_stock[i] = b.ref_stock;
            cash[i] = b.cash;
            season[i] = b.season;
            status[i] = b.status;
        }
    }
}
