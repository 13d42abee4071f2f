//! Integration tests of `tradewar sweep` and `tradewar merge` on the real binary: one row per
//! grid point; the same bytes for any thread count, for shards merged, and for a sweep
//! killed with SIGKILL and resumed; clear refusals (exit 2) of bad merges and resumes.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const GRID: &str = "configs/sweep_threat_vs_rare_earths.toml";
const SOBOL: &str = "configs/sensitivity.toml";
const FILES: [&str; 5] = [
    "points.csv",
    "points_long.csv",
    "runs.csv",
    "sensitivity.csv",
    "manifest.json",
];

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tradewar"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    for v in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
    ] {
        c.env_remove(v);
    }
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn ok(args: &[&str]) -> Output {
    let o = run(args);
    assert!(o.status.success(), "{args:?} failed: {}", stderr(&o));
    o
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tradewar-sweep-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Asserts that two sweep folders hold the same final files, byte for byte.
fn same_outputs(a: &Path, b: &Path) {
    common::same_files(a, b, &FILES);
}

fn expect_input_error(args: &[&str], needles: &[&str]) {
    let o = run(args);
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "exit code for {args:?}: {e}");
    for n in needles {
        assert!(
            e.contains(n),
            "stderr for {args:?} should contain {n:?}: {e}"
        );
    }
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn grid_sweep_has_one_row_per_point_and_the_same_bytes_for_threads_and_shards() {
    let one = tmp("grid-1thread");
    let two = tmp("grid-2threads");
    let base = ["sweep", GRID, "--keep-runs", "--quiet"];
    ok(&[&base[..], &["--threads", "1", "--out", s(&one)]].concat());
    ok(&[&base[..], &["--threads", "2", "--out", s(&two)]].concat());
    same_outputs(&one, &two);

    // One row per grid point (4 x 4), first parameter slowest, every metric summarised.
    let points = read(&one.join("points.csv"));
    let mut lines = points.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[..3],
        &["point", "events.2.rate", "rare_earths.stringency.initial"]
    );
    for col in [
        "us_tariff_final_mean",
        "us_tariff_final_se",
        "us_tariff_final_p05",
        "us_tariff_final_p50",
        "us_tariff_final_p95",
        "us_tariff_final_n",
        "deal_reached_mean",
    ] {
        assert!(header.contains(&col), "points.csv lacks {col}");
    }
    assert_eq!((header.len() - 3) % 6, 0);
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 16);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), header.len());
        assert_eq!(r[0], i.to_string());
        assert!(!r.iter().any(|c| c.contains("NaN") || c.contains("inf")));
    }
    assert_eq!(&rows[0][1..3], &["0", "0.1"]);
    assert_eq!(&rows[1][1..3], &["0", "0.3"]);
    assert_eq!(&rows[15][1..3], &["1.5", "0.9"]);
    // The threat matters: a higher ceiling allows higher peak tariffs.
    let peak = header
        .iter()
        .position(|c| *c == "us_tariff_peak_mean")
        .unwrap();
    let mean_peak = |r: &[&str]| r[peak].parse::<f64>().unwrap();
    assert!(mean_peak(&rows[15]) > mean_peak(&rows[0]));

    let runs = read(&one.join("runs.csv"));
    assert!(runs.starts_with("point,replicate,seed,"));
    assert_eq!(runs.lines().count(), 1 + 16 * 50);
    // Common random numbers: every point reuses the same replicate seeds.
    let seeds = |p: &str| -> Vec<String> {
        runs.lines()
            .skip(1)
            .filter(|l| l.split(',').next() == Some(p))
            .map(|l| l.split(',').nth(2).unwrap().to_string())
            .collect()
    };
    assert_eq!(seeds("0"), seeds("15"));

    let m: serde_json::Value = serde_json::from_str(&read(&one.join("manifest.json"))).unwrap();
    assert_eq!(m["command"], "sweep");
    assert_eq!(m["sweep"]["design"], "grid");
    assert_eq!(m["sweep"]["points"], 16);
    assert_eq!(m["sweep"]["replicates_per_point"], 50);
    assert!(m["config_hash"].as_str().unwrap().starts_with("sha256:"));
    assert!(!one.join("sensitivity.csv").exists());

    // Shards 1/3, 2/3, 3/3 then merge: the same bytes.
    let shards: Vec<PathBuf> = (1..=3).map(|k| tmp(&format!("grid-shard{k}"))).collect();
    for (k, dir) in shards.iter().enumerate() {
        let shard = format!("{}/3", k + 1);
        ok(&[&base[..], &["--shard", &shard, "--out", s(dir)]].concat());
        assert!(
            !dir.join("points.csv").exists(),
            "a shard writes no points.csv"
        );
        let m: serde_json::Value = serde_json::from_str(&read(&dir.join("manifest.json"))).unwrap();
        assert_eq!(m["shard"]["index"], k + 1);
    }
    let merged = tmp("grid-merged");
    ok(&[
        "merge",
        s(&shards[2]),
        s(&shards[0]),
        s(&shards[1]),
        "--out",
        s(&merged),
        "--quiet",
    ]);
    same_outputs(&one, &merged);
    for d in [&one, &two, &merged].into_iter().chain(&shards) {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn sobol_sweep_writes_sensitivity_and_slurm_array_shards_merge_to_the_same_bytes() {
    let small = [
        "--set",
        "sweep.samples=8",
        "--set",
        "sweep.replicates=4",
        "--set",
        "sweep.bootstrap=50",
        "--quiet",
    ];
    let one = tmp("sobol-one");
    ok(&[&["sweep", SOBOL, "--out", s(&one)][..], &small].concat());
    let sens = read(&one.join("sensitivity.csv"));
    let mut lines = sens.lines();
    assert_eq!(
        lines.next(),
        Some("parameter,metric,s1,s1_low,s1_high,st,st_low,st_high")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.len() >= 5 && rows.len().is_multiple_of(5), "{sens}");
    assert!(
        rows.iter()
            .any(|r| r[0] == "us.pressure.resolve" && r[1] == "us_tariff_final")
    );
    for r in &rows {
        assert_eq!(r.len(), 8);
        for c in &r[2..] {
            assert!(c.parse::<f64>().unwrap().is_finite(), "{r:?}");
        }
    }
    assert_eq!(read(&one.join("points.csv")).lines().count(), 1 + 8 * 7);

    // Shards from a Slurm job array's environment (0-based task ids), then merge.
    let shards: Vec<PathBuf> = (0..3).map(|k| tmp(&format!("sobol-task{k}"))).collect();
    for (k, dir) in shards.iter().enumerate() {
        let o = bin()
            .args([&["sweep", SOBOL, "--out", s(dir)][..], &small].concat())
            .env("SLURM_ARRAY_TASK_ID", k.to_string())
            .env("SLURM_ARRAY_TASK_COUNT", "3")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let m: serde_json::Value = serde_json::from_str(&read(&dir.join("manifest.json"))).unwrap();
        assert_eq!(m["shard"]["index"], k + 1);
        // Whole Saltelli blocks of d + 2 = 7 points.
        let p = &m["shard"]["points"];
        assert_eq!(p[0].as_u64().unwrap() % 7, 0);
        assert_eq!(p[1].as_u64().unwrap() % 7, 0);
    }
    let merged = tmp("sobol-merged");
    let o = ok(&[
        "merge",
        s(&shards[0]),
        s(&shards[1]),
        s(&shards[2]),
        "--out",
        s(&merged),
    ]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("merged 3 shard(s), 56 point(s)"));
    same_outputs(&one, &merged);
    for d in [&one, &merged].into_iter().chain(&shards) {
        let _ = std::fs::remove_dir_all(d);
    }
}

fn records(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("points.d"))
        .map(|it| {
            it.flatten()
                .filter(|e| e.file_name().to_string_lossy().starts_with("point-"))
                .count()
        })
        .unwrap_or(0)
}

/// Starts a sweep and kills it with SIGKILL once `at_least` points are recorded.
fn kill_after(args: &[&str], dir: &Path, at_least: usize) {
    let mut child = bin()
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while records(dir) < at_least {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sweep finished before it could be killed"
        );
        assert!(started.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "still running when killed"
    );
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    assert!(!dir.join("points.csv").exists());
}

/// Starts a sweep that pauses before swapping in its final files, and kills it with SIGKILL
/// once the staged folder beside `dir` holds them.
fn kill_during_assembly(args: &[&str], dir: &Path) {
    let mut child = bin()
        .args(args)
        .env("TRADEWAR_TEST_PAUSE_BEFORE_SWAP_MS", "60000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let staging = dir
        .parent()
        .unwrap()
        .join(format!(".{name}.staging-{}", child.id()));
    let started = Instant::now();
    while !staging.join("manifest.json").exists() {
        assert!(child.try_wait().unwrap().is_none(), "the sweep finished");
        assert!(started.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    assert!(
        !dir.join("points.csv").exists(),
        "no final file before the swap"
    );
    assert!(
        staging.exists(),
        "the staged folder stays until the next run"
    );
}

#[test]
fn a_sweep_killed_mid_way_and_resumed_gives_the_same_bytes() {
    let cfg_dir = tmp("kill-config");
    std::fs::create_dir_all(&cfg_dir).unwrap();
    let cfg = cfg_dir.join("kill.toml");
    std::fs::write(
        &cfg,
        "[sweep]\ndesign = \"latin_hypercube\"\nsamples = 60\nreplicates = 100\n\
         [[sweep.parameters]]\npath = \"trade.us_import_elasticity\"\nrange = [1.5, 4.0]\n\
         [[sweep.parameters]]\npath = \"us.pressure.resolve\"\nrange = [6, 24]\n",
    )
    .unwrap();
    let whole = tmp("kill-whole");
    ok(&[
        "sweep",
        s(&cfg),
        "--keep-runs",
        "--quiet",
        "--threads",
        "2",
        "--out",
        s(&whole),
    ]);

    let dir = tmp("kill-resumed");
    let args = [
        "sweep",
        s(&cfg),
        "--keep-runs",
        "--quiet",
        "--threads",
        "1",
        "--out",
        s(&dir),
    ];
    kill_after(&args, &dir, 3);
    let first = records(&dir);
    // Killed again during the resumed run.
    kill_after(&[&args[..], &["--resume"]].concat(), &dir, first + 6);
    assert!(records(&dir) < 60);
    // Killed again during the final assembly, its staged folder full but not swapped in.
    kill_during_assembly(&[&args[..], &["--resume"]].concat(), &dir);
    assert_eq!(records(&dir), 60);
    let o = ok(&[
        "sweep",
        s(&cfg),
        "--keep-runs",
        "--threads",
        "1",
        "--out",
        s(&dir),
        "--resume",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("already recorded") && !out.contains("; 0 already recorded"),
        "{out}"
    );
    same_outputs(&whole, &dir);
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let beside: Vec<String> = std::fs::read_dir(dir.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect();
    assert!(beside.is_empty(), "leftovers beside the sweep: {beside:?}");
    for d in [&cfg_dir, &whole, &dir] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn merge_and_resume_refuse_mismatched_or_missing_shards_with_exit_2() {
    let small = ["--set", "sweep.replicates=3", "--quiet"];
    let dirs: Vec<PathBuf> = (1..=3).map(|k| tmp(&format!("bad-shard{k}"))).collect();
    for (k, dir) in dirs.iter().enumerate() {
        let shard = format!("{}/3", k + 1);
        ok(&[
            &["sweep", GRID, "--shard", &shard, "--out", s(dir)][..],
            &small,
        ]
        .concat());
    }
    let out = tmp("bad-merged");

    // A missing shard.
    expect_input_error(
        &["merge", s(&dirs[0]), s(&dirs[2]), "--out", s(&out)],
        &["missing shard(s) 2/3", "needs all 3 shards"],
    );
    // A shard of another config (a different --set) or seed.
    let other = tmp("bad-other");
    ok(&[
        &["sweep", GRID, "--shard", "2/3", "--out", s(&other)][..],
        &["--set", "sweep.replicates=4", "--quiet"],
    ]
    .concat());
    expect_input_error(
        &[
            "merge",
            s(&dirs[0]),
            s(&other),
            s(&dirs[2]),
            "--out",
            s(&out),
        ],
        &["different sweep", "config hash"],
    );
    ok(&[
        &[
            "sweep",
            GRID,
            "--shard",
            "2/3",
            "--out",
            s(&other),
            "--seed",
            "9",
        ][..],
        &small,
    ]
    .concat());
    expect_input_error(
        &[
            "merge",
            s(&dirs[0]),
            s(&other),
            s(&dirs[2]),
            "--out",
            s(&out),
        ],
        &["different sweep", "seed 20251025 vs 9"],
    );
    // --resume into a folder of another sweep.
    expect_input_error(
        &[
            &[
                "sweep",
                GRID,
                "--shard",
                "2/3",
                "--out",
                s(&other),
                "--resume",
            ][..],
            &small,
        ]
        .concat(),
        &[
            "holds a different sweep",
            "seed 9 vs 20251025",
            "drop --resume",
        ],
    );
    // A shard with an unfinished point, and a folder that is no sweep.
    std::fs::remove_file(dirs[1].join("points.d/point-00000007.txt")).unwrap();
    expect_input_error(
        &[
            "merge",
            s(&dirs[0]),
            s(&dirs[1]),
            s(&dirs[2]),
            "--out",
            s(&out),
        ],
        &["shard 2/3 is unfinished", "point 7", "--resume"],
    );
    expect_input_error(
        &[
            "merge",
            s(&dirs[0]),
            s(&dirs[0]),
            s(&dirs[2]),
            "--out",
            s(&out),
        ],
        &["given twice"],
    );
    expect_input_error(
        &["merge", s(&out), "--out", s(&out)],
        &["is not the output folder of `tradewar sweep`"],
    );
    assert!(!out.join("points.csv").exists());
    // Resuming the damaged shard repairs it.
    ok(&[
        &[
            "sweep",
            GRID,
            "--shard",
            "2/3",
            "--out",
            s(&dirs[1]),
            "--resume",
        ][..],
        &small,
    ]
    .concat());
    ok(&[
        "merge",
        s(&dirs[0]),
        s(&dirs[1]),
        s(&dirs[2]),
        "--out",
        s(&out),
        "-q",
    ]);
    assert_eq!(read(&out.join("points.csv")).lines().count(), 17);
    for d in dirs.iter().chain([&out, &other]) {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[test]
fn bad_sweep_configs_are_input_errors_naming_file_and_key() {
    let dir = tmp("bad-config");
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("typo.toml");
    std::fs::write(
        &cfg,
        "[sweep]\ndesign = \"grid\"\n[[sweep.parameters]]\npath = \"us.tarif.ceiling\"\nvalues = [1.0]\n",
    )
    .unwrap();
    expect_input_error(
        &["sweep", s(&cfg), "--out", s(&dir.join("o"))],
        &[
            "typo.toml",
            "us.tarif.ceiling",
            "did you mean `us.tariff.ceiling`",
        ],
    );
    expect_input_error(&["validate", s(&cfg)], &["us.tarif.ceiling"]);
    std::fs::write(
        &cfg,
        "[sweep]\ndesign = \"grid\"\n[[sweep.parameters]]\npath = \"us.tariff.ceiling\"\nvalues = [1.0, 9.0]\n",
    )
    .unwrap();
    expect_input_error(
        &["sweep", s(&cfg)],
        &[
            "typo.toml",
            "sweep.parameters[0].values: 9 is outside [0, 5]",
        ],
    );
    expect_input_error(
        &["sweep", "configs/baseline.toml"],
        &["has no [sweep] table"],
    );
    expect_input_error(
        &["sweep", GRID, "--shard", "4/3"],
        &["--shard", "1 <= K <= N"],
    );
    let o = ok(&["validate", GRID]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("ok: ") && out.contains("every point checked"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
