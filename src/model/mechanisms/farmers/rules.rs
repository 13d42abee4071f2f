//! One farmer's economics (docs/model.md §4.7), as plain per-farmer functions, in the order
//! of a farmer's year and month: the terms every farmer faces this month ([`FarmMonth`]),
//! the harvest calendar ([`harvest_share`]), the April choice between soybeans and corn
//! ([`plant`]), then one farmer's month ([`farm_month`]): aid on the season's harvest,
//! harvest, sales by marketing strategy ([`sales_bu`]), storage cost, cash, exit.
//!
//! Nothing here is about speed: the pass over every farmer's columns (`kernel`) composes
//! these same steps, leaving out those a month or a block of farmers cannot need, and
//! `tests/plain_loop.rs` checks it against [`farm_month`] bit for bit. The steps are
//! written as selects on plain values (`if c { a } else { b }`), so that the pass
//! vectorises.

use super::components::{Crop, FarmState, FarmStatus, FarmTraits, Marketing};
use crate::config::FarmerConfig;

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

/// Share of the year's crop harvested in calendar `month`; in the first round the months of
/// the harvest before it are harvested too (a run from October harvests September's share
/// in round 0).
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

// ---- April: planting ----

/// Margin of corn per acre on a farm at the expected corn price (USD/acre).
#[inline(always)]
pub fn corn_margin(t: &FarmTraits, m: &FarmMonth) -> f32 {
    m.corn_price * m.corn_yield_ratio * t.yield_bu_ac - m.corn_cost_ratio * t.cost_usd_ac
        + t.corn_edge_usd_ac
}

/// April choice: soybeans if their expected margin is at least corn's.
#[inline(always)]
pub fn plants_soy(t: &FarmTraits, expected_soy_price: f32, m: &FarmMonth) -> bool {
    expected_soy_price * t.yield_bu_ac - t.cost_usd_ac >= corn_margin(t, m)
}

/// April planting (see the module docs of `farmers`): neighbours' take-up multiplies the
/// acreage, then the farm plants soybeans or corn by expected margins at
/// `expected_soy_price`.
#[inline(always)]
pub fn plant(t: &mut FarmTraits, expected_soy_price: f32, acres_factor: f32, m: &FarmMonth) {
    t.acres *= acres_factor;
    t.crop = if plants_soy(t, expected_soy_price, m) {
        Crop::Soy
    } else {
        Crop::Corn
    };
}

// ---- Every month: one farmer's month ----

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
pub(super) fn at_least(x: f32, lo: f32) -> f32 {
    if x > lo { x } else { lo }
}

/// Step 2, aid: the month's aid rate on the farm's soybean harvest of the marketing year
/// (USD).
#[inline(always)]
pub fn aid_usd(s: &FarmState, m: &FarmMonth) -> f32 {
    m.aid_usd_bu * s.season_harvest_bu
}

/// A new marketing year restarts the season's harvest (after this month's aid is reckoned
/// on the old one).
#[inline(always)]
pub fn start_season(s: FarmState, m: &FarmMonth) -> FarmState {
    FarmState {
        season_harvest_bu: if m.new_season {
            0.0
        } else {
            s.season_harvest_bu
        },
        ..s
    }
}

/// The month's harvest on one farm (bushels and USD).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Harvest {
    /// Soybeans harvested (bu; zero on a corn farm).
    pub soy_bu: f32,
    /// Cost of the soybeans harvested (USD).
    pub production_cost: f32,
    /// Corn margin of the corn harvested (USD).
    pub corn_net: f32,
}

/// Step 3, harvest: the month's share of the farm's acreage is harvested; a soybean farm
/// books its yield into stock at its cost, a corn farm books its corn margin.
#[inline(always)]
pub fn harvest(t: &FarmTraits, m: &FarmMonth) -> Harvest {
    let acres = t.acres * m.harvest_share;
    let soy = t.crop == Crop::Soy;
    let bu = acres * t.yield_bu_ac;
    let cost = acres * t.cost_usd_ac;
    let corn = acres * corn_margin(t, m);
    Harvest {
        soy_bu: if soy { bu } else { 0.0 },
        production_cost: if soy { cost } else { 0.0 },
        corn_net: if soy { 0.0 } else { corn },
    }
}

/// The harvest goes into the farm's stores, its reference's and the season's harvest.
#[inline(always)]
pub fn store_harvest(s: FarmState, h: &Harvest) -> FarmState {
    FarmState {
        stock_bu: s.stock_bu + h.soy_bu,
        ref_stock_bu: s.ref_stock_bu + h.soy_bu,
        season_harvest_bu: s.season_harvest_bu + h.soy_bu,
        ..s
    }
}

/// Step 4, sales: bushels sold out of `stock` this month: what exceeds capacity, then by
/// strategy (sell at harvest: all the rest; fixed share: `fixed_share` of what is left
/// within capacity; store for target: all the rest once `price ≥ target`, else none);
/// everything in the clearance month. Never more than the stock.
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

/// [`sales_bu`] of the farm and of its no-conflict reference (at the reference price),
/// from the stocks after harvest.
#[inline(always)]
pub fn sales(t: &FarmTraits, s: &FarmState, m: &FarmMonth) -> (f32, f32) {
    let sell = |stock: f32, price: f32| {
        sales_bu(
            stock,
            t.capacity_bu,
            t.marketing,
            t.target_usd_bu,
            price,
            m.fixed_share,
            m.clearance,
        )
    };
    (sell(s.stock_bu, m.price), sell(s.ref_stock_bu, m.ref_price))
}

/// Steps 5–6, given the month's aid, harvest and sales (`sold`, `ref_sold`, bu) and the
/// state after harvest: storage cost `k` per bushel kept; cash += sales − storage −
/// production cost + corn margin + aid; exit at negative equity `cash + stock·p < 0`, when
/// what is in store is sold (the reference sells its own stock at the reference price) and
/// the season's harvest leaves with the farmer. Returns the next state and the month's flows.
#[inline(always)]
pub fn settle(
    s: FarmState,
    m: &FarmMonth,
    aid: f32,
    h: &Harvest,
    (sold, ref_sold): (f32, f32),
) -> (FarmState, FarmFlows) {
    let stock = at_least(s.stock_bu - sold, 0.0);
    let ref_stock = at_least(s.ref_stock_bu - ref_sold, 0.0);
    let revenue = sold * m.price;
    let ref_revenue = ref_sold * m.ref_price;
    let storage = stock * m.storage_cost;
    let ref_storage = ref_stock * m.storage_cost;
    let cash = s.cash_usd + (revenue - storage - h.production_cost + h.corn_net + aid);
    let stock_value = stock * m.price;
    let exits = cash + stock_value < 0.0;
    let next = FarmState {
        stock_bu: if exits { 0.0 } else { stock },
        ref_stock_bu: if exits { 0.0 } else { ref_stock },
        cash_usd: if exits { cash + stock_value } else { cash },
        season_harvest_bu: if exits { 0.0 } else { s.season_harvest_bu },
        status: if exits {
            FarmStatus::Exited
        } else {
            FarmStatus::Farming
        },
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
        production_cost: h.production_cost,
        corn_net: h.corn_net,
        harvest_bu: h.soy_bu,
        aid,
        exited: exits,
    };
    (next, flows)
}

/// One farmer's month (see the module docs of `farmers` for the order of events; planting is
/// [`plant`]): the next state and the month's flows. A farmer who has exited does nothing:
/// its state comes back unchanged and its flows are zero.
#[inline(always)]
pub fn farm_month(t: &FarmTraits, s: FarmState, m: &FarmMonth) -> (FarmState, FarmFlows) {
    let aid = aid_usd(&s, m);
    let h = harvest(t, m);
    let after_harvest = store_harvest(start_season(s, m), &h);
    let sold = sales(t, &after_harvest, m);
    unless_exited(s, settle(after_harvest, m, aid, &h, sold))
}

/// `month` for a farmer of state `s` still farming; a farmer who has exited keeps its state
/// `s` and has no flows.
#[inline(always)]
pub fn unless_exited(s: FarmState, month: (FarmState, FarmFlows)) -> (FarmState, FarmFlows) {
    if s.status == FarmStatus::Farming {
        month
    } else {
        (s, FarmFlows::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn farm() -> FarmTraits {
        FarmTraits {
            acres: 1000.0,
            yield_bu_ac: 53.5,
            cost_usd_ac: 470.0,
            corn_edge_usd_ac: -70.0,
            ..FarmTraits::default()
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
                    let f = FarmTraits {
                        corn_edge_usd_ac: *e as f32,
                        ..farm()
                    };
                    plants_soy(&f, p, &m)
                })
                .count()
        };
        assert!(count(9.5) < count(10.5));
        // And one farm switches once the price falls far enough.
        let f = FarmTraits {
            corn_edge_usd_ac: 40.0,
            ..farm()
        };
        assert!(plants_soy(&f, 10.55, &m));
        assert!(!plants_soy(&f, 9.0, &m));
        // Planting first adds the neighbours' acreage.
        let mut g = FarmTraits {
            crop: Crop::Soy,
            ..f
        };
        plant(&mut g, 9.0, 1.5, &m);
        assert_eq!((g.acres, g.crop), (1500.0, Crop::Corn));
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
                cost_usd_ac: cost,
                crop: if soy { Crop::Soy } else { Crop::Corn },
                marketing,
                target_usd_bu: target,
                capacity_bu: capacity,
                ..farm()
            };
            let s = FarmState {
                stock_bu: stock,
                ref_stock_bu: ref_stock,
                cash_usd: cash,
                season_harvest_bu: 50_000.0,
                status: FarmStatus::Farming,
            };
            let m = FarmMonth { price, ref_price, harvest_share: harvest, clearance, aid_usd_bu: aid, ..month() };
            let (h, flows) = farm_month(&t, s, &m);
            prop_assert!(h.stock_bu >= 0.0 && h.ref_stock_bu >= 0.0);
            prop_assert!(flows.revenue >= 0.0 && flows.ref_revenue >= 0.0);
            let equity = h.cash_usd + h.stock_bu * price;
            if flows.exited {
                prop_assert_eq!(h.status, FarmStatus::Exited);
                prop_assert!(equity < 0.0, "exited with equity {}", equity);
                prop_assert_eq!(h.stock_bu, 0.0);
            } else {
                prop_assert_eq!(h.status, FarmStatus::Farming);
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
