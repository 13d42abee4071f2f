//! Chinese exporters to the US (docs/model.md §3 "Chinese exporters", the §4.5 goods-trade link).
//!
//! Exporter `i` sells `S_i` a month to the US at the reference tariff `t₀` (the slices add
//! up to the 2024 US imports from China). With the statutory US tariff `t`, pass-through
//! `ρ` and import-demand elasticity `ε` (the `[trade]` keys), a dollar of sales facing a
//! tariff-equivalent `τ` becomes `D(τ) = ((1 + ρτ)/(1 + ρt₀))^(−ε)`. By strategy:
//! - **reroute**: a share `r_i` goes through third countries at the third-country tariff
//!   `t₃`, at a cost `c_i` of the value rerouted; the target share is `r̄_i` (capacity) when
//!   `t − t₃ > c_i`, else 0, and `r_i` closes `reroute_speed` of the gap each month. Each
//!   month a rerouting firm is caught with probability `detection_prob_month` (one uniform
//!   per exporter per month): it pays `detection_penalty` on that month's rerouted sales
//!   and cannot reroute for `detection_ban_months`. Sales: `S_i·((1 − r_i)·D(t) + r_i·D(t₃))`.
//! - **absorb**: it cuts its price so buyers face `t_a = t − a·max(0, t − t₀)`
//!   (`absorb_fraction`); it gives up `x = ρ(t − t_a)/(1 + ρt)` per dollar sold, which
//!   buyers and the US treasury gain. Sales `S_i·D(t_a)`.
//! - **cut jobs**: full pass-through, sales `S_i·D(t)`, employment follows sales at once.
//!
//! Employment (1 = reference) moves toward the sales ratio, `e ← e + v·(sales/S_i − e)`, with
//! `v = 1` for job cutters and `job_adjust_speed` otherwise; export jobs lost =
//! `1 − Σ S_i e_i / Σ S_i`, and displaced workers lose `labour_share ×
//! displaced_wage_loss_share × Σ S_i (1 − e_i)` a month (China's ledger and pressure).
//!
//! The US tariff `t` the exporters face is the collected rate: the statutory tariff with the
//! exempt share of goods (`trade.us_exempt_share`) at the reference (`model::state::markets::
//! collected_rate`). Link to aggregate trade: the price-equivalent US tariff handed to
//! `trade_goods` is the single tariff at which this demand gives the same sales,
//! `1 + ρ·t_eff = (1 + ρt₀)·(M/M₀)^(−1/ε)`, with `M = Σ sales`; `trade_goods` puts it into
//! its nested CES over origins (docs/model.md §4.5). What that single tariff misses is
//! handed over too: the tariff actually collected per dollar sold (`t(1 − x)` on absorbed
//! sales, `t₃` on rerouted ones, penalties), which sets US revenue (both through
//! `model::state::markets::EffectiveTariffs`); after `trade_goods`, the settlement books
//! rerouting costs, absorbed price cuts and penalties as Chinese exporters' losses (in the
//! status-quo ledger as well: they are not re-priced). Exporters start in the steady state of
//! the initial tariff
//! (2025 rerouting and job cuts already in place).

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::config::Scenario;
use crate::foundation::calendar::Calendar;
use crate::foundation::rng::SimRng;
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::respawn::spawn_or_overwrite;
use crate::model::state::firms::{FirmKind, FirmsRng, pick, sizes, uniform};
use crate::model::state::instruments::Tariff;
use crate::model::state::ledger::{MonthlyLedger, StatusQuoLedger};
use crate::model::state::markets::{EffectiveTariffs, collected_rate};
use crate::model::state::sides::Governments;

// ---------------------------------------------------------------- COMPONENTS

/// A Chinese exporter's behaviour towards the US tariff (docs/model.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExporterStrategy {
    /// Ships part of its sales through third countries.
    Reroute,
    /// Cuts its price to absorb part of the tariff rise.
    Absorb,
    /// Passes the tariff on and cuts jobs at once as sales fall.
    CutJobs,
}

/// A Chinese exporter's fixed traits.
#[derive(Component, Debug, Clone, Copy)]
pub struct Exporter {
    /// Behaviour.
    pub strategy: ExporterStrategy,
    /// US sales per month at the reference tariff (USD bn, world prices).
    pub base_sales_usd_bn: f64,
    /// Rerouting cost (fraction of the value rerouted).
    pub reroute_cost: f64,
    /// Largest share of its sales it can reroute.
    pub max_reroute_share: f64,
}

/// A Chinese exporter's state.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct ExporterState {
    /// Share of base sales shipped through third countries (0..1).
    pub rerouted_share: f64,
    /// Employment relative to the reference (1 = reference jobs).
    pub employment: f64,
    /// First round in which it may reroute again after being caught.
    pub banned_until: u32,
}

/// This month's Chinese exporters' sales, strategies and jobs (USD bn per month).
#[derive(Resource, Debug, Clone, Default)]
pub struct ExporterTotals {
    /// Sales at the reference tariff (the 2024 baseline).
    pub base_usd_bn: f64,
    /// Sales reaching US buyers (direct and rerouted, world prices).
    pub sales_usd_bn: f64,
    /// Sales shipped directly from China.
    pub direct_usd_bn: f64,
    /// Sales shipped through third countries.
    pub rerouted_usd_bn: f64,
    /// Tariff the US actually collects on these sales, penalties included.
    pub us_revenue_usd_bn: f64,
    /// Rerouting costs, absorbed price cuts and detection penalties.
    pub strategy_cost_usd_bn: f64,
    /// Wages displaced export workers do not re-earn.
    pub wage_loss_usd_bn: f64,
    /// Share of reference export jobs lost (0..1).
    pub jobs_lost_share: f64,
    /// Rerouting firms caught this month.
    pub caught: u32,
}

/// Puts the exporters' resources into a world: empty totals and statutory tariffs.
pub fn setup_exporters(world: &mut World) {
    world.insert_resource(ExporterTotals::default());
    world.insert_resource(EffectiveTariffs::default());
}

/// Spawns the Chinese exporters from the firm stream `rng` (after the US tech exporters, as
/// `model::world` orders the firm spawns), each in the steady state of the initial tariff.
pub fn spawn_exporters(world: &mut World, s: &Scenario, rng: &mut SimRng) {
    let ex = &s.exporters;
    let n = s.firms.cn_exporters as usize;
    let sales = sizes(
        rng,
        n,
        s.firms.size_spread,
        s.trade.us_imports_from_cn_2024_usd_bn / 12.0,
    );
    let weights = [ex.reroute_share, ex.absorb_share, ex.cut_jobs_share];
    let prices = Prices::new(s, s.us.tariff.initial);
    let bundles: Vec<_> = sales
        .into_iter()
        .map(|base_sales_usd_bn| {
            let strategy = [
                ExporterStrategy::Reroute,
                ExporterStrategy::Absorb,
                ExporterStrategy::CutJobs,
            ][pick(&weights, rng.random())];
            let firm = Exporter {
                strategy,
                base_sales_usd_bn,
                reroute_cost: uniform(rng, ex.reroute_cost_low, ex.reroute_cost_high),
                max_reroute_share: (ex.max_reroute_share * uniform(rng, 0.5, 1.5)).min(1.0),
            };
            let state = steady_state(&firm, &prices);
            (FirmKind::CnExporter, firm, state)
        })
        .collect();
    spawn_or_overwrite::<Exporter, _>(world, bundles);
}

/// The tariff-equivalents and demand factors of one month, shared by all exporters.
#[derive(Debug, Clone, Copy)]
pub struct Prices {
    /// US tariff collected (the statutory tariff with the exempt share at the reference).
    pub t: f64,
    /// Third-country tariff.
    pub third: f64,
    /// Demand factor at the statutory tariff.
    pub d_full: f64,
    /// Demand factor at absorbers' tariff-equivalent.
    pub d_absorb: f64,
    /// Absorbers' price cut per dollar sold.
    pub x_absorb: f64,
    /// Demand factor through third countries.
    pub d_reroute: f64,
}

/// Demand factor `((1 + ρτ)/(1 + ρt₀))^(−ε)` of a dollar of reference sales.
pub fn demand_factor(tau: f64, t0: f64, eps: f64, rho: f64) -> f64 {
    ((1.0 + rho * tau) / (1.0 + rho * t0)).powf(-eps)
}

impl Prices {
    /// The month's prices at statutory tariff `statutory`: exporters face the collected
    /// rate (`trade.us_exempt_share` of the goods pays the reference tariff).
    pub fn new(s: &Scenario, statutory: f64) -> Self {
        let (t0, eps, rho) = (
            s.us.tariff.reference,
            s.trade.us_import_elasticity,
            s.trade.pass_through,
        );
        let t = collected_rate(statutory, t0, s.trade.us_exempt_share);
        let ex = &s.exporters;
        let t_absorb = t - ex.absorb_fraction * (t - t0).max(0.0);
        Prices {
            t,
            third: ex.third_country_tariff,
            d_full: demand_factor(t, t0, eps, rho),
            d_absorb: demand_factor(t_absorb, t0, eps, rho),
            x_absorb: rho * (t - t_absorb) / (1.0 + rho * t),
            d_reroute: demand_factor(ex.third_country_tariff, t0, eps, rho),
        }
    }
}

/// The share of its sales a rerouter wants to ship through third countries: all it can
/// when the tariff saving beats its cost, else none.
pub fn reroute_target(t: f64, third: f64, cost: f64, max_share: f64, banned: bool) -> f64 {
    if !banned && t - third > cost {
        max_share
    } else {
        0.0
    }
}

/// One exporter's month at a given rerouted share (USD bn).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FirmMonth {
    /// Sales shipped directly.
    pub direct: f64,
    /// Sales shipped through third countries.
    pub rerouted: f64,
    /// Tariff collected by the US.
    pub us_revenue: f64,
    /// Rerouting cost plus absorbed price cut.
    pub cost: f64,
}

/// Sales, tariff collected and strategy cost of one exporter this month.
pub fn firm_month(firm: &Exporter, rerouted_share: f64, p: &Prices) -> FirmMonth {
    let s = firm.base_sales_usd_bn;
    match firm.strategy {
        ExporterStrategy::Reroute => {
            let direct = s * (1.0 - rerouted_share) * p.d_full;
            let rerouted = s * rerouted_share * p.d_reroute;
            FirmMonth {
                direct,
                rerouted,
                us_revenue: p.t * direct + p.third * rerouted,
                cost: firm.reroute_cost * rerouted,
            }
        }
        ExporterStrategy::Absorb => {
            let direct = s * p.d_absorb;
            FirmMonth {
                direct,
                rerouted: 0.0,
                us_revenue: p.t * (1.0 - p.x_absorb) * direct,
                cost: p.x_absorb * direct,
            }
        }
        ExporterStrategy::CutJobs => {
            let direct = s * p.d_full;
            FirmMonth {
                direct,
                rerouted: 0.0,
                us_revenue: p.t * direct,
                cost: 0.0,
            }
        }
    }
}

/// Employment after one month of adjustment toward the sales ratio.
pub fn employment_step(employment: f64, sales_ratio: f64, speed: f64) -> f64 {
    employment + speed.clamp(0.0, 1.0) * (sales_ratio - employment)
}

/// An exporter's state after long exposure to the prices `p` (used at spawn).
pub fn steady_state(firm: &Exporter, p: &Prices) -> ExporterState {
    let r = match firm.strategy {
        ExporterStrategy::Reroute => reroute_target(
            p.t,
            p.third,
            firm.reroute_cost,
            firm.max_reroute_share,
            false,
        ),
        _ => 0.0,
    };
    let m = firm_month(firm, r, p);
    let employment = if firm.base_sales_usd_bn > 0.0 {
        (m.direct + m.rerouted) / firm.base_sales_usd_bn
    } else {
        1.0
    };
    ExporterState {
        rerouted_share: r,
        employment,
        banned_until: 0,
    }
}

/// The single tariff at which aggregate import demand gives imports `m` from a baseline
/// `m0` at the reference `t0`; `None` when it is not identified (no baseline, `ε = 0` or
/// `ρ = 0`).
pub fn effective_tariff(m: f64, m0: f64, t0: f64, eps: f64, rho: f64) -> Option<f64> {
    if m0 <= 0.0 || m <= 0.0 || eps <= 1e-12 || rho <= 1e-12 {
        return None;
    }
    let p = (1.0 + rho * t0) * (m / m0).powf(-1.0 / eps);
    Some((p - 1.0) / rho)
}

/// One exporter's month (the per-agent update of [`chinese_exporters`]): its rerouted share,
/// detection with the uniform `u`, sales and jobs, added to the month's totals `t` and the
/// employment-weighted base `employed`.
#[allow(clippy::too_many_arguments)]
#[inline]
pub fn exporter_month(
    firm: &Exporter,
    state: &mut ExporterState,
    u: f64,
    p: &Prices,
    ex: &crate::config::ExportersConfig,
    round: u32,
    t: &mut ExporterTotals,
    employed: &mut f64,
) {
    let mut penalty = 0.0;
    if firm.strategy == ExporterStrategy::Reroute {
        let banned = round < state.banned_until;
        let target = reroute_target(
            p.t,
            p.third,
            firm.reroute_cost,
            firm.max_reroute_share,
            banned,
        );
        state.rerouted_share += ex.reroute_speed * (target - state.rerouted_share);
        if banned {
            state.rerouted_share = 0.0;
        }
    }
    let m = firm_month(firm, state.rerouted_share, p);
    if state.rerouted_share > 0.0 && u < ex.detection_prob_month {
        penalty = ex.detection_penalty * m.rerouted;
        state.rerouted_share = 0.0;
        state.banned_until = round + 1 + ex.detection_ban_months;
        t.caught += 1;
    }
    let base = firm.base_sales_usd_bn;
    let ratio = if base > 0.0 {
        (m.direct + m.rerouted) / base
    } else {
        1.0
    };
    let speed = match firm.strategy {
        ExporterStrategy::CutJobs => 1.0,
        _ => ex.job_adjust_speed,
    };
    state.employment = employment_step(state.employment, ratio, speed);

    t.base_usd_bn += base;
    t.direct_usd_bn += m.direct;
    t.rerouted_usd_bn += m.rerouted;
    t.us_revenue_usd_bn += m.us_revenue + penalty;
    t.strategy_cost_usd_bn += m.cost + penalty;
    *employed += base * state.employment;
}

/// Goods-trade step, before `trade_goods`: exporters pick their rerouted shares, sell,
/// adjust jobs; the effective US tariff and the revenue collected are handed to aggregate
/// trade.
#[allow(clippy::too_many_arguments)]
pub fn chinese_exporters(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    tariffs: Query<&Tariff>,
    mut rng: ResMut<FirmsRng>,
    mut totals: ResMut<ExporterTotals>,
    mut effective: ResMut<EffectiveTariffs>,
    mut firms: Query<(&Exporter, &mut ExporterState)>,
) {
    let Ok(tariff) = tariffs.get(governments.us) else {
        return;
    };
    let ex = &scenario.exporters;
    let p = Prices::new(&scenario, tariff.0.level);
    let round = calendar.round;
    let mut t = ExporterTotals::default();
    let mut employed = 0.0;
    let rng = &mut rng.0;
    for (firm, state) in firms.iter_mut() {
        let u: f64 = rng.random();
        exporter_month(
            firm,
            state.into_inner(),
            u,
            &p,
            ex,
            round,
            &mut t,
            &mut employed,
        );
    }
    t.sales_usd_bn = t.direct_usd_bn + t.rerouted_usd_bn;
    if t.base_usd_bn > 0.0 {
        let lost = (t.base_usd_bn - employed).max(0.0);
        t.jobs_lost_share = lost / t.base_usd_bn;
        t.wage_loss_usd_bn = ex.labour_share * ex.displaced_wage_loss_share * lost;
    }
    effective.us_on_cn = effective_tariff(
        t.sales_usd_bn,
        t.base_usd_bn,
        scenario.us.tariff.reference,
        scenario.trade.us_import_elasticity,
        scenario.trade.pass_through,
    );
    effective.us_revenue_rate = if t.sales_usd_bn > 0.0 {
        t.us_revenue_usd_bn / t.sales_usd_bn
    } else {
        p.t
    };
    *totals = t;
}

/// Goods-trade step, after `trade_goods`: exporters' strategy costs and displaced workers'
/// lost wages go to China's ledger (the tariff they actually paid reaches US revenue through
/// [`EffectiveTariffs`]); the strategy costs go to the status-quo ledger too (not re-priced).
pub fn settle_exporters(
    totals: Res<ExporterTotals>,
    mut ledger: ResMut<MonthlyLedger>,
    mut status_quo: ResMut<StatusQuoLedger>,
) {
    ledger.cn.export_loss_usd_bn += totals.strategy_cost_usd_bn;
    status_quo.cn.export_loss_usd_bn += totals.strategy_cost_usd_bn;
    ledger.cn.export_jobs_wage_loss_usd_bn += totals.wage_loss_usd_bn;
}

/// Per-month metrics of Chinese exporters.
pub const EXPORTER_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "cn_exports_to_us_usd_bn",
            "USD bn/month",
            "Chinese exports shipped directly to the US",
            "Chinese exporters' sales shipped directly to the US this month (world prices); rerouted sales reach the US through third countries",
        ),
        read: |w| w.resource::<ExporterTotals>().direct_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "cn_rerouted_share",
            "fraction 0..1",
            "Share of Chinese sales rerouted",
            "share of Chinese exporters' US sales shipped through third countries this month",
        ),
        read: |w| {
            let t = w.resource::<ExporterTotals>();
            if t.sales_usd_bn > 0.0 {
                t.rerouted_usd_bn / t.sales_usd_bn
            } else {
                0.0
            }
        },
    },
];

/// Outcomes of Chinese exporters (docs/model.md §6).
pub const EXPORTER_RUN_METRICS: &[RunMetric] = &[RunMetric {
    meta: meta(
        "cn_export_jobs_lost_share",
        "fraction 0..1",
        "Chinese export jobs lost, final month",
        "share of reference jobs in Chinese exporters to the US lost by the last round",
    ),
    compute: |v| Some(v.resource::<ExporterTotals>().jobs_lost_share),
}];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scenario() -> Scenario {
        crate::config::LoadedScenario::load(None, &[])
            .unwrap()
            .typical
    }

    fn rerouter(cost: f64) -> Exporter {
        Exporter {
            strategy: ExporterStrategy::Reroute,
            base_sales_usd_bn: 1.0,
            reroute_cost: cost,
            max_reroute_share: 0.3,
        }
    }

    /// Aggregate rerouted share of a fleet of rerouters after `months` at tariff `t`.
    fn fleet_rerouted_share(s: &Scenario, t: f64, months: usize) -> f64 {
        let p = Prices::new(s, t);
        let firms: Vec<Exporter> = (0..50)
            .map(|i| rerouter(0.05 + 0.35 * f64::from(i) / 50.0))
            .collect();
        let mut r = vec![0.0; firms.len()];
        for _ in 0..months {
            for (f, ri) in firms.iter().zip(r.iter_mut()) {
                let target = reroute_target(t, p.third, f.reroute_cost, f.max_reroute_share, false);
                *ri += s.exporters.reroute_speed * (target - *ri);
            }
        }
        let (mut rr, mut all) = (0.0, 0.0);
        for (f, ri) in firms.iter().zip(&r) {
            let m = firm_month(f, *ri, &p);
            rr += m.rerouted;
            all += m.direct + m.rerouted;
        }
        rr / all
    }

    #[test]
    fn higher_us_tariffs_raise_rerouting() {
        let s = scenario();
        let low = fleet_rerouted_share(&s, 0.30, 12);
        let mid = fleet_rerouted_share(&s, 0.55, 12);
        let high = fleet_rerouted_share(&s, 1.55, 12);
        assert!(low < mid && mid < high, "{low} {mid} {high}");
        assert_eq!(
            fleet_rerouted_share(&s, 0.20, 12),
            0.0,
            "no saving, no rerouting"
        );
    }

    #[test]
    fn effective_tariff_reproduces_aggregate_imports() {
        let s = scenario();
        let (t0, eps) = (s.us.tariff.reference, 2.5);
        let m0 = 439.0 / 12.0;
        let m = m0 * demand_factor(0.55, t0, eps, 1.0);
        let t = effective_tariff(m, m0, t0, eps, 1.0).unwrap();
        assert!((t - 0.55).abs() < 1e-9);
        assert_eq!(effective_tariff(m, m0, t0, 0.0, 1.0), None);
    }

    #[test]
    fn absorbers_sell_more_and_pay_the_difference() {
        let s = scenario();
        let p = Prices::new(&s, 0.55);
        let absorb = Exporter {
            strategy: ExporterStrategy::Absorb,
            ..rerouter(0.1)
        };
        let cut = Exporter {
            strategy: ExporterStrategy::CutJobs,
            ..rerouter(0.1)
        };
        let a = firm_month(&absorb, 0.0, &p);
        let c = firm_month(&cut, 0.0, &p);
        assert!(a.direct > c.direct);
        assert!(a.cost > 0.0 && c.cost == 0.0);
        // Exporters face the collected rate, below the statutory 55%.
        let t = collected_rate(0.55, s.us.tariff.reference, s.trade.us_exempt_share);
        assert!((p.t - t).abs() < 1e-12 && t < 0.55);
        // The price cut goes to buyers and the treasury: (1 − x)(1 + t) = 1 + t_a.
        let t_a = t - s.exporters.absorb_fraction * (t - s.us.tariff.reference);
        assert!(((1.0 - p.x_absorb) * (1.0 + t) - (1.0 + t_a)).abs() < 1e-12);
    }

    proptest! {
        /// Higher US tariffs raise every rerouter's target share, never lower it.
        #[test]
        fn reroute_target_rises_with_the_tariff(
            t in 0.0f64..2.0, dt in 0.0f64..1.0, cost in 0.0f64..0.5, max in 0.0f64..0.6,
        ) {
            let a = reroute_target(t, 0.2, cost, max, false);
            let b = reroute_target(t + dt, 0.2, cost, max, false);
            prop_assert!(b >= a);
            prop_assert_eq!(reroute_target(t + dt, 0.2, cost, max, true), 0.0);
        }

        /// Employment moves toward sales and stays between them.
        #[test]
        fn employment_follows_sales(e in 0.0f64..1.5, r in 0.0f64..1.5, v in 0.0f64..1.0) {
            let next = employment_step(e, r, v);
            prop_assert!(next >= e.min(r) - 1e-12 && next <= e.max(r) + 1e-12);
        }
    }
}
