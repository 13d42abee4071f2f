//! plotters' backend errors as `anyhow` errors, for every drawing call of the charts.

use anyhow::{Result, anyhow};

/// Converts plotters' backend-specific errors into `anyhow` errors.
pub trait OrDraw<T> {
    /// Maps the error into an `anyhow::Error`.
    fn d(self) -> Result<T>;
}

impl<T, E: std::fmt::Debug> OrDraw<T> for std::result::Result<T, E> {
    fn d(self) -> Result<T> {
        self.map_err(|e| anyhow!("drawing failed: {e:?}"))
    }
}
