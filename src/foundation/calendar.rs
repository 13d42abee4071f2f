//! The calendar (docs/model.md §2 and §4.1): one round is one month; round 0 is October 2025.
//! Seasons the markets need (US harvest Sep–Nov, Brazil's export season Feb–Jul, spring
//! planting in April) are read from here.

use bevy_ecs::prelude::*;

/// Year of round 0.
pub const START_YEAR: i32 = 2025;
/// Calendar month (1..=12) of round 0.
pub const START_MONTH: u32 = 10;

/// The current round and the month it stands for.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct Calendar {
    /// Current round (0-based).
    pub round: u32,
    /// The round the calendar step will enter next.
    next_round: u32,
}

impl Calendar {
    /// Calendar month (1..=12) of the current round.
    pub fn month(&self) -> u32 {
        month_of(self.round)
    }

    /// Calendar year of the current round.
    pub fn year(&self) -> i32 {
        year_of(self.round)
    }

    /// `YYYY-MM` of the current round.
    pub fn label(&self) -> String {
        month_label(self.round)
    }

    /// US soybean harvest months (September to November).
    pub fn is_us_harvest(&self) -> bool {
        (9..=11).contains(&self.month())
    }

    /// Spring planting decisions (April).
    pub fn is_planting(&self) -> bool {
        self.month() == 4
    }

    /// Months since round 0 in which the current marketing year began (September).
    pub fn is_new_marketing_year(&self) -> bool {
        self.month() == 9
    }
}

/// Calendar month (1..=12) of a round.
pub fn month_of(round: u32) -> u32 {
    (START_MONTH - 1 + round) % 12 + 1
}

/// Calendar year of a round.
pub fn year_of(round: u32) -> i32 {
    START_YEAR + ((START_MONTH - 1 + round) / 12) as i32
}

/// `YYYY-MM` label of a round (round 0 = `2025-10`).
pub fn month_label(round: u32) -> String {
    format!("{}-{:02}", year_of(round), month_of(round))
}

/// The round whose month contains a date, or `None` if the date is before round 0.
pub fn round_of_date(year: i32, month: u32) -> Option<u32> {
    let months = (year - START_YEAR) * 12 + month as i32 - START_MONTH as i32;
    u32::try_from(months).ok()
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
    fn round_zero_is_october_2025() {
        assert_eq!(month_label(0), "2025-10");
        assert_eq!(month_label(3), "2026-01");
        assert_eq!(month_label(23), "2027-09");
        assert_eq!(round_of_date(2025, 11), Some(1));
        assert_eq!(round_of_date(2025, 9), None);
    }

    #[test]
    fn seasons() {
        let c = Calendar {
            round: 6,
            next_round: 7,
        }; // 2026-04
        assert!(c.is_planting());
        assert!(!c.is_us_harvest());
        let c = Calendar {
            round: 0,
            next_round: 1,
        };
        assert!(c.is_us_harvest());
    }
}
