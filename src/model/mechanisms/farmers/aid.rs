//! US farm aid (docs/model.md §4.7, "Farm aid"): over the marketing year (Sep–Aug), once the
//! farmers' cumulative losses pass the threshold, aid due = `coverage·ΣL − already granted`,
//! paid `payment_lag_months` later; farmers' net loss and taxpayers' cost go to the US
//! ledger.

use bevy_ecs::prelude::*;

use super::sector::FarmSector;
use crate::config::Scenario;
use crate::foundation::calendar::Calendar;
use crate::model::state::ledger::MonthlyLedger;

/// Aid newly due (USD bn) given the marketing year's cumulative loss, what was already
/// granted this year, the threshold and the coverage: nothing at or below the threshold.
pub fn aid_due(ytd_loss: f64, granted: f64, threshold: f64, coverage: f64) -> f64 {
    if ytd_loss > threshold {
        (coverage * ytd_loss - granted).max(0.0)
    } else {
        0.0
    }
}

/// The farm-aid program's state: the marketing year's losses, aid granted, payments due.
#[derive(Resource, Debug, Clone, Default)]
pub struct FarmAid {
    /// Farm losses since the marketing year began (USD bn).
    pub ytd_loss_usd_bn: f64,
    /// Aid granted this marketing year (USD bn).
    pub granted_usd_bn: f64,
    /// Payments due, by round modulo 13 (lags are at most 12 months).
    pub due_usd_bn: [f64; 13],
}

impl FarmAid {
    /// Takes the payment due in `round` (USD bn), leaving nothing due then.
    pub(super) fn take(&mut self, round: u32) -> f64 {
        std::mem::take(&mut self.due_usd_bn[(round % 13) as usize])
    }

    /// Adds a payment of `usd_bn` (USD bn) due in `round`.
    pub(super) fn schedule(&mut self, round: u32, usd_bn: f64) {
        self.due_usd_bn[(round % 13) as usize] += usd_bn;
    }
}

/// Farmers step, after the farms (§4.7, US farm aid): add the month's loss to the marketing
/// year's, grant aid once it passes the threshold (paid after the lag), and book farmers'
/// net loss and taxpayers' cost in the US ledger.
pub fn decide_farm_aid(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    sector: Res<FarmSector>,
    mut aid: ResMut<FarmAid>,
    mut ledger: ResMut<MonthlyLedger>,
) {
    let cfg = &scenario.farm_aid;
    if calendar.is_new_marketing_year() {
        aid.ytd_loss_usd_bn = 0.0;
        aid.granted_usd_bn = 0.0;
    }
    aid.ytd_loss_usd_bn += sector.loss_usd_bn;
    let due = aid_due(
        aid.ytd_loss_usd_bn,
        aid.granted_usd_bn,
        cfg.threshold_usd_bn,
        cfg.coverage,
    );
    if due > 0.0 {
        aid.granted_usd_bn += due;
        aid.schedule(calendar.round + cfg.payment_lag_months.clamp(1, 12), due);
    }
    ledger.us.farm_loss_usd_bn += sector.loss_usd_bn - sector.aid_usd_bn;
    ledger.us.farm_aid_cost_usd_bn += sector.aid_usd_bn * (1.0 + cfg.excess_burden);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aid_triggers_only_above_its_threshold() {
        assert_eq!(aid_due(1.0, 0.0, 1.5, 1.0), 0.0);
        assert_eq!(aid_due(1.5, 0.0, 1.5, 1.0), 0.0);
        assert!((aid_due(2.0, 0.0, 1.5, 1.0) - 2.0).abs() < 1e-12);
        assert!((aid_due(3.0, 2.0, 1.5, 1.0) - 1.0).abs() < 1e-12);
        assert_eq!(aid_due(2.5, 3.0, 1.5, 1.0), 0.0, "no clawback");
        assert_eq!(
            aid_due(50.0, 0.0, 1.5, 0.0),
            0.0,
            "coverage 0 turns aid off"
        );
    }
}
