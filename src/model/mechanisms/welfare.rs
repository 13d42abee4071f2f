//! Welfare (docs/model.md §4.11): each government's monthly welfare in USD bn against the
//! no-conflict reference, accumulated over the horizon.
//!
//! Mechanisms book their monthly gains and losses per side into the
//! [`MonthlyLedger`](crate::model::state::MonthlyLedger) (which this mechanism resets at the
//! start of each month); politics (§4.10) weighs the same entries into pressure, and this
//! step sums them into [`Welfare`](crate::model::state::Welfare).

use bevy_ecs::prelude::*;

use crate::config::Scenario;
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::instruments::{Controls, Tariff};
use crate::model::state::ledger::{MonthlyLedger, SideLedger, Welfare};
use crate::model::state::sides::Side;

/// Puts welfare's resources into a world: an empty ledger and zero welfare.
pub fn setup_welfare(world: &mut World) {
    world.insert_resource(MonthlyLedger::default());
    world.insert_resource(Welfare::default());
}

/// Calendar step: a new month starts with an empty ledger.
pub fn reset_ledger(mut ledger: ResMut<MonthlyLedger>) {
    *ledger = MonthlyLedger::default();
}

/// Monthly welfare of one side from its ledger and its leverage (0..1).
pub fn monthly_welfare(l: &SideLedger, leverage_index: f64, leverage_value_usd_bn: f64) -> f64 {
    -l.consumer_cost_usd_bn + l.tariff_revenue_change_usd_bn
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

/// Welfare step (§4.11): sum the ledger, add the strategic value of leverage, accumulate.
pub fn account_welfare(
    scenario: Res<Scenario>,
    ledger: Res<MonthlyLedger>,
    governments: Query<(&Side, &Tariff, Controls)>,
    mut welfare: ResMut<Welfare>,
) {
    for (side, tariff, (tech, re)) in &governments {
        // Average leverage over the side's instruments.
        let (sum, n) = [tech.map(|c| c.0), re.map(|c| c.0)]
            .into_iter()
            .flatten()
            .fold((tariff.0.leverage(), 1.0), |(s, n), i| {
                (s + i.leverage(), n + 1.0)
            });
        let leverage = sum / n;
        match side {
            Side::Us => {
                let w = monthly_welfare(
                    &ledger.us,
                    leverage,
                    scenario.us.welfare.leverage_value_usd_bn,
                );
                welfare.us_month_usd_bn = w;
                welfare.us_cum_usd_bn += w;
            }
            Side::China => {
                let w = monthly_welfare(
                    &ledger.cn,
                    leverage,
                    scenario.cn.welfare.leverage_value_usd_bn,
                );
                welfare.cn_month_usd_bn = w;
                welfare.cn_cum_usd_bn += w;
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
            "US welfare accumulated since 2025-10, vs the no-conflict reference",
        ),
        read: |w| w.resource::<Welfare>().us_cum_usd_bn,
    },
    RoundMetric {
        meta: meta(
            "cn_welfare_cum_usd_bn",
            "USD bn",
            "China's cumulative welfare",
            "China's welfare accumulated since 2025-10, vs the no-conflict reference",
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
            "US welfare summed over the horizon vs the no-conflict reference",
        ),
        compute: |v| Some(v.resource::<Welfare>().us_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "cn_welfare_usd_bn",
            "USD bn",
            "China's welfare over the horizon",
            "China's welfare summed over the horizon vs the no-conflict reference",
        ),
        compute: |v| Some(v.resource::<Welfare>().cn_cum_usd_bn),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

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
}
