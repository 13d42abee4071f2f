//! Summary statistics over replicates: means, Monte Carlo standard errors and quantiles by
//! linear interpolation between order statistics (numpy's default, "type 7").

/// The q-quantile (0..1) of sorted data by linear interpolation between order statistics
/// (numpy's default "linear" method); `None` if empty. The one quantile of the crate: summaries,
/// charts and the sensitivity intervals all read it.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    match sorted {
        [] => return None,
        [only] => return Some(*only),
        _ => {}
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

/// Relative accuracy of the quantile sketch used beyond [`EXACT_LIMIT`] values.
pub const SKETCH_RELATIVE_ACCURACY: f64 = 1e-4;

/// Values kept exactly per statistic; beyond this a statistic switches to a sketch, so
/// memory stays flat however many replicates run.
pub const EXACT_LIMIT: usize = 4096;

/// Values a [`LogSketch`] holds before it counts them into its buckets in one sorted pass.
const SKETCH_BATCH: usize = 512;

/// A DDSketch-style log-bucket quantile sketch (Masson, Rim and Lee 2019): every value is
/// counted in the bucket `ceil(ln|x| / ln γ)`, `γ = (1+α)/(1−α)`, so any quantile it returns
/// is within relative error α of an order statistic. Bucket counts do not depend on the
/// order values arrive in, so results are identical for any thread count.
///
/// Buckets are kept as sorted `(index, count)` arrays; values are collected in batches of
/// [`SKETCH_BATCH`] and merged in one sorted pass: a run keeps about a thousand sketches of
/// thousands of buckets each, tens of megabytes, so counting each value into a tree or hash
/// map as it arrives would cost a cache miss per value.
#[derive(Debug, Clone, Default)]
pub struct LogSketch {
    /// Buckets of positive values, by index.
    positive: Vec<(i32, u64)>,
    /// Buckets of negative values, by index of |x|.
    negative: Vec<(i32, u64)>,
    /// Values not yet counted into the buckets.
    pending: Vec<f64>,
    zeros: u64,
    count: u64,
}

/// Merges the sorted bucket indices `new` (repeats allowed) into the sorted buckets `into`.
fn merge_buckets(into: &mut Vec<(i32, u64)>, new: &[i32], scratch: &mut Vec<(i32, u64)>) {
    if new.is_empty() {
        return;
    }
    scratch.clear();
    scratch.reserve(into.len() + new.len());
    let (mut a, mut b) = (0, 0);
    while a < into.len() || b < new.len() {
        let next = match (into.get(a), new.get(b)) {
            (Some(x), Some(y)) => x.0.min(*y),
            (Some(x), None) => x.0,
            (None, Some(y)) => *y,
            (None, None) => unreachable!("the loop runs while either has items"),
        };
        let mut count = 0;
        if a < into.len() && into[a].0 == next {
            count += into[a].1;
            a += 1;
        }
        while b < new.len() && new[b] == next {
            count += 1;
            b += 1;
        }
        scratch.push((next, count));
    }
    std::mem::swap(into, scratch);
}

/// A [`LogSketch`]'s buckets in value order, for reading order statistics.
struct SortedSketch {
    /// Negative values' buckets, most negative first: (index of |x|, count).
    negative: Vec<(i32, u64)>,
    zeros: u64,
    /// Positive values' buckets, smallest first.
    positive: Vec<(i32, u64)>,
}

impl SortedSketch {
    /// The value of the k-th smallest element (0-based), within relative error α.
    fn order_statistic(&self, k: u64) -> f64 {
        let mut seen = 0;
        for (i, c) in &self.negative {
            seen += c;
            if k < seen {
                return -LogSketch::value(*i);
            }
        }
        seen += self.zeros;
        if k < seen {
            return 0.0;
        }
        for (i, c) in &self.positive {
            seen += c;
            if k < seen {
                return LogSketch::value(*i);
            }
        }
        self.positive
            .last()
            .map_or(0.0, |(i, _)| LogSketch::value(*i))
    }
}

impl LogSketch {
    const MIN_ABS: f64 = 1e-12;

    fn ln_gamma() -> f64 {
        let a = SKETCH_RELATIVE_ACCURACY;
        ((1.0 + a) / (1.0 - a)).ln()
    }

    fn index(abs: f64) -> i32 {
        (abs.ln() / Self::ln_gamma()).ceil() as i32
    }

    fn value(index: i32) -> f64 {
        let g = Self::ln_gamma().exp();
        2.0 * g.powi(index) / (g + 1.0)
    }

    /// Counts one value.
    pub fn push(&mut self, x: f64) {
        self.count += 1;
        if x.abs() < Self::MIN_ABS {
            self.zeros += 1;
        } else {
            self.pending.push(x);
            if self.pending.len() >= SKETCH_BATCH {
                self.flush();
            }
        }
    }

    /// Counts the pending values into the buckets.
    fn flush(&mut self) {
        let (mut positive, mut negative): (Vec<i32>, Vec<i32>) = (Vec::new(), Vec::new());
        for x in self.pending.drain(..) {
            if x > 0.0 {
                positive.push(Self::index(x));
            } else {
                negative.push(Self::index(-x));
            }
        }
        positive.sort_unstable();
        negative.sort_unstable();
        let mut scratch = Vec::new();
        merge_buckets(&mut self.positive, &positive, &mut scratch);
        merge_buckets(&mut self.negative, &negative, &mut scratch);
    }

    /// The buckets in value order (pending values counted in).
    fn sorted(&self) -> SortedSketch {
        let mut all = self.clone();
        all.flush();
        let mut negative = all.negative;
        negative.reverse();
        SortedSketch {
            negative,
            zeros: all.zeros,
            positive: all.positive,
        }
    }

    /// The value of the k-th smallest element (0-based), within relative error α.
    pub fn order_statistic(&self, k: u64) -> f64 {
        self.sorted().order_statistic(k)
    }

    /// The q-quantile with numpy-style linear interpolation between order statistics.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        self.quantiles([q]).map(|[x]| x)
    }

    /// Several quantiles at once (the buckets are sorted once), as [`LogSketch::quantile`].
    pub fn quantiles<const K: usize>(&self, qs: [f64; K]) -> Option<[f64; K]> {
        if self.count == 0 {
            return None;
        }
        let sorted = self.sorted();
        Some(qs.map(|q| {
            let h = (self.count - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as u64;
            let hi = (lo + 1).min(self.count - 1);
            let (a, b) = (sorted.order_statistic(lo), sorted.order_statistic(hi));
            a + (h - lo as f64) * (b - a)
        }))
    }
}

/// Streaming summary of one statistic: exact (all values kept) up to [`EXACT_LIMIT`] values,
/// then a [`LogSketch`] for quantiles. Mean, standard deviation, min and max stay exact.
#[derive(Debug, Clone, Default)]
pub struct StreamingSummary {
    exact: Vec<f64>,
    sketch: Option<LogSketch>,
    n: u64,
    mean: f64,
    m2: f64,
    min: f64,
    max: f64,
}

impl StreamingSummary {
    /// Adds a value (non-finite values are ignored). Values must arrive in a fixed order
    /// (replicate order) for the mean's last bits to be reproducible.
    pub fn push(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        if self.n == 0 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        // Welford's update.
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
        match &mut self.sketch {
            Some(s) => s.push(x),
            None if self.exact.len() < EXACT_LIMIT => self.exact.push(x),
            None => {
                let mut s = LogSketch::default();
                for v in self.exact.drain(..) {
                    s.push(v);
                }
                s.push(x);
                self.exact.shrink_to_fit();
                self.sketch = Some(s);
            }
        }
    }

    /// Whether quantiles are still exact.
    pub fn is_exact(&self) -> bool {
        self.sketch.is_none()
    }

    /// The summary, `None` if no values.
    pub fn summary(&self) -> Option<Summary> {
        if self.n == 0 {
            return None;
        }
        let n = self.n as f64;
        let sd = if self.n > 1 {
            (self.m2 / (n - 1.0)).max(0.0).sqrt()
        } else {
            0.0
        };
        let p = match &self.sketch {
            Some(s) => s
                .quantiles(QUANTILES)
                .unwrap_or([self.mean; QUANTILES.len()])
                .map(|x| x.clamp(self.min, self.max)),
            None => {
                let mut v = self.exact.clone();
                v.sort_by(f64::total_cmp);
                QUANTILES.map(|q| quantile_sorted(&v, q).unwrap_or(self.mean))
            }
        };
        Some(Summary {
            n: self.n as usize,
            mean: self.mean,
            se: sd / n.sqrt(),
            sd,
            p,
            min: self.min,
            max: self.max,
        })
    }
}

#[cfg(test)]
mod sketch_tests {
    use super::*;
    use proptest::prelude::*;
    use rand::{RngExt, SeedableRng};

    #[test]
    fn streaming_summary_is_exact_below_the_limit() {
        let v: Vec<f64> = (0..1000).map(|i| ((i * 37) % 101) as f64 - 50.0).collect();
        let mut s = StreamingSummary::default();
        v.iter().for_each(|x| s.push(*x));
        let a = s.summary().unwrap();
        let b = summarize(v.iter().copied()).unwrap();
        assert!(s.is_exact());
        assert_eq!(a.p, b.p);
        assert!((a.mean - b.mean).abs() < 1e-9 && (a.sd - b.sd).abs() < 1e-9);
        assert_eq!((a.min, a.max, a.n), (b.min, b.max, b.n));
    }

    #[test]
    fn sketch_quantiles_are_within_the_relative_error_bound() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
        let v: Vec<f64> = (0..50_000)
            .map(|_| rng.random_range(-300.0..200.0))
            .collect();
        let mut s = StreamingSummary::default();
        v.iter().for_each(|x| s.push(*x));
        assert!(!s.is_exact());
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        let got = s.summary().unwrap();
        for (q, g) in QUANTILES.iter().zip(got.p) {
            let h = (sorted.len() - 1) as f64 * q;
            let (lo, hi) = (sorted[h.floor() as usize], sorted[h.ceil() as usize]);
            let bound = 2.0 * SKETCH_RELATIVE_ACCURACY * lo.abs().max(hi.abs()) + 1e-12;
            assert!(
                g >= lo.min(hi) - bound && g <= lo.max(hi) + bound,
                "q{q}: {g} vs [{lo}, {hi}]"
            );
        }
    }

    /// Values counted in batches give every order statistic exactly as the definition does:
    /// the k-th smallest value's bucket (50,000 values: about a hundred batches merged).
    #[test]
    fn batched_sketch_order_statistics_are_the_buckets_of_the_exact_ones() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let v: Vec<f64> = (0..50_000)
            .map(|i| match i % 7 {
                0 => 0.0,
                1 => rng.random_range(-5.0..-1e-3),
                _ => rng.random_range(1e-3..1e4),
            })
            .collect();
        let mut s = LogSketch::default();
        v.iter().for_each(|x| s.push(*x));
        let mut sorted = v.clone();
        sorted.sort_by(f64::total_cmp);
        let bucket_value = |x: f64| {
            if x.abs() < LogSketch::MIN_ABS {
                0.0
            } else {
                x.signum() * LogSketch::value(LogSketch::index(x.abs()))
            }
        };
        for k in (0..sorted.len()).step_by(997).chain([sorted.len() - 1]) {
            assert_eq!(
                s.order_statistic(k as u64).to_bits(),
                bucket_value(sorted[k]).to_bits(),
                "k = {k}"
            );
        }
    }

    proptest! {
        #[test]
        fn sketch_order_statistics_have_bounded_relative_error(v in proptest::collection::vec(-1e6f64..1e6, 1..300), k in 0usize..300) {
            let mut s = LogSketch::default();
            v.iter().for_each(|x| s.push(*x));
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            let k = k % sorted.len();
            let exact = sorted[k];
            let got = s.order_statistic(k as u64);
            prop_assert!((got - exact).abs() <= SKETCH_RELATIVE_ACCURACY * exact.abs() * 1.0001 + 1e-12, "{} vs {}", got, exact);
        }
    }
}
