//! State shared between mechanisms (docs/model.md §3): the components and resources that
//! more than one mechanism reads. Each item's doc names its owner (the mechanism that
//! writes it) and its readers; data a single mechanism uses stays in that mechanism.
//!
//! * [`sides`]: which government an entity is, and both governments' entities;
//! * [`instruments`]: the bounded policy lever, tariffs and control stringencies;
//! * [`moves`]: the moves each government decided, and the squeeze's reported move;
//! * [`ledger`]: the monthly ledger, welfare and domestic pressure;
//! * [`deal`]: deal terms (negotiation) and deal purchases (soybeans);
//! * [`events`]: what the calendar brings this month, and the event log;
//! * [`markets`]: effective tariffs (exporters → trade) and soybean prices (soybeans →
//!   farmers);
//! * [`firms`]: the firm kinds, the shared firm stream and the draws of firm populations.
//!
//! Import each item from its file (`model::state::ledger::MonthlyLedger`): this module
//! re-exports nothing, so a file here may use the strategy vocabulary (`model::strategy`)
//! while the strategies use [`sides`] without an import circle.

pub mod deal;
pub mod events;
pub mod firms;
pub mod instruments;
pub mod ledger;
pub mod markets;
pub mod moves;
pub mod sides;
