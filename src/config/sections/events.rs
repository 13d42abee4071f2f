//! `[[events]]`: summits, tariff threats, truce expiries and political shocks by date
//! (docs/model.md §4.1). Each kind is its own table of keys, selected by `kind`, so a key
//! that does not belong to an event's kind is an error naming `events[i]` and the key.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use crate::config::spec::{KeySpec, Kind, Section, join_path, parse_date, section};
use crate::foundation::calendar::YearMonth;

/// The event kinds, as written in `kind`.
pub const EVENT_KINDS: &[&str] = &["summit", "tariff_threat", "truce_expiry", "political_shock"];

/// The kinds of event a scenario may schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A negotiation window (talks, leaders' meeting).
    Summit,
    /// A tariff increase that may take effect at its date unless a deal came first.
    TariffThreat,
    /// The end of a truce: suspended tariff points snap back unless a deal is in force.
    TruceExpiry,
    /// A random political shock to one side's pressure, each month with a probability.
    PoliticalShock,
}

/// Which government an event concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventSide {
    /// The US government.
    Us,
    /// The Chinese government.
    Cn,
}

section! {
    /// A summit: a negotiation window in the month of its date.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct SummitEvent {
        /// Name logged in events.csv.
        #[serde(default)]
        pub name: String = text("text"),
        /// Date; mapped to the round whose month contains it.
        pub date: String = date(),
        /// Deal probability of this summit's talks, replacing the logistic rule (absent: the
        /// rule of `[negotiation]`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub deal_probability: Option<f64> = number("probability", 0.0, 1.0),
        /// A preparatory round (officials' talks before a leaders' meeting): it strikes no
        /// deal itself; progress there raises the next summit's chance.
        #[serde(default)]
        pub preparatory: bool = boolean(),
    }
}

section! {
    /// A tariff threat: extra tariff points at its date unless a deal came first.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ThreatEvent {
        /// Name logged in events.csv.
        #[serde(default)]
        pub name: String = text("text"),
        /// Date; mapped to the round whose month contains it.
        pub date: String = date(),
        /// Which government a threat or shock concerns.
        pub side: EventSide = choice("us | cn", &["us", "cn"]),
        /// Tariff points a threat adds (1.0 = +100 points).
        pub rate: f64 = number("fraction points", 0.0, 5.0),
        /// Chance that the measure takes effect when it falls due (unless a deal preempts it).
        #[serde(default = "certain")]
        pub probability: f64 = number("probability", 0.0, 1.0),
        /// Months a measure that does not take effect is postponed by (0: it is dropped).
        #[serde(default)]
        pub postpone_months: f64 = number("months", 0.0, 24.0),
    }
}

section! {
    /// A truce expiry: suspended tariff points snap back unless a deal is in force.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct TruceExpiryEvent {
        /// Name logged in events.csv.
        #[serde(default)]
        pub name: String = text("text"),
        /// Date; mapped to the round whose month contains it.
        pub date: String = date(),
        /// US tariff points back at a truce expiry.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub us_snapback: Option<f64> = number("fraction points", 0.0, 5.0),
        /// China tariff points back at a truce expiry.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cn_snapback: Option<f64> = number("fraction points", 0.0, 5.0),
        /// Chance that the measure takes effect when it falls due (unless a deal preempts it).
        #[serde(default = "certain")]
        pub probability: f64 = number("probability", 0.0, 1.0),
        /// Months a measure that does not take effect is postponed by (0: it is dropped).
        #[serde(default)]
        pub postpone_months: f64 = number("months", 0.0, 24.0),
    }
}

fn certain() -> f64 {
    1.0
}

section! {
    /// A political shock: each month (between `date` and `until`) it adds pressure to one
    /// side with a probability.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct ShockEvent {
        /// Name logged in events.csv.
        #[serde(default)]
        pub name: String = text("text"),
        /// First date a political shock can fire (from round 0 if absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub date: Option<String> = date(),
        /// Last date a political shock can fire (open-ended if absent).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub until: Option<String> = date(),
        /// Which government a threat or shock concerns.
        pub side: EventSide = choice("us | cn", &["us", "cn"]),
        /// Monthly chance of a political shock.
        pub monthly_probability: f64 = number("probability", 0.0, 1.0),
        /// Pressure a shock adds (weighted).
        pub size_usd_bn: f64 = number("USD bn/month", 0.0, 1000.0),
    }
}

/// One `[[events]]` entry, by `kind`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EventConfig {
    /// `kind = "summit"`.
    Summit(SummitEvent),
    /// `kind = "tariff_threat"`.
    TariffThreat(ThreatEvent),
    /// `kind = "truce_expiry"`.
    TruceExpiry(TruceExpiryEvent),
    /// `kind = "political_shock"`.
    PoliticalShock(ShockEvent),
}

/// A section's key walker ([`Section::keys`]).
type KeysFn = fn(&str, &mut Vec<KeySpec>);

/// The keys of `[[events]]`: `kind`, then every kind's keys once; a key that only some
/// kinds have says which.
impl Section for EventConfig {
    fn keys(prefix: &str, out: &mut Vec<KeySpec>) {
        out.push(KeySpec {
            path: join_path(prefix, "kind"),
            unit: "kind",
            kind: Kind::Choice(EVENT_KINDS),
            doc: "What happens; selects the event's other keys.".into(),
            optional: false,
        });
        let mut merged: Vec<(KeySpec, Vec<&str>)> = Vec::new();
        let per_kind: [(&str, KeysFn); 4] = [
            ("summit", SummitEvent::keys),
            ("tariff_threat", ThreatEvent::keys),
            ("truce_expiry", TruceExpiryEvent::keys),
            ("political_shock", ShockEvent::keys),
        ];
        for (kind, keys) in per_kind {
            let mut specs = Vec::new();
            keys(prefix, &mut specs);
            for spec in specs {
                match merged.iter_mut().find(|(s, _)| s.path == spec.path) {
                    Some((_, kinds)) => kinds.push(kind),
                    None => merged.push((spec, vec![kind])),
                }
            }
        }
        for (mut spec, kinds) in merged {
            if kinds.len() < EVENT_KINDS.len() {
                spec.doc = format!("{} Only for kind {}.", spec.doc, kinds.join(", "));
            }
            out.push(spec);
        }
    }
}

/// The round of a date `YYYY-MM-DD` in a run whose round 0 is `start` (`None` before
/// round 0 or if malformed).
pub fn round_of(date: &str, start: YearMonth) -> Option<u32> {
    let (y, m, _) = parse_date(date)?;
    start.round_of(y, m)
}

impl EventConfig {
    /// The event's kind.
    pub fn kind(&self) -> EventKind {
        match self {
            EventConfig::Summit(_) => EventKind::Summit,
            EventConfig::TariffThreat(_) => EventKind::TariffThreat,
            EventConfig::TruceExpiry(_) => EventKind::TruceExpiry,
            EventConfig::PoliticalShock(_) => EventKind::PoliticalShock,
        }
    }

    /// The name logged in events.csv (may be empty).
    pub fn name(&self) -> &str {
        match self {
            EventConfig::Summit(e) => &e.name,
            EventConfig::TariffThreat(e) => &e.name,
            EventConfig::TruceExpiry(e) => &e.name,
            EventConfig::PoliticalShock(e) => &e.name,
        }
    }

    /// The event's date (for a shock: the first date it can fire, if given).
    pub fn date(&self) -> Option<&str> {
        match self {
            EventConfig::Summit(e) => Some(&e.date),
            EventConfig::TariffThreat(e) => Some(&e.date),
            EventConfig::TruceExpiry(e) => Some(&e.date),
            EventConfig::PoliticalShock(e) => e.date.as_deref(),
        }
    }

    /// The last date a shock can fire, if given.
    pub fn until(&self) -> Option<&str> {
        match self {
            EventConfig::PoliticalShock(e) => e.until.as_deref(),
            _ => None,
        }
    }

    /// Cross-key checks; `i` is the event's index in the list: a truce expiry snaps
    /// something back, and dated events fall on or after round 0 (the `start` month).
    pub fn check(&self, i: usize, start: YearMonth) -> Result<(), String> {
        let at = format!("events[{i}]");
        if let EventConfig::TruceExpiry(e) = self
            && e.us_snapback.is_none()
            && e.cn_snapback.is_none()
        {
            return Err(format!(
                "{at} ({:?}) needs `us_snapback` and/or `cn_snapback`",
                self.kind()
            ));
        }
        crate::config::spec::check_window(&at, self.date(), self.until())?;
        if let Some(u) = self.until()
            && round_of(u, start).is_none()
        {
            return Err(format!(
                "{at}.until = \"{u}\" is before the first round (start = \"{start}\")"
            ));
        }
        if self.kind() != EventKind::PoliticalShock
            && let Some(d) = self.date()
            && round_of(d, start).is_none()
        {
            return Err(format!(
                "{at}.date = \"{d}\" is before the first round (start = \"{start}\")"
            ));
        }
        Ok(())
    }
}

/// Deserializes `[[events]]` one entry at a time, so that an error names `events[i]` and
/// its kind.
pub fn deserialize_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<EventConfig>, D::Error> {
    let raw = Vec::<toml::Value>::deserialize(d)?;
    raw.into_iter()
        .enumerate()
        .map(|(i, v)| {
            let kind = v
                .get("kind")
                .and_then(|k| k.as_str())
                .unwrap_or("no kind")
                .to_string();
            EventConfig::deserialize(v).map_err(|e| {
                D::Error::custom(format!(
                    "events[{i}] ({kind}): {}",
                    e.to_string().trim_end()
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct List {
        #[serde(deserialize_with = "deserialize_list")]
        events: Vec<EventConfig>,
    }

    fn parse(text: &str) -> Result<Vec<EventConfig>, String> {
        toml::from_str::<List>(text)
            .map(|l| l.events)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn kinds_take_exactly_their_keys() {
        let ok = parse(
            "[[events]]\nkind = \"tariff_threat\"\ndate = \"2025-11-01\"\nside = \"us\"\nrate = 1.0\n",
        )
        .unwrap();
        assert_eq!(ok[0].kind(), EventKind::TariffThreat);
        let e = parse(
            "[[events]]\nkind = \"summit\"\ndate = \"2025-11-01\"\n[[events]]\nkind = \"summit\"\ndate = \"2025-11-01\"\nrate = 1.0\n",
        )
        .unwrap_err();
        assert!(
            e.contains("events[1] (summit)") && e.contains("`rate`"),
            "{e}"
        );
        let e =
            parse("[[events]]\nkind = \"tariff_threat\"\ndate = \"2025-11-01\"\nside = \"us\"\n")
                .unwrap_err();
        assert!(
            e.contains("events[0] (tariff_threat)") && e.contains("`rate`"),
            "{e}"
        );
    }

    #[test]
    fn checks_name_the_event() {
        let e = parse("[[events]]\nkind = \"truce_expiry\"\ndate = \"2025-11-10\"\n").unwrap();
        let oct = YearMonth::default();
        assert!(e[0].check(3, oct).unwrap_err().contains("events[3]"));
        let e = parse("[[events]]\nkind = \"summit\"\ndate = \"2025-09-01\"\n").unwrap();
        let msg = e[0].check(0, oct).unwrap_err();
        assert!(
            msg.contains("before the first round (start = \"2025-10\")"),
            "{msg}"
        );
        let jan = YearMonth::parse("2025-01").unwrap();
        assert!(e[0].check(0, jan).is_ok());
    }

    #[test]
    fn event_keys_are_listed_once_with_their_kinds() {
        let mut keys = Vec::new();
        EventConfig::keys("events[]", &mut keys);
        let paths: Vec<&str> = keys.iter().map(|k| k.path.as_str()).collect();
        assert_eq!(
            paths[..3],
            ["events[].kind", "events[].name", "events[].date"]
        );
        let rate = keys.iter().find(|k| k.path == "events[].rate").unwrap();
        assert!(
            rate.doc.ends_with("Only for kind tariff_threat."),
            "{}",
            rate.doc
        );
        assert_eq!(paths.iter().filter(|p| **p == "events[].side").count(), 1);
    }
}
