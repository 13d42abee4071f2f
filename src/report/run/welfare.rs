//! The welfare decomposition of a run (docs/model.md §4.11): per side, a chart stacking the
//! monthly welfare parts (mean across replicates, against the no-conflict reference) with the
//! total against both references, and a table of the parts summed over the horizon.
//!
//! Reads the part metrics of rounds.csv (`<side>_welfare_<part>_usd_bn` against the
//! no-conflict reference, `<side>_welfare_sq_<part>_usd_bn` against the status quo). Means
//! add up, so the stacked means sum to the mean total.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::months::MonthLabels;
use crate::report::data::{RoundStat, Rounds};
use crate::report::draw::{Axis, Figure, Frame, LegendItem, OrDraw, cartesian, draw_line};
use crate::report::style::{INK, PALETTE, Theme, ValueFmt};

/// The parts, in stacking order, with their labels.
pub const PARTS: [(&str, &str); 8] = [
    ("buyers", "Buyers' cost"),
    ("revenue", "Tariff revenue"),
    ("producers", "Producers and exporters"),
    ("farm", "Farm income after aid"),
    ("aid", "Aid cost"),
    ("tech", "Tech losses"),
    ("magnets", "Magnet shortages"),
    ("leverage", "Leverage value"),
];

/// The sides, with their labels.
const SIDES: [(&str, &str); 2] = [("us", "US"), ("cn", "China")];

/// Whether a round metric is a welfare part (drawn here, not as its own fan chart).
pub fn is_part(name: &str) -> bool {
    SIDES.iter().any(|(s, _)| {
        PARTS.iter().any(|(p, _)| {
            name == format!("{s}_welfare_{p}_usd_bn")
                || name == format!("{s}_welfare_sq_{p}_usd_bn")
        })
    })
}

/// Mean by round of one metric (empty when absent).
fn means(rounds: &Rounds, name: &str) -> Vec<(i64, f64)> {
    rounds
        .metrics
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, rows)| {
            rows.iter()
                .filter_map(|r: &RoundStat| Some((r.round, r.mean?)))
                .collect()
        })
        .unwrap_or_default()
}

/// One side's parts by round: `(round, [part means])` against the no-conflict reference, and
/// the totals against both references. `None` when rounds.csv has no parts for the side.
#[allow(clippy::type_complexity)]
fn side_series(
    rounds: &Rounds,
    side: &str,
) -> Option<(Vec<(i64, [f64; 8])>, Vec<(f64, f64)>, Vec<(f64, f64)>)> {
    let cols: Vec<Vec<(i64, f64)>> = PARTS
        .iter()
        .map(|(p, _)| means(rounds, &format!("{side}_welfare_{p}_usd_bn")))
        .collect();
    let first = cols.first()?;
    if first.is_empty() {
        return None;
    }
    let mut by_round = Vec::new();
    let (mut nc, mut sq) = (Vec::new(), Vec::new());
    let sq_cols: Vec<Vec<(i64, f64)>> = PARTS
        .iter()
        .map(|(p, _)| means(rounds, &format!("{side}_welfare_sq_{p}_usd_bn")))
        .collect();
    for (k, (round, _)) in first.iter().enumerate() {
        let mut v = [0.0; 8];
        for (i, c) in cols.iter().enumerate() {
            v[i] = c.get(k).filter(|(r, _)| r == round).map_or(0.0, |x| x.1);
        }
        let total_sq: f64 = sq_cols
            .iter()
            .filter_map(|c| c.get(k).filter(|(r, _)| r == round).map(|x| x.1))
            .sum();
        nc.push((*round as f64, v.iter().sum()));
        sq.push((*round as f64, total_sq));
        by_round.push((*round, v));
    }
    Some((by_round, nc, sq))
}

/// A stacked bar chart of one side's welfare parts by month.
#[derive(Debug, Clone)]
pub struct WelfareFig {
    frame: Frame,
    parts: Vec<(i64, [f64; 8])>,
    total_nc: Vec<(f64, f64)>,
    total_sq: Vec<(f64, f64)>,
    months: MonthLabels,
}

/// The welfare-decomposition charts of a run: one per side with parts in rounds.csv, each
/// with its file stem and caption.
pub fn welfare_figs(
    rounds: &Rounds,
    months: &MonthLabels,
    footnote: &str,
) -> Vec<(String, WelfareFig, String)> {
    let mut out = Vec::new();
    for (side, label) in SIDES {
        let Some((parts, total_nc, total_sq)) = side_series(rounds, side) else {
            continue;
        };
        let mut legend: Vec<LegendItem> = PARTS
            .iter()
            .enumerate()
            .map(|(i, (_, l))| LegendItem::fill(*l, PALETTE[i % PALETTE.len()].mix(0.85)))
            .collect();
        legend.push(LegendItem::line(
            "Total vs no conflict",
            INK.to_rgba(),
            3.0,
            false,
        ));
        legend.push(LegendItem::line(
            "Total vs status quo",
            PALETTE[3].to_rgba(),
            3.0,
            false,
        ));
        let first = parts.first().map_or(0, |p| p.0);
        let last = parts.last().map_or(0, |p| p.0);
        let caption = format!(
            "{label} welfare by month, {} to {}, split into its parts (mean across replicates, \
             USD bn/month, against the no-conflict reference of January-2025 policies; gains \
             above zero, losses below). The dark line is the total against the no-conflict \
             reference, the coloured line the total against the status quo (round-0 \
             instruments held).",
            months.label(first),
            months.label(last)
        );
        out.push((
            format!("welfare_{side}"),
            WelfareFig {
                frame: Frame {
                    title: format!("{label} welfare decomposition by month"),
                    legend,
                    footnote: footnote.to_string(),
                },
                parts,
                total_nc,
                total_sq,
                months: months.clone(),
            },
            caption,
        ));
    }
    out
}

impl Figure for WelfareFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let first = self.parts.first().map_or(0, |p| p.0);
        let last = self.parts.last().map_or(0, |p| p.0);
        let stacks = self.parts.iter().flat_map(|(_, v)| {
            let up: f64 = v.iter().filter(|x| **x > 0.0).sum();
            let down: f64 = v.iter().filter(|x| **x < 0.0).sum();
            [up, down, 0.0]
        });
        let lines = self.total_nc.iter().chain(&self.total_sq).map(|p| p.1);
        let fmt = ValueFmt::plain("USD bn/month");
        let y = Axis::y_values(
            area,
            theme,
            stacks.chain(lines),
            0.05,
            &fmt,
            "USD bn per month",
        );
        let x = self.months.axis(area, theme, first, last);
        let mut chart = cartesian(area, theme, &x, &y)?;
        for (round, v) in &self.parts {
            let x = *round as f64;
            let (mut up, mut down) = (0.0, 0.0);
            for (i, value) in v.iter().enumerate() {
                let (lo, hi) = if *value >= 0.0 {
                    up += value;
                    (up - value, up)
                } else {
                    down += value;
                    (down, down - value)
                };
                if hi > lo {
                    let color = PALETTE[i % PALETTE.len()].mix(0.85);
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [(x - 0.38, lo), (x + 0.38, hi)],
                            color.filled(),
                        )))
                        .d()?;
                }
            }
        }
        draw_line(&mut chart, &self.total_nc, INK, theme)?;
        draw_line(&mut chart, &self.total_sq, PALETTE[3], theme)
    }
}

/// The decomposition table: one row per part and a total, columns US and China against the
/// no-conflict reference and against the status quo (mean across replicates of the sum over
/// the horizon, USD bn). `None` when rounds.csv has no parts.
pub fn welfare_table(rounds: &Rounds) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let sum = |name: String| -> Option<f64> {
        let m = means(rounds, &name);
        (!m.is_empty()).then(|| m.iter().map(|x| x.1).sum())
    };
    let mut any = false;
    let mut totals = [0.0; 4];
    let mut rows = Vec::new();
    for (part, label) in PARTS {
        let mut row = vec![label.to_string()];
        for (k, (side, _)) in SIDES.iter().enumerate() {
            let nc = sum(format!("{side}_welfare_{part}_usd_bn"));
            any |= nc.is_some();
            let sq = sum(format!("{side}_welfare_sq_{part}_usd_bn")).or(nc.map(|_| 0.0));
            for (j, v) in [nc, sq].into_iter().enumerate() {
                totals[2 * k + j] += v.unwrap_or(0.0);
                row.push(v.map_or(String::new(), |v| format!("{v:.1}")));
            }
        }
        rows.push(row);
    }
    if !any {
        return None;
    }
    let mut total = vec!["Total".to_string()];
    total.extend(totals.iter().map(|v| format!("{v:.1}")));
    rows.push(total);
    let header = [
        "Part",
        "US vs no conflict",
        "US vs status quo",
        "China vs no conflict",
        "China vs status quo",
    ]
    .map(String::from)
    .to_vec();
    Some((header, rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::data::Table;

    fn rounds(csv: &str) -> Rounds {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("rounds.csv"), csv).unwrap();
        Rounds::from_table(&Table::read_opt(dir.path(), "rounds.csv").unwrap())
    }

    #[test]
    fn parts_are_recognised() {
        assert!(is_part("us_welfare_buyers_usd_bn"));
        assert!(is_part("cn_welfare_sq_tech_usd_bn"));
        assert!(!is_part("us_welfare_cum_usd_bn"));
        assert!(!is_part("us_welfare_sq_cum_usd_bn"));
    }

    #[test]
    fn the_table_sums_the_months_and_adds_up() {
        let r = rounds(
            "round,month,metric,mean,p05,p25,p50,p75,p95\n\
             0,2025-10,us_welfare_buyers_usd_bn,-2,-2,-2,-2,-2,-2\n\
             1,2025-11,us_welfare_buyers_usd_bn,-3,-3,-3,-3,-3,-3\n\
             0,2025-10,us_welfare_revenue_usd_bn,1,1,1,1,1,1\n\
             1,2025-11,us_welfare_revenue_usd_bn,1.5,1,1,1,1,1\n\
             0,2025-10,us_welfare_sq_buyers_usd_bn,0,0,0,0,0,0\n\
             1,2025-11,us_welfare_sq_buyers_usd_bn,-1,-1,-1,-1,-1,-1\n",
        );
        let (header, rows) = welfare_table(&r).unwrap();
        assert_eq!(header.len(), 5);
        assert_eq!(rows[0][1], "-5.0");
        assert_eq!(rows[0][2], "-1.0");
        assert_eq!(rows[1][1], "2.5");
        assert_eq!(
            rows[1][2], "0.0",
            "a part without a status-quo series is 0 against it"
        );
        assert_eq!(rows.last().unwrap()[1], "-2.5");
        assert_eq!(rows.last().unwrap()[2], "-1.0");
        let months = MonthLabels::default();
        let figs = welfare_figs(&r, &months, "");
        assert_eq!(figs.len(), 1, "US only");
        assert_eq!(figs[0].0, "welfare_us");
        assert!(welfare_table(&rounds("round,month,metric,mean,p05,p25,p50,p75,p95\n")).is_none());
    }
}
