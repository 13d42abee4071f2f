//! The farm sector (docs/model.md §4.7, "Farm income and its no-conflict reference"): the
//! farmers' month summed (income, its no-conflict reference, the loss between them, aid),
//! the state carried between months and the horizon totals the metrics read.

use bevy_ecs::prelude::*;

/// The farm sector this month, its state between months and horizon totals (USD bn unless
/// named otherwise).
#[derive(Resource, Debug, Clone, Default)]
pub struct FarmSector {
    /// Farm income this month, aid included (accrual).
    pub income_usd_bn: f64,
    /// No-conflict reference income this month.
    pub ref_income_usd_bn: f64,
    /// Farm loss this month against the reference, before aid.
    pub loss_usd_bn: f64,
    /// Aid paid this month.
    pub aid_usd_bn: f64,
    /// Soybeans in on-farm store at the end of the month (bu).
    pub stock_bu: f64,
    /// Reference stocks at the end of the month (bu).
    pub ref_stock_bu: f64,
    /// Soybeans harvested this month (bu).
    pub harvest_bu: f64,
    /// Farm-gate price last month (USD/bu), for the inventory change.
    pub last_price: f64,
    /// Reference farm-gate price last month (USD/bu).
    pub last_ref_price: f64,
    /// Farmers at spawn.
    pub initial_count: u32,
    /// Farmers still farming.
    pub active_count: u32,
    /// Farmers that have exited.
    pub exited_count: u32,
    /// Acreage of the farmers still farming.
    pub active_acres: f64,
    /// Exited acreage waiting for neighbours (taken up at the next planting).
    pub pool_acres: f64,
    /// Season's soybean harvest of the farmers still farming (bu), the aid base.
    pub season_harvest_bu: f64,
    /// Soybean acreage of the 2025 crop.
    pub soy_acres_2025: f64,
    /// Soybean acreage planted at the latest April (`None` before the first).
    pub soy_acres_planted: Option<f64>,
    /// Income summed over the horizon, aid included.
    pub total_income_usd_bn: f64,
    /// Reference income summed over the horizon.
    pub total_ref_income_usd_bn: f64,
    /// Loss before aid summed over the horizon.
    pub total_loss_usd_bn: f64,
    /// Aid paid over the horizon.
    pub total_aid_usd_bn: f64,
}
