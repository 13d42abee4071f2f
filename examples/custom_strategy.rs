//! Add a strategy from outside the crate and run it.
//!
//! `MatchLevel` answers the other side's tariff *level* rather than its last move: it
//! escalates while its own tariff is more than half a step below the other's, de-escalates
//! while it is more than half a step above, and holds otherwise. It is registered in a
//! `StrategyRegistry` beside the built-in library and then used for the US, in the baseline.
//!
//! `cargo run --release --example custom_strategy`

use tradewar::experiment::outputs::outcome_quantile;
use tradewar::experiment::runner::{progress_bar, run_replicates, thread_pool};
use tradewar::foundation::rng::SimRng;
use tradewar::model::recorder::outcome;
use tradewar::model::strategy::{
    ParamMeta, StrategyBox, StrategyEntry, StrategyMeta, StrategyParams,
};
use tradewar::{LoadedScenario, Move, Moves, Observation, Prepared, Strategy, StrategyRegistry};

/// Match the other side's tariff level, within a tolerance.
struct MatchLevel {
    tolerance: f64,
}

const META: StrategyMeta = StrategyMeta {
    name: "match_level",
    rule: "move own tariff toward the other side's tariff level",
    source: "example: level-matching reciprocity (cf. 'mirror tariffs', 2025)",
    stochastic: false,
    params: &[ParamMeta {
        name: "tolerance",
        default: 0.05,
        min: 0.0,
        max: 1.0,
        doc: "gap (fraction) tolerated before moving",
    }],
};

impl Strategy for MatchLevel {
    fn meta(&self) -> &'static StrategyMeta {
        &META
    }

    fn decide(&mut self, obs: &Observation, _rng: &mut SimRng) -> Moves {
        let gap = obs.own_tariff - obs.other_tariff;
        let tariff = if gap < -self.tolerance {
            Move::Escalate
        } else if gap > self.tolerance {
            Move::DeEscalate
        } else {
            Move::Hold
        };
        Moves {
            tariff,
            ..Moves::default()
        }
    }
}

fn build(p: &StrategyParams) -> StrategyBox {
    Box::new(MatchLevel {
        tolerance: p.get("tolerance"),
    })
}

fn main() -> anyhow::Result<()> {
    let mut registry = StrategyRegistry::default();
    registry.register(StrategyEntry { meta: &META, build });

    let n = 200;
    let sets = [
        "us.strategy.name=match_level".to_string(),
        "us.strategy.params.tolerance=0.1".to_string(),
        format!("replicates={n}"),
    ];
    let loaded = LoadedScenario::load(None, &sets)?;
    let prepared = Prepared::new(loaded, registry)?;
    let results = run_replicates(
        &prepared,
        0..n,
        &thread_pool(0)?,
        &progress_bar(n, true, ""),
    )?;
    for metric in [
        outcome::US_TARIFF_FINAL,
        outcome::CN_TARIFF_FINAL,
        outcome::US_WELFARE_USD_BN,
        outcome::CN_WELFARE_USD_BN,
    ] {
        let q = |p| outcome_quantile(&results, metric.index(), p).unwrap_or(f64::NAN);
        println!(
            "{:<20} median {:>9.3}   90% interval [{:.3}, {:.3}]",
            metric.meta().name,
            q(0.5),
            q(0.05),
            q(0.95)
        );
    }
    Ok(())
}
