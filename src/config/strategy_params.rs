//! A strategy's parameters belong to it (docs/model.md §5): the rules by which a config
//! that extends another, a `--set`, a policy lever or a tournament pairing that names another
//! strategy starts from that strategy's defaults, while the configured strategy keeps its
//! parameters (the calibrated baseline's, for example).

use toml::{Table, Value};

/// Whether `name` (a strategy table's new `name`, if set) differs from the name already in
/// the strategy table `base`. A base without a name (a parent config that sets only
/// parameters) names no strategy yet, so nothing differs.
pub(super) fn names_another_strategy(base: &Table, name: Option<&Value>) -> bool {
    matches!((base.get("name"), name), (Some(old), Some(new)) if old != new)
}

/// Whether a `--set KEY=VALUE` sets a strategy's name (`us.strategy.name=...`).
pub(super) fn is_strategy_name(set: &str) -> bool {
    set.split_once('=')
        .is_some_and(|(k, _)| k.trim().ends_with("strategy.name"))
}

/// A strategy's `params` belong to it (as in `config::load::merge`): naming another strategy at the
/// table `strategy` (a key path) drops the parameters set for the old one.
pub fn forget_params_of_another_strategy(table: &mut Table, strategy: &str, name: &Value) {
    let mut cur = table;
    for part in strategy.split('.') {
        match cur.get_mut(part) {
            Some(Value::Table(t)) => cur = t,
            _ => return,
        }
    }
    if names_another_strategy(cur, Some(name)) {
        cur.remove("params");
    }
}
