//! Integration tests of the real binary: every row of `runs.csv` carries the values its
//! replicate drew for the distribution-valued keys (`input.<key path>` columns), and
//! `--agents K` writes one row per agent per replicate into `agents.csv`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{ok, read, run};

/// A CSV as its header and rows of text cells (the tables here hold no quoted cells).
fn csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = read(p);
    common::cells(&text, p)
}

fn tmp(name: &str) -> PathBuf {
    common::tmp("ia", name)
}

fn column(header: &[String], rows: &[Vec<String>], name: &str) -> Vec<f64> {
    let c = header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"));
    rows.iter()
        .map(|r| {
            r[c].parse()
                .unwrap_or_else(|_| panic!("{name}: {:?}", r[c]))
        })
        .collect()
}

fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    (
        m,
        x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0),
    )
}

const DRAWN: [&str; 3] = [
    "trade.us_import_elasticity={ dist = \"uniform\", low = 2.0, high = 3.0 }",
    "trade.pass_through={ dist = \"normal\", mean = 0.8, sd = 0.05 }",
    "soybeans.world_price_usd_bu={ dist = \"triangular\", low = 9.0, mode = 11.0, high = 12.0 }",
];

fn uncertain_run(out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "run",
        "--replicates",
        "400",
        "--rounds",
        "2",
        "--set",
        "farmers.count=200",
        "--quiet",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ];
    for d in DRAWN {
        args.extend(["--set", d]);
    }
    args.extend(extra);
    run(&args)
}

/// Acceptance 1: three distribution-valued keys give three input columns whose values
/// follow the distributions (mean and variance within four standard errors, support
/// respected), and `--replicate I` writes row I again, inputs included.
#[test]
fn drawn_inputs_are_columns_that_follow_their_distributions_and_rerun_exactly() {
    let out = tmp("uncertain");
    ok(&uncertain_run(&out, &[]));
    let (header, rows) = csv(&out.join("runs.csv"));
    assert_eq!(rows.len(), 400);
    let inputs: Vec<&str> = header
        .iter()
        .filter(|h| h.starts_with("input."))
        .map(String::as_str)
        .collect();
    // This config's three distributions, beside the baseline's own (the deal terms and the
    // calibrated assumptions under negotiation. and each side's pressure.), in key-path order.
    let own: Vec<&str> = inputs
        .iter()
        .copied()
        .filter(|h| {
            ![
                "input.negotiation.",
                "input.us.pressure.",
                "input.cn.pressure.",
            ]
            .iter()
            .any(|p| h.starts_with(p))
        })
        .collect();
    assert_eq!(
        own,
        [
            "input.soybeans.world_price_usd_bu",
            "input.trade.pass_through",
            "input.trade.us_import_elasticity",
        ]
    );
    assert!(inputs.is_sorted(), "{inputs:?}");
    assert_eq!(&header[..2], ["replicate", "seed"]);
    let n = rows.len() as f64;
    // (name, mean, variance, low, high, kurtosis) of each distribution.
    let tri = (9.0f64, 11.0f64, 12.0f64);
    let cases = [
        (
            "input.trade.us_import_elasticity",
            2.5,
            1.0 / 12.0,
            2.0,
            3.0,
            1.8,
        ),
        ("input.trade.pass_through", 0.8, 0.0025, 0.0, 1.0, 3.0),
        (
            "input.soybeans.world_price_usd_bu",
            (tri.0 + tri.1 + tri.2) / 3.0,
            (tri.0 * tri.0 + tri.1 * tri.1 + tri.2 * tri.2
                - tri.0 * tri.1
                - tri.0 * tri.2
                - tri.1 * tri.2)
                / 18.0,
            tri.0,
            tri.2,
            2.4,
        ),
    ];
    for (name, mean, var, low, high, kurtosis) in cases {
        let x = column(&header, &rows, name);
        assert!(x.iter().all(|v| (low..=high).contains(v)), "{name}");
        let (m, v) = mean_var(&x);
        let se_mean = (var / n).sqrt();
        assert!(
            (m - mean).abs() < 4.0 * se_mean,
            "{name}: mean {m} vs {mean}"
        );
        let se_var = var * ((kurtosis - 1.0) / n).sqrt();
        assert!(
            (v - var).abs() < 4.0 * se_var,
            "{name}: variance {v} vs {var}"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
    assert_eq!(manifest["inputs"].as_array().unwrap().len(), inputs.len());

    let one = tmp("uncertain-7");
    ok(&uncertain_run(&one, &["--replicate", "7"]));
    let (h7, r7) = csv(&one.join("runs.csv"));
    assert_eq!(h7, header);
    assert_eq!(r7, [rows[7].clone()]);
    let _ = std::fs::remove_dir_all(out);
    let _ = std::fs::remove_dir_all(one);
}

/// A whole-number strategy parameter drawn from a distribution is recorded as the integer
/// the strategy uses.
#[test]
fn a_drawn_whole_number_parameter_is_recorded_as_the_integer_used() {
    let out = tmp("integer");
    ok(&run(&[
        "run",
        "--replicates",
        "40",
        "--rounds",
        "2",
        "--set",
        "farmers.count=100",
        "--set",
        "us.strategy.name=escalate_to_deal",
        "--set",
        "us.strategy.params.max_escalations={ dist = \"uniform\", low = 0.0, high = 5.0 }",
        "--quiet",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]));
    let (header, rows) = csv(&out.join("runs.csv"));
    let x = column(&header, &rows, "input.us.strategy.params.max_escalations");
    assert!(
        x.iter()
            .all(|v| v.fract() == 0.0 && (0.0..=5.0).contains(v)),
        "{x:?}"
    );
    assert!(x.iter().any(|v| *v != x[0]), "drawn, not fixed: {x:?}");
    let _ = std::fs::remove_dir_all(out);
}

/// Acceptance 2: `--agents 2` writes one row per agent per replicate and reported round,
/// with the documented columns; the counts match `manifest.json`; a kind's row leaves the
/// other kinds' columns empty.
#[test]
fn agents_csv_has_one_row_per_agent_and_matches_the_manifest() {
    let out = tmp("agents");
    ok(&run(&[
        "run",
        "--replicates",
        "3",
        "--rounds",
        "4",
        "--set",
        "farmers.count=300",
        "--agents",
        "2",
        "--agents-rounds",
        "1,0,3",
        "--quiet",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]));
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&out.join("manifest.json"))).unwrap();
    let (header, rows) = csv(&out.join("agents.csv"));
    assert_eq!(
        &header[..5],
        ["replicate", "round", "month", "kind", "agent"]
    );
    let readme = read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"));
    for h in &header {
        assert!(
            readme.contains(&format!("`{h}`")),
            "README does not document `{h}`"
        );
    }
    let agents = &manifest["agents"];
    let per_round = agents["farmers"].as_u64().unwrap() + agents["firms"].as_u64().unwrap();
    assert_eq!(per_round, 300 + agents["firms"].as_u64().unwrap());
    assert_eq!(
        manifest["agents_csv"]["rounds"],
        serde_json::json!([0, 1, 3])
    );
    assert_eq!(manifest["agents_csv"]["replicates"], 2);
    assert_eq!(rows.len() as u64, 2 * 3 * per_round);
    assert_eq!(
        manifest["agents_csv"]["rows"].as_u64(),
        Some(rows.len() as u64)
    );
    let mut counts: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for r in &rows {
        *counts
            .entry((r[0].clone(), r[1].clone(), r[3].clone()))
            .or_default() += 1;
    }
    let expected = [
        ("farmer", agents["farmers"].as_u64().unwrap()),
        (
            "us_magnet_user",
            agents["firms_us_magnet_users"].as_u64().unwrap(),
        ),
        (
            "us_tech_exporter",
            agents["firms_us_tech_exporters"].as_u64().unwrap(),
        ),
        (
            "cn_exporter",
            agents["firms_cn_exporters"].as_u64().unwrap(),
        ),
        (
            "cn_tech_user",
            agents["firms_cn_tech_users"].as_u64().unwrap(),
        ),
    ];
    for rep in ["0", "1"] {
        for round in ["0", "1", "3"] {
            for (kind, n) in expected {
                let key = (rep.to_string(), round.to_string(), kind.to_string());
                assert_eq!(counts.get(&key).copied(), Some(n), "{key:?}");
            }
        }
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for r in &rows {
        let (acres, sector, strategy) = (&r[col("acres")], &r[col("sector")], &r[col("strategy")]);
        match r[3].as_str() {
            "farmer" => {
                assert!(acres.parse::<f64>().unwrap() > 0.0);
                assert!(sector.is_empty() && strategy.is_empty());
                assert!(["soy", "corn"].contains(&r[col("crop")].as_str()));
                let exited = &r[col("exited")];
                assert_eq!(exited == "1", !r[col("exit_round")].is_empty(), "{r:?}");
            }
            "us_magnet_user" => {
                assert!(acres.is_empty() && !sector.is_empty() && !strategy.is_empty());
                assert!(r[col("shortage_months")].parse::<u32>().is_ok());
            }
            "cn_exporter" => {
                assert!(sector.is_empty());
                assert!(["reroute", "absorb", "cut_jobs"].contains(&strategy.as_str()));
                assert!(!r[col("employment")].is_empty());
            }
            _ => assert!(acres.is_empty() && sector.is_empty()),
        }
    }
    let _ = std::fs::remove_dir_all(out);
}

/// `--agents-rounds` outside the horizon, or without `--agents`, is a usage error (exit 2)
/// naming the flag and the allowed range.
#[test]
fn agents_rounds_outside_the_horizon_are_refused() {
    let out = tmp("agents-bad");
    let o = run(&[
        "run",
        "--replicates",
        "2",
        "--rounds",
        "4",
        "--agents",
        "1",
        "--agents-rounds",
        "4",
        "--quiet",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("--agents-rounds 4 is outside [0, 3]"), "{e}");
    let o = run(&[
        "run",
        "--replicates",
        "2",
        "--agents-rounds",
        "1",
        "--quiet",
        "--no-charts",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("needs --agents"));
    assert!(!out.exists());
}
