//! Negotiation's metrics (docs/model.md §4.4, §6).

use crate::model::metrics::{RoundMetric, RunMetric, meta};
use crate::model::state::deal::{DealPurchases, DealTerms};

/// Per-month metrics of negotiation (docs/model.md §4.4).
pub const NEGOTIATION_ROUND_METRICS: &[RoundMetric] = &[
    RoundMetric {
        meta: meta(
            "deal_active",
            "0/1",
            "Share of runs under a deal",
            "1 if a deal is in force at the end of the month",
        ),
        read: |w| f64::from(u8::from(w.resource::<DealTerms>().active)),
    },
    RoundMetric {
        meta: meta(
            "soy_commitment_fulfilled_share",
            "fraction 0..1+",
            "Soybean commitment fulfilled",
            "US soybean exports to China since the current (or last) deal was struck, over its near-term commitment; 0 before any deal",
        ),
        read: |w| w.resource::<DealPurchases>().near_term_share(),
    },
];

/// Outcomes of negotiation (docs/model.md §6).
pub const NEGOTIATION_RUN_METRICS: &[RunMetric] = &[
    RunMetric {
        meta: meta(
            "deal_reached",
            "0/1",
            "Deal reached",
            "1 if a deal was struck within the horizon",
        ),
        compute: |v| {
            Some(f64::from(u8::from(
                v.resource::<DealTerms>().deal_count > 0,
            )))
        },
    },
    RunMetric {
        meta: meta(
            "first_deal_round",
            "round",
            "First deal, round",
            "round of the first deal (empty if none)",
        ),
        compute: |v| v.resource::<DealTerms>().first_deal_round.map(f64::from),
    },
    RunMetric {
        meta: meta(
            "deal_count",
            "deals",
            "Deals struck",
            "number of deals struck over the horizon (renewals not counted)",
        ),
        compute: |v| Some(f64::from(v.resource::<DealTerms>().deal_count)),
    },
    RunMetric {
        meta: meta(
            "deal_broken",
            "0/1",
            "Deal broken",
            "1 if a deal ended by defection or a compliance breach",
        ),
        compute: |v| Some(f64::from(u8::from(v.resource::<DealTerms>().broken))),
    },
    RunMetric {
        meta: meta(
            "soy_commitment_fulfilled_share",
            "fraction 0..1+",
            "Soybean commitment fulfilled",
            "US soybean exports to China against the last deal's commitment to date (empty if no deal)",
        ),
        compute: |v| {
            (v.resource::<DealTerms>().deal_count > 0)
                .then(|| v.resource::<DealPurchases>().fulfilled_share())
        },
    },
];
