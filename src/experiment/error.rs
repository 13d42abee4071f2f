//! The experiment layer's error: bad input (a config or usage problem that names the file
//! and key) or a runtime failure (I/O, a damaged record). The app layer maps the two kinds
//! onto its exit codes.

use crate::config::ConfigError;

/// A failure of an experiment: bad input or a runtime failure.
#[derive(Debug, thiserror::Error)]
pub enum ExperimentError {
    /// Bad config or usage (the app exits with code 2).
    #[error("{0}")]
    Input(#[from] ConfigError),
    /// Anything else: I/O, a vanished record, ... (the app exits with code 1).
    #[error("{0:#}")]
    Runtime(#[from] anyhow::Error),
}
