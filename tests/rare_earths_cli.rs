//! The rare-earth lever end to end (docs/model.md §4.8), through the real
//! binary: a squeeze like April 2025 cuts US magnet deliveries within two months and
//! drains inventories into stock-outs; a pause restores deliveries within about a month.
//! Also: outputs are byte-identical for 1 and 2 threads, and the manifest counts the firms.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPLICATES: &str = "30";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(config: Option<&str>, out: &Path, extra: &[&str]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradewar"));
    cmd.arg("run");
    if let Some(c) = config {
        cmd.arg(manifest_dir().join(c));
    }
    cmd.args(["--replicates", REPLICATES, "--quiet", "--out"])
        .arg(out)
        .args(extra);
    let status = cmd.status().expect("tradewar runs");
    assert!(status.success(), "tradewar run {config:?} failed");
}

/// Median (p50) of each round metric by round, from `rounds.csv`.
fn medians(dir: &Path) -> HashMap<String, Vec<f64>> {
    let text = std::fs::read_to_string(dir.join("rounds.csv")).expect("rounds.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (round, metric, p50) = (col("round"), col("metric"), col("p50"));
    let mut out: HashMap<String, Vec<f64>> = HashMap::new();
    for line in lines {
        let cells: Vec<&str> = line.split(',').collect();
        let r: usize = cells[round].parse().unwrap();
        let v = out.entry(cells[metric].to_string()).or_default();
        if v.len() <= r {
            v.resize(r + 1, f64::NAN);
        }
        v[r] = cells[p50].parse().unwrap();
    }
    out
}

/// Median of a run outcome, from `summary.csv`.
fn summary_median(dir: &Path, metric: &str) -> f64 {
    let text = std::fs::read_to_string(dir.join("summary.csv")).expect("summary.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let p50 = header.iter().position(|h| *h == "p50").unwrap();
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|c| c[0] == metric)
        .map(|c| c[p50].parse().unwrap())
        .unwrap_or_else(|| panic!("no {metric} in summary.csv"))
}

#[test]
fn a_squeeze_cuts_deliveries_within_two_months_and_drains_inventories() {
    let dir = tempfile::tempdir().unwrap();
    run(Some("configs/re_squeeze.toml"), dir.path(), &[]);
    let m = medians(dir.path());
    let deliveries = &m["magnet_deliveries_share"];
    assert!(
        deliveries[3] <= 0.35,
        "median deliveries share at round 3 = {} (want <= 0.35)",
        deliveries[3]
    );
    assert!(deliveries[0] > 0.9, "normal deliveries before the squeeze");
    let inventory = &m["magnet_inventory_months"];
    assert!(
        inventory[3] < inventory[1] && inventory[6] < inventory[3],
        "inventories fall during the squeeze: {inventory:?}"
    );
    let stringency = &m["cn_re_stringency"];
    assert!(
        stringency[1] > stringency[0],
        "the squeeze starts at round 1"
    );
    let short = summary_median(dir.path(), "us_magnet_shortage_firm_months");
    assert!(short > 0.0, "median shortage firm-months = {short}");
}

#[test]
fn a_pause_restores_deliveries_within_about_a_month() {
    let dir = tempfile::tempdir().unwrap();
    run(Some("configs/re_pause.toml"), dir.path(), &[]);
    let m = medians(dir.path());
    let deliveries = &m["magnet_deliveries_share"];
    assert!(deliveries[3] <= 0.35, "squeezed until the pause");
    assert!(
        deliveries[6] >= 0.8,
        "median deliveries share at round 6 = {} (want >= 0.8)",
        deliveries[6]
    );
    assert!(deliveries[5] >= 0.8, "back within a month of the pause");
}

#[test]
fn outputs_are_identical_for_one_and_two_threads_and_count_firms() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    run(None, a.path(), &["--threads", "1", "--rounds", "8"]);
    run(None, b.path(), &["--threads", "2", "--rounds", "8"]);
    for f in [
        "runs.csv",
        "rounds.csv",
        "trajectories.csv",
        "summary.csv",
        "events.csv",
        "manifest.json",
    ] {
        let x = std::fs::read(a.path().join(f)).unwrap();
        let y = std::fs::read(b.path().join(f)).unwrap();
        assert!(x == y, "{f} differs between 1 and 2 threads");
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("manifest.json")).unwrap()).unwrap();
    let firms = manifest["agents"]["firms"].as_u64().unwrap();
    assert!(firms >= 1000, "agents.firms = {firms}");
    let runs = std::fs::read_to_string(a.path().join("runs.csv")).unwrap();
    let header = runs.lines().next().unwrap();
    for col in [
        "us_magnet_shortage_firm_months",
        "us_shortage_output_loss_usd_bn",
        "cn_re_stringency_final",
        "us_export_control_final",
        "us_tech_revenue_loss_usd_bn",
        "cn_tech_output_loss_usd_bn",
        "cn_export_jobs_lost_share",
    ] {
        assert!(header.split(',').any(|h| h == col), "runs.csv lacks {col}");
    }
}
