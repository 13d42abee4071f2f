//! The farmers' monthly pass (docs/model.md §4.7, steps 2–6): every farmer's month
//! (`rules::farm_month`) over one table's columns, summed ([`tend_rows`]). The economics
//! are all in `rules`; this file is how the pass is made fast without changing a bit.
//!
//! **Why branch-free, why columns.** Ten thousand farmers a month, 24 months, every
//! replicate: this loop is most of a replicate's time. Each step of a farmer's month is
//! written as selects (`if c { a } else { b }` on plain values), never as early returns,
//! and reads and writes one column per field (`StockBu`, `CashUsd`, ...), so the compiler
//! vectorises it across farmers. On x86-64 the pass is also compiled for AVX2 and picked at
//! run time (`vectors::widest!`); both builds do the same IEEE operations in the same
//! order, so results are the same bits.
//!
//! **How the month is summed.** Sector totals are `f64` sums of the farmers' `f32` flows.
//! The farmer at position `i` of its table (query order; farmers share one table unless a
//! custom component splits them) adds into lane `i mod 8`; each lane adds its farmers in
//! order, and the eight lanes are combined pairwise, `((l0+l1)+(l2+l3))+((l4+l5)+(l6+l7))`.
//! This order is fixed by the code, not by the machine or the thread count, so sums are
//! reproducible bit for bit; it differs from a one-by-one sum only in the last bits.
//!
//! **Shorter work with the same results.** A month is compiled for its kind ([`month_as`]:
//! the harvest and aid steps are left out of months without them, where they would add
//! zeros). Farmers are taken 256 at a time (their flows stay in L1-resident scratch arrays
//! until summed). Farmers are spawned grouped by marketing strategy, so most blocks hold one
//! strategy, and three kinds of block get shorter work: a block with nothing in store in a
//! quiet month only adds its acreage and season harvests (`idle`); a block of one strategy
//! runs a copy of the loop in which the strategy is a constant; and a block of
//! store-for-target farmers all below their targets sells only what exceeds capacity,
//! without the strategy's sales rule ([`holds_all`]). `tests/plain_loop.rs` checks the pass
//! against [`farm_month`](super::rules::farm_month) on every farmer, bit for bit.

use super::components::{
    FarmColumns, FarmState, FarmStatus, FarmTraits, Marketing, StateBlock, TargetPriceUsdBu,
};
use super::lanes::{BLOCK, LANES, Lanes, add_lanes, add_lanes_of, combine};
use super::rules::{
    FarmFlows, FarmMonth, Harvest, aid_usd, at_least, harvest, sales, settle, start_season,
    store_harvest, unless_exited,
};
use super::vectors::widest;

/// One farmer's month, `rules::farm_month`, compiled for one kind of month and block:
/// `HARVEST` iff `m.harvest_share > 0` and `AID` iff `m.aid_usd_bu != 0` (otherwise the
/// step is left out: it would add zeros, which change no value here, as stocks, season
/// harvests and cash flows are never `-0`); with `HOLDS`, a farmer known to sell only what
/// exceeds its capacity, and so its no-conflict reference (a store-for-target farmer below
/// its target at both prices, outside the clearance month), whose sales are taken as that
/// excess `max(stock − capacity, 0)`, which is what `rules::sales_bu` returns then (its
/// strategy share is zero).
#[inline(always)]
pub(super) fn month_as<const HARVEST: bool, const AID: bool, const HOLDS: bool>(
    t: &FarmTraits,
    s: FarmState,
    m: &FarmMonth,
) -> (FarmState, FarmFlows) {
    let aid = if AID { aid_usd(&s, m) } else { 0.0 };
    let h = if HARVEST {
        harvest(t, m)
    } else {
        Harvest::default()
    };
    let season = start_season(s, m);
    let after_harvest = if HARVEST {
        store_harvest(season, &h)
    } else {
        season
    };
    let sold = if HOLDS {
        (
            at_least(after_harvest.stock_bu - t.capacity_bu, 0.0),
            at_least(after_harvest.ref_stock_bu - t.capacity_bu, 0.0),
        )
    } else {
        sales(t, &after_harvest, m)
    };
    unless_exited(s, settle(after_harvest, m, aid, &h, sold))
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

/// A block's flows, states and summed values, one array per sum or column.
struct Scratch {
    revenue: [f32; BLOCK],
    ref_revenue: [f32; BLOCK],
    storage: [f32; BLOCK],
    ref_storage: [f32; BLOCK],
    production_cost: [f32; BLOCK],
    corn_net: [f32; BLOCK],
    harvest: [f32; BLOCK],
    aid: [f32; BLOCK],
    acres: [f32; BLOCK],
    freed: [f32; BLOCK],
    /// End-of-month states but the farming flag, copied back to the columns after the
    /// block (stored straight into the columns, `if farming { new } else { old }` would
    /// compile to masked stores, which are slow on some CPUs, AMD Zen); stocks and season
    /// harvests are also summed from here.
    next: StateBlock<BLOCK>,
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
            acres: z,
            freed: z,
            next: StateBlock::default(),
        }
    }
}

/// No farmer of the block still farming holds soybeans (nor does its no-conflict
/// reference) or has negative cash (so, with nothing to sell or pay, none can exit this
/// month); exited farmers do nothing anyway.
#[inline(always)]
fn idle(b: &FarmColumns) -> bool {
    b.stock_bu
        .iter()
        .zip(b.ref_stock_bu.iter())
        .zip(b.cash_usd.iter())
        .zip(b.status.iter())
        .fold(true, |all, (((s, r), c), st)| {
            let inert = (s.0 == 0.0) & (r.0 == 0.0) & (c.0 >= 0.0);
            all & (inert | (*st == FarmStatus::Exited))
        })
}

/// Every store-for-target farmer of the block sells only its excess over capacity this
/// month (the `HOLDS` case of [`month_as`]): it is below its target at both prices.
/// Public so that a test can count the blocks that take this path.
#[inline(always)]
pub fn holds_all(target: &[TargetPriceUsdBu], m: &FarmMonth) -> bool {
    target
        .iter()
        .fold(true, |all, t| all & (m.price < t.0) & (m.ref_price < t.0))
}

widest! {
    /// Every farmer's month over one table's columns, added to `lanes`: states are updated
    /// in place. Call once per table, in query order, with the same `lanes`. Runs on the
    /// widest vectors of the CPU (`vectors::widest!`).
    pub fn tend_rows(cols: FarmColumns, m: &FarmMonth, lanes: &mut MonthLanes) => tend_rows_portable
}

/// [`tend_rows`] compiled for the baseline target only (public so that a test can check
/// both builds give the same bits).
#[inline(always)]
pub fn tend_rows_portable(cols: FarmColumns, m: &FarmMonth, lanes: &mut MonthLanes) {
    match (m.harvest_share > 0.0, m.aid_usd_bu != 0.0) {
        (true, true) => tend_rows_as::<true, true>(cols, m, lanes),
        (true, false) => tend_rows_as::<true, false>(cols, m, lanes),
        (false, true) => tend_rows_as::<false, true>(cols, m, lanes),
        (false, false) => tend_rows_as::<false, false>(cols, m, lanes),
    }
}

/// Pads a block's sums to whole lanes with zeros (adding +0.0 changes no sum).
#[inline(always)]
fn pad<const K: usize>(arrays: [&mut [f32; BLOCK]; K], len: usize) -> usize {
    let padded = len.next_multiple_of(LANES);
    for a in arrays {
        a[len..padded].fill(0.0);
    }
    padded
}

#[inline(always)]
fn tend_rows_as<const HARVEST: bool, const AID: bool>(
    mut cols: FarmColumns,
    m: &FarmMonth,
    lanes: &mut MonthLanes,
) {
    let n = cols.len();
    // Every block (and so every table) starts at lane 0: lanes are a function of the
    // position in the table, so of query order.
    let mut s = Scratch::zeroed();
    let idle_months = !HARVEST && !AID && !m.new_season;
    let mut start = 0;
    while start < n {
        let len = (n - start).min(BLOCK);
        let end = start + len;
        let mut b = cols.block(start..end);
        // A block in which no farmer holds soybeans, in a month with no harvest, no aid
        // and no new season, has nothing to do: sales, storage and cash flows are all zero
        // and, with no negative cash, no one can newly exit (equity is that cash). Such
        // blocks (most of the sell-at-harvest farmers, spawned together, from December to
        // August) only add their acreage and season harvests to the sums; the result is
        // the same as computing them.
        if idle_months && idle(&b) {
            let mut active = 0u32;
            for j in 0..len {
                let farming = b.status[j] == FarmStatus::Farming;
                active += u32::from(farming);
                s.acres[j] = if farming { b.acres[j].0 } else { 0.0 };
                s.next.season_harvest_bu[j] = b.season_harvest_bu[j].0;
            }
            let padded = pad([&mut s.acres, &mut s.next.season_harvest_bu], len);
            add_lanes_of(
                [&mut lanes.acres, &mut lanes.season],
                [&s.acres[..padded], &s.next.season_harvest_bu[..padded]],
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
                        marketing: marketing_of(j),
                        ..b.traits(j)
                    };
                    let (next, f) = month_as::<HARVEST, AID, { $holds }>(&traits, b.state(j), m);
                    s.next.set(j, next);
                    b.status[j] = next.status;
                    let farming = next.status == FarmStatus::Farming;
                    active += u32::from(farming);
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
                    s.acres[j] = if farming { traits.acres } else { 0.0 };
                    s.freed[j] = if f.exited { traits.acres } else { 0.0 };
                }
            }};
        }
        let first = b.marketing[0];
        // A fold, not `all`: no early exit, so the test is a vector loop.
        if b.marketing
            .iter()
            .fold(true, |same, k| same & (*k == first))
        {
            match first {
                Marketing::SellAtHarvest => farmers_loop!(|_| Marketing::SellAtHarvest),
                // A block of store-for-target farmers that all sit below their targets,
                // outside harvest and clearance: they sell only what exceeds capacity.
                Marketing::StoreForTarget
                    if !HARVEST && !m.clearance && holds_all(b.target_usd_bu, m) =>
                {
                    farmers_loop!(|_| Marketing::StoreForTarget, true)
                }
                Marketing::StoreForTarget => farmers_loop!(|_| Marketing::StoreForTarget),
                Marketing::FixedShare => farmers_loop!(|_| Marketing::FixedShare),
            }
        } else {
            farmers_loop!(|j: usize| b.marketing[j]);
        }
        b.set_states(&s.next, len);
        let padded = pad([&mut s.revenue, &mut s.ref_revenue], len);
        pad([&mut s.storage, &mut s.ref_storage], len);
        pad([&mut s.production_cost, &mut s.corn_net], len);
        pad([&mut s.harvest, &mut s.aid], len);
        pad([&mut s.next.stock_bu, &mut s.next.ref_stock_bu], len);
        pad([&mut s.acres, &mut s.next.season_harvest_bu], len);
        pad([&mut s.freed], len);
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
                &s.next.stock_bu[..padded],
                &s.next.ref_stock_bu[..padded],
                &s.acres[..padded],
                &s.next.season_harvest_bu[..padded],
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
