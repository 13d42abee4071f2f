//! Charts for `tradewar tournament` outputs: payoff and deal-rate heatmaps over strategy
//! pairs (tournament.csv) and replicator-dynamics shares over steps (replicator.csv).

use std::path::Path;

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{Chart, emit, slug};
use super::data::{self, Manifest, Table, parse_f64};
use super::diagnostics::warn;
use super::draw::{self, Axis, Figure, Frame, Heatmap, LegendItem, cartesian, draw_line};
use super::style::{Theme, ValueFmt, series_color};
use crate::config::ChartOptions;

/// (column, metric used for label/unit, title, fallback label, fallback unit).
const HEATMAPS: [(&str, &str, &str, &str, &str); 3] = [
    (
        "us_welfare_usd_bn_mean",
        "us_welfare_usd_bn",
        "US welfare by strategy pair (mean)",
        "US welfare change",
        "USD bn",
    ),
    (
        "cn_welfare_usd_bn_mean",
        "cn_welfare_usd_bn",
        "China welfare by strategy pair (mean)",
        "China welfare change",
        "USD bn",
    ),
    (
        "deal_rate",
        "deal_reached",
        "Share of runs reaching a deal by strategy pair",
        "deal reached",
        "",
    ),
];

/// Draws the tournament charts of `dir` into `dir/charts/`: heatmaps (US strategies as rows,
/// China strategies as columns, annotated) of mean US and China welfare and the deal rate,
/// and one replicator-dynamics chart per side.
pub fn draw_tournament_charts(dir: &Path, opts: &ChartOptions) -> Result<Vec<Chart>> {
    let manifest = Manifest::load(dir);
    let footnote = manifest.footnote();
    let mut charts = Vec::new();
    match Table::read_opt(dir, "tournament.csv") {
        Some(t) => {
            let (Some(uc), Some(cc)) = (t.col("us_strategy"), t.col("cn_strategy")) else {
                warn("tournament.csv lacks us_strategy/cn_strategy; skipping heatmaps");
                return Ok(charts);
            };
            let us = data::distinct(t.rows.iter().map(|r| r[uc].as_str()));
            let cn = data::distinct(t.rows.iter().map(|r| r[cc].as_str()));
            for (column, metric, title, fallback_label, unit) in HEATMAPS {
                if !(opts.wants(column) || opts.wants(metric)) {
                    continue;
                }
                let Some(vc) = t.col(column) else {
                    warn(&format!("tournament.csv has no {column}; skipped"));
                    continue;
                };
                let mut values = vec![vec![None; cn.len()]; us.len()];
                for r in &t.rows {
                    let i = us.iter().position(|s| *s == r[uc]);
                    let j = cn.iter().position(|s| *s == r[cc]);
                    if let (Some(i), Some(j)) = (i, j) {
                        values[i][j] = parse_f64(&r[vc]);
                    }
                }
                if values.iter().flatten().all(Option::is_none) {
                    warn(&format!("tournament.csv: {column} has no values; skipped"));
                    continue;
                }
                let mut info = manifest.metric(metric);
                if info.label == info.name {
                    info.label = fallback_label.to_string();
                }
                let fmt = if column == "deal_rate" {
                    ValueFmt::percent()
                } else if info.unit.is_empty() {
                    ValueFmt::plain(unit)
                } else {
                    data::value_fmt(&info)
                };
                let what = if column == "deal_rate" {
                    "Share of runs with a deal".to_string()
                } else {
                    format!("Mean {}", info.label)
                };
                let caption = format!(
                    "{what} for each pairing of a US strategy (rows) with a China strategy \
                     (columns), {} × {} strategies; cell labels give the values{}.",
                    us.len(),
                    cn.len(),
                    if fmt.unit.is_empty() {
                        String::new()
                    } else {
                        format!(" in {}", fmt.unit)
                    }
                );
                // Rows are drawn bottom-up; reverse so the first US strategy is at the top.
                let fig = Heatmap {
                    frame: Frame {
                        title: title.to_string(),
                        legend: Vec::new(),
                        footnote: footnote.clone(),
                    },
                    x_labels: cn.clone(),
                    y_labels: us.iter().rev().cloned().collect(),
                    x_desc: "China strategy".into(),
                    y_desc: "US strategy".into(),
                    values: values.into_iter().rev().collect(),
                    bar_desc: fmt.axis_label(&what),
                    fmt,
                    annotate: true,
                };
                let stem = format!("tournament_{}", slug(column));
                if let Some(ch) = emit(dir, opts, &stem, caption, &fig)? {
                    charts.push(ch);
                }
            }
        }
        None => warn(&format!("{}: no tournament.csv", dir.display())),
    }
    if let Some(t) = Table::read_opt(dir, "replicator.csv") {
        for fig in replicator(&t, &footnote) {
            let stem = format!("replicator_{}", slug(&fig.side));
            let caption = format!(
                "Replicator dynamics of the {} strategy mix: population share of each of the {} \
                 strategies over {} steps.",
                side_name(&fig.side),
                fig.series.len(),
                fig.last_step
            );
            if let Some(ch) = emit(dir, opts, &stem, caption, &fig)? {
                charts.push(ch);
            }
        }
    }
    Ok(charts)
}

fn side_name(side: &str) -> String {
    match side {
        "us" => "US".to_string(),
        "cn" => "China".to_string(),
        other => other.to_string(),
    }
}

/// Strategy shares over replicator steps for one side.
struct ReplicatorFig {
    frame: Frame,
    side: String,
    /// Per strategy: name and (step, share).
    series: Vec<(String, Vec<(f64, f64)>)>,
    last_step: i64,
}

fn replicator(t: &Table, footnote: &str) -> Vec<ReplicatorFig> {
    let cols = ["step", "side", "strategy", "share"].map(|c| t.col(c));
    let [Some(stc), Some(sc), Some(gc), Some(vc)] = cols else {
        warn("replicator.csv lacks step/side/strategy/share; skipped");
        return Vec::new();
    };
    let mut sides = data::distinct(t.rows.iter().map(|r| r[sc].as_str()));
    // US first, then China, then anything else in order of appearance.
    sides.sort_by_key(|s| match s.as_str() {
        "us" => 0,
        "cn" => 1,
        _ => 2,
    });
    sides
        .into_iter()
        .filter_map(|side| {
            let rows: Vec<&Vec<String>> = t.rows.iter().filter(|r| r[sc] == side).collect();
            let names = data::distinct(rows.iter().map(|r| r[gc].as_str()));
            let series: Vec<(String, Vec<(f64, f64)>)> = names
                .into_iter()
                .map(|name| {
                    let mut pts: Vec<(f64, f64)> = rows
                        .iter()
                        .filter(|r| r[gc] == name)
                        .filter_map(|r| Some((parse_f64(&r[stc])?, parse_f64(&r[vc])?)))
                        .collect();
                    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
                    (name, pts)
                })
                .filter(|(_, pts)| !pts.is_empty())
                .collect();
            if series.is_empty() {
                return None;
            }
            let last_step = series
                .iter()
                .flat_map(|s| s.1.iter().map(|p| p.0))
                .fold(0.0, f64::max) as i64;
            let legend = series
                .iter()
                .enumerate()
                .map(|(i, (name, pts))| {
                    let end = pts.last().map(|p| p.1).unwrap_or(f64::NAN);
                    LegendItem::line(
                        format!("{name} ({:.0}% at end)", end * 100.0),
                        series_color(i).to_rgba(),
                        3.0,
                        false,
                    )
                })
                .collect();
            Some(ReplicatorFig {
                frame: Frame {
                    title: format!(
                        "{} strategy shares under replicator dynamics",
                        side_name(&side)
                    ),
                    legend,
                    footnote: footnote.to_string(),
                },
                side,
                series,
                last_step,
            })
        })
        .collect()
}

impl Figure for ReplicatorFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let hi = (self.last_step as f64).max(1.0);
        let x = draw::fit_x_numeric(
            area,
            theme,
            (0.0, hi),
            &ValueFmt::plain(""),
            "Replicator step",
            true,
        );
        let y = Axis::y_share(area, theme, (-0.02, 1.03), "Population share (%)");
        let mut chart = cartesian(area, theme, &x, &y)?;
        for (i, (_, pts)) in self.series.iter().enumerate() {
            draw_line(&mut chart, pts, series_color(i), theme)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::*;

    #[test]
    fn tournament_charts_are_drawn() {
        let dir = tournament_fixture();
        let charts = draw_tournament_charts(dir.path(), &small_opts()).unwrap();
        let stems: Vec<&str> = charts.iter().map(|c| c.file_stem.as_str()).collect();
        assert_eq!(
            stems,
            [
                "tournament_us_welfare_usd_bn_mean",
                "tournament_cn_welfare_usd_bn_mean",
                "tournament_deal_rate",
                "replicator_us",
                "replicator_cn"
            ]
        );
        for ch in &charts {
            check_chart(dir.path(), ch, 400, 300);
        }
    }
}
