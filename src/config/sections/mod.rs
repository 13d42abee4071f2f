//! One file per config section (docs/model.md §8): each holds its struct(s), its keys' unit,
//! range and meaning (declared with `config::spec::section!`) and its own cross-key checks.
//! `config::scenario::Scenario` composes them.

pub mod calibration;
pub mod charts;
pub mod events;
pub mod exporters;
pub mod farm_aid;
pub mod farmers;
pub mod firms;
pub mod government;
pub mod instrument;
pub mod negotiation;
pub mod rare_earths;
pub mod soybeans;
pub mod sweep;
pub mod tech_controls;
pub mod tournament;
pub mod trade;
