//! The `tradewar` command line: the clap layer only. It parses the arguments, calls the
//! commands of the library (`tradewar::app`), prints their summaries and maps errors to exit
//! codes (2 bad input, 1 runtime failure).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tradewar::app::{self, AppError, CommonOptions, RunOptions};
use tradewar::experiment::calibrate::run::Fitted;
use tradewar::experiment::outputs::SamplePaths;
use tradewar::experiment::sweep::{MergeOptions, ShardSpec, SweepOptions};
use tradewar::model::strategy::StrategyRegistry;

/// The first lines of `--help`.
const ABOUT: &str = "Agent-based Monte Carlo model of the 2025 US-China trade standoff: tariffs, soybeans, rare earths, export controls\n\nWith no command, `tradewar` is `tradewar run`: the built-in baseline scenario, 1000 replicates, with charts, written to output/baseline/.";

/// Agent-based Monte Carlo model of the US–China trade standoff (from October 2025).
#[derive(Parser, Debug)]
#[command(name = "tradewar", version, about = ABOUT, long_about = None, after_help = "Examples:\n  tradewar run                         # built-in baseline, 1000 replicates\n  tradewar run configs/freeze.toml --replicates 200 --seed 7\n  tradewar params                      # every config key with unit, default, range, source\n  tradewar validate configs/my.toml\n  tradewar sweep configs/sweep_threat_vs_rare_earths.toml")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run N replicates of a scenario and write runs.csv, rounds.csv, trajectories.csv,
    /// summary.csv, events.csv and manifest.json.
    Run(RunCli),
    /// Play every US strategy against every China strategy (Axelrod-style); writes
    /// tournament.csv and replicator.csv.
    Tournament {
        /// Scenario file with a [tournament] table.
        config: PathBuf,
        /// Replicates per pair (overrides the config's `replicates`).
        #[arg(long, short = 'n')]
        replicates: Option<u64>,
        #[command(flatten)]
        common: CommonCli,
    },
    /// Redraw every chart and the report from the CSVs and manifest in DIR.
    Plot {
        /// An output folder of `run`, `sweep` or `tournament`.
        dir: PathBuf,
        /// A CSV of observations (month or date, metric, value, source; e.g.
        /// data/observed/tariffs.csv) to draw over a run's fan charts; repeatable.
        #[arg(long)]
        observed: Vec<PathBuf>,
    },
    /// Overlay several runs' outcome distributions and fan charts; paired differences
    /// (B - A) where they share seed and replicates.
    Compare {
        /// Run output folders; the first is the reference A.
        #[arg(required = true, num_args = 2..)]
        dirs: Vec<PathBuf>,
        /// Output folder.
        #[arg(long, default_value = "output/compare")]
        out: PathBuf,
    },
    /// Check a scenario file as `run` (or `sweep`, with a [sweep] table) would, without
    /// running it; prints a one-line summary ("ok: ...") or a clear error (exit 2).
    Validate {
        /// Scenario file (TOML).
        config: PathBuf,
        /// Override a key, e.g. --set us.tariff.initial=0.6 (repeatable; value is TOML).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
    },
    /// List every config key with its unit, default, allowed range and source.
    Params {
        /// Print a Markdown table (for docs).
        #[arg(long)]
        markdown: bool,
    },
    /// List the strategies, one line each: `name: rule`.
    Strategies {
        /// Print the full Markdown reference instead (docs/strategies.md).
        #[arg(long)]
        markdown: bool,
    },
    /// Run a parameter sweep from the config's [sweep] table: points.csv (one row per design
    /// point), manifest.json, sensitivity.csv (sobol), runs.csv (--keep-runs).
    #[command(
        after_help = "Examples:\n  tradewar sweep configs/sweep_threat_vs_rare_earths.toml\n  tradewar sweep configs/sensitivity.toml --shard 2/3 --out out/shard-2\n  tradewar merge out/shard-1 out/shard-2 out/shard-3 --out out\n\nInside a Slurm job array (--array=0-(N-1)) with no --shard, the shard is\nSLURM_ARRAY_TASK_ID + 1 of SLURM_ARRAY_TASK_COUNT."
    )]
    Sweep(SweepCli),
    /// Fit the free parameters of the config's [calibration] table to observed history
    /// (ABC-SMC: posterior.csv, parameters.csv, fit.csv, generations.csv, calibrated.toml;
    /// method = "smm": estimate.csv, starts.csv, fit.csv, calibrated.toml).
    #[command(
        after_help = "Examples:\n  tradewar calibrate configs/calibration/smoke.toml\n  tradewar calibrate configs/calibration/full.toml --resume\n  tradewar calibrate configs/calibration/smm.toml"
    )]
    Calibrate {
        /// Scenario file (TOML) with a [calibration] table.
        config: PathBuf,
        /// Continue from the last generation saved in the output folder (after an interruption).
        #[arg(long)]
        resume: bool,
        #[command(flatten)]
        common: CommonCli,
    },
    /// Combine the output folders of a sharded sweep into the files of a one-machine run.
    Merge {
        /// Shard output folders (any order; all shards of one sweep).
        #[arg(required = true, value_name = "DIR")]
        dirs: Vec<PathBuf>,
        /// Folder for the merged files.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Print nothing on success.
        #[arg(long, short)]
        quiet: bool,
        /// Do not draw charts or the report.
        #[arg(long)]
        no_charts: bool,
    },
    /// Scenario discovery: PRIM finds the box of inputs behind the runs where a case holds
    /// (e.g. --case 'us_tariff_final > 0.8'); writes DIR/discover/boxes.csv, chosen.csv,
    /// discover.json and charts.
    Discover(DiscoverCli),
    /// Validation report: run the stylized facts, calibration targets and history scenarios
    /// of data/validation/checks.toml and print a Markdown table (fact, published value and
    /// source, model figure with its 5-95% interval, verdict). Exits 0 whatever the verdicts.
    Check {
        /// The checks file.
        #[arg(long, value_name = "FILE", default_value = app::check::DEFAULT_CHECKS)]
        checks: PathBuf,
        /// Replicates per scenario (overrides the checks file).
        #[arg(long, short = 'n')]
        replicates: Option<u64>,
        /// Master seed (overrides the scenarios'; 0 to 9223372036854775807).
        #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
        seed: Option<u64>,
        /// Worker threads, at most 1024 (default 0: one per core). The page does not depend on it.
        #[arg(long, default_value_t = 0, value_parser = threads_parser())]
        threads: usize,
        /// No progress bar.
        #[arg(long, short)]
        quiet: bool,
        /// Also write the page to FILE (e.g. docs/validation.md).
        #[arg(long, value_name = "FILE")]
        write: Option<PathBuf>,
    },
}

#[derive(Args, Debug, Clone)]
struct DiscoverCli {
    /// Output folder of `tradewar run` with distribution-valued keys, or of `tradewar sweep
    /// --keep-runs`.
    dir: PathBuf,
    /// The case of interest: 'METRIC OP VALUE', METRIC an outcome column of runs.csv, OP one
    /// of > >= < <= == != (an empty value is never a case).
    #[arg(long)]
    case: String,
    /// Share of the box's runs one peel removes (0 < alpha < 0.5).
    #[arg(long, default_value_t = 0.05)]
    peel_alpha: f64,
    /// Share of the runs beside the box one paste adds (0 < alpha < 0.5).
    #[arg(long, default_value_t = 0.05)]
    paste_alpha: f64,
    /// Smallest share of all runs a box keeps (0 <= mass < 1).
    #[arg(long, default_value_t = 0.05)]
    mass_min: f64,
    /// The step of the peeling trajectory to inspect (default: the densest box with
    /// coverage >= 0.5).
    #[arg(long)]
    step: Option<usize>,
    /// Output folder (default: DIR/discover/).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print nothing on success.
    #[arg(long, short)]
    quiet: bool,
    /// Do not draw the charts.
    #[arg(long)]
    no_charts: bool,
}

#[derive(Args, Debug, Clone)]
struct SweepCli {
    /// Scenario file (TOML) with a [sweep] table.
    config: PathBuf,
    /// Run only shard K of N (1-based), e.g. 2/3; output defaults to
    /// output/<config stem>/shard-K-of-N/.
    #[arg(long, value_name = "K/N")]
    shard: Option<ShardSpec>,
    /// Skip the points already recorded in the output folder (after an interruption).
    #[arg(long)]
    resume: bool,
    /// Also write runs.csv: one row per point and replicate.
    #[arg(long)]
    keep_runs: bool,
    /// Replicates per design point (overrides the config's `sweep.replicates`).
    #[arg(long, short = 'n')]
    replicates: Option<u64>,
    #[command(flatten)]
    common: CommonCli,
}

#[derive(Args, Debug, Clone, Default)]
struct CommonCli {
    /// Master seed (overrides the config's `seed`; 0 to 9223372036854775807).
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Worker threads, at most 1024 (default 0: one per core). Outputs do not depend on it.
    #[arg(long, default_value_t = 0, value_parser = threads_parser())]
    threads: usize,
    /// Output folder (default: output/<config stem>/).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Override a config key, e.g. --set us.tariff.initial=0.6 (repeatable; value is TOML).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<String>,
    /// No progress bar and no summary on stdout.
    #[arg(long, short)]
    quiet: bool,
    /// Do not draw charts or the report.
    #[arg(long)]
    no_charts: bool,
    /// Run even if the outputs are estimated above 50 GB (a notice is printed above 1 GB).
    #[arg(long)]
    force: bool,
}

/// `--threads`: a whole number in 0..=1024.
fn threads_parser() -> clap::builder::RangedU64ValueParser<usize> {
    clap::builder::RangedU64ValueParser::<usize>::new().range(0..=app::estimate::MAX_THREADS as u64)
}

#[derive(Args, Debug, Clone, Default)]
struct RunCli {
    /// Scenario file (TOML); omitted = the built-in baseline.
    config: Option<PathBuf>,
    /// Number of replicates (overrides the config's `replicates`).
    #[arg(long, short = 'n')]
    replicates: Option<u64>,
    /// Number of monthly rounds (overrides the config's `rounds`).
    #[arg(long)]
    rounds: Option<u32>,
    /// Replicates whose full paths go to trajectories.csv: a number, or `all`.
    #[arg(long, value_name = "K|all")]
    sample_paths: Option<SamplePaths>,
    /// Re-run replicate I alone (its row equals row I of the full run).
    #[arg(long, value_name = "I")]
    replicate: Option<u64>,
    /// Write agents.csv: one row per agent (farmers and firms) for the first K replicates,
    /// at the last round.
    #[arg(long, value_name = "K")]
    agents: Option<u64>,
    /// Also report the agents at these rounds (comma-separated, e.g. 0,6,12; with --agents).
    #[arg(long, value_name = "R,...", value_delimiter = ',')]
    agents_rounds: Vec<u32>,
    #[command(flatten)]
    common: CommonCli,
}

impl CommonCli {
    fn options(&self, config: Option<PathBuf>) -> CommonOptions {
        CommonOptions {
            config,
            sets: self.sets.clone(),
            seed: self.seed,
            threads: self.threads,
            out: self.out.clone(),
            quiet: self.quiet,
            force: self.force,
        }
    }
}

fn run(cli: RunCli, registry: &StrategyRegistry) -> Result<(), AppError> {
    let opts = RunOptions {
        common: cli.common.options(cli.config.clone()),
        replicates: cli.replicates,
        rounds: cli.rounds,
        sample_paths: cli.sample_paths,
        replicate: cli.replicate,
        agents: cli.agents,
        agents_rounds: cli.agents_rounds,
        charts: !cli.common.no_charts,
    };
    let report = app::run(&opts, registry)?;
    if !opts.common.quiet {
        let s = &report.prepared.loaded.typical;
        println!(
            "{}: {} replicate(s) x {} rounds, seed {} -> {}",
            s.name,
            report.count,
            s.rounds,
            s.seed,
            report.out_dir.display()
        );
        println!(
            "{:<34} {:>12} {:>12} {:>12}",
            "outcome", "p05", "median", "p95"
        );
        for (m, sm) in tradewar::model::recorder::RUN_METRICS
            .iter()
            .zip(&report.summaries)
        {
            if let Some(sm) = sm {
                println!(
                    "{:<34} {:>12.4} {:>12.4} {:>12.4}",
                    m.meta.name, sm.p[0], sm.p[2], sm.p[4]
                );
            }
        }
    }
    Ok(())
}

fn sweep(cli: SweepCli, registry: &StrategyRegistry) -> Result<(), AppError> {
    let opts = SweepOptions {
        common: cli.common.options(Some(cli.config.clone())),
        shard: cli.shard,
        resume: cli.resume,
        keep_runs: cli.keep_runs,
        replicates: cli.replicates,
    };
    let r = app::sweep(&opts, !cli.common.no_charts, registry)?;
    if !opts.common.quiet {
        let shard = r
            .shard
            .map(|s| format!(", shard {s} (points {}..{})", r.range.start, r.range.end))
            .unwrap_or_default();
        println!(
            "{}: {} design, {} point(s) x {} replicate(s){shard} -> {}",
            r.scenario,
            r.design.name(),
            r.points,
            r.replicates,
            r.out_dir.display()
        );
        let rate = if r.seconds > 0.0 {
            r.ran as f64 / r.seconds
        } else {
            0.0
        };
        println!(
            "ran {} point(s) in {:.2} s ({rate:.1} points/s); {} already recorded",
            r.ran, r.seconds, r.resumed
        );
        if !r.complete {
            println!("shard done: combine all shards with `tradewar merge DIR... --out DIR`");
        }
    }
    if !r.skipped_sensitivity.is_empty() {
        eprintln!(
            "note: the index tables (sensitivity.csv, screening.csv, robustness.csv) leave out {} (no value at some design point)",
            r.skipped_sensitivity.join(", ")
        );
    }
    Ok(())
}

fn calibrate(
    config: PathBuf,
    resume: bool,
    common: CommonCli,
    registry: &StrategyRegistry,
) -> Result<(), AppError> {
    let opts = tradewar::experiment::calibrate::run::CalibrateOptions {
        common: common.options(Some(config)),
        resume,
    };
    let r = app::calibrate(&opts, !common.no_charts, registry)?;
    if opts.common.quiet {
        return Ok(());
    }
    let f = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"));
    // One row per parameter: its path, old default and three figures named in `heads`.
    let table =
        |heads: [&str; 3],
         rows: &mut dyn Iterator<Item = (&str, Option<f64>, [Option<f64>; 3])>| {
            println!(
                "{:<44} {:>10} {:>10} {:>10} {:>10}",
                "parameter", "default", heads[0], heads[1], heads[2]
            );
            for (path, default, q) in rows {
                println!(
                    "{:<44} {:>10} {:>10} {:>10} {:>10}",
                    path,
                    f(default),
                    f(q[0]),
                    f(q[1]),
                    f(q[2])
                );
            }
        };
    let (coverage, verb) = match &r.fitted {
        Fitted::Posterior {
            generations,
            stopped,
            written,
        } => {
            println!(
                "{}: {generations} generation(s) ({} resumed), stopped: {stopped} -> {}",
                r.scenario,
                r.resumed,
                r.out_dir.display()
            );
            table(
                ["q05", "median", "q95"],
                &mut written
                    .parameters
                    .iter()
                    .map(|p| (p.path.as_str(), p.default, p.q)),
            );
            (&written.coverage, "sampled")
        }
        Fitted::Estimate {
            starts,
            converged,
            written,
        } => {
            println!(
                "{}: SMM estimate from search {} of {starts} ({converged} converged, {} resumed), distance {:.4} -> {}",
                r.scenario,
                written.start,
                r.resumed,
                written.distance,
                r.out_dir.display()
            );
            table(
                ["estimate", "starts_min", "starts_max"],
                &mut written.parameters.iter().map(|p| {
                    let (lo, hi) = p.starts_range;
                    (
                        p.path.as_str(),
                        p.default,
                        [Some(p.estimate), Some(lo), Some(hi)],
                    )
                }),
            );
            (&written.coverage, "searched")
        }
    };
    for (name, inside, total) in coverage {
        println!("target {name}: {inside} of {total} observed point(s) inside the 5-95% band");
    }
    println!("{verb} in {:.1} s", r.seconds);
    Ok(())
}

fn merge(dirs: Vec<PathBuf>, out: PathBuf, quiet: bool, charts: bool) -> Result<(), AppError> {
    let r = app::merge(&MergeOptions { dirs, out }, charts)?;
    if r.runs_dropped {
        eprintln!("note: runs.csv not written: only some shards ran with --keep-runs");
    }
    if !r.skipped_sensitivity.is_empty() {
        eprintln!(
            "note: the index tables (sensitivity.csv, screening.csv, robustness.csv) leave out {} (no value at some design point)",
            r.skipped_sensitivity.join(", ")
        );
    }
    if !quiet {
        println!(
            "merged {} shard(s), {} point(s) -> {}",
            r.shards,
            r.points,
            r.out_dir.display()
        );
    }
    Ok(())
}

fn discover(cli: DiscoverCli) -> Result<(), AppError> {
    let req = app::DiscoverRequest {
        dir: cli.dir,
        out: cli.out,
        options: app::DiscoverOptions {
            case: cli.case,
            prim: app::PrimOptions {
                peel_alpha: cli.peel_alpha,
                paste_alpha: cli.paste_alpha,
                mass_min: cli.mass_min,
            },
            step: cli.step,
        },
        charts: !cli.no_charts,
    };
    let (out, found) = app::discover(&req)?;
    if !cli.quiet {
        println!("{}", found.summary());
        println!("-> {}", out.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let registry = StrategyRegistry::default();
    let result = match cli.command {
        None => run(RunCli::default(), &registry),
        Some(Command::Run(r)) => run(r, &registry),
        Some(Command::Tournament {
            config,
            replicates,
            common,
        }) => {
            let opts = common.options(Some(config));
            app::tournament(&opts, replicates, !common.no_charts, &registry).map(|(out, pairs)| {
                if !opts.quiet {
                    println!("{} pairs -> {}", pairs.len(), out.display());
                    let best = |f: fn(&tradewar::experiment::tournament::PairResult) -> f64| {
                        pairs
                            .iter()
                            .max_by(|a, b| f(a).total_cmp(&f(b)))
                            .map(|p| (p.us.clone(), p.cn.clone()))
                    };
                    if let Some((us, cn)) = best(|p| p.us_welfare[0]) {
                        println!("highest mean US welfare: US {us} vs China {cn}");
                    }
                    if let Some((us, cn)) = best(|p| p.cn_welfare[0]) {
                        println!("highest mean China welfare: US {us} vs China {cn}");
                    }
                }
            })
        }
        Some(Command::Plot { dir, observed }) => app::plot(&dir, &observed).map(|(n, fits)| {
            for (metric, inside, total) in fits {
                println!("observed {metric}: {inside} of {total} months inside the 5-95% band");
            }
            println!("{n} charts -> {}", dir.join("charts").display())
        }),
        Some(Command::Compare { dirs, out }) => {
            app::compare(&dirs, &out).map(|n| println!("{n} charts -> {}", out.display()))
        }
        Some(Command::Validate { config, sets }) => {
            app::validate(&config, &sets, &registry).map(|summary| println!("{summary}"))
        }
        Some(Command::Params { markdown }) => {
            print!("{}", app::params_listing(markdown));
            Ok(())
        }
        Some(Command::Strategies { markdown }) => {
            if markdown {
                print!("{}", app::strategies_markdown(&registry));
            } else {
                print!("{}", app::strategies_listing(&registry));
            }
            Ok(())
        }
        Some(Command::Sweep(s)) => sweep(s, &registry),
        Some(Command::Calibrate {
            config,
            resume,
            common,
        }) => calibrate(config, resume, common, &registry),
        Some(Command::Merge {
            dirs,
            out,
            quiet,
            no_charts,
        }) => merge(dirs, out, quiet, !no_charts),
        Some(Command::Discover(d)) => discover(d),
        Some(Command::Check {
            checks,
            replicates,
            seed,
            threads,
            quiet,
            write,
        }) => {
            let opts = app::check::CheckOptions {
                checks,
                replicates,
                seed,
                threads,
                quiet,
                write,
            };
            app::check::check(&opts, &registry).map(|page| print!("{page}"))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
