//! Negotiation, deals and compliance (docs/model.md §4.4). This mechanism owns the deal's
//! terms ([`DealTerms`]) and resolves the scheduled measures ([`ScheduledMeasures`]); the
//! soybean market keeps the purchase accounting ([`DealPurchases`]) that reviews read.
//!
//! * **Talks.** At a scheduled summit the talks are resolved *before* the month's moves
//!   ([`summit_talks`]): a deal succeeds with probability `1/(1 + exp(−(a + b·x + c)))`,
//!   where `x = P_US/R_US + P_CN/R_CN` is the combined pressure (each side's pressure over
//!   its resolve), `a` the intercept, `b` the slope and `c` the summit bonus, or with the
//!   summit's own `deal_probability` if configured. A preparatory round (officials' talks
//!   before a leaders' meeting) strikes no deal; progress there (a draw at the
//!   working-level chance) adds `preparatory_logit_bonus` to the next leaders' summit.
//!   Outside summits, working-level talks open with `working_level_probability` in a month
//!   when both sides are past their resolve, at the logit plus `working_level_logit_bonus`
//!   (negative: weaker), after the month's moves ([`negotiate`]).
//! * **What.** A deal applies the bundle: tariff cuts both ways, a pause of China's
//!   rare-earth controls, a suspension of US export-control expansions, a dated soybean
//!   purchase schedule, and the cancellation or postponement (to the deal's expiry) of the
//!   scheduled measures it names. The levels after the cuts are the agreed levels.
//! * **Defection** is measured against the terms: a side breaches by holding an instrument
//!   above its agreed level (a tariff raised, a paused control re-imposed). Moves made before
//!   the deal are what it settled. A breach ends the deal, the suspended measures fall due
//!   and the other side's pressure rises.
//! * **Compliance** is reviewed at dates ([`review`]): a shortfall climbs a graduated answer
//!   (pressure, probe, partial snapback of the US cut, end); no monthly hazard unless
//!   `shortfall_break_probability` is set.
//! * **Renewal.** At expiry the deal is renewed for `extension_months` with a probability
//!   rising in the compliance record and in combined pressure ([`terms::renewal_probability`]);
//!   else it ends and its suspended measures fall due.
//! * **Measures.** A threat or truce expiry falling due takes effect with its probability, or
//!   is postponed or dropped ([`measures`]); one held by a deal in force waits for its end.
//!
//! Files: `terms` (probabilities, strike, end, breaches), `review` (compliance reviews),
//! `measures` (threats and expiries), `metrics`, this file (resources and systems).

use bevy_ecs::prelude::*;
use rand::RngExt;

#[cfg(test)]
mod fixtures;
pub mod measures;
mod metrics;
pub mod review;
pub mod terms;

pub use metrics::{NEGOTIATION_ROUND_METRICS, NEGOTIATION_RUN_METRICS};

pub use terms::{Levers, deal_probability, renewal_probability};

use crate::config::{NegotiationConfig, Scenario};
use crate::foundation::calendar::Calendar;
use crate::foundation::rng::{Purpose, SimRng, stream};
use crate::model::state::deal::{DealPurchases, DealTerms, ReviewStep};
use crate::model::state::events::{
    EventLog, EventsDue, MeasureKind, MeasureStatus, ScheduledMeasures,
};
use crate::model::state::instruments::{ExportControls, RareEarthStringency, Tariff};
use crate::model::state::ledger::DomesticPressure;
use crate::model::state::sides::Governments;

/// The random streams of negotiation outcomes and of compliance, and what derives the
/// measures' own streams.
#[derive(Resource)]
pub struct NegotiationRng {
    /// Talks and renewals.
    pub deals: SimRng,
    /// Compliance paces and the shortfall hazard.
    pub compliance: SimRng,
    /// Master seed and replicate, for the measures' streams.
    pub seed: (u64, u64),
    /// Logit bonus carried from a preparatory round's progress to the next leaders' summit.
    pub preparatory_bonus: f64,
}

/// Puts negotiation's resources into a world: no deal yet, and its random streams.
pub fn setup_negotiation(world: &mut World, master_seed: u64, replicate: u64) {
    world.insert_resource(NegotiationRng {
        deals: stream(master_seed, replicate, Purpose::Negotiation),
        compliance: stream(master_seed, replicate, Purpose::Compliance),
        seed: (master_seed, replicate),
        preparatory_bonus: 0.0,
    });
    world.insert_resource(DealTerms::default());
}

/// The instruments both governments' query yields.
type InstrumentQuery<'w, 's> = Query<
    'w,
    's,
    (
        &'static mut Tariff,
        Option<&'static mut ExportControls>,
        Option<&'static mut RareEarthStringency>,
    ),
>;

/// Combined pressure `P_US/R_US + P_CN/R_CN`.
fn combined_pressure(scenario: &Scenario, pressure: &DomesticPressure) -> f64 {
    pressure.us / scenario.us.pressure.resolve.max(1e-9)
        + pressure.cn / scenario.cn.pressure.resolve.max(1e-9)
}

/// The events.csv detail of a struck deal.
fn deal_detail(
    how: &str,
    deal: &DealTerms,
    cfg: &NegotiationConfig,
    changes: &terms::MeasureChanges,
    p: f64,
) -> String {
    let b = &cfg.bundle;
    let list = |v: &[String]| {
        if v.is_empty() {
            "nothing".to_string()
        } else {
            v.join(" + ")
        }
    };
    format!(
        "{how} (p={p:.2}): tariffs -{:.0}/-{:.0} points to {:.0}%/{:.0}%; rare-earth pause {:.0}%; export-control suspension {:.0}%; soybeans {:.1} Mt within {:.0} months after a {:.0}-month lag then {:.1} Mt/yr; pace {:.2}; cancels {}; rolls back {}; postpones {}; suspension until round {}",
        100.0 * deal.applied_cuts.0,
        100.0 * deal.applied_cuts.1,
        100.0 * deal.agreed.us_tariff,
        100.0 * deal.agreed.cn_tariff,
        100.0 * b.re_pause_share,
        100.0 * b.export_control_suspension_share,
        b.soy_near_term_mt,
        b.near_term_months,
        b.shipping_lag_months,
        b.soy_commitment_mt_per_year,
        deal.compliance_pace,
        list(&changes.cancelled),
        list(&changes.rolled_back),
        if changes.postponed.is_empty() {
            "nothing".to_string()
        } else {
            format!(
                "{} to round {}",
                changes.postponed.join(" + "),
                deal.expires_round
            )
        },
        deal.expires_round,
    )
}

/// The levers of both governments from the instrument query, borrowed afresh at each use.
macro_rules! levers {
    ($us:ident, $cn:ident) => {
        Levers {
            us_tariff: &mut $us.0.0,
            cn_tariff: &mut $cn.0.0,
            us_controls: $us.1.as_mut().map(|c| &mut c.0),
            cn_rare_earths: $cn.2.as_mut().map(|c| &mut c.0),
        }
    };
}

/// Talks step of a summit month (§4.4), before the month's moves: each summit this month, in
/// config order, draws one uniform from the negotiation stream. A preparatory round records
/// progress for the next leaders' summit; a leaders' summit without a deal in force strikes
/// one with its probability, which cancels or postpones the measures its bundle names.
#[allow(clippy::too_many_arguments)]
pub fn summit_talks(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    events: Res<EventsDue>,
    pressure: Res<DomesticPressure>,
    mut deal: ResMut<DealTerms>,
    mut measures: ResMut<ScheduledMeasures>,
    mut rng: ResMut<NegotiationRng>,
    mut log: ResMut<EventLog>,
    mut instruments: InstrumentQuery,
) {
    let cfg = &scenario.negotiation;
    let round = calendar.round;
    let combined = combined_pressure(&scenario, &pressure);
    let Ok([mut us, mut cn]) = instruments.get_many_mut([governments.us, governments.cn]) else {
        return;
    };
    let NegotiationRng {
        deals,
        compliance,
        preparatory_bonus,
        ..
    } = &mut *rng;
    for summit in &events.summits {
        let u: f64 = deals.random();
        if !cfg.enabled {
            continue;
        }
        if summit.preparatory {
            let p = deal_probability(cfg, combined, false, 0.0);
            let progress = u < p;
            if progress {
                *preparatory_bonus = cfg.preparatory_logit_bonus;
            }
            log.entries.push((
                round,
                "talks".into(),
                format!(
                    "{}: {} (p={p:.2})",
                    summit.name,
                    if progress {
                        "progress; the next leaders' summit is likelier to agree"
                    } else {
                        "no progress"
                    }
                ),
            ));
            continue;
        }
        if deal.active {
            continue;
        }
        let p = summit
            .deal_probability
            .unwrap_or_else(|| deal_probability(cfg, combined, true, *preparatory_bonus));
        *preparatory_bonus = 0.0;
        if u < p {
            let changes = terms::strike(
                &mut deal,
                cfg,
                round,
                round,
                levers!(us, cn),
                &mut measures,
                compliance,
            );
            deal.pressure_at_strike = combined;
            let detail = deal_detail(&format!("at {}", summit.name), &deal, cfg, &changes, p);
            log.entries.push((round, "deal".into(), detail));
        } else {
            log.entries.push((
                round,
                "talks".into(),
                format!("{}: no deal (p={p:.2})", summit.name),
            ));
        }
    }
}

/// Negotiate step (§4.4), after the month's moves: breaches of the agreed levels, the
/// shortfall hazard (if configured), compliance reviews on their dates, expiry and renewal,
/// the scheduled measures falling due (dated measures come before the month's working-level
/// talks, which cannot preempt them), and working-level talks outside summits.
#[allow(clippy::too_many_arguments)]
pub fn negotiate(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    events: Res<EventsDue>,
    purchases: Res<DealPurchases>,
    mut deal: ResMut<DealTerms>,
    mut pressure: ResMut<DomesticPressure>,
    mut measures: ResMut<ScheduledMeasures>,
    mut rng: ResMut<NegotiationRng>,
    mut log: ResMut<EventLog>,
    mut instruments: InstrumentQuery,
) {
    let cfg = &scenario.negotiation;
    let round = calendar.round;
    let Ok([mut us, mut cn]) = instruments.get_many_mut([governments.us, governments.cn]) else {
        return;
    };
    let NegotiationRng {
        deals,
        compliance,
        seed,
        ..
    } = &mut *rng;
    // Fixed draws per month keep the streams aligned across scenarios.
    let u_renew: f64 = deals.random();
    let u_open: f64 = deals.random();
    let u_talks: f64 = deals.random();
    let u_hazard: f64 = compliance.random();
    let mut entry = |event: &str, detail: String| log.entries.push((round, event.into(), detail));

    if deal.active {
        let (us_def, cn_def) = terms::breaches(&deal.agreed, &levers!(us, cn));
        if us_def || cn_def {
            let who = match (us_def, cn_def) {
                (true, true) => "both sides",
                (true, false) => "us",
                _ => "cn",
            };
            if us_def {
                pressure.cn += cfg.breach_pressure_usd_bn;
            }
            if cn_def {
                pressure.us += cfg.breach_pressure_usd_bn;
            }
            terms::end(&mut deal, levers!(us, cn), &mut measures, round);
            deal.broken = true;
            entry(
                "deal_end",
                format!(
                    "breach by {who}: an instrument above its agreed level; the cuts snap back and the suspended measures fall due"
                ),
            );
        }
    }
    let fulfilled = purchases.fulfilled_share();
    let c = &cfg.compliance;
    if deal.active
        && purchases.committed_to_date_mt > 0.0
        && fulfilled < c.shortfall_threshold
        && u_hazard < c.shortfall_break_probability
    {
        terms::end(&mut deal, levers!(us, cn), &mut measures, round);
        deal.broken = true;
        entry(
            "deal_end",
            format!(
                "shortfall hazard: {:.0}% of the soybean commitment bought",
                100.0 * fulfilled
            ),
        );
    }
    if deal.active && review::is_review(round, deal.next_review_round) {
        deal.next_review_round = round + c.review_interval_months.round().max(1.0) as u32;
        if purchases.committed_to_date_mt <= 0.0 {
            entry(
                "compliance_review",
                format!(
                    "nothing due yet; verdict {} (next review round {})",
                    deal.review_step.label(),
                    deal.next_review_round
                ),
            );
        } else {
            let v = review::review(deal.review_step, fulfilled, c.shortfall_threshold);
            deal.review_step = v.step;
            let what = match v.step {
                ReviewStep::Pressure if v.shortfall => {
                    pressure.us += c.shortfall_pressure_usd_bn * v.gap;
                    "US pressure rises".to_string()
                }
                ReviewStep::Probe if v.shortfall => {
                    pressure.us += c.shortfall_pressure_usd_bn * v.gap;
                    pressure.cn += c.shortfall_pressure_usd_bn * v.gap;
                    "a probe of the shortfall presses both sides".to_string()
                }
                ReviewStep::PartialSnapback => {
                    let back = deal.applied_cuts.0 * c.partial_snapback_share;
                    let t = &mut us.0.0;
                    t.level = (t.level + back).min(t.ceiling);
                    deal.applied_cuts.0 -= back;
                    deal.agreed.us_tariff = t.level;
                    format!("the US withdraws {:.0} points of its cut", 100.0 * back)
                }
                ReviewStep::End => "the US ends the deal".to_string(),
                _ => "no action".to_string(),
            };
            entry(
                "compliance_review",
                format!(
                    "fulfilled {:.0}% of {:.1} Mt due ({:.1} Mt bought; tolerance {:.0}%); verdict {}: {what}",
                    100.0 * fulfilled,
                    purchases.committed_to_date_mt,
                    purchases.purchased_to_date_mt,
                    100.0 * c.shortfall_threshold,
                    v.step.label()
                ),
            );
            if v.step == ReviewStep::End {
                terms::end(&mut deal, levers!(us, cn), &mut measures, round);
                deal.broken = true;
                entry(
                    "deal_end",
                    "compliance: shortfalls found at successive reviews after pressure, a probe and a partial snapback".into(),
                );
            }
        }
    }
    let combined = combined_pressure(&scenario, &pressure);
    if deal.active && round >= deal.expires_round {
        let record = (purchases.committed_to_date_mt > 0.0).then_some(fulfilled);
        let p = renewal_probability(cfg, record, combined.max(deal.pressure_at_strike));
        if u_renew < p {
            deal.expires_round = round + cfg.extension_months.round().max(1.0) as u32;
            for m in &mut measures.0 {
                if m.status == MeasureStatus::SuspendedByDeal {
                    m.due_round = deal.expires_round;
                }
            }
            entry(
                "deal_renewed",
                format!(
                    "p={p:.2} (compliance {}); suspension extended to round {}",
                    record.map_or("not yet measured".into(), |f| format!("{:.0}%", 100.0 * f)),
                    deal.expires_round
                ),
            );
        } else {
            terms::end(&mut deal, levers!(us, cn), &mut measures, round);
            entry(
                "deal_end",
                format!(
                    "expired unrenewed (renewal p={p:.2}); the cuts snap back and the suspended measures fall due"
                ),
            );
        }
    }

    // Measures falling due.
    for m in &mut measures.0 {
        if m.status != MeasureStatus::Pending || m.due_round != round {
            continue;
        }
        if deal.active {
            m.status = MeasureStatus::SuspendedByDeal;
            m.due_round = deal.expires_round;
            entry(
                "measure_held",
                format!(
                    "{}: held while the deal is in force (until round {})",
                    m.name, m.due_round
                ),
            );
            continue;
        }
        let mut s = stream(
            seed.0,
            seed.1,
            Purpose::Measure(&format!("{}@{round}", m.name)),
        );
        let u: f64 = s.random();
        let threat = matches!(m.kind, MeasureKind::Threat { .. });
        match measures::resolve(m, u, round) {
            measures::Outcome::Implemented => {
                m.status = MeasureStatus::Implemented;
                m.tariffs_before = Some((us.0.0.level, cn.0.0.level));
                match m.kind {
                    MeasureKind::Threat { us: by_us, rate } => {
                        let t = if by_us { &mut us.0.0 } else { &mut cn.0.0 };
                        t.level = (t.level + rate).min(t.ceiling);
                        entry(
                            "threat_implemented",
                            format!(
                                "{}: +{:.0} points (p={:.2})",
                                m.name,
                                100.0 * rate,
                                m.probability
                            ),
                        );
                    }
                    MeasureKind::Expiry { us: up, cn: cp } => {
                        us.0.0.level = (us.0.0.level + up).min(us.0.0.ceiling);
                        cn.0.0.level = (cn.0.0.level + cp).min(cn.0.0.ceiling);
                        entry(
                            "snapback",
                            format!(
                                "{}: +{:.0}/+{:.0} points (p={:.2})",
                                m.name,
                                100.0 * up,
                                100.0 * cp,
                                m.probability
                            ),
                        );
                    }
                }
            }
            measures::Outcome::Postponed(to) => {
                m.due_round = to;
                entry(
                    if threat {
                        "threat_postponed"
                    } else {
                        "truce_extended"
                    },
                    format!("{}: to round {to}", m.name),
                );
            }
            measures::Outcome::Dropped => {
                m.status = MeasureStatus::Dropped;
                entry(
                    if threat {
                        "threat_dropped"
                    } else {
                        "truce_extended"
                    },
                    format!("{}: does not take effect", m.name),
                );
            }
        }
    }

    // Working-level talks outside summits, when both sides are past their resolve.
    let pressed = cfg.pressure_trigger
        && pressure.us > scenario.us.pressure.resolve
        && pressure.cn > scenario.cn.pressure.resolve;
    if cfg.enabled
        && pressed
        && !deal.active
        && !events.summit()
        && u_open < cfg.working_level_probability
    {
        let p = deal_probability(cfg, combined, false, cfg.working_level_logit_bonus);
        if u_talks < p {
            let changes = terms::strike(
                &mut deal,
                cfg,
                round,
                round + 1,
                levers!(us, cn),
                &mut measures,
                compliance,
            );
            deal.pressure_at_strike = combined;
            let detail = deal_detail("in working-level talks", &deal, cfg, &changes, p);
            entry("deal", detail);
        } else {
            entry("talks", format!("working-level talks: no deal (p={p:.2})"));
        }
    }
}
