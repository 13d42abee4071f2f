//! The farmers' monthly pass (docs/model.md §4.7, steps 2–6): the pass over every farmer's
//! columns that applies one farmer's month (`rules::farm_month_as`, branch-free arithmetic)
//! and sums the month ([`tend_rows`]).
//!
//! **Why branch-free, why columns.** Ten thousand farmers a month, 24 months, every
//! replicate: this loop is most of a replicate's time. Each farmer's month is written as
//! selects (`if c { a } else { b }` on plain values), never as early returns, and reads
//! and writes one column per field (`StockBu`, `CashUsd`, ...), so the compiler vectorises
//! it across farmers. On x86-64 the pass is also compiled for AVX2 and picked at run time
//! (`vectors::widest!`); both builds do the same IEEE operations in the same order, so results are the same bits.
//!
//! **How the month is summed.** Sector totals are `f64` sums of the farmers' `f32` flows.
//! The farmer at position `i` of its table (query order; farmers share one table unless a
//! custom component splits them) adds into lane `i mod 8`; each lane adds its farmers in
//! order, and the eight lanes are combined pairwise, `((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7))`.
//! This order is fixed by the code, not by the machine or the thread count, so sums are
//! reproducible bit for bit; it differs from a one-by-one sum only in the last bits.
//!
//! **Blocks.** Farmers are taken 256 at a time (their flows stay in L1-resident scratch
//! arrays until summed). Farmers are spawned grouped by marketing strategy, so most blocks
//! hold one strategy, and three kinds of block get shorter work with the same results:
//! a block with nothing in store in a quiet month only adds its acreage and season harvests
//! (`idle`); a block of one strategy runs a copy of the loop in which the strategy is a
//! constant; and a block of store-for-target farmers all below their targets sells only
//! what exceeds capacity, without the strategy's sales rule (`holds_all`).
//! `tests/plain_loop.rs` checks the pass against a plain per-farmer restatement, bit for bit.

use super::components::{
    CashUsd, CornEdgeUsdAc, Crop, Farm, FarmAcres, FarmStatus, Marketing, RefStockBu,
    SeasonHarvestBu, SoyCostUsdAc, SoyYieldBuAc, StockBu, StorageCapacityBu, TargetPriceUsdBu,
};
use super::lanes::{BLOCK, LANES, Lanes, add_lanes, add_lanes_of, combine};
use super::rules::{FarmMonth, FarmState, FarmTraits, farm_month_holding};
use super::vectors::widest;

/// One table's farmer columns, as the month reads and writes them (all the same length, in
/// query order).
pub struct FarmRows<'a> {
    /// Cropland.
    pub acres: &'a [FarmAcres],
    /// Soybean yields.
    pub yield_bu_ac: &'a [SoyYieldBuAc],
    /// Soybean costs.
    pub cost_usd_ac: &'a [SoyCostUsdAc],
    /// Corn advantages.
    pub corn_edge_usd_ac: &'a [CornEdgeUsdAc],
    /// Crop in the ground.
    pub crop: &'a [Crop],
    /// Marketing strategy.
    pub marketing: &'a [Marketing],
    /// Target prices of store-for-target farmers.
    pub target: &'a [TargetPriceUsdBu],
    /// Storage capacities.
    pub capacity: &'a [StorageCapacityBu],
    /// Stocks.
    pub stock: &'a mut [StockBu],
    /// Stocks of the no-conflict reference.
    pub ref_stock: &'a mut [RefStockBu],
    /// Cash.
    pub cash: &'a mut [CashUsd],
    /// Season's harvests.
    pub season: &'a mut [SeasonHarvestBu],
    /// Farming or exited.
    pub status: &'a mut [FarmStatus],
}

/// The farmers' month summed (USD, bushels, acres); see the module docs for the order.
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

/// The month's sums while the pass runs (one set of lanes per sum); [`MonthLanes::total`]
/// combines them.
#[derive(Debug, Clone, Default)]
pub struct MonthLanes {
    revenue: Lanes,
    ref_revenue: Lanes,
    storage: Lanes,
    ref_storage: Lanes,
    production_cost: Lanes,
    corn_net: Lanes,
    harvest: Lanes,
    aid: Lanes,
    stock: Lanes,
    ref_stock: Lanes,
    acres: Lanes,
    season: Lanes,
    freed: Lanes,
    active: u32,
    exits: u32,
}

/// No farmer of the block still farming holds soybeans (nor does its no-conflict
/// reference) or has negative cash (so, with nothing to sell or pay, none can exit this
/// month); exited farmers do nothing anyway.
#[inline(always)]
fn idle(
    stock: &[StockBu],
    ref_stock: &[RefStockBu],
    cash: &[CashUsd],
    status: &[FarmStatus],
) -> bool {
    stock
        .iter()
        .zip(ref_stock)
        .zip(cash)
        .zip(status)
        .fold(true, |all, (((s, r), c), st)| {
            let inert = (s.0 == 0.0) & (r.0 == 0.0) & (c.0 >= 0.0);
            all & (inert | (*st == FarmStatus::Exited))
        })
}

/// Every store-for-target farmer of the block sells only its excess over capacity this
/// month (the `HOLDS` case of `farm_month_holding`): it is below its target at both prices.
/// Public so that a test can count the blocks that take this path.
#[inline(always)]
pub fn holds_all(target: &[TargetPriceUsdBu], m: &FarmMonth) -> bool {
    target
        .iter()
        .fold(true, |all, t| all & (m.price < t.0) & (m.ref_price < t.0))
}

impl MonthLanes {
    /// The month's sums.
    pub fn total(&self) -> MonthSums {
        MonthSums {
            revenue: combine(&self.revenue),
            ref_revenue: combine(&self.ref_revenue),
            storage_cost: combine(&self.storage),
            ref_storage_cost: combine(&self.ref_storage),
            production_cost: combine(&self.production_cost),
            corn_net: combine(&self.corn_net),
            harvest: combine(&self.harvest),
            aid_paid: combine(&self.aid),
            stock: combine(&self.stock),
            ref_stock: combine(&self.ref_stock),
            active_acres: combine(&self.acres),
            season_harvest: combine(&self.season),
            freed_acres: combine(&self.freed),
            active: self.active,
            exits: self.exits,
        }
    }
}

/// A block's flows and end-of-month values, one array per sum.
struct Scratch {
    revenue: [f32; BLOCK],
    ref_revenue: [f32; BLOCK],
    storage: [f32; BLOCK],
    ref_storage: [f32; BLOCK],
    production_cost: [f32; BLOCK],
    corn_net: [f32; BLOCK],
    harvest: [f32; BLOCK],
    aid: [f32; BLOCK],
    stock: [f32; BLOCK],
    ref_stock: [f32; BLOCK],
    acres: [f32; BLOCK],
    season: [f32; BLOCK],
    freed: [f32; BLOCK],
    /// End-of-month cash (not summed: copied back to the column after the block).
    cash: [f32; BLOCK],
}

impl Scratch {
    fn zeroed() -> Self {
        let z = [0.0; BLOCK];
        Self {
            revenue: z,
            ref_revenue: z,
            storage: z,
            ref_storage: z,
            production_cost: z,
            corn_net: z,
            harvest: z,
            aid: z,
            stock: z,
            ref_stock: z,
            acres: z,
            season: z,
            freed: z,
            cash: z,
        }
    }
}

widest! {
    /// Every farmer's month over one table's columns, added to `lanes`: states are updated
    /// in place. Call once per table, in query order, with the same `lanes`. Runs on the
    /// widest vectors of the CPU (`vectors::widest!`).
    pub fn tend_rows(rows: FarmRows, m: &FarmMonth, lanes: &mut MonthLanes) => tend_rows_portable
}

/// [`tend_rows`] compiled for the baseline target only (public so that a test can check
/// both builds give the same bits).
#[inline(always)]
pub fn tend_rows_portable(rows: FarmRows, m: &FarmMonth, lanes: &mut MonthLanes) {
    match (m.harvest_share > 0.0, m.aid_usd_bu != 0.0) {
        (true, true) => tend_rows_as::<true, true>(rows, m, lanes),
        (true, false) => tend_rows_as::<true, false>(rows, m, lanes),
        (false, true) => tend_rows_as::<false, true>(rows, m, lanes),
        (false, false) => tend_rows_as::<false, false>(rows, m, lanes),
    }
}

#[inline(always)]
fn tend_rows_as<const HARVEST: bool, const AID: bool>(
    rows: FarmRows,
    m: &FarmMonth,
    lanes: &mut MonthLanes,
) {
    let n = rows.acres.len();
    assert!(
        rows.yield_bu_ac.len() == n
            && rows.cost_usd_ac.len() == n
            && rows.corn_edge_usd_ac.len() == n
            && rows.crop.len() == n
            && rows.marketing.len() == n
            && rows.target.len() == n
            && rows.capacity.len() == n
            && rows.stock.len() == n
            && rows.ref_stock.len() == n
            && rows.cash.len() == n
            && rows.season.len() == n
            && rows.status.len() == n,
        "farmer columns of one table have one length"
    );
    // Every block (and so every table) starts at lane 0: lanes are a function of the
    // position in the table, so of query order.
    let mut s = Scratch::zeroed();
    let idle_months = !HARVEST && !AID && !m.new_season;
    let mut start = 0;
    while start < n {
        let len = (n - start).min(BLOCK);
        let end = start + len;
        let acres = &rows.acres[start..end];
        let yield_bu_ac = &rows.yield_bu_ac[start..end];
        let cost_usd_ac = &rows.cost_usd_ac[start..end];
        let corn_edge_usd_ac = &rows.corn_edge_usd_ac[start..end];
        let crop = &rows.crop[start..end];
        let marketing = &rows.marketing[start..end];
        let target = &rows.target[start..end];
        let capacity = &rows.capacity[start..end];
        let stock = &mut rows.stock[start..end];
        let ref_stock = &mut rows.ref_stock[start..end];
        let cash = &mut rows.cash[start..end];
        let season = &mut rows.season[start..end];
        let status = &mut rows.status[start..end];
        // A block in which no farmer holds soybeans, in a month with no harvest, no aid and
        // no new season, has nothing to do: sales, storage and cash flows are all zero and,
        // with no negative cash, no one can newly exit (equity is that cash). Such blocks (most of the
        // sell-at-harvest farmers, spawned together, from December to August) only add their
        // acreage and season harvests to the sums; the result is the same as computing them.
        if idle_months && idle(stock, ref_stock, cash, status) {
            let mut active = 0u32;
            for j in 0..len {
                let farming = status[j] == FarmStatus::Farming;
                active += u32::from(farming);
                s.acres[j] = if farming { acres[j].0 } else { 0.0 };
                s.season[j] = season[j].0;
            }
            let padded = len.next_multiple_of(LANES);
            s.acres[len..padded].fill(0.0);
            s.season[len..padded].fill(0.0);
            add_lanes_of(
                [&mut lanes.acres, &mut lanes.season],
                [&s.acres[..padded], &s.season[..padded]],
            );
            lanes.active += active;
            start = end;
            continue;
        }
        let (mut active, mut exits) = (0u32, 0u32);
        // The farmers' loop, with the marketing strategy of farmer `j` given by `$marketing`
        // (a closure): for a block of one strategy (most blocks: farmers are spawned grouped
        // by strategy) a constant, so that the strategy's tests fold away.
        macro_rules! farmers_loop {
            ($marketing:expr) => {
                farmers_loop!($marketing, false)
            };
            ($marketing:expr, $holds:expr) => {{
                let marketing_of = $marketing;
                for j in 0..len {
                    let traits = FarmTraits {
                        farm: Farm {
                            acres: acres[j].0,
                            yield_bu_ac: yield_bu_ac[j].0,
                            cost_usd_ac: cost_usd_ac[j].0,
                            corn_edge_usd_ac: corn_edge_usd_ac[j].0,
                        },
                        crop: crop[j],
                        marketing: marketing_of(j),
                        target_usd_bu: target[j].0,
                        capacity_bu: capacity[j].0,
                    };
                    let state = FarmState {
                        stock_bu: stock[j].0,
                        ref_stock_bu: ref_stock[j].0,
                        cash_usd: cash[j].0,
                        season_harvest_bu: season[j].0,
                        farming: status[j] == FarmStatus::Farming,
                    };
                    let (next, f) =
                        farm_month_holding::<HARVEST, AID, { $holds }>(&traits, state, m);
                    // The new state goes to the scratch arrays and is copied back after the loop:
                    // stored straight into the columns, `if farming { new } else { old }` would
                    // compile to masked stores, which are slow on some CPUs (AMD Zen).
                    s.cash[j] = next.cash_usd;
                    status[j] = if next.farming {
                        FarmStatus::Farming
                    } else {
                        FarmStatus::Exited
                    };
                    active += u32::from(next.farming);
                    exits += u32::from(f.exited);
                    s.revenue[j] = f.revenue;
                    s.ref_revenue[j] = f.ref_revenue;
                    s.storage[j] = f.storage;
                    s.ref_storage[j] = f.ref_storage;
                    if HARVEST {
                        s.production_cost[j] = f.production_cost;
                        s.corn_net[j] = f.corn_net;
                        s.harvest[j] = f.harvest_bu;
                    }
                    if AID {
                        s.aid[j] = f.aid;
                    }
                    s.stock[j] = next.stock_bu;
                    s.ref_stock[j] = next.ref_stock_bu;
                    s.season[j] = next.season_harvest_bu;
                    s.acres[j] = if next.farming { acres[j].0 } else { 0.0 };
                    s.freed[j] = if f.exited { acres[j].0 } else { 0.0 };
                }
            }};
        }
        let first = marketing[0];
        // A fold, not `all`: no early exit, so the test is a vector loop.
        if marketing.iter().fold(true, |same, k| same & (*k == first)) {
            match first {
                Marketing::SellAtHarvest => farmers_loop!(|_| Marketing::SellAtHarvest),
                // A block of store-for-target farmers that all sit below their targets,
                // within their capacity, outside harvest and clearance: nobody sells.
                Marketing::StoreForTarget if !HARVEST && !m.clearance && holds_all(target, m) => {
                    farmers_loop!(|_| Marketing::StoreForTarget, true)
                }
                Marketing::StoreForTarget => farmers_loop!(|_| Marketing::StoreForTarget),
                Marketing::FixedShare => farmers_loop!(|_| Marketing::FixedShare),
            }
        } else {
            farmers_loop!(|j: usize| marketing[j]);
        }
        for j in 0..len {
            stock[j].0 = s.stock[j];
            ref_stock[j].0 = s.ref_stock[j];
            cash[j].0 = s.cash[j];
            season[j].0 = s.season[j];
        }
        // Pad the last block to whole lanes with zeros (adding +0.0 changes no sum).
        let padded = len.next_multiple_of(LANES);
        for j in len..padded {
            s.revenue[j] = 0.0;
            s.ref_revenue[j] = 0.0;
            s.storage[j] = 0.0;
            s.ref_storage[j] = 0.0;
            s.production_cost[j] = 0.0;
            s.corn_net[j] = 0.0;
            s.harvest[j] = 0.0;
            s.aid[j] = 0.0;
            s.stock[j] = 0.0;
            s.ref_stock[j] = 0.0;
            s.acres[j] = 0.0;
            s.season[j] = 0.0;
            s.freed[j] = 0.0;
        }
        add_lanes_of(
            [
                &mut lanes.revenue,
                &mut lanes.ref_revenue,
                &mut lanes.storage,
                &mut lanes.ref_storage,
            ],
            [
                &s.revenue[..padded],
                &s.ref_revenue[..padded],
                &s.storage[..padded],
                &s.ref_storage[..padded],
            ],
        );
        if HARVEST {
            add_lanes_of(
                [
                    &mut lanes.production_cost,
                    &mut lanes.corn_net,
                    &mut lanes.harvest,
                ],
                [
                    &s.production_cost[..padded],
                    &s.corn_net[..padded],
                    &s.harvest[..padded],
                ],
            );
        }
        if AID {
            add_lanes(&mut lanes.aid, &s.aid[..padded]);
        }
        add_lanes_of(
            [
                &mut lanes.stock,
                &mut lanes.ref_stock,
                &mut lanes.acres,
                &mut lanes.season,
            ],
            [
                &s.stock[..padded],
                &s.ref_stock[..padded],
                &s.acres[..padded],
                &s.season[..padded],
            ],
        );
        if exits > 0 {
            add_lanes(&mut lanes.freed, &s.freed[..padded]);
        }
        lanes.active += active;
        lanes.exits += exits;
        start = end;
    }
}
