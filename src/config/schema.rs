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
    [RUN, GOVERNMENTS, TRADE, SOYBEANS, FARMERS]
        .into_iter()
        .flatten()
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
