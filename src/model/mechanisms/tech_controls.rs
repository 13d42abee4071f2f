//! US tech export controls, US tech exporters and Chinese tech users (docs/model.md §4.9;
//! firms §3).
//!
//! The US stringency `s` (0..1, `ExportControls` on the US government) is the share of
//! Chinese tech buyers covered; the affiliates rule of 29 Sep 2025 (≈1,300 China-related
//! listings → >20,000 entities owned ≥50% by listed parties) is the jump from the reference
//! `s₀` to the initial level. Against the reference, each month:
//! - a US tech exporter `j` (China revenue `R_j` per month, exposure `e_j`) loses revenue
//!   `R_j·(min(1, e_j·s) − min(1, e_j·s₀))`, of which the share `exporter_margin` is lost
//!   surplus (booked to the US; all tech exporters lobby, so it also counts as lobbying);
//! - a Chinese tech user `k` (output `Y_k`, dependence `d_k`, coverage rank `r_k`,
//!   substitution `σ_k`) is covered when `r_k < s`; it loses output
//!   `Y_k·d_k·(1 − σ_k)·(1[r_k < s] − 1[r_k < s₀])`, and while covered its substitution
//!   progresses, `σ_k ← σ_k + (1 − σ_k)·ρ_k` with `ρ_k = 1 − exp(−1/m_k)` (`m_k` drawn
//!   around `substitution_months`): losses fall as domestic substitutes replace the
//!   controlled inputs, and substitution never reverses.

use bevy_ecs::prelude::*;

use rand::RngExt;

use crate::config::Scenario;
use crate::foundation::rng::SimRng;
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::respawn::spawn_or_overwrite;
use crate::model::state::firms::{FirmKind, sizes, uniform};
use crate::model::state::instruments::{ExportControls, Instrument};
use crate::model::state::ledger::{MonthlyLedger, StatusQuoLedger};
use crate::model::state::sides::Governments;

// ---------------------------------------------------------------- COMPONENTS

/// A US tech exporter (chips, equipment, software-powered goods).
#[derive(Component, Debug, Clone, Copy)]
pub struct TechExporter {
    /// China revenue per month with no controls (USD bn).
    pub china_revenue_usd_bn: f64,
    /// Exposure: its controlled share of China revenue is `min(1, exposure × stringency)`.
    pub exposure: f64,
}

/// A Chinese firm using US-controlled tech inputs.
#[derive(Component, Debug, Clone, Copy)]
pub struct TechUser {
    /// Output per month (USD bn).
    pub output_usd_bn: f64,
    /// Share of output lost while covered and not yet substituted.
    pub dependence: f64,
    /// Position in the coverage order: covered when `rank < stringency` (0..1).
    pub rank: f64,
    /// Share of the remaining controlled inputs replaced per covered month.
    pub substitution_rate: f64,
}

/// Share of a tech user's controlled inputs replaced by domestic substitutes (0..1, never
/// falls).
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct Substitution(pub f64);

// ---------------------------------------------------------------- RESOURCES

/// This month's tech-control losses and the totals over the horizon (USD bn).
#[derive(Resource, Debug, Clone, Default)]
pub struct TechTotals {
    /// US tech exporters' China revenue lost this month.
    pub revenue_loss_usd_bn: f64,
    /// Chinese tech users' output lost this month.
    pub output_loss_usd_bn: f64,
    /// Output-weighted mean substitution of covered Chinese tech users (0..1).
    pub substitution_covered: f64,
    /// US tech exporters' China revenue lost since round 0.
    pub revenue_loss_cum_usd_bn: f64,
    /// Chinese tech users' output lost since round 0.
    pub output_loss_cum_usd_bn: f64,
}

// ---------------------------------------------------------------- SETUP

/// Spawns the US tech exporters from the firm stream `rng` (after the magnet users, as
/// `model::world` orders the firm spawns).
pub fn spawn_tech_exporters(world: &mut World, s: &Scenario, rng: &mut SimRng) {
    let tc = &s.tech_controls;
    let n = s.firms.us_tech_exporters as usize;
    let revenues = sizes(
        rng,
        n,
        s.firms.size_spread,
        tc.us_china_revenue_usd_bn_per_yr / 12.0,
    );
    let bundles: Vec<_> = revenues
        .into_iter()
        .map(|china_revenue_usd_bn| {
            (
                FirmKind::UsTechExporter,
                TechExporter {
                    china_revenue_usd_bn,
                    exposure: uniform(rng, 1.0 - tc.exposure_spread, 1.0 + tc.exposure_spread),
                },
            )
        })
        .collect();
    spawn_or_overwrite::<TechExporter, _>(world, bundles);
}

/// Spawns the Chinese tech users from the firm stream `rng` (after the Chinese exporters,
/// as `model::world` orders the firm spawns).
pub fn spawn_tech_users(world: &mut World, s: &Scenario, rng: &mut SimRng) {
    let tc = &s.tech_controls;
    let n = s.firms.cn_tech_users as usize;
    let outputs = sizes(
        rng,
        n,
        s.firms.size_spread,
        tc.cn_output_usd_bn_per_yr / 12.0,
    );
    let bundles: Vec<_> = outputs
        .into_iter()
        .enumerate()
        .map(|(i, output_usd_bn)| {
            // Stratified ranks: the covered share of firms tracks the stringency closely.
            let rank = (i as f64 + rng.random::<f64>()) / n as f64;
            let months = tc.substitution_months * uniform(rng, 0.5, 1.5);
            (
                FirmKind::CnTechUser,
                TechUser {
                    output_usd_bn,
                    dependence: uniform(rng, tc.dependence_low, tc.dependence_high),
                    rank,
                    substitution_rate: 1.0 - (-1.0 / months).exp(),
                },
                Substitution(0.0),
            )
        })
        .collect();
    spawn_or_overwrite::<TechUser, _>(world, bundles);
}

/// Puts US export controls on the US government and the tech-control totals into a world.
/// Call after the governments spawn.
pub fn setup_tech_controls(world: &mut World, scenario: &Scenario) {
    if let Some(g) = world.get_resource::<Governments>().copied() {
        world
            .entity_mut(g.us)
            .insert(ExportControls(Instrument::from(
                &scenario.tech_controls.stringency,
            )));
    }
    world.insert_resource(TechTotals::default());
}

// ---------------------------------------------------------------- ECONOMICS

/// Share of an exporter's China revenue that is controlled at stringency `s`.
pub fn controlled_share(exposure: f64, s: f64) -> f64 {
    (exposure * s).clamp(0.0, 1.0)
}

/// A US tech exporter's China revenue lost against the reference stringency (USD bn).
pub fn revenue_loss(revenue_usd_bn: f64, exposure: f64, s: f64, s0: f64) -> f64 {
    revenue_usd_bn * (controlled_share(exposure, s) - controlled_share(exposure, s0))
}

/// A Chinese tech user's output lost against the reference stringency (USD bn).
pub fn output_loss(user: &TechUser, substitution: f64, s: f64, s0: f64) -> f64 {
    let covered = f64::from(u8::from(user.rank < s)) - f64::from(u8::from(user.rank < s0));
    user.output_usd_bn * user.dependence * (1.0 - substitution.clamp(0.0, 1.0)) * covered
}

/// One month of substitution progress for a covered firm.
pub fn substitution_step(substitution: f64, rate: f64) -> f64 {
    (substitution + (1.0 - substitution) * rate.clamp(0.0, 1.0)).clamp(0.0, 1.0)
}

// ---------------------------------------------------------------- SYSTEMS

/// Tech-controls step (§4.9): exporters' lost revenue, users' lost output and substitution;
/// the same losses at the status-quo stringency (round 0) go to the status-quo ledger.
#[allow(clippy::too_many_arguments)]
pub fn tech_controls(
    scenario: Res<Scenario>,
    governments: Res<Governments>,
    controls: Query<&ExportControls>,
    exporters: Query<&TechExporter>,
    mut users: Query<(&TechUser, &mut Substitution)>,
    mut totals: ResMut<TechTotals>,
    mut ledger: ResMut<MonthlyLedger>,
    mut status_quo: ResMut<StatusQuoLedger>,
) {
    let s_sq = scenario.tech_controls.stringency.initial;
    let (s, s0) = controls
        .get(governments.us)
        .map_or((0.0, 0.0), |c| (c.0.level, c.0.reference));
    let (mut revenue, mut revenue_sq) = (0.0, 0.0);
    for firm in &exporters {
        revenue += revenue_loss(firm.china_revenue_usd_bn, firm.exposure, s, s0);
        revenue_sq += revenue_loss(firm.china_revenue_usd_bn, firm.exposure, s_sq, s0);
    }
    let (mut output, mut output_sq) = (0.0, 0.0);
    let (mut sub_w, mut w) = (0.0, 0.0);
    for (user, mut sub) in &mut users {
        output += output_loss(user, sub.0, s, s0);
        output_sq += output_loss(user, sub.0, s_sq, s0);
        if user.rank < s {
            sub.0 = substitution_step(sub.0, user.substitution_rate);
            sub_w += user.output_usd_bn * sub.0;
            w += user.output_usd_bn;
        }
    }
    totals.revenue_loss_usd_bn = revenue;
    totals.output_loss_usd_bn = output;
    totals.substitution_covered = if w > 0.0 { sub_w / w } else { 0.0 };
    totals.revenue_loss_cum_usd_bn += revenue;
    totals.output_loss_cum_usd_bn += output;
    let surplus = scenario.tech_controls.exporter_margin * revenue;
    ledger.us.tech_export_surplus_loss_usd_bn += surplus;
    ledger.us.lobbying_loss_usd_bn += surplus;
    ledger.cn.tech_output_loss_usd_bn += output;
    status_quo.us.tech_export_surplus_loss_usd_bn +=
        scenario.tech_controls.exporter_margin * revenue_sq;
    status_quo.cn.tech_output_loss_usd_bn += output_sq;
}

// ---------------------------------------------------------------- METRICS

/// US export-control stringency at the end of each month.
pub const US_EXPORT_CONTROL: RoundMetric = RoundMetric {
    meta: meta(
        "us_export_control",
        "fraction 0..1",
        "US tech export-control stringency",
        "share of Chinese tech buyers covered by US export controls, end of month",
    ),
    read: |w| {
        let g = w.resource::<Governments>();
        w.get::<ExportControls>(g.us).map_or(0.0, |c| c.0.level)
    },
};

/// Per-month metrics of tech controls.
pub const TECH_ROUND_METRICS: &[RoundMetric] = &[
    US_EXPORT_CONTROL,
    RoundMetric {
        meta: meta(
            "cn_tech_substitution",
            "fraction 0..1",
            "Chinese tech users' substitution",
            "output-weighted share of controlled inputs covered Chinese tech users have replaced",
        ),
        read: |w| w.resource::<TechTotals>().substitution_covered,
    },
];

/// Outcomes of tech controls (docs/model.md §6).
pub const TECH_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "us_export_control_final",
            "fraction 0..1",
            "US export-control stringency, final month",
            "US tech export-control stringency in the last round",
        ),
        compute: |v| v.last(&US_EXPORT_CONTROL),
    },
    RunMetric {
        meta: meta(
            "us_tech_revenue_loss_usd_bn",
            "USD bn",
            "US tech exporters' lost China revenue",
            "US tech exporters' China revenue lost to controls above the reference, summed over the horizon",
        ),
        compute: |v| Some(v.resource::<TechTotals>().revenue_loss_cum_usd_bn),
    },
    RunMetric {
        meta: meta(
            "cn_tech_output_loss_usd_bn",
            "USD bn",
            "Chinese tech users' lost output",
            "Chinese tech users' output lost to US controls above the reference, summed over the horizon",
        ),
        compute: |v| Some(v.resource::<TechTotals>().output_loss_cum_usd_bn),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn user(rank: f64) -> TechUser {
        TechUser {
            output_usd_bn: 1.0,
            dependence: 0.05,
            rank,
            substitution_rate: 1.0 - (-1.0f64 / 36.0).exp(),
        }
    }

    #[test]
    fn controls_above_the_reference_cost_exporters_revenue() {
        assert_eq!(revenue_loss(10.0, 1.0, 0.15, 0.15), 0.0);
        assert!((revenue_loss(10.0, 1.0, 0.40, 0.15) - 2.5).abs() < 1e-12);
        assert_eq!(controlled_share(1.5, 0.9), 1.0);
    }

    #[test]
    fn only_newly_covered_users_lose_output() {
        assert_eq!(
            output_loss(&user(0.1), 0.0, 0.4, 0.15),
            0.0,
            "covered in the reference too"
        );
        assert_eq!(output_loss(&user(0.5), 0.0, 0.4, 0.15), 0.0, "not covered");
        assert!((output_loss(&user(0.3), 0.0, 0.4, 0.15) - 0.05).abs() < 1e-12);
    }

    proptest! {
        /// Tech losses fall as substitution progresses, and substitution never reverses.
        #[test]
        fn tech_losses_fall_as_substitution_progresses(
            rank in 0.15f64..0.4, months in 1usize..60, rate in 0.001f64..0.5,
        ) {
            let u = TechUser { substitution_rate: rate, ..user(rank) };
            let mut sub = 0.0;
            let mut last = output_loss(&u, sub, 0.4, 0.15);
            prop_assert!(last > 0.0);
            for _ in 0..months {
                let next_sub = substitution_step(sub, u.substitution_rate);
                prop_assert!(next_sub >= sub && next_sub <= 1.0);
                sub = next_sub;
                let loss = output_loss(&u, sub, 0.4, 0.15);
                prop_assert!(loss <= last);
                if last > 1e-9 {
                    prop_assert!(loss < last, "strictly while anything is left to replace");
                }
                prop_assert!(loss >= 0.0);
                last = loss;
            }
        }

        /// Exporters' losses rise with stringency.
        #[test]
        fn revenue_loss_rises_with_stringency(e in 0.5f64..1.5, s in 0.0f64..1.0, ds in 0.0f64..0.5) {
            prop_assert!(revenue_loss(1.0, e, s + ds, 0.15) >= revenue_loss(1.0, e, s, 0.15));
        }
    }
}
