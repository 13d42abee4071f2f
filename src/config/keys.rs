//! The key table of a scenario (docs/model.md §8): every config key with its unit, allowed
//! values and meaning, walked once from the `section!` declarations of
//! [`Scenario`](crate::config::scenario::Scenario), plus `extends`. Validation, `--set`,
//! distributions' clamping, sweeps and `tradewar params` look keys up here.

use std::sync::LazyLock;

use crate::config::hint;
use crate::config::scenario::Scenario;
use crate::config::spec::Section;
pub use crate::config::spec::{KeySpec, Kind};

static KEYS: LazyLock<Vec<KeySpec>> = LazyLock::new(|| {
    let mut out = vec![KeySpec {
        path: "extends".into(),
        unit: "path",
        kind: Kind::Text,
        doc: "Parent scenario, resolved relative to this file.".into(),
        optional: false,
    }];
    Scenario::keys("", &mut out);
    out
});

/// Every key, in the order `tradewar params` prints them.
pub fn all() -> impl Iterator<Item = &'static KeySpec> {
    KEYS.iter()
}

/// The spec for a key path. Array elements may be written as `[]` (`events[].rate`) or by
/// index (`events.2.rate`, as in `--set` and sweeps).
pub fn find(path: &str) -> Option<&'static KeySpec> {
    let normal = normalize(path);
    all().find(|p| p.path == normal)
}

/// Rewrites index segments (`events.2.rate`) into the `[]` form (`events[].rate`).
pub fn normalize(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        if !out.is_empty() && part.parse::<usize>().is_ok() {
            out.push_str("[]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// Whether a key lies in a table only some commands read (`tournament`, `sweep`).
pub fn is_optional(path: &str) -> bool {
    find(path).is_some_and(|k| k.optional)
}

/// Whether `path` is a table that contains known keys (e.g. `us.tariff`).
pub fn is_table_prefix(path: &str) -> bool {
    let path = normalize(path);
    let path = path.as_str();
    all().any(|p| {
        p.path.len() > path.len()
            && p.path.starts_with(path)
            && matches!(p.path.as_bytes()[path.len()], b'.' | b'[')
    })
}

/// Whether `path` lies inside an open table (whose keys are checked elsewhere).
pub fn in_open_table(path: &str) -> bool {
    let path = normalize(path);
    let path = path.as_str();
    all().any(|p| {
        p.kind == Kind::OpenTable
            && path.len() > p.path.len()
            && path.starts_with(p.path.as_str())
            && path.as_bytes()[p.path.len()] == b'.'
    })
}

/// Every table that holds known keys (`us`, `us.tariff`, `events[]`), in key order.
static TABLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut out: Vec<String> = Vec::new();
    for k in all() {
        let mut end = 0;
        while let Some(i) = k.path[end..].find('.') {
            end += i;
            let t = k.path[..end].to_string();
            if !out.contains(&t) {
                out.push(t);
            }
            end += 1;
        }
    }
    out
});

/// The known key or table nearest to a mistyped one, for "did you mean" hints, in the `[]`
/// form (`events[].rate`).
pub fn nearest(path: &str) -> Option<&'static str> {
    let normal = normalize(path);
    let candidates = all()
        .map(|p| p.path.as_str())
        .chain(TABLES.iter().map(String::as_str));
    hint::nearest(&normal, candidates)
}

/// A `[]`-form key path written as the user can type it: the indices of `typed`
/// (`events.2.rat`) put back (`events.2.rate`), or `N` where the user gave none.
pub fn with_indices(suggestion: &str, typed: &str) -> String {
    if typed.contains("[]") {
        return suggestion.to_string();
    }
    let mut indices = typed.split('.').filter(|p| p.parse::<usize>().is_ok());
    suggestion
        .split("[]")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                format!(".{}{part}", indices.next().unwrap_or("N"))
            }
        })
        .collect()
}

/// `` (did you mean `key`?)`` for the known key or table nearest to a mistyped one, written
/// in the form `--set` and sweeps take (`events.2.rate`), or empty.
pub fn did_you_mean_key(path: &str) -> String {
    nearest(path)
        .map(|n| {
            let typed = with_indices(n, path);
            if typed.contains(".N") {
                format!(" (did you mean `{typed}`, N the entry's index from 0?)")
            } else {
                format!(" (did you mean `{typed}`?)")
            }
        })
        .unwrap_or_default()
}

/// The allowed range of a real-valued key (distributions' draws are clamped to it);
/// unbounded for any other path.
pub fn bounds(path: &str) -> (f64, f64) {
    match find(path).map(|s| s.kind) {
        Some(Kind::Number { min, max }) => (min, max),
        _ => (f64::MIN, f64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_unique_and_documented() {
        let mut seen = std::collections::BTreeSet::new();
        for k in all() {
            assert!(seen.insert(k.path.clone()), "{} declared twice", k.path);
            assert!(k.doc.len() > 5, "{} has no meaning", k.path);
        }
    }

    #[test]
    fn lookups_cover_side_restrictions_arrays_and_open_tables() {
        assert!(find("us.pressure.weight_farm_loss").is_some());
        assert!(find("cn.pressure.weight_farm_loss").is_none());
        assert!(find("cn.pressure.weight_soy_cost").is_some());
        assert_eq!(
            find("events.2.rate").map(|k| k.kind),
            Some(Kind::Number { min: 0.0, max: 5.0 })
        );
        assert_eq!(bounds("rare_earths.stringency.initial"), (0.0, 1.0));
        assert_eq!(bounds("soybeans.cn_tariff_on_us.step"), (0.0, 2.0));
        assert!(in_open_table("us.strategy.params.max_escalations"));
        assert!(is_table_prefix("us.tariff") && is_table_prefix("sweep.parameters[]"));
        assert!(is_optional("sweep.design") && !is_optional("us.tariff.initial"));
        assert_eq!(nearest("us.tarif.initial"), Some("us.tariff.initial"));
        assert_eq!(nearest("us.tarif"), Some("us.tariff"));
        assert_eq!(
            did_you_mean_key("events.2.rat"),
            " (did you mean `events.2.rate`?)"
        );
        assert_eq!(with_indices("events[].rate", "events.rat"), "events.N.rate");
    }
}
