//! The trade block (docs/model.md §4.5, §4.11) fed two papers' inputs for the 2018 tariffs
//! (`data/literature/`): the model's figures set beside the published ones. The validation
//! checks (`tradewar check`) and `tests/literature.rs` both read them from here.
//!
//! * **Fajgelbaum, Goldberg, Kennedy and Khandelwal (2020)**, QJE 135(1): US tariffs on
//!   $303 bn of imports from 2.6% to 16.6%, retaliation on $127 bn of US exports from 7.3% to
//!   20.4%, σ = 2.53 between origins, κ = 1.19 imports vs domestic.
//! * **Amiti, Redding and Weinstein (2019)**, JEP 33(4): tariffs on $283 bn of imports, one
//!   import elasticity of about 6 and no third-country origin (their partial-equilibrium
//!   triangle).
//!
//! The covered imports are the "partner" origin of the model's nested CES; the other origins
//! and domestic goods take the baseline's `[trade]` shares where the paper gives none.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{ConfigError, TradeConfig};
use crate::model::mechanisms::trade::Basket;

/// One row of a literature file: a value with its unit and source.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The value.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// Where it comes from.
    pub source: String,
}

/// A paper's inputs and the model's figures fed them.
#[derive(Debug, Clone, PartialEq)]
pub struct Literature {
    /// The file's rows by key (inputs and published figures).
    pub inputs: BTreeMap<String, Input>,
    /// The model's figures by name (units in the names; `_pct` percent).
    pub figures: BTreeMap<&'static str, f64>,
}

/// The papers this module knows, by the stem of their file in `data/literature/`.
pub const PAPERS: [&str; 2] = ["fajgelbaum_2020", "amiti_redding_weinstein_2019"];

/// Reads a literature file (`key,value,unit,source`, every row with a source).
pub fn read_inputs(path: &Path) -> Result<BTreeMap<String, Input>, ConfigError> {
    let origin = path.display().to_string();
    let fail = |m: String| ConfigError::new(&origin, m);
    let mut r = csv::Reader::from_path(path).map_err(|e| fail(e.to_string()))?;
    let header: Vec<String> = r
        .headers()
        .map_err(|e| fail(e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    if header != ["key", "value", "unit", "source"] {
        return Err(fail(format!(
            "header {header:?}: expected key,value,unit,source"
        )));
    }
    let mut out = BTreeMap::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| fail(e.to_string()))?;
        let value = rec[1].trim().parse().map_err(|_| {
            fail(format!(
                "row {}: value {:?} is not a number",
                i + 2,
                &rec[1]
            ))
        })?;
        if rec[3].trim().is_empty() {
            return Err(fail(format!("row {}: {} has no source", i + 2, &rec[0])));
        }
        out.insert(
            rec[0].to_string(),
            Input {
                value,
                unit: rec[2].to_string(),
                source: rec[3].to_string(),
            },
        );
    }
    Ok(out)
}

/// Reads the paper's file at `path` and feeds its inputs to the trade block, with the other
/// origins' and domestic goods' shares of `trade` (the baseline's).
pub fn literature(path: &Path, trade: &TradeConfig) -> Result<Literature, ConfigError> {
    let origin = path.display().to_string();
    let inputs = read_inputs(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let get = |k: &str| {
        inputs
            .get(k)
            .map(|i| i.value)
            .ok_or_else(|| ConfigError::new(&origin, format!("no row for the key \"{k}\"")))
    };
    let figures = match stem.as_str() {
        "fajgelbaum_2020" => fajgelbaum_2020(&get, trade)?,
        "amiti_redding_weinstein_2019" => amiti_redding_weinstein_2019(&get, trade)?,
        _ => {
            return Err(ConfigError::new(
                &origin,
                format!("not a known paper's file (known: {})", PAPERS.join(", ")),
            ));
        }
    };
    Ok(Literature { inputs, figures })
}

type Get<'a> = dyn Fn(&str) -> Result<f64, ConfigError> + 'a;

/// Fajgelbaum et al. 2020: buyers' cost, net loss and the import changes (USD bn a year).
/// The US net is buyers' cost less tariff revenue and import-competing producers' gain,
/// plus US exporters' loss to the retaliation.
fn fajgelbaum_2020(
    get: &Get,
    trade: &TradeConfig,
) -> Result<BTreeMap<&'static str, f64>, ConfigError> {
    let covered = get("us_imports_covered_usd_bn")?;
    let us = Basket {
        partner0_usd_bn: covered,
        row0_usd_bn: trade.us_row_per_cn * covered,
        partner_tariff0: get("us_tariff_before")?,
        row_tariff: get("row_tariff")?,
        domestic_share: trade.us_domestic_share,
        sigma: get("sigma")?,
        kappa: get("kappa")?,
        pass_through: get("pass_through")?,
        surplus_share: trade.exporter_surplus_share,
    };
    let exports = get("us_exports_covered_usd_bn")?;
    let retaliation = Basket {
        partner0_usd_bn: exports,
        row0_usd_bn: trade.cn_row_per_us * exports,
        partner_tariff0: get("retaliation_tariff_before")?,
        row_tariff: get("retaliation_row_tariff")?,
        domestic_share: trade.cn_domestic_share,
        ..us
    };
    let t = get("us_tariff_after")?;
    let d = us.demand(t, t);
    let r = get("retaliation_tariff_after")?;
    let x = retaliation.demand(r, r);
    let net = d.buyers_cost_usd_bn - d.revenue_change_usd_bn - d.producer_gain_usd_bn
        + x.exporter_loss_usd_bn;
    Ok(BTreeMap::from([
        ("buyers_cost_usd_bn", d.buyers_cost_usd_bn),
        ("net_loss_usd_bn", net),
        ("revenue_change_usd_bn", d.revenue_change_usd_bn),
        ("producer_gain_usd_bn", d.producer_gain_usd_bn),
        ("exporter_loss_usd_bn", x.exporter_loss_usd_bn),
        (
            "partner_import_change_pct",
            100.0 * (d.partner_usd_bn / us.partner0_usd_bn - 1.0),
        ),
        (
            "row_import_change_pct",
            100.0 * (d.row_usd_bn / us.row0_usd_bn - 1.0),
        ),
    ]))
}

/// Amiti et al. 2019: deadweight loss and buyers' cost (USD bn a month) in their
/// partial-equilibrium triangle: one origin, their elasticity for the only margin, the
/// goods a small part of buyers' spending.
fn amiti_redding_weinstein_2019(
    get: &Get,
    trade: &TradeConfig,
) -> Result<BTreeMap<&'static str, f64>, ConfigError> {
    let e = get("elasticity")?;
    let us = Basket {
        partner0_usd_bn: get("us_imports_covered_usd_bn")? / 12.0,
        row0_usd_bn: 0.0,
        partner_tariff0: get("us_tariff_before")?,
        row_tariff: 0.0,
        domestic_share: get("domestic_share")?,
        sigma: e,
        kappa: e,
        pass_through: get("pass_through")?,
        surplus_share: trade.exporter_surplus_share,
    };
    let t = get("us_tariff_after")?;
    let d = us.demand(t, t);
    Ok(BTreeMap::from([
        (
            "deadweight_loss_usd_bn_month",
            d.buyers_cost_usd_bn - d.revenue_change_usd_bn,
        ),
        ("buyers_cost_usd_bn_month", d.buyers_cost_usd_bn),
        ("revenue_change_usd_bn_month", d.revenue_change_usd_bn),
        (
            "partner_import_change_pct",
            100.0 * (d.partner_usd_bn / us.partner0_usd_bn - 1.0),
        ),
    ]))
}
