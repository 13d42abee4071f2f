//! Negotiation, deals and compliance (docs/model.md §4.4). This mechanism owns the deal's
//! terms ([`DealTerms`]); the soybean market keeps the purchase accounting
//! ([`DealPurchases`]) that compliance reads.
//!
//! * **When.** At each summit, or — outside summits — when both sides' pressure exceeds its
//!   resolve, the two governments try to strike a deal. It succeeds with probability
//!   `1 / (1 + exp(−(a + b·x + c·summit)))`, where `x = P_US/R_US + P_CN/R_CN` is the combined
//!   pressure (each side's pressure over its resolve), `a` the intercept, `b` the slope and
//!   `c` the summit bonus (`[negotiation]`). One uniform per attempt from the negotiation
//!   stream.
//! * **What.** A deal applies the configured bundle for `duration_months`: tariff cuts both
//!   ways, a pause of China's rare-earth controls, a soybean purchase commitment (Mt per
//!   year plus a near-term tonnage over the first three months), and a suspension of US
//!   export-control expansions. A threat falling due under a deal is cancelled; a truce
//!   expiring under a deal is renewed.
//! * **Compliance.** Each deal draws China's purchase pace (share of the commitment it
//!   actually buys, normal around the Phase One record of 57%, PIIE). Each month the
//!   fulfilled share (purchases ÷ commitment to date) is compared with a threshold; a
//!   shortfall raises US pressure and may end the deal.
//! * **Defection.** Under a deal a government keeps its terms unless its strategy escalates
//!   deliberately (trembles that would escalate are held back by the deal). A deliberate
//!   escalation breaks the deal: suspended measures snap back and the other side's pressure
//!   rises.
//! * **Expiry.** At the end of its term a deal is renewed with a probability, or its suspended
//!   measures snap back.

use bevy_ecs::prelude::*;
use rand::RngExt;
use rand_distr::{Distribution, Normal};

use crate::config::{NegotiationConfig, Scenario};
use crate::foundation::calendar::Calendar;
use crate::foundation::rng::{Purpose, SimRng, stream};
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::deal::{DealPurchases, DealTerms};
use crate::model::state::events::{DueEvent, EventLog, EventsDue};
use crate::model::state::instruments::{ExportControls, Instrument, RareEarthStringency, Tariff};
use crate::model::state::ledger::DomesticPressure;
use crate::model::state::moves::{LastMoves, SqueezeMove};
use crate::model::state::sides::{Governments, Side};
use crate::model::strategy::Move;

/// The random streams of negotiation outcomes and of compliance.
#[derive(Resource)]
pub struct NegotiationRng {
    /// Deal attempts and renewals.
    pub deals: SimRng,
    /// Compliance paces and breaches.
    pub compliance: SimRng,
}

/// Puts negotiation's resources into a world: no deal yet, and its two random streams.
pub fn setup_negotiation(world: &mut World, master_seed: u64, replicate: u64) {
    world.insert_resource(NegotiationRng {
        deals: stream(master_seed, replicate, Purpose::Negotiation),
        compliance: stream(master_seed, replicate, Purpose::Compliance),
    });
    world.insert_resource(DealTerms::default());
}

/// Probability (0..1) that an attempt ends in a deal.
pub fn deal_probability(cfg: &NegotiationConfig, combined_pressure: f64, summit: bool) -> f64 {
    let z = cfg.logit_intercept
        + cfg.logit_pressure_slope * combined_pressure
        + if summit { cfg.summit_logit_bonus } else { 0.0 };
    1.0 / (1.0 + (-z.clamp(-700.0, 700.0)).exp())
}

/// The levers a deal moves: both tariffs and both control instruments.
pub struct Levers<'a> {
    /// US tariff on Chinese goods.
    pub us_tariff: &'a mut Instrument,
    /// China's tariff on US goods.
    pub cn_tariff: &'a mut Instrument,
    /// US tech export-control stringency, if modelled.
    pub us_controls: Option<&'a mut Instrument>,
    /// China's rare-earth licensing stringency, if modelled.
    pub cn_rare_earths: Option<&'a mut Instrument>,
}

/// Cuts an instrument toward its reference by `share` of its excess; returns the cut.
fn pause(i: &mut Instrument, share: f64) -> f64 {
    let cut = (i.level - i.reference).max(0.0) * share.clamp(0.0, 1.0);
    i.level -= cut;
    cut
}

fn strike(deal: &mut DealTerms, cfg: &NegotiationConfig, round: u32, l: Levers, rng: &mut SimRng) {
    let b = &cfg.bundle;
    let us_before = l.us_tariff.level;
    let cn_before = l.cn_tariff.level;
    l.us_tariff.level = (l.us_tariff.level - b.us_tariff_cut).max(l.us_tariff.floor);
    l.cn_tariff.level = (l.cn_tariff.level - b.cn_tariff_cut).max(l.cn_tariff.floor);
    deal.applied_cuts = (us_before - l.us_tariff.level, cn_before - l.cn_tariff.level);
    deal.applied_control_cuts = (
        l.us_controls
            .map_or(0.0, |i| pause(i, b.export_control_suspension_share)),
        l.cn_rare_earths.map_or(0.0, |i| pause(i, b.re_pause_share)),
    );
    deal.active = true;
    deal.started_round = round;
    deal.expires_round = round + cfg.duration_months.round().max(1.0) as u32;
    deal.deal_count += 1;
    deal.first_deal_round.get_or_insert(round);
    deal.re_pause_share = b.re_pause_share;
    deal.export_control_suspension_share = b.export_control_suspension_share;
    let pace = Normal::new(cfg.compliance.pace_mean, cfg.compliance.pace_sd.max(0.0))
        .map(|n| n.sample(rng))
        .unwrap_or(cfg.compliance.pace_mean);
    deal.compliance_pace = pace.clamp(0.0, 1.5);
}

fn end(deal: &mut DealTerms, l: Levers) {
    l.us_tariff.level = (l.us_tariff.level + deal.applied_cuts.0).min(l.us_tariff.ceiling);
    l.cn_tariff.level = (l.cn_tariff.level + deal.applied_cuts.1).min(l.cn_tariff.ceiling);
    if let Some(i) = l.us_controls {
        i.level = (i.level + deal.applied_control_cuts.0).min(i.ceiling);
    }
    if let Some(i) = l.cn_rare_earths {
        i.level = (i.level + deal.applied_control_cuts.1).min(i.ceiling);
    }
    deal.applied_cuts = (0.0, 0.0);
    deal.applied_control_cuts = (0.0, 0.0);
    deal.active = false;
    deal.re_pause_share = 0.0;
    deal.export_control_suspension_share = 0.0;
}

/// Negotiate step (§4.4): defection and compliance checks, expiry, deal attempts, then the
/// threats and truce expiries due this month. A defection is a deliberate escalation in a
/// side's moves as the other side sees them (China's controls move as the rare-earth squeeze
/// reports it).
#[allow(clippy::too_many_arguments)]
pub fn negotiate(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    events: Res<EventsDue>,
    purchases: Res<DealPurchases>,
    squeeze: Res<SqueezeMove>,
    mut deal: ResMut<DealTerms>,
    mut pressure: ResMut<DomesticPressure>,
    mut rng: ResMut<NegotiationRng>,
    mut log: ResMut<EventLog>,
    moves: Query<&LastMoves>,
    mut instruments: Query<(
        &mut Tariff,
        Option<&mut ExportControls>,
        Option<&mut RareEarthStringency>,
    )>,
) {
    let cfg = &scenario.negotiation;
    let round = calendar.round;
    let Ok([mut us, mut cn]) = instruments.get_many_mut([governments.us, governments.cn]) else {
        return;
    };
    // The levers a deal moves, borrowed afresh at each use.
    macro_rules! levers {
        () => {
            Levers {
                us_tariff: &mut us.0.0,
                cn_tariff: &mut cn.0.0,
                us_controls: us.1.as_mut().map(|c| &mut c.0),
                cn_rare_earths: cn.2.as_mut().map(|c| &mut c.0),
            }
        };
    }
    let NegotiationRng {
        deals: deal_rng,
        compliance: comp_rng,
    } = &mut *rng;
    // Fixed draws per month keep the streams aligned across scenarios.
    let u_renew: f64 = deal_rng.random();
    let u_breach: f64 = comp_rng.random();

    if deal.active {
        let escalated = |side: Side| {
            moves
                .get(governments.of(side))
                .is_ok_and(|m| squeeze.seen(side, m.0).posture() == Move::Escalate)
        };
        let (us_def, cn_def) = (escalated(Side::Us), escalated(Side::China));
        if us_def || cn_def {
            end(&mut deal, levers!());
            deal.broken = true;
            if us_def {
                pressure.cn += cfg.breach_pressure_usd_bn;
            }
            if cn_def {
                pressure.us += cfg.breach_pressure_usd_bn;
            }
            let who = match (us_def, cn_def) {
                (true, true) => "both sides",
                (true, false) => "us",
                _ => "cn",
            };
            log.entries.push((
                round,
                "deal_breach".into(),
                format!("defection by {who}; suspended measures snap back"),
            ));
        }
    }
    if deal.active && purchases.committed_to_date_mt > 0.0 {
        let c = &cfg.compliance;
        let fulfilled = purchases.fulfilled_share();
        if fulfilled < c.shortfall_threshold {
            let gap = (c.shortfall_threshold - fulfilled) / c.shortfall_threshold.max(1e-9);
            pressure.us += c.shortfall_pressure_usd_bn * gap;
            if u_breach < c.shortfall_break_probability {
                end(&mut deal, levers!());
                deal.broken = true;
                log.entries.push((
                    round,
                    "deal_breach".into(),
                    format!(
                        "compliance shortfall: {:.0}% of the soybean commitment bought",
                        100.0 * fulfilled
                    ),
                ));
            }
        }
    }
    if deal.active && round >= deal.expires_round {
        if u_renew < cfg.renewal_probability {
            deal.expires_round = round + cfg.duration_months.round().max(1.0) as u32;
            log.entries.push((
                round,
                "deal_renewed".into(),
                format!("until round {}", deal.expires_round),
            ));
        } else {
            end(&mut deal, levers!());
            log.entries.push((
                round,
                "snapback".into(),
                "deal expired unrenewed; suspended measures snap back".into(),
            ));
        }
    }

    // Deal attempts: one per summit, plus one when both sides are past their resolve.
    let combined = pressure.us / scenario.us.pressure.resolve.max(1e-9)
        + pressure.cn / scenario.cn.pressure.resolve.max(1e-9);
    let pressed = cfg.pressure_trigger
        && pressure.us > scenario.us.pressure.resolve
        && pressure.cn > scenario.cn.pressure.resolve;
    let attempts = events.summits + u32::from(pressed);
    for k in 0..attempts {
        let u: f64 = deal_rng.random();
        let summit = k < events.summits;
        if cfg.enabled && !deal.active && u < deal_probability(cfg, combined, summit) {
            strike(&mut deal, cfg, round, levers!(), comp_rng);
            let b = &cfg.bundle;
            log.entries.push((
                round,
                "deal".into(),
                format!(
                    "{}: tariffs -{:.0}/-{:.0} points, rare-earth pause {:.0}%, soybeans {} Mt/yr + {} Mt near term, export-control suspension {:.0}%, pace {:.2}",
                    if summit { "at a summit" } else { "under pressure" },
                    100.0 * deal.applied_cuts.0,
                    100.0 * deal.applied_cuts.1,
                    100.0 * b.re_pause_share,
                    b.soy_commitment_mt_per_year,
                    b.soy_near_term_mt,
                    100.0 * b.export_control_suspension_share,
                    deal.compliance_pace
                ),
            ));
        }
    }

    for due in &events.due {
        match due {
            DueEvent::Threat {
                us: by_us,
                rate,
                name,
            } => {
                if deal.active {
                    log.entries.push((
                        round,
                        "threat_cancelled".into(),
                        format!("{name}: a deal came first"),
                    ));
                } else {
                    let l = levers!();
                    let t = if *by_us { l.us_tariff } else { l.cn_tariff };
                    t.level = (t.level + rate).min(t.ceiling);
                    log.entries.push((
                        round,
                        "threat_implemented".into(),
                        format!("{name}: +{:.0} points", 100.0 * rate),
                    ));
                }
            }
            DueEvent::Expiry {
                us: us_pts,
                cn: cn_pts,
                name,
            } => {
                if deal.active {
                    log.entries.push((
                        round,
                        "truce_renewed".into(),
                        format!("{name}: renewed under the deal"),
                    ));
                } else {
                    let l = levers!();
                    l.us_tariff.level = (l.us_tariff.level + us_pts).min(l.us_tariff.ceiling);
                    l.cn_tariff.level = (l.cn_tariff.level + cn_pts).min(l.cn_tariff.ceiling);
                    log.entries.push((
                        round,
                        "snapback".into(),
                        format!(
                            "{name}: +{:.0}/+{:.0} points",
                            100.0 * us_pts,
                            100.0 * cn_pts
                        ),
                    ));
                }
            }
        }
    }
}

/// Per-month metrics of negotiation (docs/model.md §4.4).
pub const NEGOTIATION_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "deal_active",
            "0/1",
            "Share of runs under a deal",
            "1 if a deal is in force at the end of the month",
        ),
        read: |w| f64::from(u8::from(w.resource::<DealTerms>().active)),
    },
    RoundMetric {
        meta: meta(
            "soy_commitment_fulfilled_share",
            "fraction 0..1+",
            "Soybean commitment fulfilled",
            "cumulative US soybean exports to China against the current (or last) deal's commitment to date; 0 before any deal",
        ),
        read: |w| w.resource::<DealPurchases>().fulfilled_share(),
    },
];

/// Outcomes of negotiation (docs/model.md §6).
pub const NEGOTIATION_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "deal_reached",
            "0/1",
            "Deal reached",
            "1 if a deal was struck within the horizon",
        ),
        compute: |v| {
            Some(f64::from(u8::from(
                v.resource::<DealTerms>().deal_count > 0,
            )))
        },
    },
    RunMetric {
        meta: meta(
            "first_deal_round",
            "round",
            "First deal, round",
            "round of the first deal (empty if none)",
        ),
        compute: |v| v.resource::<DealTerms>().first_deal_round.map(f64::from),
    },
    RunMetric {
        meta: meta(
            "deal_count",
            "deals",
            "Deals struck",
            "number of deals struck over the horizon (renewals not counted)",
        ),
        compute: |v| Some(f64::from(v.resource::<DealTerms>().deal_count)),
    },
    RunMetric {
        meta: meta(
            "deal_broken",
            "0/1",
            "Deal broken",
            "1 if a deal ended by defection or a compliance breach",
        ),
        compute: |v| Some(f64::from(u8::from(v.resource::<DealTerms>().broken))),
    },
    RunMetric {
        meta: meta(
            "soy_commitment_fulfilled_share",
            "fraction 0..1+",
            "Soybean commitment fulfilled",
            "US soybean exports to China against the last deal's commitment to date (empty if no deal)",
        ),
        compute: |v| {
            (v.resource::<DealTerms>().deal_count > 0)
                .then(|| v.resource::<DealPurchases>().fulfilled_share())
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ComplianceConfig, DealBundle};
    use rand::SeedableRng;

    pub(crate) fn cfg() -> NegotiationConfig {
        NegotiationConfig {
            enabled: true,
            logit_intercept: -3.0,
            logit_pressure_slope: 1.0,
            summit_logit_bonus: 1.0,
            pressure_trigger: true,
            duration_months: 12.0,
            renewal_probability: 0.5,
            breach_pressure_usd_bn: 3.0,
            bundle: DealBundle {
                us_tariff_cut: 0.1,
                cn_tariff_cut: 0.1,
                re_pause_share: 1.0,
                soy_commitment_mt_per_year: 25.0,
                soy_near_term_mt: 12.0,
                export_control_suspension_share: 1.0,
            },
            compliance: ComplianceConfig {
                pace_mean: 0.57,
                pace_sd: 0.0,
                shortfall_threshold: 0.8,
                shortfall_pressure_usd_bn: 2.0,
                shortfall_break_probability: 0.1,
            },
        }
    }

    fn tariff(level: f64) -> Instrument {
        Instrument {
            level,
            reference: 0.2,
            step: 0.1,
            floor: 0.1,
            ceiling: 2.0,
        }
    }

    #[test]
    fn deal_probability_rises_with_combined_pressure_and_at_summits() {
        let c = cfg();
        let ps: Vec<f64> = [0.0, 1.0, 2.0, 4.0]
            .iter()
            .map(|x| deal_probability(&c, *x, false))
            .collect();
        assert!(ps.windows(2).all(|w| w[0] < w[1]), "{ps:?}");
        assert!(deal_probability(&c, 1.0, true) > deal_probability(&c, 1.0, false));
        assert!((deal_probability(&c, 3.0, false) - 0.5).abs() < 1e-12);
        assert!(ps.iter().all(|p| (0.0..=1.0).contains(p)));
    }

    #[test]
    fn a_deal_applies_its_bundle_and_snapback_restores_it() {
        let c = cfg();
        let mut deal = DealTerms::default();
        let (mut us, mut cn) = (tariff(0.55), tariff(0.15));
        let mut re = Instrument {
            level: 0.6,
            reference: 0.2,
            step: 0.1,
            floor: 0.0,
            ceiling: 1.0,
        };
        let mut rng = SimRng::seed_from_u64(1);
        strike(
            &mut deal,
            &c,
            2,
            Levers {
                us_tariff: &mut us,
                cn_tariff: &mut cn,
                us_controls: None,
                cn_rare_earths: Some(&mut re),
            },
            &mut rng,
        );
        assert!(deal.active && deal.deal_count == 1 && deal.first_deal_round == Some(2));
        assert!((us.level - 0.45).abs() < 1e-12);
        assert!((cn.level - 0.10).abs() < 1e-12, "cut stops at the floor");
        assert!(
            (re.level - 0.2).abs() < 1e-12,
            "rare-earth controls paused back to reference"
        );
        assert_eq!(deal.expires_round, 14);
        assert!((deal.compliance_pace - 0.57).abs() < 1e-12);
        end(
            &mut deal,
            Levers {
                us_tariff: &mut us,
                cn_tariff: &mut cn,
                us_controls: None,
                cn_rare_earths: Some(&mut re),
            },
        );
        assert!(!deal.active);
        assert!((us.level - 0.55).abs() < 1e-12 && (cn.level - 0.15).abs() < 1e-12);
        assert!((re.level - 0.6).abs() < 1e-12, "controls snap back");
        assert_eq!(deal.re_pause_share, 0.0);
    }
}
