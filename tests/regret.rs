//! Policies × uncertainties (`[sweep] levers`, robustness.csv): regret exact on toys where the
//! best policy of every scenario is known, common random numbers across policies, and the
//! same bytes for 1 and 2 threads and for shards merged.

mod common;

use common::{cells, config_file, read, run, same_for_threads_and_shards, sweep_into, tmp};
use tradewar::experiment::sweep::regret::{Direction, regrets, robustness};

const FILES: [&str; 5] = [
    "points.csv",
    "points_long.csv",
    "runs.csv",
    "robustness.csv",
    "manifest.json",
];

/// Policy p aims at a_p; scenario s puts the target at x_s; the outcome is −(x_s − a_p)²,
/// so the best policy of a scenario is the one aiming nearest its target.
#[test]
fn regret_is_exact_when_the_best_policy_of_each_scenario_is_known() {
    let aims = [0.0, 1.0, 2.0];
    let targets = [0.0, 0.4, 1.0, 1.6, 2.0, 3.0];
    let values: Vec<Vec<f64>> = aims
        .iter()
        .map(|a| targets.iter().map(|x| -(x - a) * (x - a)).collect())
        .collect();
    let r = regrets(&values, Direction::Max);
    for (s, x) in targets.iter().enumerate() {
        let best = aims
            .iter()
            .map(|a| (x - a) * (x - a))
            .fold(f64::INFINITY, f64::min);
        for (p, a) in aims.iter().enumerate() {
            assert_eq!(
                r[p][s],
                (x - a) * (x - a) - best,
                "policy {p}, scenario {s}"
            );
        }
    }
    // Worst regrets: aim 0 at x = 3 (9 − 1), aim 1 at x = 3 (4 − 1), aim 2 at x = 0 (4 − 0).
    let rob = robustness(&values, Direction::Max);
    assert_eq!(rob[0].regret_max, 8.0);
    assert_eq!(rob[1].regret_max, 3.0);
    assert_eq!(rob[2].regret_max, 4.0);
    // The same numbers as costs to minimise.
    let costs: Vec<Vec<f64>> = values
        .iter()
        .map(|v| v.iter().map(|x| -x).collect())
        .collect();
    assert_eq!(regrets(&costs, Direction::Min), r);
}

/// Two policies differing only in the excess burden of farm aid (the cost of public funds):
/// the lower burden is best in every scenario, and the higher one's regret on US welfare is
/// exactly the extra burden, 0.2 × the scenario's aid.
const TOY: &str = "[sweep]\ndesign = \"latin_hypercube\"\nsamples = 5\nreplicates = 3\n\
    [sweep.levers]\n\"farm_aid.excess_burden\" = [0.1, 0.3]\n\
    [sweep.regret]\nus_welfare_usd_bn = \"max\"\n\
    [[sweep.parameters]]\npath = \"us.pressure.resolve\"\nrange = [6, 18]\n\
    [[sweep.parameters]]\npath = \"farm_aid.coverage\"\nrange = [0.5, 1.5]\n";

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn robustness_csv_has_the_exact_regret_and_the_same_bytes_for_threads_and_shards() {
    let config = config_file("regret", "toy.toml", TOY);
    // Shards cut across the policies (10 points in 3 shards).
    let (one, shards) = same_for_threads_and_shards("regret", &config, 3, &["--keep-runs"], &FILES);
    let p = one.join("points.csv");
    let (h, rows) = cells(&read(&p), &p);
    assert_eq!(
        &h[..6],
        &[
            "point",
            "policy",
            "scenario",
            "farm_aid.excess_burden",
            "us.pressure.resolve",
            "farm_aid.coverage"
        ]
    );
    assert_eq!(rows.len(), 10);
    // Policy-major; every policy runs on the same scenarios.
    for s in 0..5 {
        assert_eq!(rows[s][1], "0.1");
        assert_eq!(rows[5 + s][1], "0.3");
        assert_eq!(rows[s][2], s.to_string());
        assert_eq!(rows[s][4..6], rows[5 + s][4..6]);
    }
    let num = |r: &[String], c: &str| r[column(&h, c)].parse::<f64>().unwrap();
    let regret_high: Vec<f64> = (0..5)
        .map(|s| {
            num(&rows[s], "us_welfare_usd_bn_mean") - num(&rows[5 + s], "us_welfare_usd_bn_mean")
        })
        .collect();
    for (s, r) in regret_high.iter().enumerate() {
        let aid = num(&rows[s], "us_farm_aid_usd_bn_mean");
        assert!(aid > 0.0);
        assert!(
            (r - 0.2 * aid).abs() < 1e-6 * aid.max(1.0),
            "scenario {s}: {r} vs 0.2 x {aid}"
        );
    }

    let p = one.join("robustness.csv");
    let (h, rows) = cells(&read(&p), &p);
    assert_eq!(
        h,
        [
            "policy",
            "metric",
            "mean",
            "p05",
            "p50",
            "p95",
            "regret_max",
            "regret_p90"
        ]
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][..2], &["0.1", "us_welfare_usd_bn"]);
    assert_eq!(&rows[0][6..], &["0", "0"]);
    let mut sorted = regret_high.clone();
    sorted.sort_by(f64::total_cmp);
    let p90 = sorted[3] + 0.6 * (sorted[4] - sorted[3]); // numpy linear: position 0.9 × 4 = 3.6
    let got = |c: usize| rows[1][c].parse::<f64>().unwrap();
    assert!((got(6) - sorted[4]).abs() < 1e-8, "{rows:?}");
    assert!((got(7) - p90).abs() < 1e-8, "{rows:?}");

    // Common random numbers: every policy's points reuse the same replicate seeds.
    let runs = read(&one.join("runs.csv"));
    let seeds = |point: &str| -> Vec<String> {
        runs.lines()
            .filter(|l| l.split(',').next() == Some(point))
            .map(|l| l.split(',').nth(2).unwrap().to_string())
            .collect()
    };
    assert_eq!(seeds("0"), seeds("5"));
    assert_eq!(seeds("0").len(), 3);

    for d in std::iter::once(&one).chain(&shards) {
        let _ = std::fs::remove_dir_all(d);
    }
    let _ = std::fs::remove_dir_all(config.parent().unwrap());
}

/// A lever on a distribution-valued key fixes it: it leaves the `input.` columns of runs.csv,
/// whose rows keep the header's width.
#[test]
fn a_lever_on_a_drawn_key_fixes_it() {
    let text = "[sweep]\ndesign = \"grid\"\nreplicates = 2\n\
        [sweep.levers]\n\"negotiation.bundle.us_tariff_cut\" = [0.0, 0.2]\n\
        [sweep.regret]\nus_welfare_usd_bn = \"max\"\n";
    let config = config_file("regret-drawn", "drawn.toml", text);
    let out = tmp("regret-drawn", "out");
    sweep_into(&config, &out, &["--keep-runs"]);
    let p = out.join("runs.csv");
    let (header, rows) = cells(&read(&p), &p);
    assert!(!header.contains(&"input.negotiation.bundle.us_tariff_cut".to_string()));
    assert!(header.contains(&"input.negotiation.bundle.cn_tariff_cut".to_string()));
    assert_eq!(rows.len(), 4);
    let p = out.join("robustness.csv");
    assert_eq!(cells(&read(&p), &p).1.len(), 2);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(config.parent().unwrap());
}

#[test]
fn lever_mistakes_are_input_errors() {
    for (text, needle) in [
        (
            TOY.replace(
                "\"farm_aid.excess_burden\" = [0.1, 0.3]",
                "\"us.strategy.name\" = [\"hold\", \"bluff\"]",
            ),
            "sweep.levers: policy bluff: us.strategy.name = \"bluff\" is not a known strategy",
        ),
        (
            TOY.replace("latin_hypercube", "sobol"),
            "cannot compare policies",
        ),
        (
            TOY.replace("[sweep.regret]\nus_welfare_usd_bn = \"max\"\n", ""),
            "needs a [sweep.regret] table",
        ),
        (
            TOY.replace("= \"max\"", "= \"best\""),
            "must be \"max\" or \"min\"",
        ),
        (
            TOY.replace("\"farm_aid.excess_burden\"", "\"farm_aid.coverage\""),
            "is also a lever",
        ),
    ] {
        let config = config_file("regret-bad", "bad.toml", &text);
        let o = run(&["validate", config.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{text}\n{err}");
        assert!(err.contains(needle), "{needle}: {err}");
        let _ = std::fs::remove_dir_all(config.parent().unwrap());
    }
}
