//! Outcome histograms (one per column of `runs.csv`): binning, counts axis and the figure.

use anyhow::Result;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::report::data::{self, MetricInfo};
use crate::report::draw::{
    self, Axis, Figure, Frame, LegendItem, OrDraw, cartesian, min_max, pad_range, y_tick_count,
};
use crate::report::style::{INK, PALETTE, Theme, ValueFmt, fmt_fixed};

/// A histogram of one outcome metric.
#[derive(Debug, Clone)]
pub(crate) struct HistFig {
    frame: Frame,
    /// (left edge, right edge, count).
    bars: Vec<(f64, f64, f64)>,
    /// Labels for 0/1 indicators (bars at 0 and 1).
    yes_no: bool,
    fmt: ValueFmt,
    x_desc: String,
    /// Vertical reference lines: (x, colour, dashed).
    lines: Vec<(f64, RGBColor, bool)>,
}

/// Bins `values` (finite) into bars: unit-wide bars for small integer sets, a single bar for a
/// constant, otherwise "nice"-width bins chosen by the Freedman–Diaconis rule.
pub(crate) fn bin(values: &[f64]) -> (Vec<(f64, f64, f64)>, bool) {
    let s = data::sorted(values);
    let (lo, hi) = (s[0], s[s.len() - 1]);
    let integer = s.iter().all(|v| v.fract() == 0.0);
    if integer && hi - lo <= 60.0 {
        let mut bars = Vec::new();
        let mut k = lo;
        while k <= hi {
            let count = s.iter().filter(|v| **v == k).count() as f64;
            bars.push((k - 0.4, k + 0.4, count));
            k += 1.0;
        }
        return (bars, true);
    }
    if hi - lo <= 1e-12 * lo.abs().max(1e-300) {
        let w = (lo.abs() * 0.02).max(1e-9);
        return (vec![(lo - w, lo + w, s.len() as f64)], false);
    }
    let n = s.len() as f64;
    let iqr = data::quantile(&s, 0.75) - data::quantile(&s, 0.25);
    let fd = 2.0 * iqr / n.cbrt();
    let nbins = if fd > 0.0 {
        ((hi - lo) / fd).ceil()
    } else {
        n.log2().ceil() + 1.0
    }
    .clamp(6.0, 50.0);
    let raw = (hi - lo) / nbins;
    let mag = 10f64.powf(raw.log10().floor());
    // The "nice" width (1, 2, 2.5, 5 × 10^k) closest to the raw width on a log scale.
    let width = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .min_by(|a, b| (a / raw).ln().abs().total_cmp(&(b / raw).ln().abs()))
        .unwrap_or(raw);
    let start = (lo / width).floor() * width;
    let count = (((hi - start) / width).floor() as usize + 1).min(500);
    let mut bars: Vec<(f64, f64, f64)> = (0..count)
        .map(|i| {
            (
                start + i as f64 * width,
                start + (i + 1) as f64 * width,
                0.0,
            )
        })
        .collect();
    for v in &s {
        let i = (((v - start) / width).floor() as usize).min(count - 1);
        bars[i].2 += 1.0;
    }
    while bars.last().is_some_and(|b| b.2 == 0.0) {
        bars.pop();
    }
    (bars, false)
}

/// Builds the histogram of `values` (non-missing) out of `total` replicates.
pub fn histogram(
    info: &MetricInfo,
    values: &[f64],
    total: usize,
    footnote: &str,
) -> (HistFig, String) {
    let fmt = data::value_fmt(info);
    let s = data::sorted(values);
    let n = s.len();
    let (bars, _discrete) = bin(&s);
    let binary = s.iter().all(|v| *v == 0.0 || *v == 1.0)
        && (data::is_indicator(info) || info.unit.is_empty());
    let count_label = if n == total {
        format!("Replicates (n = {})", fmt_fixed(n as f64, 0))
    } else {
        format!(
            "Replicates with a value (n = {} of {})",
            fmt_fixed(n as f64, 0),
            fmt_fixed(total as f64, 0)
        )
    };
    let mut legend = vec![LegendItem::fill(count_label, PALETTE[0].mix(0.75))];
    let mut lines = Vec::new();
    let (p05, p50, p95) = (
        data::quantile(&s, 0.05),
        data::quantile(&s, 0.5),
        data::quantile(&s, 0.95),
    );
    let caption;
    if binary {
        let yes = s.iter().filter(|v| **v == 1.0).count() as f64 / n as f64;
        legend.push(LegendItem {
            label: format!("Yes: {:.1}% of replicates", yes * 100.0),
            swatch: draw::Swatch::Dot(PALETTE[0]),
        });
        caption = format!(
            "{}: 1 (yes) in {:.1}% and 0 (no) in {:.1}% of the {n} replicates.",
            info.label,
            yes * 100.0,
            (1.0 - yes) * 100.0
        );
    } else if s[0] == s[n - 1] {
        legend.push(LegendItem::line(
            format!("All {n} values equal {}", fmt.value_with_unit(p50)),
            PALETTE[3].to_rgba(),
            3.0,
            false,
        ));
        lines.push((p50, PALETTE[3], false));
        caption = format!(
            "{} is the same in all {n} replicates: {}.",
            info.label,
            fmt.value_with_unit(p50)
        );
    } else {
        legend.push(LegendItem::line(
            format!("Median: {}", fmt.value_with_unit(p50)),
            PALETTE[3].to_rgba(),
            3.0,
            false,
        ));
        legend.push(LegendItem::line(
            format!(
                "5th / 95th percentiles: {} / {}",
                fmt.value(p05),
                fmt.value_with_unit(p95)
            ),
            INK.to_rgba(),
            2.0,
            true,
        ));
        lines.push((p05, INK, true));
        lines.push((p95, INK, true));
        lines.push((p50, PALETTE[3], false));
        let missing = if n < total {
            format!(" ({} replicates without a value are not shown)", total - n)
        } else {
            String::new()
        };
        caption = format!(
            "Distribution of {} across {n} replicates{missing}. Vertical lines mark the median \
             ({}) and the 5th and 95th percentiles ({} to {}).",
            info.label,
            fmt.value_with_unit(p50),
            fmt.value_with_unit(p05),
            fmt.value_with_unit(p95)
        );
    }
    let fig = HistFig {
        frame: Frame {
            title: if binary {
                format!("{}: share of replicates", info.label)
            } else {
                format!("{}: distribution across replicates", info.label)
            },
            legend,
            footnote: footnote.to_string(),
        },
        bars,
        yes_no: binary,
        x_desc: if binary {
            info.label.clone()
        } else {
            fmt.axis_label(&info.label)
        },
        fmt,
        lines,
    };
    (fig, caption)
}

/// A count axis (integer ticks) from 0 to a little above `max`.
fn count_axis(max: f64, max_ticks: usize, desc: &str) -> Axis {
    let hi = (max * 1.08).max(1.0);
    Axis::integer(0.0, hi, &ValueFmt::plain(""), max_ticks, desc)
}

impl Figure for HistFig {
    fn frame(&self) -> &Frame {
        &self.frame
    }

    fn draw_plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> Result<()> {
        let max_count = self.bars.iter().map(|b| b.2).fold(0.0, f64::max);
        let y = count_axis(max_count, y_tick_count(area, theme), "Replicates");
        let x = if self.yes_no {
            let mut a = Axis::categories(vec!["No (0)".into(), "Yes (1)".into()], &self.x_desc);
            a.lo = -0.7;
            a.hi = 1.7;
            a
        } else {
            let (lo, hi) = min_max(self.bars.iter().flat_map(|b| [b.0, b.1])).unwrap_or((0.0, 1.0));
            let (lo, hi) = if self.bars.len() == 1 {
                // A constant: a narrow bar in a wider window.
                let (c, half) = ((lo + hi) / 2.0, (hi - lo) / 2.0);
                (c - 8.0 * half, c + 8.0 * half)
            } else {
                pad_range(lo, hi, 0.03)
            };
            let integer = self.bars.iter().all(|b| (b.1 - b.0 - 0.8).abs() < 1e-9);
            let mut a =
                draw::fit_x_numeric(area, theme, (lo, hi), &self.fmt, &self.x_desc, integer);
            a.grid = false;
            a
        };
        let mut chart = cartesian(area, theme, &x, &y)?;
        draw::bars(&mut chart, &self.bars)?;
        chart
            .draw_series(
                self.bars
                    .iter()
                    .filter(|b| b.2 > 0.0)
                    .map(|b| Rectangle::new([(b.0, 0.0), (b.1, b.2)], WHITE.stroke_width(1))),
            )
            .d()?;
        if self.yes_no {
            let total: f64 = self.bars.iter().map(|b| b.2).sum();
            for b in &self.bars {
                let share = if total > 0.0 {
                    b.2 / total * 100.0
                } else {
                    0.0
                };
                draw::data_label(
                    area,
                    &chart,
                    theme,
                    &format!("{share:.1}%"),
                    ((b.0 + b.1) / 2.0, b.2 + max_count * 0.015),
                    &draw::font(theme.note),
                    Pos::new(HPos::Center, VPos::Bottom),
                )?;
            }
        }
        draw::vlines(&mut chart, &self.lines, theme)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binning_handles_odd_data() {
        let (bars, discrete) = bin(&[3.0]);
        assert!(discrete);
        assert_eq!(bars, vec![(2.6, 3.4, 1.0)]);
        let (bars, _) = bin(&[0.25, 0.25, 0.25]);
        assert_eq!(bars.len(), 1);
        assert_eq!(bars[0].2, 3.0);
        let vals: Vec<f64> = (0..200).map(|i| (i as f64 * 0.37).sin() * 10.0).collect();
        let (bars, _) = bin(&vals);
        assert!(bars.len() >= 6 && bars.len() <= 60, "{}", bars.len());
        assert_eq!(bars.iter().map(|b| b.2).sum::<f64>(), 200.0);
    }
}
