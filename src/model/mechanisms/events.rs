//! Scheduled and random events (docs/model.md §4.1): summits (negotiation windows), tariff
//! threats with effective dates, truce expiries with snapback, and random political shocks.
//!
//! An event's date (`YYYY-MM-DD`) maps to the round whose month contains it, counted from
//! the scenario's `start` (from October 2025: 25 Oct 2025 → round 0, 1 Nov 2025 → round 1). Summits open a negotiation attempt in that month; threats
//! and expiries fall due in the negotiate step, where a deal struck first cancels a threat
//! or renews the truce. Shocks draw one uniform per shock per month from the shocks stream
//! (whether or not they fire, so streams stay aligned across scenarios).

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::config::{EventConfig, EventSide, Scenario, parse_date};
use crate::foundation::calendar::{Calendar, YearMonth};
use crate::foundation::rng::{Purpose, SimRng, stream};
use crate::model::state::events::{DueEvent, EventLog, EventsDue};
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

/// Puts the events into a world: the calendar of the scenario's events, the shocks'
/// stream, nothing due yet and an empty event log.
pub fn setup_events(world: &mut World, scenario: &Scenario, master_seed: u64, replicate: u64) {
    world.insert_resource(EventCalendar::new(&scenario.events, scenario.start_month()));
    world.insert_resource(ShockRng(stream(master_seed, replicate, Purpose::Shocks)));
    world.insert_resource(EventsDue::default());
    world.insert_resource(EventLog::default());
}

/// Calendar step: fire this month's events (after the calendar has advanced): shocks go to
/// the ledger, summits, threats and expiries to [`EventsDue`] for the negotiate step.
pub fn fire_events(
    calendar: Res<Calendar>,
    events: Res<EventCalendar>,
    mut rng: ResMut<ShockRng>,
    mut due_now: ResMut<EventsDue>,
    mut ledger: ResMut<MonthlyLedger>,
    mut log: ResMut<EventLog>,
) {
    let round = calendar.round;
    let EventsDue { due, summits } = &mut *due_now;
    due.clear();
    *summits = 0;
    for (from, until, e) in events.events.iter() {
        let label = if e.name().is_empty() {
            format!("{:?}", e.kind())
        } else {
            e.name().to_string()
        };
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
            EventConfig::Summit(_) => {
                *summits += 1;
                log.entries.push((round, "summit".into(), label));
            }
            EventConfig::TariffThreat(threat) => due.push(DueEvent::Threat {
                us: threat.side == EventSide::Us,
                rate: threat.rate,
                name: label,
            }),
            EventConfig::TruceExpiry(expiry) => due.push(DueEvent::Expiry {
                us: expiry.us_snapback.unwrap_or(0.0),
                cn: expiry.cn_snapback.unwrap_or(0.0),
                name: label,
            }),
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
        })
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
