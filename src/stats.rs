//! Summary statistics over replicates: means, Monte Carlo standard errors and quantiles by
//! linear interpolation between order statistics (numpy's default, "type 7").

/// The q-quantile (0..1) of sorted data by linear interpolation; `None` if empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Sorts finite values in place (non-finite values are dropped first).
pub fn sorted_finite(values: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Mean, sample standard deviation (n − 1) and standard error of the mean.
pub fn mean_sd_se(values: &[f64]) -> Option<(f64, f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = if values.len() > 1 {
        (values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
    } else {
        0.0
    };
    Some((mean, sd, sd / n.sqrt()))
}

/// The descriptive row of `summary.csv` for one metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Number of non-missing values.
    pub n: usize,
    /// Mean.
    pub mean: f64,
    /// Monte Carlo standard error of the mean.
    pub se: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Quantiles 5, 25, 50, 75, 95 %.
    pub p: [f64; 5],
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

/// The quantile levels reported everywhere.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// Summarises values (missing and non-finite ignored); `None` if nothing is left.
pub fn summarize(values: impl IntoIterator<Item = f64>) -> Option<Summary> {
    let sorted = sorted_finite(values);
    let (mean, sd, se) = mean_sd_se(&sorted)?;
    let q = |p| quantile_sorted(&sorted, p).unwrap_or(mean);
    Some(Summary {
        n: sorted.len(),
        mean,
        se,
        sd,
        p: QUANTILES.map(q),
        min: sorted[0],
        max: sorted[sorted.len() - 1],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quantiles_match_numpy_linear() {
        let v = [1.0, 2.0, 3.0, 4.0];
        // numpy.quantile([1,2,3,4], [0.05, 0.25, 0.5, 0.75, 0.95]) = 1.15, 1.75, 2.5, 3.25, 3.85
        let got: Vec<f64> = QUANTILES
            .iter()
            .map(|q| quantile_sorted(&v, *q).unwrap())
            .collect();
        for (g, e) in got.iter().zip([1.15, 1.75, 2.5, 3.25, 3.85]) {
            assert!((g - e).abs() < 1e-12, "{g} vs {e}");
        }
        assert_eq!(quantile_sorted(&[], 0.5), None);
        assert_eq!(quantile_sorted(&[7.0], 0.95), Some(7.0));
    }

    #[test]
    fn summary_of_known_values() {
        let s = summarize([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert_eq!(s.mean, 5.0);
        assert!((s.sd - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert!((s.se - s.sd / 8f64.sqrt()).abs() < 1e-12);
        assert_eq!((s.min, s.max), (2.0, 9.0));
        assert!(summarize([f64::NAN]).is_none());
    }

    proptest! {
        #[test]
        fn quantiles_are_ordered_and_bounded(v in proptest::collection::vec(-1e6f64..1e6, 1..200)) {
            let s = summarize(v.iter().copied()).unwrap();
            prop_assert!(s.min <= s.p[0] && s.p[4] <= s.max);
            for w in s.p.windows(2) { prop_assert!(w[0] <= w[1]); }
        }
    }
}
