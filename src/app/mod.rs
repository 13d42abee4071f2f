//! The commands behind the CLI, as library functions (ripgrep's "library first, thin
//! binary"): `run`, `validate`, `params`, `strategies`; `sweep` and `merge` live in
//! [`crate::experiment::sweep`] and are re-exported here. Errors are split into bad input
//! (exit 2, names the file and key) and runtime failures (exit 1).

use std::path::{Path, PathBuf};

use crate::config::{ConfigError, LoadedScenario};
use crate::experiment::outputs::{RunWriter, SamplePaths, manifest};
use crate::experiment::replicate::Prepared;
use crate::experiment::runner::{progress_bar, run_streaming, thread_pool};
use crate::model::strategy::StrategyRegistry;
use crate::model::world::{agent_counts, build_world};

pub use crate::experiment::sweep::{
    MergeOptions, MergeReport, SweepOptions, SweepReport, merge, sweep,
};

/// A command's failure: bad input (exit 2) or a runtime failure (exit 1).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Bad config or usage.
    #[error("{0}")]
    Input(#[from] ConfigError),
    /// Anything else (I/O, ...).
    #[error("{0:#}")]
    Runtime(#[from] anyhow::Error),
}

impl AppError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Input(_) => 2,
            AppError::Runtime(_) => 1,
        }
    }
}

/// Options shared by every simulating command.
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
    /// Draw charts and the report after the run.
    pub charts: bool,
}

impl CommonOptions {
    /// Loads the scenario with the overrides, including `--seed`.
    pub fn load(&self, extra_sets: &[String]) -> Result<LoadedScenario, ConfigError> {
        let mut sets = self.sets.clone();
        sets.extend(extra_sets.iter().cloned());
        if let Some(seed) = self.seed {
            sets.push(format!("seed={seed}"));
        }
        LoadedScenario::load(self.config.as_deref(), &sets)
    }

    /// The output folder: `--out`, else `output/<config stem>/` (`output/baseline/`).
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

/// Options of `tradewar run`.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Shared options.
    pub common: CommonOptions,
    /// Replicates override.
    pub replicates: Option<u64>,
    /// Rounds override.
    pub rounds: Option<u32>,
    /// Sample paths override.
    pub sample_paths: Option<SamplePaths>,
    /// Run only this replicate.
    pub replicate: Option<u64>,
}

/// What a finished run returns.
pub struct RunReport {
    /// Where the outputs went.
    pub out_dir: PathBuf,
    /// The prepared scenario.
    pub prepared: Prepared,
    /// Replicates run.
    pub count: u64,
    /// Outcome summaries in `RUN_METRICS` order.
    pub summaries: Vec<Option<crate::foundation::stats::Summary>>,
}

/// Loads and prepares a scenario for running.
pub fn prepare(
    common: &CommonOptions,
    extra_sets: &[String],
    registry: &StrategyRegistry,
) -> Result<Prepared, AppError> {
    let loaded = common.load(extra_sets)?;
    Ok(Prepared::new(loaded, registry.clone())?)
}

/// `tradewar run`: N replicates, outputs in the folder.
pub fn run(opts: &RunOptions, registry: &StrategyRegistry) -> Result<RunReport, AppError> {
    let mut extra = Vec::new();
    if let Some(n) = opts.replicates {
        extra.push(format!("replicates={n}"));
    }
    if let Some(r) = opts.rounds {
        extra.push(format!("rounds={r}"));
    }
    let prepared = prepare(&opts.common, &extra, registry)?;
    let s = &prepared.loaded.typical;
    let keep = opts
        .sample_paths
        .unwrap_or(SamplePaths::First(s.sample_paths));
    let range = match opts.replicate {
        Some(i) if i >= s.replicates => {
            return Err(ConfigError::new(
                "--replicate",
                format!(
                    "--replicate {i} is outside [0, {}] (replicates = {})",
                    s.replicates - 1,
                    s.replicates
                ),
            )
            .into());
        }
        Some(i) => i..i + 1,
        None => 0..s.replicates,
    };
    let out_dir = match opts.replicate {
        Some(i) => opts.common.out_dir(Some(&format!("replicate-{i}"))),
        None => opts.common.out_dir(None),
    };
    let agents = {
        let scenario = prepared.loaded.typical.clone();
        let mut world = build_world(&scenario, &prepared.registry, prepared.seed(), 0)?;
        agent_counts(&mut world)
    };
    let keep = match opts.replicate {
        Some(_) if keep != SamplePaths::First(0) => SamplePaths::All,
        _ => keep,
    };
    let pool = thread_pool(opts.common.threads)?;
    let bar = progress_bar(range.end - range.start, opts.common.quiet, "replicates");
    let mut writer = RunWriter::create(&out_dir, prepared.rounds(), keep)?;
    run_streaming(&prepared, range, &pool, &bar, |r| writer.push(&r))?;
    bar.finish_and_clear();
    let mut m = manifest(&prepared, "run", &agents);
    m["sample_paths"] = match keep {
        SamplePaths::All => serde_json::json!("all"),
        SamplePaths::First(k) => serde_json::json!(k),
    };
    if let Some(r) = opts.replicate {
        m["replicate"] = serde_json::json!(r);
        m["replicates"] = serde_json::json!(1);
    }
    let count = writer.count();
    let summaries = writer.finish(&m)?;
    if opts.common.charts {
        crate::report::plot_dir(&out_dir, None)?;
    }
    Ok(RunReport {
        out_dir,
        prepared,
        count,
        summaries,
    })
}

/// `tradewar tournament`: every US strategy against every China strategy.
pub fn tournament(
    common: &CommonOptions,
    replicates: Option<u64>,
    registry: &StrategyRegistry,
) -> Result<(PathBuf, Vec<crate::experiment::tournament::PairResult>), AppError> {
    let mut extra = Vec::new();
    if let Some(n) = replicates {
        extra.push(format!("replicates={n}"));
    }
    let loaded = common.load(&extra)?;
    let Some(cfg) = loaded.typical.tournament.clone() else {
        return Err(ConfigError::new(
            &loaded.origin,
            "a tournament needs a [tournament] table with us_strategies and cn_strategies",
        )
        .into());
    };
    for (key, names) in [
        ("tournament.us_strategies", &cfg.us_strategies),
        ("tournament.cn_strategies", &cfg.cn_strategies),
    ] {
        if names.is_empty() {
            return Err(ConfigError::new(&loaded.origin, format!("{key} is empty")).into());
        }
        for n in names {
            if registry.get(n).is_none() {
                return Err(ConfigError::new(
                    &loaded.origin,
                    format!("{key}: \"{n}\" is not a known strategy (see `tradewar strategies`)"),
                )
                .into());
            }
        }
    }
    let n = loaded.typical.replicates;
    let pairs_total = (cfg.us_strategies.len() * cfg.cn_strategies.len()) as u64;
    let pool = thread_pool(common.threads)?;
    let bar = progress_bar(pairs_total * n, common.quiet, "pairs x replicates");
    let pairs = crate::experiment::tournament::play(&loaded, &cfg, registry, n, &pool, &bar)?;
    bar.finish_and_clear();
    let out = common.out_dir(None);
    let prepared = Prepared::new(loaded, registry.clone())?;
    crate::experiment::tournament::write_outputs(&out, &prepared, &cfg, &pairs)?;
    if common.charts {
        crate::report::plot_dir(&out, None)?;
    }
    Ok((out, pairs))
}

/// `tradewar plot DIR`: redraws every chart and the report from the files in DIR.
pub fn plot(dir: &Path) -> Result<usize, AppError> {
    if !dir.join("manifest.json").exists() {
        return Err(ConfigError::new(
            dir.display().to_string(),
            "no manifest.json here: not a tradewar output folder",
        )
        .into());
    }
    Ok(crate::report::plot_dir(dir, None)?.len())
}

/// `tradewar compare DIR DIR... --out DIR`: overlays scenarios and, where they share seed and
/// replicates, reports paired differences (`compare.csv`).
pub fn compare(dirs: &[PathBuf], out: &Path) -> Result<usize, AppError> {
    if dirs.len() < 2 {
        return Err(ConfigError::new("tradewar compare", "needs at least two run folders").into());
    }
    for d in dirs {
        if !d.join("runs.csv").exists() || !d.join("manifest.json").exists() {
            return Err(ConfigError::new(
                d.display().to_string(),
                "not a `tradewar run` output folder (no runs.csv or manifest.json)",
            )
            .into());
        }
    }
    let first: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dirs[0].join("manifest.json")).map_err(anyhow::Error::from)?,
    )
    .map_err(anyhow::Error::from)?;
    let opts = crate::report::chart_options_from_manifest(&first);
    let charts = crate::report::compare(dirs, out, &opts)?;
    crate::report::write_report(out, &charts)?;
    Ok(charts.len())
}

/// `tradewar validate`: loads and checks a scenario (and its `[sweep]`, every design point).
pub fn validate(
    config: &Path,
    sets: &[String],
    registry: &StrategyRegistry,
) -> Result<(), AppError> {
    let loaded = LoadedScenario::load(Some(config), sets)?;
    let sweep = loaded.typical.sweep.is_some();
    let prepared = Prepared::new(loaded, registry.clone())?;
    if sweep {
        crate::experiment::sweep::SweepPlan::new(&prepared.loaded)?.check_points(&prepared)?;
    }
    Ok(())
}

/// `tradewar strategies`: one line per strategy, `name: rule`.
pub fn strategies_listing(registry: &StrategyRegistry) -> String {
    registry
        .entries()
        .iter()
        .map(|e| format!("{}: {}\n", e.meta.name, e.meta.rule))
        .collect()
}

/// The strategy library as a Markdown document (generated into `docs/strategies.md`).
pub fn strategies_markdown(registry: &StrategyRegistry) -> String {
    let mut out = String::from(
        "# Strategies\n\nGenerated by `tradewar strategies --markdown` from each strategy's metadata; do not edit by hand.\nEvery strategy also takes a trembling-hand `noise` (0..1): with that probability each move is replaced by a uniformly random one.\n",
    );
    for e in registry.entries() {
        let m = e.meta;
        out.push_str(&format!(
            "\n## `{}`\n\n{}.\n\n- Source: {}\n- Stochastic rule: {}\n",
            m.name,
            m.rule,
            m.source,
            if m.stochastic { "yes" } else { "no" }
        ));
        if m.params.is_empty() {
            out.push_str("- Parameters: none\n");
        } else {
            out.push_str("- Parameters (`[us.strategy.params]` / `[cn.strategy.params]`):\n\n| name | default | range | meaning |\n|---|---|---|---|\n");
            for p in m.params {
                out.push_str(&format!(
                    "| `{}` | {} | [{}, {}] | {} |\n",
                    p.name, p.default, p.min, p.max, p.doc
                ));
            }
        }
    }
    out
}

/// `tradewar params`: every key with its unit, default, allowed range and source
/// (generated in `config::listing`).
pub use crate::config::listing::params_listing;
