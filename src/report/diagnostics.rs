//! Non-fatal problems met while drawing (odd or missing data): reported on standard error,
//! the chart or series concerned is skipped.

/// Logs a non-fatal problem (odd or missing data) to standard error.
pub fn warn(msg: &str) {
    eprintln!("tradewar: warning: {msg}");
}
