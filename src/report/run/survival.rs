//! The deal-timing survival curve: the share of replicates still without a deal, month by
//! month, from `first_deal_round` of `runs.csv`.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::months::MonthLabels;
use crate::report::draw::{self, Axis, Figure, Frame, LegendItem, OrDraw, cartesian};
use crate::report::style::{PALETTE, Theme, fmt_fixed};

/// The deal-timing survival curve.
#[derive(Debug, Clone)]
pub(crate) struct SurvivalFig {
    frame: Frame,
    /// Step-curve vertices (round, share without a deal).
    steps: Vec<(f64, f64)>,
    first: i64,
    last: i64,
    median_round: Option<i64>,
    months: MonthLabels,
}

/// The deal-timing survival curve from each replicate's `first_deal` round (`None` = no
/// deal), and its caption; `None` when there are no replicates.
pub fn survival(
    first_deal: &[Option<f64>],
    first: i64,
    last: Option<i64>,
    months: &MonthLabels,
    footnote: &str,
) -> Option<(SurvivalFig, String)> {
    let n = first_deal.len();
    if n == 0 {
        return None;
    }
    let observed_max = first_deal.iter().flatten().map(|v| v.ceil() as i64).max();
    let last = last
        .or(observed_max)
        .unwrap_or(first)
        .max(observed_max.unwrap_or(first))
        .max(first);
    let share_no_deal = |t: i64| {
        first_deal
            .iter()
            .filter(|d| d.is_none_or(|r| r > t as f64))
            .count() as f64
            / n as f64
    };
    let mut steps = vec![(first as f64, 1.0)];
    let mut prev = 1.0;
    let mut median_round = None;
    for t in first..=last {
        let s = share_no_deal(t);
        if s != prev {
            steps.push((t as f64, prev));
            steps.push((t as f64, s));
            prev = s;
        }
        if median_round.is_none() && s <= 0.5 {
            median_round = Some(t);
        }
    }
    steps.push((last as f64, prev));
    let end_share = prev;
    let mut legend = vec![LegendItem::line(
        format!("Runs with no deal yet (n = {})", fmt_fixed(n as f64, 0)),
        PALETTE[0].to_rgba(),
        3.0,
        false,
    )];
    if let Some(m) = median_round {
        legend.push(LegendItem::line(
            format!("Half of runs have a deal by {}", months.label(m)),
            PALETTE[3].to_rgba(),
            2.0,
            true,
        ));
    }
    legend.push(LegendItem {
        label: format!(
            "No deal by {}: {:.1}%",
            months.label(last),
            end_share * 100.0
        ),
        swatch: draw::Swatch::Dot(PALETTE[0]),
    });
    let caption = format!(
        "Share of the {n} replicates without a deal, by month (step curve starting at 100%). \
         {}By {}, {:.1}% of runs still have no deal.",
        median_round
            .map(|m| format!(
                "Half of the runs reach a first deal by {}. ",
                months.label(m)
            ))
            .unwrap_or_default(),
        months.label(last),
        end_share * 100.0
    );
    let fig = SurvivalFig {
        frame: Frame {
            title: "Time to first deal: share of runs with no deal yet".to_string(),
            legend,
            footnote: footnote.to_string(),
        },
        steps,
        first,
        last,
        median_round,
        months: months.clone(),
    };
    Some((fig, caption))
}

impl Figure for SurvivalFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let x = self.months.axis(area, theme, self.first, self.last);
        let y = Axis::y_share(area, theme, (-0.03, 1.05), "Runs with no deal yet (%)");
        let mut chart = cartesian(area, theme, &x, &y)?;
        if let Some(m) = self.median_round {
            draw::vline(
                &mut chart,
                m as f64,
                PALETTE[3].stroke_width(theme.px(2.0)),
                true,
                theme,
            )?;
        }
        let blue = PALETTE[0];
        chart
            .draw_series(LineSeries::new(
                self.steps.iter().copied(),
                blue.stroke_width(theme.px(3.0)),
            ))
            .d()?;
        if let Some(end) = self.steps.last() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    *end,
                    theme.px(5.0),
                    blue.filled(),
                )))
                .d()?;
        }
        Ok(())
    }
}
