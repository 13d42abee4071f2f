//! The laws of the farm population (docs/model.md §3 "Farmers"): the lognormal factor of
//! acreage and equity, the normal quantile, the corn advantage's distribution that gives the
//! configured soybean land share and acreage elasticity, and a single-precision exponential
//! that vectorises and gives the same bits on every platform. `spawn` draws from them.

use crate::config::FarmerConfig;

/// A lognormal factor of mean 1 and coefficient of variation `cv`: `exp(σz − σ²/2)` with
/// `σ² = ln(1 + cv²)`.
#[derive(Debug, Clone, Copy)]
pub(super) struct LognormalFactor {
    sigma: f64,
    half_variance: f64,
}

impl LognormalFactor {
    pub(super) fn new(cv: f64) -> Self {
        let variance = (1.0 + cv * cv).ln();
        Self {
            sigma: variance.sqrt(),
            half_variance: 0.5 * variance,
        }
    }

    /// The factor at standard normal draw `z` (the exponential in single precision,
    /// [`exp_f32`]: the factor ends up in an `f32` component).
    #[inline(always)]
    pub(super) fn at(&self, z: f64) -> f32 {
        exp_f32((self.sigma * z - self.half_variance) as f32)
    }
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.02425 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// Mean and standard deviation of the corn advantage `e_i` (USD/acre) such that, at the
/// no-conflict farm-gate price `p0`, a share `soy_land_share` of the land is in soybeans and
/// soybean acreage answers the soybean price with elasticity `soy_acreage_elasticity`.
///
/// A farm plants soybeans if `D_i ≥ e_i`, with `D_i = (p0 − p_c·r_y)·y_i + (r_c − 1)·c_i` its
/// margin advantage before `e_i`. With `D_i − e_i ~ N(D̄ − μ, σ_d²)`, the soybean share is
/// `Φ((D̄ − μ)/σ_d) = s₀` and its elasticity `φ(z₀)·ȳ·p0/(σ_d·s₀) = ε`; so
/// `σ_d = φ(z₀)·ȳ·p0/(ε·s₀)`, `μ = D̄ − z₀·σ_d` and `σ_e² = σ_d² − Var(D_i)` (floored at 0:
/// an elasticity too high for the yield and cost spread is not reachable).
pub fn corn_edge_distribution(fc: &FarmerConfig, p0: f64) -> (f64, f64) {
    let s0 = fc.soy_land_share.clamp(0.01, 0.99);
    let z0 = normal_quantile(s0);
    let density = (-0.5 * z0 * z0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let k = p0 - fc.corn_price_usd_bu * fc.corn_yield_ratio;
    let mean_d = k * fc.yield_bu_ac_mean + (fc.corn_cost_ratio - 1.0) * fc.cost_usd_ac_mean;
    let var_d =
        (k * fc.yield_bu_ac_sd).powi(2) + ((fc.corn_cost_ratio - 1.0) * fc.cost_usd_ac_sd).powi(2);
    let sd_total = density * fc.yield_bu_ac_mean * p0 / (fc.soy_acreage_elasticity * s0);
    let mean = mean_d - z0 * sd_total;
    let sd = (sd_total * sd_total - var_d).max(0.0).sqrt();
    (mean, sd)
}

/// `exp(x)` in single precision, as a fixed sequence of IEEE operations (Cephes' `expf`:
/// `x = n·ln 2 + r`, a degree-6 polynomial in `r`, then `2ⁿ` set in the exponent bits),
/// within 2 ulp of the exact value for `x` in −87…88 (clamped there). Written out, not
/// taken from the platform's `libm`, for two reasons: a loop of it vectorises (the spawn
/// applies it to whole columns), and it gives the same bits on every platform, where each
/// `libm` rounds its own way.
#[inline(always)]
pub fn exp_f32(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split in two, so that `n·LN2_HI` is exact.
    const LN2_HI: f32 = 0.693_359_4;
    const LN2_LO: f32 = -2.121_944_4e-4;
    // 1.5·2²³: adding it rounds to an integer, kept in the low mantissa bits.
    const ROUND: f32 = 12_582_912.0;
    let x = if x > 88.0 { 88.0 } else { x };
    let x = if x < -87.0 { -87.0 } else { x };
    let shifted = x * LOG2E + ROUND;
    let n = shifted - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let p = ((((1.987_569_1e-4 * r + 1.398_2e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5;
    let e = (p * (r * r) + r) + 1.0;
    // The integer `n` sits in the low bits of `shifted`'s mantissa (|n| < 2²²).
    let n_int = shifted.to_bits().wrapping_sub(ROUND.to_bits()) as i32;
    e * f32::from_bits(((n_int + 127) as u32) << 23)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mechanisms::farmers::components::FarmTraits;
    use crate::model::mechanisms::farmers::rules::{farm_month_of, plants_soy};

    /// Distance between two `f32`s in units in the last place.
    fn ulps(a: f32, b: f32) -> u32 {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs() as u32
    }

    #[test]
    fn exp_f32_is_within_two_ulp_of_the_exact_exponential() {
        let mut worst = 0;
        for i in -200_000..=200_000 {
            let x = i as f32 * 1e-4; // −20 … 20
            let exact = (f64::from(x)).exp() as f32;
            worst = worst.max(ulps(exp_f32(x), exact));
        }
        assert!(worst <= 2, "worst error {worst} ulp");
        assert_eq!(exp_f32(0.0), 1.0);
        assert!(exp_f32(-200.0) > 0.0 && exp_f32(-200.0) < 1e-37);
        assert!(exp_f32(200.0).is_finite());
    }

    #[test]
    fn the_corn_advantage_gives_the_configured_acreage_elasticity() {
        let cfg = crate::config::LoadedScenario::load(None, &[])
            .unwrap()
            .typical
            .farmers;
        let p0 = 10.55;
        let (mean, sd) = corn_edge_distribution(&cfg, p0);
        // The planting choice reads only the corn terms of the month.
        let m = farm_month_of(&cfg, 0.0);
        // Integrate over a grid of the three heterogeneities (midpoint rule in z).
        let zs: Vec<f64> = (0..40)
            .map(|i| normal_quantile((i as f64 + 0.5) / 40.0))
            .collect();
        let share = |p: f32| {
            let mut soy = 0usize;
            for zy in &zs {
                for zc in &zs {
                    for ze in &zs {
                        let f = FarmTraits {
                            acres: 1.0,
                            yield_bu_ac: (cfg.yield_bu_ac_mean + cfg.yield_bu_ac_sd * zy) as f32,
                            cost_usd_ac: (cfg.cost_usd_ac_mean + cfg.cost_usd_ac_sd * zc) as f32,
                            corn_edge_usd_ac: (mean + sd * ze) as f32,
                            ..FarmTraits::default()
                        };
                        soy += usize::from(plants_soy(&f, p, &m));
                    }
                }
            }
            soy as f64 / (zs.len() as f64).powi(3)
        };
        let s0 = share(p0 as f32);
        assert!((s0 - cfg.soy_land_share).abs() < 0.02, "share {s0}");
        let s1 = share((p0 * 0.95) as f32);
        let elasticity = (s0 - s1) / s0 / 0.05;
        assert!(
            (elasticity - cfg.soy_acreage_elasticity).abs() < 0.1,
            "elasticity {elasticity}"
        );
    }

    #[test]
    fn normal_quantile_inverts_the_normal_cdf() {
        assert!(normal_quantile(0.5).abs() < 1e-9);
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-6);
        assert!((normal_quantile(0.01) + 2.326_347_874).abs() < 1e-6);
    }
}
