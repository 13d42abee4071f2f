//! Parameter sweeps (issue 6): run a scenario at many design points — a grid of values, a
//! Latin hypercube or a Sobol/Saltelli sample — with R replicates each, and summarise every
//! outcome metric per point (`points.csv`), with variance-based sensitivity indices for Sobol
//! designs (`sensitivity.csv`).
//!
//! Why it is built this way:
//! * **Common random numbers.** Every point reuses replicates `0..R` of the same master seed,
//!   so differences between points are differences of parameters, not of luck. Design points
//!   come from their own stream (`Purpose::SweepDesign`).
//! * **Safe to interrupt.** Each finished point is one small record under `DIR/points.d/`,
//!   written atomically (temp file + rename); `--resume` skips recorded points. The final
//!   files are always assembled from the records, so a killed-and-resumed sweep, a sharded
//!   sweep merged with `tradewar merge`, and an uninterrupted one give the same bytes.
//! * **Ready for a cluster.** `--shard K/N` (or Slurm's `SLURM_ARRAY_TASK_ID`) runs a
//!   contiguous block of points (whole Saltelli base-sample blocks for Sobol).
//!
//! Modules: [`design`] and [`sensitivity`] are the numerical methods; [`plan`] turns a
//! scenario's `[sweep]` table into validated design points; [`shard`] cuts them; [`record`]
//! is the per-point record; [`run`] executes a sweep; [`assemble`] writes the final files;
//! [`merge`] combines shards.

pub mod assemble;
pub mod design;
pub mod merge;
pub mod plan;
pub mod record;
pub mod run;
pub mod sensitivity;
pub mod shard;

pub use merge::{MergeOptions, MergeReport, merge};
pub use plan::SweepPlan;
pub use run::{SweepOptions, SweepReport, sweep};
pub use shard::ShardSpec;

/// Folder (inside a sweep's output folder) holding the per-point records and the sweep's
/// identity.
pub const RECORDS_DIR: &str = "points.d";

/// The sweep's identity inside [`RECORDS_DIR`]: the exact bytes of the final `manifest.json`.
pub const IDENTITY_FILE: &str = "sweep.json";

/// Which shard a records folder belongs to, inside [`RECORDS_DIR`].
pub const SHARD_FILE: &str = "shard.json";

/// Final files a sweep may write (removed when stale).
pub const FINAL_FILES: [&str; 4] = ["points.csv", "runs.csv", "sensitivity.csv", "manifest.json"];
