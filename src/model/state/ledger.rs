//! The month's gains and losses, welfare and domestic pressure (docs/model.md §4.10–§4.11).
//!
//! Mechanisms book their monthly gains and losses per side into the [`MonthlyLedger`]
//! (reset at the start of each month); politics weighs the same entries into pressure, and
//! welfare sums them. One ledger, two readers: a new mechanism adds a field here and a line
//! in each reader.

use bevy_ecs::prelude::*;

use super::sides::Side;

/// One side's gains and losses this month, against the no-conflict reference (USD bn;
/// losses positive). Each field has one writer, named in its doc.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SideLedger {
    /// Buyers' surplus lost to this side's own tariff (trade).
    pub consumer_cost_usd_bn: f64,
    /// Tariff revenue above the reference revenue (a gain; may be negative; trade, which
    /// also books the exporters' collected-revenue correction).
    pub tariff_revenue_change_usd_bn: f64,
    /// Exporters' surplus lost to the other side's tariff (trade; China's also its
    /// exporters' strategy costs, booked by exporters).
    pub export_loss_usd_bn: f64,
    /// Import-competing producers' surplus gained as buyers turn to domestic goods (a gain;
    /// trade).
    pub producer_gain_usd_bn: f64,
    /// Pressure shocks this month (events; added to pressure directly, not to welfare).
    pub pressure_shock_usd_bn: f64,
    /// Output lost to magnet stock-outs (US; rare_earths, §4.8).
    pub magnet_shortage_loss_usd_bn: f64,
    /// Extra cost of non-China magnets over China's price (US; rare_earths, §4.8).
    pub non_china_magnet_premium_usd_bn: f64,
    /// Tech exporters' surplus lost to own export controls (US; tech_controls, §4.9).
    pub tech_export_surplus_loss_usd_bn: f64,
    /// Tech users' output lost to the other side's export controls (China; tech_controls,
    /// §4.9).
    pub tech_output_loss_usd_bn: f64,
    /// Wages displaced export workers do not re-earn (China; exporters, §3).
    pub export_jobs_wage_loss_usd_bn: f64,
    /// Losses of lobbying firms, already counted above: extra pressure only, not welfare
    /// (rare_earths and tech_controls).
    pub lobbying_loss_usd_bn: f64,
    /// Farmers' income below the no-conflict reference, after aid (US; farmers; may be
    /// negative).
    pub farm_loss_usd_bn: f64,
    /// Taxpayers' cost of farm aid, excess burden included (US; farmers).
    pub farm_aid_cost_usd_bn: f64,
    /// Soybean import bill above the no-conflict reference, at world prices (China;
    /// soybeans).
    pub soy_cost_premium_usd_bn: f64,
}

/// Both sides' ledgers for the current month. Owner: welfare (resets it each month; each
/// mechanism books its own fields of [`SideLedger`]); read by politics and welfare.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct MonthlyLedger {
    /// The United States.
    pub us: SideLedger,
    /// China.
    pub cn: SideLedger,
}

impl MonthlyLedger {
    /// The ledger of one side.
    pub fn side(&self, side: Side) -> &SideLedger {
        match side {
            Side::Us => &self.us,
            Side::China => &self.cn,
        }
    }
}

/// Both sides' instrument-driven ledger entries evaluated at the status-quo instruments
/// (the round-0 levels held), in the same month with the same state (docs/model.md §4.11).
/// Only the closed-form blocks are booked here: trade (`consumer_cost_usd_bn`,
/// `tariff_revenue_change_usd_bn`, `export_loss_usd_bn`, `producer_gain_usd_bn`; exporters
/// add their strategy costs, as in [`MonthlyLedger`]) and tech controls
/// (`tech_export_surplus_loss_usd_bn`, `tech_output_loss_usd_bn`). Owner: welfare (resets it
/// each month); written by trade, exporters and tech_controls; read by welfare.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct StatusQuoLedger {
    /// The United States.
    pub us: SideLedger,
    /// China.
    pub cn: SideLedger,
}

/// Each government's welfare (USD bn, vs the no-conflict reference). Owner: welfare; read by
/// governments (observe) and the recorder.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct Welfare {
    /// US welfare this month.
    pub us_month_usd_bn: f64,
    /// US welfare accumulated since round 0.
    pub us_cum_usd_bn: f64,
    /// China's welfare this month.
    pub cn_month_usd_bn: f64,
    /// China's welfare accumulated since round 0.
    pub cn_cum_usd_bn: f64,
}

impl Welfare {
    /// (this month, cumulative) of one side.
    pub fn of(&self, side: Side) -> (f64, f64) {
        match side {
            Side::Us => (self.us_month_usd_bn, self.us_cum_usd_bn),
            Side::China => (self.cn_month_usd_bn, self.cn_cum_usd_bn),
        }
    }
}

/// Each government's domestic pressure (USD bn/month, weighted; never negative). Owner:
/// politics (the monthly update); negotiation adds the jumps of a breach or a compliance
/// shortfall in its step. Read by governments (observe), negotiation and the recorder.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct DomesticPressure {
    /// Pressure on the US administration.
    pub us: f64,
    /// Pressure on the Chinese leadership.
    pub cn: f64,
}
