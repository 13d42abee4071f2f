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
    CornEdgeUsdAc, Crop, FarmAcres, FarmColumns, FarmState, FarmerData, FarmerVecs, Marketing,
    SoyCostUsdAc, SoyYieldBuAc, StorageCapacityBu, TargetPriceUsdBu,
};
use super::distributions::{LognormalFactor, corn_edge_distribution};
use super::lanes::{LANES, combine};
use super::rules::{FarmMonth, farm_month_of, plants_soy};
use super::sector::FarmSector;
use super::vectors::widest;
use crate::config::{FarmerConfig, Scenario};
use crate::foundation::rng::{BulkRng, Purpose, bulk_stream};
use crate::model::respawn::{Agents, spawn_or_overwrite};
use crate::model::state::markets::MBU_PER_MT;

/// A drawn farm population, in spawn order: grouped by marketing strategy (sell at
/// harvest, store for target, fixed share). Kept per thread and reused, so that a
/// replicate does not allocate and page in fresh buffers.
#[derive(Debug, Default)]
struct DrawnFarms {
    /// The farmers' columns (acreage relative to the mean farm when drawn, acres once
    /// scaled to the US crop; storage capacity and cash set once acreage is scaled).
    farmers: FarmerVecs,
    /// Storage capacity as a multiple of the farm's soybean crop.
    storage_ratio: Vec<f32>,
    /// Equity per acre (USD/acre).
    equity_usd_ac: Vec<f32>,
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
fn draw_column<T>(
    rng: &mut BulkRng,
    scratch: &mut Vec<f64>,
    column: &mut Vec<T>,
    n: usize,
    trait_of: impl Fn(f64) -> T,
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
    let f = &mut d.farmers;
    f.marketing.clear();
    for (strategy, k) in [
        Marketing::SellAtHarvest,
        Marketing::StoreForTarget,
        Marketing::FixedShare,
    ]
    .into_iter()
    .zip(counts)
    {
        f.marketing.extend(std::iter::repeat_n(strategy, k));
    }

    // One column of normals at a time, each turned into its trait by a loop that vectorises.
    let z = &mut d.scratch;
    let acres_factor = LognormalFactor::new(fc.acres_cv);
    draw_column(&mut rng, z, &mut f.acres, n, |z| {
        FarmAcres(acres_factor.at(z))
    });
    let (mean, sd) = (fc.yield_bu_ac_mean, fc.yield_bu_ac_sd);
    let floor = 0.2 * mean;
    draw_column(&mut rng, z, &mut f.yield_bu_ac, n, |z| {
        SoyYieldBuAc((mean + sd * z).max(floor) as f32)
    });
    let (mean, sd) = (fc.cost_usd_ac_mean, fc.cost_usd_ac_sd);
    draw_column(&mut rng, z, &mut f.cost_usd_ac, n, |z| {
        SoyCostUsdAc((mean + sd * z).max(0.0) as f32)
    });
    let (mean, sd) = (fc.storage_ratio_mean, fc.storage_ratio_sd);
    draw_column(&mut rng, z, &mut d.storage_ratio, n, |z| {
        (mean + sd * z).max(0.0) as f32
    });
    let equity_factor = LognormalFactor::new(fc.equity_usd_ac_cv);
    let mean = fc.equity_usd_ac_mean as f32;
    draw_column(&mut rng, z, &mut d.equity_usd_ac, n, |z| {
        mean * equity_factor.at(z)
    });
    let (mean, sd) = corn_edge_distribution(fc, ref_farm_gate);
    draw_column(&mut rng, z, &mut f.corn_edge_usd_ac, n, |z| {
        CornEdgeUsdAc((mean + sd * z) as f32)
    });
    let (mean, sd) = (fc.target_ratio_mean, fc.target_ratio_sd);
    let store = counts[0]..counts[0] + counts[1];
    fill_normals(&mut rng, store.len(), z);
    refill(&mut f.target_usd_bu, n, TargetPriceUsdBu(0.0));
    for (t, z) in f.target_usd_bu[store].iter_mut().zip(z.iter()) {
        t.0 = ((mean + sd * z).max(0.0) * ref_farm_gate) as f32;
    }
    // Storage capacity and cash are set once acreage is scaled; every farmer starts
    // farming with empty stores.
    refill(&mut f.capacity_bu, n, StorageCapacityBu(0.0));
    f.fill_states(n, FarmState::default());

    // The 2025 crop, chosen at no-conflict prices.
    let planting = FarmMonth {
        price: ref_farm_gate as f32,
        ref_price: ref_farm_gate as f32,
        ..farm_month_of(fc, 0.0)
    };
    refill(&mut f.crop, n, Crop::Corn);
    refill(z, n, 0.0);
    // Every column and the scratch sliced to `n`: a loop the compiler vectorises.
    let (mut columns, soy_bu) = (f.columns(), &mut z[..n]);
    let farms = columns.block(0..n);
    for (i, soy_bu) in soy_bu.iter_mut().enumerate() {
        let farm = farms.traits(i);
        let soy = plants_soy(&farm, planting.price, &planting);
        farms.crop[i] = if soy { Crop::Soy } else { Crop::Corn };
        let bu = f64::from(farm.acres) * f64::from(farm.yield_bu_ac);
        *soy_bu = if soy { bu } else { 0.0 };
    }
    sum_in_lanes(z)
}

/// Scales the drawn acreage by `scale` (relative units to acres) and sets each farm's
/// storage capacity and cash from it; returns (acreage, of it in soybeans).
fn scale_acreage(d: &mut DrawnFarms, scale: f64) -> (f64, f64) {
    let f = &mut d.farmers;
    let inputs = f
        .acres
        .iter_mut()
        .zip(&d.storage_ratio)
        .zip(&f.yield_bu_ac)
        .zip(&d.equity_usd_ac);
    for ((capacity, cash), (((acres, ratio), yield_bu_ac), equity)) in f
        .capacity_bu
        .iter_mut()
        .zip(f.cash_usd.iter_mut())
        .zip(inputs)
    {
        let scaled = f64::from(acres.0) * scale;
        acres.0 = scaled as f32;
        capacity.0 = (f64::from(*ratio) * scaled * f64::from(yield_bu_ac.0)) as f32;
        cash.0 = (f64::from(*equity) * scaled) as f32;
    }
    d.scratch.clear();
    d.scratch.extend(f.acres.iter().map(|a| f64::from(a.0)));
    let acres_total = sum_in_lanes(&d.scratch);
    for (x, crop) in d.scratch.iter_mut().zip(&f.crop) {
        *x = if *crop == Crop::Soy { *x } else { 0.0 };
    }
    (acres_total, sum_in_lanes(&d.scratch))
}

/// Spawns the farmers of replicate `replicate` (see the module docs), grouped by marketing
/// strategy, so that the monthly pass finds whole blocks of farmers with nothing in store
/// (see `kernel`); in a reused world, over the old farmers (`model::respawn`).
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
        // Round 0 after the harvest (December to August): the last crop is the marketing
        // year's harvest, and a share of it is still in store.
        let after_harvest = !(9..=11).contains(&scenario.start_month().month);
        let (stock_bu, season_harvest_bu) = if after_harvest || fc.initial_stock_share > 0.0 {
            stock_farms(&mut drawn.farmers, fc.initial_stock_share, after_harvest)
        } else {
            (0.0, 0.0)
        };
        spawn_or_overwrite::<FarmAcres, _>(world, &drawn.farmers);
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
fn stock_farms(f: &mut FarmerVecs, share: f64, whole_season: bool) -> (f64, f64) {
    let (mut stock_sum, mut season_sum) = (0.0, 0.0);
    for i in 0..f.len() {
        let crop_bu = if f.crop[i] == Crop::Soy {
            f64::from(f.acres[i].0) * f64::from(f.yield_bu_ac[i].0)
        } else {
            0.0
        };
        let held = (share * crop_bu).min(f64::from(f.capacity_bu[i].0)) as f32;
        f.stock_bu[i].0 = held;
        f.ref_stock_bu[i].0 = held;
        stock_sum += f64::from(held);
        if whole_season {
            f.season_harvest_bu[i].0 = crop_bu as f32;
            season_sum += f64::from(f.season_harvest_bu[i].0);
        }
    }
    (stock_sum, season_sum)
}

impl Agents for &FarmerVecs {
    fn count(&self) -> usize {
        self.len()
    }

    fn spawn(self, world: &mut World) {
        world.spawn_batch((0..self.len()).map(|i| self.bundle(i)));
    }

    /// Column by column, table by table (the farmers' components are table-stored).
    fn overwrite<M: Component>(self, world: &mut World) {
        let mut farmers = world.query_filtered::<FarmerData, With<M>>();
        let tables = farmers
            .contiguous_iter_mut(world)
            .expect("farm components are table-stored");
        let mut start = 0;
        for mut table in tables {
            let mut columns = FarmColumns::of_table(&mut table);
            columns.copy_from(self, start);
            start += columns.len();
        }
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
