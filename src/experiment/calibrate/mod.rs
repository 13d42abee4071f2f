//! `tradewar calibrate`: fits free parameters of a scenario to observed history by
//! approximate Bayesian computation or the simulated method of moments (docs/model.md
//! "Calibration").
//!
//! Modules: [`prior`] (the priors), [`abc_smc`] (the sampler, independent of the model),
//! [`nelder_mead`] (the simplex search) and [`smm`] (the point estimate built on them),
//! [`plan`] (the `[calibration]` table checked and resolved: parameters, targets, history
//! scenarios, observations), [`checkpoint`] (the state on disk, exact to the bit), [`evaluate`] (a candidate's replicates on each history
//! scenario, in parallel, with common random numbers), [`outputs`] (the folder's files) and
//! [`run`] (the command: checkpoints, `--resume`, staging). This file only declares.

pub mod abc_smc;
pub mod checkpoint;
pub mod estimate_outputs;
pub mod evaluate;
pub mod nelder_mead;
pub mod outputs;
pub mod plan;
pub mod prior;
pub mod run;
pub mod smm;
