//! `tradewar merge DIR... --out DIR`: combine the output folders of a sharded sweep into the
//! files a one-machine run writes, byte for byte. It refuses (exit 2, with the reason)
//! shards of different sweeps (config, `--set`, seed, version), duplicate or missing shards,
//! and shards with unfinished points.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::assemble::{self, write_final};
use super::folder::{IDENTITY_FILE, RECORDS_DIR, SHARD_FILE};
use super::plan::Layout;
use super::record;
use super::shard::ShardSpec;
use crate::config::ConfigError;
use crate::experiment::error::ExperimentError;
use crate::model::recorder::RUN_METRICS;

/// Options of `tradewar merge`.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// Shard output folders (any order).
    pub dirs: Vec<PathBuf>,
    /// Where the merged files go.
    pub out: PathBuf,
}

/// What a merge did.
#[derive(Debug, Clone)]
pub struct MergeReport {
    /// Output folder.
    pub out_dir: PathBuf,
    /// Number of shards merged.
    pub shards: usize,
    /// Design points merged.
    pub points: usize,
    /// Whether `runs.csv` was written (every shard ran with `--keep-runs`).
    pub runs: bool,
    /// Whether some, but not all, shards kept runs (so `runs.csv` was not written).
    pub runs_dropped: bool,
    /// Metrics left out of `sensitivity.csv` because some point had no value.
    pub skipped_sensitivity: Vec<String>,
}

/// One shard folder as found on disk.
struct Shard {
    dir: PathBuf,
    identity: String,
    spec: ShardSpec,
    points: (usize, usize),
    keep_runs: bool,
}

fn bad(dir: &Path, message: String) -> ExperimentError {
    ConfigError::new(dir.display().to_string(), message).into()
}

fn read_shard(dir: &Path) -> Result<Shard, ExperimentError> {
    let records = dir.join(RECORDS_DIR);
    let identity = std::fs::read_to_string(records.join(IDENTITY_FILE)).map_err(|_| {
        bad(
            dir,
            format!(
                "is not the output folder of `tradewar sweep` (no {RECORDS_DIR}/{IDENTITY_FILE})"
            ),
        )
    })?;
    let info: Option<serde_json::Value> = std::fs::read_to_string(records.join(SHARD_FILE))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    let parsed = info.as_ref().and_then(|v| {
        let n = |k: &str| v[k].as_u64().and_then(|x| usize::try_from(x).ok());
        let spec = ShardSpec::new(n("index")?, n("count")?)?;
        let p = v["points"].as_array()?;
        let start = usize::try_from(p.first()?.as_u64()?).ok()?;
        let end = usize::try_from(p.get(1)?.as_u64()?).ok()?;
        Some((spec, (start, end), v["keep_runs"].as_bool()?))
    });
    let Some((spec, points, keep_runs)) = parsed else {
        return Err(bad(
            dir,
            format!("{RECORDS_DIR}/{SHARD_FILE} is missing or unreadable"),
        ));
    };
    Ok(Shard {
        dir: dir.to_path_buf(),
        identity,
        spec,
        points,
        keep_runs,
    })
}

/// `tradewar merge`: checks the shards and writes the merged files into `opts.out`.
pub fn merge(opts: &MergeOptions) -> Result<MergeReport, ExperimentError> {
    let Some(first_dir) = opts.dirs.first() else {
        return Err(ConfigError::new("merge", "no shard folders given").into());
    };
    let mut shards = opts
        .dirs
        .iter()
        .map(|d| read_shard(d))
        .collect::<Result<Vec<_>, _>>()?;
    let identity = shards[0].identity.clone();
    let first_spec = shards[0].spec;
    for s in &shards[1..] {
        if s.identity != identity {
            return Err(bad(
                &s.dir,
                format!(
                    "is a shard of a different sweep than {} ({}): merge only shards of one sweep, run with the same config file, --set and --seed",
                    first_dir.display(),
                    assemble::difference(&identity, &s.identity)
                ),
            ));
        }
    }
    let manifest: serde_json::Value = serde_json::from_str(&identity).map_err(|e| {
        bad(
            first_dir,
            format!("unreadable {RECORDS_DIR}/{IDENTITY_FILE}: {e}"),
        )
    })?;
    let layout = Layout::from_manifest(&manifest).ok_or_else(|| {
        bad(
            first_dir,
            format!("{RECORDS_DIR}/{IDENTITY_FILE} is not a sweep manifest"),
        )
    })?;
    let hash = manifest["config_hash"]
        .as_str()
        .unwrap_or_default()
        .to_string();

    let count = first_spec.count;
    if let Some(s) = shards.iter().find(|s| s.spec.count != count) {
        return Err(bad(
            &s.dir,
            format!(
                "is shard {} but {} is shard {}: all shards must come from one split",
                s.spec,
                first_dir.display(),
                first_spec
            ),
        ));
    }
    shards.sort_by_key(|s| s.spec.index);
    for w in shards.windows(2) {
        if w[0].spec == w[1].spec {
            return Err(bad(
                &w[1].dir,
                format!(
                    "shard {} is given twice ({} and {})",
                    w[1].spec,
                    w[0].dir.display(),
                    w[1].dir.display()
                ),
            ));
        }
    }
    let missing: Vec<String> = (1..=count)
        .filter(|k| !shards.iter().any(|s| s.spec.index == *k))
        .map(|k| {
            let r = layout.shard_points(ShardSpec { index: k, count });
            format!("{k}/{count} (points {}..{})", r.start, r.end)
        })
        .collect();
    if !missing.is_empty() {
        let given: Vec<String> = shards
            .iter()
            .map(|s| format!("{} ({})", s.spec, s.dir.display()))
            .collect();
        return Err(ConfigError::new(
            "merge",
            format!(
                "missing shard(s) {}: a merge needs all {count} shards of the sweep (given: {})",
                missing.join(", "),
                given.join(", ")
            ),
        )
        .into());
    }

    let keep_runs = shards.iter().all(|s| s.keep_runs);
    let metrics = RUN_METRICS.len();
    let mut rows = Vec::with_capacity(layout.points);
    let mut means = Vec::with_capacity(layout.points);
    let mut owner = Vec::with_capacity(layout.points);
    for (n, s) in shards.iter().enumerate() {
        let expected = layout.shard_points(s.spec);
        if (expected.start, expected.end) != s.points {
            return Err(bad(
                &s.dir,
                format!(
                    "shard {} holds points {}..{} but the sweep's shard {} is points {}..{}",
                    s.spec, s.points.0, s.points.1, s.spec, expected.start, expected.end
                ),
            ));
        }
        let records = s.dir.join(RECORDS_DIR);
        let mut unfinished = Vec::new();
        for i in expected {
            match record::read(&records, i, &hash, metrics) {
                Some(r) if !keep_runs || r.runs.is_some() => {
                    rows.push(r.row);
                    means.push(r.means);
                    owner.push(n);
                }
                _ if record::edited(&records, i) => {
                    return Err(bad(
                        &s.dir,
                        format!(
                            "the record of point {i} ({}) was changed after it was written (its checksum does not match): delete it and finish the shard with `tradewar sweep CONFIG --shard {} --out {} --resume`",
                            record::path(&records, i).display(),
                            s.spec,
                            s.dir.display()
                        ),
                    ));
                }
                _ => unfinished.push(i),
            }
        }
        if let Some(i) = unfinished.first() {
            return Err(bad(
                &s.dir,
                format!(
                    "shard {} is unfinished: no record for {} of its {} points (first: point {i}); finish it with `tradewar sweep CONFIG --shard {} --out {} --resume{}`",
                    s.spec,
                    unfinished.len(),
                    s.points.1 - s.points.0,
                    s.spec,
                    s.dir.display(),
                    if s.keep_runs { " --keep-runs" } else { "" }
                ),
            ));
        }
    }

    let runs = |i: usize| -> std::io::Result<Vec<String>> {
        let dir = shards[owner[i]].dir.join(RECORDS_DIR);
        record::read(&dir, i, &hash, metrics)
            .and_then(|r| r.runs)
            .ok_or_else(|| std::io::Error::other(format!("the record of point {i} vanished")))
    };
    let skipped = write_final(
        &opts.out,
        &layout,
        &identity,
        &rows,
        &means,
        keep_runs.then_some(&runs as &dyn Fn(usize) -> std::io::Result<Vec<String>>),
    )
    .with_context(|| format!("merging into {}", opts.out.display()))?;
    Ok(MergeReport {
        out_dir: opts.out.clone(),
        shards: shards.len(),
        points: layout.points,
        runs: keep_runs,
        runs_dropped: !keep_runs && shards.iter().any(|s| s.keep_runs),
        skipped_sensitivity: skipped,
    })
}
