//! `tradewar check`, the validation report (docs/model.md §8, §9 and "History scenarios"):
//! the checks as data ([`spec`], `data/validation/checks.toml`), their scenarios run in
//! memory ([`run`]), the trade block fed the papers' inputs ([`literature`]), each check
//! judged ([`evaluate`]) and the whole suite ([`suite`]). The app layer prints the table.

pub mod evaluate;
pub mod literature;
pub mod run;
pub mod spec;
pub mod suite;
