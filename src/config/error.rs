//! The error of a bad config or bad usage (docs/model.md §8): it names the file (or `--set`,
//! or the built-in baseline), the key path and the allowed values.

/// A bad config or bad usage: the message names the file and the key (exit code 2).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct ConfigError {
    /// The file (as the user named it), `--set`, or the built-in baseline.
    pub origin: String,
    /// What is wrong, with the key path and allowed values.
    pub message: String,
}

impl ConfigError {
    /// A new error from an origin and a message.
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            origin: origin.into(),
            message: message.into(),
        }
    }
}
