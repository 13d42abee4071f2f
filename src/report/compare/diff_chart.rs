//! The chart of paired differences: one facet per metric (own scale and unit), one interval
//! per scenario pair, a dashed zero line; six facets per chart, more continue on the next.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::paired::DiffRow;
use super::scenarios::Scenario;
use crate::config::ChartOptions;
use crate::report::chart::{Chart, emit};
use crate::report::data;
use crate::report::draw::{
    self, Figure, Frame, LegendItem, OrDraw, Swatch, cartesian, min_max, pad_range,
};
use crate::report::style::{INK, MUTED, Theme, ValueFmt, series_color};

/// A facet of the difference chart: one metric, one interval per scenario pair.
struct DiffPanel {
    title: String,
    fmt: ValueFmt,
    /// (pair label, palette index, mean, low, high).
    rows: Vec<(String, usize, f64, f64, f64)>,
}

/// Paired differences, one facet (with its own scale and unit) per metric.
struct DiffFig {
    frame: Frame,
    panels: Vec<DiffPanel>,
}

/// Facets per difference chart; more metrics continue on further charts.
const PANELS_PER_CHART: usize = 6;

/// Draws the paired differences `rows`, [`PANELS_PER_CHART`] metrics per chart, into
/// `out/charts/`.
pub fn diff_charts(
    out: &Path,
    opts: &ChartOptions,
    scenarios: &[Scenario],
    rows: &[DiffRow],
    footnote: &str,
) -> Result<Vec<Chart>> {
    let reference = &scenarios[0];
    // Rows grouped by metric, in the order of runs.csv.
    let mut metrics: Vec<(String, Vec<&DiffRow>)> = Vec::new();
    for r in rows {
        match metrics.iter_mut().find(|m| m.0 == r.metric) {
            Some(m) => m.1.push(r),
            None => metrics.push((r.metric.clone(), vec![r])),
        }
    }
    let n = rows.iter().map(|r| r.n).max().unwrap_or(0);
    let chunks: Vec<&[(String, Vec<&DiffRow>)]> = metrics.chunks(PANELS_PER_CHART).collect();
    let mut charts = Vec::new();
    for (ci, chunk) in chunks.iter().enumerate() {
        let panels: Vec<DiffPanel> = chunk
            .iter()
            .map(|(metric, rs)| {
                let info = reference.manifest.metric(metric);
                let fmt = data::value_fmt(&info).for_differences();
                let mut title = fmt.axis_label(&info.label);
                if rs.len() == 1 {
                    let r = rs[0];
                    let sign = if r.mean > 0.0 { "+" } else { "" };
                    let _ = write!(
                        title,
                        ":  {sign}{}  (95% interval {} to {})",
                        fmt.value(r.mean),
                        fmt.value(r.low),
                        fmt.value(r.high)
                    );
                }
                DiffPanel {
                    title,
                    fmt,
                    rows: rs
                        .iter()
                        .map(|r| {
                            let pair = format!("{} \u{2212} {}", r.b, r.a);
                            (pair, r.b_index, r.mean, r.low, r.high)
                        })
                        .collect(),
                }
            })
            .collect();
        let labels: Vec<String> = chunk
            .iter()
            .map(|(m, _)| reference.manifest.metric(m).label)
            .collect();
        let part = if chunks.len() > 1 {
            format!(" ({}/{})", ci + 1, chunks.len())
        } else {
            String::new()
        };
        let caption = format!(
            "Paired differences (scenario \u{2212} {}) computed replicate by replicate under \
             common random numbers (n = {n} pairs): mean difference with 95% interval \
             (mean ± 1.96·sd/√n) for {}. Each panel has its own scale and unit; shares are \
             compared in percentage points. Intervals that exclude the dashed zero line \
             indicate an effect beyond Monte Carlo noise.",
            reference.name,
            labels.join(", ")
        );
        let fig = DiffFig {
            frame: Frame {
                title: format!("Paired differences vs {}{part}", reference.name),
                legend: vec![
                    LegendItem {
                        label: "Mean difference with 95% interval".into(),
                        swatch: Swatch::Interval(INK),
                    },
                    LegendItem::line("No difference", MUTED.to_rgba(), 1.5, true),
                ],
                footnote: footnote.to_string(),
            },
            panels,
        };
        let stem = diff_stem(chunk.iter().map(|(m, _)| m.as_str()));
        if let Some(ch) = emit(out, opts, &stem, caption, &fig)? {
            charts.push(ch);
        }
    }
    Ok(charts)
}

/// The file stem of a chart of paired differences, named after its metrics:
/// `compare_diff_<metric>`, or `compare_diff_<first>_to_<last>` for several panels.
fn diff_stem<'a>(metrics: impl IntoIterator<Item = &'a str>) -> String {
    let metrics: Vec<&str> = metrics.into_iter().collect();
    match metrics.as_slice() {
        [] => "compare_diff".to_string(),
        [one] => format!("compare_diff_{one}"),
        [first, .., last] => format!("compare_diff_{first}_to_{last}"),
    }
}

impl Figure for DiffFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let (_, total_h) = area.dim_in_pixel();
        // Panels get an equal share, but no more than a comfortable height each.
        let rows_total: usize = self.panels.iter().map(|p| p.rows.len()).sum();
        let per_row = theme.px(46.0);
        let overhead = (theme.legend * 1.5 + theme.tick * 1.2) as u32 + theme.px(40.0);
        let wanted = rows_total as u32 * per_row + self.panels.len() as u32 * overhead;
        let used = wanted.min(total_h);
        let (area, _) = area.split_vertically(used);
        let cells = area.split_evenly((self.panels.len().max(1), 1));
        for (panel, cell) in self.panels.iter().zip(cells.iter()) {
            let title_h = (theme.legend * 1.6) as u32;
            let (head, body) = cell.split_vertically(title_h);
            draw::label(
                &head,
                theme,
                &panel.title,
                (
                    theme.px(24.0) as i32,
                    title_h as i32 / 2 + theme.px(3.0) as i32,
                ),
                &draw::bold(theme.legend),
                Pos::new(HPos::Left, VPos::Center),
            )?;
            let vals = panel.rows.iter().flat_map(|r| [r.3, r.4]).chain([0.0]);
            let (lo, hi) = min_max(vals).unwrap_or((-1.0, 1.0));
            let (lo, hi) = pad_range(lo, hi, 0.08);
            let x = draw::fit_x_numeric(&body, theme, (lo, hi), &panel.fmt, "", false);
            let labels: Vec<String> = panel.rows.iter().map(|r| r.0.clone()).collect();
            let mut y = draw::fit_y_categories(&body, theme, labels, "");
            y.lo = -0.6;
            y.hi = panel.rows.len() as f64 - 0.4;
            let mut chart = cartesian(&body, theme, &x, &y)?;
            draw::vline(
                &mut chart,
                0.0,
                MUTED.stroke_width(theme.px(1.5)),
                true,
                theme,
            )?;
            let (_, py) = chart.plotting_area().get_pixel_range();
            let data_per_px = (y.hi - y.lo) / (py.end - py.start).max(1) as f64;
            let cap = (theme.px(8.0) as f64 * data_per_px).min(0.3);
            for (j, (_, ci, mean, low, high)) in panel.rows.iter().enumerate() {
                let c = series_color(*ci);
                let yc = j as f64;
                let style = c.stroke_width(theme.px(2.5));
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(*low, yc), (*high, yc)],
                        style,
                    )))
                    .d()?;
                for e in [*low, *high] {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            vec![(e, yc - cap), (e, yc + cap)],
                            style,
                        )))
                        .d()?;
                }
                chart
                    .draw_series(std::iter::once(Circle::new(
                        (*mean, yc),
                        theme.px(5.5),
                        c.filled(),
                    )))
                    .d()?;
            }
        }
        Ok(())
    }
}
