//! Rare-earth licensing, US magnet inventories and shortages, non-China supply
//! (MODEL.md §4.8; firms §3; stylized facts 5 and 7).
//!
//! China's stringency `s` (0..1, `RareEarthStringency` on the Chinese government) is the
//! share of licence requests denied or delayed a month. Each month every US magnet user `i`
//! (need `n_i` t/month, inventory `I_i`, target `T_i` months, non-China share `φ_i`):
//! 1. receives the shipments approved `D` months ago (`rare_earths.processing_months`) and
//!    its non-China supply `φ_i·n_i`;
//! 2. uses `u_i = min(n_i, I_i + arrivals)`; `I_i ← I_i + arrivals − u_i` (never negative);
//!    if `u_i < n_i` (its stock is then zero) it is short this month and loses output
//!    `Y_i·(1 − u_i/n_i)` (USD bn, `Y_i` its output at risk);
//! 3. applies for a licence for `q_i = max(0, (1 − φ_i)·n_i + (h_i·T_i·n_i − I_i − P_i)/R)`
//!    (`P_i` in transit, `R` = `restock_months`, `h_i = 1 + hoard·max(0, s − s₀)` for
//!    stockpilers, else 1); it is approved whole with probability `(1 − s)^k` (`k` the
//!    sector's `approval_exponent`), from one uniform per firm per month;
//! 4. diversifiers (`Diversify`) with no pending investment commit a further
//!    `diversify_step_share` of their need to non-China supply when `s ≥` the threshold or
//!    after a stock-out; it arrives after a lag drawn uniform on
//!    `[invest_lag_min_months, invest_lag_max_months]` (one uniform per firm per month).
//!
//! Non-China supply: `φ_i = min(1, φ₀ + φ_gov(t) + contracts_i)`, with `φ₀` the initial
//! non-China tonnage over US need and `φ_gov` the government-backed capacity from its round
//! on. Non-China tonnes above `φ₀` cost a premium `(p_floor − p_China)·c` per kg (NdPr floor
//! $110/kg vs ≈$60/kg, `c` kg NdPr per kg magnet), booked as a US loss.
//!
//! A scheduled squeeze (`[rare_earths.squeeze]`) overrides China's stringency for a window
//! and then restores its pre-squeeze level; the change shows in China's `LastMoves` so the
//! US observes it as an escalation (and the end as a de-escalation).

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::config::{RareEarthConfig, Scenario};
use crate::foundation::calendar::Calendar;
use crate::model::mechanisms::firms::{
    FirmsRng, LicensingRng, MagnetStock, MagnetStrategy, MagnetUser,
};
use crate::model::mechanisms::governments::{Governments, LastMoves, RareEarthStringency};
use crate::model::mechanisms::welfare::MonthlyLedger;
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::strategy::Move;

// ---------------------------------------------------------------- RESOURCES

/// This month's magnet flows and the totals over the horizon.
#[derive(Resource, Debug, Clone, Default)]
pub struct MagnetMarket {
    /// US magnet need this month (tonnes).
    pub need_t: f64,
    /// Magnets delivered this month, China and non-China (tonnes).
    pub delivered_t: f64,
    /// Of which from non-China supply (tonnes).
    pub non_china_t: f64,
    /// Inventories at the end of the month (tonnes).
    pub inventory_t: f64,
    /// Licence applications this month.
    pub applications: u32,
    /// Licences approved this month.
    pub approvals: u32,
    /// Firms short of magnets this month.
    pub short_firms: u32,
    /// Magnet-user firms.
    pub firms: u32,
    /// Output lost to stock-outs this month (USD bn).
    pub shortage_loss_usd_bn: f64,
    /// Firm-months of shortage since round 0.
    pub shortage_firm_months: u64,
    /// Output lost to stock-outs since round 0 (USD bn).
    pub shortage_loss_cum_usd_bn: f64,
    /// Non-China premium paid since round 0 (USD bn).
    pub premium_cum_usd_bn: f64,
}

impl MagnetMarket {
    /// Deliveries against normal need (1 = normal; above 1 while restocking).
    pub fn deliveries_share(&self) -> f64 {
        ratio(self.delivered_t, self.need_t)
    }

    /// Inventories in months of need.
    pub fn inventory_months(&self) -> f64 {
        ratio(self.inventory_t, self.need_t)
    }

    /// Share of need met by non-China supply.
    pub fn non_china_share(&self) -> f64 {
        ratio(self.non_china_t, self.need_t)
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// The stringency China had when a scheduled squeeze began.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct SqueezeState {
    /// Level to restore when the squeeze ends.
    pub saved_level: Option<f64>,
}

// ---------------------------------------------------------------- ECONOMICS

/// Probability that a licence request is approved this month: `(1 − s)^k`.
pub fn approval_probability(stringency: f64, exponent: f64) -> f64 {
    (1.0 - stringency).clamp(0.0, 1.0).powf(exponent)
}

/// The tonnes approved for an application of `order_t` given a uniform draw `u` and the
/// approval probability: all or nothing, never more than applied for.
pub fn licence(order_t: f64, u: f64, probability: f64) -> f64 {
    // `&`, not `&&`: a select, not a branch (approvals are coin flips the CPU cannot predict).
    if (order_t > 0.0) & (u < probability) {
        order_t
    } else {
        0.0
    }
}

/// One month of use: `(inventory after use, tonnes used)` from the stock on hand, this
/// month's arrivals and the need. Inventory never goes negative.
pub fn consume(inventory_t: f64, arrivals_t: f64, need_t: f64) -> (f64, f64) {
    let available = inventory_t.max(0.0) + arrivals_t.max(0.0);
    let used = need_t.min(available);
    ((available - used).max(0.0), used)
}

/// Output lost when only `used_t` of `need_t` was available (USD bn); zero unless short.
pub fn shortage_loss(output_at_risk_usd_bn: f64, used_t: f64, need_t: f64) -> f64 {
    // Computed either way and selected (no branch on whether the firm ran short).
    let loss = output_at_risk_usd_bn * (1.0 - used_t / need_t);
    if (need_t > 0.0) & (used_t < need_t) {
        loss
    } else {
        0.0
    }
}

/// The licence application of a firm: its China-sourced need plus a share
/// `per_restock_month` (= 1/`restock_months`) of the gap between its target stock and what
/// it holds or has in transit.
pub fn order_t(
    need_t: f64,
    non_china_share: f64,
    target_t: f64,
    inventory_t: f64,
    in_transit_t: f64,
    per_restock_month: f64,
) -> f64 {
    let gap = target_t - inventory_t - in_transit_t;
    ((1.0 - non_china_share) * need_t + gap * per_restock_month).max(0.0)
}

/// Share of US need met by non-China supply that every firm shares at `round`: the initial
/// supply plus government-backed capacity once it has arrived.
pub fn non_china_base_share(cfg: &RareEarthConfig, round: u32) -> f64 {
    let need = cfg.us_need_t_per_yr;
    if need <= 0.0 {
        return 0.0;
    }
    let mut t = cfg.non_china_initial_t_per_yr;
    if round >= cfg.government_capacity_round {
        t += cfg.government_capacity_t_per_yr;
    }
    (t / need).min(1.0)
}

/// The round a non-China investment committed at `round` starts supplying, for a uniform
/// `u`: after a lag uniform on `[min, max]` months, rounded up (never before `min`).
pub fn arrival_round(round: u32, u: f64, min_months: f64, max_months: f64) -> u32 {
    let lag = min_months + u.clamp(0.0, 1.0) * (max_months - min_months).max(0.0);
    round + lag.ceil().max(0.0) as u32
}

/// The non-China premium per tonne of magnets (USD bn/t).
pub fn premium_usd_bn_per_t(cfg: &RareEarthConfig) -> f64 {
    (cfg.ndpr_floor_usd_per_kg - cfg.ndpr_china_usd_per_kg).max(0.0)
        * cfg.ndpr_kg_per_kg_magnet
        * 1000.0
        / 1e9
}

// ---------------------------------------------------------------- SYSTEMS

/// Decide step, after the controls move: a scheduled squeeze holds China's stringency at
/// its level during the window and restores the pre-squeeze level after it.
pub fn scheduled_squeeze(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    mut state: ResMut<SqueezeState>,
    mut china: Query<(&mut RareEarthStringency, &mut LastMoves)>,
) {
    let sq = &scenario.rare_earths.squeeze;
    if !sq.enabled || sq.months == 0 {
        return;
    }
    let Ok((mut stringency, mut last)) = china.get_mut(governments.cn) else {
        return;
    };
    let round = calendar.round;
    let end = sq.start_round.saturating_add(sq.months);
    let level = &mut stringency.0.level;
    if round == sq.start_round {
        state.saved_level = Some(*level);
    }
    if (sq.start_round..end).contains(&round) {
        let before = *level;
        *level = sq.level;
        if round == sq.start_round && sq.level != before {
            last.0.controls = if sq.level > before {
                Move::Escalate
            } else {
                Move::DeEscalate
            };
        }
    } else if round == end
        && let Some(saved) = state.saved_level.take()
    {
        let before = *level;
        *level = saved;
        if saved != before {
            last.0.controls = if saved < before {
                Move::DeEscalate
            } else {
                Move::Escalate
            };
        }
    }
}

/// Rare-earth step (§4.8): deliveries, use, shortages, licence applications and approvals,
/// non-China investment, booked to the US ledger.
#[allow(clippy::too_many_arguments)]
pub fn license_and_supply(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    china: Query<&RareEarthStringency>,
    mut licensing: ResMut<LicensingRng>,
    mut firm_rng: ResMut<FirmsRng>,
    mut market: ResMut<MagnetMarket>,
    mut ledger: ResMut<MonthlyLedger>,
    mut firms: Query<(&MagnetUser, &mut MagnetStock)>,
) {
    let cfg = &scenario.rare_earths;
    let (s, s0) = china
        .get(governments.cn)
        .map_or((0.0, 0.0), |c| (c.0.level, c.0.reference));
    let round = calendar.round;
    let p = cfg
        .sectors()
        .map(|sector| approval_probability(s, sector.approval_exponent));
    let base = non_china_base_share(cfg, round);
    let base0 = non_china_base_share(cfg, 0);
    let premium_per_t = premium_usd_bn_per_t(cfg);
    let hoard = 1.0 + cfg.hoard_factor * (s - s0).max(0.0);
    let diversify_now = s >= cfg.diversify_threshold;
    let now = (round % 4) as usize;
    let due = ((round + cfg.processing_months) % 4) as usize;

    let mut m = MagnetMarket {
        shortage_firm_months: market.shortage_firm_months,
        shortage_loss_cum_usd_bn: market.shortage_loss_cum_usd_bn,
        premium_cum_usd_bn: market.premium_cum_usd_bn,
        ..Default::default()
    };
    let mut premium_t = 0.0;
    let mut lobby_loss = 0.0;
    let licensing = &mut licensing.0;
    let firm_rng = &mut firm_rng.0;
    let per_restock_month = 1.0 / cfg.restock_months;
    // Fixed draws per firm per month (common random numbers), drawn up front: each stream
    // gives them in firm order, as drawn inside the loop, and the loop body stays short.
    let n = firms.iter().len();
    let mut uniforms = Vec::with_capacity(n);
    uniforms.extend((0..n).map(|_| -> (f64, f64) { (licensing.random(), 0.0) }));
    for u in &mut uniforms {
        u.1 = firm_rng.random();
    }
    let mut step = |firm: &MagnetUser, stock: &mut MagnetStock, (u_licence, u_lag): (f64, f64)| {
        let need = firm.need_t;

        if (stock.pending_share > 0.0) & (round >= stock.pending_arrival_round) {
            stock.contract_share += stock.pending_share;
            stock.pending_share = 0.0;
        }
        let phi = (base + stock.contract_share).min(1.0);
        let from_china = std::mem::take(&mut stock.in_transit_t[now]);
        let non_china = phi * need;
        let (inventory, used) = consume(stock.inventory_t, from_china + non_china, need);
        stock.inventory_t = inventory;
        let short = used < need;
        let loss = shortage_loss(firm.output_at_risk_usd_bn, used, need);

        // Strategies are mixed across firms, so a branch on them would be mispredicted
        // often: the hoarding factor is picked by index, and the conditions below are
        // combined with `&`/`|` into one rarely-true test.
        let stockpiles = firm.strategy == MagnetStrategy::Stockpile;
        let target = [1.0, hoard][usize::from(stockpiles)] * firm.target_months * need;
        let pipeline: f64 = stock.in_transit_t.iter().sum();
        let order = order_t(
            need,
            phi,
            target,
            stock.inventory_t,
            pipeline,
            per_restock_month,
        );
        let approved = licence(order, u_licence, p[firm.sector as usize]);
        stock.in_transit_t[due] += approved;

        let invests = (firm.strategy == MagnetStrategy::Diversify)
            & (stock.pending_share == 0.0)
            & (diversify_now | short)
            & (phi + cfg.diversify_step_share <= 1.0 + 1e-9)
            & (cfg.diversify_step_share > 0.0);
        if invests {
            stock.pending_share = cfg.diversify_step_share;
            stock.pending_arrival_round = arrival_round(
                round,
                u_lag,
                cfg.invest_lag_min_months,
                cfg.invest_lag_max_months,
            );
        }
        stock.short_last_month = short;

        m.firms += 1;
        m.need_t += need;
        m.delivered_t += from_china + non_china;
        m.non_china_t += non_china;
        m.inventory_t += stock.inventory_t;
        m.applications += u32::from(order > 0.0);
        m.approvals += u32::from(approved > 0.0);
        m.short_firms += u32::from(short);
        m.shortage_loss_usd_bn += loss;
        premium_t += (phi - base0).max(0.0) * need;
        // Adding +0.0 leaves a sum's bits as they are: a select, not a branch.
        lobby_loss += if firm.strategy == MagnetStrategy::Lobby {
            loss
        } else {
            0.0
        };
    };
    // Table by table, as slices (change detection bypassed: no system reacts to it).
    let tables = firms
        .contiguous_iter_mut()
        .expect("magnet users are table-stored");
    let mut draws = uniforms.iter();
    for (users, mut stocks) in tables {
        for ((firm, stock), u) in users
            .iter()
            .zip(stocks.bypass_change_detection())
            .zip(draws.by_ref())
        {
            step(firm, stock, *u);
        }
    }
    let premium = premium_t * premium_per_t;
    m.shortage_firm_months += u64::from(m.short_firms);
    m.shortage_loss_cum_usd_bn += m.shortage_loss_usd_bn;
    m.premium_cum_usd_bn += premium;
    ledger.us.magnet_shortage_loss_usd_bn += m.shortage_loss_usd_bn;
    ledger.us.non_china_magnet_premium_usd_bn += premium;
    ledger.us.lobbying_loss_usd_bn += lobby_loss;
    *market = m;
}

// ---------------------------------------------------------------- METRICS

fn china_stringency(w: &World) -> f64 {
    let g = w.resource::<Governments>();
    w.get::<RareEarthStringency>(g.cn)
        .map_or(0.0, |c| c.0.level)
}

/// Per-month metrics of rare-earth licensing and magnet supply.
pub const RARE_EARTH_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "cn_re_stringency",
            "fraction 0..1",
            "China's rare-earth licensing stringency",
            "share of rare-earth licence requests China denies or delays a month, end of month",
        ),
        read: china_stringency,
    },
    RoundMetric {
        meta: meta(
            "magnet_deliveries_share",
            "fraction of normal need",
            "US magnet deliveries vs normal need",
            "magnets delivered to US users this month (China and non-China) over their normal monthly need; above 1 while restocking",
        ),
        read: |w| w.resource::<MagnetMarket>().deliveries_share(),
    },
    RoundMetric {
        meta: meta(
            "magnet_inventory_months",
            "months of need",
            "US magnet inventories",
            "US magnet users' inventories at the end of the month, in months of need",
        ),
        read: |w| w.resource::<MagnetMarket>().inventory_months(),
    },
    RoundMetric {
        meta: meta(
            "non_china_magnet_share",
            "fraction 0..1",
            "Non-China share of US magnet supply",
            "share of US magnet need met by non-China supply this month",
        ),
        read: |w| w.resource::<MagnetMarket>().non_china_share(),
    },
    RoundMetric {
        meta: meta(
            "us_magnet_short_firm_share",
            "fraction 0..1",
            "US magnet users short of magnets",
            "share of US magnet-user firms that ran out of magnets this month",
        ),
        read: |w| {
            let m = w.resource::<MagnetMarket>();
            ratio(f64::from(m.short_firms), f64::from(m.firms))
        },
    },
];

/// Outcomes of rare-earth licensing (MODEL.md §6).
pub const RARE_EARTH_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "us_magnet_shortage_firm_months",
            "firm-months",
            "US magnet-shortage firm-months",
            "months in which a US magnet-user firm ran out of magnets, summed over firms and the horizon",
        ),
        compute: |v| Some(v.resource::<MagnetMarket>().shortage_firm_months as f64),
    },
    RunMetric {
        meta: meta(
            "us_shortage_output_loss_usd_bn",
            "USD bn",
            "US output lost to magnet shortages",
            "US output lost to magnet stock-outs, summed over the horizon",
        ),
        compute: |v| Some(v.resource::<MagnetMarket>().shortage_loss_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "cn_re_stringency_final",
            "fraction 0..1",
            "China's rare-earth stringency, final month",
            "China's rare-earth licensing stringency in the last round",
        ),
        compute: |v| v.last("cn_re_stringency"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cfg() -> RareEarthConfig {
        crate::config::LoadedScenario::load(None, &[])
            .unwrap()
            .typical
            .rare_earths
    }

    #[test]
    fn approval_falls_with_stringency_and_is_certain_without_licensing() {
        assert_eq!(approval_probability(0.0, 1.0), 1.0);
        assert!((approval_probability(0.85, 1.0) - 0.15).abs() < 1e-12);
        assert!(approval_probability(0.5, 2.0) < approval_probability(0.5, 1.0));
        assert_eq!(approval_probability(1.0, 1.0), 0.0);
    }

    #[test]
    fn government_capacity_arrives_at_its_round() {
        let c = cfg();
        let before = non_china_base_share(&c, c.government_capacity_round - 1);
        let after = non_china_base_share(&c, c.government_capacity_round);
        assert!(after > before);
        assert!(after <= 1.0);
    }

    #[test]
    fn premium_follows_the_ndpr_floor() {
        // ($110 − $60)/kg NdPr × 0.3 kg/kg = $15/kg of magnet = $15,000/t.
        assert!((premium_usd_bn_per_t(&cfg()) - 15_000.0 / 1e9).abs() < 1e-15);
    }

    fn world_with(sets: &[&str]) -> (World, bevy_ecs::schedule::Schedule) {
        let sets: Vec<String> = sets.iter().map(|s| (*s).to_string()).collect();
        let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
        let scenario = loaded.for_replicate(0).unwrap();
        let registry = crate::model::strategy::StrategyRegistry::default();
        let world = crate::model::world::build_world(&scenario, &registry, 7, 0).unwrap();
        (world, crate::model::schedule::month_schedule())
    }

    fn stringency(w: &World) -> f64 {
        china_stringency(w)
    }

    #[test]
    fn a_scheduled_squeeze_holds_its_level_then_restores_and_is_observed() {
        let (mut w, mut schedule) = world_with(&[
            "cn.strategy.name=\"hold\"",
            "cn.strategy.noise=0.0",
            "negotiation.enabled=false",
            "rare_earths.squeeze.enabled=true",
            "rare_earths.squeeze.start_round=1",
            "rare_earths.squeeze.months=3",
            "rare_earths.squeeze.level=0.9",
        ]);
        let mut path = Vec::new();
        let mut moves = Vec::new();
        for _ in 0..6 {
            schedule.run(&mut w);
            path.push(stringency(&w));
            let cn = w.resource::<Governments>().cn;
            moves.push(w.get::<LastMoves>(cn).unwrap().0.controls);
        }
        assert_eq!(path, [0.3, 0.9, 0.9, 0.9, 0.3, 0.3]);
        assert_eq!(moves[1], Move::Escalate);
        assert_eq!(moves[4], Move::DeEscalate);
        let m = w.resource::<MagnetMarket>();
        assert!(m.approvals <= m.applications);
        assert!(m.firms > 0 && m.inventory_t >= 0.0);
    }

    #[test]
    fn shortages_are_counted_only_for_firms_at_zero_stock() {
        let (mut w, mut schedule) = world_with(&[
            "rare_earths.stringency.initial=1.0",
            "rare_earths.stringency.floor=1.0",
        ]);
        for _ in 0..6 {
            schedule.run(&mut w);
            let short = w.resource::<MagnetMarket>().short_firms;
            let at_zero = w
                .query::<(&MagnetStock, &MagnetUser)>()
                .iter(&w)
                .filter(|(s, _)| s.short_last_month)
                .inspect(|(s, _)| assert_eq!(s.inventory_t, 0.0))
                .count();
            assert_eq!(short as usize, at_zero);
        }
        assert!(w.resource::<MagnetMarket>().shortage_firm_months > 0);
    }

    proptest! {
        /// Approvals never exceed applications: a licence grants at most what was asked,
        /// and over a batch of firms approvals are never more than applications.
        #[test]
        fn approvals_never_exceed_applications(
            orders in proptest::collection::vec(-5.0f64..50.0, 1..60),
            us in proptest::collection::vec(0.0f64..1.0, 60),
            s in 0.0f64..1.0,
        ) {
            let p = approval_probability(s, 1.0);
            let mut applications = 0;
            let mut approvals = 0;
            for (o, u) in orders.iter().zip(&us) {
                let a = licence(*o, *u, p);
                prop_assert!(a >= 0.0 && a <= o.max(0.0));
                applications += usize::from(*o > 0.0);
                approvals += usize::from(a > 0.0);
            }
            prop_assert!(approvals <= applications);
        }

        /// Inventories never go negative, and a shortage (output loss) happens only when
        /// the stock is at zero.
        #[test]
        fn inventories_never_negative_and_shortage_only_at_zero_stock(
            inv in 0.0f64..100.0, arrivals in 0.0f64..100.0, need in 0.0f64..100.0,
            months in 1usize..24, out in 0.0f64..10.0,
        ) {
            let mut i = inv;
            for _ in 0..months {
                let (next, used) = consume(i, arrivals, need);
                prop_assert!(next >= 0.0);
                prop_assert!(used <= need + 1e-12);
                let loss = shortage_loss(out, used, need);
                if used < need {
                    prop_assert_eq!(next, 0.0, "short with stock left");
                } else {
                    prop_assert_eq!(loss, 0.0, "loss without a shortage");
                }
                prop_assert!(loss >= 0.0 && loss <= out + 1e-12);
                i = next;
            }
        }

        /// Non-China capacity arrives only after its lag.
        #[test]
        fn non_china_capacity_arrives_only_after_its_lag(
            round in 0u32..100, u in 0.0f64..1.0, lo in 0.0f64..40.0, extra in 0.0f64..40.0,
        ) {
            let arrival = arrival_round(round, u, lo, lo + extra);
            prop_assert!(f64::from(arrival - round) >= lo);
            prop_assert!(f64::from(arrival - round) <= (lo + extra).ceil());
        }

        /// Orders rise as stock falls and are never negative.
        #[test]
        fn orders_answer_the_stock_gap(need in 0.1f64..10.0, inv in 0.0f64..50.0, d in 0.01f64..5.0) {
            let a = order_t(need, 0.1, 3.0 * need, inv + d, need, 1.0 / 3.0);
            let b = order_t(need, 0.1, 3.0 * need, inv, need, 1.0 / 3.0);
            prop_assert!(a >= 0.0 && b >= a);
        }
    }
}
