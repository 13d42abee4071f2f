//! Loading a scenario (docs/model.md §2, §8): the built-in baseline, `extends` chains,
//! `--set` overrides, and validation against the key table (`config::keys`) with errors that
//! name the file, the key path and the allowed range.

use super::strategy_params::{
    forget_params_of_another_strategy, is_strategy_name, names_another_strategy,
};
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::config::dist::ParamDist;
use crate::config::error::ConfigError;
use crate::config::hint;
use crate::config::keys::{self, Kind};
use crate::config::spec::parse_date;
use crate::foundation::calendar::YearMonth;
use crate::foundation::io::{fmt_int_range, fmt_range};

/// The calibrated October-2025 baseline, compiled into the binary (docs/model.md §8).
pub const BASELINE_TOML: &str = include_str!("../../configs/baseline.toml");

/// How the built-in baseline is named in messages.
pub const BASELINE_ORIGIN: &str = "configs/baseline.toml (built-in)";

/// A number for messages, compactly: `1e300` rather than 301 digits, `0.55` as written.
pub fn fmt_num(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e9).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Parses TOML text; syntax errors carry the line and column.
pub fn parse_toml(text: &str, origin: &str) -> Result<Table, ConfigError> {
    text.parse::<Table>().map_err(|e| {
        let msg = e.to_string();
        ConfigError::new(origin, format!("TOML syntax error: {}", msg.trim_end()))
    })
}

/// Checks one table (a file's own keys, before merging) against the key table. Integers given
/// for real-valued keys are turned into floats so that typed deserialization accepts them.
pub fn validate(table: &mut Table, origin: &str) -> Result<(), ConfigError> {
    validate_at(table, "", origin)
}

fn validate_at(table: &mut Table, prefix: &str, origin: &str) -> Result<(), ConfigError> {
    for (key, value) in table.iter_mut() {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        validate_value(value, &path, origin)?;
    }
    Ok(())
}

fn unknown(path: &str, origin: &str) -> ConfigError {
    let hint = keys::did_you_mean_key(path);
    ConfigError::new(
        origin,
        format!("unknown key `{path}`{hint}; `tradewar params` lists every key"),
    )
}

/// Validates a value at a key path (used for files and for `--set`).
pub fn validate_value(value: &mut Value, path: &str, origin: &str) -> Result<(), ConfigError> {
    if keys::in_open_table(path) {
        return Ok(());
    }
    let Some(spec) = keys::find(path) else {
        return match value {
            Value::Table(t) if keys::is_table_prefix(path) => validate_at(t, path, origin),
            Value::Array(items) if keys::is_table_prefix(&format!("{path}[]")) => {
                if items.len() > MAX_TABLE_ENTRIES {
                    return Err(ConfigError::new(
                        origin,
                        format!(
                            "{path} has {} entries; at most {MAX_TABLE_ENTRIES} are allowed",
                            items.len()
                        ),
                    ));
                }
                for (i, item) in items.iter_mut().enumerate() {
                    match item {
                        Value::Table(t) => validate_at(t, &format!("{path}.{i}"), origin)?,
                        _ => {
                            return Err(ConfigError::new(
                                origin,
                                format!("{path} must be an array of tables ([[{path}]])"),
                            ));
                        }
                    }
                }
                Ok(())
            }
            _ => Err(unknown(path, origin)),
        };
    };
    let err = |m: String| ConfigError::new(origin, m);
    match spec.kind {
        Kind::Number { min, max } => {
            let (lo, hi, shown) = match value {
                Value::Float(f) => (*f, *f, fmt_num(*f)),
                Value::Integer(i) => {
                    let (f, shown) = (*i as f64, format!("{i}"));
                    *value = Value::Float(f);
                    (f, f, shown)
                }
                Value::Table(t) if t.contains_key("dist") => {
                    let d = ParamDist::parse(t).map_err(|m| err(format!("{path}: {m}")))?;
                    let (lo, hi) = d.support();
                    (lo, hi, format!("{}", Value::Table(t.clone())))
                }
                other => {
                    return Err(err(format!(
                        "{path} = {other} must be a number in {} ({}) or a distribution {{ dist = \"uniform\", low = .., high = .. }}",
                        fmt_range(min, max),
                        spec.unit
                    )));
                }
            };
            if !(lo.is_finite() && hi.is_finite()) || lo < min || hi > max {
                return Err(err(format!(
                    "{path} = {shown} is outside {} ({})",
                    fmt_range(min, max),
                    spec.unit
                )));
            }
        }
        Kind::Integer { min, max } => match value {
            Value::Integer(i) if *i >= min && *i <= max => {}
            Value::Integer(i) => {
                return Err(err(format!(
                    "{path} = {i} is outside {} ({})",
                    fmt_int_range(min, max),
                    spec.unit
                )));
            }
            other => {
                let shown = match other {
                    Value::Float(f) => fmt_num(*f),
                    v => v.to_string(),
                };
                return Err(err(format!(
                    "{path} = {shown} must be a whole number in {} ({})",
                    fmt_int_range(min, max),
                    spec.unit
                )));
            }
        },
        Kind::Bool => {
            if !value.is_bool() {
                return Err(err(format!("{path} = {value} must be true or false")));
            }
        }
        Kind::Choice(options) => match value {
            Value::String(s) if options.contains(&s.as_str()) => {}
            other => {
                let s = other.as_str().unwrap_or_default();
                let near = hint::did_you_mean(s, options.iter().copied());
                return Err(err(format!(
                    "{path} = {other} is not one of: {}{near}",
                    options.join(", ")
                )));
            }
        },
        Kind::Text => {
            if !value.is_str() {
                return Err(err(format!("{path} = {value} must be a string")));
            }
        }
        Kind::Date => {
            let ok = value.as_str().is_some_and(|s| parse_date(s).is_some());
            if !ok {
                return Err(err(format!(
                    "{path} = {value} must be a calendar date \"YYYY-MM-DD\" (a real day of that month)"
                )));
            }
        }
        Kind::Month => {
            if let Err(why) = YearMonth::parse_start(value.as_str().unwrap_or_default()) {
                return Err(err(format!("{path} = {value} {why}")));
            }
        }
        Kind::TextList => {
            let ok = value
                .as_array()
                .is_some_and(|a| a.iter().all(|v| v.is_str()));
            if !ok {
                return Err(err(format!("{path} = {value} must be a list of strings")));
            }
        }
        Kind::NumberList => {
            let Some(items) = value.as_array_mut() else {
                return Err(err(format!("{path} = {value} must be a list of numbers")));
            };
            for item in items.iter_mut() {
                match item {
                    Value::Integer(i) => *item = Value::Float(*i as f64),
                    Value::Float(f) if f.is_finite() => {}
                    other => {
                        return Err(err(format!("{path}: {other} is not a finite number")));
                    }
                }
            }
            let sum: f64 = items.iter().filter_map(Value::as_float).map(f64::abs).sum();
            if !sum.is_finite() {
                return Err(err(format!(
                    "{path}: the values add up to more than the largest number ({}); scale them down (only their proportions matter where they are weights)",
                    fmt_num(f64::MAX)
                )));
            }
        }
        Kind::OpenTable => {
            if !value.is_table() {
                return Err(err(format!("{path} must be a table")));
            }
        }
    }
    Ok(())
}

/// Deep merge: keys of `over` replace those of `base`; tables merge key by key; arrays and
/// distributions are replaced whole. A strategy's `params` belong to it: a `strategy` table
/// that names another strategy than the one it extends starts from no parameters.
pub fn merge(base: &mut Table, over: Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(o))
                if !o.contains_key("dist") && !b.contains_key("dist") =>
            {
                if k == "strategy" && names_another_strategy(b, o.get("name")) {
                    b.remove("params");
                }
                merge(b, o)
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Loads a scenario file with its `extends` chain, over the built-in baseline.
pub fn load_file(path: &Path) -> Result<Table, ConfigError> {
    let mut seen = Vec::new();
    let own = load_chain(path, &mut seen)?;
    let mut base = builtin()?;
    merge(&mut base, own);
    Ok(base)
}

/// The built-in baseline as a validated table.
pub fn builtin() -> Result<Table, ConfigError> {
    let mut t = parse_toml(BASELINE_TOML, BASELINE_ORIGIN)?;
    validate(&mut t, BASELINE_ORIGIN)?;
    Ok(t)
}

/// Largest config file read (bytes): every shipped config is far smaller, and a larger file
/// (a device, a generated list of a million events) is refused before it is read.
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// Largest number of entries in an array of tables (`[[events]]`, `[[sweep.parameters]]`).
pub const MAX_TABLE_ENTRIES: usize = 10_000;

/// Resolves `path` (following symlinks) and reads it if it is a regular file of at most
/// [`MAX_CONFIG_BYTES`]: directories, devices (`/dev/zero`), FIFOs and oversized files are
/// refused from their metadata, without opening them. Returns the resolved path (against
/// which `extends` is resolved) and the text.
pub fn read_config(path: &Path, origin: &str) -> Result<(PathBuf, String), ConfigError> {
    use std::io::Read;
    let fail = |m: String| ConfigError::new(origin, m);
    let resolved = path.canonicalize().map_err(|e| {
        let looped = e.raw_os_error() == Some(40) || e.to_string().contains("symbolic links");
        if looped {
            fail("cannot read config: a loop of symbolic links".into())
        } else if e.kind() == std::io::ErrorKind::NotFound {
            fail("cannot read config: no such file".into())
        } else {
            fail(format!("cannot read config: {e}"))
        }
    })?;
    let meta =
        std::fs::metadata(&resolved).map_err(|e| fail(format!("cannot read config: {e}")))?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a device, FIFO or socket)"
        };
        return Err(fail(format!(
            "cannot read config: {} is {what}; a scenario is a TOML file",
            resolved.display()
        )));
    }
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(fail(format!(
            "cannot read config: {} bytes is more than the {} MiB a scenario file may have",
            meta.len(),
            MAX_CONFIG_BYTES / (1024 * 1024)
        )));
    }
    let file =
        std::fs::File::open(&resolved).map_err(|e| fail(format!("cannot read config: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("cannot read config: {e}")))?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(fail(format!(
            "cannot read config: more than the {} MiB a scenario file may have",
            MAX_CONFIG_BYTES / (1024 * 1024)
        )));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| fail("cannot read config: not UTF-8 text".into()))?;
    Ok((resolved, text))
}

fn load_chain(path: &Path, seen: &mut Vec<PathBuf>) -> Result<Table, ConfigError> {
    let origin = path.display().to_string();
    let (canonical, text) = read_config(path, &origin)?;
    if seen.contains(&canonical) {
        let chain: Vec<String> = seen.iter().map(|p| p.display().to_string()).collect();
        return Err(ConfigError::new(
            &origin,
            format!(
                "`extends` forms a loop: {} -> {}",
                chain.join(" -> "),
                canonical.display()
            ),
        ));
    }
    seen.push(canonical.clone());
    let mut table = parse_toml(&text, &origin)?;
    validate(&mut table, &origin)?;
    let Some(parent) = table.remove("extends") else {
        return Ok(table);
    };
    let parent = parent.as_str().unwrap_or_default().to_string();
    if parent.trim().is_empty() {
        return Err(ConfigError::new(
            &origin,
            "extends = \"\" is empty: give the path of the parent scenario (relative to this file), or remove the key",
        ));
    }
    let parent_path = canonical.parent().unwrap_or(Path::new(".")).join(&parent);
    if std::fs::symlink_metadata(&parent_path).is_err() {
        return Err(ConfigError::new(
            &origin,
            format!(
                "extends = \"{parent}\": {} does not exist (paths are relative to the extending file)",
                parent_path.display()
            ),
        ));
    }
    let mut base = load_chain(&parent_path, seen)?;
    merge(&mut base, table);
    Ok(base)
}

/// Applies `--set path.to.key=value` overrides (the value parsed as a TOML value, or taken as
/// a string if it does not parse).
pub fn apply_sets(table: &mut Table, sets: &[String]) -> Result<(), ConfigError> {
    // A strategy's name first: naming another strategy drops the old one's parameters, which
    // must not take a parameter set on the same command line with it.
    let names_first = sets
        .iter()
        .filter(|s| is_strategy_name(s))
        .chain(sets.iter().filter(|s| !is_strategy_name(s)));
    for set in names_first {
        let origin = format!("--set {set}");
        let Some((key, raw)) = set.split_once('=') else {
            return Err(ConfigError::new(
                origin,
                "expected KEY=VALUE, e.g. us.tariff.initial=0.6",
            ));
        };
        let key = key.trim();
        let raw = raw.trim();
        let mut value = match format!("v = {raw}").parse::<Table>() {
            Ok(mut t) => t.remove("v").unwrap_or(Value::String(raw.into())),
            Err(_) => Value::String(raw.to_string()),
        };
        if key.is_empty() || key.split('.').any(str::is_empty) {
            return Err(ConfigError::new(
                origin,
                format!("`{key}` is not a key path"),
            ));
        }
        validate_value(&mut value, key, &origin)?;
        if let Some(strategy) = key
            .strip_suffix(".name")
            .filter(|p| p.ends_with("strategy"))
        {
            forget_params_of_another_strategy(table, strategy, &value);
        }
        set_path(table, key, value).map_err(|m| ConfigError::new(&origin, m))?;
    }
    Ok(())
}

/// A command-line flag that sets a config key (`--replicates 5` sets `replicates`): applied
/// after `--set`, and its errors name the flag.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// The flag as the user wrote it, e.g. `--replicates`.
    pub name: &'static str,
    /// The key path it sets, e.g. `replicates`.
    pub key: &'static str,
    /// The value as given.
    pub value: String,
}

impl Flag {
    /// A flag setting `key` to `value`.
    pub fn new(name: &'static str, key: &'static str, value: impl ToString) -> Self {
        Self {
            name,
            key,
            value: value.to_string(),
        }
    }

    /// How the flag is named in messages: `--replicates 0`.
    pub fn origin(&self) -> String {
        format!("{} {}", self.name, self.value)
    }
}

/// Applies flags that set config keys; errors name the flag.
pub fn apply_flags(table: &mut Table, flags: &[Flag]) -> Result<(), ConfigError> {
    for f in flags {
        let origin = f.origin();
        let mut value = match format!("v = {}", f.value).parse::<Table>() {
            Ok(mut t) => t.remove("v").unwrap_or(Value::String(f.value.clone())),
            Err(_) => Value::String(f.value.clone()),
        };
        validate_value(&mut value, f.key, &origin)?;
        set_path(table, f.key, value).map_err(|m| ConfigError::new(&origin, m))?;
    }
    Ok(())
}

/// Sets `path` (dots; a number indexes into an array, e.g. `events.2.rate`) in a config tree,
/// creating missing tables.
pub fn set_path(table: &mut Table, path: &str, value: Value) -> Result<(), String> {
    fn walk(cur: &mut Value, parts: &[&str], path: &str, value: Value) -> Result<(), String> {
        let Some((head, rest)) = parts.split_first() else {
            return Err(format!("`{path}` is not a key path"));
        };
        let next = match cur {
            Value::Table(t) if rest.is_empty() => {
                t.insert(head.to_string(), value);
                return Ok(());
            }
            Value::Table(t) => t
                .entry(head.to_string())
                .or_insert_with(|| Value::Table(Table::new())),
            Value::Array(items) => {
                let len = items.len();
                let i: usize = head
                    .parse()
                    .map_err(|_| format!("`{head}` in `{path}` must be an index into the array"))?;
                let slot = items.get_mut(i).ok_or_else(|| {
                    format!("`{path}`: index {i} is past the end ({len} entries)")
                })?;
                if rest.is_empty() {
                    *slot = value;
                    return Ok(());
                }
                slot
            }
            _ => return Err(format!("`{head}` in `{path}` is not a table")),
        };
        walk(next, rest, path, value)
    }
    let parts: Vec<&str> = path.split('.').collect();
    let mut root = Value::Table(std::mem::take(table));
    let result = walk(&mut root, &parts, path, value);
    if let Value::Table(t) = root {
        *table = t;
    }
    result
}

/// Comments of the baseline file by key path: the source of each default (docs/model.md §8).
/// A key's source is its trailing comment, or else the comment lines right above it.
pub fn baseline_sources() -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let mut table = String::new();
    let mut pending: Vec<String> = Vec::new();
    for line in BASELINE_TOML.lines() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix('#') {
            pending.push(c.trim().to_string());
            continue;
        }
        if t.is_empty() {
            pending.clear();
            continue;
        }
        if t.starts_with("[[") {
            table = format!("{}[]", t.trim_matches(|c| c == '[' || c == ']').trim());
            pending.clear();
            continue;
        }
        if t.starts_with('[') {
            table = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            pending.clear();
            continue;
        }
        if let Some((k, rest)) = t.split_once('=') {
            let k = k.trim();
            let path = if table.is_empty() {
                k.to_string()
            } else {
                format!("{table}.{k}")
            };
            let trailing = trailing_comment(rest);
            let src = match trailing {
                Some(c) if !c.is_empty() => c,
                _ => pending.join(" "),
            };
            out.entry(path).or_insert(src);
            pending.clear();
        }
    }
    out
}

fn trailing_comment(rest: &str) -> Option<String> {
    let mut in_str: Option<char> = None;
    for (i, c) in rest.char_indices() {
        match (in_str, c) {
            (None, '"' | '\'') => in_str = Some(c),
            (Some(q), c) if c == q => in_str = None,
            (None, '#') => return Some(rest[i + 1..].trim().to_string()),
            _ => {}
        }
    }
    None
}
