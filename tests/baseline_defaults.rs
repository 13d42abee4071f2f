//! Every shipped scenario validates (the schema/baseline consistency test lives beside the
//! config loader, in `config::tests`).

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
