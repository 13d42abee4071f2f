//! The mechanisms of docs/model.md §4, one module each: its components and resources, its
//! setup, its systems and its metric tables. A mechanism never imports another: what two
//! mechanisms share lives in `model::state`, with one owner that writes it.
//!
//! | mechanism | docs/model.md | owns (shared, in `model::state`) |
//! |---|---|---|
//! | `events` | §4.1 | `EventsDue`; books pressure shocks |
//! | `governments` | §3, §4.2–4.3 | `Side`, `Governments`, `Tariff` moves, `LastMoves` |
//! | `negotiation` | §4.4 | `DealTerms` |
//! | `trade` | §4.5 | (`GoodsTrade`, its own) |
//! | `exporters` | §3, §4.5 | `EffectiveTariffs` |
//! | `soybeans` | §4.6 | `SoyPrices`, `DealPurchases` |
//! | `farmers` | §3, §4.7 | — |
//! | `rare_earths` | §4.8 | `RareEarthStringency` (installs), `SqueezeMove` |
//! | `tech_controls` | §4.9 | `ExportControls` (installs) |
//! | `politics` | §4.10 | `DomesticPressure` |
//! | `welfare` | §4.11 | `MonthlyLedger`, `StatusQuoLedger` (resets both), `Welfare` |

pub mod events;
pub mod exporters;
pub mod farmers;
pub mod governments;
pub mod negotiation;
pub mod politics;
pub mod rare_earths;
pub mod soybeans;
pub mod tech_controls;
pub mod trade;
pub mod welfare;
