//! Welfare (MODEL.md §4.11): each government's monthly welfare in USD bn against the
//! no-conflict reference, accumulated over the horizon.
//!
//! Mechanisms book their monthly gains and losses per side into the [`MonthlyLedger`]
//! (reset at the start of each month); politics (§4.10) weighs the same entries into
//! pressure, and this step sums them into welfare. One ledger, two readers: a new mechanism
//! adds a field here and a line in each reader.

use bevy_ecs::prelude::*;

use crate::config::Scenario;
use crate::model::mechanisms::governments::{Controls, Side, Tariff};

/// One side's gains and losses this month, against the no-conflict reference (USD bn;
/// losses positive).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SideLedger {
    /// Buyers' surplus lost to this side's own tariff.
    pub consumer_cost_usd_bn: f64,
    /// Tariff revenue above the reference revenue (a gain; may be negative).
    pub tariff_revenue_change_usd_bn: f64,
    /// Exporters' surplus lost to the other side's tariff.
    pub export_loss_usd_bn: f64,
    /// Pressure shocks this month (added to pressure directly, not to welfare).
    pub pressure_shock_usd_bn: f64,
    /// Output lost to magnet stock-outs (US; §4.8).
    pub magnet_shortage_loss_usd_bn: f64,
    /// Extra cost of non-China magnets over China's price (US; §4.8).
    pub non_china_magnet_premium_usd_bn: f64,
    /// Tech exporters' surplus lost to own export controls (US; §4.9).
    pub tech_export_surplus_loss_usd_bn: f64,
    /// Tech users' output lost to the other side's export controls (China; §4.9).
    pub tech_output_loss_usd_bn: f64,
    /// Wages displaced export workers do not re-earn (China; §3).
    pub export_jobs_wage_loss_usd_bn: f64,
    /// Losses of lobbying firms, already counted above: extra pressure only, not welfare.
    pub lobbying_loss_usd_bn: f64,
    /// Farmers' income below the no-conflict reference, after aid (US; may be negative).
    pub farm_loss_usd_bn: f64,
    /// Taxpayers' cost of farm aid, excess burden included (US).
    pub farm_aid_cost_usd_bn: f64,
    /// Soybean import bill above the no-conflict reference, at world prices (China).
    pub soy_cost_premium_usd_bn: f64,
}

/// Both sides' ledgers for the current month.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct MonthlyLedger {
    /// The United States.
    pub us: SideLedger,
    /// China.
    pub cn: SideLedger,
}

impl MonthlyLedger {
    /// The ledger of one side.
    pub fn side(&self, side: Side) -> &SideLedger {
        match side {
            Side::Us => &self.us,
            Side::China => &self.cn,
        }
    }
}

/// Each government's welfare (USD bn, vs the no-conflict reference).
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct Welfare {
    /// US welfare this month.
    pub us_month_usd_bn: f64,
    /// US welfare accumulated since round 0.
    pub us_cum_usd_bn: f64,
    /// China's welfare this month.
    pub cn_month_usd_bn: f64,
    /// China's welfare accumulated since round 0.
    pub cn_cum_usd_bn: f64,
}

impl Welfare {
    /// (this month, cumulative) of one side.
    pub fn of(&self, side: Side) -> (f64, f64) {
        match side {
            Side::Us => (self.us_month_usd_bn, self.us_cum_usd_bn),
            Side::China => (self.cn_month_usd_bn, self.cn_cum_usd_bn),
        }
    }
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
