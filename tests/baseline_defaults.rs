//! One source of truth per parameter (MODEL.md §8): every key in the schema has a default in
//! `configs/baseline.toml`, and every numeric or choice default carries its source comment.

use tradewar::config::load::{BASELINE_TOML, baseline_sources};
use tradewar::config::schema::{self, Kind};

fn lookup<'a>(table: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut parts = path.split('.');
    let mut cur = table.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_table()?.get(p)?;
    }
    Some(cur)
}

#[test]
fn every_schema_key_has_a_default_and_a_source_comment() {
    let table: toml::Table = BASELINE_TOML.parse().expect("baseline parses");
    let sources = baseline_sources();
    let mut missing = Vec::new();
    for spec in schema::all() {
        // Text keys (names, descriptions, `extends`) and open tables need no source.
        if matches!(spec.kind, Kind::Text | Kind::OpenTable) || spec.path.contains("[]") {
            continue;
        }
        if lookup(&table, spec.path).is_none() {
            missing.push(format!(
                "{}: no default in configs/baseline.toml",
                spec.path
            ));
            continue;
        }
        if sources.get(spec.path).is_none_or(|s| s.trim().is_empty()) {
            missing.push(format!("{}: default without a source comment", spec.path));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn the_baseline_and_the_shipped_scenarios_validate() {
    let registry = tradewar::StrategyRegistry::default();
    for file in ["configs/freeze.toml", "configs/no_conflict.toml"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        tradewar::app::validate(&path, &[], &registry).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}
