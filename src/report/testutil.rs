//! Test fixtures: small synthetic output directories and checks on written charts.

use std::fmt::Write as _;
use std::path::Path;

use tempfile::TempDir;

use super::chart::Chart;
use crate::config::{ChartFormat, ChartOptions};

/// Small images keep debug-mode tests fast.
pub fn small_opts() -> ChartOptions {
    ChartOptions {
        width_px: 400,
        height_px: 300,
        formats: vec![ChartFormat::Png, ChartFormat::Svg],
        metrics: Vec::new(),
    }
}

/// Deterministic pseudo-random numbers in [0, 1).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal (sum of uniforms).
    pub fn normal(&mut self) -> f64 {
        (0..6).map(|_| self.next()).sum::<f64>() - 3.0
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Manifest text for a run-like directory.
pub fn manifest(command: &str, scenario: &str, seed: u64, replicates: u64, extra: &str) -> String {
    format!(
        r#"{{"tool":"tradewar","version":"0.1.0","command":"{command}","scenario":"{scenario}",
"config_hash":"sha256:0123456789abcdef0123456789abcdef","seed":{seed},"replicates":{replicates},
"rounds":24,"start_month":"2025-10","agents":{{"us":1}},"future_field":[1,2,3],
"metrics":{{"run":[
 {{"name":"us_tariff_final","unit":"fraction 0..1","label":"US tariff on Chinese goods, final","description":"d"}},
 {{"name":"us_welfare_usd_bn","unit":"USD bn","label":"US welfare change","description":"d"}},
 {{"name":"deal_reached","unit":"0/1","label":"a deal was reached","description":"d"}},
 {{"name":"first_deal_round","unit":"round","label":"First deal round","description":"d"}}],
"round":[{{"name":"us_tariff","unit":"fraction 0..1","label":"US average tariff on Chinese goods","description":"d"}},
 {{"name":"soy_exports","unit":"million tonnes","label":"US soybean exports to China","description":"d"}}]}},
"config":{{"charts":{{"width_px":400,"height_px":300,"formats":["png","svg"],"metrics":[]}}}}{extra}}}"#
    )
}

/// Writes a complete run output directory into `dir` (shifted by `shift` for comparisons).
pub fn write_run(dir: &Path, scenario: &str, shift: f64) {
    let n = 120;
    let mut rng = Rng::new(7);
    write(
        dir,
        "manifest.json",
        &manifest("run", scenario, 20251025, n, ""),
    );
    let mut runs = String::from(
        "replicate,seed,us_tariff_final,us_welfare_usd_bn,deal_reached,first_deal_round,\
         constant_metric,all_missing\n",
    );
    for r in 0..n {
        let tariff = (0.45 + 0.12 * rng.normal() + shift * 0.05).clamp(0.0, 1.0);
        let welfare = -40.0 + 15.0 * rng.normal() + shift * 10.0;
        let deal = rng.next() < 0.6 + shift * 0.1;
        let timing = rng.next();
        let first = if deal {
            format!("{}", 2 + (timing * 18.0) as u32)
        } else {
            String::new()
        };
        writeln!(
            runs,
            "{r},{},{tariff},{welfare},{},{first},0.25,",
            1000 + r,
            deal as u8
        )
        .unwrap();
    }
    write(dir, "runs.csv", &runs);
    let mut rounds = String::from("round,month,metric,mean,p05,p25,p50,p75,p95\n");
    let mut traj = String::from("replicate,round,month,metric,value\n");
    for (metric, base, scale) in [("us_tariff", 0.2, 0.02), ("soy_exports", 25.0, -0.8)] {
        for round in 0..=24i64 {
            let month = super::data::add_months("2025-10", round).unwrap();
            let m = base + scale * round as f64 * (1.0 + shift * 0.3);
            let s = (round as f64).sqrt() * scale.abs() * 2.0;
            writeln!(
                rounds,
                "{round},{month},{metric},{m},{},{},{m},{},{}",
                m - 2.0 * s,
                m - s,
                m + s,
                m + 2.0 * s
            )
            .unwrap();
            for rep in 0..4 {
                let v = m + s * (rng.normal() * 0.8);
                writeln!(traj, "{rep},{round},{month},{metric},{v}").unwrap();
            }
        }
    }
    write(dir, "rounds.csv", &rounds);
    write(dir, "trajectories.csv", &traj);
    write(
        dir,
        "summary.csv",
        "metric,mean,se,sd,p05,p25,p50,p75,p95,min,max\n\
         us_tariff_final,0.45,0.01,0.12,0.25,0.37,0.45,0.53,0.65,0.1,0.8\n\
         us_welfare_usd_bn,-40,1.4,15,-65,-50,-40,-30,-15,-80,5\n\
         deal_reached,0.6,0.04,0.49,0,0,1,1,1,0,1\n\
         first_deal_round,10.5,0.6,5.2,2,6,10,15,19,2,19\n",
    );
}

/// A run directory in a fresh tempdir.
pub fn run_fixture() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_run(dir.path(), "baseline", 0.0);
    dir
}

/// A sweep directory with the given parameters (grid over `values` each) and optional
/// sensitivity.csv; `sampled` switches to a Sobol-like scattered design.
pub fn sweep_fixture(params: &[&str], sampled: bool, sensitivity: bool) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let design = if sampled { "sobol" } else { "grid" };
    let plist: Vec<String> = params
        .iter()
        .map(|p| format!(r#"{{"path":"{p}","values":[0.1,0.2,0.3,0.4]}}"#))
        .collect();
    let extra = format!(
        r#","sweep":{{"design":"{design}","parameters":[{}],"points":16}}"#,
        plist.join(",")
    );
    write(
        dir.path(),
        "manifest.json",
        &manifest("sweep", "tariff_sweep", 42, 50, &extra),
    );
    let metrics = ["us_tariff_final", "us_welfare_usd_bn", "deal_reached"];
    let mut header = String::from("point");
    for p in params {
        header.push(',');
        header.push_str(p);
    }
    for m in metrics {
        for s in ["mean", "se", "p05", "p50", "p95"] {
            write!(header, ",{m}_{s}").unwrap();
        }
    }
    let mut text = header + "\n";
    let mut rng = Rng::new(3);
    let points: Vec<Vec<f64>> = if sampled {
        (0..40)
            .map(|_| params.iter().map(|_| 0.1 + 0.3 * rng.next()).collect())
            .collect()
    } else {
        let vals = [0.1, 0.2, 0.3, 0.4];
        let mut pts = vec![vec![]];
        for _ in params {
            pts = pts
                .into_iter()
                .flat_map(|p| {
                    vals.iter().map(move |v| {
                        let mut q = p.clone();
                        q.push(*v);
                        q
                    })
                })
                .collect();
        }
        pts
    };
    for (i, p) in points.iter().enumerate() {
        write!(text, "{i}").unwrap();
        for v in p {
            write!(text, ",{v}").unwrap();
        }
        let x: f64 = p.iter().sum();
        for (m, base) in metrics.iter().zip([0.3, -20.0, 0.5]) {
            let mean = if *m == "deal_reached" {
                (0.2 + x).min(1.0)
            } else {
                base + base * x
            };
            let spread = base.abs() * 0.2;
            write!(
                text,
                ",{mean},{},{},{mean},{}",
                spread / 10.0,
                mean - spread,
                mean + spread
            )
            .unwrap();
        }
        text.push('\n');
    }
    write(dir.path(), "points.csv", &text);
    if sensitivity {
        let mut s = String::from("parameter,metric,s1,s1_low,s1_high,st,st_low,st_high\n");
        for m in metrics {
            for (i, p) in params.iter().enumerate() {
                let s1 = 0.5 / (i + 1) as f64;
                writeln!(
                    s,
                    "{p},{m},{s1},{},{},{},{},{}",
                    s1 - 0.05,
                    s1 + 0.05,
                    s1 + 0.1,
                    s1 + 0.02,
                    s1 + 0.2
                )
                .unwrap();
            }
        }
        write(dir.path(), "sensitivity.csv", &s);
    }
    dir
}

/// A tournament directory (3 US × 4 China strategies) with replicator dynamics.
pub fn tournament_fixture() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "manifest.json",
        &manifest("tournament", "tournament", 9, 100, ""),
    );
    let us = ["tit_for_tat", "escalate", "hold_firm"];
    let cn = ["retaliate", "concede", "rare_earth_squeeze", "wait"];
    let mut t = String::from(
        "us_strategy,cn_strategy,replicates,us_welfare_usd_bn_mean,us_welfare_usd_bn_p05,\
         us_welfare_usd_bn_p50,us_welfare_usd_bn_p95,cn_welfare_usd_bn_mean,cn_welfare_usd_bn_p05,\
         cn_welfare_usd_bn_p50,cn_welfare_usd_bn_p95,deal_rate,first_deal_round_mean,\
         us_tariff_final_mean,cn_tariff_final_mean\n",
    );
    for (i, u) in us.iter().enumerate() {
        for (j, c) in cn.iter().enumerate() {
            let uw = -30.0 + 12.0 * i as f64 - 7.0 * j as f64;
            let cw = -20.0 - 9.0 * i as f64 + 11.0 * j as f64;
            let deal = ((i + j) as f64 / 6.0).min(1.0);
            writeln!(
                t,
                "{u},{c},100,{uw},{},{uw},{},{cw},{},{cw},{},{deal},{},0.4,0.3",
                uw - 10.0,
                uw + 10.0,
                cw - 10.0,
                cw + 10.0,
                5.0 + i as f64
            )
            .unwrap();
        }
    }
    write(dir.path(), "tournament.csv", &t);
    let mut r = String::from("step,side,strategy,share\n");
    for step in 0..=30 {
        let f = step as f64 / 30.0;
        for (side, strategies) in [("us", &us[..]), ("cn", &cn[..])] {
            let k = strategies.len() as f64;
            for (i, s) in strategies.iter().enumerate() {
                let share = if i == 0 {
                    1.0 / k + f * (1.0 - 1.0 / k)
                } else {
                    (1.0 / k) * (1.0 - f)
                };
                writeln!(r, "{step},{side},{s},{share}").unwrap();
            }
        }
    }
    write(dir.path(), "replicator.csv", &r);
    dir
}

/// Checks every file of `chart`: PNGs decode at `w`×`h`, SVGs are well-formed and contain the
/// title.
pub fn check_chart(dir: &Path, chart: &Chart, w: u32, h: u32) {
    assert!(!chart.files.is_empty(), "{} has no files", chart.file_stem);
    assert!(!chart.caption.is_empty());
    for rel in &chart.files {
        let path = dir.join(rel);
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("png") => {
                let (pw, ph, _) = decode_png(&bytes);
                assert_eq!((pw, ph), (w, h), "{}", path.display());
            }
            Some("svg") => {
                let text = String::from_utf8(bytes).unwrap();
                check_svg(&text);
                let title = xml_escape(&chart.title);
                let first_line = title.split(' ').take(3).collect::<Vec<_>>().join(" ");
                assert!(
                    text.contains(&first_line),
                    "{} lacks title text {first_line:?}",
                    path.display()
                );
            }
            other => panic!("unexpected extension {other:?}"),
        }
    }
}

/// Decodes a PNG into (width, height, RGB(A) pixels).
pub fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Asserts that `svg` starts with `<svg`, ends with `</svg>` and has balanced tags.
pub fn check_svg(svg: &str) {
    let t = svg.trim();
    assert!(t.starts_with("<svg"), "does not start with <svg");
    assert!(t.ends_with("</svg>"), "does not end with </svg>");
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = t;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').expect("unterminated tag");
        let tag = &rest[..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name.trim()), "mismatched </{name}>");
        } else if !tag.starts_with('?') && !tag.starts_with('!') && !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap_or("");
            stack.push(name);
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed tags {stack:?}");
}
