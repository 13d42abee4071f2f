//! Bilateral goods trade (docs/model.md §4.5): each side's imports answer its own tariff through a
//! constant-elasticity import demand, from 2024 baselines; tariff revenue; buyers' cost.
//!
//! With pass-through ρ, buyers pay `p = 1 + ρ·t` per dollar of goods at world prices, and
//! import volumes (USD at world prices) are `M = M₀·(p/p₀)^(−ε)` with `p₀ = 1 + ρ·t₀` at the
//! no-conflict reference tariff `t₀`. Against that reference:
//! - buyers' cost = the loss of buyers' surplus, `∫_{p₀}^{p} M(q) dq`;
//! - tariff revenue change = `t·M − t₀·M₀`;
//! - their difference is the deadweight loss (never negative);
//! - exporters on the other side lose `s·(M₀ − M)` (the share `s` of lost sales that was
//!   surplus) plus the tariff they absorb, `(1 − ρ)·(t·M − t₀·M₀)`.
//!
//! Simplification: one aggregate good per direction, no terms-of-trade gain, no third-country
//! diversion; rerouting by Chinese exporters enters through
//! [`EffectiveTariffs`](crate::model::state::EffectiveTariffs): the effective US tariff
//! sets the imports, and the revenue the exporters actually paid replaces the aggregate
//! estimate.

use bevy_ecs::prelude::*;

use crate::config::{Scenario, TradeConfig};
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::instruments::Tariff;
use crate::model::state::ledger::MonthlyLedger;
use crate::model::state::markets::EffectiveTariffs;
use crate::model::state::sides::Governments;

/// This month's bilateral goods flows and what the tariffs cost (USD bn per month). Owner:
/// trade; read by the recorder.
#[derive(Resource, Debug, Clone, Default)]
pub struct GoodsTrade {
    /// US imports from China this month (USD bn, world prices).
    pub us_imports_from_cn_usd_bn: f64,
    /// China's imports from the US this month (USD bn, world prices).
    pub cn_imports_from_us_usd_bn: f64,
    /// US tariff revenue this month (USD bn).
    pub us_tariff_revenue_usd_bn: f64,
    /// China's tariff revenue this month (USD bn).
    pub cn_tariff_revenue_usd_bn: f64,
    /// US buyers' cost of the tariff against the reference this month (USD bn).
    pub us_consumer_cost_usd_bn: f64,
    /// Chinese buyers' cost this month (USD bn).
    pub cn_consumer_cost_usd_bn: f64,
    /// Sum over the horizon of monthly bilateral trade (both directions, USD bn).
    pub bilateral_cum_usd_bn: f64,
    /// Months accumulated in `bilateral_cum_usd_bn`.
    pub months: u32,
}

/// One direction's import response and its welfare pieces (all USD bn per month).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImportResponse {
    /// Imports at world prices.
    pub imports_usd_bn: f64,
    /// Tariff revenue `t·M`.
    pub revenue_usd_bn: f64,
    /// Revenue change against the reference, `t·M − t₀·M₀`.
    pub revenue_change_usd_bn: f64,
    /// Buyers' surplus loss against the reference.
    pub consumer_cost_usd_bn: f64,
    /// Exporters' loss against the reference.
    pub exporter_loss_usd_bn: f64,
}

/// Imports and welfare pieces at tariff `t` for a baseline `m0` (USD bn/month) observed at
/// the reference tariff `t0`.
pub fn import_response(
    m0: f64,
    t: f64,
    t0: f64,
    eps: f64,
    pass_through: f64,
    surplus_share: f64,
) -> ImportResponse {
    let p0 = 1.0 + pass_through * t0;
    let p = 1.0 + pass_through * t;
    let ratio = p / p0;
    let m = m0 * ratio.powf(-eps);
    // ∫_{p0}^{p} m0 (q/p0)^(-ε) dq
    let consumer_cost = if (eps - 1.0).abs() < 1e-9 {
        m0 * p0 * ratio.ln()
    } else {
        m0 * p0 * (ratio.powf(1.0 - eps) - 1.0) / (1.0 - eps)
    };
    let revenue = t * m;
    let revenue_change = revenue - t0 * m0;
    let exporter_loss = surplus_share * (m0 - m) + (1.0 - pass_through) * revenue_change;
    ImportResponse {
        imports_usd_bn: m,
        revenue_usd_bn: revenue,
        revenue_change_usd_bn: revenue_change,
        consumer_cost_usd_bn: consumer_cost,
        exporter_loss_usd_bn: exporter_loss,
    }
}

fn us_side(cfg: &TradeConfig, t: f64, t0: f64) -> ImportResponse {
    import_response(
        cfg.us_imports_from_cn_2024_usd_bn / 12.0,
        t,
        t0,
        cfg.us_import_elasticity,
        cfg.pass_through,
        cfg.exporter_surplus_share,
    )
}

fn cn_side(cfg: &TradeConfig, t: f64, t0: f64) -> ImportResponse {
    import_response(
        cfg.cn_imports_from_us_2024_usd_bn / 12.0,
        t,
        t0,
        cfg.cn_import_elasticity,
        cfg.pass_through,
        cfg.exporter_surplus_share,
    )
}

/// Puts goods trade's resources into a world: no trade yet, statutory tariffs.
pub fn setup_trade(world: &mut World) {
    world.insert_resource(GoodsTrade::default());
}

/// Goods-trade step (§4.5): imports, revenue and buyers' cost both ways, booked to the
/// ledger. When the exporters set an effective US tariff, the US revenue is what they
/// actually paid (the correction to the aggregate estimate is booked as revenue too).
pub fn trade_goods(
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    effective: Res<EffectiveTariffs>,
    tariffs: Query<&Tariff>,
    mut trade: ResMut<GoodsTrade>,
    mut ledger: ResMut<MonthlyLedger>,
) {
    let Ok(us_t) = tariffs.get(governments.us) else {
        return;
    };
    let Ok(cn_t) = tariffs.get(governments.cn) else {
        return;
    };
    let us = us_side(
        &scenario.trade,
        effective.us_on_cn.unwrap_or(us_t.0.level),
        us_t.0.reference,
    );
    let cn = cn_side(
        &scenario.trade,
        effective.cn_on_us.unwrap_or(cn_t.0.level),
        cn_t.0.reference,
    );
    trade.us_imports_from_cn_usd_bn = us.imports_usd_bn;
    trade.cn_imports_from_us_usd_bn = cn.imports_usd_bn;
    trade.us_tariff_revenue_usd_bn = us.revenue_usd_bn;
    trade.cn_tariff_revenue_usd_bn = cn.revenue_usd_bn;
    trade.us_consumer_cost_usd_bn = us.consumer_cost_usd_bn;
    trade.cn_consumer_cost_usd_bn = cn.consumer_cost_usd_bn;
    trade.bilateral_cum_usd_bn += us.imports_usd_bn + cn.imports_usd_bn;
    trade.months += 1;

    ledger.us.consumer_cost_usd_bn += us.consumer_cost_usd_bn;
    ledger.us.tariff_revenue_change_usd_bn += us.revenue_change_usd_bn;
    ledger.us.export_loss_usd_bn += cn.exporter_loss_usd_bn;
    ledger.cn.consumer_cost_usd_bn += cn.consumer_cost_usd_bn;
    ledger.cn.tariff_revenue_change_usd_bn += cn.revenue_change_usd_bn;
    ledger.cn.export_loss_usd_bn += us.exporter_loss_usd_bn;
    if effective.us_on_cn.is_some() {
        let collected = effective.us_revenue_collected_usd_bn;
        let correction = collected - trade.us_tariff_revenue_usd_bn;
        trade.us_tariff_revenue_usd_bn = collected;
        ledger.us.tariff_revenue_change_usd_bn += correction;
    }
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
            "US goods imports from China this month, at world prices",
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
            "US buyers' surplus lost to the US tariff this month vs the reference",
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
];

/// Outcomes of goods trade (docs/model.md §6).
pub const TRADE_RUN_METRICS: &[RunMetric] = &[RunMetric {
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
}];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::state::instruments::Instrument;
    use bevy_ecs::system::RunSystemOnce;
    use proptest::prelude::*;

    /// When the exporters hand over an effective tariff, US revenue is what they paid, and
    /// the ledger's revenue change moves with it.
    #[test]
    fn collected_revenue_replaces_the_aggregate_estimate() {
        let loaded = crate::config::LoadedScenario::load(None, &[]).unwrap();
        let scenario = loaded.for_replicate(0).unwrap();
        let run = |effective: EffectiveTariffs| {
            let mut w = World::new();
            let us = w.spawn(Tariff(Instrument::from(&scenario.us.tariff))).id();
            let cn = w.spawn(Tariff(Instrument::from(&scenario.cn.tariff))).id();
            w.insert_resource(Governments { us, cn });
            w.insert_resource(scenario.clone());
            w.insert_resource(effective);
            w.insert_resource(MonthlyLedger::default());
            setup_trade(&mut w);
            w.run_system_once(trade_goods).unwrap();
            (
                w.resource::<GoodsTrade>().us_tariff_revenue_usd_bn,
                w.resource::<MonthlyLedger>()
                    .us
                    .tariff_revenue_change_usd_bn,
            )
        };
        let (estimate, change) = run(EffectiveTariffs::default());
        let (collected, change_collected) = run(EffectiveTariffs {
            us_on_cn: Some(scenario.us.tariff.initial),
            us_revenue_collected_usd_bn: estimate - 1.0,
            ..EffectiveTariffs::default()
        });
        assert!((collected - (estimate - 1.0)).abs() < 1e-12);
        assert!((change_collected - (change - 1.0)).abs() < 1e-9);
    }

    #[test]
    fn a_higher_tariff_lowers_imports_by_the_elasticity() {
        let m0 = 439.0 / 12.0;
        let a = import_response(m0, 0.55, 0.208, 2.5, 1.0, 0.25);
        let b = import_response(m0, 0.65, 0.208, 2.5, 1.0, 0.25);
        assert!(b.imports_usd_bn < a.imports_usd_bn);
        let implied = -(b.imports_usd_bn / a.imports_usd_bn).ln() / (1.65f64 / 1.55).ln();
        assert!((implied - 2.5).abs() < 1e-9, "elasticity {implied}");
        // At the reference tariff nothing changes.
        let r = import_response(m0, 0.208, 0.208, 2.5, 1.0, 0.25);
        assert!((r.imports_usd_bn - m0).abs() < 1e-12);
        assert!(r.consumer_cost_usd_bn.abs() < 1e-12 && r.revenue_change_usd_bn.abs() < 1e-12);
        // 55% vs 20.8% with ε = 2.5 cuts imports by about 46%.
        assert!((a.imports_usd_bn / m0 - (1.55f64 / 1.208).powf(-2.5)).abs() < 1e-12);
    }

    #[test]
    fn revenue_and_consumer_cost_add_up_to_a_deadweight_loss() {
        let m0 = 12.0;
        let r = import_response(m0, 0.9, 0.2, 2.5, 1.0, 0.25);
        let dwl = r.consumer_cost_usd_bn - r.revenue_change_usd_bn;
        assert!(dwl > 0.0, "buyers lose more than the treasury gains");
        // The triangle lies between the rectangle bounds: (p-p0)·M ≤ cost ≤ (p-p0)·M0.
        let dp = 0.7;
        assert!(r.consumer_cost_usd_bn >= dp * r.imports_usd_bn);
        assert!(r.consumer_cost_usd_bn <= dp * m0);
    }

    proptest! {
        #[test]
        fn imports_fall_monotonically_and_stay_positive(t in 0.2f64..3.0, dt in 0.001f64..1.0, eps in 0.1f64..6.0) {
            let a = import_response(10.0, t, 0.2, eps, 1.0, 0.25);
            let b = import_response(10.0, t + dt, 0.2, eps, 1.0, 0.25);
            prop_assert!(b.imports_usd_bn < a.imports_usd_bn);
            prop_assert!(b.imports_usd_bn > 0.0);
            // Above the reference, buyers lose more than the treasury gains (a deadweight loss).
            prop_assert!(b.consumer_cost_usd_bn >= b.revenue_change_usd_bn - 1e-9);
        }
    }
}
