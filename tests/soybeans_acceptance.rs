//! Acceptance facts of the soybean market and the farmers (docs/model.md §4.6–4.7), checked on the real
//! binary: the freeze against no conflict, the no-conflict US share, a higher soybean tariff,
//! the farmer count in the manifest, and byte-identical outputs for 1 vs 2 threads.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPLICATES: &str = "30";
const FARMERS: &str = "farmers.count=2000";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(config: &str, out: &Path, extra: &[&str]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tradewar"));
    cmd.arg("run");
    if !config.is_empty() {
        cmd.arg(root().join(config));
    }
    cmd.args([
        "--replicates",
        REPLICATES,
        "--quiet",
        "--set",
        FARMERS,
        "--out",
    ])
    .arg(out)
    .args(extra);
    let status = cmd.status().expect("tradewar runs");
    assert!(status.success(), "tradewar run {config} failed");
}

/// `rounds.csv`: (round, metric) → p50.
fn round_medians(dir: &Path) -> HashMap<(u32, String), f64> {
    let text = std::fs::read_to_string(dir.join("rounds.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let (r, m, p50) = (col("round"), col("metric"), col("p50"));
    lines
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (
                (c[r].parse().unwrap(), c[m].to_string()),
                c[p50].parse().unwrap(),
            )
        })
        .collect()
}

/// The median of a `runs.csv` column.
fn run_median(dir: &Path, metric: &str) -> f64 {
    let text = std::fs::read_to_string(dir.join("runs.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == metric).unwrap();
    let mut v: Vec<f64> = lines
        .filter_map(|l| l.split(',').nth(i).and_then(|x| x.parse().ok()))
        .collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    assert!(n > 0, "{metric} has no values");
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

#[test]
fn freeze_against_no_conflict_and_the_no_conflict_share() {
    let tmp = tempfile::tempdir().unwrap();
    let freeze = tmp.path().join("freeze");
    let normal = tmp.path().join("no_conflict");
    let taxed = tmp.path().join("no_conflict_taxed");
    run("configs/freeze.toml", &freeze, &[]);
    run("configs/no_conflict.toml", &normal, &[]);
    run(
        "configs/no_conflict.toml",
        &taxed,
        &["--set", "soybeans.cn_tariff_on_us.initial=0.23"],
    );
    let f = round_medians(&freeze);
    let n = round_medians(&normal);
    let first3 = |m: &HashMap<(u32, String), f64>, name: &str| -> f64 {
        (0..3).map(|r| m[&(r, name.to_string())]).sum()
    };

    // 1. The first three months: near-zero US sales to China, Brazil's share up, a lower
    //    farm-gate price and a wider basis.
    let us_f = first3(&f, "cn_soy_imports_from_us_mt");
    let us_n = first3(&n, "cn_soy_imports_from_us_mt");
    assert!(
        us_n > 0.0 && us_f < 0.25 * us_n,
        "US sales {us_f} vs {us_n}"
    );
    let br_share = |m: &HashMap<(u32, String), f64>| {
        let br = first3(m, "cn_soy_imports_from_brazil_mt");
        br / (br + first3(m, "cn_soy_imports_from_us_mt"))
    };
    assert!(br_share(&f) > br_share(&n), "Brazil's share rises");
    for r in 0..3 {
        let key = |s: &str| (r, s.to_string());
        assert!(f[&key("us_farm_gate_price_usd_bu")] < n[&key("us_farm_gate_price_usd_bu")]);
        assert!(
            f[&key("us_basis_usd_bu")] < n[&key("us_basis_usd_bu")],
            "basis widens"
        );
        assert!(f[&key("brazil_premium_usd_bu")] > n[&key("brazil_premium_usd_bu")]);
    }
    // Farm income falls below the no-conflict reference; the loss is of the order of the
    // lost China revenue (the model gives about a third of it: most lost sales are
    // diverted, the rest is absorbed by a lower price on every bushel).
    let years = 2.0; // 24 rounds
    let loss = run_median(&freeze, "us_farm_loss_usd_bn") / years;
    let lost_revenue = run_median(&freeze, "us_soy_cn_revenue_loss_usd_bn") / years;
    assert!(
        (8.0..=16.0).contains(&lost_revenue),
        "lost China revenue {lost_revenue} $bn/yr"
    );
    assert!(
        (2.0..=lost_revenue).contains(&loss),
        "farm loss {loss} $bn/yr"
    );
    assert!(run_median(&freeze, "us_farm_market_income_change_pct") < 0.0);
    assert!(
        run_median(&freeze, "us_farm_aid_usd_bn") > 0.0,
        "aid follows the losses"
    );
    assert_eq!(run_median(&normal, "us_farm_aid_usd_bn"), 0.0);

    // 2. No conflict: the US share lands in the 2017–2024 range, as a result of prices; a
    //    higher China tariff on US soybeans lowers it.
    let share = run_median(&normal, "us_soy_share_of_cn_imports");
    assert!(
        (0.21..=0.34).contains(&share),
        "no-conflict US share {share}"
    );
    let taxed_share = run_median(&taxed, "us_soy_share_of_cn_imports");
    assert!(taxed_share < share, "tariff: {taxed_share} vs {share}");

    // The manifest counts the farmers.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(freeze.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["agents"]["farmers"], 2000);
}

#[test]
fn outputs_are_byte_identical_for_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    run("", &one, &["--threads", "1", "--sample-paths", "3"]);
    run("", &two, &["--threads", "2", "--sample-paths", "3"]);
    for file in [
        "runs.csv",
        "rounds.csv",
        "trajectories.csv",
        "summary.csv",
        "events.csv",
        "manifest.json",
    ] {
        let a = std::fs::read(one.join(file)).unwrap();
        let b = std::fs::read(two.join(file)).unwrap();
        assert!(a == b, "{file} differs between 1 and 2 threads");
    }
}
