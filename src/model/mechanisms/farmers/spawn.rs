//! Spawning the farmers (docs/model.md §3 "Farmers"): every replicate draws its own farm
//! population from the streams of (seed, replicate), plants the 2025 crop at
//! no-conflict prices and scales acreage so that the 2025 soybean crop equals US production.
//!
//! The draws, in the order of the `farmers` bulk stream: how many farmers follow each
//! marketing strategy (a multinomial with the configured shares, drawn as two binomials),
//! then one column of standard normals per trait — acreage, yield, cost, storage, equity,
//! corn advantage, one normal per farmer each — then the target prices of the
//! store-for-target farmers. Farmers
//! are exchangeable, so drawing the group sizes first and each farmer's traits after is the
//! same population law as drawing each farmer's strategy with its traits; it puts the
//! farmers of one strategy together (see `kernel` for why), and a column at a time is a loop
//! the compiler vectorises.

use std::cell::RefCell;

use bevy_ecs::prelude::*;
use rand_distr::{Binomial, Distribution, StandardNormal};

use super::aid::FarmAid;
use super::components::{
    CashUsd, CornEdgeUsdAc, Crop, Farm, FarmAcres, FarmStatus, FarmerBundle, Marketing, RefStockBu,
    SeasonHarvestBu, SoyCostUsdAc, SoyYieldBuAc, StockBu, StorageCapacityBu, TargetPriceUsdBu,
};
use super::distributions::{LognormalFactor, corn_edge_distribution};
use super::lanes::{LANES, combine};
use super::rules::{FarmMonth, farm_month_of, plants_soy};
use super::sector::FarmSector;
use super::vectors::widest;
use crate::config::{FarmerConfig, Scenario};
use crate::foundation::rng::{BulkRng, Purpose, bulk_stream};
use crate::model::state::markets::MBU_PER_MT;

/// A drawn farm population, one column per trait, in spawn order: grouped by marketing
/// strategy (sell at harvest, store for target, fixed share). Kept per thread and reused,
/// so that a replicate does not allocate and page in fresh buffers.
#[derive(Debug, Default)]
struct DrawnFarms {
    /// Marketing strategies.
    marketing: Vec<Marketing>,
    /// Acreage (relative to the mean farm when drawn; acres once scaled to the US crop).
    acres: Vec<f32>,
    /// Soybean yields (bu/acre).
    yield_bu_ac: Vec<f32>,
    /// Soybean costs (USD/acre).
    cost_usd_ac: Vec<f32>,
    /// Corn advantages (USD/acre).
    corn_edge_usd_ac: Vec<f32>,
    /// The 2025 crops.
    crop: Vec<Crop>,
    /// Target prices (USD/bu; zero but for store-for-target farmers).
    target_usd_bu: Vec<f32>,
    /// Storage capacity as a multiple of the farm's soybean crop.
    storage_ratio: Vec<f32>,
    /// Equity per acre (USD/acre).
    equity_usd_ac: Vec<f32>,
    /// Storage capacities (bu), once acreage is scaled.
    capacity_bu: Vec<f32>,
    /// Cash (USD), once acreage is scaled.
    cash_usd: Vec<f32>,
    /// Scratch: one standard normal per farmer, or a per-farmer term to sum.
    scratch: Vec<f64>,
}

thread_local! {
    /// The latest population drawn on this thread (see [`DrawnFarms`]).
    static DRAWN: RefCell<DrawnFarms> = RefCell::new(DrawnFarms::default());
}

/// `n` standard normals from `rng` into `z` (cleared first): rand_distr's ziggurat
/// sampler (Doornik 2005), which costs about one 64-bit draw per normal.
#[inline(always)]
fn fill_normals(rng: &mut BulkRng, n: usize, z: &mut Vec<f64>) {
    z.clear();
    z.extend((0..n).map(|_| -> f64 { StandardNormal.sample(rng) }));
}

/// Fills `column` (cleared first) with `n` traits, `trait_of(z)` of one fresh standard
/// normal `z` each (drawn into `scratch`).
#[inline(always)]
fn draw_column(
    rng: &mut BulkRng,
    scratch: &mut Vec<f64>,
    column: &mut Vec<f32>,
    n: usize,
    trait_of: impl Fn(f64) -> f32,
) {
    fill_normals(rng, n, scratch);
    column.clear();
    column.extend(scratch.iter().map(|z| trait_of(*z)));
}

/// Makes `column` `n` copies of `value`, reusing its allocation (the per-thread buffers
/// are refilled every replicate).
fn refill<T: Clone>(column: &mut Vec<T>, n: usize, value: T) {
    column.clear();
    column.resize(n, value);
}

/// `values` summed in [`LANES`] lanes (value `i` into lane `i mod LANES`, lanes combined
/// pairwise): a fixed order, as the monthly pass sums.
fn sum_in_lanes(values: &[f64]) -> f64 {
    let mut lanes = [0.0f64; LANES];
    let chunks = values.chunks_exact(LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (l, x) in lanes.iter_mut().zip(chunk) {
            *l += *x;
        }
    }
    for (l, x) in lanes.iter_mut().zip(rest) {
        *l += *x;
    }
    combine(&lanes)
}

#[inline(always)]
/// How many of `count` farmers follow each marketing strategy (sell at harvest, store for
/// target, fixed share): a multinomial draw with the configured shares, as two binomials.
fn marketing_counts(fc: &FarmerConfig, rng: &mut BulkRng) -> [usize; 3] {
    let (s0, s1, s2) = (
        fc.share_sell_at_harvest,
        fc.share_store_for_target,
        fc.share_fixed_share,
    );
    let binomial = |n: u64, p: f64, rng: &mut BulkRng| -> u64 {
        Binomial::new(n, p.clamp(0.0, 1.0)).map_or(0, |b| b.sample(rng))
    };
    let n = u64::from(fc.count);
    let total = s0 + s1 + s2;
    let sell = if total > 0.0 {
        binomial(n, s0 / total, rng)
    } else {
        n
    };
    let rest = n - sell;
    let store = if s1 + s2 > 0.0 {
        binomial(rest, s1 / (s1 + s2), rng)
    } else {
        0
    };
    [sell as usize, store as usize, (rest - store) as usize]
}

widest! {
    /// Draws `fc.count` farmers into `d`, in spawn order (see the module docs for the order of
    /// the draws), and returns the 2025 soybean crop in relative units (Σ relative acres ×
    /// yield of soy farms). Runs on the widest vectors of the CPU (`vectors::widest!`).
    fn draw_farmers(
        fc: &FarmerConfig,
        ref_farm_gate: f64,
        master_seed: u64,
        replicate: u64,
        d: &mut DrawnFarms,
    ) -> f64 => draw_farmers_portable
}

/// [`draw_farmers`] compiled for the baseline target only.
#[inline(always)]
fn draw_farmers_portable(
    fc: &FarmerConfig,
    ref_farm_gate: f64,
    master_seed: u64,
    replicate: u64,
    d: &mut DrawnFarms,
) -> f64 {
    let mut rng = bulk_stream(master_seed, replicate, Purpose::Agents("farmers"));
    let n = fc.count as usize;
    let counts = marketing_counts(fc, &mut rng);
    d.marketing.clear();
    for (strategy, k) in [
        Marketing::SellAtHarvest,
        Marketing::StoreForTarget,
        Marketing::FixedShare,
    ]
    .into_iter()
    .zip(counts)
    {
        d.marketing.extend(std::iter::repeat_n(strategy, k));
    }

    // One column of normals at a time, each turned into its trait by a loop that vectorises.
    let acres_factor = LognormalFactor::new(fc.acres_cv);
    draw_column(&mut rng, &mut d.scratch, &mut d.acres, n, |z| {
        acres_factor.at(z)
    });
    let (mean, sd) = (fc.yield_bu_ac_mean, fc.yield_bu_ac_sd);
    let floor = 0.2 * mean;
    draw_column(&mut rng, &mut d.scratch, &mut d.yield_bu_ac, n, |z| {
        (mean + sd * z).max(floor) as f32
    });
    let (mean, sd) = (fc.cost_usd_ac_mean, fc.cost_usd_ac_sd);
    draw_column(&mut rng, &mut d.scratch, &mut d.cost_usd_ac, n, |z| {
        (mean + sd * z).max(0.0) as f32
    });
    let (mean, sd) = (fc.storage_ratio_mean, fc.storage_ratio_sd);
    draw_column(&mut rng, &mut d.scratch, &mut d.storage_ratio, n, |z| {
        (mean + sd * z).max(0.0) as f32
    });
    let equity_factor = LognormalFactor::new(fc.equity_usd_ac_cv);
    let mean = fc.equity_usd_ac_mean as f32;
    draw_column(&mut rng, &mut d.scratch, &mut d.equity_usd_ac, n, |z| {
        mean * equity_factor.at(z)
    });
    let (mean, sd) = corn_edge_distribution(fc, ref_farm_gate);
    draw_column(&mut rng, &mut d.scratch, &mut d.corn_edge_usd_ac, n, |z| {
        (mean + sd * z) as f32
    });
    let (mean, sd) = (fc.target_ratio_mean, fc.target_ratio_sd);
    let store = counts[0]..counts[0] + counts[1];
    fill_normals(&mut rng, store.len(), &mut d.scratch);
    refill(&mut d.target_usd_bu, n, 0.0);
    for (t, z) in d.target_usd_bu[store].iter_mut().zip(&d.scratch) {
        *t = ((mean + sd * z).max(0.0) * ref_farm_gate) as f32;
    }

    // The 2025 crop, chosen at no-conflict prices.
    let planting = FarmMonth {
        price: ref_farm_gate as f32,
        ref_price: ref_farm_gate as f32,
        ..farm_month_of(fc, 0.0)
    };
    refill(&mut d.crop, n, Crop::Corn);
    refill(&mut d.scratch, n, 0.0);
    let columns = d
        .acres
        .iter()
        .zip(&d.yield_bu_ac)
        .zip(&d.cost_usd_ac)
        .zip(&d.corn_edge_usd_ac);
    for ((crop, soy_bu), (((acres, yield_bu_ac), cost), edge)) in
        d.crop.iter_mut().zip(d.scratch.iter_mut()).zip(columns)
    {
        let farm = Farm {
            acres: *acres,
            yield_bu_ac: *yield_bu_ac,
            cost_usd_ac: *cost,
            corn_edge_usd_ac: *edge,
        };
        let soy = plants_soy(&farm, planting.price, &planting);
        *crop = if soy { Crop::Soy } else { Crop::Corn };
        let bu = f64::from(farm.acres) * f64::from(farm.yield_bu_ac);
        *soy_bu = if soy { bu } else { 0.0 };
    }
    sum_in_lanes(&d.scratch)
}

/// Scales the drawn acreage by `scale` (relative units to acres) and sets each farm's
/// storage capacity and cash from it; returns (acreage, of it in soybeans).
fn scale_acreage(d: &mut DrawnFarms, scale: f64) -> (f64, f64) {
    let n = d.acres.len();
    refill(&mut d.capacity_bu, n, 0.0);
    refill(&mut d.cash_usd, n, 0.0);
    let inputs = d
        .acres
        .iter_mut()
        .zip(&d.storage_ratio)
        .zip(&d.yield_bu_ac)
        .zip(&d.equity_usd_ac);
    for ((capacity, cash), (((acres, ratio), yield_bu_ac), equity)) in d
        .capacity_bu
        .iter_mut()
        .zip(d.cash_usd.iter_mut())
        .zip(inputs)
    {
        let scaled = f64::from(*acres) * scale;
        *acres = scaled as f32;
        *capacity = (f64::from(*ratio) * scaled * f64::from(*yield_bu_ac)) as f32;
        *cash = (f64::from(*equity) * scaled) as f32;
    }
    d.scratch.clear();
    d.scratch.extend(d.acres.iter().map(|a| f64::from(*a)));
    let acres_total = sum_in_lanes(&d.scratch);
    for (x, crop) in d.scratch.iter_mut().zip(&d.crop) {
        *x = if *crop == Crop::Soy { *x } else { 0.0 };
    }
    (acres_total, sum_in_lanes(&d.scratch))
}

/// Spawns the farmers of replicate `replicate` (see the module docs), grouped by marketing
/// strategy, so that the monthly pass finds whole blocks of farmers with nothing in store
/// (see `kernel`). A reused world (see `world::reset_world`) keeps its farmer entities
/// when there are as many as this replicate draws: their components are overwritten in
/// table order, which is the order a fresh spawn gives; otherwise they are despawned and
/// spawned afresh.
pub fn spawn_farmers(world: &mut World, scenario: &Scenario, master_seed: u64, replicate: u64) {
    let fc = &scenario.farmers;
    let sc = &scenario.soybeans;
    let ref_farm_gate = sc.world_price_usd_bu + sc.us_basis_usd_bu;
    DRAWN.with_borrow_mut(|drawn| {
        let relative_soy_bu = draw_farmers(fc, ref_farm_gate, master_seed, replicate, drawn);
        let production_bu = sc.us_production_mt * MBU_PER_MT * 1e6;
        let scale = if relative_soy_bu > 0.0 {
            production_bu / relative_soy_bu
        } else {
            0.0
        };
        let (acres_total, soy_acres) = scale_acreage(drawn, scale);
        write_farmers(world, drawn);
        // Round 0 after the harvest (December to August): the last crop is the marketing
        // year's harvest, and a share of it is still in store.
        let after_harvest = !(9..=11).contains(&scenario.start_month().month);
        let (stock_bu, season_harvest_bu) = if after_harvest || fc.initial_stock_share > 0.0 {
            stock_farms(world, fc.initial_stock_share, after_harvest)
        } else {
            (0.0, 0.0)
        };
        world.insert_resource(FarmSector {
            last_price: ref_farm_gate,
            last_ref_price: ref_farm_gate,
            initial_count: fc.count,
            active_count: fc.count,
            active_acres: acres_total,
            soy_acres_2025: soy_acres,
            stock_bu,
            ref_stock_bu: stock_bu,
            season_harvest_bu,
            ..Default::default()
        });
    });
    world.insert_resource(FarmAid::default());
}

/// Puts the stocks of round 0 into the farmers' stores: `share` of each soybean farm's last
/// crop (`acres·yield`), capped at its storage capacity, the same in the no-conflict
/// reference; with `whole_season`, the last crop is also the marketing year's harvest (the
/// aid base). Returns the stocks and the season's harvest summed over farms (bu).
fn stock_farms(world: &mut World, share: f64, whole_season: bool) -> (f64, f64) {
    let mut farms = world.query::<(
        &FarmAcres,
        &SoyYieldBuAc,
        &Crop,
        &StorageCapacityBu,
        &mut StockBu,
        &mut RefStockBu,
        &mut SeasonHarvestBu,
    )>();
    let (mut stock_sum, mut season_sum) = (0.0, 0.0);
    for (acres, yield_bu_ac, crop, capacity, mut stock, mut ref_stock, mut season) in
        farms.iter_mut(world)
    {
        let crop_bu = if *crop == Crop::Soy {
            f64::from(acres.0) * f64::from(yield_bu_ac.0)
        } else {
            0.0
        };
        let held = (share * crop_bu).min(f64::from(capacity.0)) as f32;
        stock.0 = held;
        ref_stock.0 = held;
        stock_sum += f64::from(held);
        if whole_season {
            season.0 = crop_bu as f32;
            season_sum += f64::from(season.0);
        }
    }
    (stock_sum, season_sum)
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

impl DrawnFarms {
    /// Farmer `i`'s components.
    fn bundle(&self, i: usize) -> FarmerBundle {
        FarmerBundle::new(
            Farm {
                acres: self.acres[i],
                yield_bu_ac: self.yield_bu_ac[i],
                cost_usd_ac: self.cost_usd_ac[i],
                corn_edge_usd_ac: self.corn_edge_usd_ac[i],
            },
            self.crop[i],
            self.marketing[i],
            self.target_usd_bu[i],
            self.capacity_bu[i],
            self.cash_usd[i],
        )
    }
}

/// Copies `from` into the column `to` of one-field components `wrap`.
fn copy_column<T: Copy, C>(to: &mut [C], from: &[T], wrap: impl Fn(T) -> C) {
    for (c, x) in to.iter_mut().zip(from) {
        *c = wrap(*x);
    }
}

/// Makes the world's farmers those of `d` (acreage scaled), in order.
fn write_farmers(world: &mut World, d: &DrawnFarms) {
    let n = d.acres.len();
    let mut farmers = world.query::<FarmerColumnsMut>();
    let existing = farmers.iter(world).len();
    if existing != n || n == 0 {
        if existing > 0 {
            let mut entities = world.query_filtered::<Entity, With<FarmAcres>>();
            let stale: Vec<Entity> = entities.iter(world).collect();
            for e in stale {
                world.despawn(e);
            }
        }
        world.spawn_batch((0..n).map(|i| d.bundle(i)));
        return;
    }
    let tables = farmers
        .contiguous_iter_mut(world)
        .expect("farm components are table-stored");
    let mut start = 0;
    for columns in tables {
        let (
            mut acres,
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
        let end = start + acres.len();
        let r = start..end;
        copy_column(
            acres.bypass_change_detection(),
            &d.acres[r.clone()],
            FarmAcres,
        );
        copy_column(
            yields.bypass_change_detection(),
            &d.yield_bu_ac[r.clone()],
            SoyYieldBuAc,
        );
        copy_column(
            costs.bypass_change_detection(),
            &d.cost_usd_ac[r.clone()],
            SoyCostUsdAc,
        );
        copy_column(
            edges.bypass_change_detection(),
            &d.corn_edge_usd_ac[r.clone()],
            CornEdgeUsdAc,
        );
        crop.bypass_change_detection()
            .copy_from_slice(&d.crop[r.clone()]);
        marketing
            .bypass_change_detection()
            .copy_from_slice(&d.marketing[r.clone()]);
        copy_column(
            target.bypass_change_detection(),
            &d.target_usd_bu[r.clone()],
            TargetPriceUsdBu,
        );
        copy_column(
            capacity.bypass_change_detection(),
            &d.capacity_bu[r.clone()],
            StorageCapacityBu,
        );
        copy_column(cash.bypass_change_detection(), &d.cash_usd[r], CashUsd);
        stock.bypass_change_detection().fill(StockBu(0.0));
        ref_stock.bypass_change_detection().fill(RefStockBu(0.0));
        season.bypass_change_detection().fill(SeasonHarvestBu(0.0));
        status.bypass_change_detection().fill(FarmStatus::Farming);
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marketing_counts_add_up_and_follow_the_shares() {
        let loaded = crate::config::LoadedScenario::load(None, &[]).unwrap();
        let mut fc = loaded.typical.farmers.clone();
        fc.count = 100_000;
        fc.share_sell_at_harvest = 0.2;
        fc.share_store_for_target = 0.0;
        fc.share_fixed_share = 0.6;
        let mut rng = bulk_stream(1, 2, Purpose::Agents("farmers"));
        let [sell, store, fixed] = marketing_counts(&fc, &mut rng);
        assert_eq!(sell + store + fixed, 100_000);
        assert_eq!(store, 0);
        // Share 0.25 of 100,000: the standard deviation is ≈137 farmers.
        assert!((sell as f64 - 25_000.0).abs() < 700.0, "sell {sell}");
    }

    #[test]
    fn spawned_farmers_grow_the_2025_us_crop_on_the_configured_soy_land_share() {
        let sets = ["farmers.count=5000".to_string()];
        let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
        let mut w = World::new();
        spawn_farmers(&mut w, &loaded.typical, 7, 0);
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
}
