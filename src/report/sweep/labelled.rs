//! Labelled scatter charts of a sweep's index tables: Morris screening (`screening.csv`, μ*
//! against σ per parameter) and policy robustness (`robustness.csv`, mean outcome against
//! worst regret per policy). One figure type: named points, the most important ones labelled.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::data::{self, MetricInfo, Table, parse_f64};
use crate::report::diagnostics::warn;
use crate::report::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, Swatch, cartesian, min_max, pad_range,
    y_tick_count,
};
use crate::report::style::{MUTED, PALETTE, Theme, ValueFmt};

/// At most this many points are labelled (the most important first).
pub const MAX_LABELS: usize = 8;

/// Named points with some of them labelled.
pub struct LabelledFig {
    frame: Frame,
    /// (name, x, y, labelled).
    points: Vec<(String, f64, f64, bool)>,
    x_desc: String,
    y_desc: String,
    fmt: ValueFmt,
    /// Draw the line y = x (σ = μ*: effects of mixed sign or strong interactions above it).
    diagonal: bool,
}

/// One metric's rows of an index table: (name, values of the requested columns) per row.
pub type MetricRows = (String, Vec<(String, Vec<f64>)>);

/// Rows of an index table grouped by metric (in order of appearance): the `key` column and
/// the numeric columns `cols` of each row; rows with a missing value are dropped.
pub fn rows_by_metric(t: &Table, key: &str, cols: &[&str]) -> Vec<MetricRows> {
    let (Some(kc), Some(mc)) = (t.col(key), t.col("metric")) else {
        warn(&format!("index table lacks `{key}` or `metric`; skipped"));
        return Vec::new();
    };
    let cols: Vec<Option<usize>> = cols.iter().map(|c| t.col(c)).collect();
    let mut out: Vec<MetricRows> = Vec::new();
    for r in &t.rows {
        let Some(v) = cols
            .iter()
            .map(|c| c.and_then(|c| parse_f64(&r[c])))
            .collect::<Option<Vec<f64>>>()
        else {
            continue;
        };
        let row = (r[kc].clone(), v);
        match out.iter_mut().find(|(m, _)| *m == r[mc]) {
            Some((_, rows)) => rows.push(row),
            None => out.push((r[mc].clone(), vec![row])),
        }
    }
    out
}

/// The μ*–σ chart of one metric from its screening.csv rows (parameter, [μ*, σ]).
pub fn screening(
    info: &MetricInfo,
    rows: Vec<(String, Vec<f64>)>,
    footnote: &str,
) -> (LabelledFig, String) {
    let mut ranked: Vec<&(String, Vec<f64>)> = rows.iter().collect();
    ranked.sort_by(|a, b| b.1[0].total_cmp(&a.1[0]));
    let top: Vec<String> = ranked.iter().take(5).map(|r| r.0.clone()).collect();
    let caption = format!(
        "Morris screening of {} over {} parameters: μ* (mean absolute elementary effect, the \
         change of the outcome per full range of the parameter) against σ (their standard \
         deviation: non-linearity or interactions). Parameters near the origin can be fixed. \
         Largest μ*: {}.",
        info.label,
        rows.len(),
        top.join(", ")
    );
    let labelled: Vec<String> = ranked
        .iter()
        .take(MAX_LABELS)
        .map(|r| r.0.clone())
        .collect();
    let fmt = data::value_fmt(info);
    let fig = LabelledFig {
        frame: Frame {
            title: format!("Screening of {}: Morris μ* and σ", info.label),
            legend: vec![
                LegendItem {
                    label: format!("Parameter ({} largest μ* named)", labelled.len()),
                    swatch: Swatch::Dot(PALETTE[0]),
                },
                LegendItem::line("σ = μ*", MUTED.to_rgba(), 1.0, false),
            ],
            footnote: footnote.to_string(),
        },
        points: rows
            .iter()
            .map(|(n, v)| (n.clone(), v[0], v[1], labelled.contains(n)))
            .collect(),
        x_desc: fmt.axis_label(&format!("μ* of {}", info.label)),
        y_desc: fmt.axis_label(&format!("σ of {}", info.label)),
        fmt,
        diagonal: true,
    };
    (fig, caption)
}

/// The robustness chart of one metric from its robustness.csv rows (policy, [mean,
/// regret_max]).
pub fn robustness(
    info: &MetricInfo,
    rows: Vec<(String, Vec<f64>)>,
    footnote: &str,
) -> (LabelledFig, String) {
    let mut ranked: Vec<&(String, Vec<f64>)> = rows.iter().collect();
    ranked.sort_by(|a, b| a.1[1].total_cmp(&b.1[1]));
    let best = ranked.first().map(|r| r.0.clone()).unwrap_or_default();
    let caption = format!(
        "Policies compared on {}: mean over the sampled scenarios against the worst regret \
         (the largest gap, over scenarios, to the best policy of each scenario). Least \
         worst-case regret: {best}.",
        info.label
    );
    let labelled: Vec<String> = ranked.iter().take(12).map(|r| r.0.clone()).collect();
    let fmt = data::value_fmt(info);
    let fig = LabelledFig {
        frame: Frame {
            title: format!("Policies on {}: mean and worst regret", info.label),
            legend: vec![LegendItem {
                label: format!("Policy ({} policies)", rows.len()),
                swatch: Swatch::Dot(PALETTE[1]),
            }],
            footnote: footnote.to_string(),
        },
        points: rows
            .iter()
            .map(|(n, v)| (n.clone(), v[0], v[1], labelled.contains(n)))
            .collect(),
        x_desc: fmt.axis_label(&format!("Mean {} over scenarios", info.label)),
        y_desc: fmt.axis_label("Worst regret"),
        fmt,
        diagonal: false,
    };
    (fig, caption)
}

impl Figure for LabelledFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (xlo, xhi) = min_max(self.points.iter().map(|p| p.1)).unwrap_or((0.0, 1.0));
        let (ylo, yhi) = min_max(self.points.iter().map(|p| p.2)).unwrap_or((0.0, 1.0));
        let (xlo, xhi) = pad_range(xlo.min(0.0).min(xhi - 1e-9), xhi, 0.08);
        let (xlo, xhi) = if self.diagonal {
            (xlo, xhi)
        } else {
            pad_range(xlo, xhi, 0.04)
        };
        let (ylo, yhi) = pad_range(ylo.min(0.0), yhi.max(ylo + 1e-9), 0.08);
        let x = draw::fit_x_numeric(area, theme, (xlo, xhi), &self.fmt, &self.x_desc, false);
        let y = Axis::numeric(ylo, yhi, &self.fmt, y_tick_count(area, theme), &self.y_desc);
        let mut chart = cartesian(area, theme, &x, &y)?;
        if self.diagonal {
            let end = xhi.min(yhi);
            if end > 0.0 {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(0.0, 0.0), (end, end)],
                        MUTED.stroke_width(1),
                    )))
                    .d()?;
            }
        }
        let color = if self.diagonal {
            PALETTE[0]
        } else {
            PALETTE[1]
        };
        let r = theme.px(4.0).max(2);
        chart
            .draw_series(
                self.points
                    .iter()
                    .map(|p| Circle::new((p.1, p.2), r, color.mix(0.7).filled())),
            )
            .d()?;
        let style = draw::font(theme.tick);
        let (w, h) = area.dim_in_pixel();
        let base = area.get_base_pixel();
        let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
        let gap = theme.px(5.0) as i32;
        for p in self.points.iter().filter(|p| p.3) {
            let (px, py) = chart.backend_coord(&(p.1, p.2));
            let (px, py) = (px - base.0, py - base.1);
            let (tw, th) = draw::text_size(area, &p.0, &style);
            let (tw, th) = (tw as i32, th as i32);
            let right_first = px < (w as i32) * 3 / 5;
            let sides = if right_first { [1, -1] } else { [-1, 1] };
            // Candidate boxes (left, top) beside the point: above, then below, each side.
            let candidates = sides.iter().flat_map(|&side| {
                let left = if side > 0 { px + gap } else { px - gap - tw };
                [(left, py - th - gap / 2), (left, py + gap / 2)]
            });
            let fits = |(l, t): (i32, i32)| {
                l >= 0
                    && t >= 0
                    && l + tw <= w as i32
                    && t + th <= h as i32
                    && placed
                        .iter()
                        .all(|b| l + tw <= b.0 || b.2 <= l || t + th <= b.1 || b.3 <= t)
            };
            let Some((l, t)) = candidates.into_iter().find(|&c| fits(c)) else {
                continue;
            };
            placed.push((l, t, l + tw, t + th));
            let anchor = Pos::new(HPos::Left, VPos::Top);
            draw::label(area, theme, &p.0, (l, t), &style, anchor)?;
        }
        Ok(())
    }
}
