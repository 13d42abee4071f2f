//! Firm populations (docs/model.md §3 "Firms"): the kinds of firm, the firm-level random
//! stream two mechanisms share, and the draws every firm population is spawned with.
//!
//! Each firm is a slice of an aggregate from the config (US magnet need, US tech firms' China
//! revenue, US imports from China, Chinese tech output): sizes are drawn uniform on
//! `[1 − s, 1 + s]` (`firms.size_spread`) and scaled so the slices add up to the aggregate
//! exactly, so aggregates do not depend on the number of firms, only their heterogeneity
//! does. All heterogeneity comes from the `Agents("firms")` stream, drawn by rare_earths,
//! tech_controls and exporters in the order `model::world` calls their spawns.

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::foundation::rng::{BulkRng, SimRng};

/// Which kind of firm an entity is (for counts; each kind also has its own components).
/// Spawned with every firm by its mechanism (rare_earths, tech_controls, exporters); read by
/// the world's agent counts.
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

/// Firm-level events: one uniform per Chinese exporter (detection, goods-trade step) and
/// then one per magnet user (investment lag, rare-earth step) each month, from one bulk
/// stream. Drawn by exporters and rare_earths, in that order within the month; inserted by
/// the world.
#[derive(Resource)]
pub struct FirmsRng(pub BulkRng);

/// A uniform draw on `[low, high)`.
pub fn uniform(rng: &mut SimRng, low: f64, high: f64) -> f64 {
    let u: f64 = rng.random();
    low + u * (high - low)
}

/// Picks an index from non-negative weights with a uniform `u` in [0, 1).
pub fn pick(weights: &[f64], u: f64) -> usize {
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
pub fn sizes(rng: &mut SimRng, n: usize, spread: f64, total: f64) -> Vec<f64> {
    let raw: Vec<f64> = (0..n)
        .map(|_| uniform(rng, 1.0 - spread, 1.0 + spread))
        .collect();
    let sum: f64 = raw.iter().sum();
    raw.into_iter().map(|x| total * x / sum).collect()
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
