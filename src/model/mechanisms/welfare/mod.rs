//! Welfare (docs/model.md §4.11): each government's monthly welfare in USD bn, decomposed
//! into its parts ([`parts`]) and measured against two references, accumulated over the
//! horizon ([`account`]).

pub mod account;
pub mod parts;

pub use account::{
    WELFARE_ROUND_METRICS, WELFARE_RUN_METRICS, account_welfare, monthly_welfare, reset_ledger,
    setup_welfare,
};
pub use parts::{PARTS_ROUND_METRICS, Parts, WelfareParts};
