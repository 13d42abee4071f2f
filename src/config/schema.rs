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
        "us.pressure.initial",
        "USD bn/month",
        0.0,
        1000.0,
        "US pressure at round 0 (the standoff predates October 2025)",
    ),
    num(
        "cn.pressure.initial",
        "USD bn/month",
        0.0,
        1000.0,
        "China pressure at round 0",
    ),
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
        Kind::Text,
        "US government strategy (a name from `tradewar strategies`)",
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
        Kind::Text,
        "China government strategy (a name from `tradewar strategies`)",
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

/// Negotiation and deals (MODEL.md §4.4).
pub const NEGOTIATION: &[ParamSpec] = &[
    other(
        "negotiation.enabled",
        "bool",
        Kind::Bool,
        "whether deals can happen at all (false for clean counterfactuals)",
    ),
    num(
        "negotiation.logit_intercept",
        "logit",
        -50.0,
        50.0,
        "intercept a of the deal probability 1/(1+exp(-(a + b·x + c·summit)))",
    ),
    num(
        "negotiation.logit_pressure_slope",
        "logit per unit",
        0.0,
        50.0,
        "slope b on combined pressure x = P_us/R_us + P_cn/R_cn",
    ),
    num(
        "negotiation.summit_logit_bonus",
        "logit",
        -50.0,
        50.0,
        "bonus c to the logit at a summit",
    ),
    other(
        "negotiation.pressure_trigger",
        "bool",
        Kind::Bool,
        "both sides past resolve open talks outside summits",
    ),
    num(
        "negotiation.duration_months",
        "months",
        1.0,
        120.0,
        "term of a deal",
    ),
    num(
        "negotiation.renewal_probability",
        "probability",
        0.0,
        1.0,
        "chance a deal is renewed at expiry",
    ),
    num(
        "negotiation.breach_pressure_usd_bn",
        "USD bn/month",
        0.0,
        1000.0,
        "pressure added to a side when the other defects",
    ),
    num(
        "negotiation.bundle.us_tariff_cut",
        "fraction points",
        0.0,
        5.0,
        "US tariff cut in a deal",
    ),
    num(
        "negotiation.bundle.cn_tariff_cut",
        "fraction points",
        0.0,
        5.0,
        "China tariff cut in a deal",
    ),
    num(
        "negotiation.bundle.re_pause_share",
        "fraction 0..1",
        0.0,
        1.0,
        "share of China's rare-earth stringency above reference lifted",
    ),
    num(
        "negotiation.bundle.soy_commitment_mt_per_year",
        "Mt/yr",
        0.0,
        200.0,
        "China's soybean purchase commitment",
    ),
    num(
        "negotiation.bundle.soy_near_term_mt",
        "Mt",
        0.0,
        200.0,
        "near-term soybean tonnage over the first three months",
    ),
    num(
        "negotiation.bundle.export_control_suspension_share",
        "fraction 0..1",
        0.0,
        1.0,
        "share of US export-control stringency above reference suspended",
    ),
    num(
        "negotiation.compliance.pace_mean",
        "fraction",
        0.0,
        1.5,
        "mean share of a purchase commitment China buys",
    ),
    num(
        "negotiation.compliance.pace_sd",
        "fraction",
        0.0,
        1.0,
        "spread of that share across deals",
    ),
    num(
        "negotiation.compliance.shortfall_threshold",
        "fraction",
        0.0,
        1.0,
        "fulfilled share below which the US counts a shortfall",
    ),
    num(
        "negotiation.compliance.shortfall_pressure_usd_bn",
        "USD bn/month",
        0.0,
        1000.0,
        "US pressure per month at a full shortfall",
    ),
    num(
        "negotiation.compliance.shortfall_break_probability",
        "probability",
        0.0,
        1.0,
        "monthly chance a shortfall ends the deal",
    ),
];

/// Scheduled and random events (MODEL.md §4.1), `[[events]]`.
pub const EVENTS: &[ParamSpec] = &[
    other(
        "events[].kind",
        "kind",
        Kind::Choice(&["summit", "tariff_threat", "truce_expiry", "political_shock"]),
        "what happens",
    ),
    other(
        "events[].name",
        "text",
        Kind::Text,
        "name logged in events.csv",
    ),
    other(
        "events[].date",
        "date",
        Kind::Date,
        "date; mapped to the round whose month contains it",
    ),
    other(
        "events[].until",
        "date",
        Kind::Date,
        "last date a political shock can fire",
    ),
    other(
        "events[].side",
        "us | cn",
        Kind::Choice(&["us", "cn"]),
        "which government a threat or shock concerns",
    ),
    num(
        "events[].rate",
        "fraction points",
        0.0,
        5.0,
        "tariff points a threat adds",
    ),
    num(
        "events[].us_snapback",
        "fraction points",
        0.0,
        5.0,
        "US tariff points back at a truce expiry",
    ),
    num(
        "events[].cn_snapback",
        "fraction points",
        0.0,
        5.0,
        "China tariff points back at a truce expiry",
    ),
    num(
        "events[].monthly_probability",
        "probability",
        0.0,
        1.0,
        "monthly chance of a political shock",
    ),
    num(
        "events[].size_usd_bn",
        "USD bn/month",
        0.0,
        1000.0,
        "pressure a shock adds",
    ),
];

/// Strategy tournaments (`tradewar tournament`; MODEL.md §7). Optional: not in the baseline.
pub const TOURNAMENT: &[ParamSpec] = &[
    other(
        "tournament.us_strategies",
        "names",
        Kind::TextList,
        "US strategies that play (library names)",
    ),
    other(
        "tournament.cn_strategies",
        "names",
        Kind::TextList,
        "China strategies that play (library names)",
    ),
    int(
        "tournament.replicator_steps",
        "steps",
        0,
        100_000,
        "steps of discrete replicator dynamics over the payoff matrix",
    ),
];

/// Charts (`[charts]`): drawn by `run`, `sweep`, `tournament`, `compare` and `plot`.
pub const CHARTS: &[ParamSpec] = &[
    int("charts.width_px", "pixels", 200, 8000, "chart width"),
    int("charts.height_px", "pixels", 200, 8000, "chart height"),
    other(
        "charts.formats",
        "list of png | svg",
        Kind::TextList,
        "image formats written for every chart",
    ),
    other(
        "charts.metrics",
        "metric names",
        Kind::TextList,
        "metrics to chart; empty = all",
    ),
];

/// Tables that only some commands read; the baseline leaves them out.
pub const OPTIONAL_TABLES: &[&str] = &["tournament"];

/// All schema tables, in the order `tradewar params` prints them.
pub fn all() -> impl Iterator<Item = &'static ParamSpec> {
    [
        RUN,
        GOVERNMENTS,
        TRADE,
        NEGOTIATION,
        EVENTS,
        TOURNAMENT,
        CHARTS,
    ]
    .into_iter()
    .flatten()
}

/// Whether a key lies in an optional table.
pub fn is_optional(path: &str) -> bool {
    OPTIONAL_TABLES
        .iter()
        .any(|t| path.strip_prefix(t).is_some_and(|r| r.starts_with('.')))
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
