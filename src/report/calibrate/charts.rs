//! The charts of a calibration folder (docs/model.md "Calibration"), read from its files
//! only. A point estimate (SMM) has the fit charts only; a posterior (ABC-SMC) has each
//! parameter's posterior marginal (`charts/posterior_<parameter>`), each pair of
//! parameters (`charts/pair_<a>__<b>`), and each series target's simulated band against the
//! observations (`charts/fit_<target>`, the run fan chart with the observed series).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};

use super::figures::{MarginalFig, PairFig, marginal_legend, weighted_bars};
use crate::config::ChartOptions;
use crate::report::chart::{emit, slug};
use crate::report::data::{MetricInfo, RoundStat, Table, parse_f64};
use crate::report::draw::Frame;
use crate::report::run::fan::fan;
use crate::report::run::months::MonthLabels;
use crate::report::style::{INK, MUTED, PALETTE};

/// A parameter row of parameters.csv.
struct Param {
    path: String,
    range: (f64, f64),
    default: Option<f64>,
    q: [Option<f64>; 3],
}

fn params(dir: &Path) -> Result<Vec<Param>> {
    let t = Table::read(&dir.join("parameters.csv"))?;
    let c = |n: &str| {
        t.col(n)
            .with_context(|| format!("parameters.csv: no column {n}"))
    };
    let (p, lo, hi, d) = (
        c("parameter")?,
        c("prior_low")?,
        c("prior_high")?,
        c("default")?,
    );
    let q = [
        c("posterior_q05")?,
        c("posterior_median")?,
        c("posterior_q95")?,
    ];
    Ok(t.rows
        .iter()
        .map(|r| Param {
            path: r[p].clone(),
            range: (
                parse_f64(&r[lo]).unwrap_or(0.0),
                parse_f64(&r[hi]).unwrap_or(1.0),
            ),
            default: parse_f64(&r[d]),
            q: q.map(|k| parse_f64(&r[k])),
        })
        .collect())
}

/// The last generation's `(weight, values by parameter)` from posterior.csv.
fn last_generation(dir: &Path, params: &[Param]) -> Result<Vec<(f64, Vec<f64>)>> {
    let t = Table::read(&dir.join("posterior.csv"))?;
    let g = t
        .col("generation")
        .context("posterior.csv: no generation column")?;
    let w = t.col("weight").context("posterior.csv: no weight column")?;
    let cols: Vec<usize> = params
        .iter()
        .map(|p| {
            t.col(&p.path)
                .with_context(|| format!("posterior.csv: no column {}", p.path))
        })
        .collect::<Result<_>>()?;
    let last = t.rows.iter().filter_map(|r| r[g].parse::<u64>().ok()).max();
    Ok(t.rows
        .iter()
        .filter(|r| r[g].parse::<u64>().ok() == last)
        .map(|r| {
            (
                parse_f64(&r[w]).unwrap_or(0.0),
                cols.iter()
                    .map(|c| parse_f64(&r[*c]).unwrap_or(f64::NAN))
                    .collect(),
            )
        })
        .collect())
}

fn num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |v| format!("{v:.4}"))
}

/// Draws every chart of the calibration folder `dir`; returns how many were written.
pub fn plot_calibration(dir: &Path) -> Result<usize> {
    let opts = ChartOptions::default();
    let manifest: serde_json::Value = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    if manifest["method"].as_str() == Some("smm") {
        let footnote = format!(
            "Calibration of {} (SMM point estimate), seed {}",
            manifest["config"].as_str().unwrap_or("?"),
            manifest["seed"]
        );
        let band = FitBand {
            label: "5–95% of the replicates at the estimate",
            note: "The bands are over the replicates at the point estimate.",
        };
        return fit_charts(dir, &opts, &footnote, &band);
    }
    let footnote = format!(
        "Calibration of {} (ABC-SMC), seed {}",
        manifest["config"].as_str().unwrap_or("?"),
        manifest["seed"]
    );
    let params = params(dir)?;
    let particles = last_generation(dir, &params)?;
    let mut count = 0;
    for (k, p) in params.iter().enumerate() {
        let pts: Vec<(f64, f64)> = particles.iter().map(|(w, v)| (v[k], *w)).collect();
        let mut lines = vec![];
        if let Some(m) = p.q[1] {
            lines.push((m, PALETTE[3], false));
        }
        for q in [p.q[0], p.q[2]].into_iter().flatten() {
            lines.push((q, MUTED, true));
        }
        if let Some(d) = p.default {
            lines.push((d, INK, true));
        }
        let default = p.default.map(|d| format!("{d}"));
        let fig = MarginalFig {
            frame: Frame {
                title: format!("Posterior of {}", p.path),
                legend: marginal_legend(&num(p.q[1]), default.as_deref()),
                footnote: footnote.clone(),
            },
            bars: weighted_bars(&pts, p.range, 24),
            range: p.range,
            lines,
            x_desc: format!("{} (prior range)", p.path),
        };
        let caption = format!(
            "Posterior of {} over its prior range [{}, {}]: median {}, 90% interval {} to {}; old default {}.",
            p.path,
            p.range.0,
            p.range.1,
            num(p.q[1]),
            num(p.q[0]),
            num(p.q[2]),
            num(p.default)
        );
        count += usize::from(
            emit(
                dir,
                &opts,
                &format!("posterior_{}", slug(&p.path)),
                caption,
                &fig,
            )?
            .is_some(),
        );
    }
    for a in 0..params.len() {
        for b in a + 1..params.len() {
            let (pa, pb) = (&params[a], &params[b]);
            let fig = PairFig {
                frame: Frame {
                    title: format!("Posterior particles: {} and {}", pa.path, pb.path),
                    legend: vec![],
                    footnote: footnote.clone(),
                },
                points: particles.iter().map(|(w, v)| (v[a], v[b], *w)).collect(),
                ranges: (pa.range, pb.range),
                desc: (pa.path.clone(), pb.path.clone()),
                default: pa.default.zip(pb.default),
            };
            let caption = "Particles of the last generation (dot area grows with weight) over the \
                 prior ranges; the cross marks the old defaults."
                .to_string();
            let stem = format!("pair_{}__{}", slug(&pa.path), slug(&pb.path));
            count += usize::from(emit(dir, &opts, &stem, caption, &fig)?.is_some());
        }
    }
    let band = FitBand {
        label: "5–95% of particles × replicates",
        note: "The bands pool every replicate of every posterior particle by weight.",
    };
    count += fit_charts(dir, &opts, &footnote, &band)?;
    Ok(count)
}

/// What a fit chart's band is over: its legend label and the caption's sentence.
struct FitBand {
    label: &'static str,
    note: &'static str,
}

/// One fan chart per series target of fit.csv, with the observations over it.
fn fit_charts(dir: &Path, opts: &ChartOptions, footnote: &str, band: &FitBand) -> Result<usize> {
    let t = Table::read(&dir.join("fit.csv"))?;
    let c = |n: &str| t.col(n).with_context(|| format!("fit.csv: no column {n}"));
    let (name, metric, round, month, obs) = (
        c("target")?,
        c("metric")?,
        c("round")?,
        c("month")?,
        c("observed")?,
    );
    let q = [
        c("sim_q05")?,
        c("sim_q25")?,
        c("sim_median")?,
        c("sim_q75")?,
        c("sim_q95")?,
    ];
    let inside = c("inside")?;
    let mut targets: BTreeMap<String, Vec<&Vec<String>>> = BTreeMap::new();
    for r in &t.rows {
        if !r[round].is_empty() {
            targets.entry(r[name].clone()).or_default().push(r);
        }
    }
    let mut count = 0;
    for (target, rows) in targets {
        let stats: Vec<RoundStat> = rows
            .iter()
            .filter_map(|r| {
                Some(RoundStat {
                    round: r[round].parse().ok()?,
                    q: q.map(|k| parse_f64(&r[k])),
                    mean: None,
                })
            })
            .collect();
        let months = MonthLabels {
            known: rows
                .iter()
                .filter_map(|r| Some((r[round].parse().ok()?, r[month].clone())))
                .collect(),
            start: None,
        };
        let points: Vec<(i64, f64)> = rows
            .iter()
            .filter_map(|r| Some((r[round].parse().ok()?, parse_f64(&r[obs])?)))
            .collect();
        let m = rows[0][metric].clone();
        let info = MetricInfo {
            name: m.clone(),
            label: format!("{target}: {m}"),
            unit: if m.ends_with("tariff") {
                "fraction 0..1".into()
            } else {
                String::new()
            },
            description: String::new(),
        };
        let Some((fig, caption)) = fan(&info, &stats, Vec::new(), &months, footnote, None) else {
            continue;
        };
        let n_in = rows.iter().filter(|r| r[inside] == "1").count();
        let fig = fig
            .with_band_label(band.label)
            .with_observed(points, "Observed".into());
        let caption = format!(
            "{caption} {} Dashed: observed; {n_in} of {} observed months lie inside the 5–95% band.",
            band.note,
            rows.len()
        );
        count += usize::from(
            emit(dir, opts, &format!("fit_{}", slug(&target)), caption, &fig)?.is_some(),
        );
    }
    Ok(count)
}
