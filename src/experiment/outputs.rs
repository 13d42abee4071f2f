//! Output files (docs/model.md §6–7): `runs.csv`, `rounds.csv`, `trajectories.csv`,
//! `summary.csv`, `events.csv`, `agents.csv` and `manifest.json`, each written atomically (temp file in
//! the same folder, then rename), so an interrupted run never leaves a half-written file
//! that looks complete. Tidy long formats that pandas, polars and R read directly.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde_json::json;

use crate::experiment::replicate::{Prepared, ReplicateResult};
use crate::foundation::calendar::{YearMonth, month_label};
use crate::foundation::io::{TempCsv, csv_text, fmt_f64, write_atomic_with, write_json};
use crate::foundation::stats::{StreamingSummary, Summary, quantile_sorted, sorted_finite};
use crate::model::agents_report::{AGENT_COLUMNS, AgentCell, AgentRow};
use crate::model::metrics::MetricMeta;
use crate::model::recorder::{ROUND_METRICS, RUN_METRICS};

fn fmt_opt(x: Option<f64>) -> String {
    x.map(fmt_f64).unwrap_or_default()
}

/// Which replicates keep their full paths in `trajectories.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SamplePaths {
    /// The first K replicates.
    First(u64),
    /// Every replicate.
    All,
}

impl SamplePaths {
    /// Whether replicate `r` is kept.
    pub fn keeps(&self, r: u64) -> bool {
        match self {
            SamplePaths::All => true,
            SamplePaths::First(k) => r < *k,
        }
    }
}

impl std::str::FromStr for SamplePaths {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        if s == "all" {
            Ok(SamplePaths::All)
        } else {
            s.parse::<u64>()
                .map(SamplePaths::First)
                .map_err(|_| format!("expected a number of replicates or `all`, got `{s}`"))
        }
    }
}

/// The columns of `runs.csv` after any leading ones: `replicate,seed`, one `input.<key
/// path>` per drawn input (`inputs` are the key paths), then the outcome metrics.
pub fn runs_columns(inputs: &[String]) -> Vec<String> {
    let mut header = vec!["replicate".to_string(), "seed".to_string()];
    header.extend(input_columns(inputs));
    header.extend(RUN_METRICS.iter().map(|m| m.meta.name.to_string()));
    header
}

/// The column names of drawn inputs: `input.` + key path.
pub fn input_columns(inputs: &[String]) -> impl Iterator<Item = String> + '_ {
    inputs.iter().map(|p| format!("input.{p}"))
}

/// A drawn input as CSV text: exact (shortest round-trip form), so `--set KEY=VALUE` with
/// it reproduces the value; empty if not finite.
pub fn fmt_input(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

/// One row of `runs.csv` (after an optional leading column value).
pub fn write_run_row(
    w: &mut dyn Write,
    r: &ReplicateResult,
    lead: Option<u64>,
) -> std::io::Result<()> {
    let mut cells = Vec::with_capacity(r.outcomes.len() + r.inputs.len() + 3);
    if let Some(v) = lead {
        cells.push(v.to_string());
    }
    cells.push(r.replicate.to_string());
    cells.push(r.seed.to_string());
    cells.extend(r.inputs.iter().map(|x| fmt_input(*x)));
    cells.extend(r.outcomes.iter().map(|x| fmt_opt(*x)));
    writeln!(w, "{}", cells.join(","))
}

/// The header of `agents.csv`: `replicate,round,month,kind,agent`, then every agent column.
pub fn agents_header() -> String {
    let mut cols = vec!["replicate", "round", "month", "kind", "agent"];
    cols.extend(AGENT_COLUMNS.iter().map(|c| c.name));
    cols.join(",")
}

/// One row of `agents.csv` (rounds labelled from the `start` month): the row's cells in its
/// kind's columns, the others empty.
pub fn write_agent_row(
    w: &mut dyn Write,
    start: YearMonth,
    replicate: u64,
    row: &AgentRow,
) -> std::io::Result<()> {
    let mut line = format!(
        "{replicate},{},{},{},{}",
        row.round,
        month_label(start, row.round),
        row.kind.key(),
        row.agent
    );
    let mut cells = row.cells.iter();
    for c in AGENT_COLUMNS {
        line.push(',');
        if c.kinds.contains(&row.kind) {
            match cells.next() {
                Some(AgentCell::Number(x)) => line.push_str(&fmt_f64(*x)),
                Some(AgentCell::Whole(n)) => line.push_str(&n.to_string()),
                Some(AgentCell::Word(t)) => line.push_str(&csv_text(t)),
                Some(AgentCell::Empty) | None => {}
            }
        }
    }
    writeln!(w, "{line}")
}

fn metric_json(m: &MetricMeta) -> serde_json::Value {
    json!({"name": m.name, "unit": m.unit, "label": m.label, "description": m.description})
}

/// The manifest common to every command: tool, config and its hash, seed, metrics.
pub fn manifest(
    prepared: &Prepared,
    command: &str,
    agents: &BTreeMap<String, u64>,
) -> serde_json::Value {
    let s = &prepared.loaded.typical;
    json!({
        "tool": "tradewar",
        "version": env!("CARGO_PKG_VERSION"),
        "command": command,
        "scenario": s.name,
        "description": s.description,
        "config_hash": prepared.loaded.hash(),
        "seed": s.seed,
        "replicates": s.replicates,
        "rounds": s.rounds,
        "start_month": s.start_month().label(),
        "agents": agents,
        "inputs": input_columns(prepared.loaded.inputs()).collect::<Vec<_>>(),
        "metrics": {
            "run": RUN_METRICS.iter().map(|m| metric_json(&m.meta)).collect::<Vec<_>>(),
            "round": ROUND_METRICS.iter().map(|m| metric_json(&m.meta)).collect::<Vec<_>>(),
        },
        "config": serde_json::to_value(&prepared.loaded.table).unwrap_or_default(),
    })
}

/// Sorted finite values of one outcome across results (for callers that need quantiles).
pub fn outcome_values(results: &[ReplicateResult], metric: usize) -> Vec<f64> {
    sorted_finite(results.iter().filter_map(|r| r.outcomes[metric]))
}

/// The p-quantile of one outcome across results.
pub fn outcome_quantile(results: &[ReplicateResult], metric: usize, p: f64) -> Option<f64> {
    quantile_sorted(&outcome_values(results, metric), p)
}

/// Streams a run's results, in replicate order, into every output file: rows go straight to
/// temp files, statistics are accumulated with flat memory (see `stats::StreamingSummary`),
/// and everything is renamed into place at the end.
pub struct RunWriter {
    dir: std::path::PathBuf,
    runs: TempCsv,
    trajectories: TempCsv,
    events: TempCsv,
    agents: Option<TempCsv>,
    agent_rows: u64,
    keep: SamplePaths,
    rounds: u32,
    start: YearMonth,
    round_stats: Vec<StreamingSummary>,
    outcome_stats: Vec<StreamingSummary>,
    count: u64,
}

impl RunWriter {
    /// Opens the output files in `dir` (created if missing): `runs.csv` with a column per
    /// drawn input (`inputs` are the key paths), and `agents.csv` when `agents` is set.
    pub fn create(
        dir: &Path,
        rounds: u32,
        keep: SamplePaths,
        inputs: &[String],
        agents: bool,
    ) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output folder {}", dir.display()))?;
        let open = |f: &str, header: &str| {
            TempCsv::create(&dir.join(f), header)
                .with_context(|| format!("cannot write {}", dir.join(f).display()))
        };
        Ok(Self {
            dir: dir.to_path_buf(),
            runs: open("runs.csv", &runs_columns(inputs).join(","))?,
            trajectories: open("trajectories.csv", "replicate,round,month,metric,value")?,
            events: open("events.csv", "replicate,round,month,event,detail")?,
            agents: match agents {
                true => Some(open("agents.csv", &agents_header())?),
                false => None,
            },
            agent_rows: 0,
            keep,
            rounds,
            start: YearMonth::default(),
            round_stats: vec![StreamingSummary::default(); rounds as usize * ROUND_METRICS.len()],
            outcome_stats: vec![StreamingSummary::default(); RUN_METRICS.len()],
            count: 0,
        })
    }

    /// Labels rounds from `start` (round 0's month; October 2025 unless set).
    pub fn starting(mut self, start: YearMonth) -> Self {
        self.start = start;
        self
    }

    /// Adds the next replicate (replicates must arrive in order).
    pub fn push(&mut self, r: &ReplicateResult) -> anyhow::Result<()> {
        let ctx = || format!("cannot write into {}", self.dir.display());
        write_run_row(self.runs.rows(), r, None).with_context(ctx)?;
        for (i, x) in r.outcomes.iter().enumerate() {
            if let Some(x) = x {
                self.outcome_stats[i].push(*x);
            }
        }
        for (i, x) in r.trajectory.iter().enumerate() {
            if let Some(s) = self.round_stats.get_mut(i) {
                s.push(*x);
            }
        }
        if self.keep.keeps(r.replicate) || self.keep == SamplePaths::All {
            let n = ROUND_METRICS.len();
            let w = self.trajectories.rows();
            for (i, v) in r.trajectory.iter().enumerate() {
                let round = (i / n) as u32;
                writeln!(
                    w,
                    "{},{round},{},{},{}",
                    r.replicate,
                    month_label(self.start, round),
                    ROUND_METRICS[i % n].meta.name,
                    fmt_f64(*v)
                )
                .with_context(ctx)?;
            }
            let w = self.events.rows();
            for (round, event, detail) in &r.events {
                writeln!(
                    w,
                    "{},{round},{},{},{}",
                    r.replicate,
                    month_label(self.start, *round),
                    csv_text(event),
                    csv_text(detail)
                )
                .with_context(ctx)?;
            }
        }
        if let Some(agents) = self.agents.as_mut() {
            let w = agents.rows();
            for row in &r.agents {
                write_agent_row(w, self.start, r.replicate, row).with_context(ctx)?;
            }
            self.agent_rows += r.agents.len() as u64;
        }
        self.count += 1;
        Ok(())
    }

    /// Rows written to `agents.csv` so far.
    pub fn agent_rows(&self) -> u64 {
        self.agent_rows
    }

    /// Outcome summaries so far, in `RUN_METRICS` order.
    pub fn outcome_summaries(&self) -> Vec<Option<Summary>> {
        self.outcome_stats
            .iter()
            .map(StreamingSummary::summary)
            .collect()
    }

    /// Writes `rounds.csv`, `summary.csv` and `manifest.json` and renames every file into place.
    pub fn finish(self, manifest: &serde_json::Value) -> anyhow::Result<Vec<Option<Summary>>> {
        let dir = self.dir.clone();
        let ctx = |f: &str| format!("cannot write {}", dir.join(f).display());
        let n = ROUND_METRICS.len();
        write_atomic_with(&dir.join("rounds.csv"), |w| {
            writeln!(w, "round,month,metric,mean,p05,p25,p50,p75,p95")?;
            for round in 0..self.rounds as usize {
                let month = month_label(self.start, round as u32);
                for (m, metric) in ROUND_METRICS.iter().enumerate() {
                    let Some(s) = self.round_stats[round * n + m].summary() else {
                        continue;
                    };
                    writeln!(
                        w,
                        "{round},{month},{},{},{},{},{},{},{}",
                        metric.meta.name,
                        fmt_f64(s.mean),
                        fmt_f64(s.p[0]),
                        fmt_f64(s.p[1]),
                        fmt_f64(s.p[2]),
                        fmt_f64(s.p[3]),
                        fmt_f64(s.p[4])
                    )?;
                }
            }
            Ok(())
        })
        .with_context(|| ctx("rounds.csv"))?;
        let summaries = self.outcome_summaries();
        write_atomic_with(&dir.join("summary.csv"), |w| {
            writeln!(w, "metric,mean,se,sd,p05,p25,p50,p75,p95,min,max,n")?;
            for (m, s) in RUN_METRICS.iter().zip(&summaries) {
                match s {
                    Some(s) => writeln!(
                        w,
                        "{},{},{},{},{},{},{},{},{},{},{},{}",
                        m.meta.name,
                        fmt_f64(s.mean),
                        fmt_f64(s.se),
                        fmt_f64(s.sd),
                        fmt_f64(s.p[0]),
                        fmt_f64(s.p[1]),
                        fmt_f64(s.p[2]),
                        fmt_f64(s.p[3]),
                        fmt_f64(s.p[4]),
                        fmt_f64(s.min),
                        fmt_f64(s.max),
                        s.n
                    )?,
                    None => writeln!(w, "{},,,,,,,,,,,0", m.meta.name)?,
                }
            }
            Ok(())
        })
        .with_context(|| ctx("summary.csv"))?;
        self.runs.commit().with_context(|| ctx("runs.csv"))?;
        self.trajectories
            .commit()
            .with_context(|| ctx("trajectories.csv"))?;
        self.events.commit().with_context(|| ctx("events.csv"))?;
        if let Some(agents) = self.agents {
            agents.commit().with_context(|| ctx("agents.csv"))?;
        }
        write_json(&dir.join("manifest.json"), manifest).with_context(|| ctx("manifest.json"))?;
        Ok(summaries)
    }

    /// Replicates written so far.
    pub fn count(&self) -> u64 {
        self.count
    }
}
