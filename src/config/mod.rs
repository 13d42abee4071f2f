//! Scenario configuration (TOML + serde; docs/model.md §2 parameter uncertainty, §8
//! calibration defaults): the typed scenario every system reads, and how it is loaded
//! (built-in baseline, `extends`, `--set`), validated and resolved per replicate.
//!
//! One source of truth per key: each key's unit, allowed values and meaning are declared
//! once, next to its struct field in `sections/` (with `spec::section!`); its default and
//! source live in `configs/baseline.toml`. `keys` is the key table walked from those
//! declarations; validation, `--set`, distributions, sweeps and `tradewar params`
//! (`listing`) read it. This file only declares and re-exports: the modules below import
//! each other directly, never through it.

#![warn(missing_docs)]

pub mod dist;
pub mod error;
pub mod hint;
pub mod keys;
pub mod listing;
pub mod load;
pub mod loaded;
pub mod scenario;
pub mod sections;
pub mod spec;
pub mod strategy_params;
pub mod support;

pub use error::ConfigError;
pub use listing::params_listing;
pub use load::BASELINE_TOML;
pub use loaded::LoadedScenario;
pub use scenario::Scenario;
pub use sections::calibration::{CalibrationConfig, CalibrationParameter, CalibrationTarget};
pub use sections::charts::{ChartFormat, ChartOptions};
pub use sections::events::{
    self, EventConfig, EventKind, EventSide, ShockEvent, SummitEvent, ThreatEvent, TruceExpiryEvent,
};
pub use sections::exporters::ExportersConfig;
pub use sections::farm_aid::FarmAidConfig;
pub use sections::farmers::{ExitAcreage, FarmerConfig};
pub use sections::firms::FirmsConfig;
pub use sections::government::{GovernmentConfig, PressureConfig, StrategyConfig, WelfareConfig};
pub use sections::instrument::InstrumentConfig;
pub use sections::negotiation::{ComplianceConfig, DealBundle, NegotiationConfig};
pub use sections::rare_earths::{RareEarthConfig, SectorConfig, SqueezeConfig};
pub use sections::soybeans::{DirectiveConfig, SoybeanConfig};
pub use sections::sweep::{DesignKind, SweepConfig, SweepParameter};
pub use sections::tech_controls::TechControlsConfig;
pub use sections::tournament::TournamentConfig;
pub use sections::trade::TradeConfig;
pub use spec::parse_date;
