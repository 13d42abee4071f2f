//! The parameter schema: every config key with its unit, allowed range and meaning.
//!
//! This table is one of the two sources of truth about parameters (MODEL.md §8): units,
//! ranges and descriptions live here; defaults and their sources live once, in
//! `configs/baseline.toml` (embedded in the binary). Validation, `tradewar params` and the
//! docs are all derived from these two, never written a third time.

/// What kind of value a key takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A real number in `[min, max]`; may also be given as a distribution drawn per replicate.
    Number { min: f64, max: f64 },
    /// A whole number in `[min, max]`; never a distribution (counts, seeds, horizons).
    Integer { min: i64, max: i64 },
    /// `true` or `false`.
    Bool,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// Free text (names, relative paths).
    Text,
    /// A calendar date `YYYY-MM-DD`.
    Date,
    /// A list of words (e.g. strategy names).
    TextList,
    /// A list of numbers.
    NumberList,
    /// A table whose keys are checked elsewhere (e.g. strategy parameters against the
    /// strategy's own metadata).
    OpenTable,
}

/// One config key: its path (`[]` marks an element of an array of tables), unit, kind and
/// a one-line description.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// Dotted key path, e.g. `us.tariff.initial`, or `events[].date` inside arrays.
    pub path: &'static str,
    /// Unit of the value, e.g. `fraction 0..1`, `USD bn/yr`.
    pub unit: &'static str,
    /// Allowed values.
    pub kind: Kind,
    /// What the key means, in one line.
    pub doc: &'static str,
}

const fn num(
    path: &'static str,
    unit: &'static str,
    min: f64,
    max: f64,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        path,
        unit,
        kind: Kind::Number { min, max },
        doc,
    }
}

const fn int(
    path: &'static str,
    unit: &'static str,
    min: i64,
    max: i64,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        path,
        unit,
        kind: Kind::Integer { min, max },
        doc,
    }
}

const fn other(path: &'static str, unit: &'static str, kind: Kind, doc: &'static str) -> ParamSpec {
    ParamSpec {
        path,
        unit,
        kind,
        doc,
    }
}

/// Strategy names known to the built-in library (checked again against the registry).
pub const STRATEGY_NAMES: &[&str] = &[
    "hold",
    "tit_for_tat",
    "generous_tit_for_tat",
    "grim_trigger",
    "escalate_to_deal",
    "conciliatory",
    "pressure_responsive",
    "adaptive_learner",
];

/// Run-level keys.
pub const RUN: &[ParamSpec] = &[
    int(
        "seed",
        "integer",
        0,
        i64::MAX,
        "master seed of every random stream",
    ),
    int(
        "replicates",
        "runs",
        1,
        100_000_000,
        "Monte Carlo replicates",
    ),
    int(
        "rounds",
        "months",
        1,
        600,
        "horizon in monthly rounds; round 0 is 2025-10",
    ),
    int(
        "sample_paths",
        "runs",
        0,
        100_000_000,
        "replicates whose full paths go to trajectories.csv",
    ),
    other(
        "extends",
        "path",
        Kind::Text,
        "parent scenario, resolved relative to this file",
    ),
    other("name", "text", Kind::Text, "scenario name used in outputs"),
    other(
        "description",
        "text",
        Kind::Text,
        "one-line description of the scenario",
    ),
];

/// Government instruments, strategies and pressure (MODEL.md §3, §4.2–4.3, §4.10).
pub const GOVERNMENTS: &[ParamSpec] = &[
    num(
        "us.tariff.initial",
        "fraction 0..1+",
        0.0,
        5.0,
        "US average tariff on Chinese goods at round 0",
    ),
    num(
        "us.tariff.reference",
        "fraction 0..1+",
        0.0,
        5.0,
        "no-conflict reference US tariff (20 Jan 2025)",
    ),
    num(
        "us.tariff.step",
        "fraction",
        0.0,
        2.0,
        "change of the US tariff per escalation or de-escalation",
    ),
    num(
        "us.tariff.floor",
        "fraction",
        0.0,
        5.0,
        "lowest US tariff a strategy may set",
    ),
    num(
        "us.tariff.ceiling",
        "fraction",
        0.0,
        5.0,
        "highest US tariff a strategy may set",
    ),
    num(
        "cn.tariff.initial",
        "fraction 0..1+",
        0.0,
        5.0,
        "China's average tariff on US goods at round 0",
    ),
    num(
        "cn.tariff.reference",
        "fraction 0..1+",
        0.0,
        5.0,
        "no-conflict reference China tariff (Jan 2025)",
    ),
    num(
        "cn.tariff.step",
        "fraction",
        0.0,
        2.0,
        "change of China's tariff per escalation or de-escalation",
    ),
    num(
        "cn.tariff.floor",
        "fraction",
        0.0,
        5.0,
        "lowest China tariff a strategy may set",
    ),
    num(
        "cn.tariff.ceiling",
        "fraction",
        0.0,
        5.0,
        "highest China tariff a strategy may set",
    ),
    other(
        "us.strategy.name",
        "name",
        Kind::Choice(STRATEGY_NAMES),
        "US government strategy",
    ),
    num(
        "us.strategy.noise",
        "probability",
        0.0,
        1.0,
        "trembling-hand probability that a US move is replaced by a random one",
    ),
    other(
        "us.strategy.params",
        "table",
        Kind::OpenTable,
        "parameters of the US strategy (see `tradewar strategies`)",
    ),
    other(
        "cn.strategy.name",
        "name",
        Kind::Choice(STRATEGY_NAMES),
        "China government strategy",
    ),
    num(
        "cn.strategy.noise",
        "probability",
        0.0,
        1.0,
        "trembling-hand probability that a China move is replaced by a random one",
    ),
    other(
        "cn.strategy.params",
        "table",
        Kind::OpenTable,
        "parameters of the China strategy (see `tradewar strategies`)",
    ),
    num(
        "us.pressure.decay",
        "fraction per month",
        0.0,
        1.0,
        "share of last month's US pressure that carries over",
    ),
    num(
        "us.pressure.resolve",
        "USD bn/month",
        0.0,
        1000.0,
        "US pressure at which it seeks a deal or stops escalating",
    ),
    num(
        "us.pressure.weight_consumer_cost",
        "weight",
        0.0,
        100.0,
        "weight of US consumers' tariff cost in US pressure",
    ),
    num(
        "us.pressure.weight_export_loss",
        "weight",
        0.0,
        100.0,
        "weight of US exporters' lost surplus in US pressure",
    ),
    num(
        "cn.pressure.decay",
        "fraction per month",
        0.0,
        1.0,
        "share of last month's China pressure that carries over",
    ),
    num(
        "cn.pressure.resolve",
        "USD bn/month",
        0.0,
        1000.0,
        "China pressure at which it seeks a deal or stops escalating",
    ),
    num(
        "cn.pressure.weight_consumer_cost",
        "weight",
        0.0,
        100.0,
        "weight of Chinese buyers' tariff cost in China pressure",
    ),
    num(
        "cn.pressure.weight_export_loss",
        "weight",
        0.0,
        100.0,
        "weight of Chinese exporters' lost surplus in China pressure",
    ),
    num(
        "us.welfare.leverage_value_usd_bn",
        "USD bn/month",
        0.0,
        100.0,
        "strategic value the US puts on its leverage, per month at full leverage",
    ),
    num(
        "cn.welfare.leverage_value_usd_bn",
        "USD bn/month",
        0.0,
        100.0,
        "strategic value China puts on its leverage, per month at full leverage",
    ),
];

/// Bilateral goods trade (MODEL.md §4.5).
pub const TRADE: &[ParamSpec] = &[
    num(
        "trade.us_imports_from_cn_2024_usd_bn",
        "USD bn/yr",
        0.0,
        5000.0,
        "US goods imports from China in 2024",
    ),
    num(
        "trade.cn_imports_from_us_2024_usd_bn",
        "USD bn/yr",
        0.0,
        5000.0,
        "US goods exports to China in 2024",
    ),
    num(
        "trade.us_import_elasticity",
        "elasticity",
        0.0,
        20.0,
        "US import-demand elasticity for Chinese goods",
    ),
    num(
        "trade.cn_import_elasticity",
        "elasticity",
        0.0,
        20.0,
        "China's import-demand elasticity for US goods",
    ),
    num(
        "trade.pass_through",
        "fraction",
        0.0,
        1.0,
        "share of a tariff passed through to the importing country's buyers",
    ),
    num(
        "trade.exporter_surplus_share",
        "fraction",
        0.0,
        1.0,
        "exporters' surplus lost per dollar of lost export sales",
    ),
];

/// Designs of a parameter sweep (`sweep.design`).
pub const SWEEP_DESIGNS: &[&str] = &["grid", "latin_hypercube", "sobol"];

/// The optional `[sweep]` table of a scenario (issue 6, `tradewar sweep`): no default in the
/// baseline; a scenario without it cannot be swept.
pub const SWEEP: &[ParamSpec] = &[
    other(
        "sweep.design",
        "name",
        Kind::Choice(SWEEP_DESIGNS),
        "sweep design: every combination of `values` (grid), a Latin hypercube or a Sobol/Saltelli sample of `range`s (sobol also writes sensitivity.csv)",
    ),
    int(
        "sweep.samples",
        "points",
        1,
        100_000_000,
        "sampled designs: points (latin_hypercube) or base samples N (sobol: N·(d+2) points; a power of two is best)",
    ),
    int(
        "sweep.replicates",
        "runs per point",
        1,
        100_000_000,
        "replicates per design point (default: `replicates`); every point reuses replicates 0..R",
    ),
    int(
        "sweep.bootstrap",
        "resamples",
        0,
        1_000_000,
        "sobol: bootstrap resamples for the 95% intervals in sensitivity.csv (default 1000)",
    ),
    other(
        "sweep.parameters[].path",
        "key path",
        Kind::Text,
        "a swept parameter: a real-valued config key (e.g. us.tariff.ceiling) or a strategy parameter (e.g. us.strategy.params.max_escalations)",
    ),
    other(
        "sweep.parameters[].values",
        "in the key's unit",
        Kind::NumberList,
        "grid: the values this parameter takes",
    ),
    other(
        "sweep.parameters[].range",
        "[low, high] in the key's unit",
        Kind::NumberList,
        "latin_hypercube, sobol: the interval this parameter is sampled from",
    ),
];

/// All schema tables, in the order `tradewar params` prints them.
pub fn all() -> impl Iterator<Item = &'static ParamSpec> {
    [RUN, GOVERNMENTS, TRADE, SWEEP].into_iter().flatten()
}

/// The spec for an exact key path (array indices written as `[]`).
pub fn find(path: &str) -> Option<&'static ParamSpec> {
    all().find(|p| p.path == path)
}

/// Whether `path` is a table that contains known keys (e.g. `us.tariff`).
pub fn is_table_prefix(path: &str) -> bool {
    all().any(|p| {
        p.path.len() > path.len()
            && p.path.starts_with(path)
            && matches!(p.path.as_bytes()[path.len()], b'.' | b'[')
    })
}

/// Whether `path` lies inside an open table (whose keys are checked elsewhere).
pub fn in_open_table(path: &str) -> bool {
    all().any(|p| {
        p.kind == Kind::OpenTable
            && path.len() > p.path.len()
            && path.starts_with(p.path)
            && path.as_bytes()[p.path.len()] == b'.'
    })
}

/// The known key nearest to a mistyped one, for "did you mean" hints.
pub fn nearest(path: &str) -> Option<&'static str> {
    all()
        .map(|p| (strsim::damerau_levenshtein(path, p.path), p.path))
        .filter(|(d, p)| *d <= (p.len() / 3).max(3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p)
}
