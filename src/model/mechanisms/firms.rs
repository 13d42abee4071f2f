//! Firm agents (MODEL.md §3 "Firms"): US magnet users, US tech exporters, Chinese exporters
//! and Chinese tech users, as plain-data entities spawned in one batch per kind.
//!
//! Each firm is a slice of an aggregate from the config (US magnet need, US tech firms' China
//! revenue, US imports from China, Chinese tech output): sizes are drawn uniform on
//! `[1 − s, 1 + s]` (`firms.size_spread`) and scaled so the slices add up to the aggregate
//! exactly, so aggregates do not depend on the number of firms, only their heterogeneity
//! does. Behaviours are strategies drawn per firm from the configured shares. All
//! heterogeneity comes from the `Agents("firms")` stream; the monthly mechanisms live in
//! `rare_earths`, `tech_controls` and `exporters`.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::config::Scenario;
use crate::foundation::rng::{BulkRng, Purpose, SimRng, bulk_stream, stream};
use crate::model::mechanisms::governments::{
    ExportControls, Governments, Instrument, RareEarthStringency,
};

// ---------------------------------------------------------------- COMPONENTS

/// Which kind of firm an entity is (for counts; each kind also has its own components).
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FirmKind {
    /// A US firm using rare-earth magnets.
    UsMagnetUser,
    /// A US tech exporter selling to China.
    UsTechExporter,
    /// A Chinese firm exporting to the US.
    CnExporter,
    /// A Chinese firm using US-controlled tech inputs.
    CnTechUser,
}

impl FirmKind {
    /// All kinds, in spawn order.
    pub const ALL: [FirmKind; 4] = [
        FirmKind::UsMagnetUser,
        FirmKind::UsTechExporter,
        FirmKind::CnExporter,
        FirmKind::CnTechUser,
    ];

    /// Key used in `manifest.json` and in the config (`firms.<key>`).
    pub fn key(self) -> &'static str {
        match self {
            FirmKind::UsMagnetUser => "us_magnet_users",
            FirmKind::UsTechExporter => "us_tech_exporters",
            FirmKind::CnExporter => "cn_exporters",
            FirmKind::CnTechUser => "cn_tech_users",
        }
    }
}

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

/// A US magnet user's behaviour (MODEL.md §3).
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

/// A Chinese exporter's behaviour towards the US tariff (MODEL.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExporterStrategy {
    /// Ships part of its sales through third countries.
    Reroute,
    /// Cuts its price to absorb part of the tariff rise.
    Absorb,
    /// Passes the tariff on and cuts jobs at once as sales fall.
    CutJobs,
}

/// A Chinese exporter's fixed traits.
#[derive(Component, Debug, Clone, Copy)]
pub struct Exporter {
    /// Behaviour.
    pub strategy: ExporterStrategy,
    /// US sales per month at the reference tariff (USD bn, world prices).
    pub base_sales_usd_bn: f64,
    /// Rerouting cost (fraction of the value rerouted).
    pub reroute_cost: f64,
    /// Largest share of its sales it can reroute.
    pub max_reroute_share: f64,
}

/// A Chinese exporter's state.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct ExporterState {
    /// Share of base sales shipped through third countries (0..1).
    pub rerouted_share: f64,
    /// Employment relative to the reference (1 = reference jobs).
    pub employment: f64,
    /// First round in which it may reroute again after being caught.
    pub banned_until: u32,
}

// ---------------------------------------------------------------- RESOURCES

/// Rare-earth licence approvals: one uniform per magnet user per month (a bulk stream: one
/// draw per firm and month adds up).
#[derive(Resource)]
pub struct LicensingRng(pub BulkRng);

/// Firm-level events: one uniform per magnet user (investment lag) and per Chinese exporter
/// (detection) per month (a bulk stream, as [`LicensingRng`]).
#[derive(Resource)]
pub struct FirmsRng(pub BulkRng);

// ---------------------------------------------------------------- SPAWNING

fn uniform(rng: &mut SimRng, low: f64, high: f64) -> f64 {
    let u: f64 = rng.random();
    low + u * (high - low)
}

/// Picks an index from non-negative weights with a uniform `u` in [0, 1).
fn pick(weights: &[f64], u: f64) -> usize {
    let total: f64 = weights.iter().sum();
    let mut acc = 0.0;
    for (i, w) in weights.iter().enumerate() {
        acc += w / total;
        if u < acc {
            return i;
        }
    }
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}

/// Sizes drawn uniform on `[1 − spread, 1 + spread]`, scaled to sum to `total`.
fn sizes(rng: &mut SimRng, n: usize, spread: f64, total: f64) -> Vec<f64> {
    let raw: Vec<f64> = (0..n)
        .map(|_| uniform(rng, 1.0 - spread, 1.0 + spread))
        .collect();
    let sum: f64 = raw.iter().sum();
    raw.into_iter().map(|x| total * x / sum).collect()
}

fn spawn_magnet_users(world: &mut World, s: &Scenario, rng: &mut SimRng) {
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
    let base_share = crate::model::mechanisms::rare_earths::non_china_base_share(re, 0);
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
    crate::model::respawn::spawn_or_overwrite::<MagnetUser, _>(world, bundles);
}

fn spawn_tech_exporters(world: &mut World, s: &Scenario, rng: &mut SimRng) {
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
    crate::model::respawn::spawn_or_overwrite::<TechExporter, _>(world, bundles);
}

fn spawn_tech_users(world: &mut World, s: &Scenario, rng: &mut SimRng) {
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
    crate::model::respawn::spawn_or_overwrite::<TechUser, _>(world, bundles);
}

fn spawn_exporters(world: &mut World, s: &Scenario, rng: &mut SimRng) {
    let ex = &s.exporters;
    let n = s.firms.cn_exporters as usize;
    let sales = sizes(
        rng,
        n,
        s.firms.size_spread,
        s.trade.us_imports_from_cn_2024_usd_bn / 12.0,
    );
    let weights = [ex.reroute_share, ex.absorb_share, ex.cut_jobs_share];
    let prices = crate::model::mechanisms::exporters::Prices::new(s, s.us.tariff.initial);
    let bundles: Vec<_> = sales
        .into_iter()
        .map(|base_sales_usd_bn| {
            let strategy = [
                ExporterStrategy::Reroute,
                ExporterStrategy::Absorb,
                ExporterStrategy::CutJobs,
            ][pick(&weights, rng.random())];
            let firm = Exporter {
                strategy,
                base_sales_usd_bn,
                reroute_cost: uniform(rng, ex.reroute_cost_low, ex.reroute_cost_high),
                max_reroute_share: (ex.max_reroute_share * uniform(rng, 0.5, 1.5)).min(1.0),
            };
            let state = crate::model::mechanisms::exporters::steady_state(&firm, &prices);
            (FirmKind::CnExporter, firm, state)
        })
        .collect();
    crate::model::respawn::spawn_or_overwrite::<Exporter, _>(world, bundles);
}

/// Spawns every firm, puts the control instruments on the governments and inserts the
/// resources of the firm mechanisms. Call after `spawn_governments`.
pub fn spawn_firms(world: &mut World, scenario: &Scenario, master_seed: u64, replicate: u64) {
    let mut rng = stream(master_seed, replicate, Purpose::Agents("firms"));
    spawn_magnet_users(world, scenario, &mut rng);
    spawn_tech_exporters(world, scenario, &mut rng);
    spawn_exporters(world, scenario, &mut rng);
    spawn_tech_users(world, scenario, &mut rng);

    if let Some(g) = world.get_resource::<Governments>().copied() {
        world
            .entity_mut(g.us)
            .insert(ExportControls(Instrument::from(
                &scenario.tech_controls.stringency,
            )));
        world
            .entity_mut(g.cn)
            .insert(RareEarthStringency(Instrument::from(
                &scenario.rare_earths.stringency,
            )));
    }
    world.insert_resource(LicensingRng(bulk_stream(
        master_seed,
        replicate,
        Purpose::Licensing,
    )));
    world.insert_resource(FirmsRng(bulk_stream(
        master_seed,
        replicate,
        Purpose::Firms,
    )));
    world.insert_resource(crate::model::mechanisms::rare_earths::MagnetMarket::default());
    world.insert_resource(crate::model::mechanisms::rare_earths::SqueezeState::default());
    world.insert_resource(crate::model::mechanisms::tech_controls::TechTotals::default());
    world.insert_resource(crate::model::mechanisms::exporters::ExporterTotals::default());
}

/// Firms in a world by kind (`manifest.json`: `firms` and `firms_<kind>`).
pub fn firm_counts(world: &mut World) -> [(FirmKind, u64); 4] {
    let mut counts = FirmKind::ALL.map(|k| (k, 0u64));
    for kind in world.query::<&FirmKind>().iter(world) {
        counts[*kind as usize].1 += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn sizes_add_up_to_the_aggregate() {
        let mut rng = SimRng::seed_from_u64(1);
        let s = sizes(&mut rng, 300, 0.8, 36.6);
        assert!((s.iter().sum::<f64>() - 36.6).abs() < 1e-9);
        assert!(s.iter().all(|x| *x > 0.0));
    }

    #[test]
    fn pick_follows_weights() {
        assert_eq!(pick(&[0.5, 0.5, 0.0], 0.2), 0);
        assert_eq!(pick(&[0.5, 0.5, 0.0], 0.7), 1);
        assert_eq!(pick(&[0.0, 0.0, 2.0], 0.1), 2);
        assert_eq!(pick(&[1.0, 0.0, 0.0], 0.999_999), 0);
    }
}
