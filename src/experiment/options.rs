//! Options shared by every simulating command: which scenario, which overrides, how many
//! threads and where the outputs go.

use std::path::{Path, PathBuf};

use crate::config::load::Flag;
use crate::config::{ConfigError, LoadedScenario};

/// Options shared by every simulating command (`run`, `tournament`, `sweep`).
#[derive(Debug, Clone, Default)]
pub struct CommonOptions {
    /// Scenario file; `None` = the built-in baseline.
    pub config: Option<PathBuf>,
    /// `--set KEY=VALUE` overrides, in order.
    pub sets: Vec<String>,
    /// Master seed override.
    pub seed: Option<u64>,
    /// Worker threads (0 = one per core).
    pub threads: usize,
    /// Output folder override.
    pub out: Option<PathBuf>,
    /// No progress bar, no summary on stdout.
    pub quiet: bool,
    /// Run even when the estimated outputs are larger than the refusal bound.
    pub force: bool,
}

impl CommonOptions {
    /// Loads the scenario with the overrides: `--set`, then the command's flags that set
    /// keys (`extra`, e.g. `--replicates`), then `--seed`; errors name the flag.
    pub fn load(&self, extra: &[Flag]) -> Result<LoadedScenario, ConfigError> {
        let mut flags = extra.to_vec();
        if let Some(seed) = self.seed {
            flags.push(Flag::new("--seed", "seed", seed));
        }
        LoadedScenario::load_with_flags(self.config.as_deref(), &self.sets, &flags)
    }

    /// The output folder: `--out`, else `output/<config stem>/` (`output/baseline/`), with
    /// `suffix` appended when given.
    pub fn out_dir(&self, suffix: Option<&str>) -> PathBuf {
        if let Some(o) = &self.out {
            return o.clone();
        }
        let stem = self
            .config
            .as_deref()
            .and_then(Path::file_stem)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "baseline".into());
        let mut p = PathBuf::from("output").join(stem);
        if let Some(s) = suffix {
            p.push(s);
        }
        p
    }
}
