//! The US magnet users, the magnet market and the squeeze's saved level (docs/model.md §3
//! "Firms", §4.8): components, resources and the spawn of the magnet users.

use bevy_ecs::prelude::*;
use rand::RngExt;

use super::economics::{non_china_base_share, ratio};
use crate::config::Scenario;
use crate::foundation::rng::{BulkRng, SimRng};
use crate::model::respawn::spawn_or_overwrite;
use crate::model::state::firms::{FirmKind, pick, sizes, uniform};

// ---------------------------------------------------------------- COMPONENTS

/// Sector of a US magnet user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    /// Car makers and suppliers.
    Autos,
    /// Defence contractors.
    Defence,
    /// Electronics and industrial motors.
    Electronics,
}

impl Sector {
    /// All sectors, in config order.
    pub const ALL: [Sector; 3] = [Sector::Autos, Sector::Defence, Sector::Electronics];
}

/// A US magnet user's behaviour (docs/model.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MagnetStrategy {
    /// Raises its stockpile target as China's stringency rises.
    Stockpile,
    /// Invests in non-China supply when stringency passes a threshold or after a stock-out.
    Diversify,
    /// Lobbies: its losses carry extra weight in US pressure.
    Lobby,
}

/// A US magnet user's fixed traits.
#[derive(Component, Debug, Clone, Copy)]
pub struct MagnetUser {
    /// Sector.
    pub sector: Sector,
    /// Behaviour.
    pub strategy: MagnetStrategy,
    /// Monthly magnet need (tonnes).
    pub need_t: f64,
    /// Output lost per month at a complete stock-out (USD bn).
    pub output_at_risk_usd_bn: f64,
    /// Stockpile target (months of need).
    pub target_months: f64,
}

/// A US magnet user's supply state.
#[derive(Component, Debug, Clone, Copy)]
pub struct MagnetStock {
    /// Magnets on hand at the end of the month (tonnes, never negative).
    pub inventory_t: f64,
    /// Approved shipments on their way, by arrival round modulo 4 (tonnes).
    pub in_transit_t: [f64; 4],
    /// Share of need covered by the firm's own non-China contracts that have arrived.
    pub contract_share: f64,
    /// Share of need contracted but not yet arrived (0 = no pending investment).
    pub pending_share: f64,
    /// Round at which the pending contract starts supplying.
    pub pending_arrival_round: u32,
    /// Whether the firm stocked out last month.
    pub short_last_month: bool,
}

// ---------------------------------------------------------------- RESOURCES

/// This month's magnet flows and the totals over the horizon.
#[derive(Resource, Debug, Clone, Default)]
pub struct MagnetMarket {
    /// US magnet need this month (tonnes).
    pub need_t: f64,
    /// Magnets delivered this month, China and non-China (tonnes).
    pub delivered_t: f64,
    /// Of which from non-China supply (tonnes).
    pub non_china_t: f64,
    /// Inventories at the end of the month (tonnes).
    pub inventory_t: f64,
    /// Licence applications this month.
    pub applications: u32,
    /// Licences approved this month.
    pub approvals: u32,
    /// Firms short of magnets this month.
    pub short_firms: u32,
    /// Magnet-user firms.
    pub firms: u32,
    /// Output lost to stock-outs this month (USD bn).
    pub shortage_loss_usd_bn: f64,
    /// Firm-months of shortage since round 0.
    pub shortage_firm_months: u64,
    /// Output lost to stock-outs since round 0 (USD bn).
    pub shortage_loss_cum_usd_bn: f64,
    /// Non-China premium paid since round 0 (USD bn).
    pub premium_cum_usd_bn: f64,
}

impl MagnetMarket {
    /// Deliveries against normal need (1 = normal; above 1 while restocking).
    pub fn deliveries_share(&self) -> f64 {
        ratio(self.delivered_t, self.need_t)
    }

    /// Inventories in months of need.
    pub fn inventory_months(&self) -> f64 {
        ratio(self.inventory_t, self.need_t)
    }

    /// Share of need met by non-China supply.
    pub fn non_china_share(&self) -> f64 {
        ratio(self.non_china_t, self.need_t)
    }
}

/// The stringency China had when a scheduled squeeze began.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct SqueezeState {
    /// Level to restore when the squeeze ends.
    pub saved_level: Option<f64>,
}

/// Rare-earth licence approvals: one uniform per magnet user per month (a bulk stream: one
/// draw per firm and month adds up).
#[derive(Resource)]
pub struct LicensingRng(pub BulkRng);

// ---------------------------------------------------------------- SPAWNING

/// Spawns the US magnet users from the firm stream `rng` (the first firms drawn, as
/// `model::world` orders the firm spawns): sectors stratified, needs scaled to the sector's
/// share of US need, behaviours drawn from the configured shares.
pub fn spawn_magnet_users(world: &mut World, s: &Scenario, rng: &mut SimRng) {
    let re = &s.rare_earths;
    let n = s.firms.us_magnet_users as usize;
    if n == 0 {
        return;
    }
    let sectors = re.sectors();
    let firm_w: Vec<f64> = sectors.iter().map(|c| c.firm_share).collect();
    let need_w: Vec<f64> = sectors.iter().map(|c| c.need_share).collect();
    let need_total: f64 = need_w.iter().sum();
    let strat_w = [re.stockpile_share, re.diversify_share, re.lobby_share];
    // Sectors are allocated deterministically (stratified), so sector totals are exact.
    let sector_of: Vec<usize> = (0..n)
        .map(|i| pick(&firm_w, (i as f64 + 0.5) / n as f64))
        .collect();
    let monthly_need = re.us_need_t_per_yr / 12.0;
    let base_share = non_china_base_share(re, 0);
    let mut bundles = Vec::with_capacity(n);
    for (k, sector) in Sector::ALL.into_iter().enumerate() {
        let members: Vec<usize> = (0..n).filter(|i| sector_of[*i] == k).collect();
        if members.is_empty() {
            continue;
        }
        let cfg = sectors[k];
        let sector_need = monthly_need * need_w[k] / need_total;
        let needs = sizes(rng, members.len(), s.firms.size_spread, sector_need);
        for need_t in needs {
            let strategy = [
                MagnetStrategy::Stockpile,
                MagnetStrategy::Diversify,
                MagnetStrategy::Lobby,
            ][pick(&strat_w, rng.random())];
            let inventory_months = cfg.inventory_months * uniform(rng, 0.5, 1.5);
            let target_months = cfg.target_months * uniform(rng, 0.5, 1.5);
            let output = if sector_need > 0.0 {
                cfg.output_at_risk_usd_bn * need_t / sector_need
            } else {
                0.0
            };
            // Shipments approved before round 0 fill the pipeline for the first months.
            let mut in_transit_t = [0.0; 4];
            for slot in in_transit_t.iter_mut().take(re.processing_months as usize) {
                *slot = need_t * (1.0 - base_share);
            }
            bundles.push((
                FirmKind::UsMagnetUser,
                MagnetUser {
                    sector,
                    strategy,
                    need_t,
                    output_at_risk_usd_bn: output,
                    target_months,
                },
                MagnetStock {
                    inventory_t: need_t * inventory_months,
                    in_transit_t,
                    contract_share: 0.0,
                    pending_share: 0.0,
                    pending_arrival_round: 0,
                    short_last_month: false,
                },
            ));
        }
    }
    spawn_or_overwrite::<MagnetUser, _>(world, bundles);
}
