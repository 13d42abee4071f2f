//! The charts of `tradewar discover` (docs/scenario_discovery.md): the coverage–density
//! trade-off of the peeling trajectory, coloured by the number of restricted inputs, and the
//! inspected box's limits against each restricted input's range in the runs.

use std::path::Path;

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::analysis::Discovery;
use crate::config::ChartOptions;
use crate::report::chart::{Chart, emit};
use crate::report::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, Swatch, cartesian, data_label, font,
};
use crate::report::style::{INK, MUTED, PALETTE, Theme, ValueFmt, fmt_sig, viridis};

/// Draws both charts of `d` into `out/charts/`.
pub fn draw(out: &Path, d: &Discovery, opts: &ChartOptions) -> Result<Vec<Chart>> {
    let mut charts = Vec::new();
    let (fig, caption) = tradeoff(d);
    charts.extend(emit(out, opts, "prim_tradeoff", caption, &fig)?);
    if let Some((fig, caption)) = limits(d) {
        charts.extend(emit(out, opts, "prim_box", caption, &fig)?);
    }
    Ok(charts)
}

/// The colour of a box restricting `r` of at most `max` inputs.
fn restricted_color(r: usize, max: usize) -> RGBColor {
    viridis(0.9 * r as f64 / max.max(1) as f64)
}

/// Coverage against density for every step of the trajectory.
pub struct TradeoffFig {
    frame: Frame,
    /// (coverage, density, restricted inputs) per step.
    points: Vec<(f64, f64, usize)>,
    chosen: usize,
    max_restricted: usize,
}

fn tradeoff(d: &Discovery) -> (TradeoffFig, String) {
    let steps = &d.trajectory.steps;
    let points: Vec<(f64, f64, usize)> = steps
        .iter()
        .map(|s| (s.coverage, s.density, s.restricted))
        .collect();
    let max_restricted = points.iter().map(|p| p.2).max().unwrap_or(0);
    let mut counts: Vec<usize> = points.iter().map(|p| p.2).collect();
    counts.sort_unstable();
    counts.dedup();
    let mut legend: Vec<LegendItem> = counts
        .iter()
        .map(|r| LegendItem {
            label: format!("{r} input{} restricted", if *r == 1 { "" } else { "s" }),
            swatch: Swatch::Dot(restricted_color(*r, max_restricted)),
        })
        .collect();
    legend.push(LegendItem::line(
        format!("step {} (inspected)", d.chosen),
        INK.to_rgba(),
        2.0,
        false,
    ));
    let s = &steps[d.chosen];
    let caption = format!(
        "Each point is one box of PRIM's peeling (and pasting) trajectory for the case {} \
         ({} of {} runs): coverage is the share of all cases inside the box, density the share \
         of cases among the runs inside it; the colour counts the inputs the box restricts. \
         Step {} (ringed) has coverage {:.1}% and density {:.1}%.",
        d.case,
        d.trajectory.cases,
        d.trajectory.runs,
        d.chosen,
        100.0 * s.coverage,
        100.0 * s.density
    );
    let fig = TradeoffFig {
        frame: Frame {
            title: format!("PRIM trade-off for {}: coverage against density", d.case),
            legend,
            footnote: d.data.manifest.footnote(),
        },
        points,
        chosen: d.chosen,
        max_restricted,
    };
    (fig, caption)
}

impl Figure for TradeoffFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let pct = ValueFmt::percent();
        let x = draw::fit_x_numeric(
            area,
            theme,
            (0.0, 1.0),
            &pct,
            "coverage: share of all cases inside the box (%)",
            false,
        );
        let mut x = x;
        (x.lo, x.hi) = (-0.02, 1.02);
        let y = Axis::y_share(
            area,
            theme,
            (-0.02, 1.04),
            "density: share of cases among the runs inside the box (%)",
        );
        let mut chart = cartesian(area, theme, &x, &y)?;
        let path: Vec<(f64, f64)> = self.points.iter().map(|p| (p.0, p.1)).collect();
        chart
            .draw_series(LineSeries::new(
                path,
                MUTED.mix(0.5).stroke_width(theme.px(1.5)),
            ))
            .d()?;
        let r = theme.px(6.0).max(2);
        chart
            .draw_series(self.points.iter().map(|p| {
                Circle::new(
                    (p.0, p.1),
                    r,
                    restricted_color(p.2, self.max_restricted).filled(),
                )
            }))
            .d()?;
        let (cx, cy, _) = self.points[self.chosen];
        chart
            .draw_series(std::iter::once(Circle::new(
                (cx, cy),
                r + theme.px(5.0),
                INK.stroke_width(theme.px(2.0)),
            )))
            .d()?;
        let anchor = if cx > 0.5 { HPos::Right } else { HPos::Left };
        let dx = if cx > 0.5 { -0.025 } else { 0.025 };
        data_label(
            area,
            &chart,
            theme,
            &format!("step {}", self.chosen),
            (cx + dx, cy - 0.04),
            &font(theme.note),
            Pos::new(anchor, VPos::Top),
        )
    }
}

/// One restricted input of the inspected box: its label, range in the runs and limits.
struct LimitRow {
    label: String,
    range: (f64, f64),
    limits: (f64, f64),
    /// A quasi-p value of one of its limits is below [`SIGNIFICANT`].
    significant: bool,
}

/// Quasi-p values below this mark a restriction that matters (the usual 5% level).
const SIGNIFICANT: f64 = 0.05;

/// The colour of a box's limits: strong where a restriction matters, pale where not.
fn limit_color(significant: bool) -> RGBAColor {
    if significant {
        PALETTE[0].to_rgba()
    } else {
        PALETTE[0].mix(0.35)
    }
}

/// The inspected box's limits against each restricted input's range.
pub struct LimitsFig {
    frame: Frame,
    rows: Vec<LimitRow>,
}

fn limits(d: &Discovery) -> Option<(LimitsFig, String)> {
    let restricted = d.restricted(d.chosen);
    if restricted.is_empty() {
        return None;
    }
    let s = &d.trajectory.steps[d.chosen];
    let rows: Vec<LimitRow> = restricted
        .iter()
        .map(|j| LimitRow {
            label: format!("{} ({})", d.label(*j), d.quasi_p_label(*j)),
            range: d.trajectory.init[*j],
            limits: s.limits[*j],
            significant: {
                let (lo, hi) = d.quasi_p[*j];
                [lo, hi].iter().flatten().any(|q| *q < SIGNIFICANT)
            },
        })
        .collect();
    let free = d.data.inputs.len() - rows.len();
    let caption = format!(
        "The box PRIM found at step {} for the case {}: for each input it restricts, the grey \
         bar is the input's range in the runs and the coloured bar the box's limits (numbers \
         at the ends); after each name, the quasi-p values of the low / high limit (a one-sided \
         binomial test of the box against the box without that limit: small means the limit \
         matters; bars with a value below 0.05 are drawn strong, the others pale). The box holds {:.1}% of the runs (mass), {:.1}% of the cases (coverage), \
         and {:.1}% of the runs inside it are cases (density). The other {free} input(s) are \
         not restricted.",
        d.chosen,
        d.case,
        100.0 * s.mass,
        100.0 * s.coverage,
        100.0 * s.density
    );
    let fig = LimitsFig {
        frame: Frame {
            title: format!(
                "The inputs behind {}: the box of step {} (coverage {:.0}%, density {:.0}%)",
                d.case,
                d.chosen,
                100.0 * s.coverage,
                100.0 * s.density
            ),
            legend: vec![
                LegendItem::fill("range of the input in the runs", GREY.to_rgba()),
                LegendItem::fill("limits of the box: quasi-p < 0.05", limit_color(true)),
                LegendItem::fill("quasi-p >= 0.05 (could be dropped)", limit_color(false)),
            ],
            footnote: d.data.manifest.footnote(),
        },
        rows,
    };
    Some((fig, caption))
}

/// The grey of an input's range.
const GREY: RGBColor = RGBColor(215, 215, 215);

impl Figure for LimitsFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let n = self.rows.len();
        let x = Axis {
            lo: -0.22,
            hi: 1.22,
            ticks: vec![0.0, 0.25, 0.5, 0.75, 1.0],
            labels: ["0", "0.25", "0.5", "0.75", "1"].map(String::from).to_vec(),
            desc: "position within the input's range in the runs (0 = smallest, 1 = largest value)"
                .to_string(),
            grid: true,
            vertical: false,
        };
        let mut y = Axis::categories(vec![String::new(); n], "");
        y.hi += 0.1;
        let mut chart = cartesian(area, theme, &x, &y)?;
        let tick = font(theme.tick);
        let muted = font(theme.tick).color(&MUTED);
        let value_font = font(theme.tick).color(&PALETTE[0]);
        for (i, row) in self.rows.iter().enumerate() {
            // The first input at the top.
            let yc = (n - 1 - i) as f64;
            let (min, max) = row.range;
            let span = (max - min).max(f64::MIN_POSITIVE);
            let (lo, hi) = ((row.limits.0 - min) / span, (row.limits.1 - min) / span);
            let (b0, b1) = (yc - 0.22, yc + 0.02);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, b0), (1.0, b1)],
                    GREY.filled(),
                )))
                .d()?;
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(lo, b0 - 0.04), (hi, b1 + 0.04)],
                    limit_color(row.significant).filled(),
                )))
                .d()?;
            let mid = (b0 + b1) / 2.0;
            let left = Pos::new(HPos::Right, VPos::Center);
            let right = Pos::new(HPos::Left, VPos::Center);
            data_label(
                area,
                &chart,
                theme,
                &fmt_sig(min),
                (-0.02, mid),
                &muted,
                left,
            )?;
            data_label(
                area,
                &chart,
                theme,
                &fmt_sig(max),
                (1.02, mid),
                &muted,
                right,
            )?;
            data_label(
                area,
                &chart,
                theme,
                &row.label,
                (0.0, yc + 0.1),
                &tick,
                Pos::new(HPos::Left, VPos::Bottom),
            )?;
            let below = b0 - 0.06;
            for (v, at, end) in [(row.limits.0, lo, min), (row.limits.1, hi, max)] {
                if v != end {
                    data_label(
                        area,
                        &chart,
                        theme,
                        &fmt_sig(v),
                        (at, below),
                        &value_font,
                        Pos::new(HPos::Center, VPos::Top),
                    )?;
                }
            }
        }
        Ok(())
    }
}
