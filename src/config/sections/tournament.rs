//! `[tournament]`: which strategies play each other and for how many replicator steps
//! (`tradewar tournament`; docs/model.md §5, §7). Optional: the baseline leaves it out.

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

section! {
    /// `[tournament]`: which strategies play, and how long replicator dynamics run.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TournamentConfig {
        /// US strategies that play (library names).
        pub us_strategies: Vec<String> = text_list("names"),
        /// China strategies that play (library names).
        pub cn_strategies: Vec<String> = text_list("names"),
        /// Steps of discrete replicator dynamics over the payoff matrix (default 200).
        #[serde(default = "default_steps")]
        pub replicator_steps: u32 = integer("steps", 0, 100_000),
    }
}

fn default_steps() -> u32 {
    200
}
