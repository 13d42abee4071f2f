//! Reading a sweep's `points.csv`: which columns are metrics and which are swept
//! parameters, a parameter's levels, and whether two parameters form a complete grid.

use crate::report::data::{self, Manifest, Table, parse_f64};
use crate::report::style::fmt_sig;

/// Statistics written per metric in `points.csv` (`<metric>_<stat>` columns).
pub const STATS: [&str; 6] = ["mean", "se", "p05", "p50", "p95", "n"];

/// Metric names that have a `<metric>_mean` column, in column order.
pub fn metric_bases(points: &Table) -> Vec<String> {
    points
        .headers
        .iter()
        .filter_map(|h| h.strip_suffix("_mean").map(str::to_string))
        .collect()
}

/// Swept parameter columns: from the manifest's `sweep.parameters[].path` when present in
/// points.csv, else every column that is neither `point` nor a metric statistic.
pub fn sweep_params(manifest: &Manifest, points: &Table, metrics: &[String]) -> Vec<String> {
    let declared: Vec<String> = manifest
        .raw
        .get("sweep")
        .and_then(|s| s.get("parameters"))
        .and_then(|p| p.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|p| p.get("path").and_then(|v| v.as_str()).map(str::to_string))
                .filter(|p| points.col(p).is_some())
                .collect()
        })
        .unwrap_or_default();
    if !declared.is_empty() {
        return declared;
    }
    points
        .headers
        .iter()
        .filter(|h| *h != "point")
        .filter(|h| {
            !metrics
                .iter()
                .any(|m| STATS.iter().any(|s| **h == format!("{m}_{s}")))
        })
        .cloned()
        .collect()
}

/// Distinct values of a parameter column: numeric ones sorted, otherwise in order of
/// appearance.
pub fn levels(points: &Table, param: &str) -> Vec<String> {
    let Some(c) = points.col(param) else {
        return Vec::new();
    };
    let mut vals = data::distinct(points.rows.iter().map(|r| r[c].as_str()));
    if vals.iter().all(|v| parse_f64(v).is_some()) {
        vals.sort_by(|a, b| {
            parse_f64(a)
                .unwrap_or(0.0)
                .total_cmp(&parse_f64(b).unwrap_or(0.0))
        });
    }
    vals
}

/// Whether the first two `params` form a complete grid (every combination once or more,
/// each with at least two levels, at most 2,500 cells).
pub fn is_complete_grid(points: &Table, params: &[String]) -> bool {
    let (Some(a), Some(b)) = (points.col(&params[0]), points.col(&params[1])) else {
        return false;
    };
    let mut combos: Vec<(&str, &str)> = points
        .rows
        .iter()
        .map(|r| (r[a].as_str(), r[b].as_str()))
        .collect();
    combos.sort_unstable();
    combos.dedup();
    let (na, nb) = (
        levels(points, &params[0]).len(),
        levels(points, &params[1]).len(),
    );
    na > 1 && nb > 1 && combos.len() == na * nb && combos.len() <= 2500
}

/// Short label of a numeric grid value ("0.1", "25") or the raw text.
pub fn level_label(v: &str) -> String {
    match parse_f64(v) {
        Some(x) => fmt_sig(x),
        None => v.to_string(),
    }
}

/// An axis label for a swept key path: what the key means and its unit, from the key table
/// (`us.tariff.ceiling` → "US tariff: highest level a strategy may set (fraction)"); an
/// event's key is named after the event in the manifest's config (`events.2.rate` →
/// "extra 100% US tariff: tariff points a threat adds (fraction points)"). Keys outside the
/// table (strategy parameters) keep their path.
pub fn param_label(manifest: &serde_json::Value, path: &str) -> String {
    let Some(spec) = crate::config::keys::find(path) else {
        return path.to_string();
    };
    let doc = spec.doc.as_str();
    let end = doc.find(['(', '.', ';']).unwrap_or(doc.len());
    let mut clause: String = doc[..end].trim().to_string();
    // Lower-case the first word after the context, unless it is a name ("China's", "US").
    let proper = ["China", "Chinese", "US", "U.S."]
        .iter()
        .any(|n| clause.starts_with(n));
    if let (Some(first), false) = (clause.get(..1), proper) {
        clause = format!("{}{}", first.to_lowercase(), &clause[1..]);
    }
    let parts: Vec<&str> = path.split('.').collect();
    let context = match parts.as_slice() {
        ["events", i, ..] => {
            let name = i.parse::<usize>().ok().and_then(|i| {
                manifest["config"]["events"][i]["name"]
                    .as_str()
                    .filter(|n| !n.is_empty())
                    .map(str::to_string)
            });
            name.unwrap_or_else(|| format!("event {i}"))
        }
        [.., _last] => parts[..parts.len() - 1]
            .iter()
            .map(|p| match *p {
                "us" => "US".to_string(),
                "cn" => "China".to_string(),
                other => other.replace('_', " "),
            })
            .collect::<Vec<_>>()
            .join(" "),
        [] => String::new(),
    };
    let context = match context.get(..1) {
        Some(f) => format!("{}{}", f.to_uppercase(), &context[1..]),
        None => context,
    };
    if context.is_empty() {
        format!("{clause} ({})", spec.unit)
    } else {
        format!("{context}: {clause} ({})", spec.unit)
    }
}

#[cfg(test)]
mod label_tests {
    use super::*;

    #[test]
    fn parameters_are_labelled_by_meaning_and_unit() {
        let m =
            serde_json::json!({"config": {"events": [{}, {}, {"name": "extra 100% US tariff"}]}});
        assert_eq!(
            param_label(&m, "us.tariff.ceiling"),
            "US tariff: highest level a strategy may set (fraction)"
        );
        assert_eq!(
            param_label(&m, "events.2.rate"),
            "Extra 100% US tariff: tariff points a threat adds (fraction points)"
        );
        assert_eq!(
            param_label(&m, "us.strategy.params.x"),
            "us.strategy.params.x"
        );
    }
}
