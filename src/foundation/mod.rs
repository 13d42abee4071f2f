//! Foundation: what every layer above may use and what knows nothing of the model —
//! random streams, the calendar, statistics, and file output (atomic writes, CSV, numbers).

pub mod calendar;
pub mod io;
pub mod observed;
pub mod rng;
pub mod staging;
pub mod stats;
