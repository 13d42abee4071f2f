//! The economics of rare-earth licensing and magnet supply (docs/model.md §4.8): pure
//! functions of one firm's month, tested alone.

use crate::config::RareEarthConfig;

/// `a / b`, or 0 when `b` is not positive.
pub fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// Probability that a licence request is approved this month: `(1 − s)^k`.
pub fn approval_probability(stringency: f64, exponent: f64) -> f64 {
    (1.0 - stringency).clamp(0.0, 1.0).powf(exponent)
}

/// The tonnes approved for an application of `order_t` given a uniform draw `u` and the
/// approval probability: all or nothing, never more than applied for.
pub fn licence(order_t: f64, u: f64, probability: f64) -> f64 {
    // `&`, not `&&`: a select, not a branch (approvals are coin flips the CPU cannot predict).
    if (order_t > 0.0) & (u < probability) {
        order_t
    } else {
        0.0
    }
}

/// One month of use: `(inventory after use, tonnes used)` from the stock on hand, this
/// month's arrivals and the need. Inventory never goes negative.
pub fn consume(inventory_t: f64, arrivals_t: f64, need_t: f64) -> (f64, f64) {
    let available = inventory_t.max(0.0) + arrivals_t.max(0.0);
    let used = need_t.min(available);
    ((available - used).max(0.0), used)
}

/// Output lost when only `used_t` of `need_t` was available (USD bn); zero unless short.
pub fn shortage_loss(output_at_risk_usd_bn: f64, used_t: f64, need_t: f64) -> f64 {
    // Computed either way and selected (no branch on whether the firm ran short).
    let loss = output_at_risk_usd_bn * (1.0 - used_t / need_t);
    if (need_t > 0.0) & (used_t < need_t) {
        loss
    } else {
        0.0
    }
}

/// The licence application of a firm: its China-sourced need plus a share
/// `per_restock_month` (= 1/`restock_months`) of the gap between its target stock and what
/// it holds or has in transit.
pub fn order_t(
    need_t: f64,
    non_china_share: f64,
    target_t: f64,
    inventory_t: f64,
    in_transit_t: f64,
    per_restock_month: f64,
) -> f64 {
    let gap = target_t - inventory_t - in_transit_t;
    ((1.0 - non_china_share) * need_t + gap * per_restock_month).max(0.0)
}

/// Share of US need met by non-China supply that every firm shares at `round`: the initial
/// supply plus government-backed capacity once it has arrived.
pub fn non_china_base_share(cfg: &RareEarthConfig, round: u32) -> f64 {
    let need = cfg.us_need_t_per_yr;
    if need <= 0.0 {
        return 0.0;
    }
    let mut t = cfg.non_china_initial_t_per_yr;
    if round >= cfg.government_capacity_round {
        t += cfg.government_capacity_t_per_yr;
    }
    (t / need).min(1.0)
}

/// The round a non-China investment committed at `round` starts supplying, for a uniform
/// `u`: after a lag uniform on `[min, max]` months, rounded up (never before `min`).
pub fn arrival_round(round: u32, u: f64, min_months: f64, max_months: f64) -> u32 {
    let lag = min_months + u.clamp(0.0, 1.0) * (max_months - min_months).max(0.0);
    round + lag.ceil().max(0.0) as u32
}

/// The non-China premium per tonne of magnets (USD bn/t).
pub fn premium_usd_bn_per_t(cfg: &RareEarthConfig) -> f64 {
    (cfg.ndpr_floor_usd_per_kg - cfg.ndpr_china_usd_per_kg).max(0.0)
        * cfg.ndpr_kg_per_kg_magnet
        * 1000.0
        / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cfg() -> RareEarthConfig {
        crate::config::LoadedScenario::load(None, &[])
            .unwrap()
            .typical
            .rare_earths
    }

    #[test]
    fn approval_falls_with_stringency_and_is_certain_without_licensing() {
        assert_eq!(approval_probability(0.0, 1.0), 1.0);
        assert!((approval_probability(0.85, 1.0) - 0.15).abs() < 1e-12);
        assert!(approval_probability(0.5, 2.0) < approval_probability(0.5, 1.0));
        assert_eq!(approval_probability(1.0, 1.0), 0.0);
    }

    #[test]
    fn government_capacity_arrives_at_its_round() {
        let c = cfg();
        let before = non_china_base_share(&c, c.government_capacity_round - 1);
        let after = non_china_base_share(&c, c.government_capacity_round);
        assert!(after > before);
        assert!(after <= 1.0);
    }

    #[test]
    fn premium_follows_the_ndpr_floor() {
        // ($110 − $60)/kg NdPr × 0.3 kg/kg = $15/kg of magnet = $15,000/t.
        assert!((premium_usd_bn_per_t(&cfg()) - 15_000.0 / 1e9).abs() < 1e-15);
    }

    proptest! {
        /// Approvals never exceed applications: a licence grants at most what was asked,
        /// and over a batch of firms approvals are never more than applications.
        #[test]
        fn approvals_never_exceed_applications(
            orders in proptest::collection::vec(-5.0f64..50.0, 1..60),
            us in proptest::collection::vec(0.0f64..1.0, 60),
            s in 0.0f64..1.0,
        ) {
            let p = approval_probability(s, 1.0);
            let mut applications = 0;
            let mut approvals = 0;
            for (o, u) in orders.iter().zip(&us) {
                let a = licence(*o, *u, p);
                prop_assert!(a >= 0.0 && a <= o.max(0.0));
                applications += usize::from(*o > 0.0);
                approvals += usize::from(a > 0.0);
            }
            prop_assert!(approvals <= applications);
        }

        /// Inventories never go negative, and a shortage (output loss) happens only when
        /// the stock is at zero.
        #[test]
        fn inventories_never_negative_and_shortage_only_at_zero_stock(
            inv in 0.0f64..100.0, arrivals in 0.0f64..100.0, need in 0.0f64..100.0,
            months in 1usize..24, out in 0.0f64..10.0,
        ) {
            let mut i = inv;
            for _ in 0..months {
                let (next, used) = consume(i, arrivals, need);
                prop_assert!(next >= 0.0);
                prop_assert!(used <= need + 1e-12);
                let loss = shortage_loss(out, used, need);
                if used < need {
                    prop_assert_eq!(next, 0.0, "short with stock left");
                } else {
                    prop_assert_eq!(loss, 0.0, "loss without a shortage");
                }
                prop_assert!(loss >= 0.0 && loss <= out + 1e-12);
                i = next;
            }
        }

        /// Non-China capacity arrives only after its lag.
        #[test]
        fn non_china_capacity_arrives_only_after_its_lag(
            round in 0u32..100, u in 0.0f64..1.0, lo in 0.0f64..40.0, extra in 0.0f64..40.0,
        ) {
            let arrival = arrival_round(round, u, lo, lo + extra);
            prop_assert!(f64::from(arrival - round) >= lo);
            prop_assert!(f64::from(arrival - round) <= (lo + extra).ceil());
        }

        /// Orders rise as stock falls and are never negative.
        #[test]
        fn orders_answer_the_stock_gap(need in 0.1f64..10.0, inv in 0.0f64..50.0, d in 0.01f64..5.0) {
            let a = order_t(need, 0.1, 3.0 * need, inv + d, need, 1.0 / 3.0);
            let b = order_t(need, 0.1, 3.0 * need, inv, need, 1.0 / 3.0);
            prop_assert!(a >= 0.0 && b >= a);
        }
    }
}
