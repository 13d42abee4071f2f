//! Integration tests of the real binary on hostile or careless inputs: each must end fast
//! with exit 2 and a message that names the real source (file, `--set` or flag), or, where
//! the input is accepted, say what was accepted (warnings, notices, summaries).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tradewar"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fresh folder for one test.
fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tradewar-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, name: &str, body: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap();
    p.to_str().unwrap().to_string()
}

/// Runs `args`, expects exit 2 within `secs` seconds and every needle in stderr.
fn refused_within(secs: u64, args: &[&str], needles: &[&str]) -> String {
    let start = Instant::now();
    let mut child = bin()
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            panic!("{args:?} still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "exit code for {args:?}: {e}");
    for n in needles {
        assert!(
            e.contains(n),
            "stderr for {args:?} should contain {n:?}: {e}"
        );
    }
    assert!(!e.contains("panicked"), "{e}");
    e
}

fn refused(args: &[&str], needles: &[&str]) -> String {
    refused_within(30, args, needles)
}

// --- Bounded, fast refusals -------------------------------------------------------------

#[test]
fn devices_fifos_and_directories_are_refused_without_reading() {
    let d = dir("devices");
    let z = write(&d, "z.toml", "extends = \"/dev/zero\"\n");
    refused_within(5, &["validate", &z], &["/dev/zero", "not a regular file"]);
    let u = write(&d, "u.toml", "extends = \"/dev/urandom\"\n");
    refused_within(
        5,
        &["validate", &u],
        &["/dev/urandom", "not a regular file"],
    );
    refused_within(5, &["run", "/dev/zero", "--quiet"], &["not a regular file"]);
    let fifo = d.join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let f = write(&d, "f.toml", "extends = \"fifo\"\n");
        refused_within(5, &["validate", &f], &["fifo", "not a regular file"]);
    }
    refused_within(5, &["validate", d.to_str().unwrap()], &["is a directory"]);
}

#[test]
fn oversized_configs_and_a_million_events_are_refused_fast() {
    let d = dir("big");
    let one = "[[events]]\nkind = \"summit\"\ndate = \"2026-04-01\"\n";
    let big = write(&d, "big.toml", &one.repeat(1_000_000 / 10));
    refused_within(5, &["validate", &big], &["bytes", "MiB"]);
    let many = write(&d, "many.toml", &one.repeat(10_001));
    refused_within(
        5,
        &["validate", &many],
        &["events has 10001 entries", "at most 10000"],
    );
}

#[test]
fn extends_paths_symlinks_loops_and_empty_names() {
    let d = dir("extends");
    let e = write(&d, "e.toml", "extends = \"\"\n");
    refused(&["validate", &e], &["e.toml", "extends = \"\" is empty"]);

    std::os::unix::fs::symlink(d.join("loop1"), d.join("loop2")).unwrap();
    std::os::unix::fs::symlink(d.join("loop2"), d.join("loop1")).unwrap();
    let l = write(&d, "l.toml", "extends = \"loop1\"\n");
    refused(&["validate", &l], &["loop of symbolic links"]);

    let a = write(&d, "a.toml", "extends = \"b.toml\"\n");
    write(&d, "b.toml", "extends = \"a.toml\"\n");
    refused(&["validate", &a], &["`extends` forms a loop", "a.toml -> "]);

    // Through a symlink, `extends` is resolved next to the file the link points to.
    std::fs::create_dir_all(d.join("sub")).unwrap();
    write(&d, "sub/child.toml", "extends = \"../parent.toml\"\n");
    write(&d, "parent.toml", "rounds = 3\n");
    let other = dir("extends-link");
    std::os::unix::fs::symlink(d.join("sub/child.toml"), other.join("link.toml")).unwrap();
    let o = run(&["validate", other.join("link.toml").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("x 3 rounds"), "{}", stdout(&o));
}

#[test]
fn threads_beyond_the_cap_are_refused_naming_the_flag() {
    refused_within(
        5,
        &["run", "--threads", "18446744073709551615", "--quiet"],
        &["--threads", "0..=1024"],
    );
    refused_within(5, &["run", "--threads", "1025", "--quiet"], &["--threads"]);
}

#[test]
fn oversized_designs_and_outputs_are_refused_before_they_run_unless_forced() {
    let d = dir("oversized");
    let lhs = write(
        &d,
        "lhs.toml",
        "[sweep]\ndesign = \"latin_hypercube\"\nsamples = 100000000\n\
         [[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0.1, 0.9]\n",
    );
    refused_within(5, &["validate", &lhs], &["--force", "100000000 point(s)"]);
    let out = d.join("out");
    refused_within(
        5,
        &["sweep", &lhs, "--quiet", "--out", out.to_str().unwrap()],
        &["--force", "GB"],
    );
    assert!(!out.exists(), "a refused sweep creates no folder");
    refused_within(
        5,
        &[
            "run",
            "--replicates",
            "100000000",
            "--sample-paths",
            "all",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ],
        &["--force", "trajectories.csv"],
    );
    assert!(!out.exists(), "a refused run creates no folder");
}

#[test]
fn agents_csv_and_tournaments_are_estimated_before_they_run() {
    let d = dir("agents-tournament");
    let out = d.join("out");
    // agents.csv: ≈ 1.4 MB per replicate and reported round; 100,000 replicates at two
    // rounds write ≈ 300 GB.
    let e = refused_within(
        10,
        &[
            "run",
            "--replicates",
            "100000",
            "--agents",
            "100000",
            "--agents-rounds",
            "0",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ],
        &["--force", "agents.csv"],
    );
    assert!(e.contains("100000 replicate(s) x 2 round(s)"), "{e}");
    assert!(!out.exists(), "a refused run creates no folder");
    // Rows wait in memory per batch of replicates: 2,048 replicates at 60 rounds hold
    // ≈ 200 GB before a byte of them is written.
    let rounds: Vec<String> = (0..59).map(|r| r.to_string()).collect();
    let rounds = rounds.join(",");
    refused_within(
        10,
        &[
            "run",
            "--replicates",
            "2048",
            "--agents",
            "2048",
            "--rounds",
            "60",
            "--agents-rounds",
            &rounds,
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ],
        &["--force", "in memory"],
    );
    assert!(!out.exists(), "a refused run creates no folder");
    // A tournament holds every pair's runs in memory: 81 pairs x 10^6 replicates is refused,
    // by `tournament` and by `validate`, naming --force.
    refused_within(
        10,
        &[
            "tournament",
            "configs/tournament.toml",
            "--replicates",
            "1000000",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ],
        &["--force", "81 pair(s) x 1000000 replicate(s)"],
    );
    assert!(!out.exists(), "a refused tournament creates no folder");
    refused_within(
        10,
        &[
            "validate",
            "configs/tournament.toml",
            "--set",
            "replicates=1000000",
        ],
        &["--force", "tournament"],
    );
    // Above the notice size, a notice; the shipped tournament needs none.
    let o = run(&[
        "validate",
        "configs/tournament.toml",
        "--set",
        "replicates=1000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("note: this tournament"),
        "{}",
        stderr(&o)
    );
    let o = run(&["validate", "configs/tournament.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
}

#[test]
fn the_baseline_with_every_path_runs_without_notice_or_refusal() {
    let d = dir("allpaths");
    let o = run(&[
        "run",
        "--replicates",
        "1000",
        "--sample-paths",
        "all",
        "--rounds",
        "2",
        "--no-charts",
        "--out",
        d.join("out").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(!e.contains("note:") && !e.contains("--force"), "{e}");
    // The estimate scales with rounds: at the full horizon it still needs no notice.
    let o = run(&[
        "validate",
        "configs/baseline.toml",
        "--set",
        "sample_paths=1000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
}

#[test]
fn a_demand_profile_whose_sum_overflows_is_an_input_error() {
    let d = dir("overflow");
    let p = write(
        &d,
        "soy.toml",
        "[soybeans]\ncn_demand_profile = [1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308]\n",
    );
    refused(
        &["validate", &p],
        &["soy.toml", "soybeans.cn_demand_profile", "add up"],
    );
    refused(
        &["run", &p, "--replicates", "2", "--quiet"],
        &["soybeans.cn_demand_profile"],
    );
}

// --- validate checks what run checks --------------------------------------------------

#[test]
fn validate_fails_on_distributions_that_break_cross_key_rules() {
    let d = dir("crosskey");
    let cases = [
        (
            "[us.tariff]\nfloor = { dist = \"uniform\", low = 0.1, high = 0.7 }\n",
            "us.tariff.floor = 0.7",
        ),
        (
            "[rare_earths]\ninvest_lag_min_months = { dist = \"uniform\", low = 6, high = 40 }\n",
            "rare_earths.invest_lag_min_months",
        ),
        (
            "[us.tariff]\nceiling = { dist = \"normal\", mean = 1.8, sd = 0.5 }\n",
            "us.tariff.ceiling",
        ),
        // With the baseline's [negotiation.bundle] ranges these are more distributions than
        // every corner covers: pairs of ranges are checked, and still catch the breach.
        (
            "[us.tariff]\nfloor = { dist = \"uniform\", low = 0.1, high = 0.7 }\n\
             [rare_earths]\ninvest_lag_min_months = { dist = \"uniform\", low = 1, high = 3 }\n\
             [negotiation.compliance]\npace_mean = { dist = \"uniform\", low = 0.4, high = 0.7 }\n",
            "us.tariff.floor = 0.7",
        ),
    ];
    for (i, (body, needle)) in cases.iter().enumerate() {
        let p = write(&d, &format!("c{i}.toml"), body);
        refused(&["validate", &p], &[&p, needle, "every draw"]);
    }
    let ok = write(
        &d,
        "ok.toml",
        "[us.tariff]\nfloor = { dist = \"uniform\", low = 0.1, high = 0.3 }\n",
    );
    // The baseline's own distribution-valued keys plus the one added here.
    let keys = |out: &str| -> usize {
        let head = out.split(" distribution-valued key(s)").next().unwrap();
        head.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let base = stdout(&run(&["validate", "configs/baseline.toml"]));
    let o = run(&["validate", &ok]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("ok: ") && keys(&out) == keys(&base) + 1,
        "{out} / {base}"
    );
}

#[test]
fn heavy_clamping_is_warned_about() {
    let d = dir("clamp");
    let p = write(
        &d,
        "n.toml",
        "[trade]\npass_through = { dist = \"normal\", mean = 1.0, sd = 0.5 }\n",
    );
    let o = run(&["validate", &p]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("warning:") && e.contains("trade.pass_through") && e.contains("clamped"),
        "{e}"
    );
}

// --- Errors name the real source ------------------------------------------------------

#[test]
fn errors_name_the_flag_the_set_or_the_file() {
    refused(
        &["run", "--replicates", "0", "--quiet"],
        &["--replicates 0:", "[1, 100000000]"],
    );
    refused(
        &["run", "--rounds", "100000", "--quiet"],
        &["--rounds 100000:", "[1, 600]"],
    );
    let e = refused(
        &["run", "--set", "us.tariff.floor=0.9", "--quiet"],
        &["--set us.tariff.floor=0.9"],
    );
    assert!(!e.starts_with("error: configs/baseline.toml"), "{e}");
    refused(
        &["run", "--seed", "18446744073709551615", "--quiet"],
        &["--seed", "9223372036854775807"],
    );
    let o = run(&["params"]);
    assert!(
        stdout(&o).contains("seed = 20251025    [0, 9223372036854775807]"),
        "{}",
        stdout(&o)
    );
    refused(
        &["run", "--set", "replicates=2.5", "--quiet"],
        &["whole number in [1, 100000000]"],
    );
    let e = refused(
        &["run", "--set", "us.tariff.initial=1e300", "--quiet"],
        &["= 1e300 is outside [0, 5]"],
    );
    assert!(!e.contains("0000000000"), "{e}");
    refused(
        &["run", "--set", "events.2.rat=1", "--quiet"],
        &["did you mean `events.2.rate`?"],
    );
    refused(
        &["run", "--set", "us.tarif=1", "--quiet"],
        &["did you mean `us.tariff`?"],
    );
    let d = dir("sources");
    let p = write(&d, "t.toml", "[us.tarif]\ninitial = 0.5\n");
    refused(&["validate", &p], &["t.toml", "did you mean `us.tariff`?"]);
}

// --- No silent acceptance --------------------------------------------------------------

#[test]
fn impossible_dates_and_windows_are_refused() {
    let d = dir("dates");
    let p = write(
        &d,
        "d.toml",
        "[[events]]\nkind = \"summit\"\ndate = \"2026-02-31\"\n",
    );
    refused(
        &["validate", &p],
        &["events.0.date", "2026-02-31", "calendar date"],
    );
    let p = write(
        &d,
        "u.toml",
        "[[events]]\nkind = \"political_shock\"\nside = \"us\"\nmonthly_probability = 0.1\nsize_usd_bn = 5.0\ndate = \"2026-06-01\"\nuntil = \"2026-01-01\"\n",
    );
    refused(&["validate", &p], &["until = \"2026-01-01\" is before"]);
}

#[test]
fn unknown_chart_metrics_are_refused() {
    let d = dir("metrics");
    let p = write(&d, "m.toml", "[charts]\nmetrics = [\"us_tarif\"]\n");
    refused(
        &["validate", &p],
        &["charts.metrics", "\"us_tarif\"", "did you mean"],
    );
}

#[test]
fn run_refuses_a_sweep_config_and_sweep_refuses_an_ignored_replicates() {
    refused(
        &["run", "configs/sweep_threat_vs_rare_earths.toml", "--quiet"],
        &[
            "[sweep]",
            "tradewar sweep configs/sweep_threat_vs_rare_earths.toml",
        ],
    );
    refused(
        &[
            "sweep",
            "configs/sweep_threat_vs_rare_earths.toml",
            "--set",
            "replicates=5",
            "--quiet",
        ],
        &[
            "--set replicates=5",
            "sweep.replicates = 50",
            "--replicates 5",
        ],
    );
    let d = dir("sweepreps");
    let o = run(&[
        "sweep",
        "configs/sweep_threat_vs_rare_earths.toml",
        "--replicates",
        "2",
        "--set",
        "rounds=2",
        "--no-charts",
        "--out",
        d.join("out").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("16 point(s) x 2 replicate(s)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn small_sobol_designs_are_warned_about() {
    let d = dir("sobol");
    let p = write(
        &d,
        "s.toml",
        "[sweep]\ndesign = \"sobol\"\nsamples = 3\nbootstrap = 0\n\
         [[sweep.parameters]]\npath = \"trade.pass_through\"\nrange = [0.2, 0.8]\n",
    );
    let o = run(&["validate", &p]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    for n in ["too few to trust", "not a power of two", "bootstrap = 0"] {
        assert!(e.contains(n), "{n}: {e}");
    }
}

#[test]
fn an_edited_shard_record_is_refused_by_merge() {
    let d = dir("merge");
    let mut shards = Vec::new();
    for k in 1..=2 {
        let out = d.join(format!("shard-{k}"));
        let o = run(&[
            "sweep",
            "configs/sweep_threat_vs_rare_earths.toml",
            "--shard",
            &format!("{k}/2"),
            "--replicates",
            "2",
            "--set",
            "rounds=2",
            "--quiet",
            "--no-charts",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        shards.push(out);
    }
    let record = shards[0].join("points.d/point-00000001.txt");
    let text = std::fs::read_to_string(&record).unwrap();
    let row = text.lines().find(|l| l.starts_with("row ")).unwrap();
    let edited_row = format!("{}9", row);
    std::fs::write(&record, text.replace(row, &edited_row)).unwrap();
    refused(
        &[
            "merge",
            shards[0].to_str().unwrap(),
            shards[1].to_str().unwrap(),
            "--no-charts",
            "--out",
            d.join("merged").to_str().unwrap(),
        ],
        &["point 1", "checksum"],
    );
}
