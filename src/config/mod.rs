//! Scenario configuration (TOML + serde): the typed scenario every system reads, and how it
//! is loaded (built-in baseline, `extends`, `--set`), validated and resolved per replicate.
//!
//! Implements MODEL.md §2 (parameter uncertainty) and §8 (calibration defaults, kept with
//! their sources in `configs/baseline.toml`).

pub mod charts;
pub mod dist;
pub mod events;
pub mod firms;
pub mod load;
pub mod negotiation;
pub mod schema;
pub mod soy;
pub mod sweep;
pub mod tournament;

use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use toml::Table;

pub use charts::{ChartFormat, ChartOptions};
pub use events::{EventConfig, EventKind};
pub use firms::{
    ExportersConfig, FirmsConfig, RareEarthConfig, SectorConfig, SqueezeConfig, StringencyConfig,
    TechControlsConfig,
};
pub use load::{BASELINE_TOML, ConfigError};
pub use negotiation::{ComplianceConfig, DealBundle, NegotiationConfig};
pub use soy::{DirectiveConfig, ExitAcreage, FarmAidConfig, FarmerConfig, SoybeanConfig};
pub use sweep::{DesignKind, SweepConfig, SweepParameter};
pub use tournament::TournamentConfig;

/// One government's tariff instrument settings (fractions, 0.55 = 55%).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TariffConfig {
    /// Average tariff at round 0 (fraction).
    pub initial: f64,
    /// No-conflict reference tariff (fraction), the level welfare is measured against.
    pub reference: f64,
    /// Change per escalation or de-escalation (fraction).
    pub step: f64,
    /// Lowest tariff a strategy may set (fraction).
    pub floor: f64,
    /// Highest tariff a strategy may set (fraction).
    pub ceiling: f64,
}

/// A government's strategy choice: a library name, its trembling-hand noise and parameters.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StrategyConfig {
    /// Name in the strategy library (`tradewar strategies`).
    pub name: String,
    /// Probability (0..1) that each move is replaced by a uniformly random one.
    pub noise: f64,
    /// Strategy parameters, checked against the strategy's metadata.
    #[serde(default)]
    pub params: Table,
}

/// How a government's domestic pressure forms (MODEL.md §4.10), in USD bn per month.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PressureConfig {
    /// Pressure at round 0 (USD bn/month, weighted): the standoff began before October 2025.
    pub initial: f64,
    /// Share of last month's pressure that carries over (0..1).
    pub decay: f64,
    /// Pressure (USD bn/month, weighted) at which the government seeks a deal.
    pub resolve: f64,
    /// Weight of buyers' tariff cost.
    pub weight_consumer_cost: f64,
    /// Weight of exporters' lost surplus.
    pub weight_export_loss: f64,
    /// Weight of output lost to magnet shortages (US; MODEL.md §4.8).
    #[serde(default)]
    pub weight_magnet_shortage: f64,
    /// Weight of tech exporters' lost surplus (US; MODEL.md §4.9).
    #[serde(default)]
    pub weight_tech_loss: f64,
    /// Extra weight of lobbying firms' losses (US; MODEL.md §3).
    #[serde(default)]
    pub weight_lobbying: f64,
    /// Weight of wages lost by displaced export workers (China; MODEL.md §3).
    #[serde(default)]
    pub weight_export_jobs: f64,
    /// Weight of tech users' output lost to US controls (China; MODEL.md §4.9).
    #[serde(default)]
    pub weight_tech_shortage: f64,
    /// Weight of farmers' losses after aid (US only; `us.pressure.weight_farm_loss`).
    #[serde(default)]
    pub weight_farm_loss: f64,
    /// Weight of the soybean import cost premium, the food-security weight (China only;
    /// `cn.pressure.weight_soy_cost`).
    #[serde(default)]
    pub weight_soy_cost: f64,
}

/// Welfare settings of one government (MODEL.md §4.11).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WelfareConfig {
    /// Strategic value of leverage, USD bn per month at full leverage (index 1).
    pub leverage_value_usd_bn: f64,
}

/// Everything configured about one government.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GovernmentConfig {
    /// Average tariff on the other side's goods.
    pub tariff: TariffConfig,
    /// Strategy moving the instruments.
    pub strategy: StrategyConfig,
    /// Domestic pressure.
    pub pressure: PressureConfig,
    /// Welfare accounting.
    pub welfare: WelfareConfig,
}

/// Bilateral goods trade (MODEL.md §4.5), 2024 baselines in USD bn per year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TradeConfig {
    /// US goods imports from China in 2024 (USD bn/yr).
    pub us_imports_from_cn_2024_usd_bn: f64,
    /// China's goods imports from the US in 2024 (USD bn/yr).
    pub cn_imports_from_us_2024_usd_bn: f64,
    /// US import-demand elasticity for Chinese goods.
    pub us_import_elasticity: f64,
    /// China's import-demand elasticity for US goods.
    pub cn_import_elasticity: f64,
    /// Share of a tariff passed to the importing country's buyers (0..1).
    pub pass_through: f64,
    /// Exporters' surplus lost per dollar of lost export sales (0..1).
    pub exporter_surplus_share: f64,
}

/// A complete, resolved scenario: every number is fixed (distributions already drawn).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, bevy_ecs::resource::Resource)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Scenario name used in outputs.
    #[serde(default)]
    pub name: String,
    /// One-line description.
    #[serde(default)]
    pub description: String,
    /// Master seed of every random stream.
    pub seed: u64,
    /// Monte Carlo replicates.
    pub replicates: u64,
    /// Horizon in months (round 0 = 2025-10).
    pub rounds: u32,
    /// Replicates whose paths go to `trajectories.csv`.
    pub sample_paths: u64,
    /// The US government.
    pub us: GovernmentConfig,
    /// The Chinese government.
    pub cn: GovernmentConfig,
    /// Bilateral goods trade.
    pub trade: TradeConfig,
    /// China's soybean imports, the US–Brazil split and prices.
    pub soybeans: SoybeanConfig,
    /// US soybean farmers.
    pub farmers: FarmerConfig,
    /// US farm aid.
    pub farm_aid: FarmAidConfig,
    /// Negotiation, deals and compliance (MODEL.md §4.4).
    pub negotiation: NegotiationConfig,
    /// Scheduled and random events (MODEL.md §4.1).
    #[serde(default)]
    pub events: Vec<EventConfig>,
    /// Chart options (size, formats, which metrics).
    #[serde(default)]
    pub charts: ChartOptions,
    /// Strategy tournament settings (only `tradewar tournament` reads them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tournament: Option<TournamentConfig>,
    /// How many firm agents of each kind (MODEL.md §3).
    pub firms: FirmsConfig,
    /// China's rare-earth licensing and US magnet users (MODEL.md §4.8).
    pub rare_earths: RareEarthConfig,
    /// US tech export controls, US tech exporters and Chinese tech users (MODEL.md §4.9).
    pub tech_controls: TechControlsConfig,
    /// Chinese exporters to the US (MODEL.md §3, §4.5).
    pub exporters: ExportersConfig,
    /// A parameter sweep over this scenario (`tradewar sweep`); absent in the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sweep: Option<SweepConfig>,
}

impl Scenario {
    /// Cross-key checks that a per-key range cannot express.
    pub fn check(&self, origin: &str) -> Result<(), ConfigError> {
        for (i, e) in self.events.iter().enumerate() {
            e.check(i).map_err(|m| ConfigError::new(origin, m))?;
        }
        for (side, g) in [("us", &self.us), ("cn", &self.cn)] {
            let t = &g.tariff;
            if t.floor > t.ceiling {
                return Err(ConfigError::new(
                    origin,
                    format!(
                        "{side}.tariff.floor = {} is above {side}.tariff.ceiling = {}",
                        t.floor, t.ceiling
                    ),
                ));
            }
            if t.initial < t.floor || t.initial > t.ceiling {
                return Err(ConfigError::new(
                    origin,
                    format!(
                        "{side}.tariff.initial = {} is outside [{side}.tariff.floor, {side}.tariff.ceiling] = [{}, {}]",
                        t.initial, t.floor, t.ceiling
                    ),
                ));
            }
        }
        firms::check(self).map_err(|m| ConfigError::new(origin, m))?;
        self.soybeans.check(origin)?;
        self.farmers.check(origin)?;
        Ok(())
    }
}

/// A loaded, validated scenario before per-replicate resolution.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// Where it came from (file path as given, or the built-in baseline).
    pub origin: String,
    /// The merged config tree (after `extends` and `--set`), distributions unresolved.
    pub table: Table,
    /// The scenario with every distribution at its mean (for run-level settings and checks).
    pub typical: Scenario,
    has_distributions: bool,
}

fn key_bounds(path: &str) -> (f64, f64) {
    match schema::find(path).map(|s| s.kind) {
        Some(schema::Kind::Number { min, max }) => (min, max),
        _ => (f64::MIN, f64::MAX),
    }
}

fn typed(table: Table, origin: &str) -> Result<Scenario, ConfigError> {
    Scenario::deserialize(toml::Value::Table(table))
        .map_err(|e| ConfigError::new(origin, e.to_string().trim_end().to_string()))
}

fn at_means(table: &Table) -> Table {
    let mut out = Table::new();
    for (k, v) in table {
        let nv = match v {
            toml::Value::Table(t) if t.contains_key("dist") => dist::ParamDist::parse(t)
                .map(|d| toml::Value::Float(d.mean()))
                .unwrap_or_else(|_| v.clone()),
            toml::Value::Table(t) => toml::Value::Table(at_means(t)),
            other => other.clone(),
        };
        out.insert(k.clone(), nv);
    }
    out
}

impl LoadedScenario {
    /// Loads `path` (or the built-in baseline when `None`) and applies `--set` overrides.
    pub fn load(path: Option<&Path>, sets: &[String]) -> Result<Self, ConfigError> {
        let (origin, mut table, stem) = match path {
            Some(p) => (
                p.display().to_string(),
                load::load_file(p)?,
                p.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "scenario".into()),
            ),
            None => (
                load::BASELINE_ORIGIN.to_string(),
                load::builtin()?,
                "baseline".into(),
            ),
        };
        table.remove("extends");
        if path.is_some() && !own_name(path) {
            table.insert("name".into(), toml::Value::String(stem));
        }
        Self::from_table(origin, table, sets)
    }

    /// A variant of this scenario: a new config tree (e.g. edited by a sweep or tournament)
    /// with `--set`-style overrides, validated the same way.
    pub fn with_table(&self, table: Table, sets: &[String]) -> Result<Self, ConfigError> {
        Self::from_table(self.origin.clone(), table, sets)
    }

    fn from_table(origin: String, mut table: Table, sets: &[String]) -> Result<Self, ConfigError> {
        load::apply_sets(&mut table, sets)?;
        let typical = typed(at_means(&table), &origin)?;
        typical.check(&origin)?;
        let has_distributions = dist::has_distributions(&table);
        Ok(Self {
            origin,
            table,
            typical,
            has_distributions,
        })
    }

    /// The scenario of one replicate: each distribution drawn from the stream of
    /// (seed, replicate, key path).
    pub fn for_replicate(&self, replicate: u64) -> Result<Scenario, ConfigError> {
        if !self.has_distributions {
            return Ok(self.typical.clone());
        }
        let resolved = dist::resolve(&self.table, self.typical.seed, replicate, &key_bounds);
        let s = typed(resolved, &self.origin)?;
        s.check(&self.origin)?;
        Ok(s)
    }

    /// This scenario with some keys fixed to numbers (a sweep's design point): the merged
    /// table is edited in place of re-reading files, and the typed scenario re-derived and
    /// re-checked (cross-key rules such as floor ≤ initial ≤ ceiling). Paths are not checked
    /// against the schema here: `sweep::SweepPlan` does that once for the whole design.
    pub fn with_values(&self, values: &[(&str, f64)]) -> Result<Self, ConfigError> {
        let mut table = self.table.clone();
        for (path, value) in values {
            load::set_path(&mut table, path, toml::Value::Float(*value))
                .map_err(|m| ConfigError::new(&self.origin, format!("cannot set {m}")))?;
        }
        let typical = typed(at_means(&table), &self.origin)?;
        typical.check(&self.origin)?;
        Ok(Self {
            origin: self.origin.clone(),
            has_distributions: dist::has_distributions(&table),
            table,
            typical,
        })
    }

    /// Whether any parameter is a distribution.
    pub fn has_distributions(&self) -> bool {
        self.has_distributions
    }

    /// The resolved config as canonical TOML text (sorted keys).
    pub fn canonical_toml(&self) -> String {
        toml::to_string(&self.table).unwrap_or_default()
    }

    /// `sha256:<hex>` of the canonical TOML: identifies the exact configuration.
    pub fn hash(&self) -> String {
        let digest = Sha256::digest(self.canonical_toml().as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}

/// A file sets its own name only if it has a `name` key itself; otherwise the file stem is
/// the scenario name (an extending file does not inherit its parent's name).
fn own_name(path: Option<&Path>) -> bool {
    path.and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| t.parse::<Table>().ok())
        .is_some_and(|t| t.contains_key("name"))
}

/// Parses `YYYY-MM-DD` into (year, month, day).
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if it.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) || s.len() != 10 {
        return None;
    }
    Some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_key_has_a_default_and_a_source_in_the_baseline() {
        let sources = load::baseline_sources();
        let base = load::builtin().expect("baseline validates");
        for spec in schema::all() {
            if spec.path.contains("[]") || spec.path == "extends" || schema::is_optional(spec.path)
            {
                continue;
            }
            let mut cur = toml::Value::Table(base.clone());
            for part in spec.path.split('.') {
                cur = cur
                    .get(part)
                    .unwrap_or_else(|| panic!("baseline.toml lacks {}", spec.path))
                    .clone();
            }
            if !matches!(spec.kind, schema::Kind::OpenTable | schema::Kind::Text) {
                let src = sources.get(spec.path).map(String::as_str).unwrap_or("");
                assert!(
                    src.len() > 5,
                    "{} needs a source comment in baseline.toml",
                    spec.path
                );
            }
        }
    }

    #[test]
    fn baseline_loads_and_round_zero_settings_match_the_brief() {
        let s = LoadedScenario::load(None, &[]).unwrap();
        assert_eq!(s.typical.seed, 20251025);
        assert_eq!(s.typical.replicates, 1000);
        assert!((s.typical.us.tariff.initial - 0.55).abs() < 1e-12);
        assert!(s.hash().starts_with("sha256:"));
    }

    #[test]
    fn sets_override_and_are_validated() {
        let s = LoadedScenario::load(
            None,
            &["us.tariff.initial=0.6".into(), "replicates=5".into()],
        )
        .unwrap();
        assert_eq!(s.typical.replicates, 5);
        assert!((s.typical.us.tariff.initial - 0.6).abs() < 1e-12);
        let e = LoadedScenario::load(None, &["us.tariff.initial=9".into()]).unwrap_err();
        assert!(e.to_string().contains("outside [0, 5]"), "{e}");
        let e = LoadedScenario::load(None, &["us.tariff.floor=0.9".into()]).unwrap_err();
        assert!(
            e.to_string().contains(
                "us.tariff.initial = 0.55 is outside [us.tariff.floor, us.tariff.ceiling]"
            ),
            "{e}"
        );
    }

    #[test]
    fn distributions_draw_per_replicate_within_range() {
        let s = LoadedScenario::load(
            None,
            &["us.tariff.initial={ dist = \"uniform\", low = 0.5, high = 0.6 }".into()],
        )
        .unwrap();
        assert!(s.has_distributions());
        let a = s.for_replicate(0).unwrap().us.tariff.initial;
        let b = s.for_replicate(1).unwrap().us.tariff.initial;
        assert!(a != b && (0.5..=0.6).contains(&a) && (0.5..=0.6).contains(&b));
        assert_eq!(a, s.for_replicate(0).unwrap().us.tariff.initial);
    }

    #[test]
    fn with_values_sets_keys_and_rechecks_the_scenario() {
        let s = LoadedScenario::load(None, &[]).unwrap();
        let p = s
            .with_values(&[("us.tariff.ceiling", 1.0), ("trade.pass_through", 0.5)])
            .unwrap();
        assert_eq!(p.typical.us.tariff.ceiling, 1.0);
        assert_eq!(p.typical.trade.pass_through, 0.5);
        assert_eq!(p.typical.seed, s.typical.seed);
        let e = s.with_values(&[("us.tariff.ceiling", 0.3)]).unwrap_err();
        assert!(
            e.to_string()
                .contains("us.tariff.initial = 0.55 is outside"),
            "{e}"
        );
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_date("2025-11-01"), Some((2025, 11, 1)));
        assert_eq!(parse_date("2025-13-01"), None);
        assert_eq!(parse_date("2025-1-01"), None);
    }
}
