//! `[[events]]`: summits, tariff threats, truce expiries and political shocks by date
//! (docs/model.md §4.1).

use serde::{Deserialize, Serialize};

use super::parse_date;
use crate::foundation::calendar::round_of_date;

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

pub fn round_of(date: &str) -> Option<u32> {
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
