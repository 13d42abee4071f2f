//! Charts from the real binary: `run` draws PNG and SVG charts and a report; `plot` redraws
//! them byte for byte; `compare` writes paired differences.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn tradewar(args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_tradewar"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir.join("charts")).unwrap() {
        let p = entry.unwrap().path();
        files.insert(
            p.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read(&p).unwrap(),
        );
    }
    for f in ["report.md", "report.html"] {
        files.insert(f.into(), std::fs::read(dir.join(f)).unwrap());
    }
    files
}

#[test]
fn run_draws_charts_and_plot_redraws_the_same_bytes() {
    let dir = std::env::temp_dir().join(format!("tradewar-charts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    tradewar(&["run", "--replicates", "40", "--quiet", "--out", d]);
    let first = snapshot(&dir);
    assert!(
        first
            .keys()
            .any(|k| k.starts_with("hist_") && k.ends_with(".png"))
    );
    assert!(
        first
            .keys()
            .any(|k| k.starts_with("fan_") && k.ends_with(".svg"))
    );
    assert!(first.contains_key("survival_first_deal.png"));
    let html = String::from_utf8_lossy(&first["report.html"]).into_owned();
    assert!(
        html.contains("charts/") && html.contains("20251025"),
        "report links charts and shows the seed"
    );
    std::fs::remove_dir_all(dir.join("charts")).unwrap();
    tradewar(&["plot", d]);
    assert_eq!(
        first,
        snapshot(&dir),
        "plot redraws byte-identical charts and report"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn compare_reports_paired_differences() {
    let dir = std::env::temp_dir().join(format!("tradewar-compare-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (a, b, out) = (dir.join("deal"), dir.join("nodeal"), dir.join("cmp"));
    tradewar(&[
        "run",
        "--replicates",
        "40",
        "--seed",
        "3",
        "--quiet",
        "--no-charts",
        "--out",
        a.to_str().unwrap(),
    ]);
    tradewar(&[
        "run",
        "--replicates",
        "40",
        "--seed",
        "3",
        "--quiet",
        "--no-charts",
        "--set",
        "negotiation.enabled=false",
        "--out",
        b.to_str().unwrap(),
    ]);
    tradewar(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(csv.starts_with("metric,scenario_a,scenario_b,mean_diff,low,high"));
    let deal = csv
        .lines()
        .find(|l| l.starts_with("deal_reached,"))
        .expect("deal_reached row");
    let diff: f64 = deal.split(',').nth(3).unwrap().parse().unwrap();
    assert!(diff < 0.0, "no negotiation means fewer deals: {deal}");
    assert!(out.join("report.html").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
