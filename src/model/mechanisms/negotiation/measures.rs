//! Scheduled measures when they fall due (docs/model.md §4.1, §4.4): a threat or truce
//! expiry takes effect with its probability; otherwise it is postponed by its
//! `postpone_months` (as the 90-day pause of April 2025 and the truce extension of August
//! 2025) or, without one, dropped. Each measure draws from its own stream, named after it, so
//! scenarios that share a measure share its draws.

use crate::model::state::events::Measure;

/// What happens to a measure that falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It takes effect.
    Implemented,
    /// It is postponed to this round.
    Postponed(u32),
    /// It lapses.
    Dropped,
}

/// Resolves a measure falling due in `round` with the uniform draw `u`.
pub fn resolve(m: &Measure, u: f64, round: u32) -> Outcome {
    if u < m.probability {
        Outcome::Implemented
    } else if m.postpone_months > 0 {
        Outcome::Postponed(round + m.postpone_months)
    } else {
        Outcome::Dropped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::rng::{Purpose, stream};
    use crate::model::state::events::{MeasureKind, MeasureStatus};
    use rand::RngExt;

    fn threat(p: f64, months: u32) -> Measure {
        Measure {
            name: "t".into(),
            kind: MeasureKind::Threat {
                us: true,
                rate: 1.0,
            },
            due_round: 1,
            probability: p,
            postpone_months: months,
            status: MeasureStatus::Pending,
            tariffs_before: None,
        }
    }

    #[test]
    fn a_threat_fires_with_its_probability_and_else_is_postponed_or_dropped() {
        let mut rng = stream(1, 0, Purpose::Measure("t"));
        let m = threat(0.4, 3);
        let n = 5000;
        let fired = (0..n)
            .filter(|_| resolve(&m, rng.random(), 1) == Outcome::Implemented)
            .count();
        let share = fired as f64 / n as f64;
        assert!((share - 0.4).abs() < 0.03, "{share}");
        assert_eq!(resolve(&m, 0.9, 1), Outcome::Postponed(4));
        assert_eq!(resolve(&threat(0.4, 0), 0.9, 1), Outcome::Dropped);
        assert_eq!(resolve(&threat(1.0, 0), 0.999, 1), Outcome::Implemented);
        assert_eq!(resolve(&threat(0.0, 2), 0.0, 5), Outcome::Postponed(7));
    }
}
