//! Integration tests of `tradewar discover` (PRIM, docs/scenario_discovery.md) on the real
//! binary: a known box found on synthetic runs, a peeling step computed by hand, strict
//! refusals of bad cases and folders (exit 2), and the same bytes for 1 and 2 threads and for
//! shards merged.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{cells, ok, read, run, tmp};
use rand::{RngExt, SeedableRng};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Writes a fake run folder: a manifest naming the `input.` columns and the one metric
/// `hit`, and `runs.csv` with `columns` (name, values) and `hit`.
fn fake_run(dir: &Path, columns: &[(&str, Vec<f64>)], hit: &[f64]) {
    std::fs::create_dir_all(dir).unwrap();
    let names: Vec<String> = columns.iter().map(|(n, _)| format!("input.{n}")).collect();
    let manifest = serde_json::json!({
        "tool": "tradewar",
        "command": "run",
        "scenario": "synthetic",
        "seed": 1,
        "replicates": hit.len(),
        "inputs": names,
        "metrics": {"run": [{"name": "hit", "unit": "0/1", "label": "hit", "description": ""}], "round": []},
    });
    std::fs::write(dir.join("manifest.json"), manifest.to_string()).unwrap();
    let mut text = format!("replicate,seed,{},hit\n", names.join(","));
    for (i, h) in hit.iter().enumerate() {
        let _ = write!(text, "{i},{i}");
        for (_, v) in columns {
            let _ = write!(text, ",{}", v[i]);
        }
        let _ = writeln!(text, ",{h}");
    }
    std::fs::write(dir.join("runs.csv"), text).unwrap();
}

/// chosen.csv as (input, restricted, low, high, largest quasi-p of its restricted ends).
fn chosen(dir: &Path) -> Vec<(String, bool, f64, f64, Option<f64>)> {
    let p = dir.join("discover/chosen.csv");
    let (header, rows) = cells(&read(&p), &p);
    assert_eq!(
        header,
        [
            "input",
            "restricted",
            "low",
            "high",
            "min",
            "max",
            "qp_low",
            "qp_high"
        ]
    );
    rows.iter()
        .map(|r| {
            let qp = [&r[6], &r[7]]
                .iter()
                .filter_map(|c| c.parse::<f64>().ok())
                .reduce(f64::max);
            (
                r[0].clone(),
                r[1] == "1",
                r[2].parse().unwrap(),
                r[3].parse().unwrap(),
                qp,
            )
        })
        .collect()
}

/// Acceptance 1: five uniform inputs, the case 1 inside 0.2 ≤ b ≤ 0.6 and d ≥ 0.5. The
/// default box's limits lie within 0.05 of the truth and a, c, e are not restricted.
#[test]
fn finds_a_known_box_on_two_of_five_uniform_inputs() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2025);
    let n = 2000;
    let names = ["a", "b", "c", "d", "e"];
    let columns: Vec<(&str, Vec<f64>)> = names
        .iter()
        .map(|n_| (*n_, (0..n).map(|_| rng.random::<f64>()).collect()))
        .collect();
    let hit: Vec<f64> = (0..n)
        .map(|i| {
            let (b, d) = (columns[1].1[i], columns[3].1[i]);
            f64::from(u8::from((0.2..=0.6).contains(&b) && d >= 0.5))
        })
        .collect();
    let dir = tmp("discover", "known-box");
    fake_run(&dir, &columns, &hit);
    let o = run(&["discover", s(&dir), "--case", "hit == 1", "--no-charts"]);
    ok(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("hit == 1:"), "{out}");
    let box_ = chosen(&dir);
    let tol = 0.05;
    for (name, lo, hi) in [("input.b", 0.2, 0.6), ("input.d", 0.5, 1.0)] {
        let (_, restricted, l, h, qp) = box_.iter().find(|r| r.0 == name).unwrap().clone();
        assert!(restricted, "{name} not restricted: {box_:?}");
        assert!(qp.unwrap() < 1e-6, "{name}: quasi-p {qp:?}");
        assert!(
            (l - lo).abs() <= tol && (h - hi).abs() <= tol,
            "{name}: {l}..{h}"
        );
    }
    for name in ["input.a", "input.c", "input.e"] {
        let r = box_.iter().find(|r| r.0 == name).unwrap();
        assert!(!r.1, "{name} is restricted: {r:?}");
    }
    let m: serde_json::Value =
        serde_json::from_str(&read(&dir.join("discover/discover.json"))).unwrap();
    assert_eq!(m["case"], "hit == 1");
    assert!(
        m["chosen_by"]
            .as_str()
            .unwrap()
            .contains("densest box with coverage >= 0.5")
    );
}

/// Acceptance 1: the peeling of a five-run data set, worked by hand. Cases at x0 ≥ 3.1;
/// peel_alpha 0.2 puts the quantiles at (n − 1)·0.2 = 0.8 and (n − 1)·0.8 = 3.2 of the sorted
/// values (midway between the neighbours). Step 1: x0 ≥ 1.6 and x1 ≥ 15.5 both leave 3 cases
/// in 4 runs (objective (3/4 − 3/5)/1 = 0.15; the tie goes to the first input); the high
/// peels leave 2 in 4. Step 2, in x0 ∈ {2.1, 3.1, 4.1, 5.1}: x0 ≥ 2.6 leaves 3 in 3
/// (objective 0.25), mass 0.6 ≥ 0.5. Then every peel keeps the share at 1 and no paste
/// raises it. With whole numbers (x0 = 1..5) the peels step to the next value present
/// instead: x0 ≥ 2, then x0 ≥ 3.
#[test]
fn a_peeling_trajectory_computed_by_hand() {
    let header = "step,coverage,density,mass,restricted,input.x0.low,input.x0.high,input.x1.low,input.x1.high\n";
    for (x0, x1, expect, chosen_low) in [
        (
            vec![1.1, 2.1, 3.1, 4.1, 5.1],
            vec![10.5, 30.5, 20.5, 50.5, 40.5],
            "0,1,0.6,1,0,1.1,5.1,10.5,50.5\n\
             1,1,0.75,0.8,1,1.6,5.1,10.5,50.5\n\
             2,1,1,0.6,1,2.6,5.1,10.5,50.5\n",
            2.6,
        ),
        (
            vec![1.0, 2.0, 3.0, 4.0, 5.0],
            vec![10.5, 30.5, 20.5, 50.5, 40.5],
            "0,1,0.6,1,0,1,5,10.5,50.5\n\
             1,1,0.75,0.8,1,2,5,10.5,50.5\n\
             2,1,1,0.6,1,3,5,10.5,50.5\n",
            3.0,
        ),
    ] {
        let dir = tmp("discover", "by-hand");
        fake_run(&dir, &[("x0", x0), ("x1", x1)], &[0.0, 0.0, 1.0, 1.0, 1.0]);
        ok(&run(&[
            "discover",
            s(&dir),
            "--case",
            "hit>0.5",
            "--peel-alpha",
            "0.2",
            "--mass-min",
            "0.5",
            "--quiet",
        ]));
        assert_eq!(
            read(&dir.join("discover/boxes.csv")),
            format!("{header}{expect}")
        );
        // The default step is the densest with coverage >= 0.5: step 2.
        let box_ = chosen(&dir);
        assert!(box_[0].1 && box_[0].2 == chosen_low, "{box_:?}");
        assert!(!box_[1].1);
        for chart in ["prim_tradeoff.png", "prim_box.svg"] {
            assert!(dir.join("discover/charts").join(chart).is_file(), "{chart}");
        }
    }
}

#[test]
fn refuses_bad_cases_options_and_folders_with_exit_2() {
    let dir = tmp("discover", "refusals");
    fake_run(&dir, &[("x0", vec![1.0, 2.0, 3.0])], &[0.0, 1.0, 1.0]);
    let refused = |args: &[&str], needle: &str| {
        let o = run(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    };
    let d = s(&dir);
    refused(
        &["discover", d, "--case", "hitt > 0"],
        "did you mean \"hit\"",
    );
    refused(
        &["discover", d, "--case", "hit ~ 0"],
        "no comparison operator",
    );
    refused(
        &["discover", d, "--case", "hit > lots"],
        "not a finite number",
    );
    refused(&["discover", d, "--case", "hit > 5"], "no run");
    refused(
        &["discover", d, "--case", "hit > 0", "--peel-alpha", "0.5"],
        "--peel-alpha",
    );
    refused(
        &["discover", d, "--case", "hit > 0", "--mass-min", "1"],
        "--mass-min",
    );
    refused(
        &["discover", d, "--case", "hit > 0", "--step", "99"],
        "--step",
    );
    let none = tmp("discover", "no-folder");
    refused(
        &["discover", s(&none), "--case", "hit > 0"],
        "manifest.json",
    );
    let text = tmp("discover", "categorical");
    fake_run(&text, &[("x0", vec![1.0, 2.0])], &[0.0, 1.0]);
    let runs = read(&text.join("runs.csv")).replace("1,1,2,", "1,1,hawk,");
    std::fs::write(text.join("runs.csv"), runs).unwrap();
    refused(&["discover", s(&text), "--case", "hit > 0"], "categorical");
}

/// Every file of two discover folders, byte for byte.
fn same_files(a: &Path, b: &Path) {
    let list = |d: &Path| {
        let mut v: Vec<String> = Vec::new();
        for sub in ["", "charts"] {
            for e in std::fs::read_dir(d.join(sub)).unwrap() {
                let p = e.unwrap().path();
                if p.is_file() {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    v.push(if sub.is_empty() {
                        name
                    } else {
                        format!("{sub}/{name}")
                    });
                }
            }
        }
        v.sort();
        v
    };
    let (la, lb) = (list(a), list(b));
    assert_eq!(la, lb);
    assert!(la.iter().any(|f| f.ends_with("boxes.csv")));
    for f in la {
        let (x, y) = (std::fs::read(a.join(&f)), std::fs::read(b.join(&f)));
        assert!(x.unwrap() == y.unwrap(), "{f} differs");
    }
}

/// Acceptance 4: a sweep with kept runs (swept parameters joined from points.csv, plus the
/// drawn deal terms) gives the same discover files for 1 and 2 threads and for two shards
/// merged; so does a run for 1 and 2 threads.
#[test]
fn same_bytes_for_threads_and_for_shards_merged() {
    let cfg_dir = tmp("discover", "config");
    std::fs::create_dir_all(&cfg_dir).unwrap();
    let cfg = cfg_dir.join("lhs.toml");
    std::fs::write(
        &cfg,
        "[sweep]\ndesign = \"latin_hypercube\"\nsamples = 12\nreplicates = 10\n\
         [[sweep.parameters]]\npath = \"us.pressure.resolve\"\nrange = [6, 24]\n\
         [[sweep.parameters]]\npath = \"negotiation.logit_intercept\"\nrange = [-4, -2]\n",
    )
    .unwrap();
    let case = ["--case", "us_tariff_final > 0.6", "--quiet"];
    let mut outs = Vec::new();
    for threads in ["1", "2"] {
        let d = tmp("discover", &format!("sweep-t{threads}"));
        ok(&run(&[
            "sweep",
            s(&cfg),
            "--keep-runs",
            "--quiet",
            "--no-charts",
            "--threads",
            threads,
            "--out",
            s(&d),
        ]));
        ok(&run(&[&["discover", s(&d)][..], &case].concat()));
        outs.push(d);
    }
    let shards: Vec<_> = (1..=2)
        .map(|k| tmp("discover", &format!("shard{k}")))
        .collect();
    for (k, d) in shards.iter().enumerate() {
        let shard = format!("{}/2", k + 1);
        ok(&run(&[
            "sweep",
            s(&cfg),
            "--keep-runs",
            "--quiet",
            "--shard",
            &shard,
            "--out",
            s(d),
        ]));
    }
    let merged = tmp("discover", "merged");
    ok(&run(&[
        "merge",
        s(&shards[1]),
        s(&shards[0]),
        "--out",
        s(&merged),
        "--quiet",
        "--no-charts",
    ]));
    ok(&run(&[&["discover", s(&merged)][..], &case].concat()));
    let boxes = read(&outs[0].join("discover/boxes.csv"));
    let header = boxes.lines().next().unwrap();
    assert!(header.contains("us.pressure.resolve.low,us.pressure.resolve.high"));
    assert!(header.contains("input.negotiation.bundle.us_tariff_cut.low"));
    same_files(&outs[0].join("discover"), &outs[1].join("discover"));
    same_files(&outs[0].join("discover"), &merged.join("discover"));

    let mut runs = Vec::new();
    for threads in ["1", "2"] {
        let d = tmp("discover", &format!("run-t{threads}"));
        ok(&run(&[
            "run",
            "configs/uncertainty.toml",
            "-n",
            "120",
            "--no-charts",
            "--quiet",
            "--threads",
            threads,
            "--out",
            s(&d),
        ]));
        ok(&run(&[&["discover", s(&d)][..], &case].concat()));
        runs.push(d);
    }
    same_files(&runs[0].join("discover"), &runs[1].join("discover"));
}
