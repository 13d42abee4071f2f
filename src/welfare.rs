//! Welfare (MODEL.md §4.11): each government's monthly welfare in USD bn against the
//! no-conflict reference, accumulated over the horizon.
//!
//! Mechanisms book their monthly gains and losses per side into the [`MonthlyLedger`]
//! (reset at the start of each month); politics (§4.10) weighs the same entries into
//! pressure, and this step sums them into welfare. One ledger, two readers: a new mechanism
//! adds a field here and a line in each reader.

use bevy_ecs::prelude::*;

use crate::config::Scenario;
use crate::government::{Side, Tariff};

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
        - l.farm_loss_usd_bn
        - l.farm_aid_cost_usd_bn
        - l.soy_cost_premium_usd_bn
        + leverage_value_usd_bn * leverage_index
}

/// Welfare step (§4.11): sum the ledger, add the strategic value of leverage, accumulate.
pub fn account_welfare(
    scenario: Res<Scenario>,
    ledger: Res<MonthlyLedger>,
    governments: Query<(&Side, &Tariff)>,
    mut welfare: ResMut<Welfare>,
) {
    for (side, tariff) in &governments {
        let leverage = tariff.0.leverage();
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
