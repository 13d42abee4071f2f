//! Clearing the soybean market (docs/model.md §4.6): demand, availability, the CES split
//! between the US and Brazil, world price, basis and Brazil's premium, with the
//! no-conflict reference alongside. Plain data and functions, tested alone.

use bevy_ecs::prelude::*;

use crate::config::SoybeanConfig;
use crate::model::state::markets::MBU_PER_MT;

/// Value in USD bn of `mt` million tonnes at `usd_bu` dollars a bushel.
pub fn usd_bn(mt: f64, usd_bu: f64) -> f64 {
    mt * MBU_PER_MT * usd_bu / 1000.0
}

/// China's policy as the market sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SoyPolicy {
    /// Directive buying level (0..1).
    pub buying: f64,
    /// Committed purchases (Mt/yr).
    pub commitment_mt: f64,
    /// China's tariff on US soybeans (fraction).
    pub us_tariff: f64,
    /// Committed tonnage due this month on top of the annual profile (Mt; a deal's
    /// near-term purchases).
    pub extra_mt: f64,
}

/// Market parameters, precomputed once per replicate from `[soybeans]`.
#[derive(Debug, Clone)]
pub struct SoyParams {
    /// China's demand by calendar month (index 0 = January), Mt.
    pub demand_mt: [f64; 12],
    /// US availability by calendar month (1 in season).
    pub avail_us: [f64; 12],
    /// Brazil's availability by calendar month.
    pub avail_br: [f64; 12],
    /// Share of an annual commitment shipped in each calendar month (sums to 1).
    pub commit_profile: [f64; 12],
    /// The `[soybeans]` config.
    pub cfg: SoybeanConfig,
    /// Expected annual US sales to China at the no-conflict policy (Mt/yr).
    pub reference_us_mt: f64,
    /// Brazil's average month of sales to China at the no-conflict policy (Mt).
    pub brazil_month_mt: f64,
}

/// Whether calendar month `m` (1..=12) lies in the season `start..=end` (which may wrap).
pub fn in_season(m: u32, start: u32, end: u32) -> bool {
    if start <= end {
        (start..=end).contains(&m)
    } else {
        m >= start || m <= end
    }
}

impl SoyParams {
    /// Precomputes demand, availability and the reference from the config.
    pub fn new(cfg: &SoybeanConfig) -> Self {
        let total: f64 = cfg.cn_demand_profile.iter().sum();
        let mut demand_mt = [0.0; 12];
        let mut avail_us = [0.0; 12];
        let mut avail_br = [0.0; 12];
        for i in 0..12 {
            let m = i as u32 + 1;
            demand_mt[i] = cfg.cn_imports_mt * cfg.cn_demand_profile.get(i).copied().unwrap_or(0.0)
                / total.max(f64::MIN_POSITIVE);
            let avail = |start, end| {
                if in_season(m, start, end) {
                    1.0
                } else {
                    cfg.off_season_availability
                }
            };
            avail_us[i] = avail(cfg.us_season_start_month, cfg.us_season_end_month);
            avail_br[i] = avail(cfg.brazil_season_start_month, cfg.brazil_season_end_month);
        }
        let weights: [f64; 12] = std::array::from_fn(|i| demand_mt[i] * avail_us[i]);
        let wsum: f64 = weights.iter().sum();
        let commit_profile = std::array::from_fn(|i| {
            if wsum > 0.0 {
                weights[i] / wsum
            } else {
                1.0 / 12.0
            }
        });
        let mut p = SoyParams {
            demand_mt,
            avail_us,
            avail_br,
            commit_profile,
            cfg: cfg.clone(),
            reference_us_mt: 0.0,
            brazil_month_mt: 0.0,
        };
        p.reference_us_mt = p.expected_annual_us_mt(p.reference_policy());
        p.brazil_month_mt = ((cfg.cn_imports_mt - p.reference_us_mt) / 12.0).max(0.0);
        p
    }

    /// The no-conflict policy: reference tariff, normal buying, no commitment.
    pub fn reference_policy(&self) -> SoyPolicy {
        SoyPolicy {
            buying: self.cfg.directive.reference,
            commitment_mt: 0.0,
            us_tariff: self.cfg.cn_tariff_on_us.reference,
            extra_mt: 0.0,
        }
    }

    /// Landed price of US beans in China (USD/bu, tariff included).
    pub fn landed_us(&self, world: f64, export_premium: f64, tariff: f64) -> f64 {
        (world + export_premium + self.cfg.us_freight_usd_bu).max(0.01) * (1.0 + tariff)
    }

    /// Landed price of Brazilian beans in China (USD/bu, tariff included).
    pub fn landed_br(&self, world: f64, premium: f64) -> f64 {
        (world + premium + self.cfg.brazil_freight_usd_bu).max(0.01)
            * (1.0 + self.cfg.brazil_tariff)
    }

    /// The CES share of normal commercial buying that goes to the US in month index `i`.
    pub fn us_share(&self, i: usize, buying: f64, landed_us: f64, landed_br: f64) -> f64 {
        let w_us =
            buying * self.avail_us[i] * (landed_us / landed_br).powf(-self.cfg.origin_elasticity);
        let w_br = self.cfg.brazil_supply_weight * self.avail_br[i];
        let total = w_us + w_br;
        if total > 0.0 { w_us / total } else { 0.0 }
    }

    /// China's purchases from the US in month index `i` (Mt): the CES share of demand, or the
    /// month's part of a commitment if larger; never more than the month's demand.
    pub fn us_purchases_mt(
        &self,
        i: usize,
        policy: SoyPolicy,
        landed_us: f64,
        landed_br: f64,
    ) -> f64 {
        let d = self.demand_mt[i];
        let committed = (policy.commitment_mt * self.commit_profile[i] + policy.extra_mt).min(d);
        (self.us_share(i, policy.buying, landed_us, landed_br) * d).max(committed)
    }

    /// Expected annual US sales to China under `policy`, at reference prices (Mt/yr).
    pub fn expected_annual_us_mt(&self, policy: SoyPolicy) -> f64 {
        let policy = SoyPolicy {
            extra_mt: 0.0,
            ..policy
        };
        let c = &self.cfg;
        let l_us = self.landed_us(
            c.world_price_usd_bu,
            c.us_export_premium_usd_bu,
            policy.us_tariff,
        );
        let l_br = self.landed_br(c.world_price_usd_bu, c.brazil_premium_usd_bu);
        (0..12)
            .map(|i| self.us_purchases_mt(i, policy, l_us, l_br))
            .sum()
    }

    /// World price (USD/bu) given the shortfall of expected US sales to China (Mt/yr) and
    /// the world shock `z` (log points).
    pub fn world_price(&self, shortfall_mt: f64, z: f64) -> f64 {
        let c = &self.cfg;
        let excess = (1.0 - c.diversion_share) * shortfall_mt / c.us_production_mt;
        c.world_price_usd_bu
            * z.exp()
            * (1.0 + excess).max(0.05).powf(-1.0 / c.us_demand_elasticity)
    }

    /// How absent China is from the US market (0 = normal buying, 1 = no purchases).
    pub fn absence(&self, shortfall_mt: f64) -> f64 {
        if self.reference_us_mt > 0.0 {
            (shortfall_mt / self.reference_us_mt).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// Brazil's premium (USD/bu) and the US purchases (Mt) at that premium, in month index
    /// `i`: the fixed point of `π = π₀ + λ·max(0, q_BR(π) − q_BR⁰)/B̄` (bisection; `q_BR`
    /// falls as `π` rises, so the root is unique).
    pub fn brazil_premium(
        &self,
        i: usize,
        policy: SoyPolicy,
        world: f64,
        us_export_premium: f64,
        reference_brazil_mt: f64,
    ) -> (f64, f64) {
        let c = &self.cfg;
        let d = self.demand_mt[i];
        let l_us = self.landed_us(world, us_export_premium, policy.us_tariff);
        let us_at = |pi: f64| self.us_purchases_mt(i, policy, l_us, self.landed_br(world, pi));
        let pull = |us: f64| {
            if self.brazil_month_mt > 0.0 {
                ((d - us) - reference_brazil_mt).max(0.0) / self.brazil_month_mt
            } else {
                0.0
            }
        };
        let lo0 = c.brazil_premium_usd_bu;
        let lambda = c.brazil_premium_response_usd_bu;
        let us_lo = us_at(lo0);
        if lambda <= 0.0 || pull(us_lo) <= 0.0 {
            return (lo0, us_lo);
        }
        if policy.buying <= 0.0 {
            // The split does not depend on prices: the premium follows directly.
            return (lo0 + lambda * pull(us_lo), us_lo);
        }
        let (mut lo, mut hi) = (lo0, lo0 + lambda * pull(0.0).max(pull(us_lo)));
        for _ in 0..40 {
            let mid = 0.5 * (lo + hi);
            if mid - lo0 - lambda * pull(us_at(mid)) < 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let pi = 0.5 * (lo + hi);
        (pi, us_at(pi))
    }
}

/// The soybean market this month, its no-conflict reference and horizon totals.
#[derive(Resource, Debug, Clone)]
pub struct SoybeanMarket {
    /// Precomputed parameters.
    pub params: SoyParams,
    /// China's import demand this month (Mt).
    pub demand_mt: f64,
    /// China's purchases from the US this month (Mt).
    pub us_mt: f64,
    /// China's purchases from Brazil this month (Mt).
    pub brazil_mt: f64,
    /// Reference purchases from the US this month (Mt).
    pub ref_us_mt: f64,
    /// Reference purchases from Brazil this month (Mt).
    pub ref_brazil_mt: f64,
    /// Expected annual US sales to China under this month's policy (Mt/yr).
    pub expected_us_mt: f64,
    /// World (CBOT-like) price (USD/bu).
    pub world_usd_bu: f64,
    /// Reference world price: same shock, no-conflict policy (USD/bu).
    pub ref_world_usd_bu: f64,
    /// US farm-gate basis (USD/bu).
    pub basis_usd_bu: f64,
    /// US farm-gate price (USD/bu).
    pub farm_gate_usd_bu: f64,
    /// Reference US farm-gate price (USD/bu).
    pub ref_farm_gate_usd_bu: f64,
    /// US export (Gulf FOB) premium over the world price (USD/bu).
    pub us_export_premium_usd_bu: f64,
    /// Brazil's FOB premium over the world price (USD/bu).
    pub brazil_premium_usd_bu: f64,
    /// China's soybean import bill at world prices (excl. tariffs) above the reference (USD bn).
    pub cn_cost_premium_usd_bn: f64,
    /// US export revenue from China below the reference, at FOB prices (USD bn).
    pub us_cn_revenue_loss_usd_bn: f64,
    /// Sums over the horizon.
    pub totals: SoyTotals,
}

/// Horizon sums of the soybean market.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SoyTotals {
    /// China's purchases from the US (Mt).
    pub us_mt: f64,
    /// China's purchases from Brazil (Mt).
    pub brazil_mt: f64,
    /// Reference purchases from the US (Mt).
    pub ref_us_mt: f64,
    /// China's cost premium (USD bn).
    pub cn_cost_premium_usd_bn: f64,
    /// US revenue lost in China (USD bn).
    pub us_cn_revenue_loss_usd_bn: f64,
    /// Months cleared.
    pub months: u32,
}

impl SoybeanMarket {
    /// A market before its first month, prices at the no-conflict reference.
    pub fn new(cfg: &SoybeanConfig) -> Self {
        let params = SoyParams::new(cfg);
        let farm = cfg.world_price_usd_bu + cfg.us_basis_usd_bu;
        SoybeanMarket {
            params,
            demand_mt: 0.0,
            us_mt: 0.0,
            brazil_mt: 0.0,
            ref_us_mt: 0.0,
            ref_brazil_mt: 0.0,
            expected_us_mt: 0.0,
            world_usd_bu: cfg.world_price_usd_bu,
            ref_world_usd_bu: cfg.world_price_usd_bu,
            basis_usd_bu: cfg.us_basis_usd_bu,
            farm_gate_usd_bu: farm,
            ref_farm_gate_usd_bu: farm,
            us_export_premium_usd_bu: cfg.us_export_premium_usd_bu,
            brazil_premium_usd_bu: cfg.brazil_premium_usd_bu,
            cn_cost_premium_usd_bn: 0.0,
            us_cn_revenue_loss_usd_bn: 0.0,
            totals: SoyTotals::default(),
        }
    }

    /// Clears calendar month `month` (1..=12) under `policy` with world shock `z`.
    pub fn clear(&mut self, month: u32, policy: SoyPolicy, z: f64) {
        let p = &self.params;
        let c = &p.cfg;
        let i = (month.clamp(1, 12) - 1) as usize;
        let d = p.demand_mt[i];

        // No-conflict reference: same month and shock.
        let ref_world = p.world_price(0.0, z);
        let ref_l_us = p.landed_us(
            ref_world,
            c.us_export_premium_usd_bu,
            c.cn_tariff_on_us.reference,
        );
        let ref_l_br = p.landed_br(ref_world, c.brazil_premium_usd_bu);
        let ref_us = p.us_purchases_mt(i, p.reference_policy(), ref_l_us, ref_l_br);
        let ref_br = d - ref_us;

        // This month under China's policy.
        let expected = p.expected_annual_us_mt(policy);
        let shortfall = p.reference_us_mt - expected;
        let world = p.world_price(shortfall, z);
        let widening = c.basis_widening_usd_bu * p.absence(shortfall);
        let basis = c.us_basis_usd_bu - widening;
        let export_premium = c.us_export_premium_usd_bu - widening;
        let (brazil_premium, us) = p.brazil_premium(i, policy, world, export_premium, ref_br);
        let br = d - us;

        let cif_us = world + export_premium + c.us_freight_usd_bu;
        let cif_br = world + brazil_premium + c.brazil_freight_usd_bu;
        let ref_cif_us = ref_world + c.us_export_premium_usd_bu + c.us_freight_usd_bu;
        let ref_cif_br = ref_world + c.brazil_premium_usd_bu + c.brazil_freight_usd_bu;
        let cost_premium = usd_bn(us, cif_us) + usd_bn(br, cif_br)
            - usd_bn(ref_us, ref_cif_us)
            - usd_bn(ref_br, ref_cif_br);
        let revenue_loss = usd_bn(ref_us, ref_world + c.us_export_premium_usd_bu)
            - usd_bn(us, world + export_premium);

        self.demand_mt = d;
        self.us_mt = us;
        self.brazil_mt = br;
        self.ref_us_mt = ref_us;
        self.ref_brazil_mt = ref_br;
        self.expected_us_mt = expected;
        self.world_usd_bu = world;
        self.ref_world_usd_bu = ref_world;
        self.basis_usd_bu = basis;
        self.farm_gate_usd_bu = world + basis;
        self.ref_farm_gate_usd_bu = ref_world + c.us_basis_usd_bu;
        self.us_export_premium_usd_bu = export_premium;
        self.brazil_premium_usd_bu = brazil_premium;
        self.cn_cost_premium_usd_bn = cost_premium;
        self.us_cn_revenue_loss_usd_bn = revenue_loss;
        let t = &mut self.totals;
        t.us_mt += us;
        t.brazil_mt += br;
        t.ref_us_mt += ref_us;
        t.cn_cost_premium_usd_bn += cost_premium;
        t.us_cn_revenue_loss_usd_bn += revenue_loss;
        t.months += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LoadedScenario;
    use proptest::prelude::*;

    fn cfg() -> SoybeanConfig {
        LoadedScenario::load(None, &[]).unwrap().typical.soybeans
    }

    fn normal(p: &SoyParams) -> SoyPolicy {
        p.reference_policy()
    }

    fn at_tariff(p: &SoyParams, tariff: f64) -> SoyPolicy {
        SoyPolicy {
            us_tariff: tariff,
            ..p.reference_policy()
        }
    }

    fn freeze(p: &SoyParams) -> SoyPolicy {
        SoyPolicy {
            buying: 0.0,
            commitment_mt: 0.0,
            us_tariff: p.cfg.cn_tariff_on_us.initial,
            extra_mt: 0.0,
        }
    }

    fn year(policy: SoyPolicy) -> (SoybeanMarket, Vec<SoybeanMarket>) {
        let mut m = SoybeanMarket::new(&cfg());
        let mut months = Vec::new();
        for month in 1..=12 {
            m.clear(month, policy, 0.0);
            months.push(m.clone());
        }
        (m, months)
    }

    #[test]
    fn no_conflict_us_share_lies_in_the_2017_2024_range() {
        let p = SoyParams::new(&cfg());
        let (m, _) = year(normal(&p));
        let share = m.totals.us_mt / (m.totals.us_mt + m.totals.brazil_mt);
        assert!((0.21..=0.34).contains(&share), "US share {share}");
        // At the reference policy nothing moves away from the reference.
        assert!((m.world_usd_bu - p.cfg.world_price_usd_bu).abs() < 1e-9);
        assert!(m.totals.us_cn_revenue_loss_usd_bn.abs() < 1e-9);
        assert!(m.totals.cn_cost_premium_usd_bn.abs() < 1e-9);
        // The Oct 2025 soybean tariff alone (normal buying) cuts expected US sales by ≈40%.
        let taxed = p.expected_annual_us_mt(at_tariff(&p, 0.23));
        let cut = 1.0 - taxed / p.reference_us_mt;
        assert!((0.25..0.55).contains(&cut), "cut {cut}");
    }

    #[test]
    fn a_freeze_stops_us_sales_lowers_the_farm_gate_price_and_widens_the_basis() {
        let p = SoyParams::new(&cfg());
        let (_, frozen) = year(freeze(&p));
        let (_, normal) = year(normal(&p));
        for (f, n) in frozen.iter().zip(&normal) {
            assert_eq!(f.us_mt, 0.0);
            assert!(f.farm_gate_usd_bu < n.farm_gate_usd_bu);
            assert!(f.basis_usd_bu < n.basis_usd_bu);
            assert!(f.brazil_mt > n.brazil_mt);
            assert!(f.brazil_premium_usd_bu >= n.brazil_premium_usd_bu);
        }
        // October (US season): calibrated to Oct 2025 (CBOT ≈10.31, cash ≈9.58, Brazil ≈+2.65).
        let oct = &frozen[9];
        assert!(
            (oct.world_usd_bu - 10.31).abs() < 0.1,
            "{}",
            oct.world_usd_bu
        );
        assert!(
            (oct.farm_gate_usd_bu - 9.58).abs() < 0.15,
            "{}",
            oct.farm_gate_usd_bu
        );
        assert!(
            (oct.brazil_premium_usd_bu - 2.65).abs() < 0.3,
            "{}",
            oct.brazil_premium_usd_bu
        );
        // Brazil's premium rises most in its off-season.
        assert!(frozen[9].brazil_premium_usd_bu > frozen[4].brazil_premium_usd_bu);
    }

    #[test]
    fn a_commitment_sets_a_floor_under_us_purchases() {
        let p = SoyParams::new(&cfg());
        let policy = SoyPolicy {
            commitment_mt: 25.0,
            ..freeze(&p)
        };
        let (m, _) = year(policy);
        assert!((m.totals.us_mt - 25.0).abs() < 1e-9, "{}", m.totals.us_mt);
        assert!((p.expected_annual_us_mt(policy) - 25.0).abs() < 1e-9);
    }

    #[test]
    fn seasons_wrap_around_the_year() {
        assert!(in_season(10, 9, 1) && in_season(1, 9, 1) && !in_season(2, 9, 1));
        assert!(in_season(2, 2, 7) && !in_season(8, 2, 7));
    }

    proptest! {
        #[test]
        fn chinas_monthly_total_is_conserved(
            month in 1u32..=12,
            buying in 0.0f64..=1.0,
            commitment in 0.0f64..60.0,
            tariff in 0.0f64..1.5,
            z in -0.5f64..0.5,
        ) {
            let mut m = SoybeanMarket::new(&cfg());
            m.clear(month, SoyPolicy { buying, commitment_mt: commitment, us_tariff: tariff , extra_mt: 0.0 }, z);
            prop_assert!(m.us_mt >= 0.0 && m.brazil_mt >= -1e-12);
            prop_assert!((m.us_mt + m.brazil_mt - m.demand_mt).abs() < 1e-9);
            prop_assert!((m.ref_us_mt + m.ref_brazil_mt - m.demand_mt).abs() < 1e-9);
            prop_assert!(m.farm_gate_usd_bu > 0.0 && m.world_usd_bu > 0.0);
        }

        #[test]
        fn a_higher_china_tariff_on_us_soybeans_lowers_the_us_share(
            tariff in 0.0f64..1.2,
            dt in 0.01f64..0.5,
            buying in 0.1f64..=1.0,
        ) {
            let run = |t: f64| {
                let mut m = SoybeanMarket::new(&cfg());
                for month in 1..=12 {
                    m.clear(month, SoyPolicy { buying, commitment_mt: 0.0, us_tariff: t , extra_mt: 0.0 }, 0.0);
                }
                m.totals.us_mt / (m.totals.us_mt + m.totals.brazil_mt)
            };
            prop_assert!(run(tariff + dt) < run(tariff));
        }

        #[test]
        fn brazils_premium_solves_its_fixed_point(
            month in 1u32..=12,
            buying in 0.0f64..=1.0,
            tariff in 0.0f64..1.0,
        ) {
            let p = SoyParams::new(&cfg());
            let i = (month - 1) as usize;
            let policy = SoyPolicy { buying, commitment_mt: 0.0, us_tariff: tariff , extra_mt: 0.0 };
            let world = p.world_price(5.0, 0.0);
            let ref_br = p.demand_mt[i] * 0.6;
            let (pi, us) = p.brazil_premium(i, policy, world, p.cfg.us_export_premium_usd_bu, ref_br);
            let pull = ((p.demand_mt[i] - us) - ref_br).max(0.0) / p.brazil_month_mt;
            let implied = p.cfg.brazil_premium_usd_bu + p.cfg.brazil_premium_response_usd_bu * pull;
            prop_assert!((pi - implied).abs() < 1e-6, "premium {pi} vs implied {implied}");
        }
    }
}
