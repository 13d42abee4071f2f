//! Observed data files (docs/model.md "History scenarios"): a tidy CSV of observations
//! (`month` or `date`, `metric`, `value`, `source`, as in `data/observed/`) read into one
//! series per metric. The charts (`tradewar plot --observed`) and the calibration
//! (`tradewar calibrate`) both read observations through [`read_observed`].

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::foundation::io::read_csv_cells;

/// Observations of one file, by metric: `(YYYY-MM, value)` in file order, the last
/// observation of a month winning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observed {
    /// Metric name → month → value.
    pub series: BTreeMap<String, BTreeMap<String, f64>>,
}

/// Reads an observed-data CSV: a `month` (`YYYY-MM`) or `date` (`YYYY-MM-DD`) column, a
/// `metric` column naming the model metric and a numeric `value` (or `value_*`) column.
pub fn read_observed(path: &Path) -> Result<Observed> {
    let (headers, rows) = read_csv_cells(path)?;
    let col = |name: &str| headers.iter().position(|h| h == name);
    let when = col("month")
        .or_else(|| col("date"))
        .with_context(|| format!("{}: no `month` or `date` column", path.display()))?;
    let Some(metric) = col("metric") else {
        bail!(
            "{}: no `metric` column naming the model metric to overlay",
            path.display()
        );
    };
    let value = col("value")
        .or_else(|| headers.iter().position(|h| h.starts_with("value_")))
        .with_context(|| format!("{}: no `value` column", path.display()))?;
    let mut out = Observed::default();
    for (i, rec) in rows.iter().enumerate() {
        let cell = |k: usize| rec[k].as_str();
        let month = cell(when).get(..7).unwrap_or_default().to_string();
        let Some(v) = cell(value)
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
        else {
            bail!(
                "{}: row {}: value {:?} is not a number",
                path.display(),
                i + 2,
                cell(value)
            );
        };
        out.series
            .entry(cell(metric).to_string())
            .or_default()
            .insert(month, v);
    }
    Ok(out)
}
