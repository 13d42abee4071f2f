//! The soybean market (docs/model.md §4.6): China's monthly import demand is split between US and
//! Brazilian supply by landed price (tariffs included), the export seasons and China's
//! purchase directive; the world (CBOT-like) price, the US basis and Brazil's premium answer
//! the split. China's total is conserved month by month (stylized fact 4): whatever it does
//! not buy from the US it buys from Brazil (standing for all South American origins).
//!
//! For calendar month `m` (demand `D_m = D·w_m/Σw`), landed prices
//! `L_US = (P + g_US + f_US)(1 + τ_US)` and `L_BR = (P + π_BR + f_BR)(1 + τ_BR)`:
//! - CES choice: `s_US = b·a_US(m)·L_US^(−σ) / (b·a_US(m)·L_US^(−σ) + W·a_BR(m)·L_BR^(−σ))`,
//!   with `b` the directive's buying level (0 = freeze), `a(m)` 1 in an origin's export season
//!   and `off_season_availability` outside it, `W` Brazil's supply weight;
//! - purchases `q_US = max(s_US·D_m, min(C·c_m, D_m))` (a committed `C` Mt/yr shipped with the
//!   US season profile `c_m`), `q_BR = D_m − q_US`;
//! - world price `P = P₀·e^z·(1 + (1 − δ)·S/Q)^(−1/η)`, where `S = E₀ − E` is the shortfall
//!   of expected annual US sales to China under the current policy against the no-conflict
//!   reference (both evaluated at reference prices), `δ` the share of it the US sells
//!   elsewhere, `Q` US production, `η` the elasticity of the rest of demand for US beans and
//!   `z` an AR(1) world shock common to the reference;
//! - US basis (farm-gate and export) `b_US = b₀ − κ·clamp(S/E₀, 0, 1)`: it widens when China
//!   is absent; farm-gate price `P + b_US`;
//! - Brazil's premium is the fixed point `π = π₀ + λ·max(0, q_BR(π) − q_BR⁰)/B̄`, with `q_BR⁰`
//!   the reference month's Brazilian sales and `B̄` Brazil's average reference month: it rises
//!   when China leans on Brazil, most in Brazil's off-season.
//!
//! The no-conflict reference (same month, same shock, reference tariff, normal buying, no
//! commitment, reference prices) is computed alongside, for China's cost premium and the US
//! revenue lost in China.
//!
//! Under a deal this mechanism also keeps the deal's purchase accounting
//! ([`DealPurchases`]): the commitment accrued and what China bought against it.
//!
//! Files: [`market`] (the market clearing, pure of the ECS), this file (China's
//! instruments, setup, systems, metric tables).

use bevy_ecs::prelude::*;
use rand_distr::{Distribution, StandardNormal};

pub mod market;

pub use market::{SoyParams, SoyPolicy, SoyTotals, SoybeanMarket, in_season, usd_bn};

use crate::config::{DirectiveConfig, Scenario};
use crate::foundation::calendar::Calendar;
use crate::foundation::rng::{Purpose, SimRng, stream};
use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::deal::{DealPurchases, DealTerms};
use crate::model::state::instruments::Instrument;
use crate::model::state::ledger::MonthlyLedger;
use crate::model::state::markets::SoyPrices;
use crate::model::state::moves::LastMoves;
use crate::model::state::sides::Governments;
use crate::model::strategy::Move;

// COMPONENTS ---------------------------------------------------------------------------------

/// China's soybean purchase directive (an instrument on the China entity): how much of its
/// normal commercial buying of US soybeans China allows (0 = freeze, 1 = normal), and a
/// committed tonnage that a deal may set.
#[derive(Component, Debug, Clone, Copy, PartialEq)]
pub struct PurchaseDirective {
    /// Level of normal commercial buying allowed (0..1).
    pub buying: f64,
    /// No-conflict level (normally 1).
    pub reference: f64,
    /// Change per move.
    pub step: f64,
    /// Committed purchases of US soybeans (Mt/yr; 0 = none).
    pub commitment_mt: f64,
}

impl PurchaseDirective {
    /// Applies a purchases move: an escalation buys less, a de-escalation more.
    pub fn apply(&mut self, mv: Move) {
        self.buying = (self.buying - self.step * f64::from(mv.sign())).clamp(0.0, 1.0);
    }
}

impl From<&DirectiveConfig> for PurchaseDirective {
    fn from(c: &DirectiveConfig) -> Self {
        PurchaseDirective {
            buying: c.initial,
            reference: c.reference,
            step: c.step,
            commitment_mt: c.commitment_mt,
        }
    }
}

/// China's tariff on US soybeans (fraction), moved by China's tariff moves.
#[derive(Component, Debug, Clone, Copy)]
pub struct SoyTariff(pub Instrument);

/// The world soybean price shock: an AR(1) in log points, one normal draw every month.
#[derive(Resource, Debug, Clone)]
pub struct SoyShock {
    /// Current log deviation of the world price.
    pub z: f64,
    /// The market's own random stream.
    pub rng: SimRng,
}

// SETUP AND SYSTEMS --------------------------------------------------------------------------

/// Puts the soybean market into a world: the directive and the soybean tariff on the China
/// entity, the market, its shock stream, the published farm-gate prices and an empty deal
/// purchase account as resources. Call after the governments spawn.
pub fn setup_soybeans(world: &mut World, scenario: &Scenario, master_seed: u64, replicate: u64) {
    let cfg = &scenario.soybeans;
    let cn = world.resource::<Governments>().cn;
    world.entity_mut(cn).insert((
        PurchaseDirective::from(&cfg.directive),
        SoyTariff(Instrument::from(&cfg.cn_tariff_on_us)),
    ));
    let market = SoybeanMarket::new(cfg);
    world.insert_resource(SoyPrices {
        farm_gate_usd_bu: market.farm_gate_usd_bu,
        ref_farm_gate_usd_bu: market.ref_farm_gate_usd_bu,
    });
    world.insert_resource(market);
    world.insert_resource(DealPurchases::default());
    world.insert_resource(SoyShock {
        z: 0.0,
        rng: stream(master_seed, replicate, Purpose::Market("soybeans")),
    });
}

/// Decide step, after the strategies (§4.3): China's purchases move moves the directive and
/// its tariff move moves the soybean tariff.
pub fn apply_purchase_moves(
    mut china: Query<(&LastMoves, &mut PurchaseDirective, &mut SoyTariff)>,
) {
    for (last, mut directive, mut tariff) in &mut china {
        directive.apply(last.0.purchases);
        tariff.0.apply(last.0.tariff);
    }
}

/// Soybean-market step (§4.6): draw the world shock, clear the month, publish the farm-gate
/// prices, book China's cost premium in its ledger. Under a deal, after its shipping lag,
/// China resumes normal commercial buying and buys its commitment at its compliance pace:
/// the near-term tonnage in US-season months, then the annual tonnage with the season; the
/// purchases are accounted against it (a new deal opens a new account).
#[allow(clippy::too_many_arguments)]
pub fn clear_soybean_market(
    calendar: Res<Calendar>,
    scenario: Res<Scenario>,
    deal: Res<DealTerms>,
    china: Query<(&PurchaseDirective, &SoyTariff)>,
    mut purchases: ResMut<DealPurchases>,
    mut market: ResMut<SoybeanMarket>,
    mut prices: ResMut<SoyPrices>,
    mut shock: ResMut<SoyShock>,
    mut ledger: ResMut<MonthlyLedger>,
) {
    let Some((directive, tariff)) = china.iter().next() else {
        return;
    };
    let (sd, rho) = (
        market.params.cfg.price_shock_sd,
        market.params.cfg.price_shock_persistence,
    );
    let e: f64 = StandardNormal.sample(&mut shock.rng);
    shock.z = rho * shock.z + sd * e;
    let month = calendar.month();
    let mut policy = SoyPolicy {
        buying: directive.buying,
        commitment_mt: directive.commitment_mt,
        us_tariff: tariff.0.level,
        extra_mt: 0.0,
    };
    let mut shipping = false;
    if deal.active {
        let bundle = &scenario.negotiation.bundle;
        if purchases.deal_number != deal.deal_count {
            // A deal struck this month: a new account.
            *purchases = DealPurchases {
                deal_number: deal.deal_count,
                near_term_mt: bundle.soy_near_term_mt,
                ..DealPurchases::default()
            };
        }
        // Shipments start after the shipping lag; the near-term tonnage ships in US-season
        // months, then the annual commitment follows the season profile.
        let k = calendar.round.saturating_sub(deal.started_round);
        let lag = bundle.shipping_lag_months.round().max(0.0) as u32;
        let near_months = bundle.near_term_months.round().max(1.0) as u32;
        shipping = k >= lag;
        let mut due = 0.0;
        if shipping {
            let c = &market.params.cfg;
            let i = (month.clamp(1, 12) - 1) as usize;
            let left = (purchases.near_term_mt - purchases.near_term_scheduled_mt).max(0.0);
            let tranche = if in_season(month, c.us_season_start_month, c.us_season_end_month) {
                left.min(purchases.near_term_mt / f64::from(near_months))
            } else {
                0.0
            };
            purchases.near_term_scheduled_mt += tranche;
            let annual = if k >= lag + near_months {
                bundle.soy_commitment_mt_per_year
            } else {
                0.0
            };
            due = annual * market.params.commit_profile[i] + tranche;
            policy.buying = policy.buying.max(directive.reference);
            policy.commitment_mt += annual * deal.compliance_pace;
            policy.extra_mt = tranche * deal.compliance_pace;
        }
        purchases.committed_to_date_mt += due;
        purchases.commitment_this_month_mt = due * deal.compliance_pace;
    } else {
        purchases.commitment_this_month_mt = 0.0;
    }
    market.clear(month, policy, shock.z);
    if deal.active && shipping {
        purchases.purchased_to_date_mt += market.us_mt;
    }
    *prices = SoyPrices {
        farm_gate_usd_bu: market.farm_gate_usd_bu,
        ref_farm_gate_usd_bu: market.ref_farm_gate_usd_bu,
    };
    ledger.cn.soy_cost_premium_usd_bn += market.cn_cost_premium_usd_bn;
}

// METRICS ------------------------------------------------------------------------------------

fn soy(w: &World) -> &SoybeanMarket {
    w.resource::<SoybeanMarket>()
}

fn china<C: Component>(w: &World) -> Option<&C> {
    w.get::<C>(w.resource::<Governments>().cn)
}

/// Monthly soybean metrics (docs/model.md §4.6).
pub const SOY_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "cn_soy_imports_from_us_mt",
            "Mt/month",
            "China's soybean imports from the US",
            "China's soybean purchases from the US this month",
        ),
        read: |w| soy(w).us_mt,
    },
    RoundMetric {
        meta: meta(
            "cn_soy_imports_from_brazil_mt",
            "Mt/month",
            "China's soybean imports from Brazil",
            "China's soybean purchases from Brazil (and other South American origins) this month",
        ),
        read: |w| soy(w).brazil_mt,
    },
    RoundMetric {
        meta: meta(
            "soy_price_usd_bu",
            "USD/bu",
            "World soybean price (CBOT-like)",
            "world soybean price this month",
        ),
        read: |w| soy(w).world_usd_bu,
    },
    RoundMetric {
        meta: meta(
            "us_farm_gate_price_usd_bu",
            "USD/bu",
            "US farm-gate soybean price",
            "US farm-gate soybean price: world price plus the US basis",
        ),
        read: |w| soy(w).farm_gate_usd_bu,
    },
    RoundMetric {
        meta: meta(
            "us_basis_usd_bu",
            "USD/bu",
            "US soybean basis",
            "US farm-gate price minus the world price (more negative = wider)",
        ),
        read: |w| soy(w).basis_usd_bu,
    },
    RoundMetric {
        meta: meta(
            "brazil_premium_usd_bu",
            "USD/bu",
            "Brazil soybean premium",
            "Brazil's FOB premium over the world price",
        ),
        read: |w| soy(w).brazil_premium_usd_bu,
    },
    RoundMetric {
        meta: meta(
            "cn_soy_tariff",
            "fraction 0..1",
            "China's tariff on US soybeans",
            "China's tariff on US soybeans, end of month",
        ),
        read: |w| china::<SoyTariff>(w).map_or(0.0, |t| t.0.level),
    },
    RoundMetric {
        meta: meta(
            "cn_soy_buying",
            "fraction 0..1",
            "China's soybean purchase directive",
            "normal commercial buying of US soybeans China allows (0 = freeze, 1 = normal)",
        ),
        read: |w| china::<PurchaseDirective>(w).map_or(0.0, |d| d.buying),
    },
];

/// Soybean outcomes over the horizon (docs/model.md §6).
pub const SOY_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "us_soy_exports_to_cn_mt",
            "Mt",
            "US soybean exports to China",
            "China's soybean purchases from the US summed over the horizon",
        ),
        compute: |v| Some(v.resource::<SoybeanMarket>().totals.us_mt),
    },
    RunMetric {
        meta: meta(
            "us_soy_share_of_cn_imports",
            "fraction 0..1",
            "US share of China's soybean imports",
            "US share of China's soybean purchases over the horizon",
        ),
        compute: |v| {
            let t = v.resource::<SoybeanMarket>().totals;
            let total = t.us_mt + t.brazil_mt;
            (total > 0.0).then(|| t.us_mt / total)
        },
    },
    RunMetric {
        meta: meta(
            "us_soy_cn_revenue_loss_usd_bn",
            "USD bn",
            "US soybean revenue lost in China",
            "US soybean export revenue from China below the no-conflict reference, FOB, summed over the horizon",
        ),
        compute: |v| {
            Some(
                v.resource::<SoybeanMarket>()
                    .totals
                    .us_cn_revenue_loss_usd_bn,
            )
        },
    },
    RunMetric {
        meta: meta(
            "cn_soy_cost_premium_usd_bn",
            "USD bn",
            "China's soybean cost premium",
            "China's soybean import bill (world prices, excl. tariffs) above the no-conflict reference, summed over the horizon",
        ),
        compute: |v| Some(v.resource::<SoybeanMarket>().totals.cn_cost_premium_usd_bn),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use bevy_ecs::system::RunSystemOnce;

    /// A world with only what the soybean market reads and writes, a deal in force.
    fn market_world() -> World {
        let loaded = crate::config::LoadedScenario::load(None, &[]).unwrap();
        let scenario = loaded.for_replicate(0).unwrap();
        let mut w = World::new();
        let us = w.spawn_empty().id();
        let cn = w.spawn_empty().id();
        w.insert_resource(Governments { us, cn });
        setup_soybeans(&mut w, &scenario, 7, 0);
        w.insert_resource(scenario);
        w.insert_resource(Calendar::default());
        w.insert_resource(MonthlyLedger::default());
        w.insert_resource(DealTerms {
            active: true,
            deal_count: 1,
            compliance_pace: 0.5,
            ..DealTerms::default()
        });
        w
    }

    fn month(w: &mut World, round: u32) -> DealPurchases {
        w.resource_mut::<Calendar>().round = round;
        w.run_system_once(clear_soybean_market).unwrap();
        w.resource::<DealPurchases>().clone()
    }

    /// Under a deal nothing ships in the deal's own month (the shipping lag); then the
    /// commitment accrues and the purchases count against it; a new deal opens a new
    /// account; without a deal the account keeps its last figures.
    #[test]
    fn the_deal_account_waits_for_the_lag_accrues_restarts_and_stays_after_it() {
        let mut w = market_world();
        let lag = w
            .resource::<Scenario>()
            .negotiation
            .bundle
            .shipping_lag_months;
        assert!(lag >= 1.0, "the baseline has a shipping lag");
        let struck = month(&mut w, 0);
        assert_eq!(struck.deal_number, 1);
        assert_eq!(struck.committed_to_date_mt, 0.0, "nothing due in the lag");
        assert_eq!(
            struck.purchased_to_date_mt, 0.0,
            "purchases start after the lag"
        );
        let first = month(&mut w, lag as u32);
        assert!(first.committed_to_date_mt > 0.0 && first.purchased_to_date_mt > 0.0);
        assert!(first.commitment_this_month_mt > 0.0);
        let second = month(&mut w, lag as u32 + 1);
        assert!(second.committed_to_date_mt > first.committed_to_date_mt);
        assert!(second.purchased_to_date_mt > first.purchased_to_date_mt);
        {
            let mut deal = w.resource_mut::<DealTerms>();
            deal.deal_count = 2;
            deal.started_round = 4;
        }
        let renewed = month(&mut w, 4);
        assert_eq!(renewed.deal_number, 2);
        assert!(renewed.committed_to_date_mt < second.committed_to_date_mt);
        w.resource_mut::<DealTerms>().active = false;
        let after = month(&mut w, 5);
        assert_eq!(after.commitment_this_month_mt, 0.0);
        assert_eq!(after.committed_to_date_mt, renewed.committed_to_date_mt);
        assert_eq!(after.purchased_to_date_mt, renewed.purchased_to_date_mt);
        // The farm-gate prices farmers read are the market's.
        let m = w.resource::<SoybeanMarket>();
        let p = w.resource::<SoyPrices>();
        assert_eq!(p.farm_gate_usd_bu, m.farm_gate_usd_bu);
        assert_eq!(p.ref_farm_gate_usd_bu, m.ref_farm_gate_usd_bu);
    }

    #[test]
    fn directive_moves_within_bounds() {
        let mut d = PurchaseDirective {
            buying: 0.0,
            reference: 1.0,
            step: 0.5,
            commitment_mt: 0.0,
        };
        d.apply(Move::Escalate);
        assert_eq!(d.buying, 0.0);
        d.apply(Move::DeEscalate);
        d.apply(Move::DeEscalate);
        d.apply(Move::DeEscalate);
        assert_eq!(d.buying, 1.0);
        d.apply(Move::Escalate);
        assert_eq!(d.buying, 0.5);
    }
}
