//! Drive the library directly: load the built-in baseline, run 50 replicates in parallel,
//! and print the median US tariff at the end of the horizon.
//!
//! `cargo run --release --example run_baseline`

use tradewar::experiment::outputs::outcome_quantile;
use tradewar::experiment::runner::{progress_bar, run_replicates, thread_pool};
use tradewar::model::recorder::outcome;
use tradewar::{LoadedScenario, Prepared, StrategyRegistry};

fn main() -> anyhow::Result<()> {
    let loaded = LoadedScenario::load(None, &["replicates=50".into()])?;
    let prepared = Prepared::new(loaded, StrategyRegistry::default())?;
    let pool = thread_pool(0)?;
    let results = run_replicates(&prepared, 0..50, &pool, &progress_bar(50, true, ""))?;
    let median =
        outcome_quantile(&results, outcome::US_TARIFF_FINAL.index(), 0.5).unwrap_or(f64::NAN);
    println!(
        "median final US tariff over {} replicates: {median:.3}",
        results.len()
    );
    Ok(())
}
