//! The commands behind the CLI, as library functions (ripgrep's "library first, thin
//! binary"): `run`, `tournament`, `sweep`, `merge`, `plot`, `compare`, `validate`, `params`
//! and `strategies`. The experiments run in [`crate::experiment`]; this layer then draws the
//! charts and the report ([`crate::report`]) unless asked not to. Errors ([`AppError`]) are
//! split into bad input (exit 2, names the file and key) and runtime failures (exit 1).

mod calibrate;
pub mod check;
mod discover;
mod error;
pub mod estimate;
mod listings;

use std::path::{Path, PathBuf};

use crate::config::load::Flag;
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
pub use crate::report::discover::{DiscoverOptions, PrimOptions};
pub use calibrate::calibrate;
pub use discover::{DiscoverRequest, discover};
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

/// Loads and prepares a scenario for running; `flags` are the command's flags that set keys
/// (`--replicates`, `--rounds`). Checks `--threads` and prints the scenario's warnings.
pub fn prepare(
    common: &CommonOptions,
    flags: &[Flag],
    registry: &StrategyRegistry,
) -> Result<Prepared, AppError> {
    estimate::check_threads(common.threads)?;
    let loaded = common.load(flags)?;
    warn(&loaded.warnings);
    check_chart_metrics(&loaded)?;
    Ok(Prepared::new(loaded, registry.clone())?)
}

/// Checks `[charts] metrics` against the metrics the charts can draw (the run and round
/// metrics, and `deal_survival`): a misspelt name would select nothing.
fn check_chart_metrics(loaded: &LoadedScenario) -> Result<(), ConfigError> {
    use crate::model::recorder::{ROUND_METRICS, RUN_METRICS};
    let known: Vec<&str> = RUN_METRICS
        .iter()
        .map(|m| m.meta.name)
        .chain(ROUND_METRICS.iter().map(|m| m.meta.name))
        .chain(["deal_survival"])
        .collect();
    for m in &loaded.typical.charts.metrics {
        if !known.contains(&m.as_str()) {
            let hint = crate::config::hint::did_you_mean(m, known.iter().copied());
            return Err(ConfigError::new(
                &loaded.origin,
                format!(
                    "charts.metrics: \"{m}\" is not a metric{hint}; the metrics are the columns of runs.csv and the `metric` values of rounds.csv (see README, \"Outputs\")"
                ),
            ));
        }
    }
    Ok(())
}

/// Prints warnings on stderr.
fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// Applies an estimate: prints its notice, or refuses it (unless `force`).
fn judge(e: &estimate::Estimate, origin: &str, force: bool) -> Result<(), AppError> {
    if let Some(note) = estimate::judge(e, origin, force)? {
        eprintln!("{note}");
    }
    Ok(())
}

/// Refuses to `run` a scenario with a `[sweep]` table, which only `tradewar sweep` reads.
fn refuse_sweep_config(loaded: &LoadedScenario, command: &str) -> Result<(), ConfigError> {
    if loaded.typical.sweep.is_some() {
        return Err(ConfigError::new(
            &loaded.origin,
            format!(
                "has a [sweep] table, which `tradewar {command}` does not read: run it with `tradewar sweep {}` (or remove [sweep] to {command} the scenario alone)",
                loaded.origin
            ),
        ));
    }
    Ok(())
}

/// `tradewar run`: N replicates, outputs in the folder.
pub fn run(opts: &RunOptions, registry: &StrategyRegistry) -> Result<RunReport, AppError> {
    let mut extra = Vec::new();
    if let Some(n) = opts.replicates {
        extra.push(Flag::new("--replicates", "replicates", n));
    }
    if let Some(r) = opts.rounds {
        extra.push(Flag::new("--rounds", "rounds", r));
    }
    let mut prepared = prepare(&opts.common, &extra, registry)?;
    refuse_sweep_config(&prepared.loaded, "run")?;
    prepared.agents = agents_spec(opts, prepared.rounds())?;
    let s = &prepared.loaded.typical;
    let keep = opts
        .sample_paths
        .unwrap_or(SamplePaths::First(s.sample_paths));
    let (runs, kept) = match (opts.replicate, keep) {
        (Some(_), _) => (1, 1),
        (None, SamplePaths::All) => (s.replicates, s.replicates),
        (None, SamplePaths::First(k)) => (s.replicates, k),
    };
    let agents = {
        let scenario = s.clone();
        let mut world = build_world(&scenario, &prepared.registry, prepared.seed(), 0)?;
        agent_counts(&mut world)
    };
    let agent_replicates = match opts.replicate {
        Some(i) => u64::from(prepared.agents.keeps(i)),
        None => opts.agents.map_or(0, |k| k.min(runs)),
    };
    let per_replicate =
        agents.get("farmers").copied().unwrap_or(0) + agents.get("firms").copied().unwrap_or(0);
    judge(
        &estimate::with_agents(
            estimate::run(s, runs, kept),
            agent_replicates,
            prepared.agents.rounds_reported(prepared.rounds()).len() as u64,
            per_replicate,
        ),
        &prepared.loaded.origin,
        opts.common.force,
    )?;
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
        extra.push(Flag::new("--replicates", "replicates", n));
    }
    estimate::check_threads(common.threads)?;
    let loaded = common.load(&extra)?;
    warn(&loaded.warnings);
    check_chart_metrics(&loaded)?;
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
    let strategies = (cfg.us_strategies.len() + cfg.cn_strategies.len()) as u64;
    judge(
        &estimate::tournament(&loaded.typical, pairs_total, strategies, n),
        &loaded.origin,
        common.force,
    )?;
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
    estimate::check_threads(opts.common.threads)?;
    let plain = opts.common.load(&[])?;
    check_sweep(&plain, &opts.common.sets, opts.replicates.is_some())?;
    let loaded = opts.common.load(&opts.flags())?;
    warn(&loaded.warnings);
    warn(&sweep_warnings(&loaded));
    check_chart_metrics(&loaded)?;
    if let Some(e) = sweep_estimate(&loaded, opts.keep_runs) {
        judge(&e, &loaded.origin, opts.common.force)?;
    }
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

/// Checks what a sweep takes from the command line before it runs: a `[sweep]` table, and
/// no `--set replicates` that the table's own `sweep.replicates` would silently override.
fn check_sweep(loaded: &LoadedScenario, sets: &[String], flag: bool) -> Result<(), ConfigError> {
    let Some(cfg) = &loaded.typical.sweep else {
        return crate::experiment::sweep::SweepPlan::new(loaded).map(drop);
    };
    let set = sets.iter().find(|s| {
        s.split_once('=')
            .is_some_and(|(k, _)| k.trim() == "replicates")
    });
    if let (Some(set), Some(per_point), false) = (set, cfg.replicates, flag) {
        let n = set.split_once('=').map_or("", |(_, v)| v.trim());
        return Err(ConfigError::new(
            format!("--set {set}"),
            format!(
                "this sweep runs sweep.replicates = {per_point} replicates per point (set in {}), which `replicates` does not change: use --replicates {n} (or --set sweep.replicates={n})",
                loaded.origin
            ),
        ));
    }
    Ok(())
}

/// Warnings about a sweep design too small to trust (Sobol).
fn sweep_warnings(loaded: &LoadedScenario) -> Vec<String> {
    use crate::config::DesignKind;
    use crate::experiment::sweep::{plan::DEFAULT_BOOTSTRAP, saltelli};
    match &loaded.typical.sweep {
        Some(cfg) if cfg.design == DesignKind::Sobol => saltelli::design_warnings(
            cfg.samples.unwrap_or(0),
            cfg.bootstrap.unwrap_or(DEFAULT_BOOTSTRAP as u64),
        )
        .into_iter()
        .map(|w| format!("{}: {w}", loaded.origin))
        .collect(),
        _ => Vec::new(),
    }
}

/// The size of a scenario's sweep, if it has a complete `[sweep]` table.
fn sweep_estimate(loaded: &LoadedScenario, keep_runs: bool) -> Option<estimate::Estimate> {
    let cfg = loaded.typical.sweep.as_ref()?;
    let reps = cfg.replicates.unwrap_or(loaded.typical.replicates);
    estimate::sweep(cfg, reps, keep_runs)
}

/// `tradewar validate`: loads and checks a scenario as `run` (or, with a `[sweep]` table,
/// `sweep`) would, including its size, every design point and the cross-key rules over the
/// range of every distribution. Returns a one-line summary of what was checked.
pub fn validate(
    config: &Path,
    sets: &[String],
    registry: &StrategyRegistry,
) -> Result<String, AppError> {
    let loaded = LoadedScenario::load(Some(config), sets)?;
    warn(&loaded.warnings);
    check_chart_metrics(&loaded)?;
    let s = &loaded.typical;
    let dists = crate::config::support::dist_keys(&loaded.table).len();
    let mut summary = format!(
        "ok: {} (scenario \"{}\"): {} replicate(s) x {} rounds, seed {}, {} event(s), {} distribution-valued key(s)",
        loaded.origin,
        s.name,
        s.replicates,
        s.rounds,
        s.seed,
        s.events.len(),
        dists
    );
    let sweep = s.sweep.is_some();
    if sweep {
        check_sweep(&loaded, sets, false)?;
        warn(&sweep_warnings(&loaded));
        if let Some(e) = sweep_estimate(&loaded, false) {
            judge(&e, &loaded.origin, false)?;
        }
    } else if let Some(t) = &s.tournament {
        let pairs = (t.us_strategies.len() * t.cn_strategies.len()) as u64;
        let strategies = (t.us_strategies.len() + t.cn_strategies.len()) as u64;
        let e = estimate::tournament(s, pairs, strategies, s.replicates);
        judge(&e, &loaded.origin, false)?;
    } else {
        let e = estimate::run(s, s.replicates, s.sample_paths);
        judge(&e, &loaded.origin, false)?;
    }
    if s.calibration.is_some() {
        summary.push_str(&calibrate::check_calibration(&loaded, config, registry)?);
    }
    let prepared = Prepared::new(loaded, registry.clone())?;
    if sweep {
        let plan = crate::experiment::sweep::SweepPlan::new(&prepared.loaded)?;
        plan.check_points(&plan.bases(&prepared)?)?;
        summary.push_str(&format!(
            "; sweep: {} design, {} point(s) x {} replicate(s), every point checked",
            plan.layout.design.name(),
            plan.len(),
            plan.layout.replicates
        ));
    }
    Ok(summary)
}
