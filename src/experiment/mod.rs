//! Experiments: replicates, the parallel runner, output folders, tournaments and sweeps.

pub mod outputs;
pub mod replicate;
pub mod runner;
pub mod sweep;
pub mod tournament;
