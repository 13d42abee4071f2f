//! Checks over the whole range of distribution-valued keys (docs/model.md §2): a cross-key
//! rule (floor ≤ initial ≤ ceiling, lag min ≤ max, low ≤ high, ...) must hold for every draw,
//! not only at the means, so that `validate` fails where a replicate of `run` would. Also
//! warns when most draws of a normal distribution would be clamped to the key's range.
//!
//! The range of a uniform or triangular distribution is `[low, high]`; that of a normal one
//! is `mean ± 4 sd` (all but 6 in 100,000 draws), clamped to the key's range. Cross-key rules
//! compare keys monotonically, so checking the corners of the box of ranges is enough: every
//! corner when at most [`FULL_CORNERS_MAX_KEYS`] keys are distributions, else the corners of
//! every pair of keys (the others at their means).

use toml::{Table, Value};

use crate::config::dist::ParamDist;
use crate::config::error::ConfigError;
use crate::config::{keys, load};

/// Up to this many distribution-valued keys, every corner of their ranges is checked.
pub const FULL_CORNERS_MAX_KEYS: usize = 8;

/// Normal draws are taken to fall within this many standard deviations of the mean.
pub const NORMAL_SDS: f64 = 4.0;

/// Share of draws clamped to the key's range above which a warning is given.
pub const CLAMP_WARN_SHARE: f64 = 0.2;

/// One distribution-valued key.
#[derive(Debug, Clone)]
pub struct DistKey {
    /// Path as `set_path` takes it (`events.2.rate`).
    pub path: String,
    /// The distribution.
    pub dist: ParamDist,
    /// The interval its (clamped) draws fall in.
    pub range: (f64, f64),
}

/// Every distribution-valued key of a config tree, in tree order.
pub fn dist_keys(table: &Table) -> Vec<DistKey> {
    fn walk(t: &Table, prefix: &str, out: &mut Vec<DistKey>) {
        for (k, v) in t {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                Value::Table(inner) if inner.contains_key("dist") => {
                    if let Ok(d) = ParamDist::parse(inner) {
                        let (min, max) = keys::bounds(&path);
                        out.push(DistKey {
                            range: draw_range(&d, min, max),
                            path,
                            dist: d,
                        });
                    }
                }
                Value::Table(inner) => walk(inner, &path, out),
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let Value::Table(it) = item {
                            walk(it, &format!("{path}.{i}"), out);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(table, "", &mut out);
    out
}

/// The interval the clamped draws of `d` fall in, for a key with range `[min, max]`.
pub fn draw_range(d: &ParamDist, min: f64, max: f64) -> (f64, f64) {
    let (lo, hi) = match *d {
        ParamDist::Normal {
            mean,
            sd,
            low,
            high,
        } => (
            (mean - NORMAL_SDS * sd).max(low),
            (mean + NORMAL_SDS * sd).min(high),
        ),
        _ => d.support(),
    };
    (lo.clamp(min, max), hi.clamp(min, max))
}

/// The share of draws of `d` that fall outside `[min, max]` (and are clamped).
pub fn clamped_share(d: &ParamDist, min: f64, max: f64) -> f64 {
    match *d {
        ParamDist::Normal {
            mean,
            sd,
            low,
            high,
        } if sd > 0.0 => {
            // Mass of the truncated normal outside [min, max], over its mass in [low, high].
            let cdf = |x: f64| {
                if x == f64::NEG_INFINITY {
                    0.0
                } else if x == f64::INFINITY {
                    1.0
                } else {
                    normal_cdf((x - mean) / sd)
                }
            };
            let kept = cdf(high) - cdf(low);
            if kept <= 0.0 {
                return f64::from(u8::from(mean < min || mean > max));
            }
            let below = cdf(min.clamp(low, high)) - cdf(low);
            let above = cdf(high) - cdf(max.clamp(low, high));
            (below + above) / kept
        }
        ParamDist::Normal { mean, .. } => f64::from(u8::from(mean < min || mean > max)),
        _ => 0.0,
    }
}

/// The standard normal CDF (Abramowitz & Stegun 7.1.26, error below 1.5e-7).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 {
        0.5 * (1.0 + erf)
    } else {
        0.5 * (1.0 - erf)
    }
}

/// Checks the cross-key rules (`check`, run on a config tree without distributions) at the
/// corners of the ranges of every distribution-valued key of `table`, whose other values
/// are at their means (`at_means`). Returns warnings about heavy clamping.
pub fn check_corners(
    table: &Table,
    at_means: &Table,
    origin: &str,
    check: &dyn Fn(&Table) -> Result<(), ConfigError>,
) -> Result<Vec<String>, ConfigError> {
    let dists = dist_keys(table);
    let mut warnings = Vec::new();
    for k in &dists {
        let (min, max) = keys::bounds(&k.path);
        let share = clamped_share(&k.dist, min, max);
        if share > CLAMP_WARN_SHARE {
            warnings.push(format!(
                "{origin}: {}: {:.0}% of the draws fall outside the key's range {} and are clamped to its ends; narrow the distribution",
                k.path,
                share * 100.0,
                crate::foundation::io::fmt_range(min, max)
            ));
        }
    }
    let n = dists.len();
    let corners: Vec<Vec<(usize, bool)>> = if n == 0 {
        Vec::new()
    } else if n <= FULL_CORNERS_MAX_KEYS {
        (0..1u32 << n)
            .map(|mask| (0..n).map(|i| (i, mask >> i & 1 == 1)).collect())
            .collect()
    } else {
        let mut out = Vec::new();
        for i in 0..n {
            for j in i + 1..n {
                for (a, b) in [(false, false), (false, true), (true, false), (true, true)] {
                    out.push(vec![(i, a), (j, b)]);
                }
            }
        }
        out
    };
    for corner in corners {
        let mut t = at_means.clone();
        for &(i, high) in &corner {
            let k = &dists[i];
            let x = if high { k.range.1 } else { k.range.0 };
            load::set_path(&mut t, &k.path, Value::Float(x))
                .map_err(|m| ConfigError::new(origin, m))?;
        }
        if let Err(e) = check(&t) {
            let at: Vec<String> = corner
                .iter()
                .map(|&(i, high)| {
                    let k = &dists[i];
                    let x = if high { k.range.1 } else { k.range.0 };
                    format!("{} = {}", k.path, load::fmt_num(x))
                })
                .collect();
            return Err(ConfigError::new(
                e.origin,
                format!(
                    "{} (a draw can reach {}; every draw of a distribution must satisfy the rule: narrow its range)",
                    e.message,
                    at.join(", ")
                ),
            ));
        }
    }
    Ok(warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_normal_cdf_matches_known_values() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-4);
        assert!((normal_cdf(-1.0) - 0.158_655).abs() < 1e-5);
    }

    #[test]
    fn clamping_is_measured_for_normals_only() {
        let n = ParamDist::Normal {
            mean: 0.0,
            sd: 1.0,
            low: f64::NEG_INFINITY,
            high: f64::INFINITY,
        };
        assert!((clamped_share(&n, 0.0, 1.0) - (0.5 + 0.158_655)).abs() < 1e-4);
        assert!(clamped_share(&n, -10.0, 10.0) < 1e-9);
        let u = ParamDist::Uniform {
            low: 0.0,
            high: 1.0,
        };
        assert_eq!(clamped_share(&u, 0.0, 1.0), 0.0);
        assert_eq!(draw_range(&n, -1.0, 10.0), (-1.0, 4.0));
    }
}
