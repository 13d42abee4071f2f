//! Sobol sensitivity indices from `sensitivity.csv`: grouped bars of first-order and total
//! indices per parameter, with their intervals.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::data::{MetricInfo, Table, parse_f64};
use crate::report::diagnostics::warn;
use crate::report::draw::{self, Figure, Frame, LegendItem, OrDraw, cartesian, min_max};
use crate::report::style::{MUTED, PALETTE, Theme, ValueFmt};

/// One row of sensitivity.csv: parameter, (s1, low, high), (st, low, high).
pub type SobolRow = (String, [Option<f64>; 3], [Option<f64>; 3]);

/// The rows of `sensitivity.csv` grouped by metric, in order of appearance.
pub fn sensitivity_rows(t: &Table) -> Vec<(String, Vec<SobolRow>)> {
    let (Some(pc), Some(mc)) = (t.col("parameter"), t.col("metric")) else {
        warn("sensitivity.csv lacks `parameter` or `metric`; skipped");
        return Vec::new();
    };
    let cols = ["s1", "s1_low", "s1_high", "st", "st_low", "st_high"].map(|c| t.col(c));
    let mut out: Vec<(String, Vec<SobolRow>)> = Vec::new();
    for r in &t.rows {
        let v = cols.map(|c| c.and_then(|c| parse_f64(&r[c])));
        let row = (r[pc].clone(), [v[0], v[1], v[2]], [v[3], v[4], v[5]]);
        match out.iter_mut().find(|(m, _)| *m == r[mc]) {
            Some((_, rows)) => rows.push(row),
            None => out.push((r[mc].clone(), vec![row])),
        }
    }
    out
}

/// Horizontal grouped bars of first-order and total Sobol indices with intervals.
pub struct SobolFig {
    frame: Frame,
    /// Sorted so that the most influential parameter is at the top (last).
    rows: Vec<SobolRow>,
}

/// Fewer base samples than this make the indices too noisy to read.
pub const MIN_TRUSTED_SAMPLES: u64 = 64;

/// Fewer bootstrap resamples than this make the intervals too rough to read.
pub const MIN_TRUSTED_BOOTSTRAP: u64 = 100;

/// A warning for charts of a Sobol design too small to trust (from the manifest's
/// `sweep.samples` and `sweep.bootstrap`), or `None`.
pub fn small_design_warning(manifest: &serde_json::Value) -> Option<String> {
    let sweep = manifest.get("sweep")?;
    let samples = sweep.get("samples").and_then(serde_json::Value::as_u64);
    let bootstrap = sweep.get("bootstrap").and_then(serde_json::Value::as_u64);
    let mut why = Vec::new();
    if let Some(n) = samples.filter(|&n| n < MIN_TRUSTED_SAMPLES) {
        why.push(format!("only {n} base samples"));
    }
    if let Some(b) = bootstrap.filter(|&b| b < MIN_TRUSTED_BOOTSTRAP) {
        why.push(format!("{b} bootstrap resamples"));
    }
    (!why.is_empty()).then(|| format!("CAUTION: {}, unreliable", why.join(", ")))
}

/// The Sobol-index bar chart of one metric, and its caption; `caution` (a too-small
/// design) goes into the title and the caption.
pub fn sobol(
    info: &MetricInfo,
    mut rows: Vec<SobolRow>,
    footnote: &str,
    caution: Option<&str>,
) -> (SobolFig, String) {
    rows.sort_by(|a, b| {
        let ka = a.2[0].or(a.1[0]).unwrap_or(f64::NEG_INFINITY);
        let kb = b.2[0].or(b.1[0]).unwrap_or(f64::NEG_INFINITY);
        ka.total_cmp(&kb)
    });
    let top = rows.last().map(|r| r.0.clone()).unwrap_or_default();
    let mut caption = format!(
        "Sobol sensitivity indices of {} for {} parameters: first-order (S1, the share of \
         output variance explained by the parameter alone) and total (ST, including \
         interactions), with 95% confidence intervals. Largest total effect: {top}.",
        info.label,
        rows.len()
    );
    let mut title = format!("Sensitivity of {}: Sobol indices", info.label);
    if let Some(c) = caution {
        caption = format!(
            "{c}: a design this small gives indices and intervals too noisy to read \
             (use 64 or more base samples and 100 or more bootstrap resamples). {caption}"
        );
        title = format!("{title} - {c}");
    }
    let fig = SobolFig {
        frame: Frame {
            title,
            legend: vec![
                LegendItem::fill("First-order index S1", PALETTE[0].mix(0.85)),
                LegendItem::fill("Total index ST", PALETTE[1].mix(0.85)),
                LegendItem::line("95% confidence interval", MUTED.to_rgba(), 1.5, false),
            ],
            footnote: footnote.to_string(),
        },
        rows,
    };
    (fig, caption)
}

impl Figure for SobolFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let labels: Vec<String> = self.rows.iter().map(|r| r.0.clone()).collect();
        let y = draw::fit_y_categories(area, theme, labels, "");
        let vals = self
            .rows
            .iter()
            .flat_map(|r| r.1.iter().chain(r.2.iter()).flatten().copied());
        let (lo, hi) = min_max(vals).unwrap_or((0.0, 1.0));
        let (lo, hi) = (lo.min(0.0), hi.max(0.1) * 1.05);
        let mut x = draw::fit_x_numeric(
            area,
            theme,
            (lo, hi),
            &ValueFmt::plain(""),
            "Sobol index (share of output variance)",
            false,
        );
        x.grid = true;
        let mut y = y;
        y.grid = false;
        let mut chart = cartesian(area, theme, &x, &y)?;
        let half = 0.17;
        for (i, row) in self.rows.iter().enumerate() {
            for (k, (vals, color)) in [(&row.1, PALETTE[0]), (&row.2, PALETTE[1])]
                .into_iter()
                .enumerate()
            {
                let yc = i as f64 + if k == 0 { half } else { -half };
                if let Some(v) = vals[0] {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(0.0, yc - half * 0.9), (v, yc + half * 0.9)],
                            color.mix(0.85).filled(),
                        )))
                        .d()?;
                }
                if let (Some(l), Some(h)) = (vals[1], vals[2]) {
                    let style = MUTED.stroke_width(theme.px(1.5));
                    let cap = half * 0.45;
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(l, yc), (h, yc)],
                            style,
                        )))
                        .d()?;
                    for e in [l, h] {
                        chart
                            .draw_series(std::iter::once(PathElement::new(
                                vec![(e, yc - cap), (e, yc + cap)],
                                style,
                            )))
                            .d()?;
                    }
                }
            }
        }
        draw::vline(&mut chart, 0.0, MUTED.stroke_width(1), false, theme)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_designs_get_a_caution() {
        let small = serde_json::json!({"sweep": {"samples": 8, "bootstrap": 0}});
        let w = small_design_warning(&small).unwrap();
        assert!(
            w.contains("8 base samples") && w.contains("0 bootstrap"),
            "{w}"
        );
        let fine = serde_json::json!({"sweep": {"samples": 128, "bootstrap": 1000}});
        assert_eq!(small_design_warning(&fine), None);
        assert_eq!(small_design_warning(&serde_json::json!({})), None);
    }
}
