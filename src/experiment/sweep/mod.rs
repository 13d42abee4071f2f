//! Parameter sweeps: run a scenario at many design points — a grid of values, a
//! Latin hypercube, a Sobol/Saltelli sample or Morris trajectories — with R replicates each,
//! and summarise every outcome metric per point (`points.csv`), with variance-based
//! sensitivity indices for Sobol designs (`sensitivity.csv`), elementary-effects screening
//! for Morris designs (`screening.csv`) and, when the sweep declares `levers`, the regret of
//! each policy over the sampled scenarios (`robustness.csv`).
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
//! Modules: [`design`] (grid, Latin hypercube), [`sobol`], [`saltelli`], [`sensitivity`],
//! [`morris`], [`screening`] and [`regret`] are the numerical methods; [`plan`] turns a
//! scenario's `[sweep]` table into validated design points ([`policies`]: its levers;
//! [`layout`]: its shape, as the manifest records it); [`shard`] cuts them; [`record`] is the per-point record; [`folder`] names
//! the files of a sweep's output folder; [`run`] executes a sweep; [`assemble`] writes the
//! final files; [`merge`] combines shards. This file only declares and re-exports.

pub mod assemble;
pub mod design;
pub mod folder;
pub mod layout;
pub mod merge;
pub mod morris;
pub mod plan;
pub mod policies;
pub mod record;
pub mod regret;
pub mod run;
pub mod saltelli;
pub mod screening;
pub mod sensitivity;
pub mod shard;
pub mod sobol;

pub use merge::{MergeOptions, MergeReport, merge};
pub use plan::SweepPlan;
pub use run::{SweepOptions, SweepReport, sweep};
pub use shard::ShardSpec;
