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
pub const OPTIONAL_TABLES: &[&str] = &["tournament", "sweep"];
/// Firm agents by kind (MODEL.md §3).
pub const FIRMS: &[ParamSpec] = &[
    int(
        "firms.us_magnet_users",
        "firms",
        0,
        1000000,
        "US firms using rare-earth magnets (autos, defence, electronics)",
    ),
    int(
        "firms.us_tech_exporters",
        "firms",
        0,
        1000000,
        "US tech exporters (chips, equipment, software-powered goods) selling to China",
    ),
    int(
        "firms.cn_exporters",
        "firms",
        0,
        1000000,
        "Chinese firms exporting to the US",
    ),
    int(
        "firms.cn_tech_users",
        "firms",
        0,
        1000000,
        "Chinese firms using US-controlled tech inputs",
    ),
    num(
        "firms.size_spread",
        "fraction",
        0.0,
        0.95,
        "firm sizes drawn uniform on [1 - spread, 1 + spread], scaled to the configured totals",
    ),
    num(
        "us.pressure.weight_magnet_shortage",
        "weight",
        0.0,
        100.0,
        "weight of US output lost to magnet shortages in US pressure",
    ),
    num(
        "us.pressure.weight_tech_loss",
        "weight",
        0.0,
        100.0,
        "weight of US tech exporters' lost surplus in US pressure",
    ),
    num(
        "us.pressure.weight_lobbying",
        "weight",
        0.0,
        100.0,
        "extra weight of lobbying firms' losses in US pressure",
    ),
    num(
        "cn.pressure.weight_export_jobs",
        "weight",
        0.0,
        100.0,
        "weight of wages lost by displaced Chinese export workers in China pressure",
    ),
    num(
        "cn.pressure.weight_tech_shortage",
        "weight",
        0.0,
        100.0,
        "weight of Chinese tech users' output lost to US controls in China pressure",
    ),
];

/// China's rare-earth licensing, US magnet users, non-China supply (MODEL.md §4.8).
pub const RARE_EARTHS: &[ParamSpec] = &[
    num(
        "rare_earths.stringency.initial",
        "fraction 0..1",
        0.0,
        1.0,
        "China's rare-earth licensing stringency at round 0 (share of licence requests denied or delayed a month)",
    ),
    num(
        "rare_earths.stringency.reference",
        "fraction 0..1",
        0.0,
        1.0,
        "no-conflict reference stringency (before April 2025)",
    ),
    num(
        "rare_earths.stringency.step",
        "fraction",
        0.0,
        1.0,
        "change of stringency per escalation or de-escalation",
    ),
    num(
        "rare_earths.stringency.floor",
        "fraction 0..1",
        0.0,
        1.0,
        "lowest stringency a strategy may set",
    ),
    num(
        "rare_earths.stringency.ceiling",
        "fraction 0..1",
        0.0,
        1.0,
        "highest stringency a strategy may set",
    ),
    num(
        "rare_earths.us_need_t_per_yr",
        "tonnes/yr",
        0.0,
        1000000.0,
        "US magnet need from all sources",
    ),
    int(
        "rare_earths.processing_months",
        "months",
        1,
        3,
        "months from licence approval to delivery",
    ),
    num(
        "rare_earths.restock_months",
        "months",
        0.5,
        24.0,
        "months over which a firm closes the gap to its stockpile target",
    ),
    num(
        "rare_earths.stockpile_share",
        "share",
        0.0,
        1.0,
        "share of magnet users that stockpile (targets rise with stringency); shares are normalised",
    ),
    num(
        "rare_earths.diversify_share",
        "share",
        0.0,
        1.0,
        "share of magnet users that invest in non-China supply",
    ),
    num(
        "rare_earths.lobby_share",
        "share",
        0.0,
        1.0,
        "share of magnet users that lobby (losses weigh more in US pressure)",
    ),
    num(
        "rare_earths.hoard_factor",
        "multiplier per unit stringency",
        0.0,
        10.0,
        "stockpilers' target rises by this factor times stringency above the reference",
    ),
    num(
        "rare_earths.diversify_threshold",
        "fraction 0..1",
        0.0,
        1.0,
        "stringency at or above which diversifiers invest (they also invest after a shortage)",
    ),
    num(
        "rare_earths.diversify_step_share",
        "fraction of need",
        0.0,
        1.0,
        "share of its need a diversifier contracts from non-China supply per investment",
    ),
    num(
        "rare_earths.invest_lag_min_months",
        "months",
        0.0,
        120.0,
        "shortest lag from investment to non-China supply",
    ),
    num(
        "rare_earths.invest_lag_max_months",
        "months",
        0.0,
        120.0,
        "longest lag from investment to non-China supply",
    ),
    num(
        "rare_earths.non_china_initial_t_per_yr",
        "tonnes/yr",
        0.0,
        1000000.0,
        "non-China magnet supply available to US firms at round 0",
    ),
    num(
        "rare_earths.government_capacity_t_per_yr",
        "tonnes/yr",
        0.0,
        1000000.0,
        "government-backed non-China magnet capacity",
    ),
    int(
        "rare_earths.government_capacity_round",
        "round",
        0,
        600,
        "round at which government-backed capacity arrives",
    ),
    num(
        "rare_earths.ndpr_floor_usd_per_kg",
        "USD/kg",
        0.0,
        10000.0,
        "price floor of non-China NdPr oxide",
    ),
    num(
        "rare_earths.ndpr_china_usd_per_kg",
        "USD/kg",
        0.0,
        10000.0,
        "Chinese NdPr oxide price",
    ),
    num(
        "rare_earths.ndpr_kg_per_kg_magnet",
        "kg/kg",
        0.0,
        1.0,
        "NdPr content of an NdFeB magnet",
    ),
    num(
        "rare_earths.autos.firm_share",
        "share",
        0.0,
        1.0,
        "share of magnet-user firms that are car makers and suppliers (normalised over sectors)",
    ),
    num(
        "rare_earths.autos.need_share",
        "share",
        0.0,
        1.0,
        "share of US magnet need used by car makers and suppliers (normalised over sectors)",
    ),
    num(
        "rare_earths.autos.output_at_risk_usd_bn",
        "USD bn/month",
        0.0,
        1000.0,
        "output car makers and suppliers lose per month at a complete magnet stock-out",
    ),
    num(
        "rare_earths.autos.inventory_months",
        "months of need",
        0.0,
        60.0,
        "mean starting magnet inventory of car makers and suppliers (per-firm draw +-50%)",
    ),
    num(
        "rare_earths.autos.target_months",
        "months of need",
        0.0,
        60.0,
        "mean stockpile target of car makers and suppliers (per-firm draw +-50%)",
    ),
    num(
        "rare_earths.autos.approval_exponent",
        "exponent",
        0.0,
        10.0,
        "licence approval probability of car makers and suppliers is (1 - stringency)^exponent",
    ),
    num(
        "rare_earths.defence.firm_share",
        "share",
        0.0,
        1.0,
        "share of magnet-user firms that are defence contractors (normalised over sectors)",
    ),
    num(
        "rare_earths.defence.need_share",
        "share",
        0.0,
        1.0,
        "share of US magnet need used by defence contractors (normalised over sectors)",
    ),
    num(
        "rare_earths.defence.output_at_risk_usd_bn",
        "USD bn/month",
        0.0,
        1000.0,
        "output defence contractors lose per month at a complete magnet stock-out",
    ),
    num(
        "rare_earths.defence.inventory_months",
        "months of need",
        0.0,
        60.0,
        "mean starting magnet inventory of defence contractors (per-firm draw +-50%)",
    ),
    num(
        "rare_earths.defence.target_months",
        "months of need",
        0.0,
        60.0,
        "mean stockpile target of defence contractors (per-firm draw +-50%)",
    ),
    num(
        "rare_earths.defence.approval_exponent",
        "exponent",
        0.0,
        10.0,
        "licence approval probability of defence contractors is (1 - stringency)^exponent",
    ),
    num(
        "rare_earths.electronics.firm_share",
        "share",
        0.0,
        1.0,
        "share of magnet-user firms that are electronics and industrial motors (normalised over sectors)",
    ),
    num(
        "rare_earths.electronics.need_share",
        "share",
        0.0,
        1.0,
        "share of US magnet need used by electronics and industrial motors (normalised over sectors)",
    ),
    num(
        "rare_earths.electronics.output_at_risk_usd_bn",
        "USD bn/month",
        0.0,
        1000.0,
        "output electronics and industrial motors lose per month at a complete magnet stock-out",
    ),
    num(
        "rare_earths.electronics.inventory_months",
        "months of need",
        0.0,
        60.0,
        "mean starting magnet inventory of electronics and industrial motors (per-firm draw +-50%)",
    ),
    num(
        "rare_earths.electronics.target_months",
        "months of need",
        0.0,
        60.0,
        "mean stockpile target of electronics and industrial motors (per-firm draw +-50%)",
    ),
    num(
        "rare_earths.electronics.approval_exponent",
        "exponent",
        0.0,
        10.0,
        "licence approval probability of electronics and industrial motors is (1 - stringency)^exponent",
    ),
    other(
        "rare_earths.squeeze.enabled",
        "true/false",
        Kind::Bool,
        "whether a scheduled squeeze overrides China's stringency",
    ),
    int(
        "rare_earths.squeeze.start_round",
        "round",
        0,
        600,
        "first squeezed round",
    ),
    int(
        "rare_earths.squeeze.months",
        "months",
        0,
        600,
        "squeezed rounds; the stringency is then restored to its pre-squeeze level",
    ),
    num(
        "rare_earths.squeeze.level",
        "fraction 0..1",
        0.0,
        1.0,
        "stringency during the squeeze",
    ),
];

/// US tech export controls, US tech exporters, Chinese tech users (MODEL.md §4.9).
pub const TECH_CONTROLS: &[ParamSpec] = &[
    num(
        "tech_controls.stringency.initial",
        "fraction 0..1",
        0.0,
        1.0,
        "US export-control stringency at round 0 (share of Chinese tech buyers covered)",
    ),
    num(
        "tech_controls.stringency.reference",
        "fraction 0..1",
        0.0,
        1.0,
        "no-conflict reference stringency",
    ),
    num(
        "tech_controls.stringency.step",
        "fraction",
        0.0,
        1.0,
        "change of stringency per escalation or de-escalation",
    ),
    num(
        "tech_controls.stringency.floor",
        "fraction 0..1",
        0.0,
        1.0,
        "lowest stringency a strategy may set",
    ),
    num(
        "tech_controls.stringency.ceiling",
        "fraction 0..1",
        0.0,
        1.0,
        "highest stringency a strategy may set",
    ),
    num(
        "tech_controls.us_china_revenue_usd_bn_per_yr",
        "USD bn/yr",
        0.0,
        10000.0,
        "US tech firms' China revenue with no controls",
    ),
    num(
        "tech_controls.exporter_margin",
        "fraction",
        0.0,
        1.0,
        "US tech exporters' surplus per dollar of lost China revenue",
    ),
    num(
        "tech_controls.exposure_spread",
        "fraction",
        0.0,
        0.95,
        "spread of exporters' exposure to controls (uniform 1 +- spread)",
    ),
    num(
        "tech_controls.cn_output_usd_bn_per_yr",
        "USD bn/yr",
        0.0,
        100000.0,
        "Chinese tech users' output",
    ),
    num(
        "tech_controls.dependence_low",
        "fraction",
        0.0,
        1.0,
        "lowest share of a covered firm's output lost before substitution",
    ),
    num(
        "tech_controls.dependence_high",
        "fraction",
        0.0,
        1.0,
        "highest share of a covered firm's output lost before substitution",
    ),
    num(
        "tech_controls.substitution_months",
        "months",
        1.0,
        600.0,
        "mean months for a covered firm to replace controlled inputs (1/e time)",
    ),
];

/// Chinese exporters to the US (MODEL.md §3, §4.5).
pub const EXPORTERS: &[ParamSpec] = &[
    num(
        "exporters.reroute_share",
        "share",
        0.0,
        1.0,
        "share of Chinese exporters that reroute via third countries (shares are normalised)",
    ),
    num(
        "exporters.absorb_share",
        "share",
        0.0,
        1.0,
        "share of Chinese exporters that absorb part of the tariff",
    ),
    num(
        "exporters.cut_jobs_share",
        "share",
        0.0,
        1.0,
        "share of Chinese exporters that cut jobs at once",
    ),
    num(
        "exporters.third_country_tariff",
        "fraction",
        0.0,
        5.0,
        "US tariff on goods arriving through third countries",
    ),
    num(
        "exporters.reroute_cost_low",
        "fraction of value",
        0.0,
        5.0,
        "lowest rerouting cost",
    ),
    num(
        "exporters.reroute_cost_high",
        "fraction of value",
        0.0,
        5.0,
        "highest rerouting cost",
    ),
    num(
        "exporters.max_reroute_share",
        "fraction",
        0.0,
        0.66,
        "mean share of a rerouter's sales third countries can carry (per-firm draw +-50%)",
    ),
    num(
        "exporters.reroute_speed",
        "fraction per month",
        0.0,
        1.0,
        "share of the gap to the target rerouted share closed per month",
    ),
    num(
        "exporters.detection_prob_month",
        "probability",
        0.0,
        1.0,
        "monthly probability that a rerouting firm is caught",
    ),
    num(
        "exporters.detection_penalty",
        "fraction",
        0.0,
        5.0,
        "penalty tariff on a caught firm's rerouted sales that month",
    ),
    int(
        "exporters.detection_ban_months",
        "months",
        0,
        600,
        "months a caught firm cannot reroute",
    ),
    num(
        "exporters.absorb_fraction",
        "fraction",
        0.0,
        1.0,
        "share of the tariff rise above the reference that absorbers take on",
    ),
    num(
        "exporters.job_adjust_speed",
        "fraction per month",
        0.0,
        1.0,
        "share of the gap between employment and sales closed per month (job cutters close all of it)",
    ),
    num(
        "exporters.labour_share",
        "fraction",
        0.0,
        1.0,
        "wages as a share of export sales",
    ),
    num(
        "exporters.displaced_wage_loss_share",
        "fraction",
        0.0,
        1.0,
        "share of a displaced worker's wage not re-earned elsewhere",
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

/// Soybean market and China's purchase directive (MODEL.md §3, §4.6).
pub const SOYBEANS: &[ParamSpec] = &[
    num(
        "soybeans.cn_imports_mt",
        "Mt/yr",
        0.0,
        1000.0,
        "China's soybean import demand, conserved month by month",
    ),
    other(
        "soybeans.cn_demand_profile",
        "12 weights",
        Kind::NumberList,
        "seasonal weights of China's monthly purchases, January..December (normalised)",
    ),
    num(
        "soybeans.us_production_mt",
        "Mt/yr",
        1.0,
        1000.0,
        "US soybean production: the scale of the US market and of the farmer agents",
    ),
    num(
        "soybeans.world_price_usd_bu",
        "USD/bu",
        1.0,
        100.0,
        "world (CBOT-like) soybean price at no-conflict policy",
    ),
    num(
        "soybeans.us_basis_usd_bu",
        "USD/bu",
        -10.0,
        10.0,
        "US farm-gate basis under the world price at no-conflict policy",
    ),
    num(
        "soybeans.basis_widening_usd_bu",
        "USD/bu",
        0.0,
        10.0,
        "widening of the US farm-gate and export basis when China is fully absent",
    ),
    num(
        "soybeans.us_export_premium_usd_bu",
        "USD/bu",
        -10.0,
        10.0,
        "US Gulf FOB premium over the world price at no-conflict policy",
    ),
    num(
        "soybeans.us_freight_usd_bu",
        "USD/bu",
        0.0,
        20.0,
        "ocean freight US Gulf to China",
    ),
    num(
        "soybeans.brazil_premium_usd_bu",
        "USD/bu",
        -10.0,
        20.0,
        "Brazil's FOB premium over the world price at no-conflict policy",
    ),
    num(
        "soybeans.brazil_premium_response_usd_bu",
        "USD/bu",
        0.0,
        50.0,
        "rise of Brazil's premium per unit of extra monthly pull on Brazil (extra Mt / Brazil's average month)",
    ),
    num(
        "soybeans.brazil_freight_usd_bu",
        "USD/bu",
        0.0,
        20.0,
        "ocean freight Brazil to China",
    ),
    num(
        "soybeans.brazil_tariff",
        "fraction",
        0.0,
        5.0,
        "China's tariff on Brazilian soybeans",
    ),
    num(
        "soybeans.origin_elasticity",
        "elasticity",
        0.0,
        50.0,
        "elasticity of substitution between US and Brazilian soybeans in China's purchases (CES)",
    ),
    num(
        "soybeans.brazil_supply_weight",
        "weight",
        0.0,
        1000.0,
        "weight of Brazil's exportable supply relative to the US in China's choice (US = 1)",
    ),
    num(
        "soybeans.off_season_availability",
        "fraction 0..1",
        0.0,
        1.0,
        "availability of an origin outside its export season",
    ),
    int(
        "soybeans.us_season_start_month",
        "month 1..12",
        1,
        12,
        "first month of the US export season",
    ),
    int(
        "soybeans.us_season_end_month",
        "month 1..12",
        1,
        12,
        "last month of the US export season (may wrap past December)",
    ),
    int(
        "soybeans.brazil_season_start_month",
        "month 1..12",
        1,
        12,
        "first month of Brazil's export season",
    ),
    int(
        "soybeans.brazil_season_end_month",
        "month 1..12",
        1,
        12,
        "last month of Brazil's export season",
    ),
    num(
        "soybeans.diversion_share",
        "fraction 0..1",
        0.0,
        1.0,
        "share of lost China sales the US sells to other buyers",
    ),
    num(
        "soybeans.us_demand_elasticity",
        "elasticity",
        0.01,
        50.0,
        "price elasticity of the rest of the demand for US soybeans (crush, other markets, stocks)",
    ),
    num(
        "soybeans.price_shock_sd",
        "log points/month",
        0.0,
        1.0,
        "standard deviation of the monthly world price shock (weather, world demand)",
    ),
    num(
        "soybeans.price_shock_persistence",
        "AR(1) coefficient",
        0.0,
        0.999,
        "month-to-month persistence of the world price shock",
    ),
    num(
        "soybeans.cn_tariff_on_us.initial",
        "fraction 0..1+",
        0.0,
        5.0,
        "China's tariff on US soybeans at round 0",
    ),
    num(
        "soybeans.cn_tariff_on_us.reference",
        "fraction 0..1+",
        0.0,
        5.0,
        "no-conflict China tariff on US soybeans",
    ),
    num(
        "soybeans.cn_tariff_on_us.step",
        "fraction",
        0.0,
        2.0,
        "change of China's soybean tariff per tariff move of China",
    ),
    num(
        "soybeans.cn_tariff_on_us.floor",
        "fraction",
        0.0,
        5.0,
        "lowest China tariff on US soybeans",
    ),
    num(
        "soybeans.cn_tariff_on_us.ceiling",
        "fraction",
        0.0,
        5.0,
        "highest China tariff on US soybeans",
    ),
    num(
        "soybeans.directive.initial",
        "fraction 0..1",
        0.0,
        1.0,
        "China's buying of US soybeans at round 0 as a share of normal commercial buying (0 = freeze)",
    ),
    num(
        "soybeans.directive.reference",
        "fraction 0..1",
        0.0,
        1.0,
        "no-conflict level of China's purchase directive (1 = normal commercial buying)",
    ),
    num(
        "soybeans.directive.step",
        "fraction",
        0.0,
        1.0,
        "change of the directive per purchases move (escalation = buy less)",
    ),
    num(
        "soybeans.directive.commitment_mt",
        "Mt/yr",
        0.0,
        1000.0,
        "committed purchases of US soybeans at round 0 (0 = none; a deal sets it)",
    ),
    num(
        "cn.pressure.weight_soy_cost",
        "weight",
        0.0,
        100.0,
        "food-security weight of China's soybean import cost premium in China pressure",
    ),
];

/// US soybean farmers and farm aid (MODEL.md §3, §4.7).
pub const FARMERS: &[ParamSpec] = &[
    int(
        "farmers.count",
        "agents",
        1,
        10_000_000,
        "farmer agents; together they grow soybeans.us_production_mt in 2025",
    ),
    num(
        "farmers.acres_cv",
        "ratio",
        0.0,
        10.0,
        "coefficient of variation of acreage across agents (lognormal)",
    ),
    num(
        "farmers.yield_bu_ac_mean",
        "bu/acre",
        1.0,
        200.0,
        "mean soybean yield",
    ),
    num(
        "farmers.yield_bu_ac_sd",
        "bu/acre",
        0.0,
        100.0,
        "standard deviation of yield across agents (normal, floored at 20% of the mean)",
    ),
    num(
        "farmers.cost_usd_ac_mean",
        "USD/acre",
        0.0,
        5000.0,
        "mean cash cost of growing soybeans (operating, cash rent, overhead, family living)",
    ),
    num(
        "farmers.cost_usd_ac_sd",
        "USD/acre",
        0.0,
        5000.0,
        "standard deviation of the cost across agents (normal, floored at 0)",
    ),
    num(
        "farmers.storage_ratio_mean",
        "share of a year's production",
        0.0,
        5.0,
        "mean on-farm storage capacity",
    ),
    num(
        "farmers.storage_ratio_sd",
        "share of a year's production",
        0.0,
        5.0,
        "standard deviation of the storage ratio across agents (normal, floored at 0)",
    ),
    num(
        "farmers.equity_usd_ac_mean",
        "USD/acre",
        0.0,
        100_000.0,
        "mean starting equity (working capital) per acre",
    ),
    num(
        "farmers.equity_usd_ac_cv",
        "ratio",
        0.0,
        10.0,
        "coefficient of variation of starting equity per acre (lognormal)",
    ),
    num(
        "farmers.storage_cost_usd_bu_month",
        "USD/bu/month",
        0.0,
        10.0,
        "cost of keeping a bushel in storage for a month",
    ),
    num(
        "farmers.share_sell_at_harvest",
        "weight",
        0.0,
        1.0,
        "relative weight of the sell-at-harvest marketing strategy",
    ),
    num(
        "farmers.share_store_for_target",
        "weight",
        0.0,
        1.0,
        "relative weight of the store-for-a-target-price marketing strategy",
    ),
    num(
        "farmers.share_fixed_share",
        "weight",
        0.0,
        1.0,
        "relative weight of the sell-a-fixed-share-each-month marketing strategy",
    ),
    num(
        "farmers.fixed_share_per_month",
        "fraction 0..1",
        0.0,
        1.0,
        "share of its stocks a fixed-share farmer sells each month",
    ),
    num(
        "farmers.target_ratio_mean",
        "ratio",
        0.1,
        10.0,
        "mean target price of store-for-target farmers, as a ratio of the no-conflict farm-gate price",
    ),
    num(
        "farmers.target_ratio_sd",
        "ratio",
        0.0,
        10.0,
        "standard deviation of the target ratio across agents",
    ),
    num(
        "farmers.harvest_share_sep",
        "weight",
        0.0,
        1.0,
        "share of the harvest gathered in September (with _oct and _nov, normalised)",
    ),
    num(
        "farmers.harvest_share_oct",
        "weight",
        0.0,
        1.0,
        "share of the harvest gathered in October",
    ),
    num(
        "farmers.harvest_share_nov",
        "weight",
        0.0,
        1.0,
        "share of the harvest gathered in November",
    ),
    num(
        "farmers.corn_price_usd_bu",
        "USD/bu",
        0.0,
        100.0,
        "farm-gate corn price farmers expect when they plant",
    ),
    num(
        "farmers.corn_yield_ratio",
        "ratio",
        0.0,
        20.0,
        "corn yield as a multiple of the farm's soybean yield",
    ),
    num(
        "farmers.corn_cost_ratio",
        "ratio",
        0.0,
        20.0,
        "corn cost per acre as a multiple of the farm's soybean cost",
    ),
    num(
        "farmers.soy_land_share",
        "fraction 0..1",
        0.01,
        0.99,
        "share of the agents' rotation land in soybeans at no-conflict prices (sets the corn advantage's mean)",
    ),
    num(
        "farmers.soy_acreage_elasticity",
        "elasticity",
        0.01,
        20.0,
        "own-price elasticity of soybean acreage at no-conflict prices (sets the corn advantage's spread)",
    ),
    other(
        "farmers.exit_acreage",
        "choice",
        Kind::Choice(&["neighbour", "idle"]),
        "what happens to an exiting farmer's acreage: neighbours take it up at the next planting, or it idles",
    ),
    num(
        "farm_aid.threshold_usd_bn",
        "USD bn",
        0.0,
        1000.0,
        "marketing-year (Sep–Aug) farm loss vs the no-conflict reference above which aid is paid",
    ),
    num(
        "farm_aid.coverage",
        "USD per USD of loss",
        0.0,
        10.0,
        "aid per dollar of marketing-year farm loss once triggered (0 turns aid off)",
    ),
    int(
        "farm_aid.payment_lag_months",
        "months",
        1,
        12,
        "months from the loss to the payment",
    ),
    num(
        "farm_aid.excess_burden",
        "USD per USD of aid",
        0.0,
        5.0,
        "welfare cost of raising a dollar of aid through taxes, above the transfer itself",
    ),
    num(
        "us.pressure.weight_farm_loss",
        "weight",
        0.0,
        100.0,
        "weight of farmers' losses (after aid) in US pressure",
    ),
];

/// All schema tables, in the order `tradewar params` prints them.
pub fn all() -> impl Iterator<Item = &'static ParamSpec> {
    [
        RUN,
        GOVERNMENTS,
        TRADE,
        SOYBEANS,
        FARMERS,
        FIRMS,
        RARE_EARTHS,
        TECH_CONTROLS,
        EXPORTERS,
        NEGOTIATION,
        EVENTS,
        TOURNAMENT,
        CHARTS,
        SWEEP,
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

/// The spec for a key path. Array elements may be written as `[]` (`events[].rate`) or by
/// index (`events.2.rate`, as in `--set` and sweeps).
pub fn find(path: &str) -> Option<&'static ParamSpec> {
    let normal = normalize(path);
    all().find(|p| p.path == normal)
}

/// Rewrites index segments (`events.2.rate`) into the schema's `[]` form (`events[].rate`).
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
