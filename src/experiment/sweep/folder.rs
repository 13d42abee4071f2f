//! The file names inside a sweep's output folder, shared by running, assembling and merging.

/// Folder (inside a sweep's output folder) holding the per-point records and the sweep's
/// identity.
pub const RECORDS_DIR: &str = "points.d";

/// The sweep's identity inside [`RECORDS_DIR`]: the exact bytes of the final `manifest.json`.
pub const IDENTITY_FILE: &str = "sweep.json";

/// Which shard a records folder belongs to, inside [`RECORDS_DIR`].
pub const SHARD_FILE: &str = "shard.json";

/// Final files a sweep may write (removed when stale).
pub const FINAL_FILES: [&str; 7] = [
    "points.csv",
    "points_long.csv",
    "runs.csv",
    "sensitivity.csv",
    "screening.csv",
    "robustness.csv",
    "manifest.json",
];
