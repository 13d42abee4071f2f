//! Integration tests of the real `tradewar` binary: determinism across thread counts,
//! `--replicate`, output shapes, and clear errors (exit 2) on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tradewar"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tradewar-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const FILES: [&str; 6] = [
    "runs.csv",
    "rounds.csv",
    "trajectories.csv",
    "summary.csv",
    "events.csv",
    "manifest.json",
];

#[test]
fn outputs_are_byte_identical_across_thread_counts_and_replicate_reruns_match() {
    let a = tmp("threads1");
    let b = tmp("threads2");
    let c = tmp("seed8");
    let base = [
        "run",
        "configs/baseline.toml",
        "--replicates",
        "200",
        "--seed",
        "7",
        "--quiet",
        "--no-charts",
    ];
    let o = run(&[&base[..], &["--threads", "1", "--out", a.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[&base[..], &["--threads", "2", "--out", b.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    for f in FILES {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between 1 and 2 threads"
        );
    }

    // Shape: 200 rows, required columns, every metric every round, no NaN/inf.
    let runs = read(&a.join("runs.csv"));
    let mut lines = runs.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in [
        "replicate",
        "seed",
        "us_tariff_final",
        "cn_tariff_final",
        "us_tariff_peak",
        "cn_tariff_peak",
        "bilateral_trade_change_pct",
        "us_welfare_usd_bn",
        "cn_welfare_usd_bn",
    ] {
        assert!(header.contains(&col), "runs.csv lacks {col}");
    }
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 200);
    let rounds = read(&a.join("rounds.csv"));
    for metric in [
        "us_tariff",
        "cn_tariff",
        "us_imports_from_cn_usd_bn",
        "cn_imports_from_us_usd_bn",
        "us_pressure",
        "cn_pressure",
        "us_welfare_cum_usd_bn",
        "cn_welfare_cum_usd_bn",
    ] {
        let n = rounds
            .lines()
            .filter(|l| l.split(',').nth(2) == Some(metric))
            .count();
        assert_eq!(n, 24, "{metric} should have a row per round");
    }
    assert!(rounds.lines().nth(1).unwrap().starts_with("0,2025-10,"));
    for f in FILES {
        let text = read(&a.join(f)).to_lowercase();
        assert!(
            !text.contains("nan") && !text.contains("inf,") && !text.contains(",inf"),
            "{f} has NaN or inf"
        );
    }

    // Another seed changes outcome values, not only the seed column.
    let o = run(&[
        &base[..4],
        &[
            "--seed",
            "8",
            "--quiet",
            "--no-charts",
            "--out",
            c.to_str().unwrap(),
        ],
    ]
    .concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let strip = |t: &str| -> Vec<String> {
        t.lines()
            .skip(1)
            .map(|l| l.split(',').skip(2).collect::<Vec<_>>().join(","))
            .collect()
    };
    assert_ne!(strip(&runs), strip(&read(&c.join("runs.csv"))));

    // --replicate 17 reproduces row 17.
    let d = tmp("rep17");
    let o = run(&[
        &base[..],
        &["--replicate", "17", "--out", d.to_str().unwrap()],
    ]
    .concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let single = read(&d.join("runs.csv"));
    assert_eq!(single.lines().count(), 2);
    assert_eq!(single.lines().nth(1).unwrap(), rows[17]);
    assert!(rows[17].starts_with("17,"));
    for dir in [a, b, c, d] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn manifest_has_provenance_and_no_timestamps() {
    let a = tmp("manifest");
    let o = run(&[
        "run",
        "--replicates",
        "3",
        "--quiet",
        "--no-charts",
        "--out",
        a.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let m: serde_json::Value = serde_json::from_str(&read(&a.join("manifest.json"))).unwrap();
    assert_eq!(m["tool"], "tradewar");
    assert_eq!(m["seed"], 20251025);
    assert_eq!(m["replicates"], 3);
    assert_eq!(m["rounds"], 24);
    assert!(m["config_hash"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(m["agents"]["governments"], 2);
    assert_eq!(
        m["config"]["replicates"], 3,
        "the resolved config includes overrides"
    );
    let text = read(&a.join("manifest.json"));
    assert!(!text.contains("threads") && !text.contains("timestamp"));
    let _ = std::fs::remove_dir_all(a);
}

fn write_config(name: &str, body: &str) -> PathBuf {
    let dir = tmp(name);
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("x.toml");
    std::fs::write(&p, body).unwrap();
    p
}

fn expect_input_error(args: &[&str], needles: &[&str]) {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(2),
        "exit code for {args:?}; stderr: {}",
        stderr(&o)
    );
    let e = stderr(&o);
    for n in needles {
        assert!(
            e.contains(n),
            "stderr for {args:?} should contain {n:?}: {e}"
        );
    }
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn unknown_key_is_an_error_with_the_nearest_valid_key() {
    let p = write_config("unknown", "");
    // `extends` is resolved relative to the extending file.
    std::fs::write(
        p.with_file_name("baseline.toml"),
        read(Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/configs/baseline.toml"
        ))),
    )
    .unwrap();
    std::fs::write(
        &p,
        "extends = \"baseline.toml\"\n[us.tariff]\ninital = 0.6\n",
    )
    .unwrap();
    let ps = p.to_str().unwrap();
    expect_input_error(
        &["validate", ps],
        &[ps, "us.tariff.inital", "did you mean `us.tariff.initial`"],
    );
    expect_input_error(&["run", ps, "--quiet"], &["us.tariff.inital"]);
}

#[test]
fn out_of_range_value_names_file_key_and_range() {
    let p = write_config("range", "[us.tariff]\ninitial = 7.5\n");
    let ps = p.to_str().unwrap();
    expect_input_error(
        &["validate", ps],
        &[&format!("{ps}: us.tariff.initial = 7.5 is outside [0, 5]")],
    );
    expect_input_error(
        &["run", "--set", "us.strategy.noise=1.5", "--quiet"],
        &["--set", "us.strategy.noise = 1.5 is outside [0, 1]"],
    );
    expect_input_error(
        &["run", "--set", "us.tarif.initial=0.5", "--quiet"],
        &["did you mean `us.tariff.initial`"],
    );
    let p = write_config(
        "dist",
        "[us.tariff]\ninitial = { dist = \"uniform\", low = 0.5, high = 9.0 }\n",
    );
    expect_input_error(
        &["validate", p.to_str().unwrap()],
        &["us.tariff.initial", "outside [0, 5]"],
    );
}

#[test]
fn missing_file_and_syntax_errors_exit_2() {
    expect_input_error(
        &["validate", "configs/does_not_exist.toml"],
        &["configs/does_not_exist.toml", "no such file"],
    );
    expect_input_error(
        &["run", "configs/does_not_exist.toml", "--quiet"],
        &["configs/does_not_exist.toml"],
    );
    let p = write_config("syntax", "[us.tariff]\ninitial = = 0.6\n");
    let ps = p.to_str().unwrap();
    expect_input_error(&["validate", ps], &[ps, "TOML syntax error", "line 2"]);
    let p = write_config("strategy", "[us.strategy]\nname = \"tit_for_tot\"\n");
    expect_input_error(
        &["validate", p.to_str().unwrap()],
        &["us.strategy.name", "tit_for_tat"],
    );
}

#[test]
fn validate_ok_and_listings() {
    let o = run(&["validate", "configs/baseline.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with(
            "ok: configs/baseline.toml (scenario \"baseline\"): 1000 replicate(s) x 24 rounds"
        ),
        "{out}"
    );

    let o = run(&["strategies"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.lines().count() >= 4);
    for line in out.lines() {
        let (name, rule) = line.split_once(": ").expect("name: rule");
        assert!(!name.contains(' ') && !rule.is_empty(), "{line}");
    }

    let o = run(&["params"]);
    let out = String::from_utf8_lossy(&o.stdout);
    for key in [
        "us.tariff.initial",
        "trade.us_import_elasticity",
        "cn.pressure.resolve",
    ] {
        assert!(out.contains(key), "params lists {key}");
    }
    assert!(out.contains("Fajgelbaum"), "params shows sources");
}

#[test]
fn unwritable_output_is_a_runtime_error_exit_1() {
    let file = tmp("notadir");
    std::fs::write(&file, "x").unwrap();
    let o = run(&[
        "run",
        "--replicates",
        "2",
        "--quiet",
        "--no-charts",
        "--out",
        file.join("sub").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot"), "{}", stderr(&o));
    let _ = std::fs::remove_file(file);
}
