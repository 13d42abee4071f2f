//! Deal mechanics in whole worlds and on the real binary (docs/model.md §4.4): a summit deal
//! comes before the month's moves and cancels the threat its bundle names; without a deal
//! the threat and the snapback take effect with their probabilities; an unrenewed deal
//! snaps back at expiry; compliance is reviewed on dates and answered in steps.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use tradewar::experiment::replicate::simulate;
use tradewar::model::state::deal::{DealPurchases, DealTerms};
use tradewar::model::state::events::EventLog;
use tradewar::model::state::instruments::Tariff;
use tradewar::model::state::ledger::DomesticPressure;
use tradewar::model::state::sides::Governments;
use tradewar::{LoadedScenario, Prepared, StrategyRegistry};

/// A quiet baseline: strategies hold without noise, no random shocks, fixed deal terms.
fn world(extra: &[&str], rounds: u32) -> bevy_ecs::world::World {
    let mut sets: Vec<String> = [
        "us.strategy.name=hold",
        "cn.strategy.name=hold",
        "us.strategy.noise=0",
        "cn.strategy.noise=0",
        "us.strategy.params={}",
        "cn.strategy.params={}",
        "negotiation.bundle.us_tariff_cut=0.1",
        "negotiation.bundle.cn_tariff_cut=0.1",
        "negotiation.duration_months=12",
        "negotiation.bundle.soy_near_term_mt=12",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    sets.extend(extra.iter().map(|s| s.to_string()));
    let mut loaded = LoadedScenario::load(None, &sets).unwrap();
    // Drop the random political shocks so pressure moves only through the mechanisms.
    loaded
        .table
        .get_mut("events")
        .and_then(|e| e.as_array_mut())
        .unwrap()
        .retain(|e| e.get("kind").and_then(|k| k.as_str()) != Some("political_shock"));
    let loaded = loaded.with_table(loaded.table.clone(), &[]).unwrap();
    let prepared = Prepared::new(loaded, StrategyRegistry::default()).unwrap();
    simulate(&prepared, 0, rounds).unwrap()
}

fn tariffs(w: &bevy_ecs::world::World) -> (f64, f64) {
    let g = w.resource::<Governments>();
    (
        w.get::<Tariff>(g.us).unwrap().0.level,
        w.get::<Tariff>(g.cn).unwrap().0.level,
    )
}

fn log(w: &bevy_ecs::world::World) -> Vec<String> {
    w.resource::<EventLog>()
        .entries
        .iter()
        .map(|(r, e, _)| format!("{r}:{e}"))
        .collect()
}

#[test]
fn threat_and_snapback_take_effect_without_a_deal_when_certain() {
    let w = world(
        &[
            "negotiation.enabled=false",
            "events.2.probability=1",
            "events.3.probability=1",
        ],
        2,
    );
    let (us, cn) = tariffs(&w);
    assert!(
        (us - (0.55 + 1.0 + 0.24)).abs() < 1e-9,
        "threat + snapback: {us}"
    );
    assert!((cn - (0.326 + 0.24)).abs() < 1e-9, "{cn}");
    let l = log(&w);
    assert!(
        l.contains(&"1:threat_implemented".to_string()) && l.contains(&"1:snapback".to_string()),
        "{l:?}"
    );
}

#[test]
fn an_uncertain_threat_is_postponed_when_it_does_not_fire() {
    let w = world(
        &[
            "negotiation.enabled=false",
            "events.2.probability=0",
            "events.2.postpone_months=3",
        ],
        5,
    );
    let l = log(&w);
    assert!(l.contains(&"1:threat_postponed".to_string()), "{l:?}");
    assert!(l.contains(&"4:threat_postponed".to_string()), "{l:?}");
    assert!(
        !l.iter().any(|e| e.ends_with("threat_implemented")),
        "{l:?}"
    );
}

#[test]
fn a_summit_deal_comes_first_cancels_the_threat_and_postpones_the_snapback() {
    let w = world(
        &["events.1.deal_probability=1", "events.2.probability=1"],
        3,
    );
    let (us, cn) = tariffs(&w);
    assert!((us - 0.45).abs() < 1e-9, "10-point cut, no threat: {us}");
    assert!((cn - 0.226).abs() < 1e-9, "{cn}");
    let d = w.resource::<DealTerms>();
    assert!(d.active && d.first_deal_round == Some(0) && d.anchor_round == 0);
    let entries = &w.resource::<EventLog>().entries;
    let deal = entries.iter().find(|(_, e, _)| e == "deal").unwrap();
    assert!(
        deal.2.contains("cancels extra 100% US tariff")
            && deal.2.contains("postpones Geneva truce expires"),
        "{deal:?}"
    );
    let l = log(&w);
    assert!(
        !l.iter().any(|e| e.ends_with("threat_implemented")),
        "{l:?}"
    );
    assert!(!l.iter().any(|e| e.ends_with("snapback")), "{l:?}");
}

#[test]
fn unrenewed_deal_snaps_back_at_expiry_and_the_postponed_truce_falls_due() {
    let sets = [
        "events.1.deal_probability=1",
        "events.3.probability=1",
        "negotiation.duration_months=3",
        "negotiation.renewal_probability=0",
        "negotiation.pressure_trigger=false",
    ];
    let w = world(&sets, 4);
    let (us, _) = tariffs(&w);
    assert!(
        (us - (0.55 + 0.24)).abs() < 1e-9,
        "cut restored and the truce's points back at round 3: {us}"
    );
    assert!(!w.resource::<DealTerms>().active);
    let l = log(&w);
    assert!(l.contains(&"3:deal_end".to_string()), "{l:?}");
    assert!(l.contains(&"3:snapback".to_string()), "{l:?}");
}

#[test]
fn compliance_is_reviewed_on_its_dates_and_answered_in_steps() {
    let base = [
        "events.1.deal_probability=1",
        "negotiation.pressure_trigger=false",
        "negotiation.renewal_probability=1",
        "negotiation.compliance.pace_mean=0",
        "negotiation.compliance.pace_sd=0",
        "negotiation.compliance.shortfall_threshold=1",
        "negotiation.compliance.review_interval_months=3",
        "soybeans.directive.reference=0",
    ];
    let w = world(&base, 14);
    let entries = &w.resource::<EventLog>().entries;
    let reviews: Vec<(u32, &str)> = entries
        .iter()
        .filter(|(_, e, _)| e == "compliance_review")
        .map(|(r, _, d)| (*r, d.as_str()))
        .collect();
    let rounds: Vec<u32> = reviews.iter().map(|(r, _)| *r).collect();
    assert_eq!(rounds, [3, 6, 9, 12], "{reviews:?}");
    for (want, (_, d)) in ["pressure", "probe", "partial_snapback", "end"]
        .iter()
        .zip(&reviews)
    {
        assert!(d.contains(&format!("verdict {want}")), "{want}: {d}");
    }
    let l = log(&w);
    assert!(l.contains(&"12:deal_end".to_string()), "{l:?}");
    assert!(w.resource::<DealTerms>().broken);
    let bought = w.resource::<DealPurchases>();
    assert!(bought.committed_to_date_mt > 0.0 && bought.deal_number == 1);
}

#[test]
fn a_shortfall_review_raises_us_pressure_only() {
    let base = [
        "events.1.deal_probability=1",
        "negotiation.pressure_trigger=false",
        "negotiation.compliance.pace_mean=0",
        "negotiation.compliance.pace_sd=0",
        "negotiation.compliance.shortfall_threshold=1",
        "soybeans.directive.reference=0",
    ];
    let calm = world(
        &[
            &base[..],
            &["negotiation.compliance.shortfall_pressure_usd_bn=0"],
        ]
        .concat(),
        4,
    );
    let angry = world(
        &[
            &base[..],
            &["negotiation.compliance.shortfall_pressure_usd_bn=5"],
        ]
        .concat(),
        4,
    );
    let p_calm = calm.resource::<DomesticPressure>().us;
    let p_angry = angry.resource::<DomesticPressure>().us;
    assert!(p_angry > p_calm + 1.0, "{p_angry} vs {p_calm}");
    assert!(
        (calm.resource::<DomesticPressure>().cn - angry.resource::<DomesticPressure>().cn).abs()
            < 1e-9,
        "the first step presses only the US"
    );
}

// --- the real binary -------------------------------------------------------------------

fn run(name: &str, sets: &[&str]) -> std::path::PathBuf {
    let out = std::env::temp_dir().join(format!("tradewar-neg-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let mut c = Command::new(env!("CARGO_BIN_EXE_tradewar"));
    c.current_dir(env!("CARGO_MANIFEST_DIR")).args([
        "run",
        "--replicates",
        "100",
        "--sample-paths",
        "all",
        "--quiet",
        "--no-charts",
        "--out",
    ]);
    c.arg(&out);
    for s in sets {
        c.args(["--set", s]);
    }
    let o = c.output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

/// (replicate, round, event) of every row of events.csv.
fn events(dir: &std::path::Path) -> Vec<(u32, u32, String)> {
    let text = std::fs::read_to_string(dir.join("events.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.splitn(5, ',').collect();
            (
                c[0].parse().unwrap(),
                c[1].parse().unwrap(),
                c[3].to_string(),
            )
        })
        .collect()
}

/// Value of `metric` by (replicate, round) from trajectories.csv.
fn path(dir: &std::path::Path, metric: &str) -> BTreeMap<(u32, u32), f64> {
    let text = std::fs::read_to_string(dir.join("trajectories.csv")).unwrap();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[3] == metric).then(|| {
                (
                    (c[0].parse().unwrap(), c[1].parse().unwrap()),
                    c[4].parse().unwrap(),
                )
            })
        })
        .collect()
}

#[test]
fn binary_a_certain_october_summit_deal_averts_the_threat_and_lasts_to_its_first_review() {
    let dir = run("summit", &["events.1.deal_probability=1"]);
    let ev = events(&dir);
    assert!(
        !ev.iter().any(|(_, _, e)| e == "threat_implemented"),
        "the 1 November threat never fires"
    );
    let deal = path(&dir, "deal_active");
    for rep in 0..100 {
        for round in [0, 1, 2] {
            assert_eq!(
                deal.get(&(rep, round)),
                Some(&1.0),
                "replicate {rep}: deal in force in round {round}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn binary_without_negotiation_a_certain_threat_fires_in_november_everywhere() {
    let dir = run(
        "nodeal",
        &["negotiation.enabled=false", "events.2.probability=1"],
    );
    let fired: BTreeSet<u32> = events(&dir)
        .into_iter()
        .filter(|(_, round, e)| *round == 1 && e == "threat_implemented")
        .map(|(rep, _, _)| rep)
        .collect();
    assert_eq!(fired.len(), 100, "every replicate");
    let us = path(&dir, "us_tariff");
    // +100 points, less at most one 10-point step of the strategy.
    assert!(
        (0..100).all(|r| us[&(r, 1)] - us[&(r, 0)] >= 0.9 - 1e-9),
        "the +100 points show"
    );
    let _ = std::fs::remove_dir_all(dir);
}
