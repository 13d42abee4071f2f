//! Observed data over a run's fan charts (docs/model.md "History scenarios"): a tidy CSV of
//! observations (`month` or `date`, `metric`, `value`, `source`, as in `data/observed/`)
//! is matched to the run's rounds by calendar month, and each metric the run recorded gets a
//! fan chart with the observed series drawn over it (`charts/observed_<metric>`), captioned
//! with how many observed months fall inside the run's 5–95% band.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

use super::fan::fan;
use super::months::MonthLabels;
use crate::config::ChartOptions;
use crate::foundation::observed::read_observed;
use crate::report::chart::{Chart, emit, slug};
use crate::report::data::{Manifest, RoundStat, Rounds, Table};

/// `(round, value)` of the observations that fall in the run's months (`months`: round →
/// `YYYY-MM`).
pub fn on_rounds(obs: &BTreeMap<String, f64>, months: &BTreeMap<i64, String>) -> Vec<(i64, f64)> {
    months
        .iter()
        .filter_map(|(r, m)| obs.get(m).map(|v| (*r, *v)))
        .collect()
}

/// How many of `points` lie inside the 5–95% band of `rows` (bounds included), and of how
/// many observed rounds the run has a band for.
pub fn inside_band(points: &[(i64, f64)], rows: &[RoundStat]) -> (usize, usize) {
    let band: BTreeMap<i64, (f64, f64)> = rows
        .iter()
        .filter_map(|r| Some((r.round, (r.q[0]?, r.q[4]?))))
        .collect();
    let mut inside = 0;
    let mut total = 0;
    for (r, v) in points {
        if let Some((lo, hi)) = band.get(r) {
            total += 1;
            if (*lo - 1e-12..=*hi + 1e-12).contains(v) {
                inside += 1;
            }
        }
    }
    (inside, total)
}

/// One observed metric's fit: metric, observed months inside the 5–95% band, months compared.
pub type Fit = (String, usize, usize);

/// Draws, for each metric of the observed file at `path` that the run in `dir` recorded, the
/// fan chart with the observations over it into `dir/charts/observed_<metric>.*`. Returns
/// the charts and each metric's fit.
pub fn draw_observed_charts(
    dir: &Path,
    opts: &ChartOptions,
    path: &Path,
) -> Result<(Vec<Chart>, Vec<Fit>)> {
    let observed = read_observed(path)?;
    let manifest = Manifest::load(dir);
    let footnote = format!("{}  ·  observed: {}", manifest.footnote(), path.display());
    let rounds = Table::read_opt(dir, "rounds.csv")
        .map(|t| Rounds::from_table(&t))
        .unwrap_or_default();
    let months = MonthLabels {
        known: rounds.months.clone(),
        start: manifest.start_month.clone(),
    };
    let file = path
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let mut charts = Vec::new();
    let mut fits = Vec::new();
    for (name, rows) in &rounds.metrics {
        let Some(obs) = observed.series.get(name) else {
            continue;
        };
        let points = on_rounds(obs, &rounds.months);
        if points.is_empty() {
            continue;
        }
        let (inside, total) = inside_band(&points, rows);
        let info = manifest.round_metric(name);
        let Some((fig, caption)) = fan(&info, rows, Vec::new(), &months, &footnote, None) else {
            continue;
        };
        let fig = fig.with_observed(points, format!("Observed ({file})"));
        let caption = format!(
            "{caption} Dashed orange: observed ({file}); {inside} of {total} observed months \
             lie inside the 5–95% band."
        );
        let stem = format!("observed_{}", slug(name));
        if let Some(ch) = emit(dir, opts, &stem, caption, &fig)? {
            charts.push(ch);
        }
        fits.push((name.clone(), inside, total));
    }
    Ok((charts, fits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::*;

    #[test]
    fn observations_match_rounds_by_month_and_count_inside_the_band() {
        let dir = run_fixture();
        let obs = dir.path().join("obs.csv");
        let rounds = Rounds::from_table(&Table::read(&dir.path().join("rounds.csv")).unwrap());
        let (first_round, first_month) = rounds.months.iter().next().unwrap();
        let rows = &rounds
            .metrics
            .iter()
            .find(|(n, _)| n == "us_tariff")
            .unwrap()
            .1;
        let mid = rows[0].q[2].unwrap();
        let far = rows[0].q[4].unwrap() + 10.0;
        std::fs::write(
            &obs,
            format!(
                "month,metric,value,source\n1999-01,us_tariff,0.5,x\n{first_month},us_tariff,{far},x\n{first_month},us_tariff,{mid},x\n{first_month},not_a_metric,1,x\n"
            ),
        )
        .unwrap();
        let o = read_observed(&obs).unwrap();
        let points = on_rounds(&o.series["us_tariff"], &rounds.months);
        assert_eq!(
            points,
            vec![(*first_round, mid)],
            "the last row of a month wins"
        );
        assert_eq!(inside_band(&points, rows), (1, 1));
        assert_eq!(inside_band(&[(*first_round, far)], rows), (0, 1));
        let (charts, fits) = draw_observed_charts(dir.path(), &small_opts(), &obs).unwrap();
        assert_eq!(fits, vec![("us_tariff".to_string(), 1, 1)]);
        assert_eq!(charts.len(), 1);
        assert_eq!(charts[0].file_stem, "observed_us_tariff");
        check_chart(dir.path(), &charts[0], 400, 300);
        std::fs::write(&obs, "month,metric,value\n2025-10,us_tariff,abc\n").unwrap();
        let e = read_observed(&obs).unwrap_err().to_string();
        assert!(e.contains("row 2"), "{e}");
        std::fs::write(&obs, "when,metric,value\n").unwrap();
        assert!(read_observed(&obs).is_err());
    }
}
