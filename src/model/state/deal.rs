//! A deal's terms and its purchase accounting (docs/model.md §4.4, §4.6).

use bevy_ecs::prelude::*;

/// The instrument levels a deal settled on: a side breaches by moving an instrument above
/// its agreed level, and strategies do not cut below it while the deal is in force.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AgreedLevels {
    /// US tariff on Chinese goods (fraction).
    pub us_tariff: f64,
    /// China's tariff on US goods (fraction).
    pub cn_tariff: f64,
    /// US tech export-control stringency (0..1), if modelled.
    pub us_controls: Option<f64>,
    /// China's rare-earth licensing stringency (0..1), if modelled.
    pub cn_rare_earths: Option<f64>,
}

/// The graduated answer to a purchase shortfall found at a compliance review (docs/model.md
/// §4.4): each shortfall review climbs one step; a review without shortfall steps back one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ReviewStep {
    /// No standing complaint.
    #[default]
    Satisfied,
    /// Public pressure: complaints, the US raises the matter.
    Pressure,
    /// A formal probe of the shortfall (as the Section 301 probe of 24 Oct 2025).
    Probe,
    /// Part of the deal's US tariff cut is withdrawn.
    PartialSnapback,
    /// The deal ends; its suspended measures snap back.
    End,
}

impl ReviewStep {
    /// The next step up.
    pub fn up(self) -> Self {
        match self {
            ReviewStep::Satisfied => ReviewStep::Pressure,
            ReviewStep::Pressure => ReviewStep::Probe,
            ReviewStep::Probe => ReviewStep::PartialSnapback,
            ReviewStep::PartialSnapback | ReviewStep::End => ReviewStep::End,
        }
    }

    /// The next step down (an ended deal stays ended).
    pub fn down(self) -> Self {
        match self {
            ReviewStep::Satisfied | ReviewStep::Pressure => ReviewStep::Satisfied,
            ReviewStep::Probe => ReviewStep::Pressure,
            ReviewStep::PartialSnapback => ReviewStep::Probe,
            ReviewStep::End => ReviewStep::End,
        }
    }

    /// Name written to events.csv.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStep::Satisfied => "satisfied",
            ReviewStep::Pressure => "pressure",
            ReviewStep::Probe => "probe",
            ReviewStep::PartialSnapback => "partial_snapback",
            ReviewStep::End => "end",
        }
    }
}

/// Whether a deal is in force, its terms and the record of deals in this replicate. Owner:
/// negotiation; read by governments (observe, decide), soybeans (purchases under a deal) and
/// the recorder.
#[derive(Resource, Debug, Clone, Default)]
pub struct DealTerms {
    /// A deal is in force this month.
    pub active: bool,
    /// Round of the first deal, if any.
    pub first_deal_round: Option<u32>,
    /// Deals struck so far (renewals not counted).
    pub deal_count: u32,
    /// Whether any deal ended by defection or a compliance breach.
    pub broken: bool,
    /// Round at which the current deal's suspension expires (renewal decided then).
    pub expires_round: u32,
    /// Round the current deal started.
    pub started_round: u32,
    /// First round whose moves count under the deal: the deal's own round if it was struck
    /// before that month's moves (at a summit), else the next one. Moves before it are what
    /// the deal settled.
    pub anchor_round: u32,
    /// The levels the deal settled on.
    pub agreed: AgreedLevels,
    /// Tariff cuts still applied by the current deal (US, China), restored at snapback.
    pub applied_cuts: (f64, f64),
    /// Control cuts applied by the current deal (US export controls, China's rare-earth
    /// stringency), restored at snapback.
    pub applied_control_cuts: (f64, f64),
    /// Share of China's rare-earth stringency above reference lifted (0 without a deal).
    pub re_pause_share: f64,
    /// Share of US export-control stringency above reference suspended (0 without a deal).
    pub export_control_suspension_share: f64,
    /// This deal's purchase pace (share of the commitment China actually buys).
    pub compliance_pace: f64,
    /// Where the graduated answer to shortfalls stands.
    pub review_step: ReviewStep,
    /// Round of the next compliance review.
    pub next_review_round: u32,
    /// Combined pressure (both sides, in units of resolve) when the current deal was struck:
    /// what letting it lapse would bring back, weighed at renewal.
    pub pressure_at_strike: f64,
}

impl DealTerms {
    /// Whether `side_moved_round`'s moves were made before the deal in force (so the deal
    /// settled them and they are no defection to answer).
    pub fn settled(&self, moves_round: u32) -> bool {
        self.active && moves_round < self.anchor_round
    }
}

/// China's soybean purchases against a deal's commitment. Owner: soybeans (the market
/// step, while a deal is in force; it starts a new account when a new deal is struck);
/// read by negotiation (compliance) and the recorder.
#[derive(Resource, Debug, Clone, Default)]
pub struct DealPurchases {
    /// The deal (its number in [`DealTerms::deal_count`]) these figures account for.
    pub deal_number: u32,
    /// Soybean tonnage China buys against the commitment this month, at its pace (Mt; 0
    /// without a deal).
    pub commitment_this_month_mt: f64,
    /// Commitment accrued since the current (or last) deal began (Mt).
    pub committed_to_date_mt: f64,
    /// US soybean exports to China since the current (or last) deal began (Mt).
    pub purchased_to_date_mt: f64,
    /// The near-term tonnage of the current (or last) deal (Mt).
    pub near_term_mt: f64,
    /// Near-term tonnage scheduled so far (Mt).
    pub near_term_scheduled_mt: f64,
}

impl DealPurchases {
    /// Purchases against the commitment so far (0..1+; 0 before any deal or before the
    /// first shipment is due).
    pub fn fulfilled_share(&self) -> f64 {
        if self.committed_to_date_mt > 0.0 {
            self.purchased_to_date_mt / self.committed_to_date_mt
        } else {
            0.0
        }
    }

    /// Purchases since the deal against its near-term commitment (0..1+; 0 without one).
    pub fn near_term_share(&self) -> f64 {
        if self.near_term_mt > 0.0 {
            self.purchased_to_date_mt / self.near_term_mt
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_steps_climb_one_at_a_time_and_end_is_final() {
        let mut s = ReviewStep::Satisfied;
        let mut seen = vec![];
        for _ in 0..5 {
            s = s.up();
            seen.push(s);
        }
        assert_eq!(
            seen,
            [
                ReviewStep::Pressure,
                ReviewStep::Probe,
                ReviewStep::PartialSnapback,
                ReviewStep::End,
                ReviewStep::End
            ]
        );
        assert_eq!(ReviewStep::Probe.down(), ReviewStep::Pressure);
        assert_eq!(ReviewStep::End.down(), ReviewStep::End);
    }
}
