//! The mechanisms of docs/model.md §4, one module each: its components and resources, its
//! setup, its systems and its metric tables.

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
