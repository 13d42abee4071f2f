//! Quasi-p values of a box's restrictions (Bryant and Lempert 2010, as the EMA Workbench's
//! `PrimBox.inspect` reports them; docs/scenario_discovery.md): for each restricted end of
//! each input, drop that one limit and ask how likely the box's count of cases would be if its
//! runs were drawn at the share of cases of the wider box — a one-sided binomial test. A small
//! value means the restriction matters; a value near 1 that it could be dropped.

/// The upper tail P(X ≥ k) of X ~ Binomial(n, p), summed in log space.
pub fn binomial_upper_tail(k: usize, n: usize, p: f64) -> f64 {
    if k == 0 || p >= 1.0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    let ln_choose: f64 = (1..=k).map(|t| ((n - k + t) as f64 / t as f64).ln()).sum();
    let odds = (p / (1.0 - p)).ln();
    let mut log_pmf = ln_choose + k as f64 * p.ln() + (n - k) as f64 * (1.0 - p).ln();
    let mut logs = Vec::with_capacity(n - k + 1);
    for i in k..=n {
        logs.push(log_pmf);
        if i < n {
            log_pmf += ((n - i) as f64 / (i + 1) as f64).ln() + odds;
        }
    }
    let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = logs.iter().map(|l| (l - top).exp()).sum();
    (top + sum.ln()).exp().min(1.0)
}

/// Per input, the quasi-p values of the low and the high limit of the box `limits` (`None`
/// where that end is not restricted, against the data's range `init`).
pub fn quasi_p(
    columns: &[Vec<f64>],
    y: &[bool],
    limits: &[(f64, f64)],
    init: &[(f64, f64)],
) -> Vec<(Option<f64>, Option<f64>)> {
    let count = |l: &[(f64, f64)]| {
        let mut runs = 0;
        let mut cases = 0;
        for (i, case) in y.iter().enumerate() {
            if columns
                .iter()
                .zip(l)
                .all(|(c, (lo, hi))| *lo <= c[i] && c[i] <= *hi)
            {
                runs += 1;
                cases += usize::from(*case);
            }
        }
        (runs, cases)
    };
    let (runs, cases) = count(limits);
    let test = |wider: Vec<(f64, f64)>| {
        let (n, k) = count(&wider);
        binomial_upper_tail(cases, runs, k as f64 / n.max(1) as f64)
    };
    (0..limits.len())
        .map(|j| {
            let (lo, hi) = limits[j];
            let (min, max) = init[j];
            let drop = |end: usize| {
                let mut l = limits.to_vec();
                if end == 0 {
                    l[j].0 = min;
                } else {
                    l[j].1 = max;
                }
                test(l)
            };
            ((lo != min).then(|| drop(0)), (hi != max).then(|| drop(1)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_tails_match_hand_values() {
        // P(X >= 2), X ~ Bin(3, 0.5) = (3 + 1) / 8.
        assert!((binomial_upper_tail(2, 3, 0.5) - 0.5).abs() < 1e-12);
        // P(X >= 3), X ~ Bin(3, 0.2) = 0.008.
        assert!((binomial_upper_tail(3, 3, 0.2) - 0.008).abs() < 1e-12);
        assert_eq!(binomial_upper_tail(0, 10, 0.3), 1.0);
        // Far tails stay finite: P(X >= 900), X ~ Bin(1000, 0.5) is below 1e-100.
        let tiny = binomial_upper_tail(900, 1000, 0.5);
        assert!(tiny > 0.0 && tiny < 1e-100, "{tiny}");
    }

    #[test]
    fn a_needed_restriction_has_a_small_quasi_p() {
        // Cases exactly where x0 >= 5 (x0 = 0..9); x1 is noise.
        let x0: Vec<f64> = (0..10).map(f64::from).collect();
        let x1: Vec<f64> = (0..10).map(|i| f64::from((i * 7) % 10)).collect();
        let y: Vec<bool> = x0.iter().map(|v| *v >= 5.0).collect();
        let init = [(0.0, 9.0), (0.0, 9.0)];
        let qp = quasi_p(&[x0, x1], &y, &[(4.5, 9.0), (0.0, 9.0)], &init);
        // Dropping x0 >= 4.5 leaves a share of 1/2: P(5 of 5) = 1/32.
        assert!((qp[0].0.unwrap() - 1.0 / 32.0).abs() < 1e-12);
        assert_eq!((qp[0].1, qp[1]), (None, (None, None)));
    }
}
