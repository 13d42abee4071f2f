//! The strategy interface (docs/model.md §5): a strategy maps what a government observes to
//! moves on its instruments. Each strategy is one small type with metadata (name, one-line
//! rule, source, whether it is stochastic, its parameters with defaults and ranges), in the
//! manner of the Axelrod library; `tradewar strategies` and the docs are generated from the
//! metadata. Trembling-hand noise is applied outside the rule, the same way for all.
//!
//! This module holds the trait, the moves, the observation, the metadata and the registry
//! type; the built-in library is `model::strategies` (which makes it the default registry).
//! Researchers add a strategy without touching the core by implementing [`Strategy`] and
//! registering it in a [`StrategyRegistry`] (see `examples/custom_strategy.rs`).

use rand::RngExt;
use toml::{Table, Value};

use crate::config::StrategyConfig;
use crate::foundation::rng::SimRng;
use crate::model::state::sides::Side;

/// One move on one instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, PartialOrd, Ord)]
pub enum Move {
    /// Lower the instrument by one step (cut tariffs, ease controls, buy more).
    DeEscalate,
    /// Leave it where it is.
    #[default]
    Hold,
    /// Raise it by one step (raise tariffs, tighten controls, buy less).
    Escalate,
}

impl Move {
    /// All moves, in a fixed order.
    pub const ALL: [Move; 3] = [Move::DeEscalate, Move::Hold, Move::Escalate];

    /// -1, 0 or +1.
    pub fn sign(self) -> i8 {
        match self {
            Move::DeEscalate => -1,
            Move::Hold => 0,
            Move::Escalate => 1,
        }
    }
}

/// A government's moves for one month, one per instrument class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moves {
    /// Average tariff on the other's goods.
    pub tariff: Move,
    /// Export controls: US tech-control stringency, China's rare-earth licensing stringency.
    pub controls: Move,
    /// China's soybean purchase directive (escalate = buy less); ignored for the US.
    pub purchases: Move,
}

impl Moves {
    /// The other side's last posture as a reciprocal strategy answers it: hold in round 0
    /// and when a deal settled those moves.
    pub fn answerable(obs: &Observation) -> Move {
        if obs.moves_settled_by_deal {
            return Move::Hold;
        }
        obs.other_last.map_or(Move::Hold, |m| m.posture())
    }

    /// The same move on every instrument.
    pub fn all(mv: Move) -> Self {
        Moves {
            tariff: mv,
            controls: mv,
            purchases: mv,
        }
    }

    /// The overall posture: escalation if any instrument escalated, else de-escalation if
    /// any was eased, else hold.
    pub fn posture(&self) -> Move {
        let m = [self.tariff, self.controls, self.purchases];
        if m.contains(&Move::Escalate) {
            Move::Escalate
        } else if m.contains(&Move::DeEscalate) {
            Move::DeEscalate
        } else {
            Move::Hold
        }
    }
}

/// What a government sees when it decides (§4.2).
#[derive(Debug, Clone, Default)]
pub struct Observation {
    /// Which government is deciding.
    pub side: Option<Side>,
    /// Current round (0 = the scenario's `start` month).
    pub round: u32,
    /// Own average tariff (fraction).
    pub own_tariff: f64,
    /// The other side's average tariff (fraction).
    pub other_tariff: f64,
    /// Own export-control stringency (0..1; rare earths for China, tech for the US).
    pub own_controls: f64,
    /// The other side's control stringency (0..1).
    pub other_controls: f64,
    /// The other side's moves last month (`None` in round 0).
    pub other_last: Option<Moves>,
    /// Own moves last month (`None` in round 0).
    pub own_last: Option<Moves>,
    /// Own domestic pressure (USD bn/month, weighted).
    pub own_pressure: f64,
    /// Pressure at which this government seeks a deal (USD bn/month).
    pub resolve: f64,
    /// Own welfare last month (USD bn, vs the no-conflict reference).
    pub own_welfare_month_usd_bn: f64,
    /// Own cumulative welfare (USD bn).
    pub own_welfare_cum_usd_bn: f64,
    /// Whether a deal is in force.
    pub deal_active: bool,
    /// Whether the other side's last moves were made before the deal in force: the deal
    /// settled them, so reciprocal strategies do not answer them (docs/model.md §4a).
    pub moves_settled_by_deal: bool,
    /// Whether a summit (negotiation window) falls in this month.
    pub summit: bool,
}

/// One strategy parameter: name, default, allowed range and meaning.
#[derive(Debug, Clone, Copy)]
pub struct ParamMeta {
    /// Key in `[us.strategy.params]` / `[cn.strategy.params]`.
    pub name: &'static str,
    /// Default value.
    pub default: f64,
    /// Lowest allowed value.
    pub min: f64,
    /// Highest allowed value.
    pub max: f64,
    /// What it does.
    pub doc: &'static str,
}

/// A strategy's self-description, from which listings and docs are generated.
#[derive(Debug, Clone, Copy)]
pub struct StrategyMeta {
    /// Library name used in configs.
    pub name: &'static str,
    /// The rule in one line.
    pub rule: &'static str,
    /// Where the idea comes from.
    pub source: &'static str,
    /// Whether the rule itself draws random numbers (noise aside).
    pub stochastic: bool,
    /// Parameters with defaults and ranges.
    pub params: &'static [ParamMeta],
}

/// A decision rule. Implementations keep their own state and reset it between runs.
pub trait Strategy: Send + Sync + 'static {
    /// The strategy's metadata.
    fn meta(&self) -> &'static StrategyMeta;
    /// Picks this month's moves; `rng` is the government's own strategy stream.
    fn decide(&mut self, obs: &Observation, rng: &mut SimRng) -> Moves;
    /// Learns from last month's welfare (USD bn); most strategies ignore it.
    fn reward(&mut self, _welfare_usd_bn: f64) {}
    /// The value this instance uses for its parameter `name` where that differs from the
    /// configured number (a whole-number parameter is rounded); `None` when the parameter
    /// is used as configured. Output tables record the value used.
    fn param_used(&self, _name: &str) -> Option<f64> {
        None
    }
}

/// A boxed strategy, as stored on a government entity.
pub type StrategyBox = Box<dyn Strategy>;

/// Resolved parameters of one strategy instance (defaults filled in).
#[derive(Debug, Clone, Default)]
pub struct StrategyParams(Vec<(&'static str, f64)>);

impl StrategyParams {
    /// A parameter's value (its default if it was not set).
    pub fn get(&self, name: &str) -> f64 {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .unwrap_or(f64::NAN)
    }
}

/// A library entry: metadata and a constructor.
#[derive(Clone, Copy)]
pub struct StrategyEntry {
    /// Self-description.
    pub meta: &'static StrategyMeta,
    /// Builds a fresh instance from resolved parameters.
    pub build: fn(&StrategyParams) -> StrategyBox,
}

/// The strategies a run may use: the built-in library plus any a researcher registers.
#[derive(Clone)]
pub struct StrategyRegistry {
    entries: Vec<StrategyEntry>,
}

impl StrategyRegistry {
    /// A registry of exactly `entries`, in this order. The built-in library is
    /// `StrategyRegistry::default()` (see `model::strategies`).
    pub fn with_entries(entries: Vec<StrategyEntry>) -> Self {
        Self { entries }
    }

    /// Adds (or replaces, by name) a strategy.
    pub fn register(&mut self, entry: StrategyEntry) {
        self.entries.retain(|e| e.meta.name != entry.meta.name);
        self.entries.push(entry);
    }

    /// All entries in registration order.
    pub fn entries(&self) -> &[StrategyEntry] {
        &self.entries
    }

    /// The entry for a name.
    pub fn get(&self, name: &str) -> Option<&StrategyEntry> {
        self.entries.iter().find(|e| e.meta.name == name)
    }

    /// Resolves a config's parameters against the strategy's metadata; the error names the
    /// key path (`path` is e.g. `us.strategy`) and the allowed range.
    pub fn resolve_params(
        &self,
        cfg: &StrategyConfig,
        path: &str,
    ) -> Result<(StrategyEntry, StrategyParams), String> {
        let Some(entry) = self.get(&cfg.name) else {
            let names: Vec<&str> = self.entries.iter().map(|e| e.meta.name).collect();
            let hint = crate::config::hint::did_you_mean(&cfg.name, names.iter().copied());
            return Err(format!(
                "{path}.name = \"{}\" is not a known strategy{hint}; known: {}",
                cfg.name,
                names.join(", ")
            ));
        };
        let meta = entry.meta;
        let mut values = Vec::new();
        for (k, v) in &cfg.params {
            if !meta.params.iter().any(|p| p.name == k) {
                let allowed: Vec<&str> = meta.params.iter().map(|p| p.name).collect();
                return Err(format!(
                    "unknown key `{path}.params.{k}` for strategy {} (allowed: {})",
                    meta.name,
                    if allowed.is_empty() {
                        "none".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ));
            }
            let x = match v {
                Value::Float(f) => *f,
                Value::Integer(i) => *i as f64,
                other => return Err(format!("{path}.params.{k} = {other} must be a number")),
            };
            let p = meta
                .params
                .iter()
                .find(|p| p.name == k)
                .expect("checked above");
            if !(x.is_finite() && x >= p.min && x <= p.max) {
                return Err(format!(
                    "{path}.params.{k} = {x} is outside [{}, {}]",
                    p.min, p.max
                ));
            }
            values.push((p.name, x));
        }
        for p in meta.params {
            if !values.iter().any(|(n, _)| *n == p.name) {
                values.push((p.name, p.default));
            }
        }
        Ok((*entry, StrategyParams(values)))
    }

    /// Builds a fresh strategy for a config.
    pub fn build(&self, cfg: &StrategyConfig, path: &str) -> Result<StrategyBox, String> {
        let (entry, params) = self.resolve_params(cfg, path)?;
        Ok((entry.build)(&params))
    }
}

/// Trembling hand: with probability `noise`, each move is replaced by a uniformly random one.
pub fn apply_noise(moves: Moves, noise: f64, rng: &mut SimRng) -> Moves {
    let mut tremble = |m: Move| {
        // Always draw twice per instrument so the stream stays aligned whatever the noise.
        let u: f64 = rng.random();
        let k = rng.random_range(0..3usize);
        if u < noise { Move::ALL[k] } else { m }
    };
    Moves {
        tariff: tremble(moves.tariff),
        controls: tremble(moves.controls),
        purchases: tremble(moves.purchases),
    }
}

/// Parameters given as a TOML table, for building strategies in code.
pub fn params_table(pairs: &[(&str, f64)]) -> Table {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), Value::Float(*v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn noise_zero_never_changes_and_noise_one_randomises() {
        let mut rng = SimRng::seed_from_u64(3);
        let m = Moves::all(Move::Hold);
        for _ in 0..100 {
            assert_eq!(apply_noise(m, 0.0, &mut rng), m);
        }
        let changed = (0..300)
            .filter(|_| apply_noise(m, 1.0, &mut rng).tariff != Move::Hold)
            .count();
        assert!(
            (150..250).contains(&changed),
            "about 2/3 of random moves differ: {changed}"
        );
    }

    #[test]
    fn posture_prefers_escalation() {
        let m = Moves {
            tariff: Move::DeEscalate,
            controls: Move::Escalate,
            purchases: Move::Hold,
        };
        assert_eq!(m.posture(), Move::Escalate);
        assert_eq!(Moves::default().posture(), Move::Hold);
    }
}
