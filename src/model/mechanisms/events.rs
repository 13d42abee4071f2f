//! Scheduled and random events (docs/model.md §4.1): summits (negotiation windows), tariff
//! threats with effective dates, truce expiries with snapback, and random political shocks.
//!
//! An event's date (`YYYY-MM-DD`) maps to the round whose month contains it, counted from
//! the scenario's `start` (from October 2025: 25 Oct 2025 → round 0, 1 Nov 2025 → round 1).
//! Summits open talks in that month (resolved before the month's moves); threats and truce expiries become [`ScheduledMeasures`], which the
//! negotiation mechanism resolves when they fall due (a deal may cancel or postpone them;
//! each takes effect with its probability). Shocks draw one uniform per shock per month from
//! the shocks stream (whether or not they fire, so streams stay aligned across scenarios).

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::config::{EventConfig, EventSide, Scenario, parse_date};
use crate::foundation::calendar::{Calendar, YearMonth};
use crate::foundation::rng::{Purpose, SimRng, stream};
use crate::model::state::events::{
    EventLog, EventsDue, Measure, MeasureKind, MeasureStatus, ScheduledMeasures, SummitDue,
};
use crate::model::state::ledger::MonthlyLedger;

/// The scenario's events, resolved to rounds (what falls due each month goes to
/// [`EventsDue`]).
#[derive(Resource, Debug, Clone, Default)]
pub struct EventCalendar {
    events: Vec<(Option<u32>, Option<u32>, EventConfig)>,
}

impl EventCalendar {
    /// Resolves event dates to rounds of a run whose round 0 is `start`.
    pub fn new(events: &[EventConfig], start: YearMonth) -> Self {
        let events = events
            .iter()
            .map(|e| {
                let from = e.date().map(|d| {
                    parse_date(d).map_or(0, |(y, m, _)| start.round_of(y, m).unwrap_or(0))
                });
                let until = e
                    .until()
                    .and_then(|d| crate::config::events::round_of(d, start));
                (from, until, e.clone())
            })
            .collect();
        Self { events }
    }
}

/// The random stream of political shocks.
#[derive(Resource)]
pub struct ShockRng(pub SimRng);

/// The scenario's threats and truce expiries as pending measures, in config order.
pub fn scheduled_measures(calendar: &EventCalendar) -> ScheduledMeasures {
    let measure = |name: &str, kind, due: u32, p: f64, months: f64| Measure {
        name: name.to_string(),
        kind,
        due_round: due,
        probability: p,
        postpone_months: months.round().max(0.0) as u32,
        status: MeasureStatus::Pending,
    };
    ScheduledMeasures(
        calendar
            .events
            .iter()
            .filter_map(|(from, _, e)| {
                let due = (*from)?;
                let label = label(e);
                match e {
                    EventConfig::TariffThreat(t) => Some(measure(
                        &label,
                        MeasureKind::Threat {
                            us: t.side == EventSide::Us,
                            rate: t.rate,
                        },
                        due,
                        t.probability,
                        t.postpone_months,
                    )),
                    EventConfig::TruceExpiry(x) => Some(measure(
                        &label,
                        MeasureKind::Expiry {
                            us: x.us_snapback.unwrap_or(0.0),
                            cn: x.cn_snapback.unwrap_or(0.0),
                        },
                        due,
                        x.probability,
                        x.postpone_months,
                    )),
                    _ => None,
                }
            })
            .collect(),
    )
}

/// An event's name for the log (its kind if unnamed).
fn label(e: &EventConfig) -> String {
    if e.name().is_empty() {
        format!("{:?}", e.kind())
    } else {
        e.name().to_string()
    }
}

/// Puts the events into a world: the calendar of the scenario's events, the pending
/// measures, the shocks' stream, nothing due yet and an empty event log.
pub fn setup_events(world: &mut World, scenario: &Scenario, master_seed: u64, replicate: u64) {
    let calendar = EventCalendar::new(&scenario.events, scenario.start_month());
    world.insert_resource(scheduled_measures(&calendar));
    world.insert_resource(calendar);
    world.insert_resource(ShockRng(stream(master_seed, replicate, Purpose::Shocks)));
    world.insert_resource(EventsDue::default());
    world.insert_resource(EventLog::default());
}

/// Calendar step: fire this month's events (after the calendar has advanced): shocks go to
/// the ledger, summits to [`EventsDue`] for the talks (threats and expiries are resolved by
/// negotiation from [`ScheduledMeasures`]).
pub fn fire_events(
    calendar: Res<Calendar>,
    events: Res<EventCalendar>,
    mut rng: ResMut<ShockRng>,
    mut due_now: ResMut<EventsDue>,
    mut ledger: ResMut<MonthlyLedger>,
    mut log: ResMut<EventLog>,
) {
    let round = calendar.round;
    due_now.summits.clear();
    for (from, until, e) in events.events.iter() {
        let label = label(e);
        match e {
            EventConfig::PoliticalShock(shock) => {
                let u: f64 = rng.0.random();
                let active = from.is_none_or(|f| round >= f) && until.is_none_or(|t| round <= t);
                if active && u < shock.monthly_probability {
                    let size = shock.size_usd_bn;
                    let us = shock.side == EventSide::Us;
                    if us {
                        ledger.us.pressure_shock_usd_bn += size;
                    } else {
                        ledger.cn.pressure_shock_usd_bn += size;
                    }
                    log.entries.push((
                        round,
                        "political_shock".into(),
                        format!(
                            "{label}: +{size} pressure on {}",
                            if us { "us" } else { "cn" }
                        ),
                    ));
                }
            }
            _ if *from != Some(round) => {}
            EventConfig::Summit(s) => {
                log.entries.push((
                    round,
                    "summit".into(),
                    if s.preparatory {
                        format!("{label} (preparatory round)")
                    } else {
                        label.clone()
                    },
                ));
                due_now.summits.push(SummitDue {
                    name: label,
                    deal_probability: s.deal_probability,
                    preparatory: s.preparatory,
                });
            }
            EventConfig::TariffThreat(_) | EventConfig::TruceExpiry(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::SummitEvent;

    fn summit(date: &str) -> EventConfig {
        EventConfig::Summit(SummitEvent {
            name: String::new(),
            date: date.into(),
            deal_probability: None,
            preparatory: false,
        })
    }

    #[test]
    fn threats_and_expiries_become_pending_measures_with_their_probability() {
        let loaded = crate::config::LoadedScenario::load(None, &[]).unwrap();
        let scenario = loaded.for_replicate(0).unwrap();
        let m = scheduled_measures(&EventCalendar::new(
            &scenario.events,
            scenario.start_month(),
        ));
        let names: Vec<&str> = m.0.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["extra 100% US tariff", "Geneva truce expires"]);
        assert!(m.0.iter().all(|m| m.due_round == 1
            && m.status == MeasureStatus::Pending
            && m.postpone_months == 3));
        assert!((m.0[0].probability - 0.6).abs() < 1e-12);
        assert_eq!(
            m.0[0].kind,
            MeasureKind::Threat {
                us: true,
                rate: 1.0
            }
        );
    }

    #[test]
    fn dates_map_to_the_round_of_their_month() {
        let events = [summit("2025-10-30"), summit("2025-11-01")];
        let cal = EventCalendar::new(&events, YearMonth::default());
        assert_eq!(cal.events[0].0, Some(0));
        assert_eq!(cal.events[1].0, Some(1));
        let cal = EventCalendar::new(&events, YearMonth::parse("2025-01").unwrap());
        assert_eq!(cal.events[0].0, Some(9));
        assert_eq!(cal.events[1].0, Some(10));
    }
}
