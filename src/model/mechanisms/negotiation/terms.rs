//! A deal's terms (docs/model.md §4.4): the chance of a deal and of a renewal, striking a
//! deal (its cuts, the levels it settles on, what it cancels and postpones), ending one, and
//! breaches measured against the agreed levels. Pure functions over instruments and state.

use rand_distr::{Distribution, Normal};

use crate::config::NegotiationConfig;
use crate::foundation::rng::SimRng;
use crate::model::state::deal::{AgreedLevels, DealTerms, ReviewStep};
use crate::model::state::events::{MeasureKind, MeasureStatus, ScheduledMeasures};
use crate::model::state::instruments::Instrument;

/// Logistic function of a logit, clamped against overflow.
pub fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z.clamp(-700.0, 700.0)).exp())
}

/// Probability (0..1) that talks end in a deal: `1/(1+exp(−(a + b·x + bonus)))` with the
/// summit bonus at a leaders' summit and `extra` (preparatory progress, working-level
/// penalty) added.
pub fn deal_probability(
    cfg: &NegotiationConfig,
    combined_pressure: f64,
    summit: bool,
    extra: f64,
) -> f64 {
    logistic(
        cfg.logit_intercept
            + cfg.logit_pressure_slope * combined_pressure
            + if summit { cfg.summit_logit_bonus } else { 0.0 }
            + extra,
    )
}

/// Probability (0..1) that a deal is renewed at its expiry: the configured base probability
/// on the logit scale, plus `renewal_compliance_slope` per unit of the fulfilled share above
/// the shortfall threshold and `renewal_pressure_slope` per unit of combined pressure above
/// 2 (both sides at resolve). `combined` is the pressure at stake: the caller passes the
/// larger of today's and the pressure when the deal was struck, since a working deal lowers
/// today's pressure but letting it lapse would bring the losses back. A base of exactly 0 or
/// 1 is kept as it is.
pub fn renewal_probability(cfg: &NegotiationConfig, fulfilled: Option<f64>, combined: f64) -> f64 {
    let p = cfg.renewal_probability;
    if p <= 0.0 || p >= 1.0 {
        return p.clamp(0.0, 1.0);
    }
    let compliance = fulfilled.map_or(0.0, |f| f.min(1.5) - cfg.compliance.shortfall_threshold);
    logistic(
        (p / (1.0 - p)).ln()
            + cfg.renewal_compliance_slope * compliance
            + cfg.renewal_pressure_slope * (combined - 2.0),
    )
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

impl Levers<'_> {
    /// The current levels, as a deal would settle on them.
    pub fn levels(&self) -> AgreedLevels {
        AgreedLevels {
            us_tariff: self.us_tariff.level,
            cn_tariff: self.cn_tariff.level,
            us_controls: self.us_controls.as_ref().map(|i| i.level),
            cn_rare_earths: self.cn_rare_earths.as_ref().map(|i| i.level),
        }
    }
}

/// Cuts an instrument toward its reference by `share` of its excess; returns the cut.
fn pause(i: &mut Instrument, share: f64) -> f64 {
    let cut = (i.level - i.reference).max(0.0) * share.clamp(0.0, 1.0);
    i.level -= cut;
    cut
}

/// What a deal did to the scheduled measures, for the log.
#[derive(Debug, Default, PartialEq)]
pub struct MeasureChanges {
    /// Names cancelled.
    pub cancelled: Vec<String>,
    /// Names postponed to the deal's expiry.
    pub postponed: Vec<String>,
    /// Names that had taken effect and were rolled back (their points are part of the
    /// deal's cuts).
    pub rolled_back: Vec<String>,
}

/// Strikes a deal in `round`: applies the bundle's cuts, records the levels it settles on,
/// draws China's purchase pace, schedules the first review, and cancels or postpones the
/// scheduled measures its bundle names (rolling back those that already took effect). `anchor_round` is the first round whose moves count
/// under it.
pub fn strike(
    deal: &mut DealTerms,
    cfg: &NegotiationConfig,
    round: u32,
    anchor_round: u32,
    l: Levers,
    measures: &mut ScheduledMeasures,
    rng: &mut SimRng,
) -> MeasureChanges {
    let b = &cfg.bundle;
    let us_before = l.us_tariff.level;
    let cn_before = l.cn_tariff.level;
    // A named measure that already took effect is rolled back by the deal (Geneva, 12 May
    // 2025, undid the April escalation): its points join the deal's cuts, which snap back if
    // the deal ends.
    // Only the points still in place come off: moves since may have cut part of them, so a
    // rollback never takes a tariff below its level before the first rolled-back measure.
    let (mut us_points, mut cn_points) = (0.0_f64, 0.0_f64);
    let (mut us_floor, mut cn_floor) = (f64::INFINITY, f64::INFINITY);
    for m in &measures.0 {
        if m.status == MeasureStatus::Implemented
            && (b.cancels.contains(&m.name) || b.postpones.contains(&m.name))
        {
            let (us_before, cn_before) = m.tariffs_before.unwrap_or((0.0, 0.0));
            let (us, cn) = match m.kind {
                MeasureKind::Threat { us: true, rate } => (rate, 0.0),
                MeasureKind::Threat { us: false, rate } => (0.0, rate),
                MeasureKind::Expiry { us, cn } => (us, cn),
            };
            if us > 0.0 {
                us_points += us;
                us_floor = us_floor.min(us_before);
            }
            if cn > 0.0 {
                cn_points += cn;
                cn_floor = cn_floor.min(cn_before);
            }
        }
    }
    let in_place = |level: f64, before: f64, points: f64| points.min((level - before).max(0.0));
    let us_rollback = in_place(l.us_tariff.level, us_floor, us_points);
    let cn_rollback = in_place(l.cn_tariff.level, cn_floor, cn_points);
    l.us_tariff.level = (l.us_tariff.level - b.us_tariff_cut - us_rollback).max(l.us_tariff.floor);
    l.cn_tariff.level = (l.cn_tariff.level - b.cn_tariff_cut - cn_rollback).max(l.cn_tariff.floor);
    deal.applied_cuts = (us_before - l.us_tariff.level, cn_before - l.cn_tariff.level);
    let Levers {
        us_tariff,
        cn_tariff,
        us_controls,
        cn_rare_earths,
    } = l;
    let mut us_controls = us_controls;
    let mut cn_rare_earths = cn_rare_earths;
    deal.applied_control_cuts = (
        us_controls
            .as_deref_mut()
            .map_or(0.0, |i| pause(i, b.export_control_suspension_share)),
        cn_rare_earths
            .as_deref_mut()
            .map_or(0.0, |i| pause(i, b.re_pause_share)),
    );
    deal.agreed = Levers {
        us_tariff,
        cn_tariff,
        us_controls,
        cn_rare_earths,
    }
    .levels();
    deal.active = true;
    deal.started_round = round;
    deal.anchor_round = anchor_round;
    deal.expires_round = round + cfg.duration_months.round().max(1.0) as u32;
    deal.next_review_round = round + cfg.compliance.review_interval_months.round().max(1.0) as u32;
    deal.review_step = ReviewStep::Satisfied;
    deal.deal_count += 1;
    deal.first_deal_round.get_or_insert(round);
    deal.re_pause_share = b.re_pause_share;
    deal.export_control_suspension_share = b.export_control_suspension_share;
    let pace = Normal::new(cfg.compliance.pace_mean, cfg.compliance.pace_sd.max(0.0))
        .map(|n| n.sample(rng))
        .unwrap_or(cfg.compliance.pace_mean);
    deal.compliance_pace = pace.clamp(0.0, 1.5);
    let mut changes = MeasureChanges::default();
    for m in &mut measures.0 {
        if m.status == MeasureStatus::Implemented {
            if b.cancels.contains(&m.name) {
                m.status = MeasureStatus::Cancelled;
                changes.rolled_back.push(m.name.clone());
            } else if b.postpones.contains(&m.name) {
                m.status = MeasureStatus::SuspendedByDeal;
                m.due_round = deal.expires_round;
                changes.rolled_back.push(m.name.clone());
                changes.postponed.push(m.name.clone());
            }
            continue;
        }
        let open = matches!(
            m.status,
            MeasureStatus::Pending | MeasureStatus::SuspendedByDeal
        ) && m.due_round >= round;
        if !open {
            continue;
        }
        if b.cancels.contains(&m.name) {
            m.status = MeasureStatus::Cancelled;
            changes.cancelled.push(m.name.clone());
        } else if b.postpones.contains(&m.name) {
            m.status = MeasureStatus::SuspendedByDeal;
            m.due_round = deal.expires_round;
            changes.postponed.push(m.name.clone());
        }
    }
    changes
}

/// Ends the deal in `round`: its cuts snap back, and the measures it postponed or held fall
/// due in this month.
pub fn end(deal: &mut DealTerms, l: Levers, measures: &mut ScheduledMeasures, round: u32) {
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
    deal.review_step = ReviewStep::Satisfied;
    for m in &mut measures.0 {
        if m.status == MeasureStatus::SuspendedByDeal {
            m.status = MeasureStatus::Pending;
            m.due_round = round;
        }
    }
}

/// Which sides hold an instrument above the level the deal settled on (US, China): a
/// breach of its terms. Moves made before the deal are in the agreed levels, not breaches.
pub fn breaches(agreed: &AgreedLevels, l: &Levers) -> (bool, bool) {
    const EPS: f64 = 1e-9;
    let above = |level: Option<f64>, agreed: Option<f64>| match (level, agreed) {
        (Some(x), Some(a)) => x > a + EPS,
        _ => false,
    };
    let now = l.levels();
    (
        now.us_tariff > agreed.us_tariff + EPS || above(now.us_controls, agreed.us_controls),
        now.cn_tariff > agreed.cn_tariff + EPS || above(now.cn_rare_earths, agreed.cn_rare_earths),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mechanisms::negotiation::fixtures::{cfg, measures, tariff};
    use crate::model::state::events::MeasureStatus;
    use rand::SeedableRng;

    /// A deal's levers over the two tariffs and, if given, China's rare-earth licensing.
    fn tariffs_and_rare_earths<'a>(
        us: &'a mut Instrument,
        cn: &'a mut Instrument,
        rare_earths: Option<&'a mut Instrument>,
    ) -> Levers<'a> {
        Levers {
            us_tariff: us,
            cn_tariff: cn,
            us_controls: None,
            cn_rare_earths: rare_earths,
        }
    }

    #[test]
    fn deal_probability_rises_with_combined_pressure_and_at_summits() {
        let c = cfg();
        let ps: Vec<f64> = [0.0, 1.0, 2.0, 4.0]
            .iter()
            .map(|x| deal_probability(&c, *x, false, 0.0))
            .collect();
        assert!(ps.windows(2).all(|w| w[0] < w[1]), "{ps:?}");
        assert!(deal_probability(&c, 1.0, true, 0.0) > deal_probability(&c, 1.0, false, 0.0));
        assert!(deal_probability(&c, 1.0, false, -1.0) < deal_probability(&c, 1.0, false, 0.0));
        assert!((deal_probability(&c, 3.0, false, 0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn renewal_probability_rises_with_compliance_and_pressure() {
        let mut c = cfg();
        c.renewal_compliance_slope = 3.0;
        c.renewal_pressure_slope = 1.0;
        let low = renewal_probability(&c, Some(0.3), 2.0);
        let mid = renewal_probability(&c, Some(0.8), 2.0);
        let high = renewal_probability(&c, Some(1.0), 2.0);
        assert!(low < mid && mid < high, "{low} {mid} {high}");
        assert!(
            (mid - c.renewal_probability).abs() < 1e-12,
            "at the threshold: the base"
        );
        assert!(renewal_probability(&c, Some(0.8), 4.0) > mid);
        c.renewal_probability = 0.0;
        assert_eq!(renewal_probability(&c, Some(1.0), 9.0), 0.0);
    }

    #[test]
    fn a_deal_rolls_back_a_named_threat_that_already_took_effect_and_snapback_restores_it() {
        let c = cfg();
        let mut deal = DealTerms::default();
        // The threat (+1.0 on the US) took effect at round 3; the other threat too.
        let (mut us, mut cn) = (tariff(1.55), tariff(0.95));
        let mut m = measures();
        m.0[0].status = MeasureStatus::Implemented;
        m.0[2].status = MeasureStatus::Implemented;
        let mut rng = SimRng::seed_from_u64(1);
        let changes = strike(
            &mut deal,
            &c,
            5,
            5,
            tariffs_and_rare_earths(&mut us, &mut cn, None),
            &mut m,
            &mut rng,
        );
        assert!(
            (us.level - 0.45).abs() < 1e-12,
            "bundle cut + the threat's 100 points"
        );
        assert!((cn.level - 0.85).abs() < 1e-12, "an unnamed threat stays");
        assert_eq!(changes.rolled_back, ["threat"]);
        assert_eq!(m.0[0].status, MeasureStatus::Cancelled);
        assert_eq!(m.0[2].status, MeasureStatus::Implemented);
        end(
            &mut deal,
            tariffs_and_rare_earths(&mut us, &mut cn, None),
            &mut m,
            9,
        );
        assert!(
            (us.level - 1.55).abs() < 1e-12,
            "the rolled-back points snap back too"
        );
        // The US has cut 60 of the threat's 100 points on its own since it took effect at
        // 1.55 from 0.55: a deal rolls back only the 40 still in place.
        let mut deal = DealTerms::default();
        let (mut us, mut cn) = (tariff(0.95), tariff(0.5));
        let mut m = measures();
        m.0[0].status = MeasureStatus::Implemented;
        m.0[0].tariffs_before = Some((0.55, 0.5));
        strike(
            &mut deal,
            &c,
            5,
            5,
            tariffs_and_rare_earths(&mut us, &mut cn, None),
            &mut m,
            &mut rng,
        );
        assert!(
            (us.level - 0.45).abs() < 1e-12,
            "0.95 − 0.40 in place − 0.10 cut: {}",
            us.level
        );
    }

    #[test]
    fn a_deal_applies_its_bundle_cancels_what_it_names_and_snapback_restores_it() {
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
        let mut m = measures();
        let mut rng = SimRng::seed_from_u64(1);
        let changes = strike(
            &mut deal,
            &c,
            2,
            2,
            tariffs_and_rare_earths(&mut us, &mut cn, Some(&mut re)),
            &mut m,
            &mut rng,
        );
        assert!(deal.active && deal.deal_count == 1 && deal.first_deal_round == Some(2));
        assert!((us.level - 0.45).abs() < 1e-12);
        assert!((cn.level - 0.10).abs() < 1e-12, "cut stops at the floor");
        assert!((re.level - 0.2).abs() < 1e-12, "rare-earth controls paused");
        assert_eq!(deal.agreed.us_tariff, us.level);
        assert_eq!(deal.agreed.cn_rare_earths, Some(re.level));
        assert_eq!(deal.expires_round, 14);
        assert_eq!(deal.next_review_round, 5);
        assert_eq!(changes.cancelled, ["threat"]);
        assert_eq!(changes.postponed, ["truce"]);
        assert_eq!(m.0[0].status, MeasureStatus::Cancelled);
        assert_eq!(
            (m.0[1].status, m.0[1].due_round),
            (MeasureStatus::SuspendedByDeal, 14)
        );
        assert_eq!(
            m.0[2].status,
            MeasureStatus::Pending,
            "not named: untouched"
        );
        end(
            &mut deal,
            tariffs_and_rare_earths(&mut us, &mut cn, Some(&mut re)),
            &mut m,
            6,
        );
        assert!(!deal.active);
        assert!((us.level - 0.55).abs() < 1e-12 && (cn.level - 0.15).abs() < 1e-12);
        assert!((re.level - 0.6).abs() < 1e-12, "controls snap back");
        assert_eq!(
            (m.0[1].status, m.0[1].due_round),
            (MeasureStatus::Pending, 6),
            "a postponed measure falls due when the deal ends"
        );
        assert_eq!(
            m.0[0].status,
            MeasureStatus::Cancelled,
            "cancelled stays so"
        );
    }

    #[test]
    fn raising_a_tariff_above_the_agreed_level_is_a_breach_and_holding_is_not() {
        let (mut us, mut cn) = (tariff(0.45), tariff(0.2));
        let agreed = AgreedLevels {
            us_tariff: 0.45,
            cn_tariff: 0.2,
            us_controls: None,
            cn_rare_earths: None,
        };
        let levers = |us: &mut Instrument, cn: &mut Instrument| {
            breaches(
                &agreed,
                &Levers {
                    us_tariff: us,
                    cn_tariff: cn,
                    us_controls: None,
                    cn_rare_earths: None,
                },
            )
        };
        assert_eq!(levers(&mut us, &mut cn), (false, false));
        cn.level = 0.3;
        assert_eq!(levers(&mut us, &mut cn), (false, true));
        cn.level = 0.1;
        us.level = 0.4;
        assert_eq!(
            levers(&mut us, &mut cn),
            (false, false),
            "cuts are no breach"
        );
    }
}
