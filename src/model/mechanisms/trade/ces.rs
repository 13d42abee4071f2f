//! The nested-CES demand of one importing side (docs/model.md §4.5), as pure functions.
//!
//! Buyers spend a fixed budget `E₀` on the goods the partner sells them (a Cobb–Douglas upper
//! tier, as in Fajgelbaum et al. 2020). Inside it, a CES with elasticity `κ` between the
//! import bundle and domestic goods; inside the import bundle, a CES with elasticity `σ`
//! between origins: the partner (China for US buyers, the US for Chinese buyers) and the rest
//! of the world (RoW). Buyers' prices relative to the reference are `ĉ = (1 + ρτ)/(1 + ρτ₀)`
//! for the partner's goods and 1 for RoW and domestic goods (their prices do not move with
//! the bilateral tariffs). With reference spending shares `θ` (partner within imports) and
//! `φ` (imports within the budget):
//!
//! - import price index `P̂_M = (θ·ĉ^(1−σ) + (1 − θ))^(1/(1−σ))`;
//! - budget price index `P̂ = (φ·P̂_M^(1−κ) + (1 − φ))^(1/(1−κ))`;
//! - spending on imports `B_M = E₀·φ·(P̂_M/P̂)^(1−κ)`, on the partner
//!   `B_c = B_M·θ·(ĉ/P̂_M)^(1−σ)`, on RoW `B_r = B_M·(1 − θ)·P̂_M^(σ−1)`, on domestic goods
//!   `D = E₀·(1 − φ)·P̂^(κ−1)`; they add up to `E₀` (the budget is conserved);
//! - imports at world prices: `M_c = B_c/(1 + ρτ)`, `M_r = B_r/(1 + ρ·t_r)`;
//! - buyers' cost (compensating variation of the fixed budget) `E₀·(P̂ − 1)`.
//!
//! With `σ > κ` a tariff on the partner shifts purchases to RoW (diversion) and, less, to
//! domestic goods, so total imports fall by less than imports from the partner.

/// One importing side's demand at its reference (USD bn per month; tariffs as fractions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Basket {
    /// Imports from the partner at the reference, world prices.
    pub partner0_usd_bn: f64,
    /// Imports of the same goods from the rest of the world at the reference, world prices.
    pub row0_usd_bn: f64,
    /// The reference tariff on the partner's goods.
    pub partner_tariff0: f64,
    /// The tariff on the rest of the world's goods (fixed).
    pub row_tariff: f64,
    /// Domestic goods' share of buyers' spending at the reference (0..1).
    pub domestic_share: f64,
    /// Elasticity of substitution between origins of imports (σ).
    pub sigma: f64,
    /// Elasticity of substitution between the import bundle and domestic goods (κ).
    pub kappa: f64,
    /// Pass-through of tariffs to buyers' prices (ρ).
    pub pass_through: f64,
    /// Producers' surplus per dollar of sales lost or gained.
    pub surplus_share: f64,
}

/// One month of a side's demand at a given partner tariff (USD bn per month).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Demand {
    /// Imports from the partner, world prices.
    pub partner_usd_bn: f64,
    /// Imports from the rest of the world, world prices.
    pub row_usd_bn: f64,
    /// Spending on domestic goods.
    pub domestic_usd_bn: f64,
    /// Buyers' spending on the partner's goods, tariff included.
    pub partner_spending_usd_bn: f64,
    /// Buyers' spending on the rest of the world's goods, tariff included.
    pub row_spending_usd_bn: f64,
    /// Buyers' price index relative to the reference (`P̂`).
    pub price_index: f64,
    /// Buyers' cost against the reference, `E₀·(P̂ − 1)`.
    pub buyers_cost_usd_bn: f64,
    /// Tariff revenue: `rate·M_c + t_r·M_r`.
    pub revenue_usd_bn: f64,
    /// Tariff revenue above the reference revenue.
    pub revenue_change_usd_bn: f64,
    /// The partner's exporters' loss: `s·(M_c₀ − M_c) + (1 − ρ)·(rate·M_c − τ₀·M_c₀)`.
    pub exporter_loss_usd_bn: f64,
    /// Import-competing producers' gain: `s·(D − D₀)`.
    pub producer_gain_usd_bn: f64,
}

/// A CES price index of relative prices `p` with weights `w` (adding to 1) and elasticity
/// `e` (the Cobb–Douglas limit at `e = 1`).
pub fn ces_index(w: &[f64], p: &[f64], e: f64) -> f64 {
    if (e - 1.0).abs() < 1e-9 {
        w.iter().zip(p).map(|(w, p)| w * p.ln()).sum::<f64>().exp()
    } else {
        let s: f64 = w.iter().zip(p).map(|(w, p)| w * p.powf(1.0 - e)).sum();
        s.powf(1.0 / (1.0 - e))
    }
}

impl Basket {
    /// Buyers' spending at the reference on the partner's goods, on RoW goods and on
    /// domestic goods (USD bn per month).
    pub fn reference_spending(&self) -> (f64, f64, f64) {
        let bc = self.partner0_usd_bn * (1.0 + self.pass_through * self.partner_tariff0);
        let br = self.row0_usd_bn * (1.0 + self.pass_through * self.row_tariff);
        let d = self.domestic_share / (1.0 - self.domestic_share) * (bc + br);
        (bc, br, d)
    }

    /// The month's demand when buyers face the partner tariff `tau` (its price effect) and
    /// the partner's goods pay `revenue_rate` in tariff per dollar at world prices.
    pub fn demand(&self, tau: f64, revenue_rate: f64) -> Demand {
        let rho = self.pass_through;
        let (bc0, br0, d0) = self.reference_spending();
        let e0 = bc0 + br0 + d0;
        if e0 <= 0.0 {
            return Demand {
                price_index: 1.0,
                ..Demand::default()
            };
        }
        let m0 = bc0 + br0;
        let theta = if m0 > 0.0 { bc0 / m0 } else { 0.0 };
        let phi = m0 / e0;
        let c_hat = (1.0 + rho * tau) / (1.0 + rho * self.partner_tariff0);
        let pm = ces_index(&[theta, 1.0 - theta], &[c_hat, 1.0], self.sigma);
        let p = ces_index(&[phi, 1.0 - phi], &[pm, 1.0], self.kappa);
        let bm = e0 * phi * (pm / p).powf(1.0 - self.kappa);
        let bc = bm * theta * (c_hat / pm).powf(1.0 - self.sigma);
        let br = bm * (1.0 - theta) * pm.powf(self.sigma - 1.0);
        let d = e0 * (1.0 - phi) * p.powf(self.kappa - 1.0);
        let mc = bc / (1.0 + rho * tau);
        let mr = br / (1.0 + rho * self.row_tariff);
        let revenue = revenue_rate * mc + self.row_tariff * mr;
        let revenue0 =
            self.partner_tariff0 * self.partner0_usd_bn + self.row_tariff * self.row0_usd_bn;
        let partner_revenue_change =
            revenue_rate * mc - self.partner_tariff0 * self.partner0_usd_bn;
        Demand {
            partner_usd_bn: mc,
            row_usd_bn: mr,
            domestic_usd_bn: d,
            partner_spending_usd_bn: bc,
            row_spending_usd_bn: br,
            price_index: p,
            buyers_cost_usd_bn: e0 * (p - 1.0),
            revenue_usd_bn: revenue,
            revenue_change_usd_bn: revenue - revenue0,
            exporter_loss_usd_bn: self.surplus_share * (self.partner0_usd_bn - mc)
                + (1.0 - rho) * partner_revenue_change,
            producer_gain_usd_bn: self.surplus_share * (d - d0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::state::markets::collected_rate;
    use proptest::prelude::*;

    fn us() -> Basket {
        Basket {
            partner0_usd_bn: 439.0 / 12.0,
            row0_usd_bn: 2.0 * 439.0 / 12.0,
            partner_tariff0: 0.208,
            row_tariff: 0.10,
            domestic_share: 0.5,
            sigma: 2.53,
            kappa: 1.19,
            pass_through: 1.0,
            surplus_share: 0.25,
        }
    }

    #[test]
    fn at_the_reference_nothing_changes() {
        let b = us();
        let d = b.demand(0.208, 0.208);
        assert!((d.partner_usd_bn - b.partner0_usd_bn).abs() < 1e-9);
        assert!((d.row_usd_bn - b.row0_usd_bn).abs() < 1e-9);
        assert!((d.price_index - 1.0).abs() < 1e-12);
        assert!(d.buyers_cost_usd_bn.abs() < 1e-9);
        assert!(d.revenue_change_usd_bn.abs() < 1e-9);
        assert!(d.exporter_loss_usd_bn.abs() < 1e-9 && d.producer_gain_usd_bn.abs() < 1e-9);
    }

    #[test]
    fn exemptions_lower_the_collected_rate() {
        assert!((collected_rate(0.55, 0.208, 0.0) - 0.55).abs() < 1e-12);
        assert!(collected_rate(0.55, 0.208, 0.44) < 0.55);
        assert!((collected_rate(0.55, 0.208, 1.0) - 0.208).abs() < 1e-12);
        // Below the reference, exemptions change nothing.
        assert!((collected_rate(0.15, 0.208, 0.5) - 0.15).abs() < 1e-12);
    }

    #[test]
    fn cobb_douglas_limits_are_continuous() {
        let mut b = us();
        b.kappa = 1.0;
        let at_one = b.demand(0.55, 0.55);
        b.kappa = 1.0 + 1e-6;
        let near = b.demand(0.55, 0.55);
        assert!((at_one.price_index - near.price_index).abs() < 1e-6);
        assert!((at_one.partner_usd_bn - near.partner_usd_bn).abs() < 1e-4);
    }

    #[test]
    fn the_partner_share_follows_the_ces_ratio() {
        // Within imports, B_c/B_r = (θ/(1−θ))·ĉ^(1−σ).
        let b = us();
        let (bc0, br0, _) = b.reference_spending();
        let d = b.demand(0.75, 0.75);
        let c_hat: f64 = 1.75 / 1.208;
        let want = bc0 / br0 * c_hat.powf(1.0 - b.sigma);
        let got = d.partner_spending_usd_bn / d.row_spending_usd_bn;
        assert!((got / want - 1.0).abs() < 1e-12, "{got} vs {want}");
    }

    proptest! {
        /// The budget is conserved: spending on the partner, RoW and domestic goods adds up
        /// to the reference budget at any tariff and elasticities.
        #[test]
        fn spending_shares_add_up(tau in 0.0f64..3.0, sigma in 0.2f64..8.0, kappa in 0.2f64..4.0,
                                  dom in 0.0f64..0.95, row in 0.0f64..5.0) {
            let b = Basket { sigma, kappa, domestic_share: dom, row0_usd_bn: row * 36.6, ..us() };
            let (bc0, br0, d0) = b.reference_spending();
            let d = b.demand(tau, tau);
            let total = d.partner_spending_usd_bn + d.row_spending_usd_bn + d.domestic_usd_bn;
            prop_assert!((total - (bc0 + br0 + d0)).abs() < 1e-9 * (bc0 + br0 + d0));
            // The buyers' cost lies between the rectangle bounds of the price rise.
            let dp = (1.0 + tau) - 1.208;
            let spent_then = d.partner_spending_usd_bn / (1.0 + tau);
            if dp > 0.0 {
                prop_assert!(d.buyers_cost_usd_bn <= dp * b.partner0_usd_bn + 1e-9);
                prop_assert!(d.buyers_cost_usd_bn >= dp * spent_then - 1e-9);
            }
        }

        /// A higher tariff on the partner raises RoW imports (σ > κ) and lowers total
        /// imports by less than imports from the partner.
        #[test]
        fn tariffs_divert_more_than_they_destroy(t in 0.0f64..2.0, dt in 0.01f64..1.0,
                                                  sigma in 1.5f64..6.0, gap in 0.1f64..1.4) {
            let b = Basket { sigma, kappa: (sigma - gap).max(0.1), ..us() };
            let a = b.demand(t, t);
            let c = b.demand(t + dt, t + dt);
            prop_assert!(c.partner_usd_bn < a.partner_usd_bn);
            prop_assert!(c.row_usd_bn > a.row_usd_bn);
            let total_fall = (a.partner_usd_bn + a.row_usd_bn) - (c.partner_usd_bn + c.row_usd_bn);
            prop_assert!(total_fall < a.partner_usd_bn - c.partner_usd_bn);
            prop_assert!(c.price_index > a.price_index);
        }

        /// Buyers lose more than the treasury and import-competing producers gain above the
        /// reference: a deadweight loss.
        #[test]
        fn tariffs_above_the_reference_cost_more_than_they_raise(t in 0.21f64..3.0) {
            let b = Basket { row_tariff: 0.0, ..us() };
            let d = b.demand(t, t);
            prop_assert!(d.buyers_cost_usd_bn > d.revenue_change_usd_bn + d.producer_gain_usd_bn);
        }
    }
}
