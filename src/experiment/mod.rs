//! Experiments on the model: one replicate ([`replicate`]), many in parallel ([`runner`]),
//! their output folders ([`outputs`]), strategy tournaments ([`tournament`]), parameter
//! sweeps ([`sweep`]), the validation checks ([`check`]) and the calibration to history
//! ([`calibrate`]), with the layer's own [`error`]
//! type and shared [`options`]. Nothing here draws charts or knows about the command line:
//! the app layer does both.

pub mod calibrate;
pub mod check;
pub mod error;
pub mod options;
pub mod outputs;
pub mod replicate;
pub mod runner;
pub mod sweep;
pub mod tournament;
