//! The built-in strategy library (docs/model.md §5), split by family as in the Axelrod
//! library: `reciprocal` (answer the other side's moves in kind), `unilateral` (follow an
//! own plan), `responsive` (respond to pressure, concessions and deals), `asymmetric`
//! (answer with other levers than the one moved) and `learning` (the rule changes with
//! experience). Each strategy is one small type: a doc comment
//! stating the rule and its source, metadata, and a single `decide`. This module lists them
//! in [`library`] and makes that list the default [`StrategyRegistry`].

mod asymmetric;
#[cfg(test)]
mod fixtures;
mod learning;
mod reciprocal;
mod responsive;
mod unilateral;

pub use asymmetric::AsymmetricLevers;
pub use learning::AdaptiveLearner;
pub use reciprocal::{GenerousTitForTat, GrimTrigger, TitForTat};
pub use responsive::{EscalateToDeal, PressureResponsive};
pub use unilateral::{Conciliatory, Hold};

use crate::config::StrategyConfig;
use crate::model::strategy::{StrategyEntry, StrategyRegistry};

/// Library entries from strategy types that have `META` and `build`.
macro_rules! entries {
    ($($t:ident),* $(,)?) => {
        vec![$(StrategyEntry { meta: &$t::META, build: $t::build }),*]
    };
}

/// Every built-in strategy, in listing order.
pub fn library() -> Vec<StrategyEntry> {
    entries![
        Hold,
        TitForTat,
        GenerousTitForTat,
        GrimTrigger,
        EscalateToDeal,
        Conciliatory,
        PressureResponsive,
        AsymmetricLevers,
        AdaptiveLearner,
    ]
}

impl Default for StrategyRegistry {
    /// The built-in [`library`].
    fn default() -> Self {
        StrategyRegistry::with_entries(library())
    }
}

/// Checks a strategy config against the built-in library.
pub fn check_config(cfg: &StrategyConfig, path: &str) -> Result<(), String> {
    StrategyRegistry::default()
        .resolve_params(cfg, path)
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::strategy::params_table;
    use toml::Table;

    #[test]
    fn unknown_strategy_and_param_errors_name_the_key() {
        let reg = StrategyRegistry::default();
        let cfg = StrategyConfig {
            name: "tit_for_tot".into(),
            noise: 0.0,
            params: Table::new(),
        };
        let e = reg.resolve_params(&cfg, "us.strategy").err().unwrap();
        assert!(e.contains("us.strategy.name"), "{e}");
        let cfg = StrategyConfig {
            name: "conciliatory".into(),
            noise: 0.0,
            params: params_table(&[("interval_months", 99.0)]),
        };
        let e = reg.resolve_params(&cfg, "cn.strategy").err().unwrap();
        assert!(
            e.contains("cn.strategy.params.interval_months = 99 is outside"),
            "{e}"
        );
    }
}
