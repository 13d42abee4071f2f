//! Priors of the free parameters (docs/model.md "Calibration"): uniform, triangular or
//! truncated normal on the parameter's `range`, with their density (for the importance
//! weights of ABC-SMC) and draws.

use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};

/// A prior on `[low, high]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    /// Uniform on `[low, high]`.
    Uniform {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
    /// Triangular on `[low, high]`, peak at `mode`.
    Triangular {
        /// Lower end.
        low: f64,
        /// Peak.
        mode: f64,
        /// Upper end.
        high: f64,
    },
    /// Normal with `mean` and `sd`, truncated to `[low, high]`.
    Normal {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
        /// Mean before truncation.
        mean: f64,
        /// Standard deviation before truncation.
        sd: f64,
    },
}

impl Prior {
    /// The support `[low, high]`.
    pub fn range(&self) -> (f64, f64) {
        match *self {
            Prior::Uniform { low, high }
            | Prior::Triangular { low, high, .. }
            | Prior::Normal { low, high, .. } => (low, high),
        }
    }

    /// Whether `x` lies in the support.
    pub fn contains(&self, x: f64) -> bool {
        let (lo, hi) = self.range();
        (lo..=hi).contains(&x)
    }

    /// Density at `x` up to a constant factor (the same factor for every `x`: ABC-SMC
    /// weights are normalised).
    pub fn density(&self, x: f64) -> f64 {
        if !self.contains(x) {
            return 0.0;
        }
        match *self {
            Prior::Uniform { .. } => 1.0,
            Prior::Triangular { low, mode, high } => {
                if high <= low {
                    1.0
                } else if x < mode {
                    (x - low) / (mode - low).max(f64::MIN_POSITIVE)
                } else if x > mode {
                    (high - x) / (high - mode).max(f64::MIN_POSITIVE)
                } else {
                    1.0
                }
            }
            Prior::Normal { mean, sd, .. } if sd > 0.0 => {
                let z = (x - mean) / sd;
                (-0.5 * z * z).exp()
            }
            Prior::Normal { .. } => 1.0,
        }
    }

    /// One draw (rejection for the truncated normal, falling back to the nearest end after
    /// 10,000 tries).
    pub fn sample(&self, rng: &mut impl rand::Rng) -> f64 {
        match *self {
            Prior::Uniform { low, high } if high > low => rng.random_range(low..=high),
            Prior::Uniform { low, .. } => low,
            Prior::Triangular { low, mode, high } if high > low => {
                let u: f64 = rng.random();
                let c = (mode - low) / (high - low);
                if u < c {
                    low + (u * (high - low) * (mode - low)).sqrt()
                } else {
                    high - ((1.0 - u) * (high - low) * (high - mode)).sqrt()
                }
            }
            Prior::Triangular { low, .. } => low,
            Prior::Normal {
                low,
                high,
                mean,
                sd,
            } => {
                for _ in 0..10_000 {
                    let z: f64 = StandardNormal.sample(rng);
                    let x = mean + sd * z;
                    if (low..=high).contains(&x) {
                        return x;
                    }
                }
                mean.clamp(low, high)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::rng::{Purpose, stream};

    #[test]
    fn draws_stay_in_the_support_and_follow_the_shape() {
        let mut rng = stream(1, 0, Purpose::Calibration("test"));
        for p in [
            Prior::Uniform {
                low: 1.0,
                high: 3.0,
            },
            Prior::Triangular {
                low: 0.0,
                mode: 0.25,
                high: 1.0,
            },
            Prior::Normal {
                low: -1.0,
                high: 5.0,
                mean: 0.0,
                sd: 1.0,
            },
        ] {
            let xs: Vec<f64> = (0..4000).map(|_| p.sample(&mut rng)).collect();
            assert!(xs.iter().all(|x| p.contains(*x)));
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            let expect = match p {
                Prior::Uniform { .. } => 2.0,
                Prior::Triangular { .. } => 1.25 / 3.0,
                // E[X | X > -1] for a standard normal: φ(1)/Φ(1).
                Prior::Normal { .. } => 0.241_970_7 / 0.841_344_7,
            };
            assert!((mean - expect).abs() < 0.05, "{p:?}: {mean} vs {expect}");
        }
        let t = Prior::Triangular {
            low: 0.0,
            mode: 0.25,
            high: 1.0,
        };
        assert_eq!(t.density(0.25), 1.0);
        assert!((t.density(0.625) - 0.5).abs() < 1e-12);
        assert_eq!(t.density(1.5), 0.0);
    }
}
