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
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, round_of_date};
use crate::config::parse_date;
use crate::negotiation::DealStatus;
use crate::replicate::EventLog;
use crate::rng::SimRng;
use crate::welfare::MonthlyLedger;

/// The kinds of event a scenario may schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A negotiation window (talks, leaders' meeting).
    Summit,
    /// A tariff increase that takes effect at its date unless a deal came first.
    TariffThreat,
    /// The end of a truce: suspended tariff points snap back unless a deal is in force.
    TruceExpiry,
    /// A random political shock to one side's pressure, each month with a probability.
    PoliticalShock,
}

/// One `[[events]]` entry.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EventConfig {
    /// What happens.
    pub kind: EventKind,
    /// Human-readable name (logged in events.csv).
    #[serde(default)]
    pub name: String,
    /// Date `YYYY-MM-DD` (summit, threat, expiry; for shocks: first possible date).
    #[serde(default)]
    pub date: Option<String>,
    /// Last possible date of a political shock (`YYYY-MM-DD`); open-ended if absent.
    #[serde(default)]
    pub until: Option<String>,
    /// Which government it concerns: `us` or `cn` (threats, shocks).
    #[serde(default)]
    pub side: Option<String>,
    /// Tariff points added by a threat (fraction, 1.0 = +100 points).
    #[serde(default)]
    pub rate: Option<f64>,
    /// US tariff points that snap back at a truce expiry (fraction).
    #[serde(default)]
    pub us_snapback: Option<f64>,
    /// China tariff points that snap back at a truce expiry (fraction).
    #[serde(default)]
    pub cn_snapback: Option<f64>,
    /// Monthly probability of a political shock (0..1).
    #[serde(default)]
    pub monthly_probability: Option<f64>,
    /// Size of a political shock, added to pressure (USD bn/month, weighted).
    #[serde(default)]
    pub size_usd_bn: Option<f64>,
}

fn round_of(date: &str) -> Option<u32> {
    let (y, m, _) = parse_date(date)?;
    round_of_date(y, m)
}

impl EventConfig {
    /// Checks that the fields an event kind needs are there; `i` is its index in the list.
    pub fn check(&self, i: usize) -> Result<(), String> {
        let at = format!("events[{i}]");
        let need = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(format!("{at} ({:?}) needs {what}", self.kind))
            }
        };
        let side_ok = matches!(self.side.as_deref(), Some("us") | Some("cn"));
        match self.kind {
            EventKind::Summit => need(self.date.is_some(), "a `date`"),
            EventKind::TariffThreat => {
                need(self.date.is_some(), "a `date`")?;
                need(side_ok, "`side = \"us\"` or `\"cn\"`")?;
                need(
                    self.rate.is_some(),
                    "a `rate` (tariff points as a fraction)",
                )
            }
            EventKind::TruceExpiry => {
                need(self.date.is_some(), "a `date`")?;
                need(
                    self.us_snapback.is_some() || self.cn_snapback.is_some(),
                    "`us_snapback` and/or `cn_snapback`",
                )
            }
            EventKind::PoliticalShock => {
                need(side_ok, "`side = \"us\"` or `\"cn\"`")?;
                need(
                    self.monthly_probability.is_some(),
                    "a `monthly_probability`",
                )?;
                need(self.size_usd_bn.is_some(), "a `size_usd_bn`")
            }
        }?;
        for (key, d) in [("date", &self.date), ("until", &self.until)] {
            if let Some(d) = d
                && self.kind != EventKind::PoliticalShock
                && round_of(d).is_none()
            {
                return Err(format!(
                    "{at}.{key} = \"{d}\" is before the first round (2025-10)"
                ));
            }
        }
        Ok(())
    }
}

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
                let until = e.until.as_deref().and_then(round_of);
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
