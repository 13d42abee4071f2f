//! Scheduled and random events (MODEL.md §4.1): summits (negotiation windows), tariff
//! threats with effective dates, truce expiries with snapback, and random political shocks.
//!
//! An event's date (`YYYY-MM-DD`) maps to the round whose month contains it (25 Oct 2025 →
//! round 0, 1 Nov 2025 → round 1). Summits open a negotiation attempt in that month; threats
//! and expiries fall due in the negotiate step, where a deal struck first cancels a threat
//! or renews the truce. Shocks draw one uniform per shock per month from the shocks stream
//! (whether or not they fire, so streams stay aligned across scenarios).

use bevy_ecs::prelude::*;
use rand::RngExt;

use crate::config::{EventConfig, EventKind, parse_date};
use crate::foundation::calendar::{Calendar, round_of_date};
use crate::foundation::rng::SimRng;
use crate::model::mechanisms::negotiation::DealStatus;
use crate::model::mechanisms::welfare::MonthlyLedger;
use crate::model::state::EventLog;

/// A dated event that falls due in the negotiate step this month.
#[derive(Debug, Clone, PartialEq)]
pub enum DueEvent {
    /// A threatened tariff increase of `rate` on `us` (true) or China's side.
    Threat {
        /// The US imposes it (else China).
        us: bool,
        /// Points added (fraction).
        rate: f64,
        /// Name for the log.
        name: String,
    },
    /// A truce expiry with snapback points per side.
    Expiry {
        /// US points back.
        us: f64,
        /// China points back.
        cn: f64,
        /// Name for the log.
        name: String,
    },
}

/// The scenario's events, resolved to rounds, and what is due this month.
#[derive(Resource, Debug, Clone, Default)]
pub struct EventCalendar {
    events: Vec<(Option<u32>, Option<u32>, EventConfig)>,
    /// Threats and expiries due in this month's negotiate step.
    pub due: Vec<DueEvent>,
    /// Negotiation attempts opened by summits this month.
    pub summits: u32,
}

impl EventCalendar {
    /// Resolves event dates to rounds.
    pub fn new(events: &[EventConfig]) -> Self {
        let events = events
            .iter()
            .map(|e| {
                let from = e
                    .date
                    .as_deref()
                    .map(|d| parse_date(d).map_or(0, |(y, m, _)| round_of_date(y, m).unwrap_or(0)));
                let until = e.until.as_deref().and_then(crate::config::events::round_of);
                (from, until, e.clone())
            })
            .collect();
        Self {
            events,
            due: Vec::new(),
            summits: 0,
        }
    }
}

/// The random stream of political shocks.
#[derive(Resource)]
pub struct ShockRng(pub SimRng);

/// Calendar step: fire this month's events (after the calendar has advanced).
pub fn fire_events(
    calendar: Res<Calendar>,
    mut events: ResMut<EventCalendar>,
    mut rng: ResMut<ShockRng>,
    mut deal: ResMut<DealStatus>,
    mut ledger: ResMut<MonthlyLedger>,
    mut log: ResMut<EventLog>,
) {
    let round = calendar.round;
    let EventCalendar {
        events,
        due,
        summits,
    } = &mut *events;
    due.clear();
    *summits = 0;
    for (from, until, e) in events.iter() {
        let label = if e.name.is_empty() {
            format!("{:?}", e.kind)
        } else {
            e.name.clone()
        };
        match e.kind {
            EventKind::PoliticalShock => {
                let u: f64 = rng.0.random();
                let active = from.is_none_or(|f| round >= f) && until.is_none_or(|t| round <= t);
                if active && u < e.monthly_probability.unwrap_or(0.0) {
                    let size = e.size_usd_bn.unwrap_or(0.0);
                    let us = e.side.as_deref() == Some("us");
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
            EventKind::Summit => {
                *summits += 1;
                log.entries.push((round, "summit".into(), label));
            }
            EventKind::TariffThreat => due.push(DueEvent::Threat {
                us: e.side.as_deref() == Some("us"),
                rate: e.rate.unwrap_or(0.0),
                name: label,
            }),
            EventKind::TruceExpiry => due.push(DueEvent::Expiry {
                us: e.us_snapback.unwrap_or(0.0),
                cn: e.cn_snapback.unwrap_or(0.0),
                name: label,
            }),
        }
    }
    deal.summit = *summits > 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: EventKind, date: &str) -> EventConfig {
        EventConfig {
            kind,
            name: String::new(),
            date: Some(date.into()),
            until: None,
            side: Some("us".into()),
            rate: Some(1.0),
            us_snapback: Some(0.24),
            cn_snapback: None,
            monthly_probability: Some(0.1),
            size_usd_bn: Some(2.0),
        }
    }

    #[test]
    fn dates_map_to_the_round_of_their_month() {
        let cal = EventCalendar::new(&[
            ev(EventKind::Summit, "2025-10-30"),
            ev(EventKind::TariffThreat, "2025-11-01"),
        ]);
        assert_eq!(cal.events[0].0, Some(0));
        assert_eq!(cal.events[1].0, Some(1));
    }

    #[test]
    fn kinds_need_their_fields() {
        let mut e = ev(EventKind::TariffThreat, "2025-11-01");
        assert!(e.check(0).is_ok());
        e.rate = None;
        assert!(e.check(3).unwrap_err().contains("events[3]"));
        let e = ev(EventKind::Summit, "2025-09-01");
        assert!(e.check(0).unwrap_err().contains("before the first round"));
    }
}
