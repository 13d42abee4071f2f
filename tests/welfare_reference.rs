//! The no-conflict scenario is the reference welfare is measured against (docs/model.md
//! §4.11): run on the real binary, `configs/no_conflict.toml` (every instrument at its
//! reference) gives welfare ≈ 0 against that reference and ≈ no magnet shortages; the
//! status-quo scenario `configs/freeze.toml` gives welfare ≈ 0 against the status quo in the
//! re-priced blocks.

use std::path::PathBuf;
use std::process::Command;

fn run(config: &str, name: &str, replicates: &str) -> PathBuf {
    let out = std::env::temp_dir().join(format!(
        "tradewar-test-{}-welfare-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_tradewar"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "run",
            config,
            "--replicates",
            replicates,
            "--quiet",
            "--no-charts",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// The median of a runs.csv column (missing cells skipped).
fn median(dir: &std::path::Path, column: &str) -> f64 {
    let mut r = csv::Reader::from_path(dir.join("runs.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let c = h
        .iter()
        .position(|x| x == column)
        .unwrap_or_else(|| panic!("no {column}"));
    let mut v: Vec<f64> = r
        .records()
        .filter_map(|rec| rec.unwrap()[c].parse().ok())
        .collect();
    assert!(!v.is_empty(), "{column} has values");
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

#[test]
fn no_conflict_is_the_reference() {
    let dir = run("configs/no_conflict.toml", "nc", "200");
    for side in ["us", "cn"] {
        let w = median(&dir, &format!("{side}_welfare_usd_bn"));
        assert!(
            w.abs() <= 2.0,
            "{side} welfare vs no-conflict {w} (want |w| ≤ 2)"
        );
        let sq = median(&dir, &format!("{side}_welfare_vs_status_quo_usd_bn"));
        assert!(sq.abs() <= 2.0, "{side} welfare vs status quo {sq}");
    }
    let s = median(&dir, "us_magnet_shortage_firm_months");
    assert!(s <= 5.0, "magnet-shortage firm-months {s} (want ≤ 5)");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_status_quo_held_costs_nothing_against_the_status_quo() {
    let dir = run("configs/freeze.toml", "sq", "50");
    for side in ["us", "cn"] {
        let sq = median(&dir, &format!("{side}_welfare_vs_status_quo_usd_bn"));
        assert!(
            sq.abs() <= 0.5,
            "{side} welfare vs status quo under the freeze: {sq}"
        );
        let nc = median(&dir, &format!("{side}_welfare_usd_bn"));
        assert!(
            nc < -2.0,
            "{side}: the 2025 status quo costs against no conflict ({nc})"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
