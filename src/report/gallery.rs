//! Chart galleries for looking at by eye (ignored tests): every fixture drawn at full size,
//! and stress fixtures (long names, big grids, small images), into `$CHARTS_GALLERY`.

use std::fmt::Write as _;
use std::path::Path;

use super::compare::compare;
use super::document::write_report;
use super::plot::plot_dir;
use super::testutil::*;
use crate::config::ChartOptions;

/// Renders every fixture at full size into `$CHARTS_GALLERY` for visual inspection:
/// `CHARTS_GALLERY=/tmp/gallery cargo test gallery -- --ignored`.
#[test]
#[ignore]
fn gallery() {
    let Some(out) = std::env::var_os("CHARTS_GALLERY") else {
        return;
    };
    let out = std::path::PathBuf::from(out);
    let opts = ChartOptions::default();
    let copy = |from: &Path, name: &str| {
        let dest = out.join(name);
        std::fs::create_dir_all(&dest).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                std::fs::copy(e.path(), dest.join(e.file_name())).unwrap();
            }
        }
        dest
    };
    let run = copy(run_fixture().path(), "run");
    plot_dir(&run, Some(&opts)).unwrap();
    for (name, params, sampled, sens) in [
        ("sweep1", &["us.threat.extra_tariff"][..], false, false),
        (
            "sweep2",
            &["us.threat.extra_tariff", "cn.retaliation.soy_cut"][..],
            false,
            false,
        ),
        (
            "sobol",
            &[
                "us.threat.extra_tariff",
                "cn.retaliation.soy_cut",
                "cn.rare_earth.quota",
            ][..],
            true,
            true,
        ),
    ] {
        let d = copy(sweep_fixture(params, sampled, sens).path(), name);
        plot_dir(&d, Some(&opts)).unwrap();
    }
    let t = copy(tournament_fixture().path(), "tournament");
    plot_dir(&t, Some(&opts)).unwrap();
    let a = out.join("cmp_a");
    let b = out.join("cmp_b");
    for (d, name, shift) in [(&a, "baseline", 0.0), (&b, "escalation", 1.0)] {
        std::fs::create_dir_all(d).unwrap();
        write_run(d, name, shift);
    }
    let cmp = out.join("compare");
    let charts = compare(&[a, b], &cmp, &opts).unwrap();
    write_report(&cmp, &charts).unwrap();
}

/// Stress fixtures (long names, big grids, small images) for visual inspection:
/// `CHARTS_GALLERY=/tmp/gallery cargo test stress_gallery -- --ignored`.
#[test]
#[ignore]
fn stress_gallery() {
    let Some(out) = std::env::var_os("CHARTS_GALLERY") else {
        return;
    };
    let out = std::path::PathBuf::from(out).join("stress");
    std::fs::create_dir_all(&out).unwrap();
    // Tournament with 8 long-named strategies per side.
    let t = out.join("tournament");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(
        t.join("manifest.json"),
        manifest("tournament", "big", 1, 10, ""),
    )
    .unwrap();
    let names: Vec<String> = (0..8)
        .map(|i| format!("strategy_with_a_rather_long_name_{i}"))
        .collect();
    let mut csv = String::from(
        "us_strategy,cn_strategy,replicates,us_welfare_usd_bn_mean,cn_welfare_usd_bn_mean,deal_rate\n",
    );
    for (i, u) in names.iter().enumerate() {
        for (j, c) in names.iter().enumerate() {
            writeln!(
                csv,
                "{u},{c},10,{},{},{}",
                i as f64 * 1234.5 - 4000.0,
                j as f64 - 3.0,
                (i * j) as f64 / 49.0
            )
            .unwrap();
        }
    }
    std::fs::write(t.join("tournament.csv"), csv).unwrap();
    // 12×12 sweep grid.
    let s = out.join("sweep");
    std::fs::create_dir_all(&s).unwrap();
    std::fs::write(
        s.join("manifest.json"),
        manifest("sweep", "grid12", 1, 10, ""),
    )
    .unwrap();
    let mut csv = String::from("point,a,b,deal_reached_mean,us_welfare_usd_bn_mean\n");
    for i in 0..12 {
        for j in 0..12 {
            writeln!(
                csv,
                "{},{},{},{},{}",
                i * 12 + j,
                i as f64 * 0.05,
                j * 100,
                ((i + j) as f64 / 22.0),
                -1000.0 * i as f64 + 50.0 * j as f64
            )
            .unwrap();
        }
    }
    std::fs::write(s.join("points.csv"), csv).unwrap();
    for (dir, opts) in [(&t, ChartOptions::default()), (&s, ChartOptions::default())] {
        plot_dir(dir, Some(&opts)).unwrap();
    }
    let small = out.join("small_run");
    std::fs::create_dir_all(&small).unwrap();
    write_run(&small, "a scenario with a long descriptive name", 0.0);
    plot_dir(&small, Some(&small_opts())).unwrap();
}
