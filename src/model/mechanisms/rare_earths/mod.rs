//! Rare-earth licensing, US magnet inventories and shortages, non-China supply
//! (docs/model.md §4.8; firms §3; stylized facts 5 and 7).
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
//! and then restores its pre-squeeze level; the change is reported as China's controls move
//! in [`SqueezeMove`] (an escalation at the start, a de-escalation at the end), which the US
//! observes and negotiation reads as China's move.
//!
//! Files: [`agents`] (magnet users, the magnet market, spawn), [`economics`] (one firm's
//! month, pure functions), this file (setup, systems, metric tables).

use bevy_ecs::prelude::*;
use rand::RngExt;

pub mod agents;
pub mod economics;

pub use agents::{
    LicensingRng, MagnetMarket, MagnetStock, MagnetStrategy, MagnetUser, Sector, SqueezeState,
    spawn_magnet_users,
};
pub use economics::{
    approval_probability, arrival_round, consume, licence, non_china_base_share, order_t,
    premium_usd_bn_per_t, shortage_loss,
};

use crate::config::Scenario;
use crate::foundation::calendar::Calendar;
use crate::foundation::rng::{Purpose, bulk_stream};
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::firms::FirmsRng;
use crate::model::state::instruments::{Instrument, RareEarthStringency};
use crate::model::state::ledger::MonthlyLedger;
use crate::model::state::moves::SqueezeMove;
use crate::model::state::sides::Governments;
use crate::model::strategy::Move;

// ---------------------------------------------------------------- SETUP

/// Puts China's rare-earth licensing on the Chinese government and the mechanism's
/// resources into a world: the licensing stream, an empty magnet market, no squeeze yet.
/// Call after the governments spawn.
pub fn setup_rare_earths(world: &mut World, scenario: &Scenario, master_seed: u64, replicate: u64) {
    if let Some(g) = world.get_resource::<Governments>().copied() {
        world
            .entity_mut(g.cn)
            .insert(RareEarthStringency(Instrument::from(
                &scenario.rare_earths.stringency,
            )));
    }
    world.insert_resource(LicensingRng(bulk_stream(
        master_seed,
        replicate,
        Purpose::Licensing,
    )));
    world.insert_resource(MagnetMarket::default());
    world.insert_resource(SqueezeState::default());
    world.insert_resource(SqueezeMove::default());
}

// ---------------------------------------------------------------- SYSTEMS

/// Decide step, after the controls move: a scheduled squeeze holds China's stringency at
/// its level during the window and restores the pre-squeeze level after it. When it moves
/// the stringency (at the start and at the end), it reports the move in [`SqueezeMove`];
/// every other month it reports none.
pub fn scheduled_squeeze(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    mut state: ResMut<SqueezeState>,
    mut reported: ResMut<SqueezeMove>,
    mut china: Query<&mut RareEarthStringency>,
) {
    reported.0 = None;
    let sq = &scenario.rare_earths.squeeze;
    if !sq.enabled || sq.months == 0 {
        return;
    }
    let Ok(mut stringency) = china.get_mut(governments.cn) else {
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
            reported.0 = Some(if sq.level > before {
                Move::Escalate
            } else {
                Move::DeEscalate
            });
        }
    } else if round == end
        && let Some(saved) = state.saved_level.take()
    {
        let before = *level;
        *level = saved;
        if saved != before {
            reported.0 = Some(if saved < before {
                Move::DeEscalate
            } else {
                Move::Escalate
            });
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

/// China's rare-earth licensing stringency at the end of each month.
pub const CN_RE_STRINGENCY: RoundMetric = RoundMetric {
    meta: meta(
        "cn_re_stringency",
        "fraction 0..1",
        "China's rare-earth licensing stringency",
        "share of rare-earth licence requests China denies or delays a month, end of month",
    ),
    read: china_stringency,
};

/// Per-month metrics of rare-earth licensing and magnet supply.
pub const RARE_EARTH_ROUND_METRICS: &[RoundMetric] = &[
    CN_RE_STRINGENCY,
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
            economics::ratio(f64::from(m.short_firms), f64::from(m.firms))
        },
    },
];

/// Outcomes of rare-earth licensing (docs/model.md §6).
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
        compute: |v| v.last(&CN_RE_STRINGENCY),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use bevy_ecs::system::RunSystemOnce;

    /// A world with only what the squeeze reads: the calendar, the scenario, China's
    /// stringency and the squeeze's own state.
    fn squeeze_world() -> World {
        let sets: Vec<String> = [
            "rare_earths.squeeze.enabled=true",
            "rare_earths.squeeze.start_round=1",
            "rare_earths.squeeze.months=2",
            "rare_earths.squeeze.level=0.9",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        let loaded = crate::config::LoadedScenario::load(None, &sets).unwrap();
        let scenario = loaded.for_replicate(0).unwrap();
        let mut w = World::new();
        let us = w.spawn_empty().id();
        let cn = w
            .spawn(RareEarthStringency(Instrument::from(
                &scenario.rare_earths.stringency,
            )))
            .id();
        w.insert_resource(Governments { us, cn });
        w.insert_resource(scenario);
        w.insert_resource(Calendar::default());
        w.insert_resource(SqueezeState::default());
        w.insert_resource(SqueezeMove::default());
        w
    }

    #[test]
    fn the_squeeze_reports_its_start_and_end_as_moves_and_nothing_between() {
        let mut w = squeeze_world();
        let cn = w.resource::<Governments>().cn;
        let mut seen = Vec::new();
        for round in 0..5 {
            w.resource_mut::<Calendar>().round = round;
            // A control move before the squeeze step: the squeeze restores the level it
            // found at its start, not this one.
            if round == 2 {
                w.get_mut::<RareEarthStringency>(cn).unwrap().0.level = 0.5;
            }
            w.run_system_once(scheduled_squeeze).unwrap();
            let level = w.get::<RareEarthStringency>(cn).unwrap().0.level;
            seen.push((level, w.resource::<SqueezeMove>().0));
        }
        let initial = seen[0].0;
        assert_eq!(seen[0].1, None);
        assert_eq!(seen[1], (0.9, Some(Move::Escalate)));
        assert_eq!(seen[2], (0.9, None), "held through the window");
        assert_eq!(seen[3], (initial, Some(Move::DeEscalate)), "restored");
        assert_eq!(seen[4], (initial, None));
    }
}
