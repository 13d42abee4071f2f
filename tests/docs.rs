//! The generated references in docs/ must match what the key declarations and the strategy
//! metadata say now (regenerate with the commands named in each file).

use tradewar::StrategyRegistry;
use tradewar::app::strategies_markdown;
use tradewar::config::params_listing;

fn doc(name: &str) -> String {
    std::fs::read_to_string(format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn strategies_doc_is_generated_from_metadata() {
    assert_eq!(
        doc("strategies.md"),
        strategies_markdown(&StrategyRegistry::default()),
        "regenerate: cargo run --release -- strategies --markdown > docs/strategies.md"
    );
}

#[test]
fn parameters_doc_is_generated_from_the_key_declarations() {
    assert_eq!(
        doc("parameters.md"),
        params_listing(true),
        "regenerate: cargo run --release -- params --markdown > docs/parameters.md"
    );
}
