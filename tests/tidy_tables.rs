//! Integration tests of the real binary: the tidy tables. `points_long.csv` holds exactly
//! the cells of `points.csv`; `n` (the values behind each statistic) in `summary.csv`,
//! `points.csv` and `compare.csv` counts the non-missing values; no table holds NaN; and
//! every new output is byte-identical for one and two threads.

use std::path::{Path, PathBuf};

mod common;
use common::{ok, read, run};

/// A CSV as its header and rows of text cells (the tables here hold no quoted cells).
fn csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = read(p);
    for bad in ["NaN", "nan", "inf"] {
        assert!(!text.contains(bad), "{} holds {bad}", p.display());
    }
    common::cells(&text, p)
}

fn tmp(name: &str) -> PathBuf {
    common::tmp("tidy", name)
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

const SWEEP: &str = "[sweep]\ndesign = \"grid\"\nreplicates = 30\n\
    [[sweep.parameters]]\npath = \"us.tariff.ceiling\"\nvalues = [1.0, 2.0]\n";

/// Writes a 2-point sweep with a drawn input into `dir/s.toml` and runs it with `threads`.
fn sweep(dir: &Path, threads: &str) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let config = dir.join("s.toml");
    std::fs::write(
        &config,
        format!(
            "rounds = 8\n[farmers]\ncount = 200\n[trade]\n\
             us_import_elasticity = {{ dist = \"uniform\", low = 2.0, high = 3.0 }}\n{SWEEP}"
        ),
    )
    .unwrap();
    let out = dir.join("out");
    ok(&run(&[
        "sweep",
        config.to_str().unwrap(),
        "--keep-runs",
        "--threads",
        threads,
        "--quiet",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]));
    out
}

/// Acceptance 3: the long table holds exactly the cells of the wide one, and each `n`
/// equals the number of replicates with a value (kept runs), also where a metric is missing
/// in some replicates.
#[test]
fn points_long_holds_the_cells_of_points_and_n_counts_the_values() {
    let dir = tmp("sweep");
    let out = sweep(&dir, "2");
    let (wide_h, wide) = csv(&out.join("points.csv"));
    let (long_h, long) = csv(&out.join("points_long.csv"));
    assert_eq!(
        long_h,
        ["point", "us.tariff.ceiling", "metric", "stat", "value"]
    );
    let mut melted = Vec::new();
    for row in &wide {
        for (c, name) in wide_h.iter().enumerate().skip(2) {
            let (metric, stat) = name.rsplit_once('_').unwrap();
            melted.push(vec![
                row[0].clone(),
                row[1].clone(),
                metric.to_string(),
                stat.to_string(),
                row[c].clone(),
            ]);
        }
    }
    assert_eq!(long, melted);

    let (runs_h, runs) = csv(&out.join("runs.csv"));
    assert_eq!(&runs_h[..3], ["point", "replicate", "seed"]);
    // The drawn inputs follow (the baseline's deal terms and this config's elasticity).
    assert!(
        runs_h[3..]
            .iter()
            .take_while(|h| h.starts_with("input."))
            .any(|h| h == "input.trade.us_import_elasticity"),
        "{runs_h:?}"
    );
    let mut partly_missing = 0;
    for row in &wide {
        for name in wide_h.iter().filter_map(|h| h.strip_suffix("_n")) {
            let c = col(&runs_h, name);
            let values = runs.iter().filter(|r| r[0] == row[0] && !r[c].is_empty());
            let n = values.count();
            assert_eq!(
                row[col(&wide_h, &format!("{name}_n"))],
                n.to_string(),
                "{name}"
            );
            assert_eq!(
                row[col(&wide_h, &format!("{name}_mean"))].is_empty(),
                n == 0
            );
            partly_missing += usize::from(n > 0 && n < 30);
        }
    }
    assert!(
        partly_missing > 0,
        "no metric is missing in only some replicates"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// `n` in `summary.csv` counts the non-empty cells of the metric's `runs.csv` column, and
/// `compare.csv` gives the paired replicates behind each difference.
#[test]
fn summary_and_compare_give_n() {
    let a = tmp("a");
    let b = tmp("b");
    for (out, threat) in [(&a, "1.0"), (&b, "2.0")] {
        ok(&run(&[
            "run",
            "--replicates",
            "30",
            "--rounds",
            "8",
            "--set",
            "farmers.count=200",
            "--set",
            &format!("us.tariff.ceiling={threat}"),
            "--quiet",
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]));
    }
    let (runs_h, runs) = csv(&a.join("runs.csv"));
    let (sum_h, summary) = csv(&a.join("summary.csv"));
    assert_eq!(sum_h.last().map(String::as_str), Some("n"));
    let mut partly_missing = 0;
    for row in &summary {
        let c = col(&runs_h, &row[0]);
        let n = runs.iter().filter(|r| !r[c].is_empty()).count();
        assert_eq!(row[col(&sum_h, "n")], n.to_string(), "{}", row[0]);
        partly_missing += usize::from(n > 0 && n < 30);
    }
    assert!(
        partly_missing > 0,
        "no metric is missing in only some replicates"
    );

    let cmp = tmp("compare");
    ok(&run(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        cmp.to_str().unwrap(),
    ]));
    let (cmp_h, rows) = csv(&cmp.join("compare.csv"));
    assert_eq!(cmp_h.last().map(String::as_str), Some("n"));
    let (runs_b_h, runs_b) = csv(&b.join("runs.csv"));
    for row in &rows {
        let (ca, cb) = (col(&runs_h, &row[0]), col(&runs_b_h, &row[0]));
        let paired = runs
            .iter()
            .zip(&runs_b)
            .filter(|(x, y)| !x[ca].is_empty() && !y[cb].is_empty())
            .count();
        assert_eq!(row[col(&cmp_h, "n")], paired.to_string(), "{}", row[0]);
    }
    for d in [a, b, cmp] {
        let _ = std::fs::remove_dir_all(d);
    }
}

/// Acceptance 4: drawn inputs, agents and the tidy tables are the same bytes for one and two
/// threads.
#[test]
fn new_outputs_are_byte_identical_for_one_and_two_threads() {
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let out = tmp(&format!("run-t{threads}"));
        ok(&run(&[
            "run",
            "--replicates",
            "40",
            "--rounds",
            "6",
            "--set",
            "farmers.count=200",
            "--set",
            "trade.pass_through={ dist = \"normal\", mean = 0.8, sd = 0.05 }",
            "--agents",
            "3",
            "--agents-rounds",
            "2",
            "--threads",
            threads,
            "--quiet",
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]));
        outs.push(out);
    }
    for f in ["runs.csv", "agents.csv", "summary.csv", "manifest.json"] {
        assert_eq!(read(&outs[0].join(f)), read(&outs[1].join(f)), "{f}");
    }
    let s1 = sweep(&tmp("sweep-t1"), "1");
    let s2 = sweep(&tmp("sweep-t2"), "2");
    for f in ["points.csv", "points_long.csv", "runs.csv"] {
        assert_eq!(read(&s1.join(f)), read(&s2.join(f)), "{f}");
    }
    for d in outs {
        let _ = std::fs::remove_dir_all(d);
    }
    for s in [s1, s2] {
        let _ = std::fs::remove_dir_all(s.parent().unwrap());
    }
}
