//! Compliance reviews (docs/model.md §4.4): at dated reviews (every
//! `review_interval_months` after the deal) the US compares China's purchases since the deal
//! with the commitment due by then. A shortfall climbs the graduated answer one step
//! (pressure → probe → partial snapback → end); a review without shortfall steps back one.
//! Nothing happens between reviews: Phase One ran at 57% for two years and was never
//! formally ended (PIIE, Bown 2022).

use crate::model::state::deal::ReviewStep;

/// The outcome of one review.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Where the answer stands after the review.
    pub step: ReviewStep,
    /// Purchases since the deal over the commitment due (0..1+).
    pub fulfilled: f64,
    /// Whether the review found a shortfall.
    pub shortfall: bool,
    /// Relative size of the shortfall, `(threshold − fulfilled)/threshold` (0 without one).
    pub gap: f64,
}

/// Reviews `fulfilled` against `threshold` from the standing `step`.
pub fn review(step: ReviewStep, fulfilled: f64, threshold: f64) -> Verdict {
    let shortfall = fulfilled < threshold;
    Verdict {
        step: if shortfall { step.up() } else { step.down() },
        fulfilled,
        shortfall,
        gap: if shortfall {
            (threshold - fulfilled) / threshold.max(1e-9)
        } else {
            0.0
        },
    }
}

/// Whether `round` is a review date of a deal whose next review is `next_review_round`.
pub fn is_review(round: u32, next_review_round: u32) -> bool {
    round == next_review_round
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortfalls_escalate_in_steps_and_compliance_steps_back() {
        let mut step = ReviewStep::Satisfied;
        let mut path = vec![];
        for fulfilled in [0.5, 0.5, 0.9, 0.5, 0.5, 0.5] {
            let v = review(step, fulfilled, 0.6);
            step = v.step;
            path.push(step);
        }
        assert_eq!(
            path,
            [
                ReviewStep::Pressure,
                ReviewStep::Probe,
                ReviewStep::Pressure,
                ReviewStep::Probe,
                ReviewStep::PartialSnapback,
                ReviewStep::End
            ]
        );
        let v = review(ReviewStep::Satisfied, 0.3, 0.6);
        assert!(v.shortfall && (v.gap - 0.5).abs() < 1e-12);
        assert_eq!(review(ReviewStep::Satisfied, 0.7, 0.6).gap, 0.0);
    }

    #[test]
    fn reviews_happen_only_on_their_dates() {
        let dates: Vec<u32> = (0..12).filter(|r| is_review(*r, 6)).collect();
        assert_eq!(dates, [6]);
    }
}
