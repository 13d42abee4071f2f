//! The commands behind the CLI, as library functions (ripgrep's "library first, thin
//! binary"): `run`, `tournament`, `sweep`, `merge`, `plot`, `compare`, `validate`, `params`
//! and `strategies`. The experiments run in [`crate::experiment`]; this layer then draws the
//! charts and the report ([`crate::report`]) unless asked not to. Errors ([`AppError`]) are
//! split into bad input (exit 2, names the file and key) and runtime failures (exit 1).

mod error;
mod listings;

use std::path::{Path, PathBuf};

use crate::config::{ConfigError, LoadedScenario};
use crate::experiment::outputs::{RunWriter, SamplePaths, manifest};
use crate::experiment::replicate::{AgentsSpec, Prepared};
use crate::experiment::runner::{progress_bar, run_streaming, thread_pool};
use crate::experiment::sweep::{MergeOptions, MergeReport, SweepOptions, SweepReport};
use crate::foundation::staging::Staged;
use crate::model::strategy::StrategyRegistry;
use crate::model::world::{agent_counts, build_world};

pub use crate::config::listing::params_listing;
pub use crate::experiment::options::CommonOptions;
pub use error::AppError;
pub use listings::{strategies_listing, strategies_markdown};

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
    /// Write `agents.csv` for the first K replicates (`--agents K`).
    pub agents: Option<u64>,
    /// Rounds at which `agents.csv` also reports the agents (`--agents-rounds`), besides
    /// the last round.
    pub agents_rounds: Vec<u32>,
    /// Draw charts and the report after the run.
    pub charts: bool,
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
    let mut prepared = prepare(&opts.common, &extra, registry)?;
    prepared.agents = agents_spec(opts, prepared.rounds())?;
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
    let staged = Staged::begin(&out_dir, &command_line())?;
    let mut writer = RunWriter::create(
        staged.dir(),
        prepared.rounds(),
        keep,
        prepared.loaded.inputs(),
        opts.agents.is_some(),
    )?
    .starting(prepared.start());
    run_streaming(&prepared, range.clone(), &pool, &bar, |r| writer.push(&r))?;
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
    if opts.agents.is_some() {
        m["agents_csv"] = serde_json::json!({
            "replicates": range.clone().filter(|r| prepared.agents.keeps(*r)).count(),
            "rounds": prepared.agents.rounds_reported(prepared.rounds()),
            "rows": writer.agent_rows(),
        });
    }
    let count = writer.count();
    let summaries = writer.finish(&m)?;
    if opts.charts {
        crate::report::plot_dir(staged.dir(), None)?;
    }
    staged.commit()?;
    Ok(RunReport {
        out_dir,
        prepared,
        count,
        summaries,
    })
}

/// The agent report a run asked for: `--agents K` replicates at the last round and at the
/// `--agents-rounds`, each of which must lie within the horizon.
fn agents_spec(opts: &RunOptions, horizon: u32) -> Result<AgentsSpec, AppError> {
    if opts.agents.is_none() && !opts.agents_rounds.is_empty() {
        return Err(ConfigError::new(
            "--agents-rounds",
            "--agents-rounds needs --agents K (how many replicates report their agents)",
        )
        .into());
    }
    if let Some(r) = opts.agents_rounds.iter().find(|r| **r >= horizon) {
        return Err(ConfigError::new(
            "--agents-rounds",
            format!(
                "--agents-rounds {r} is outside [0, {}] (rounds = {horizon})",
                horizon.saturating_sub(1)
            ),
        )
        .into());
    }
    Ok(AgentsSpec {
        replicates: opts.agents.unwrap_or(0),
        rounds: opts.agents_rounds.clone(),
    })
}

/// `tradewar tournament`: every US strategy against every China strategy; with `charts`,
/// draws the charts and the report afterwards.
pub fn tournament(
    common: &CommonOptions,
    replicates: Option<u64>,
    charts: bool,
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
    let out = common.out_dir(None);
    let staged = Staged::begin(&out, &command_line())?;
    let pool = thread_pool(common.threads)?;
    let bar = progress_bar(pairs_total * n, common.quiet, "pairs x replicates");
    let pairs = crate::experiment::tournament::play(&loaded, &cfg, registry, n, &pool, &bar)?;
    bar.finish_and_clear();
    let prepared = Prepared::new(loaded, registry.clone())?;
    crate::experiment::tournament::write_outputs(staged.dir(), &prepared, &cfg, &pairs)?;
    if charts {
        crate::report::plot_dir(staged.dir(), None)?;
    }
    staged.commit()?;
    Ok((out, pairs))
}

/// `tradewar sweep`: runs the design points (or one shard of them); when the whole sweep ran
/// here and `charts` is set, draws the sweep's charts and report from the final files.
pub fn sweep(
    opts: &SweepOptions,
    charts: bool,
    registry: &StrategyRegistry,
) -> Result<SweepReport, AppError> {
    let report = crate::experiment::sweep::sweep(opts, registry)?;
    if charts && report.complete {
        crate::report::plot_dir(&report.out_dir, None)?;
    }
    Ok(report)
}

/// `tradewar merge`: combines the shards of a sweep into the files of a one-machine run and,
/// with `charts`, draws the sweep's charts and report as a one-machine sweep does.
pub fn merge(opts: &MergeOptions, charts: bool) -> Result<MergeReport, AppError> {
    let report = crate::experiment::sweep::merge(opts)?;
    if charts {
        crate::report::plot_dir(&report.out_dir, None)?;
    }
    Ok(report)
}

/// `tradewar plot DIR [--observed FILE]...`: redraws every chart and the report from the
/// files in DIR, with each observed-data file drawn over the run's fan charts; returns the
/// chart count and, per observed metric, the months inside the 5–95% band.
pub fn plot(
    dir: &Path,
    observed: &[PathBuf],
) -> Result<(usize, Vec<crate::report::Fit>), AppError> {
    if !dir.join("manifest.json").exists() {
        return Err(ConfigError::new(
            dir.display().to_string(),
            "no manifest.json here: not a tradewar output folder",
        )
        .into());
    }
    for file in observed {
        if !file.is_file() {
            return Err(ConfigError::new(
                file.display().to_string(),
                "--observed: no such file (a CSV with month or date, metric, value columns)",
            )
            .into());
        }
    }
    let (charts, fits) = crate::report::plot_dir_with_observed(dir, None, observed)?;
    Ok((charts.len(), fits))
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
    let staged = Staged::begin(out, &command_line())?;
    let charts = crate::report::compare(dirs, staged.dir(), &opts)?;
    crate::report::write_report(staged.dir(), &charts)?;
    staged.commit()?;
    Ok(charts.len())
}

/// This process's command line, recorded in the lock of the folder it writes.
fn command_line() -> String {
    std::env::args().collect::<Vec<_>>().join(" ")
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
