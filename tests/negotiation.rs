//! Deal mechanics in whole worlds: threats take effect unless a deal came first, snapback at
//! expiry without renewal, compliance shortfalls raise pressure, a deal applies its bundle.

use tradewar::experiment::replicate::simulate;
use tradewar::model::state::deal::{DealPurchases, DealTerms};
use tradewar::model::state::events::EventLog;
use tradewar::model::state::instruments::Tariff;
use tradewar::model::state::ledger::DomesticPressure;
use tradewar::model::state::sides::Governments;
use tradewar::{LoadedScenario, Prepared, StrategyRegistry};

/// A quiet baseline: strategies hold without noise, no random shocks.
fn world(extra: &[&str], rounds: u32) -> bevy_ecs::world::World {
    let mut sets: Vec<String> = [
        "us.strategy.name=hold",
        "cn.strategy.name=hold",
        "us.strategy.noise=0",
        "cn.strategy.noise=0",
        "us.strategy.params={}",
        "cn.strategy.params={}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    sets.extend(extra.iter().map(|s| s.to_string()));
    let loaded = LoadedScenario::load(None, &sets).unwrap();
    let mut loaded = loaded;
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
fn threat_and_snapback_take_effect_without_a_deal() {
    let w = world(&["negotiation.enabled=false"], 2);
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
fn a_deal_first_cancels_the_threat_and_applies_its_bundle() {
    let w = world(&["negotiation.logit_intercept=50"], 2);
    let (us, cn) = tariffs(&w);
    assert!((us - 0.45).abs() < 1e-9, "10-point cut, no threat: {us}");
    assert!((cn - 0.226).abs() < 1e-9, "{cn}");
    let d = w.resource::<DealTerms>();
    assert!(d.active && d.first_deal_round == Some(0) && d.re_pause_share == 1.0);
    let l = log(&w);
    assert!(
        l.contains(&"1:threat_cancelled".to_string()) && l.contains(&"1:truce_renewed".to_string()),
        "{l:?}"
    );
}

#[test]
fn unrenewed_deal_snaps_back_at_expiry() {
    let sets = [
        "negotiation.logit_intercept=50",
        "negotiation.duration_months=3",
        "negotiation.renewal_probability=0",
        "negotiation.pressure_trigger=false",
        "negotiation.compliance.shortfall_break_probability=0",
    ];
    let w = world(&sets, 4);
    let (us, _) = tariffs(&w);
    assert!((us - 0.55).abs() < 1e-9, "cut restored at round 3: {us}");
    assert!(!w.resource::<DealTerms>().active);
    assert!(log(&w).contains(&"3:snapback".to_string()));
}

#[test]
fn a_compliance_shortfall_raises_us_pressure() {
    let base = [
        "negotiation.logit_intercept=50",
        "negotiation.pressure_trigger=false",
        "negotiation.compliance.shortfall_break_probability=0",
        "negotiation.compliance.pace_mean=0",
        "negotiation.compliance.pace_sd=0",
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
    // At a pace of zero China buys nothing against the commitment: the soybean market's
    // account shows the shortfall negotiation reacted to.
    let bought = angry.resource::<DealPurchases>();
    assert!(bought.committed_to_date_mt > 0.0, "the commitment accrues");
    assert_eq!(bought.deal_number, angry.resource::<DealTerms>().deal_count);
    // China's pressure is untouched by the US reaction.
    assert!(
        (calm.resource::<DomesticPressure>().cn - angry.resource::<DomesticPressure>().cn).abs()
            < 1e-9
    );
}
