//! The error of a command: bad input (exit 2, names the file and key) or a runtime failure
//! (exit 1). Errors of the experiment layer map onto the same two kinds.

use crate::config::ConfigError;
use crate::experiment::error::ExperimentError;

/// A command's failure: bad input (exit 2) or a runtime failure (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad config or usage.
    #[error("{0}")]
    Input(#[from] ConfigError),
    /// Anything else (I/O, ...).
    #[error("{0:#}")]
    Runtime(#[from] anyhow::Error),
}

impl AppError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Input(_) => 2,
            AppError::Runtime(_) => 1,
        }
    }
}

impl From<ExperimentError> for AppError {
    fn from(e: ExperimentError) -> Self {
        match e {
            ExperimentError::Input(e) => AppError::Input(e),
            ExperimentError::Runtime(e) => AppError::Runtime(e),
        }
    }
}
