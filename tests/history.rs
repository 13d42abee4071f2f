//! Runs from any month (docs/model.md §2 and "History scenarios"): the seasons follow the
//! calendar month of the `start`, not the round number, and a history scenario labels every
//! output from its start month.

use std::path::Path;
use std::process::Command;

use tradewar::config::LoadedScenario;
use tradewar::foundation::calendar::Calendar;
use tradewar::model::mechanisms::farmers::{FarmAid, FarmSector};
use tradewar::model::mechanisms::soybeans::SoybeanMarket;
use tradewar::model::schedule::month_schedule;
use tradewar::model::strategy::StrategyRegistry;
use tradewar::model::world::build_world;

/// What one month of a run shows about its seasons.
#[derive(Debug)]
struct Month {
    month: u32,
    harvest_bu: f64,
    planted: bool,
    us_share: f64,
    ytd_loss: f64,
    loss: f64,
    aid_paid: f64,
}

/// Runs `rounds` months from `start` with normal Chinese buying (so that the US export
/// season shows in the US share of China's purchases), no deals and no events.
fn months_from(start: &str, rounds: u32, buying: f64) -> Vec<Month> {
    let sets: Vec<String> = [
        format!("start=\"{start}\""),
        "farmers.count=1000".into(),
        "us.strategy.name=\"hold\"".into(),
        "cn.strategy.name=\"hold\"".into(),
        "us.strategy.noise=0.0".into(),
        "cn.strategy.noise=0.0".into(),
        "negotiation.enabled=false".into(),
        "events=[]".into(),
        format!("soybeans.directive.initial={buying}"),
        "farm_aid.threshold_usd_bn=0.1".into(),
    ]
    .into_iter()
    .collect();
    let loaded = LoadedScenario::load(None, &sets).unwrap();
    let mut w = build_world(&loaded.typical, &StrategyRegistry::default(), 7, 0).unwrap();
    let mut schedule = month_schedule();
    let mut out = Vec::new();
    for _ in 0..rounds {
        schedule.run(&mut w);
        let cal = *w.resource::<Calendar>();
        let sector = w.resource::<FarmSector>();
        let market = w.resource::<SoybeanMarket>();
        out.push(Month {
            month: cal.month(),
            harvest_bu: sector.harvest_bu,
            planted: sector.soy_acres_planted.is_some(),
            us_share: market.us_mt / (market.us_mt + market.brazil_mt),
            ytd_loss: w.resource::<FarmAid>().ytd_loss_usd_bn,
            loss: sector.loss_usd_bn,
            aid_paid: sector.aid_usd_bn,
        });
    }
    out
}

fn check_seasons(start: &str, first_month: u32) {
    let months = months_from(start, 24, 1.0);
    for (r, m) in months.iter().enumerate() {
        assert_eq!(
            m.month,
            (first_month - 1 + r as u32) % 12 + 1,
            "{start} round {r}"
        );
        // Harvest: September to November only.
        assert_eq!(
            m.harvest_bu > 0.0,
            (9..=11).contains(&m.month),
            "{start} round {r} (month {}): harvest {}",
            m.month,
            m.harvest_bu
        );
        // Export seasons: the US ships in its season (Sep–Jan), Brazil in Feb–Jul.
        if (10..=12).contains(&m.month) {
            assert!(
                m.us_share > 0.4,
                "{start} round {r}: US share {}",
                m.us_share
            );
        }
        if (3..=7).contains(&m.month) {
            assert!(
                m.us_share < 0.2,
                "{start} round {r}: US share {}",
                m.us_share
            );
        }
    }
    // Planting: the first planting decision is taken in the first April.
    let first_planting = months.iter().position(|m| m.planted).unwrap();
    assert_eq!(months[first_planting].month, 4, "{start}");
}

#[test]
fn harvest_planting_and_export_seasons_follow_a_january_start() {
    check_seasons("2018-01", 1);
}

#[test]
fn harvest_planting_and_export_seasons_follow_an_october_start() {
    check_seasons("2025-10", 10);
}

/// Aid: the marketing year's losses restart every September, whatever the start; aid is
/// paid only after losses pass the threshold, never before the first loss.
fn check_aid(start: &str) {
    let months = months_from(start, 24, 0.0);
    let mut prev = 0.0;
    for (r, m) in months.iter().enumerate() {
        let expected = if m.month == 9 { m.loss } else { prev + m.loss };
        assert!(
            (m.ytd_loss - expected).abs() < 1e-9,
            "{start} round {r} (month {}): ytd {} vs {}",
            m.month,
            m.ytd_loss,
            expected
        );
        prev = m.ytd_loss;
    }
    assert!(
        months.iter().any(|m| m.aid_paid > 0.0),
        "{start}: the freeze brings aid"
    );
    let first_aid = months.iter().position(|m| m.aid_paid > 0.0).unwrap();
    assert!(months[..first_aid].iter().any(|m| m.loss > 0.0));
}

#[test]
fn the_aid_year_follows_the_calendar_for_january_and_october_starts() {
    check_aid("2018-01");
    check_aid("2025-10");
}

/// A January start holds the last crop in store (`farmers.initial_stock_share`) and sells it
/// before the next harvest.
#[test]
fn a_january_start_begins_with_the_last_crop_in_store() {
    let months = months_from("2018-01", 9, 1.0);
    assert!(months[..8].iter().all(|m| m.harvest_bu == 0.0));
    let loaded = LoadedScenario::load(
        None,
        &[
            "start=\"2018-01\"".into(),
            "farmers.initial_stock_share=0.25".into(),
            "farmers.count=500".into(),
        ],
    )
    .unwrap();
    let w = build_world(&loaded.typical, &StrategyRegistry::default(), 7, 0).unwrap();
    let sector = w.resource::<FarmSector>();
    assert!(sector.stock_bu > 0.0 && sector.stock_bu == sector.ref_stock_bu);
    assert!(sector.season_harvest_bu > sector.stock_bu);
}

fn tradewar(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tradewar"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

/// `tradewar run configs/history/trade_war_2018.toml` labels round 0 `2018-01` in every
/// output: the CSVs, the manifest, the charts' captions in the report.
#[test]
fn the_2018_history_run_labels_round_zero_2018_01_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("tw");
    let o = tradewar(&[
        "run",
        "configs/history/trade_war_2018.toml",
        "--replicates",
        "4",
        "--sample-paths",
        "4",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rounds = read(&out, "rounds.csv");
    assert!(
        rounds.lines().nth(1).unwrap().starts_with("0,2018-01,"),
        "{rounds:.200}"
    );
    let last = rounds.lines().last().unwrap();
    assert!(last.starts_with("35,2020-12,"), "{last}");
    let traj = read(&out, "trajectories.csv");
    assert!(traj.lines().skip(1).all(|l| {
        let c: Vec<&str> = l.split(',').collect();
        let round: u32 = c[1].parse().unwrap();
        let (y, m) = (2018 + round / 12, round % 12 + 1);
        c[2] == format!("{y}-{m:02}")
    }));
    let events = read(&out, "events.csv");
    assert!(events.lines().skip(1).count() > 0);
    for l in events.lines().skip(1) {
        let c: Vec<&str> = l.split(',').collect();
        let round: u32 = c[1].parse().unwrap();
        let (y, m) = (2018 + round / 12, round % 12 + 1);
        assert_eq!(c[2], format!("{y}-{m:02}"), "{l}");
    }
    assert!(
        events.contains(",2018-12,summit,G20 Buenos Aires"),
        "{events}"
    );
    assert!(events.contains(",2019-06,summit,G20 Osaka"), "{events}");
    let manifest: serde_json::Value = serde_json::from_str(&read(&out, "manifest.json")).unwrap();
    assert_eq!(manifest["start_month"], "2018-01");
    let report = read(&out, "report.md");
    assert!(
        report.contains("2018-01 to 2020-12"),
        "fan captions name the months"
    );
    assert!(
        !report.contains("2025-10 to"),
        "no baseline months in the captions"
    );
}

/// A bad `start` is an error naming the file, the key and what is allowed; an event before
/// the start is an error naming the event and the start.
#[test]
fn bad_start_months_are_clear_errors() {
    for bad in ["2016-12", "2025-13", "Oct 2025"] {
        let o = tradewar(&[
            "validate",
            "configs/history/trade_war_2018.toml",
            "--set",
            &format!("start=\"{bad}\""),
        ]);
        assert_eq!(o.status.code(), Some(2), "{bad}");
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains("start") && e.contains("2017-01"), "{bad}: {e}");
    }
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("late.toml");
    std::fs::write(
        &cfg,
        format!(
            "extends = \"{}/configs/history/trade_war_2018.toml\"\nstart = \"2019-01\"\n",
            env!("CARGO_MANIFEST_DIR")
        ),
    )
    .unwrap();
    let o = tradewar(&["validate", cfg.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("late.toml") && e.contains("before the first round (start = \"2019-01\")"),
        "{e}"
    );
}

/// Both history scenarios validate, start where they say, and keep their events inside
/// their horizon.
#[test]
fn history_scenarios_validate() {
    for (file, start) in [
        ("trade_war_2018", "2018-01"),
        ("escalation_2025", "2025-01"),
    ] {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("configs/history/{file}.toml"));
        let loaded = LoadedScenario::load(Some(&path), &[]).unwrap();
        assert_eq!(loaded.typical.start, start);
        tradewar::app::validate(&path, &[], &StrategyRegistry::default()).unwrap();
    }
}
