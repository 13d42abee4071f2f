//! Typed configuration of the firm agents and the control instruments they answer
//! (MODEL.md §3 firms, §4.8 rare-earth licensing, §4.9 tech controls, §4.5 exporters).
//! Units, ranges and meanings are in `schema` (`FIRMS`, `RARE_EARTHS`, `TECH_CONTROLS`,
//! `EXPORTERS`); defaults and sources in `configs/baseline.toml`.

use serde::{Deserialize, Serialize};

use super::Scenario;

/// How many firm agents of each kind are spawned (MODEL.md §3).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FirmsConfig {
    /// US firms using rare-earth magnets (autos, defence, electronics).
    pub us_magnet_users: u32,
    /// US tech exporters (chips, equipment, software-powered goods) selling to China.
    pub us_tech_exporters: u32,
    /// Chinese firms exporting to the US.
    pub cn_exporters: u32,
    /// Chinese firms using US-controlled tech inputs.
    pub cn_tech_users: u32,
    /// Spread of firm sizes: each firm's size is drawn uniform on `[1 − spread, 1 + spread]`
    /// and the sizes are scaled so the totals match the configured aggregates.
    pub size_spread: f64,
}

/// A control instrument's settings (stringency 0..1).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StringencyConfig {
    /// Level at round 0 (0..1).
    pub initial: f64,
    /// No-conflict reference level (0..1), the level welfare is measured against.
    pub reference: f64,
    /// Change per escalation or de-escalation.
    pub step: f64,
    /// Lowest level a strategy may set.
    pub floor: f64,
    /// Highest level a strategy may set.
    pub ceiling: f64,
}

/// One sector of US magnet users.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectorConfig {
    /// Share of magnet-user firms in this sector (shares are normalised over sectors).
    pub firm_share: f64,
    /// Share of US magnet need in this sector (normalised over sectors).
    pub need_share: f64,
    /// Output (USD bn/month) the whole sector loses at a complete magnet stock-out.
    pub output_at_risk_usd_bn: f64,
    /// Mean starting inventory in months of need (per-firm draw ±50%).
    pub inventory_months: f64,
    /// Mean stockpile target in months of need (per-firm draw ±50%).
    pub target_months: f64,
    /// Licence approval probability is `(1 − stringency)^approval_exponent`.
    pub approval_exponent: f64,
}

/// A scheduled rare-earth squeeze: China's stringency is held at `level` from
/// `start_round` for `months` rounds, whatever its strategy says, then restored to the
/// level it had before.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SqueezeConfig {
    /// Whether the squeeze happens.
    pub enabled: bool,
    /// First squeezed round.
    pub start_round: u32,
    /// Squeezed rounds.
    pub months: u32,
    /// Stringency during the squeeze (0..1).
    pub level: f64,
}

/// China's rare-earth licensing, US magnet users and non-China supply (MODEL.md §4.8).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RareEarthConfig {
    /// China's licensing stringency instrument.
    pub stringency: StringencyConfig,
    /// US magnet need from all sources (tonnes/yr).
    pub us_need_t_per_yr: f64,
    /// Months from licence approval to delivery.
    pub processing_months: u32,
    /// Months over which a firm closes the gap to its stockpile target.
    pub restock_months: f64,
    /// Share of firms that stockpile (raise targets as stringency rises).
    pub stockpile_share: f64,
    /// Share of firms that diversify to non-China supply.
    pub diversify_share: f64,
    /// Share of firms that lobby (their losses weigh more in US pressure).
    pub lobby_share: f64,
    /// Stockpilers' target multiplier per unit of stringency above the reference.
    pub hoard_factor: f64,
    /// Stringency at or above which diversifiers invest in non-China supply.
    pub diversify_threshold: f64,
    /// Share of its need a diversifier contracts per investment.
    pub diversify_step_share: f64,
    /// Shortest lag from investment to non-China supply (months).
    pub invest_lag_min_months: f64,
    /// Longest lag from investment to non-China supply (months).
    pub invest_lag_max_months: f64,
    /// Non-China magnet supply available to US firms at round 0 (tonnes/yr).
    pub non_china_initial_t_per_yr: f64,
    /// Government-backed non-China capacity (tonnes/yr) arriving at `government_capacity_round`.
    pub government_capacity_t_per_yr: f64,
    /// Round at which government-backed capacity arrives.
    pub government_capacity_round: u32,
    /// Price floor of non-China NdPr (USD/kg).
    pub ndpr_floor_usd_per_kg: f64,
    /// Chinese NdPr price (USD/kg).
    pub ndpr_china_usd_per_kg: f64,
    /// NdPr content of a magnet (kg per kg).
    pub ndpr_kg_per_kg_magnet: f64,
    /// Car makers and suppliers.
    pub autos: SectorConfig,
    /// Defence contractors.
    pub defence: SectorConfig,
    /// Electronics and industrial motors.
    pub electronics: SectorConfig,
    /// Scheduled squeeze.
    pub squeeze: SqueezeConfig,
}

impl RareEarthConfig {
    /// The sectors in spawn order.
    pub fn sectors(&self) -> [&SectorConfig; 3] {
        [&self.autos, &self.defence, &self.electronics]
    }
}

/// US tech export controls (MODEL.md §4.9).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TechControlsConfig {
    /// The US control-stringency instrument.
    pub stringency: StringencyConfig,
    /// US tech firms' China revenue at no controls (USD bn/yr).
    pub us_china_revenue_usd_bn_per_yr: f64,
    /// US tech exporters' surplus per dollar of lost China revenue.
    pub exporter_margin: f64,
    /// Spread of exporters' exposure to controls (uniform `1 ± spread`).
    pub exposure_spread: f64,
    /// Chinese tech users' output (USD bn/yr).
    pub cn_output_usd_bn_per_yr: f64,
    /// Lowest share of a covered firm's output lost before substitution.
    pub dependence_low: f64,
    /// Highest share of a covered firm's output lost before substitution.
    pub dependence_high: f64,
    /// Mean months for a covered firm to replace the controlled inputs (1/e time).
    pub substitution_months: f64,
}

/// Chinese exporters to the US (MODEL.md §3, §4.5).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExportersConfig {
    /// Share of exporters that reroute via third countries.
    pub reroute_share: f64,
    /// Share of exporters that absorb part of the tariff.
    pub absorb_share: f64,
    /// Share of exporters that cut jobs at once.
    pub cut_jobs_share: f64,
    /// US tariff on goods arriving from third countries (fraction).
    pub third_country_tariff: f64,
    /// Lowest rerouting cost (fraction of the value rerouted).
    pub reroute_cost_low: f64,
    /// Highest rerouting cost (fraction of the value rerouted).
    pub reroute_cost_high: f64,
    /// Mean share of a rerouter's sales third countries can carry (per-firm draw ±50%).
    pub max_reroute_share: f64,
    /// Share of the gap to the target rerouted share closed per month.
    pub reroute_speed: f64,
    /// Monthly probability that a rerouting firm is caught.
    pub detection_prob_month: f64,
    /// Penalty on a caught firm's rerouted sales that month (fraction).
    pub detection_penalty: f64,
    /// Months a caught firm cannot reroute.
    pub detection_ban_months: u32,
    /// Share of the tariff rise above the reference that absorbers take on.
    pub absorb_fraction: f64,
    /// Share of the gap between employment and sales closed per month (non-cutters).
    pub job_adjust_speed: f64,
    /// Wages as a share of export sales.
    pub labour_share: f64,
    /// Share of a displaced worker's wage not re-earned elsewhere.
    pub displaced_wage_loss_share: f64,
}

fn check_shares(path: &str, shares: &[(&str, f64)]) -> Result<(), String> {
    let total: f64 = shares.iter().map(|(_, s)| s).sum();
    if total > 0.0 {
        return Ok(());
    }
    let names: Vec<String> = shares.iter().map(|(k, _)| format!("{path}.{k}")).collect();
    Err(format!(
        "{} are all zero; at least one must be positive",
        names.join(", ")
    ))
}

/// Cross-key checks of the firm sections.
pub fn check(s: &Scenario) -> Result<(), String> {
    for (name, c) in [
        ("rare_earths.stringency", &s.rare_earths.stringency),
        ("tech_controls.stringency", &s.tech_controls.stringency),
    ] {
        if c.floor > c.ceiling || c.initial < c.floor || c.initial > c.ceiling {
            return Err(format!(
                "{name}: need floor <= initial <= ceiling, got floor = {}, initial = {}, ceiling = {}",
                c.floor, c.initial, c.ceiling
            ));
        }
    }
    let re = &s.rare_earths;
    if re.invest_lag_min_months > re.invest_lag_max_months {
        return Err(format!(
            "rare_earths.invest_lag_min_months = {} is above rare_earths.invest_lag_max_months = {}",
            re.invest_lag_min_months, re.invest_lag_max_months
        ));
    }
    let tc = &s.tech_controls;
    if tc.dependence_low > tc.dependence_high {
        return Err(format!(
            "tech_controls.dependence_low = {} is above tech_controls.dependence_high = {}",
            tc.dependence_low, tc.dependence_high
        ));
    }
    let ex = &s.exporters;
    if ex.reroute_cost_low > ex.reroute_cost_high {
        return Err(format!(
            "exporters.reroute_cost_low = {} is above exporters.reroute_cost_high = {}",
            ex.reroute_cost_low, ex.reroute_cost_high
        ));
    }
    check_shares(
        "rare_earths",
        &[
            ("autos.firm_share", re.autos.firm_share),
            ("defence.firm_share", re.defence.firm_share),
            ("electronics.firm_share", re.electronics.firm_share),
        ],
    )?;
    check_shares(
        "rare_earths",
        &[
            ("autos.need_share", re.autos.need_share),
            ("defence.need_share", re.defence.need_share),
            ("electronics.need_share", re.electronics.need_share),
        ],
    )?;
    check_shares(
        "rare_earths",
        &[
            ("stockpile_share", re.stockpile_share),
            ("diversify_share", re.diversify_share),
            ("lobby_share", re.lobby_share),
        ],
    )?;
    check_shares(
        "exporters",
        &[
            ("reroute_share", ex.reroute_share),
            ("absorb_share", ex.absorb_share),
            ("cut_jobs_share", ex.cut_jobs_share),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{LoadedScenario, load, schema};

    #[test]
    fn every_firm_key_has_a_baseline_default_with_a_source() {
        let sources = load::baseline_sources();
        for spec in [
            schema::FIRMS,
            schema::RARE_EARTHS,
            schema::TECH_CONTROLS,
            schema::EXPORTERS,
        ]
        .into_iter()
        .flatten()
        {
            let src = sources.get(spec.path).map(String::as_str).unwrap_or("");
            assert!(
                !src.is_empty(),
                "{} has no default with a source",
                spec.path
            );
        }
    }

    #[test]
    fn inconsistent_firm_settings_are_rejected_with_the_key() {
        let e = LoadedScenario::load(
            None,
            &[
                "exporters.reroute_share=0".into(),
                "exporters.absorb_share=0".into(),
                "exporters.cut_jobs_share=0".into(),
            ],
        )
        .unwrap_err();
        assert!(e.message.contains("exporters.reroute_share"), "{e}");
        let e = LoadedScenario::load(None, &["rare_earths.invest_lag_min_months=40".into()])
            .unwrap_err();
        assert!(
            e.message.contains("rare_earths.invest_lag_min_months"),
            "{e}"
        );
    }
}
