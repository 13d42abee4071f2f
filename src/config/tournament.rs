//! `[tournament]`: which strategies play each other and for how many replicator steps.

use serde::{Deserialize, Serialize};

/// `[tournament]`: which strategies play, and how long replicator dynamics run.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TournamentConfig {
    /// US strategies (library names).
    pub us_strategies: Vec<String>,
    /// China strategies (library names).
    pub cn_strategies: Vec<String>,
    /// Steps of discrete replicator dynamics.
    #[serde(default = "default_steps")]
    pub replicator_steps: u32,
}

fn default_steps() -> u32 {
    200
}
