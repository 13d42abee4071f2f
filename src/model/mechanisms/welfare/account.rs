//! Welfare accounting (docs/model.md §4.11): each government's monthly welfare in USD bn
//! against the no-conflict reference (the instruments' `reference` levels: January-2025
//! policies) and against the status quo (the instruments' round-0 `initial` levels held: in
//! the baseline, October-2025 policies), accumulated over the horizon.
//!
//! Mechanisms book their monthly gains and losses per side into the
//! [`MonthlyLedger`](crate::model::state::ledger::MonthlyLedger) (which this mechanism
//! resets at the start of each month); politics (§4.10) weighs the same entries into
//! pressure, and this step sums them into
//! [`Welfare`](crate::model::state::ledger::Welfare) and splits them into
//! [`Parts`](super::parts::Parts). The status-quo reference re-prices, in the same month and
//! with the same state, the blocks that are closed-form in the instruments (goods trade,
//! tech controls, leverage), which trade and tech controls book into the
//! [`StatusQuoLedger`](crate::model::state::ledger::StatusQuoLedger); the stateful blocks
//! (farm income, aid, magnet stocks, the soybean bill, export jobs) are not re-simulated and
//! count the same against both references.

use bevy_ecs::prelude::*;

use super::parts::{Parts, WelfareParts};
use crate::config::Scenario;
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::instruments::{Controls, Instrument, Tariff};
use crate::model::state::ledger::{MonthlyLedger, SideLedger, StatusQuoLedger, Welfare};
use crate::model::state::sides::Side;

/// Puts welfare's resources into a world: empty ledgers and zero welfare.
pub fn setup_welfare(world: &mut World) {
    world.insert_resource(MonthlyLedger::default());
    world.insert_resource(StatusQuoLedger::default());
    world.insert_resource(Welfare::default());
    world.insert_resource(WelfareParts::default());
}

/// Calendar step: a new month starts with empty ledgers.
pub fn reset_ledger(mut ledger: ResMut<MonthlyLedger>, mut status_quo: ResMut<StatusQuoLedger>) {
    *ledger = MonthlyLedger::default();
    *status_quo = StatusQuoLedger::default();
}

/// Monthly welfare of one side from its ledger and its leverage (0..1).
pub fn monthly_welfare(l: &SideLedger, leverage_index: f64, leverage_value_usd_bn: f64) -> f64 {
    -l.consumer_cost_usd_bn + l.tariff_revenue_change_usd_bn + l.producer_gain_usd_bn
        - l.export_loss_usd_bn
        - l.magnet_shortage_loss_usd_bn
        - l.non_china_magnet_premium_usd_bn
        - l.tech_export_surplus_loss_usd_bn
        - l.tech_output_loss_usd_bn
        - l.export_jobs_wage_loss_usd_bn
        - l.farm_loss_usd_bn
        - l.farm_aid_cost_usd_bn
        - l.soy_cost_premium_usd_bn
        + leverage_value_usd_bn * leverage_index
}

/// A side's ledger with the re-priced blocks replaced by their status-quo values.
pub fn status_quo_ledger(actual: &SideLedger, sq: &SideLedger) -> SideLedger {
    SideLedger {
        consumer_cost_usd_bn: sq.consumer_cost_usd_bn,
        tariff_revenue_change_usd_bn: sq.tariff_revenue_change_usd_bn,
        export_loss_usd_bn: sq.export_loss_usd_bn,
        producer_gain_usd_bn: sq.producer_gain_usd_bn,
        tech_export_surplus_loss_usd_bn: sq.tech_export_surplus_loss_usd_bn,
        tech_output_loss_usd_bn: sq.tech_output_loss_usd_bn,
        ..*actual
    }
}

/// The average leverage (0..1) over a side's instruments.
fn leverage_of(instruments: &[Instrument]) -> f64 {
    let sum: f64 = instruments.iter().map(Instrument::leverage).sum();
    sum / instruments.len().max(1) as f64
}

/// Welfare step (§4.11): sum the ledger, add the strategic value of leverage, split into
/// parts, accumulate; the same against the status quo.
pub fn account_welfare(
    scenario: Res<Scenario>,
    ledger: Res<MonthlyLedger>,
    status_quo: Res<StatusQuoLedger>,
    governments: Query<(&Side, &Tariff, Controls)>,
    mut welfare: ResMut<Welfare>,
    mut parts: ResMut<WelfareParts>,
) {
    for (side, tariff, (tech, re)) in &governments {
        let now: Vec<Instrument> = [Some(tariff.0), tech.map(|c| c.0), re.map(|c| c.0)]
            .into_iter()
            .flatten()
            .collect();
        // The status-quo levels: each instrument at its round-0 level.
        let sq_levels = match side {
            Side::Us => [
                scenario.us.tariff.initial,
                scenario.tech_controls.stringency.initial,
            ],
            Side::China => [
                scenario.cn.tariff.initial,
                scenario.rare_earths.stringency.initial,
            ],
        };
        let held: Vec<Instrument> = now
            .iter()
            .zip(sq_levels.iter().chain(std::iter::repeat(&sq_levels[1])))
            .map(|(i, &level)| Instrument { level, ..*i })
            .collect();
        let (l, sq, v) = match side {
            Side::Us => (
                &ledger.us,
                &status_quo.us,
                scenario.us.welfare.leverage_value_usd_bn,
            ),
            Side::China => (
                &ledger.cn,
                &status_quo.cn,
                scenario.cn.welfare.leverage_value_usd_bn,
            ),
        };
        let lev = leverage_of(&now);
        let w = monthly_welfare(l, lev, v);
        let p = Parts::of(l, v * lev);
        let p_sq = p.minus(&Parts::of(
            &status_quo_ledger(l, sq),
            v * leverage_of(&held),
        ));
        match side {
            Side::Us => {
                welfare.us_month_usd_bn = w;
                welfare.us_cum_usd_bn += w;
                parts.us = p;
                parts.us_sq = p_sq;
                parts.us_sq_cum_usd_bn += p_sq.total();
            }
            Side::China => {
                welfare.cn_month_usd_bn = w;
                welfare.cn_cum_usd_bn += w;
                parts.cn = p;
                parts.cn_sq = p_sq;
                parts.cn_sq_cum_usd_bn += p_sq.total();
            }
        }
    }
}

/// Per-month metrics of welfare (docs/model.md §4.11).
pub const WELFARE_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "us_welfare_cum_usd_bn",
            "USD bn",
            "US cumulative welfare",
            "US welfare accumulated since round 0, vs the no-conflict reference",
        ),
        read: |w| w.resource::<Welfare>().us_cum_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "cn_welfare_cum_usd_bn",
            "USD bn",
            "China's cumulative welfare",
            "China's welfare accumulated since round 0, vs the no-conflict reference",
        ),
        read: |w| w.resource::<Welfare>().cn_cum_usd_bn,
    },
];

/// Outcomes of welfare (docs/model.md §6).
pub const WELFARE_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "us_welfare_usd_bn",
            "USD bn",
            "US welfare over the horizon",
            "US welfare summed over the horizon vs the no-conflict reference (January-2025 policies)",
        ),
        compute: |v| Some(v.resource::<Welfare>().us_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "cn_welfare_usd_bn",
            "USD bn",
            "China's welfare over the horizon",
            "China's welfare summed over the horizon vs the no-conflict reference (January-2025 policies)",
        ),
        compute: |v| Some(v.resource::<Welfare>().cn_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "us_welfare_vs_status_quo_usd_bn",
            "USD bn",
            "US welfare vs the status quo",
            "US welfare summed over the horizon vs the status quo (round-0 instruments held; trade, tech and leverage re-priced)",
        ),
        compute: |v| Some(v.resource::<WelfareParts>().us_sq_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "cn_welfare_vs_status_quo_usd_bn",
            "USD bn",
            "China's welfare vs the status quo",
            "China's welfare summed over the horizon vs the status quo (round-0 instruments held; trade, tech and leverage re-priced)",
        ),
        compute: |v| Some(v.resource::<WelfareParts>().cn_sq_cum_usd_bn),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn losses_lower_welfare_and_revenue_raises_it() {
        let l = SideLedger {
            consumer_cost_usd_bn: 3.0,
            tariff_revenue_change_usd_bn: 2.0,
            export_loss_usd_bn: 0.5,
            ..Default::default()
        };
        assert!((monthly_welfare(&l, 0.0, 1.0) - (-1.5)).abs() < 1e-12);
        assert!((monthly_welfare(&l, 0.5, 1.0) - (-1.0)).abs() < 1e-12);
        assert_eq!(monthly_welfare(&SideLedger::default(), 0.0, 1.0), 0.0);
    }

    #[test]
    fn firm_losses_lower_welfare_but_lobbying_does_not_count_twice() {
        let l = SideLedger {
            magnet_shortage_loss_usd_bn: 1.0,
            non_china_magnet_premium_usd_bn: 0.5,
            tech_export_surplus_loss_usd_bn: 0.25,
            tech_output_loss_usd_bn: 0.125,
            export_jobs_wage_loss_usd_bn: 0.0625,
            lobbying_loss_usd_bn: 100.0,
            ..Default::default()
        };
        assert!((monthly_welfare(&l, 0.0, 1.0) + 1.9375).abs() < 1e-12);
    }

    #[test]
    fn farm_aid_is_a_transfer_that_costs_only_its_excess_burden() {
        // Farmers lose 2 before aid; aid of 1.5 with an excess burden of 0.25.
        let with_aid = SideLedger {
            farm_loss_usd_bn: 2.0 - 1.5,
            farm_aid_cost_usd_bn: 1.5 * 1.25,
            ..Default::default()
        };
        let without = SideLedger {
            farm_loss_usd_bn: 2.0,
            ..Default::default()
        };
        let w = monthly_welfare(&with_aid, 0.0, 0.0);
        assert!((w - (monthly_welfare(&without, 0.0, 0.0) - 0.25 * 1.5)).abs() < 1e-12);
        let soy = SideLedger {
            soy_cost_premium_usd_bn: 0.4,
            ..Default::default()
        };
        assert!((monthly_welfare(&soy, 0.0, 0.0) + 0.4).abs() < 1e-12);
    }

    /// Against the status quo, only the re-priced blocks differ; the stateful ones cancel.
    #[test]
    fn the_status_quo_reference_re_prices_only_the_closed_form_blocks() {
        let actual = SideLedger {
            consumer_cost_usd_bn: 5.0,
            farm_loss_usd_bn: 2.0,
            tech_export_surplus_loss_usd_bn: 1.0,
            ..Default::default()
        };
        let sq = SideLedger {
            consumer_cost_usd_bn: 3.0,
            tech_export_surplus_loss_usd_bn: 0.5,
            ..Default::default()
        };
        let d = Parts::of(&actual, 0.0).minus(&Parts::of(&status_quo_ledger(&actual, &sq), 0.0));
        assert!((d.buyers + 2.0).abs() < 1e-12 && (d.tech + 0.5).abs() < 1e-12);
        assert_eq!(d.farm, 0.0);
        assert!((d.total() + 2.5).abs() < 1e-12);
    }

    proptest! {
        /// The parts add up to the month's welfare, whatever the ledger.
        #[test]
        fn the_parts_add_up_to_the_total(v in proptest::collection::vec(-50.0f64..50.0, 14), lev in 0.0f64..1.0, value in 0.0f64..3.0) {
            let l = SideLedger {
                consumer_cost_usd_bn: v[0],
                tariff_revenue_change_usd_bn: v[1],
                export_loss_usd_bn: v[2],
                producer_gain_usd_bn: v[3],
                pressure_shock_usd_bn: v[4],
                magnet_shortage_loss_usd_bn: v[5],
                non_china_magnet_premium_usd_bn: v[6],
                tech_export_surplus_loss_usd_bn: v[7],
                tech_output_loss_usd_bn: v[8],
                export_jobs_wage_loss_usd_bn: v[9],
                lobbying_loss_usd_bn: v[10],
                farm_loss_usd_bn: v[11],
                farm_aid_cost_usd_bn: v[12],
                soy_cost_premium_usd_bn: v[13],
            };
            let p = Parts::of(&l, value * lev);
            prop_assert!((p.total() - monthly_welfare(&l, lev, value)).abs() < 1e-9);
            prop_assert!(p.minus(&p).total().abs() < 1e-12);
        }
    }
}
