//! `tradewar calibrate` (docs/model.md "Calibration"): parameter recovery from synthetic
//! observations made by the model itself, and the smoke calibration's determinism (one vs
//! two threads, interrupted and resumed) and its calibrated config.

mod common;

use std::path::{Path, PathBuf};

use common::{ok, read, run, tmp};

/// The output files whose bytes must not depend on threads or interruptions.
const FILES: &[&str] = &[
    "posterior.csv",
    "generations.csv",
    "parameters.csv",
    "fit.csv",
    "calibrated.toml",
    "manifest.json",
];

fn snapshot(dir: &Path) -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|f| (f.to_string(), read(&dir.join(f))))
        .collect()
}

/// `(q05, median, q95, prior_low, prior_high)` of each parameter in parameters.csv.
fn posterior(dir: &Path) -> Vec<(String, [f64; 5])> {
    let text = read(&dir.join("parameters.csv"));
    let (header, rows) = common::cells(&text, &dir.join("parameters.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    rows.iter()
        .map(|r| {
            let x = |name: &str| r[col(name)].parse::<f64>().unwrap();
            (
                r[0].clone(),
                [
                    x("posterior_q05"),
                    x("posterior_median"),
                    x("posterior_q95"),
                    x("prior_low"),
                    x("prior_high"),
                ],
            )
        })
        .collect()
}

/// The monthly series the recovery tests observe.
const SYNTHETIC_METRICS: [&str; 5] = [
    "us_tariff",
    "cn_tariff",
    "deal_active",
    "us_pressure",
    "cn_pressure",
];

/// Writes `dir/obs.csv`: the mean over replicates 0..15 of seed 11 of each
/// [`SYNTHETIC_METRICS`] series of the 2025 history, with the parameters set to `truth`.
fn synthetic_observations(dir: &Path, truth: &[(&str, f64)]) {
    let out = dir.join("truth");
    let mut args: Vec<String> = [
        "run",
        "configs/history/escalation_2025.toml",
        "--replicates",
        "16",
        "--seed",
        "11",
        "--no-charts",
        "--quiet",
        "--out",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(out.display().to_string());
    for (k, v) in truth {
        args.push("--set".into());
        args.push(format!("{k}={v}"));
    }
    ok(&run(&args.iter().map(String::as_str).collect::<Vec<_>>()));
    let rounds = read(&out.join("rounds.csv"));
    let (header, rows) = common::cells(&rounds, &out.join("rounds.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut obs = String::from("month,metric,value,source\n");
    for r in &rows {
        if SYNTHETIC_METRICS.contains(&r[col("metric")].as_str()) {
            obs.push_str(&format!(
                "{},{},{},synthetic\n",
                r[col("month")],
                r[col("metric")],
                r[col("mean")]
            ));
        }
    }
    std::fs::write(dir.join("obs.csv"), obs).unwrap();
}

/// The `[[calibration.targets]]` of the recovery tests: each synthetic series, mean path, on
/// the history at `history`.
fn synthetic_targets(history: &Path) -> String {
    SYNTHETIC_METRICS
        .iter()
        .map(|m| {
            format!(
                "[[calibration.targets]]\nname = \"{m}\"\nscenario = {:?}\nmetric = \"{m}\"\n\
                 observed = \"obs.csv\"\nstatistic = \"mean\"\n",
                history.display().to_string()
            )
        })
        .collect()
}

/// Writes the calibration config `cfg` (without targets) with the synthetic targets on the
/// 2025 history as `dir/recovery.toml`, runs `tradewar calibrate` on it into `dir/out` and
/// returns that folder.
fn calibrate_on_synthetic(dir: &Path, mut cfg: String) -> PathBuf {
    let history =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/history/escalation_2025.toml");
    cfg.push_str(&synthetic_targets(&history));
    let cfg_path = dir.join("recovery.toml");
    std::fs::write(&cfg_path, cfg).unwrap();
    let out = dir.join("out");
    ok(&run(&[
        "calibrate",
        cfg_path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-charts",
        "--quiet",
    ]));
    out
}

/// Acceptance 1: synthetic observations of five monthly series, made by the model at known
/// values of three parameters (the mean over 16 replicates of the 2025 history); the
/// calibration, on the same replicates, brackets each known value with its 90% credible
/// interval, and each interval is well under the prior's width.
#[test]
fn recovers_three_known_parameters_from_synthetic_observations() {
    let dir = tmp("calibrate", "recovery");
    std::fs::create_dir_all(&dir).unwrap();
    let truth = [
        ("negotiation.logit_intercept", -2.5),
        ("us.pressure.decay", 0.6),
        ("cn.pressure.weight_export_loss", 1.2),
    ];
    synthetic_observations(&dir, &truth);
    let mut cfg = String::from(
        "name = \"recovery\"\nseed = 11\n[calibration]\nparticles = 64\ngenerations = 8\n\
         replicates = 16\nmin_acceptance = 0.05\n",
    );
    for (path, lo, hi) in [
        ("negotiation.logit_intercept", -5.0, -1.0),
        ("us.pressure.decay", 0.3, 0.95),
        ("cn.pressure.weight_export_loss", 0.5, 3.0),
    ] {
        cfg.push_str(&format!(
            "[[calibration.parameters]]\npath = \"{path}\"\nrange = [{lo}, {hi}]\n"
        ));
    }
    let cal = calibrate_on_synthetic(&dir, cfg);
    let post = posterior(&cal);
    assert_eq!(post.len(), 3);
    for ((path, value), (name, [q05, _, q95, lo, hi])) in truth.iter().zip(post.iter()) {
        let (q05, q95, lo, hi) = (*q05, *q95, *lo, *hi);
        assert_eq!(path, name);
        assert!(
            (q05..=q95).contains(value),
            "{path}: the known value {value} lies outside the 90% interval [{q05}, {q95}]"
        );
        assert!(
            q95 - q05 < 0.6 * (hi - lo),
            "{path}: the 90% interval [{q05}, {q95}] is not clearly narrower than the prior [{lo}, {hi}]"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Acceptance 2: the smoke calibration's files are the same bytes with one thread, with two,
/// and when interrupted after generation 1 and resumed; its calibrated.toml validates.
#[test]
fn smoke_is_identical_for_threads_and_after_an_interruption_and_its_config_validates() {
    let dir = tmp("calibrate", "smoke");
    let out = |name: &str| dir.join(name).display().to_string();
    let calibrate = |o: &str, threads: &str, extra: &[&str]| {
        let mut a = vec![
            "calibrate",
            "configs/calibration/smoke.toml",
            "--out",
            o,
            "--threads",
            threads,
            "--quiet",
        ];
        a.extend_from_slice(extra);
        run(&a)
    };
    let one = out("one");
    ok(&calibrate(&one, "1", &[]));
    let two = out("two");
    ok(&calibrate(&two, "2", &["--no-charts"]));
    assert_eq!(snapshot(Path::new(&one)), snapshot(Path::new(&two)));
    for chart in [
        "charts/posterior_negotiation_logit_intercept.png",
        "charts/fit_us_tariff_2025.png",
    ] {
        assert!(Path::new(&one).join(chart).is_file(), "{chart} missing");
    }

    let cut = out("cut");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tradewar"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "calibrate",
            "configs/calibration/smoke.toml",
            "--out",
            &cut,
            "--threads",
            "2",
            "--quiet",
            "--no-charts",
        ])
        .env("TRADEWAR_TEST_CALIBRATE_STOP_AFTER", "1")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(Path::new(&cut).join("calibration.d/state.json").is_file());
    assert!(!Path::new(&cut).join("posterior.csv").exists());
    let o = calibrate(&cut, "1", &["--resume", "--no-charts"]);
    ok(&o);
    assert_eq!(snapshot(Path::new(&one)), snapshot(Path::new(&cut)));

    let calibrated = Path::new(&one).join("calibrated.toml");
    let v = run(&["validate", calibrated.to_str().unwrap()]);
    ok(&v);
    let text = read(&calibrated);
    assert!(
        text.contains("[negotiation.logit_intercept]") && text.contains("dist = \"normal\""),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A parameter of one era is set only on the history scenarios it names: China's tariff gap
/// belongs to `asymmetric_levers`, which the 2018 history's China does not play, so it must
/// be scoped to the 2025 history; unscoped, or scoped to a scenario no target runs on, the
/// calibration stops before any run with a message naming the key.
#[test]
fn a_parameter_is_set_only_on_the_histories_it_names() {
    let dir = tmp("calibrate", "scoped");
    std::fs::create_dir_all(&dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let h18 = root.join("configs/history/trade_war_2018.toml");
    let h25 = root.join("configs/history/escalation_2025.toml");
    let obs = root.join("data/observed/tariffs.csv");
    let config = |scope: &str| {
        let mut c = String::from(
            "name = \"scoped\"\n[calibration]\nparticles = 4\ngenerations = 1\nreplicates = 1\n\
             [[calibration.parameters]]\npath = \"cn.strategy.params.tariff_gap\"\nrange = [0.0, 1.0]\n",
        );
        c.push_str(scope);
        for (name, h) in [("cn_2018", &h18), ("cn_2025", &h25)] {
            c.push_str(&format!(
                "[[calibration.targets]]\nname = \"{name}\"\nscenario = {:?}\nmetric = \"cn_tariff\"\n\
                 observed = {:?}\n",
                h.display().to_string(),
                obs.display().to_string()
            ));
        }
        let path = dir.join("scoped.toml");
        std::fs::write(&path, c).unwrap();
        path
    };
    let calibrate = |cfg: &Path, out: &str| {
        run(&[
            "calibrate",
            cfg.to_str().unwrap(),
            "--out",
            dir.join(out).to_str().unwrap(),
            "--no-charts",
            "--quiet",
        ])
    };
    let unscoped = calibrate(&config(""), "unscoped");
    assert_eq!(unscoped.status.code(), Some(2));
    let msg = String::from_utf8_lossy(&unscoped.stderr);
    assert!(
        msg.contains("trade_war_2018.toml") && msg.contains("tariff_gap"),
        "{msg}"
    );
    let elsewhere = calibrate(&config("scenarios = [\"other.toml\"]\n"), "elsewhere");
    assert_eq!(elsewhere.status.code(), Some(2));
    let msg = String::from_utf8_lossy(&elsewhere.stderr);
    assert!(
        msg.contains("calibration.parameters[0].scenarios") && msg.contains("other.toml"),
        "{msg}"
    );
    let scoped = calibrate(
        &config(&format!("scenarios = [{:?}]\n", h25.display().to_string())),
        "scoped",
    );
    ok(&scoped);
    assert!(read(&dir.join("scoped/posterior.csv")).lines().count() > 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A `[calibration]` table without parameters fits the default set (the assumption parameters
/// of negotiation, pressure and strategy); China's tariff gap is then set only on the history
/// where China plays a strategy that takes it (2025: `asymmetric_levers`, not 2018's
/// tit-for-tat), and the written config lists the set it used.
#[test]
fn without_parameters_the_default_set_is_fitted() {
    let dir = tmp("calibrate", "defaults");
    std::fs::create_dir_all(&dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let obs = root.join("data/observed/tariffs.csv");
    let mut c = String::from(
        "name = \"defaults\"\n[calibration]\nparticles = 4\ngenerations = 1\nreplicates = 1\n",
    );
    for (name, h) in [
        ("cn_2018", "trade_war_2018"),
        ("cn_2025", "escalation_2025"),
    ] {
        c.push_str(&format!(
            "[[calibration.targets]]\nname = \"{name}\"\nscenario = {:?}\nmetric = \"cn_tariff\"\n\
             observed = {:?}\n",
            root.join(format!("configs/history/{h}.toml"))
                .display()
                .to_string(),
            obs.display().to_string()
        ));
    }
    let cfg = dir.join("defaults.toml");
    std::fs::write(&cfg, c).unwrap();
    let out = dir.join("out");
    ok(&run(&[
        "calibrate",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-charts",
        "--quiet",
    ]));
    let post = posterior(&out);
    let names: Vec<&str> = post.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.len(), 12, "{names:?}");
    assert!(
        names.contains(&"negotiation.logit_intercept")
            && names.contains(&"cn.strategy.params.tariff_gap")
    );
    let toml: toml::Table = read(&out.join("calibrated.toml")).parse().unwrap();
    let params = toml["calibration"]["parameters"].as_array().unwrap();
    let gap = params
        .iter()
        .find(|p| p["path"].as_str() == Some("cn.strategy.params.tariff_gap"))
        .unwrap();
    let scopes = gap["scenarios"].as_array().unwrap();
    assert_eq!(scopes.len(), 1);
    assert!(
        scopes[0]
            .as_str()
            .unwrap()
            .ends_with("escalation_2025.toml")
    );
    let slope = params
        .iter()
        .find(|p| p["path"].as_str() == Some("negotiation.logit_pressure_slope"))
        .unwrap();
    assert!(slope.get("scenarios").is_none());
    ok(&run(&[
        "validate",
        out.join("calibrated.toml").to_str().unwrap(),
    ]));

    // The calibration config's own US plays another strategy than the histories' US: the
    // US strategy parameters are fitted on the histories but not written into its config.
    let text = read(&cfg).replace(
        "[calibration]",
        "[us.strategy]\nname = \"tit_for_tat\"\n[calibration]",
    );
    std::fs::write(&cfg, text).unwrap();
    let other = dir.join("other");
    ok(&run(&[
        "calibrate",
        cfg.to_str().unwrap(),
        "--out",
        other.to_str().unwrap(),
        "--no-charts",
        "--quiet",
    ]));
    let written = read(&other.join("calibrated.toml"));
    assert!(
        written.contains("# Not set here")
            && written.contains("us.strategy.params.max_escalations = "),
        "{written}"
    );
    ok(&run(&[
        "validate",
        other.join("calibrated.toml").to_str().unwrap(),
    ]));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `(estimate, prior_low, prior_high)` of each parameter in estimate.csv.
fn estimates(dir: &Path) -> Vec<(String, [f64; 3])> {
    let path = dir.join("estimate.csv");
    let (header, rows) = common::cells(&read(&path), &path);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    rows.iter()
        .map(|r| {
            let x = |name: &str| r[col(name)].parse::<f64>().unwrap();
            (
                r[0].clone(),
                [x("estimate"), x("prior_low"), x("prior_high")],
            )
        })
        .collect()
}

/// The simulated method of moments recovers two known parameters from synthetic
/// observations made by the model (the 2025 history, 16 replicates, seed 11): each estimate
/// lies within a tenth of its prior's width of the known value.
#[test]
fn smm_recovers_two_known_parameters_from_synthetic_observations() {
    let dir = tmp("calibrate", "smm-recovery");
    std::fs::create_dir_all(&dir).unwrap();
    let truth = [
        ("negotiation.logit_intercept", -2.5),
        ("us.pressure.decay", 0.6),
    ];
    synthetic_observations(&dir, &truth);
    let cfg = String::from(
        "name = \"smm_recovery\"\nseed = 11\n[calibration]\nmethod = \"smm\"\nparticles = 24\n\
         replicates = 16\nstarts = 2\niterations = 40\ntolerance = 1e-6\n\
         [[calibration.parameters]]\npath = \"negotiation.logit_intercept\"\nrange = [-5.0, -1.0]\n\
         [[calibration.parameters]]\npath = \"us.pressure.decay\"\nrange = [0.3, 0.95]\n",
    );
    let out = calibrate_on_synthetic(&dir, cfg);
    let found = estimates(&out);
    assert_eq!(found.len(), 2);
    for ((path, value), (name, [estimate, lo, hi])) in truth.iter().zip(&found) {
        assert_eq!(path, name);
        assert!(
            (estimate - value).abs() <= 0.1 * (hi - lo),
            "{path}: estimate {estimate}, known value {value}, prior [{lo}, {hi}]\n{}",
            read(&out.join("starts.csv"))
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The files of a point estimate whose bytes must not depend on threads or interruptions.
const SMM_FILES: &[&str] = &[
    "estimate.csv",
    "starts.csv",
    "fit.csv",
    "calibrated.toml",
    "manifest.json",
];

/// A small SMM calibration: two negotiation assumptions against the 2025 tariff paths.
fn smm_config(dir: &Path, extra: &str) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut c = format!(
        "extends = {:?}\nname = \"smm_small\"\n[calibration]\nmethod = \"smm\"\nparticles = 12\n\
         replicates = 4\nstarts = 3\niterations = 12\n{extra}\
         [[calibration.parameters]]\npath = \"negotiation.logit_intercept\"\nrange = [-5.0, -1.0]\n\
         [[calibration.parameters]]\npath = \"negotiation.working_level_probability\"\nrange = [0.05, 0.6]\n",
        root.join("configs/baseline.toml").display().to_string()
    );
    for m in ["us_tariff", "cn_tariff"] {
        c.push_str(&format!(
            "[[calibration.targets]]\nname = \"{m}_2025\"\nscenario = {:?}\nmetric = \"{m}\"\n\
             observed = {:?}\nstatistic = \"mean\"\n",
            root.join("configs/history/escalation_2025.toml")
                .display()
                .to_string(),
            root.join("data/observed/tariffs.csv").display().to_string()
        ));
    }
    let path = dir.join("smm.toml");
    std::fs::write(&path, c).unwrap();
    path
}

/// A point estimate's files are the same bytes with one thread, with two, and when stopped
/// after its first search and resumed; its calibrated.toml sets each parameter to a number
/// and validates.
#[test]
fn smm_is_identical_for_threads_and_after_an_interruption_and_its_config_validates() {
    let dir = tmp("calibrate", "smm-bytes");
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = smm_config(&dir, "");
    let out = |name: &str| dir.join(name).display().to_string();
    let calibrate = |o: &str, threads: &str, extra: &[&str]| {
        let mut a = vec![
            "calibrate",
            cfg.to_str().unwrap(),
            "--out",
            o,
            "--threads",
            threads,
            "--quiet",
        ];
        a.extend_from_slice(extra);
        run(&a)
    };
    let snapshot = |d: &str| -> Vec<(String, String)> {
        SMM_FILES
            .iter()
            .map(|f| (f.to_string(), read(&Path::new(d).join(f))))
            .collect()
    };
    let one = out("one");
    ok(&calibrate(&one, "1", &[]));
    let two = out("two");
    ok(&calibrate(&two, "2", &["--no-charts"]));
    assert_eq!(snapshot(&one), snapshot(&two));
    assert!(
        Path::new(&one)
            .join("charts/fit_us_tariff_2025.png")
            .is_file()
    );
    let starts = read(&Path::new(&one).join("starts.csv"));
    assert_eq!(starts.lines().count(), 4, "{starts}");

    let cut = out("cut");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_tradewar"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "calibrate",
            cfg.to_str().unwrap(),
            "--out",
            &cut,
            "--threads",
            "2",
            "--quiet",
            "--no-charts",
        ])
        .env("TRADEWAR_TEST_CALIBRATE_STOP_AFTER_STARTS", "1")
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(Path::new(&cut).join("calibration.d/state.json").is_file());
    assert!(!Path::new(&cut).join("estimate.csv").exists());
    ok(&calibrate(&cut, "1", &["--resume", "--no-charts"]));
    assert_eq!(snapshot(&one), snapshot(&cut));

    let calibrated = Path::new(&one).join("calibrated.toml");
    ok(&run(&["validate", calibrated.to_str().unwrap()]));
    let toml: toml::Table = read(&calibrated).parse().unwrap();
    let estimate = estimates(Path::new(&one))[0].1[0];
    let written = toml["negotiation"]["logit_intercept"].as_float().unwrap();
    assert!((written - estimate).abs() < 1e-9, "{written} vs {estimate}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A key of the other method is refused before any run, naming it: `starts` under ABC-SMC,
/// `generations` under SMM.
#[test]
fn a_key_of_the_other_method_is_refused() {
    let dir = tmp("calibrate", "smm-keys");
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = smm_config(&dir, "");
    let text = read(&cfg);
    let abc = dir.join("abc.toml");
    std::fs::write(
        &abc,
        text.replace("method = \"smm\"", "method = \"abc_smc\"\ngenerations = 2"),
    )
    .unwrap();
    let smm_gen = dir.join("smm_generations.toml");
    std::fs::write(
        &smm_gen,
        text.replace("method = \"smm\"", "method = \"smm\"\ngenerations = 2"),
    )
    .unwrap();
    for (cfg, key) in [
        (&abc, "calibration.starts"),
        (&smm_gen, "calibration.generations"),
    ] {
        let o = run(&[
            "calibrate",
            cfg.to_str().unwrap(),
            "--out",
            dir.join("out").to_str().unwrap(),
            "--quiet",
        ]);
        assert_eq!(o.status.code(), Some(2));
        let msg = String::from_utf8_lossy(&o.stderr);
        assert!(msg.contains(key), "{msg}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
