//! The calendar (docs/model.md §2 and §4.1): one round is one month; round 0 is the scenario's
//! `start` month (October 2025 in the baseline). Seasons the markets need (US harvest
//! Sep–Nov, Brazil's export season Feb–Jul, spring planting in April, the marketing year from
//! September) are read from the calendar month, never from the round number, so a run that
//! starts in January has its harvest in rounds 8–10 and one that starts in October in rounds
//! 0–1.

use bevy_ecs::prelude::*;

/// A calendar month (`YYYY-MM`): the month of round 0, or the month of any round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// Calendar year.
    pub year: i32,
    /// Calendar month, 1..=12.
    pub month: u32,
}

/// The baseline's round 0: October 2025 (the Kuala Lumpur talks of the seed article).
pub const DEFAULT_START: YearMonth = YearMonth {
    year: 2025,
    month: 10,
};

/// The earliest allowed start: January 2017, before the 2018–19 trade war.
pub const EARLIEST_START: YearMonth = YearMonth {
    year: 2017,
    month: 1,
};

/// The latest allowed start: December 2099 (a guard against typos in the year).
pub const LATEST_START: YearMonth = YearMonth {
    year: 2099,
    month: 12,
};

impl Default for YearMonth {
    fn default() -> Self {
        DEFAULT_START
    }
}

impl YearMonth {
    /// Parses `YYYY-MM` strictly (four-digit year, two-digit month 01..12).
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    /// Parses a start month: `YYYY-MM` between [`EARLIEST_START`] and [`LATEST_START`]; the
    /// error says what is allowed.
    pub fn parse_start(s: &str) -> Result<Self, String> {
        match Self::parse(s) {
            Some(ym) if (EARLIEST_START..=LATEST_START).contains(&ym) => Ok(ym),
            Some(_) => Err(format!(
                "must be a month from {EARLIEST_START} to {LATEST_START}"
            )),
            None => Err(format!(
                "must be a month \"YYYY-MM\" from {EARLIEST_START} to {LATEST_START}, e.g. \"2018-01\""
            )),
        }
    }

    /// Months since year 0 (a total order on months).
    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// The month `rounds` months later.
    pub fn plus(self, rounds: u32) -> Self {
        let i = self.index() + i64::from(rounds);
        Self {
            year: i.div_euclid(12) as i32,
            month: i.rem_euclid(12) as u32 + 1,
        }
    }

    /// The round (months after `self`) of the month `year`-`month`, or `None` if it comes
    /// before `self`.
    pub fn round_of(self, year: i32, month: u32) -> Option<u32> {
        let other = Self { year, month };
        u32::try_from(other.index() - self.index()).ok()
    }

    /// `YYYY-MM`.
    pub fn label(self) -> String {
        self.to_string()
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The current round and the month it stands for.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct Calendar {
    /// Current round (0-based).
    pub round: u32,
    /// The round the calendar step will enter next.
    next_round: u32,
    /// The month of round 0.
    start: YearMonth,
}

impl Calendar {
    /// A calendar before its first step, whose round 0 is `start`.
    pub fn starting(start: YearMonth) -> Self {
        Self {
            round: 0,
            next_round: 0,
            start,
        }
    }

    /// The month of round 0.
    pub fn start(&self) -> YearMonth {
        self.start
    }

    /// The month of the current round.
    pub fn year_month(&self) -> YearMonth {
        self.start.plus(self.round)
    }

    /// Calendar month (1..=12) of the current round.
    pub fn month(&self) -> u32 {
        self.year_month().month
    }

    /// Calendar year of the current round.
    pub fn year(&self) -> i32 {
        self.year_month().year
    }

    /// `YYYY-MM` of the current round.
    pub fn label(&self) -> String {
        self.year_month().label()
    }

    /// US soybean harvest months (September to November).
    pub fn is_us_harvest(&self) -> bool {
        (9..=11).contains(&self.month())
    }

    /// Spring planting decisions (April).
    pub fn is_planting(&self) -> bool {
        self.month() == 4
    }

    /// The month a new soybean marketing year begins (September).
    pub fn is_new_marketing_year(&self) -> bool {
        self.month() == 9
    }
}

/// `YYYY-MM` label of `round` in a run whose round 0 is `start`.
pub fn month_label(start: YearMonth, round: u32) -> String {
    start.plus(round).label()
}

/// Calendar step: advance to the next month.
pub fn advance_calendar(mut calendar: ResMut<Calendar>) {
    calendar.round = calendar.next_round;
    calendar.next_round += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_zero_is_the_start_month() {
        let s = DEFAULT_START;
        assert_eq!(month_label(s, 0), "2025-10");
        assert_eq!(month_label(s, 3), "2026-01");
        assert_eq!(month_label(s, 23), "2027-09");
        assert_eq!(s.round_of(2025, 11), Some(1));
        assert_eq!(s.round_of(2025, 9), None);
        let jan = YearMonth::parse("2018-01").unwrap();
        assert_eq!(month_label(jan, 0), "2018-01");
        assert_eq!(month_label(jan, 11), "2018-12");
        assert_eq!(month_label(jan, 12), "2019-01");
        assert_eq!(jan.round_of(2018, 12), Some(11));
        assert_eq!(jan.round_of(2017, 12), None);
    }

    #[test]
    fn start_months_parse_strictly_within_their_range() {
        assert_eq!(YearMonth::parse_start("2017-01"), Ok(EARLIEST_START));
        assert_eq!(YearMonth::parse_start("2025-10"), Ok(DEFAULT_START));
        for bad in [
            "2016-12",
            "2025-13",
            "2025-1",
            "25-10",
            "2025-10-01",
            "2025/10",
            "",
        ] {
            let e = YearMonth::parse_start(bad).unwrap_err();
            assert!(e.contains("2017-01"), "{bad}: {e}");
        }
    }

    #[test]
    fn seasons_follow_the_calendar_month_of_the_start() {
        let mut c = Calendar {
            round: 6, // 2026-04
            ..Calendar::default()
        };
        assert!(c.is_planting());
        assert!(!c.is_us_harvest());
        c.round = 0;
        assert!(c.is_us_harvest());
        let mut c = Calendar::starting(YearMonth::parse("2018-01").unwrap());
        c.round = 3; // 2018-04
        assert!(c.is_planting());
        c.round = 8; // 2018-09
        assert!(c.is_us_harvest() && c.is_new_marketing_year());
        c.round = 0;
        assert!(!c.is_us_harvest());
    }
}
