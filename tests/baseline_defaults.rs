//! The baseline and the key declarations agree: every declared key has a default with a
//! source in `configs/baseline.toml`, and every shipped scenario validates.

use tradewar::config::{keys, load};

#[test]
fn every_key_has_a_default_and_a_source_in_the_baseline() {
    let sources = load::baseline_sources();
    let base = load::builtin().expect("baseline validates");
    for spec in keys::all() {
        if spec.path.contains("[]") || spec.path == "extends" || spec.optional {
            continue;
        }
        let mut cur = toml::Value::Table(base.clone());
        for part in spec.path.split('.') {
            cur = cur
                .get(part)
                .unwrap_or_else(|| panic!("baseline.toml lacks {}", spec.path))
                .clone();
        }
        if !matches!(spec.kind, keys::Kind::OpenTable | keys::Kind::Text) {
            let src = sources.get(&spec.path).map(String::as_str).unwrap_or("");
            assert!(
                src.len() > 5,
                "{} needs a source comment in baseline.toml",
                spec.path
            );
        }
    }
}

#[test]
fn every_shipped_scenario_validates() {
    let registry = tradewar::StrategyRegistry::default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        tradewar::app::validate(&path, &[], &registry)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
