//! The goods-trade step (docs/model.md §4.5): each side's buyers face the collected tariff
//! on the partner's goods (statutory less the exempt share's increases) and spread their
//! budget over the partner, the rest of the world and domestic goods by the nested CES of
//! [`super::ces`]; tariff revenue, buyers' cost, exporters' loss and import-competing
//! producers' gain go to the ledger, against the no-conflict reference. The same block is
//! evaluated at the status-quo tariffs (round-0 levels) into the
//! [`StatusQuoLedger`](crate::model::state::ledger::StatusQuoLedger).
//!
//! Chinese exporters' rerouting and absorbed price cuts enter through
//! [`EffectiveTariffs`](crate::model::state::markets::EffectiveTariffs): the price-equivalent
//! tariff sets what US buyers buy from China, and the tariff the exporters actually paid per
//! dollar sets the revenue. Rerouted Chinese goods count as imports from China.

use bevy_ecs::prelude::*;

use super::ces::{Basket, Demand};
use crate::config::{Scenario, TradeConfig};
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::instruments::Tariff;
use crate::model::state::ledger::{MonthlyLedger, SideLedger, StatusQuoLedger};
use crate::model::state::markets::{EffectiveTariffs, collected_rate};
use crate::model::state::sides::Governments;

/// This month's goods flows and what the tariffs cost (USD bn per month), and their sums
/// over the horizon. Owner: trade; read by the recorder.
#[derive(Resource, Debug, Clone, Default)]
pub struct GoodsTrade {
    /// US imports from China this month (USD bn, world prices; rerouted goods included).
    pub us_imports_from_cn_usd_bn: f64,
    /// China's imports from the US this month (USD bn, world prices).
    pub cn_imports_from_us_usd_bn: f64,
    /// US imports of the same goods from the rest of the world (USD bn, world prices).
    pub us_imports_from_row_usd_bn: f64,
    /// China's imports of the same goods from the rest of the world (USD bn, world prices).
    pub cn_imports_from_row_usd_bn: f64,
    /// US tariff revenue on Chinese goods this month (USD bn).
    pub us_tariff_revenue_usd_bn: f64,
    /// China's tariff revenue on US goods this month (USD bn).
    pub cn_tariff_revenue_usd_bn: f64,
    /// US buyers' cost of the tariffs against the reference this month (USD bn).
    pub us_consumer_cost_usd_bn: f64,
    /// Chinese buyers' cost this month (USD bn).
    pub cn_consumer_cost_usd_bn: f64,
    /// US tariff collected on Chinese goods (fraction; exemptions applied).
    pub us_tariff_collected: f64,
    /// China's tariff collected on US goods (fraction; exemptions applied).
    pub cn_tariff_collected: f64,
    /// Sum over the horizon of monthly bilateral trade (both directions, USD bn).
    pub bilateral_cum_usd_bn: f64,
    /// Sum over the horizon of US imports from the rest of the world (USD bn).
    pub us_row_cum_usd_bn: f64,
    /// Sum over the horizon of China's imports from the rest of the world (USD bn).
    pub cn_row_cum_usd_bn: f64,
    /// Sum over the horizon of US imports from China lost against the reference (USD bn).
    pub us_cn_lost_cum_usd_bn: f64,
    /// Sum over the horizon of US imports from the rest of the world gained against the
    /// reference (USD bn).
    pub us_row_gained_cum_usd_bn: f64,
    /// Months accumulated in the sums.
    pub months: u32,
}

/// US buyers' basket of the goods China sells them, at the reference tariff `t0`.
pub fn us_basket(cfg: &TradeConfig, t0: f64) -> Basket {
    let m0 = cfg.us_imports_from_cn_2024_usd_bn / 12.0;
    Basket {
        partner0_usd_bn: m0,
        row0_usd_bn: cfg.us_row_per_cn * m0,
        partner_tariff0: t0,
        row_tariff: cfg.us_row_tariff,
        domestic_share: cfg.us_domestic_share,
        sigma: cfg.us_import_elasticity,
        kappa: cfg.us_domestic_elasticity,
        pass_through: cfg.pass_through,
        surplus_share: cfg.exporter_surplus_share,
    }
}

/// Chinese buyers' basket of the goods the US sells them, at the reference tariff `t0`.
pub fn cn_basket(cfg: &TradeConfig, t0: f64) -> Basket {
    let m0 = cfg.cn_imports_from_us_2024_usd_bn / 12.0;
    Basket {
        partner0_usd_bn: m0,
        row0_usd_bn: cfg.cn_row_per_us * m0,
        partner_tariff0: t0,
        row_tariff: cfg.cn_row_tariff,
        domestic_share: cfg.cn_domestic_share,
        sigma: cfg.cn_import_elasticity,
        kappa: cfg.cn_domestic_elasticity,
        pass_through: cfg.pass_through,
        surplus_share: cfg.exporter_surplus_share,
    }
}

/// Books one month of both directions into a side pair of ledgers: the importer's buyers'
/// cost, revenue change and producers' gain; the exporter's loss.
fn book(us: &mut SideLedger, cn: &mut SideLedger, us_d: &Demand, cn_d: &Demand) {
    us.consumer_cost_usd_bn += us_d.buyers_cost_usd_bn;
    us.tariff_revenue_change_usd_bn += us_d.revenue_change_usd_bn;
    us.producer_gain_usd_bn += us_d.producer_gain_usd_bn;
    us.export_loss_usd_bn += cn_d.exporter_loss_usd_bn;
    cn.consumer_cost_usd_bn += cn_d.buyers_cost_usd_bn;
    cn.tariff_revenue_change_usd_bn += cn_d.revenue_change_usd_bn;
    cn.producer_gain_usd_bn += cn_d.producer_gain_usd_bn;
    cn.export_loss_usd_bn += us_d.exporter_loss_usd_bn;
}

/// The US price-equivalent tariff and revenue per dollar at statutory `t`: the collected
/// rate, shifted by what the exporters' strategies did to it this month.
fn us_terms(effective: &EffectiveTariffs, collected: f64, collected_now: f64) -> (f64, f64) {
    match effective.us_on_cn {
        Some(tau) => (
            tau + collected - collected_now,
            effective.us_revenue_rate + collected - collected_now,
        ),
        None => (collected, collected),
    }
}

/// Puts goods trade's resources into a world: no trade yet.
pub fn setup_trade(world: &mut World) {
    world.insert_resource(GoodsTrade::default());
}

/// Goods-trade step (§4.5): imports by origin, revenue, buyers' cost and producers' surplus
/// both ways at the month's tariffs (to the ledger) and at the status-quo tariffs (to the
/// status-quo ledger).
pub fn trade_goods(
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    effective: Res<EffectiveTariffs>,
    tariffs: Query<&Tariff>,
    mut trade: ResMut<GoodsTrade>,
    mut ledger: ResMut<MonthlyLedger>,
    mut status_quo: ResMut<StatusQuoLedger>,
) {
    let (Ok(us_t), Ok(cn_t)) = (tariffs.get(governments.us), tariffs.get(governments.cn)) else {
        return;
    };
    let cfg = &scenario.trade;
    let (us_t, cn_t) = (us_t.0, cn_t.0);
    let us_b = us_basket(cfg, us_t.reference);
    let cn_b = cn_basket(cfg, cn_t.reference);
    let us_c = collected_rate(us_t.level, us_t.reference, cfg.us_exempt_share);
    let cn_c = collected_rate(cn_t.level, cn_t.reference, cfg.cn_exempt_share);
    let (us_tau, us_rate) = us_terms(&effective, us_c, us_c);
    let us = us_b.demand(us_tau, us_rate);
    let cn = cn_b.demand(cn_c, cn_c);
    let MonthlyLedger { us: l_us, cn: l_cn } = &mut *ledger;
    book(l_us, l_cn, &us, &cn);

    let sq = &scenario;
    let us_sq_c = collected_rate(sq.us.tariff.initial, us_t.reference, cfg.us_exempt_share);
    let cn_sq_c = collected_rate(sq.cn.tariff.initial, cn_t.reference, cfg.cn_exempt_share);
    let (us_sq_tau, us_sq_rate) = us_terms(&effective, us_sq_c, us_c);
    let us_sq = us_b.demand(us_sq_tau, us_sq_rate);
    let cn_sq = cn_b.demand(cn_sq_c, cn_sq_c);
    let StatusQuoLedger {
        us: sq_us,
        cn: sq_cn,
    } = &mut *status_quo;
    book(sq_us, sq_cn, &us_sq, &cn_sq);

    trade.us_imports_from_cn_usd_bn = us.partner_usd_bn;
    trade.cn_imports_from_us_usd_bn = cn.partner_usd_bn;
    trade.us_imports_from_row_usd_bn = us.row_usd_bn;
    trade.cn_imports_from_row_usd_bn = cn.row_usd_bn;
    trade.us_tariff_revenue_usd_bn = us_rate * us.partner_usd_bn;
    trade.cn_tariff_revenue_usd_bn = cn_c * cn.partner_usd_bn;
    trade.us_consumer_cost_usd_bn = us.buyers_cost_usd_bn;
    trade.cn_consumer_cost_usd_bn = cn.buyers_cost_usd_bn;
    trade.us_tariff_collected = us_c;
    trade.cn_tariff_collected = cn_c;
    trade.bilateral_cum_usd_bn += us.partner_usd_bn + cn.partner_usd_bn;
    trade.us_row_cum_usd_bn += us.row_usd_bn;
    trade.cn_row_cum_usd_bn += cn.row_usd_bn;
    trade.us_cn_lost_cum_usd_bn += us_b.partner0_usd_bn - us.partner_usd_bn;
    trade.us_row_gained_cum_usd_bn += us.row_usd_bn - us_b.row0_usd_bn;
    trade.months += 1;
}

/// The 2024 average monthly bilateral trade (USD bn), the base of `bilateral_trade_change_pct`.
pub fn baseline_monthly_bilateral_usd_bn(cfg: &TradeConfig) -> f64 {
    (cfg.us_imports_from_cn_2024_usd_bn + cfg.cn_imports_from_us_2024_usd_bn) / 12.0
}

/// Per-month metrics of goods trade (docs/model.md §4.5).
pub const TRADE_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "us_imports_from_cn_usd_bn",
            "USD bn/month",
            "US imports from China",
            "US goods imports from China this month, at world prices (rerouted goods included)",
        ),
        read: |w| w.resource::<GoodsTrade>().us_imports_from_cn_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "cn_imports_from_us_usd_bn",
            "USD bn/month",
            "China's imports from the US",
            "China's goods imports from the US this month, at world prices",
        ),
        read: |w| w.resource::<GoodsTrade>().cn_imports_from_us_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_consumer_cost_usd_bn",
            "USD bn/month",
            "US buyers' tariff cost",
            "US buyers' cost of the tariffs on Chinese goods this month vs the reference (nested-CES price index)",
        ),
        read: |w| w.resource::<GoodsTrade>().us_consumer_cost_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_tariff_revenue_usd_bn",
            "USD bn/month",
            "US tariff revenue on Chinese goods",
            "US tariff revenue collected on Chinese goods this month",
        ),
        read: |w| w.resource::<GoodsTrade>().us_tariff_revenue_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "us_tariff_collected",
            "fraction 0..1",
            "US tariff collected on Chinese goods",
            "average US tariff buyers pay on Chinese goods, exempt goods at the reference rate, end of month",
        ),
        read: |w| w.resource::<GoodsTrade>().us_tariff_collected,
    },
    RoundMetric {
        meta: meta(
            "cn_tariff_collected",
            "fraction 0..1",
            "China's tariff collected on US goods",
            "average Chinese tariff buyers pay on US goods, exempt goods at the reference rate, end of month",
        ),
        read: |w| w.resource::<GoodsTrade>().cn_tariff_collected,
    },
    RoundMetric {
        meta: meta(
            "us_imports_from_row_usd_bn",
            "USD bn/month",
            "US imports from the rest of the world",
            "US imports from other countries of the goods China sells to the US, this month, world prices",
        ),
        read: |w| w.resource::<GoodsTrade>().us_imports_from_row_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "cn_imports_from_row_usd_bn",
            "USD bn/month",
            "China's imports from the rest of the world",
            "China's imports from other countries of the goods the US sells to China, this month, world prices",
        ),
        read: |w| w.resource::<GoodsTrade>().cn_imports_from_row_usd_bn,
    },
];

/// Outcomes of goods trade (docs/model.md §6).
pub const TRADE_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "bilateral_trade_change_pct",
            "percent",
            "Bilateral goods trade vs 2024",
            "average monthly bilateral goods trade over the horizon vs the 2024 monthly average",
        ),
        compute: |v| {
            let t = v.resource::<GoodsTrade>();
            let base = baseline_monthly_bilateral_usd_bn(&v.resource::<Scenario>().trade);
            (t.months > 0 && base > 0.0)
                .then(|| 100.0 * (t.bilateral_cum_usd_bn / f64::from(t.months) / base - 1.0))
        },
    },
    RunMetric {
        meta: meta(
            "us_imports_from_row_usd_bn",
            "USD bn",
            "US imports from the rest of the world",
            "US imports from other countries of the goods China sells to the US, summed over the horizon",
        ),
        compute: |v| Some(v.resource::<GoodsTrade>().us_row_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "cn_imports_from_row_usd_bn",
            "USD bn",
            "China's imports from the rest of the world",
            "China's imports from other countries of the goods the US sells to China, summed over the horizon",
        ),
        compute: |v| Some(v.resource::<GoodsTrade>().cn_row_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "us_import_diverted_share",
            "fraction 0..1",
            "Share of lost US imports from China diverted",
            "US imports from other countries gained over US imports from China lost, vs the no-conflict reference, over the horizon (missing when none were lost)",
        ),
        compute: |v| {
            let t = v.resource::<GoodsTrade>();
            (t.us_cn_lost_cum_usd_bn > 1e-9)
                .then(|| t.us_row_gained_cum_usd_bn / t.us_cn_lost_cum_usd_bn)
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::state::instruments::Instrument;
    use bevy_ecs::system::RunSystemOnce;

    fn month(scenario: &Scenario, us_level: f64, effective: EffectiveTariffs) -> World {
        let mut w = World::new();
        let mut us_i = Instrument::from(&scenario.us.tariff);
        us_i.level = us_level;
        let us = w.spawn(Tariff(us_i)).id();
        let cn = w.spawn(Tariff(Instrument::from(&scenario.cn.tariff))).id();
        w.insert_resource(Governments { us, cn });
        w.insert_resource(scenario.clone());
        w.insert_resource(effective);
        w.insert_resource(MonthlyLedger::default());
        w.insert_resource(StatusQuoLedger::default());
        setup_trade(&mut w);
        w.run_system_once(trade_goods).unwrap();
        w
    }

    fn scenario() -> Scenario {
        crate::config::LoadedScenario::load(None, &[])
            .unwrap()
            .typical
    }

    /// What the exporters paid per dollar sets US revenue.
    #[test]
    fn collected_revenue_sets_us_revenue() {
        let s = scenario();
        let c = collected_rate(
            s.us.tariff.initial,
            s.us.tariff.reference,
            s.trade.us_exempt_share,
        );
        let w = month(
            &s,
            s.us.tariff.initial,
            EffectiveTariffs {
                us_on_cn: Some(c),
                us_revenue_rate: c - 0.05,
            },
        );
        let t = w.resource::<GoodsTrade>();
        assert!(
            (t.us_tariff_revenue_usd_bn - (c - 0.05) * t.us_imports_from_cn_usd_bn).abs() < 1e-12
        );
        assert!((t.us_tariff_collected - c).abs() < 1e-12);
        assert!(
            t.us_tariff_collected < s.us.tariff.initial,
            "exemptions lower the collected rate"
        );
    }

    /// At the status-quo tariffs the status-quo ledger equals the ledger; at other tariffs
    /// it does not.
    #[test]
    fn the_status_quo_block_is_the_same_block_at_round_0_tariffs() {
        let s = scenario();
        let w = month(&s, s.us.tariff.initial, EffectiveTariffs::default());
        assert_eq!(
            w.resource::<MonthlyLedger>().us,
            w.resource::<StatusQuoLedger>().us
        );
        let w = month(&s, s.us.tariff.initial + 0.5, EffectiveTariffs::default());
        let (l, q) = (
            w.resource::<MonthlyLedger>().us,
            w.resource::<StatusQuoLedger>().us,
        );
        assert!(l.consumer_cost_usd_bn > q.consumer_cost_usd_bn);
    }

    /// A higher US tariff diverts US imports to the rest of the world.
    #[test]
    fn a_higher_us_tariff_diverts_imports() {
        let s = scenario();
        let a = month(&s, 0.55, EffectiveTariffs::default());
        let b = month(&s, 1.55, EffectiveTariffs::default());
        let (a, b) = (a.resource::<GoodsTrade>(), b.resource::<GoodsTrade>());
        assert!(b.us_imports_from_cn_usd_bn < a.us_imports_from_cn_usd_bn);
        assert!(b.us_imports_from_row_usd_bn > a.us_imports_from_row_usd_bn);
        assert!(
            b.us_row_gained_cum_usd_bn > 0.0
                && b.us_cn_lost_cum_usd_bn > b.us_row_gained_cum_usd_bn
        );
    }
}
