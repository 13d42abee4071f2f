//! Declaring config keys (docs/model.md §8): each key's unit, allowed values and one-line
//! meaning are written once, next to its struct field, with the [`section!`] macro. The macro
//! emits the serde struct and a [`Section`] impl whose [`Section::keys`] lists the full key
//! specs (`us.tariff.initial`, `events[].date`, ...). Validation, `--set`, distributions'
//! clamping, `tradewar params` and `docs/parameters.md` all read that list (`config::keys`);
//! defaults and their sources live in `configs/baseline.toml`.

/// What kind of value a key takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A real number in `[min, max]`; may also be given as a distribution drawn per replicate.
    Number {
        /// Smallest allowed value.
        min: f64,
        /// Largest allowed value.
        max: f64,
    },
    /// A whole number in `[min, max]`; never a distribution (counts, seeds, horizons).
    Integer {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// `true` or `false`.
    Bool,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// Free text (names, relative paths).
    Text,
    /// A calendar date `YYYY-MM-DD`.
    Date,
    /// A start month `YYYY-MM`, from 2017-01 (see `foundation::calendar::YearMonth`).
    Month,
    /// A list of words (e.g. strategy names).
    TextList,
    /// A list of numbers.
    NumberList,
    /// A table whose keys are checked elsewhere (e.g. strategy parameters against the
    /// strategy's own metadata).
    OpenTable,
}

/// One config key: its path, unit, kind and one-line meaning.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySpec {
    /// Dotted key path, e.g. `us.tariff.initial`; `[]` marks an element of an array of
    /// tables (`events[].date`).
    pub path: String,
    /// Unit of the value, e.g. `fraction`, `USD bn/yr`.
    pub unit: &'static str,
    /// Allowed values.
    pub kind: Kind,
    /// What the key means, in one line (the field's doc comment).
    pub doc: String,
    /// Whether the key lies in a table only some commands read (the baseline leaves it out).
    pub optional: bool,
}

/// A config section: a struct whose keys are declared with [`section!`].
pub trait Section {
    /// Appends the specs of this section's keys, with paths under `prefix` (empty at the
    /// top level), to `out`.
    fn keys(prefix: &str, out: &mut Vec<KeySpec>);
}

/// An optional table (`[tournament]`): its keys, marked optional.
impl<T: Section> Section for Option<T> {
    fn keys(prefix: &str, out: &mut Vec<KeySpec>) {
        let start = out.len();
        T::keys(prefix, out);
        for spec in &mut out[start..] {
            spec.optional = true;
        }
    }
}

/// An array of tables (`[[events]]`): its element's keys under `prefix[]`.
impl<T: Section> Section for Vec<T> {
    fn keys(prefix: &str, out: &mut Vec<KeySpec>) {
        T::keys(&format!("{prefix}[]"), out);
    }
}

/// `prefix.field`, or `field` at the top level.
pub fn join_path(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

/// The lines of a doc comment as one line.
pub fn join_doc(lines: &[Option<&str>]) -> String {
    lines
        .iter()
        .flatten()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A leaf key's declaration: unit and kind (built by [`number`], [`integer`], ...).
#[derive(Debug, Clone, Copy)]
pub struct Leaf {
    unit: &'static str,
    kind: Kind,
    only_under: Option<&'static str>,
}

impl Leaf {
    /// The key exists only under this top-level table (`us`: a US-only pressure weight).
    pub const fn only(mut self, root: &'static str) -> Self {
        self.only_under = Some(root);
        self
    }

    /// Appends this key's spec (used by [`section!`]; `T` is the field type, unused).
    pub fn emit<T>(self, prefix: &str, field: &str, doc: &[Option<&str>], out: &mut Vec<KeySpec>) {
        if let Some(root) = self.only_under
            && prefix.split('.').next() != Some(root)
        {
            return;
        }
        out.push(KeySpec {
            path: join_path(prefix, field),
            unit: self.unit,
            kind: self.kind,
            doc: join_doc(doc),
            optional: false,
        });
    }
}

/// A nested section's declaration (built by [`nested`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Nest {
    at_most: Option<f64>,
}

impl Nest {
    /// Caps the upper bound of every real-valued key of the section (stringencies are
    /// instruments on 0..1).
    pub const fn at_most(mut self, max: f64) -> Self {
        self.at_most = Some(max);
        self
    }

    /// Appends the section's keys under `prefix.field` (used by [`section!`]).
    pub fn emit<T: Section>(
        self,
        prefix: &str,
        field: &str,
        _doc: &[Option<&str>],
        out: &mut Vec<KeySpec>,
    ) {
        let start = out.len();
        T::keys(&join_path(prefix, field), out);
        if let Some(cap) = self.at_most {
            for spec in &mut out[start..] {
                if let Kind::Number { max, .. } = &mut spec.kind {
                    *max = max.min(cap);
                }
            }
        }
    }
}

const fn leaf(unit: &'static str, kind: Kind) -> Leaf {
    Leaf {
        unit,
        kind,
        only_under: None,
    }
}

/// A real number in `[min, max]` (or a distribution over it).
pub const fn number(unit: &'static str, min: f64, max: f64) -> Leaf {
    leaf(unit, Kind::Number { min, max })
}

/// A whole number in `[min, max]`.
pub const fn integer(unit: &'static str, min: i64, max: i64) -> Leaf {
    leaf(unit, Kind::Integer { min, max })
}

/// `true` or `false`.
pub const fn boolean() -> Leaf {
    leaf("true/false", Kind::Bool)
}

/// One of `options`.
pub const fn choice(unit: &'static str, options: &'static [&'static str]) -> Leaf {
    leaf(unit, Kind::Choice(options))
}

/// Free text.
pub const fn text(unit: &'static str) -> Leaf {
    leaf(unit, Kind::Text)
}

/// A date `YYYY-MM-DD`.
pub const fn date() -> Leaf {
    leaf("date", Kind::Date)
}

/// A start month `YYYY-MM`.
pub const fn month() -> Leaf {
    leaf("month", Kind::Month)
}

/// A list of words.
pub const fn text_list(unit: &'static str) -> Leaf {
    leaf(unit, Kind::TextList)
}

/// A list of numbers.
pub const fn number_list(unit: &'static str) -> Leaf {
    leaf(unit, Kind::NumberList)
}

/// A table whose keys are checked elsewhere.
pub const fn open_table() -> Leaf {
    leaf("table", Kind::OpenTable)
}

/// A nested section (the field's type implements [`Section`]).
pub const fn nested() -> Nest {
    Nest { at_most: None }
}

/// Parses `YYYY-MM-DD` into (year, month, day): the [`Kind::Date`] format.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || s.len() != 10 {
        return None;
    }
    (1..=days_in_month(y, m)).contains(&d).then_some((y, m, d))
}

/// Days in month `m` (1..=12) of year `y` (Gregorian leap years).
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Checks a dated window: `until` (the last date) is not before `from` (the first date);
/// `at` names the keys' table in the message (`events[3]`).
pub fn check_window(at: &str, from: Option<&str>, until: Option<&str>) -> Result<(), String> {
    let (Some(from), Some(until)) = (from, until) else {
        return Ok(());
    };
    match (parse_date(from), parse_date(until)) {
        (Some(a), Some(b)) if b < a => Err(format!(
            "{at}.until = \"{until}\" is before {at}.date = \"{from}\""
        )),
        _ => Ok(()),
    }
}

/// Cross-key check of weights that are normalised together: at least one of the keys
/// `table.name` must be positive.
pub fn some_positive(table: &str, weights: &[(&str, f64)]) -> Result<(), String> {
    if weights.iter().map(|(_, w)| w).sum::<f64>() > 0.0 {
        return Ok(());
    }
    let names: Vec<String> = weights
        .iter()
        .map(|(k, _)| format!("{table}.{k}"))
        .collect();
    Err(format!(
        "{} are all zero; at least one must be positive",
        names.join(", ")
    ))
}

/// `Some(text)` for a doc attribute's tokens, `None` for any other attribute.
macro_rules! doc_line {
    (doc = $d:literal) => {
        Some($d)
    };
    ($($other:tt)*) => {
        None
    };
}
pub(crate) use doc_line;

/// Declares a config section struct and its keys together. Each field is written
/// `name: Type = decl` where `decl` is a [`Leaf`] (`number("fraction", 0.0, 1.0)`,
/// `integer(..)`, `boolean()`, `choice(..)`, `text(..)`, `date()`, `month()`, `text_list(..)`,
/// `number_list(..)`, `open_table()`, optionally `.only("us")`) or a [`nested()`] section
/// (optionally `.at_most(1.0)`). The field's doc comment is the key's meaning. Attributes
/// (derives, serde) are passed through unchanged.
macro_rules! section {
    (
        $(#[$sattr:meta])*
        $svis:vis struct $name:ident {
            $(
                $(#[$($fattr:tt)*])*
                $fvis:vis $field:ident : $fty:ty =
                    $decl:ident ( $($args:tt)* ) $( . $m:ident ( $($margs:tt)* ) )*
            ),* $(,)?
        }
    ) => {
        $(#[$sattr])*
        $svis struct $name {
            $(
                $(#[$($fattr)*])*
                $fvis $field: $fty,
            )*
        }

        impl $crate::config::spec::Section for $name {
            fn keys(prefix: &str, out: &mut Vec<$crate::config::spec::KeySpec>) {
                $(
                    $crate::config::spec::$decl($($args)*) $( .$m($($margs)*) )*
                        .emit::<$fty>(
                            prefix,
                            stringify!($field),
                            &[$($crate::config::spec::doc_line!($($fattr)*)),*],
                            out,
                        );
                )*
            }
        }
    };
}
pub(crate) use section;

#[cfg(test)]
mod tests {
    use super::*;

    section! {
        /// Inner test section.
        #[allow(dead_code)]
        pub struct Inner {
            /// A level.
            pub level: f64 = number("fraction", 0.0, 5.0),
            /// US only.
            pub us_only: f64 = number("weight", 0.0, 1.0).only("us"),
        }
    }

    section! {
        /// Outer test section.
        #[allow(dead_code)]
        pub struct Outer {
            /// Count of
            /// things.
            pub count: u32 = integer("things", 1, 9),
            /// Capped inner.
            pub inner: Inner = nested().at_most(1.0),
            /// Listed inner.
            pub list: Vec<Inner> = nested(),
        }
    }

    #[test]
    fn keys_walk_nested_sections_with_docs_caps_and_restrictions() {
        let mut out = Vec::new();
        Outer::keys("us", &mut out);
        let paths: Vec<&str> = out.iter().map(|k| k.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "us.count",
                "us.inner.level",
                "us.inner.us_only",
                "us.list[].level",
                "us.list[].us_only"
            ]
        );
        assert_eq!(out[0].doc, "Count of things.");
        assert_eq!(out[1].kind, Kind::Number { min: 0.0, max: 1.0 });
        assert_eq!(out[3].kind, Kind::Number { min: 0.0, max: 5.0 });
        let mut cn = Vec::new();
        Outer::keys("cn", &mut cn);
        assert!(cn.iter().all(|k| !k.path.ends_with("us_only")));
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_date("2025-11-01"), Some((2025, 11, 1)));
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("2025-1-01"), None);
        assert_eq!(parse_date("2026-02-31"), None);
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2028-02-29"), Some((2028, 2, 29)));
        assert_eq!(parse_date("2025-04-31"), None);
        assert!(check_window("events[0]", Some("2026-03-01"), Some("2026-02-01")).is_err());
        assert!(check_window("events[0]", Some("2026-03-01"), Some("2026-03-01")).is_ok());
    }
}
