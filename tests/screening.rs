//! Morris screening (`design = "morris"`, screening.csv): the estimator on a function with
//! known elementary effects, and the real binary's screening.csv — the same bytes for 1 and
//! 2 threads and for shards merged.

mod common;

use common::{cells, config_file, read, run, same_for_threads_and_shards};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use tradewar::experiment::sweep::morris::morris;
use tradewar::experiment::sweep::screening::screening_indices;

const FILES: [&str; 4] = [
    "points.csv",
    "points_long.csv",
    "screening.csv",
    "manifest.json",
];

/// y = 3 x0 + 2 x1 + 0.5 x2 + 8 x3 x4, x5 unused; x0 on [0, 2], x5 on [5, 9], the rest on
/// [0, 1]. Elementary effects per full range: 6, 2 and 0.5 for the linear inputs (σ = 0),
/// 8 × the partner's value for x3 and x4 (mean ≈ 4, σ > 0), 0 for x5.
#[test]
fn mu_star_ranks_known_effects_and_sigma_is_zero_for_linear_inputs() {
    let ranges = [
        (0.0, 2.0),
        (0.0, 1.0),
        (0.0, 1.0),
        (0.0, 1.0),
        (0.0, 1.0),
        (5.0, 9.0),
    ];
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let design = morris(200, 6, 4, &mut rng);
    let y: Vec<f64> = design
        .scaled(&ranges)
        .iter()
        .map(|x| 3.0 * x[0] + 2.0 * x[1] + 0.5 * x[2] + 8.0 * x[3] * x[4])
        .collect();
    let ix = screening_indices(&design, &y, 200, &mut rng);
    for (i, effect) in [(0, 6.0), (1, 2.0), (2, 0.5)] {
        assert!((ix[i].mu_star - effect).abs() < 1e-9, "x{i}: {:?}", ix[i]);
        assert!((ix[i].mu - effect).abs() < 1e-9, "x{i}: {:?}", ix[i]);
        assert!(ix[i].sigma < 1e-9, "x{i}: {:?}", ix[i]);
        assert!((ix[i].mu_star_high - ix[i].mu_star_low) < 1e-9);
    }
    for i in [3, 4] {
        assert!((ix[i].mu_star - 4.0).abs() < 1.0, "x{i}: {:?}", ix[i]);
        assert!(ix[i].sigma > 1.0, "x{i}: {:?}", ix[i]);
        assert!(ix[i].mu_star_low <= ix[i].mu_star && ix[i].mu_star <= ix[i].mu_star_high);
    }
    assert_eq!(ix[5].mu_star, 0.0);
    assert_eq!(ix[5].sigma, 0.0);
    let mut rank: Vec<usize> = (0..6).collect();
    rank.sort_by(|&a, &b| ix[b].mu_star.total_cmp(&ix[a].mu_star));
    assert_eq!(rank[0], 0);
    assert_eq!(&rank[3..], &[1, 2, 5]);
}

const MORRIS: &str = "[sweep]\ndesign = \"morris\"\nsamples = 6\nlevels = 4\nreplicates = 3\nbootstrap = 50\n\
    [[sweep.parameters]]\npath = \"us.pressure.resolve\"\nrange = [6, 18]\n\
    [[sweep.parameters]]\npath = \"trade.cn_import_elasticity\"\nrange = [1.5, 4]\n\
    [[sweep.parameters]]\npath = \"farm_aid.excess_burden\"\nrange = [0.1, 0.4]\n";

#[test]
fn screening_csv_is_the_same_for_threads_and_merged_shards() {
    let config = config_file("screening", "morris.toml", MORRIS);
    let (one, shards) = same_for_threads_and_shards("screening", &config, 3, &[], &FILES);
    // Shards hold whole trajectories (d + 1 = 4 points).
    for dir in &shards {
        let m: serde_json::Value = serde_json::from_str(&read(&dir.join("manifest.json"))).unwrap();
        assert_eq!(m["shard"]["points"][0].as_u64().unwrap() % 4, 0);
    }
    let p = one.join("screening.csv");
    let (header, rows) = cells(&read(&p), &p);
    assert_eq!(
        header,
        [
            "parameter",
            "metric",
            "mu_star",
            "mu",
            "sigma",
            "mu_star_low",
            "mu_star_high"
        ]
    );
    assert!(rows.len() >= 3 && rows.len().is_multiple_of(3));
    for r in &rows {
        let v: Vec<f64> = r[2..].iter().map(|c| c.parse().unwrap()).collect();
        assert!(v.iter().all(|x| x.is_finite()), "{r:?}");
        assert!(
            v[0] >= v[1].abs() - 1e-9 && v[2] >= 0.0,
            "mu* >= |mu|, sigma >= 0: {r:?}"
        );
        assert!(v[3] <= v[0] + 1e-9 && v[0] <= v[4] + 1e-9, "{r:?}");
    }
    // The excess burden of aid prices public funds only: it moves US welfare (a cost) but
    // not the tariffs or the trade flows.
    let row = |param: &str, metric: &str| {
        rows.iter()
            .find(|r| r[0] == param && r[1] == metric)
            .unwrap_or_else(|| panic!("{param} {metric}"))
            .clone()
    };
    assert_eq!(row("farm_aid.excess_burden", "us_tariff_final")[2], "0");
    let points = read(&one.join("points.csv"));
    assert_eq!(points.lines().count(), 1 + 6 * 4);
    let m: serde_json::Value = serde_json::from_str(&read(&one.join("manifest.json"))).unwrap();
    assert_eq!(m["sweep"]["design"], "morris");
    assert_eq!(m["sweep"]["levels"], 4);

    for d in std::iter::once(&one).chain(&shards) {
        let _ = std::fs::remove_dir_all(d);
    }
    let _ = std::fs::remove_dir_all(config.parent().unwrap());
}

#[test]
fn morris_mistakes_are_input_errors() {
    for (text, needle) in [
        (
            MORRIS.replace("levels = 4", "levels = 5"),
            "even number of levels",
        ),
        (MORRIS.replace("samples = 6", "samples = 1"), "samples >= 2"),
        (
            MORRIS.replace("design = \"morris\"", "design = \"latin_hypercube\""),
            "sweep.levels has a meaning only for design = \"morris\"",
        ),
    ] {
        let config = config_file("screening-bad", "bad.toml", &text);
        let o = run(&["validate", config.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{err}");
        let _ = std::fs::remove_dir_all(config.parent().unwrap());
    }
}
