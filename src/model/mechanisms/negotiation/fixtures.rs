//! What negotiation's unit tests share: a configuration, a tariff and a set of measures.

use crate::config::NegotiationConfig;
use crate::config::{ComplianceConfig, DealBundle};
use crate::model::state::events::Measure;
use crate::model::state::events::{MeasureKind, MeasureStatus, ScheduledMeasures};
use crate::model::state::instruments::Instrument;

/// A negotiation config with round numbers, naming the fixtures' measures.
pub(crate) fn cfg() -> NegotiationConfig {
    NegotiationConfig {
        enabled: true,
        logit_intercept: -3.0,
        logit_pressure_slope: 1.0,
        summit_logit_bonus: 1.0,
        preparatory_logit_bonus: 1.0,
        pressure_trigger: true,
        working_level_probability: 0.5,
        working_level_logit_bonus: -1.0,
        duration_months: 12.0,
        extension_months: 12.0,
        renewal_probability: 0.5,
        renewal_compliance_slope: 2.0,
        renewal_pressure_slope: 0.5,
        breach_pressure_usd_bn: 3.0,
        bundle: DealBundle {
            us_tariff_cut: 0.1,
            cn_tariff_cut: 0.1,
            re_pause_share: 1.0,
            soy_commitment_mt_per_year: 25.0,
            soy_near_term_mt: 12.0,
            near_term_months: 3.0,
            shipping_lag_months: 1.0,
            export_control_suspension_share: 1.0,
            cancels: vec!["threat".into()],
            postpones: vec!["truce".into()],
        },
        compliance: ComplianceConfig {
            pace_mean: 0.57,
            pace_sd: 0.0,
            shortfall_threshold: 0.8,
            shortfall_pressure_usd_bn: 2.0,
            shortfall_break_probability: 0.0,
            review_interval_months: 3.0,
            partial_snapback_share: 0.5,
        },
    }
}

/// A tariff at `level` with reference 0.2, step 0.1, floor 0.1.
pub(crate) fn tariff(level: f64) -> Instrument {
    Instrument {
        level,
        reference: 0.2,
        step: 0.1,
        floor: 0.1,
        ceiling: 2.0,
    }
}

/// A threat and a truce expiry the test bundle names, and a threat it does not.
pub(crate) fn measures() -> ScheduledMeasures {
    let m = |name: &str, kind, due| Measure {
        name: name.into(),
        kind,
        due_round: due,
        probability: 1.0,
        postpone_months: 0,
        status: MeasureStatus::Pending,
        tariffs_before: None,
    };
    ScheduledMeasures(vec![
        m(
            "threat",
            MeasureKind::Threat {
                us: true,
                rate: 1.0,
            },
            3,
        ),
        m("truce", MeasureKind::Expiry { us: 0.24, cn: 0.24 }, 3),
        m(
            "other",
            MeasureKind::Threat {
                us: false,
                rate: 0.5,
            },
            4,
        ),
    ])
}
