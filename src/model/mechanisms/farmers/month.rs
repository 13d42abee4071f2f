//! The farmers' month (MODEL.md §4.7, steps 2–6): one farmer's month as branch-free
//! arithmetic ([`farm_month_as`]) and the pass over every farmer's columns that applies it
//! and sums the month ([`tend_rows`]).
//!
//! **Why branch-free, why columns.** Ten thousand farmers a month, 24 months, every
//! replicate: this loop is most of a replicate's time. Each farmer's month is written as
//! selects (`if c { a } else { b }` on plain values), never as early returns, and reads
//! and writes one column per field (`StockBu`, `CashUsd`, ...), so the compiler vectorises
//! it across farmers. On x86-64 the pass is also compiled for AVX2 and picked at run time;
//! both builds do the same IEEE operations in the same order, so results are the same bits.
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
//! what exceeds capacity, without the strategy's sales rule (`holds_all`). A test checks the pass against a plain per-farmer
//! restatement, bit for bit.

use super::{
    CashUsd, CornEdgeUsdAc, Crop, Farm, FarmAcres, FarmMonth, FarmStatus, Marketing, RefStockBu,
    SeasonHarvestBu, SoyCostUsdAc, SoyYieldBuAc, StockBu, StorageCapacityBu, TargetPriceUsdBu,
    corn_margin, plant,
};

/// Lanes of the month's sums (farmer `i` adds into lane `i mod LANES`).
pub const LANES: usize = 8;

/// Farmers per block of the pass: the block's flows are kept in scratch arrays that stay in
/// the L1 cache, then summed lane by lane.
const BLOCK: usize = 256;

/// What changes in a farm every month (one row of the mutable columns, as values).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FarmState {
    /// Soybeans in store (bu).
    pub stock_bu: f32,
    /// Soybeans the same farmer would hold at no-conflict prices (bu).
    pub ref_stock_bu: f32,
    /// Cash, i.e. working capital net of debt (USD).
    pub cash_usd: f32,
    /// Soybeans harvested this marketing year (bu), the base of aid payments.
    pub season_harvest_bu: f32,
    /// Still farming (false once exited).
    pub farming: bool,
}

/// What a farm is, as its month reads it (one row of the read-only columns).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FarmTraits {
    /// Land and agronomy.
    pub farm: Farm,
    /// Crop in the ground.
    pub crop: Crop,
    /// Marketing strategy.
    pub marketing: Marketing,
    /// Target price of a store-for-target farmer (USD/bu; unused by other strategies).
    pub target_usd_bu: f32,
    /// On-farm storage capacity (bu).
    pub capacity_bu: f32,
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

/// `x` if it is above `lo`, else `lo` (a plain select: no NaN handling to vectorise).
#[inline(always)]
fn at_least(x: f32, lo: f32) -> f32 {
    if x > lo { x } else { lo }
}

/// Bushels sold out of `stock` this month: what exceeds capacity, then by strategy (sell at
/// harvest: all the rest; fixed share: `fixed_share` of what is left within capacity; store
/// for target: all the rest once `price ≥ target`, else none); everything in the clearance
/// month. Never more than the stock.
#[inline(always)]
pub fn sales_bu(
    stock: f32,
    capacity: f32,
    marketing: Marketing,
    target_usd_bu: f32,
    price: f32,
    fixed_share: f32,
    clearance: bool,
) -> f32 {
    let excess = at_least(stock - capacity, 0.0);
    let kept = stock - excess;
    let sells_all = clearance
        | (marketing == Marketing::SellAtHarvest)
        | ((marketing == Marketing::StoreForTarget) & (price >= target_usd_bu));
    let share = if sells_all {
        1.0
    } else if marketing == Marketing::FixedShare {
        fixed_share
    } else {
        0.0
    };
    let sold = at_least(excess + kept * share, 0.0);
    let cap = at_least(stock, 0.0);
    if sold < cap { sold } else { cap }
}

/// One farmer's month (see the module docs of `farmers` for the order of events; planting is
/// `plant`): the next state and the month's flows. A farmer who has exited does nothing:
/// its state comes back unchanged and its flows are zero.
pub fn farm_month(t: &FarmTraits, s: FarmState, m: &FarmMonth) -> (FarmState, FarmFlows) {
    match (m.harvest_share > 0.0, m.aid_usd_bu != 0.0) {
        (true, true) => farm_month_as::<true, true>(t, s, m),
        (true, false) => farm_month_as::<true, false>(t, s, m),
        (false, true) => farm_month_as::<false, true>(t, s, m),
        (false, false) => farm_month_as::<false, false>(t, s, m),
    }
}

/// [`farm_month`] compiled for one kind of month: `HARVEST` iff `m.harvest_share > 0`, `AID`
/// iff `m.aid_usd_bu != 0` (the flows such a month cannot have are left at zero, not
/// computed). Branch-free, so that the pass over the columns vectorises.
#[inline(always)]
pub fn farm_month_as<const HARVEST: bool, const AID: bool>(
    t: &FarmTraits,
    s: FarmState,
    m: &FarmMonth,
) -> (FarmState, FarmFlows) {
    farm_month_holding::<HARVEST, AID, false>(t, s, m)
}

/// [`farm_month_as`], and with `HOLDS` a month in which the farmer is known to sell only
/// what exceeds its capacity (and so would its no-conflict reference): a store-for-target
/// farmer below its target at both prices, outside the clearance month. Sales are then
/// taken as that excess, `max(stock − capacity, 0)`, which is exactly what [`sales_bu`]
/// returns in that case (its strategy share is zero), so the results are the same bits.
#[inline(always)]
fn farm_month_holding<const HARVEST: bool, const AID: bool, const HOLDS: bool>(
    t: &FarmTraits,
    s: FarmState,
    m: &FarmMonth,
) -> (FarmState, FarmFlows) {
    let farm = &t.farm;
    let aid = if AID {
        m.aid_usd_bu * s.season_harvest_bu
    } else {
        0.0
    };
    let mut season = if m.new_season {
        0.0
    } else {
        s.season_harvest_bu
    };
    let (mut stock, mut ref_stock) = (s.stock_bu, s.ref_stock_bu);
    let (mut harvest_bu, mut production_cost, mut corn_net) = (0.0, 0.0, 0.0);
    if HARVEST {
        let acres = farm.acres * m.harvest_share;
        let soy = t.crop == Crop::Soy;
        let bu = acres * farm.yield_bu_ac;
        let cost = acres * farm.cost_usd_ac;
        let corn = acres * corn_margin(farm, m);
        harvest_bu = if soy { bu } else { 0.0 };
        production_cost = if soy { cost } else { 0.0 };
        corn_net = if soy { 0.0 } else { corn };
        stock += harvest_bu;
        ref_stock += harvest_bu;
        season += harvest_bu;
    }
    let (sold, ref_sold) = if HOLDS {
        (
            at_least(stock - t.capacity_bu, 0.0),
            at_least(ref_stock - t.capacity_bu, 0.0),
        )
    } else {
        let sold = sales_bu(
            stock,
            t.capacity_bu,
            t.marketing,
            t.target_usd_bu,
            m.price,
            m.fixed_share,
            m.clearance,
        );
        let ref_sold = sales_bu(
            ref_stock,
            t.capacity_bu,
            t.marketing,
            t.target_usd_bu,
            m.ref_price,
            m.fixed_share,
            m.clearance,
        );
        (sold, ref_sold)
    };
    stock = at_least(stock - sold, 0.0);
    ref_stock = at_least(ref_stock - ref_sold, 0.0);
    let revenue = sold * m.price;
    let ref_revenue = ref_sold * m.ref_price;
    let storage = stock * m.storage_cost;
    let ref_storage = ref_stock * m.storage_cost;
    let cash = s.cash_usd + (revenue - storage - production_cost + corn_net + aid);
    // Exit at negative equity: what is in store is sold (the reference sells its own stock
    // at the reference price), and the season's harvest leaves with the farmer.
    let stock_value = stock * m.price;
    let exits = cash + stock_value < 0.0;
    let next = FarmState {
        stock_bu: if exits { 0.0 } else { stock },
        ref_stock_bu: if exits { 0.0 } else { ref_stock },
        cash_usd: if exits { cash + stock_value } else { cash },
        season_harvest_bu: if exits { 0.0 } else { season },
        farming: !exits,
    };
    let flows = FarmFlows {
        revenue: if exits {
            revenue + stock_value
        } else {
            revenue
        },
        ref_revenue: if exits {
            ref_revenue + ref_stock * m.ref_price
        } else {
            ref_revenue
        },
        storage,
        ref_storage,
        production_cost,
        corn_net,
        harvest_bu,
        aid,
        exited: exits,
    };
    if s.farming {
        (next, flows)
    } else {
        (s, FarmFlows::default())
    }
}

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

/// One `f64` sum kept in [`LANES`] lanes.
type Lanes = [f64; LANES];

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
#[inline(always)]
fn holds_all(target: &[TargetPriceUsdBu], m: &FarmMonth) -> bool {
    target
        .iter()
        .fold(true, |all, t| all & (m.price < t.0) & (m.ref_price < t.0))
}

/// The lanes of one sum combined pairwise.
pub(super) fn combine(l: &Lanes) -> f64 {
    ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
}

/// Adds a block's values into the lanes (the block starts at lane 0 and is a whole number
/// of lanes long: callers pad it with zeros, which change no sum).
#[inline(always)]
fn add_lanes(acc: &mut Lanes, block: &[f32]) {
    add_lanes_of([acc], [block]);
}

/// [`add_lanes`] for `K` sums at once, each into its own lanes in the same order as
/// [`add_lanes`] (same bits). Each lane is a chain of dependent additions; one sum at a
/// time, the loop waits on them, while `K` sums in one loop keep `K` chains in flight.
#[inline(always)]
fn add_lanes_of<const K: usize>(accs: [&mut Lanes; K], blocks: [&[f32]; K]) {
    let len = blocks[0].len();
    assert!(
        blocks.iter().all(|b| b.len() == len) && len.is_multiple_of(LANES),
        "blocks of whole lanes, one length"
    );
    let mut sums: [Lanes; K] = [[0.0; LANES]; K];
    for (sum, acc) in sums.iter_mut().zip(&accs) {
        *sum = **acc;
    }
    for start in (0..len).step_by(LANES) {
        for (sum, block) in sums.iter_mut().zip(&blocks) {
            let chunk = &block[start..start + LANES];
            for (a, x) in sum.iter_mut().zip(chunk) {
                *a += f64::from(*x);
            }
        }
    }
    for (acc, sum) in accs.into_iter().zip(sums) {
        *acc = sum;
    }
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

/// Every farmer's month over one table's columns, added to `lanes`: states are updated in
/// place. Call once per table, in query order, with the same `lanes`.
pub fn tend_rows(rows: FarmRows, m: &FarmMonth, lanes: &mut MonthLanes) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, the only feature `tend_rows_avx2` is compiled for.
        unsafe { tend_rows_avx2(rows, m, lanes) };
        return;
    }
    tend_rows_by_kind(rows, m, lanes);
}

/// [`tend_rows_by_kind`] compiled with AVX2 (same operations, wider vectors).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn tend_rows_avx2(rows: FarmRows, m: &FarmMonth, lanes: &mut MonthLanes) {
    tend_rows_by_kind(rows, m, lanes);
}

/// The pass without run-time feature selection (what [`tend_rows`] runs on a CPU without
/// AVX2; public so that a test can check both builds give the same bits).
#[inline(always)]
pub fn tend_rows_by_kind(rows: FarmRows, m: &FarmMonth, lanes: &mut MonthLanes) {
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

/// April's sums while the planting pass runs, in lanes as the month's (see the module docs).
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

/// April planting over one table's columns (`plant` on every farmer still farming), summed
/// into `lanes`. Call once per table, in query order, with the same `lanes`. Branch-free
/// like the month (a farm's choice is close to a coin flip across farms, so a branch on it
/// would be mispredicted half the time), and compiled for AVX2 too on x86-64.
pub fn plant_rows(
    rows: PlantRows,
    expected_soy_price: f32,
    acres_factor: f32,
    m: &FarmMonth,
    lanes: &mut PlantingLanes,
) {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, the only feature `plant_rows_avx2` is compiled for.
        unsafe { plant_rows_avx2(rows, expected_soy_price, acres_factor, m, lanes) };
        return;
    }
    plant_rows_portable(rows, expected_soy_price, acres_factor, m, lanes);
}

/// [`plant_rows_portable`] compiled with AVX2 (same operations, wider vectors).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn plant_rows_avx2(
    rows: PlantRows,
    expected_soy_price: f32,
    acres_factor: f32,
    m: &FarmMonth,
    lanes: &mut PlantingLanes,
) {
    plant_rows_portable(rows, expected_soy_price, acres_factor, m, lanes);
}

/// [`plant_rows`] without run-time feature selection (public so that a test can check
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain::{PlainFarmers, farmers_of};

    fn farmers(count: u32, equity: f64) -> (PlainFarmers, FarmMonth) {
        let sets = vec![
            format!("farmers.count={count}"),
            format!("farmers.equity_usd_ac_mean={equity}"),
        ];
        let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
        let registry = crate::model::strategy::StrategyRegistry::default();
        let mut w = crate::model::world::build_world(&loaded.typical, &registry, 7, 1).unwrap();
        let m = crate::model::plain::farm_month_now(&w);
        (farmers_of(&mut w), m)
    }

    /// Months of every kind, mostly at a price low enough that thin-equity farmers exit:
    /// harvest, harvest with aid, a month at half price (store-for-target farmers hold their
    /// harvest below target: the holding blocks), aid, a new marketing year with no harvest (season harvests
    /// are reset: not an idle month), a plain month (the sell-at-harvest farmers' blocks hold
    /// nothing); a high price, then a plain month (store-for-target farmers hold reference
    /// stocks but no stocks: not idle); a harvest, a high no-conflict price, then a plain
    /// month (they hold stocks but no reference stocks: not idle); the August clearance, and
    /// a plain month after it (no block holds anything).
    fn months(m: FarmMonth) -> Vec<FarmMonth> {
        let kinds = [
            (0.4, 0.0, false, false, 0.8, 1.0),
            (0.3, 0.2, false, false, 0.8, 1.0),
            (0.0, 0.0, false, false, 0.5, 0.5),
            (0.0, 0.1, false, false, 0.8, 1.0),
            (0.0, 0.0, false, true, 0.8, 1.0),
            (0.0, 0.0, false, false, 0.8, 1.0),
            (0.0, 0.0, false, false, 2.0, 1.0),
            (0.0, 0.0, false, false, 0.8, 1.0),
            (0.3, 0.0, false, false, 0.8, 1.0),
            (0.0, 0.0, false, false, 0.8, 2.0),
            (0.0, 0.0, false, false, 0.8, 1.0),
            (0.0, 0.0, true, false, 0.8, 1.0),
            (0.0, 0.0, false, false, 0.8, 1.0),
        ];
        kinds
            .iter()
            .map(
                |&(harvest_share, aid_usd_bu, clearance, new_season, price, ref_price)| FarmMonth {
                    price: price * m.ref_price,
                    ref_price: ref_price * m.ref_price,
                    harvest_share,
                    aid_usd_bu,
                    clearance,
                    new_season,
                    storage_cost: 0.6,
                    ..m
                },
            )
            .collect()
    }

    /// The pass is the per-farmer month applied to every row, summed in the documented lane
    /// order, idle blocks included; checked against a plain restatement of both, for an
    /// agent count that leaves a partial block and a partial lane.
    #[test]
    fn the_pass_applies_each_farmers_month_and_sums_in_lane_order() {
        // 2,003 farmers: whole blocks of each marketing strategy, a partial last block.
        let (mut plain, m0) = farmers(2_003, 40.0);
        let mut exits = 0;
        let mut holding_blocks = 0;
        for m in months(m0) {
            // Blocks that take the store-for-target "holding" path this month.
            if m.harvest_share == 0.0 && !m.clearance {
                for start in (0..plain.len()).step_by(BLOCK) {
                    let r = start..(start + BLOCK).min(plain.len());
                    let one_strategy = plain.marketing[r.clone()]
                        .iter()
                        .all(|k| *k == Marketing::StoreForTarget);
                    let holds = holds_all(&plain.target[r], &m);
                    holding_blocks += usize::from(one_strategy && holds);
                }
            }
            let mut expected = plain.clone();
            let mut lanes = [[0.0f64; LANES]; 13];
            let (mut active, mut exits_now) = (0u32, 0u32);
            for i in 0..expected.len() {
                let t = FarmTraits {
                    farm: Farm {
                        acres: expected.acres[i].0,
                        yield_bu_ac: expected.yield_bu_ac[i].0,
                        cost_usd_ac: expected.cost_usd_ac[i].0,
                        corn_edge_usd_ac: expected.corn_edge_usd_ac[i].0,
                    },
                    crop: expected.crop[i],
                    marketing: expected.marketing[i],
                    target_usd_bu: expected.target[i].0,
                    capacity_bu: expected.capacity[i].0,
                };
                let s = FarmState {
                    stock_bu: expected.stock[i].0,
                    ref_stock_bu: expected.ref_stock[i].0,
                    cash_usd: expected.cash[i].0,
                    season_harvest_bu: expected.season[i].0,
                    farming: expected.status[i] == FarmStatus::Farming,
                };
                let (next, f) = farm_month(&t, s, &m);
                expected.stock[i].0 = next.stock_bu;
                expected.ref_stock[i].0 = next.ref_stock_bu;
                expected.cash[i].0 = next.cash_usd;
                expected.season[i].0 = next.season_harvest_bu;
                expected.status[i] = if next.farming {
                    FarmStatus::Farming
                } else {
                    FarmStatus::Exited
                };
                let l = i % LANES;
                let acres = f64::from(t.farm.acres);
                let adds = [
                    f64::from(f.revenue),
                    f64::from(f.ref_revenue),
                    f64::from(f.storage),
                    f64::from(f.ref_storage),
                    f64::from(f.production_cost),
                    f64::from(f.corn_net),
                    f64::from(f.harvest_bu),
                    f64::from(f.aid),
                    f64::from(next.stock_bu),
                    f64::from(next.ref_stock_bu),
                    if next.farming { acres } else { 0.0 },
                    f64::from(next.season_harvest_bu),
                    if f.exited { acres } else { 0.0 },
                ];
                for (lane, add) in lanes.iter_mut().zip(adds) {
                    lane[l] += add;
                }
                active += u32::from(next.farming);
                exits_now += u32::from(f.exited);
            }
            let sums = crate::model::plain::tend_farmers(&mut plain, &m);
            assert_eq!(plain, expected, "states");
            let c = |k: usize| combine(&lanes[k]);
            let want = MonthSums {
                revenue: c(0),
                ref_revenue: c(1),
                storage_cost: c(2),
                ref_storage_cost: c(3),
                production_cost: c(4),
                corn_net: c(5),
                harvest: c(6),
                aid_paid: c(7),
                stock: c(8),
                ref_stock: c(9),
                active_acres: c(10),
                season_harvest: c(11),
                freed_acres: c(12),
                active,
                exits: exits_now,
            };
            // Bit for bit: `{:?}` of an f64 round-trips, so equal text is equal bits.
            assert_eq!(format!("{sums:?}"), format!("{want:?}"), "{m:?}");
            exits += exits_now;
        }
        assert!(exits > 0, "the months tested include exits");
        assert!(
            holding_blocks > 0,
            "the months tested include holding blocks"
        );
        assert!(
            plain.stock.iter().all(|s| s.0 == 0.0) && plain.ref_stock.iter().all(|s| s.0 == 0.0),
            "the last month is one where every block holds nothing (the idle path)"
        );
    }

    /// The AVX2 build and the portable build of the pass give the same bits (on a CPU
    /// without AVX2 both calls run the portable build, and the test says so).
    #[test]
    fn the_vector_builds_agree_bit_for_bit() {
        #[cfg(target_arch = "x86_64")]
        let avx2 = std::is_x86_feature_detected!("avx2");
        #[cfg(not(target_arch = "x86_64"))]
        let avx2 = false;
        if !avx2 {
            eprintln!("no AVX2 on this CPU: only the portable build is exercised");
        }
        let (plain, m0) = farmers(2_501, 40.0);
        let (mut a, mut b) = (plain.clone(), plain);
        for m in months(m0) {
            let (mut la, mut lb) = (MonthLanes::default(), MonthLanes::default());
            tend_rows(a.rows(), &m, &mut la);
            tend_rows_by_kind(b.rows(), &m, &mut lb);
            assert_eq!(a, b);
            let (sa, sb) = (la.total(), lb.total());
            assert_eq!(format!("{sa:?}"), format!("{sb:?}"));
            assert_eq!(sa.revenue.to_bits(), sb.revenue.to_bits());
            assert_eq!(sa.ref_storage_cost.to_bits(), sb.ref_storage_cost.to_bits());
        }
    }

    /// April planting over columns is `plant` on every farmer still farming (exited farms
    /// keep their acreage and crop), summed in lane order; 1,003 farmers leave a partial
    /// block and lane.
    #[test]
    fn planting_plants_every_active_farm_and_sums_in_lane_order() {
        let (mut plain, m) = farmers(1_003, 40.0);
        for i in (0..plain.len()).step_by(7) {
            plain.status[i] = FarmStatus::Exited;
        }
        let mut expected = plain.clone();
        let (price, factor) = (0.85 * m.ref_price, 1.02);
        let mut lanes = [[0.0f64; LANES]; 2];
        for i in 0..expected.len() {
            if expected.status[i] == FarmStatus::Exited {
                continue;
            }
            let mut farm = Farm {
                acres: expected.acres[i].0,
                yield_bu_ac: expected.yield_bu_ac[i].0,
                cost_usd_ac: expected.cost_usd_ac[i].0,
                corn_edge_usd_ac: expected.corn_edge_usd_ac[i].0,
            };
            plant(&mut farm, &mut expected.crop[i], price, factor, &m);
            expected.acres[i].0 = farm.acres;
            lanes[0][i % LANES] += f64::from(farm.acres);
            if expected.crop[i] == Crop::Soy {
                lanes[1][i % LANES] += f64::from(farm.acres);
            }
        }
        let mut portable = plain.clone();
        let mut got = PlantingLanes::default();
        let rows = plain.planting_rows();
        plant_rows(rows, price, factor, &m, &mut got);
        assert_eq!(plain, expected);
        let (acres, soy) = got.total();
        assert_eq!(acres.to_bits(), combine(&lanes[0]).to_bits());
        assert_eq!(soy.to_bits(), combine(&lanes[1]).to_bits());
        // The portable build (what a CPU without AVX2 runs) gives the same bits.
        let mut portable_lanes = PlantingLanes::default();
        let rows = portable.planting_rows();
        plant_rows_portable(rows, price, factor, &m, &mut portable_lanes);
        assert_eq!(portable, expected);
        assert_eq!(
            format!("{:?}", portable_lanes.total()),
            format!("{:?}", got.total())
        );
        let corn = expected.crop.iter().filter(|c| **c == Crop::Corn).count();
        assert!(
            corn > 0 && soy > 0.0,
            "the price tested splits farms between crops"
        );
    }
}
