//! Domestic politics (docs/model.md §4.10): each government's pressure is an exponentially
//! smoothed, weighted sum of the month's losses (USD bn per month), plus shocks.
//!
//! `P_t = d·P_{t−1} + (1 − d)·Σ_k w_k·loss_k + shock_t`, with decay `d` and weights `w_k`
//! from `[us.pressure]` / `[cn.pressure]`. In a steady state pressure equals the weighted
//! monthly loss, so `resolve` reads in the same unit: "a loss of this many USD bn a month".

use bevy_ecs::prelude::*;

use crate::config::PressureConfig;
use crate::config::Scenario;
use crate::model::metrics::{RoundMetric, meta};
use crate::model::state::ledger::{DomesticPressure, MonthlyLedger, SideLedger};

/// Puts each government's initial pressure into a world.
pub fn setup_politics(world: &mut World, scenario: &Scenario) {
    world.insert_resource(DomesticPressure {
        us: scenario.us.pressure.initial,
        cn: scenario.cn.pressure.initial,
    });
}

/// The weighted loss of one month (before smoothing).
pub fn weighted_loss(l: &SideLedger, cfg: &PressureConfig) -> f64 {
    cfg.weight_consumer_cost * l.consumer_cost_usd_bn.max(0.0)
        + cfg.weight_export_loss * l.export_loss_usd_bn.max(0.0)
        + cfg.weight_magnet_shortage * l.magnet_shortage_loss_usd_bn.max(0.0)
        + cfg.weight_tech_loss * l.tech_export_surplus_loss_usd_bn.max(0.0)
        + cfg.weight_lobbying * l.lobbying_loss_usd_bn.max(0.0)
        + cfg.weight_export_jobs * l.export_jobs_wage_loss_usd_bn.max(0.0)
        + cfg.weight_tech_shortage * l.tech_output_loss_usd_bn.max(0.0)
        + cfg.weight_farm_loss * l.farm_loss_usd_bn.max(0.0)
        + cfg.weight_soy_cost * l.soy_cost_premium_usd_bn.max(0.0)
}

/// Next month's pressure from last month's, the month's ledger and the weights.
pub fn next_pressure(previous: f64, l: &SideLedger, cfg: &PressureConfig) -> f64 {
    (cfg.decay * previous + (1.0 - cfg.decay) * weighted_loss(l, cfg) + l.pressure_shock_usd_bn)
        .max(0.0)
}

/// Politics step (§4.10).
pub fn update_pressure(
    scenario: Res<Scenario>,
    ledger: Res<MonthlyLedger>,
    mut pressure: ResMut<DomesticPressure>,
) {
    pressure.us = next_pressure(pressure.us, &ledger.us, &scenario.us.pressure);
    pressure.cn = next_pressure(pressure.cn, &ledger.cn, &scenario.cn.pressure);
}

/// Per-month metrics of domestic politics (docs/model.md §4.10).
pub const POLITICS_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "us_pressure",
            "USD bn/month (weighted)",
            "US domestic pressure",
            "US domestic pressure: smoothed weighted monthly losses plus shocks",
        ),
        read: |w| w.resource::<DomesticPressure>().us,
    },
    RoundMetric {
        meta: meta(
            "cn_pressure",
            "USD bn/month (weighted)",
            "China's domestic pressure",
            "China's domestic pressure: smoothed weighted monthly losses plus shocks",
        ),
        read: |w| w.resource::<DomesticPressure>().cn,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> PressureConfig {
        PressureConfig {
            initial: 0.0,
            decay: 0.5,
            resolve: 10.0,
            weight_consumer_cost: 1.0,
            weight_export_loss: 2.0,
            weight_farm_loss: 3.0,
            weight_soy_cost: 0.5,
            ..Default::default()
        }
    }

    #[test]
    fn pressure_converges_to_the_weighted_loss_and_decays() {
        let l = SideLedger {
            consumer_cost_usd_bn: 3.0,
            export_loss_usd_bn: 1.0,
            ..Default::default()
        };
        let mut p = 0.0;
        for _ in 0..60 {
            p = next_pressure(p, &l, &cfg());
        }
        assert!((p - 5.0).abs() < 1e-9);
        let p2 = next_pressure(p, &SideLedger::default(), &cfg());
        assert!((p2 - 2.5).abs() < 1e-9);
        let shocked = next_pressure(
            0.0,
            &SideLedger {
                pressure_shock_usd_bn: 4.0,
                ..Default::default()
            },
            &cfg(),
        );
        assert!((shocked - 4.0).abs() < 1e-12);
    }

    #[test]
    fn firm_losses_and_lobbying_enter_pressure_with_their_weights() {
        let cfg = PressureConfig {
            weight_magnet_shortage: 2.0,
            weight_lobbying: 0.5,
            weight_export_jobs: 3.0,
            ..cfg()
        };
        let l = SideLedger {
            magnet_shortage_loss_usd_bn: 1.0,
            lobbying_loss_usd_bn: 1.0,
            export_jobs_wage_loss_usd_bn: 1.0,
            non_china_magnet_premium_usd_bn: 9.0,
            ..Default::default()
        };
        assert!((weighted_loss(&l, &cfg) - 5.5).abs() < 1e-12);
    }

    #[test]
    fn farm_losses_and_the_soy_cost_premium_add_pressure_gains_do_not_subtract() {
        let l = SideLedger {
            farm_loss_usd_bn: 1.0,
            soy_cost_premium_usd_bn: 2.0,
            ..Default::default()
        };
        assert!((weighted_loss(&l, &cfg()) - (3.0 + 1.0)).abs() < 1e-12);
        let gain = SideLedger {
            farm_loss_usd_bn: -5.0,
            ..Default::default()
        };
        assert_eq!(weighted_loss(&gain, &cfg()), 0.0);
    }
}
