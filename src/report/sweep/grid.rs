//! Two swept parameters on a complete grid: a heatmap of a metric's mean.

use super::points::{level_label, levels};
use crate::report::data::{self, MetricInfo, Table, parse_f64};
use crate::report::draw::{Frame, Heatmap};

/// The heatmap of one metric over the grid of `params` (two), and its caption; `None` when
/// the metric has no values.
pub fn heatmap(
    points: &Table,
    params: &[String],
    info: &MetricInfo,
    col: impl Fn(&str) -> Option<usize>,
    footnote: &str,
    label: &dyn Fn(&str) -> String,
) -> Option<(Heatmap, String)> {
    let mc = col("mean")?;
    let (xc, yc) = (points.col(&params[0])?, points.col(&params[1])?);
    let (xs, ys) = (levels(points, &params[0]), levels(points, &params[1]));
    let mut values = vec![vec![None; xs.len()]; ys.len()];
    for r in &points.rows {
        let (Some(i), Some(j)) = (
            xs.iter().position(|v| *v == r[xc]),
            ys.iter().position(|v| *v == r[yc]),
        ) else {
            continue;
        };
        values[j][i] = parse_f64(&r[mc]);
    }
    if values.iter().flatten().all(Option::is_none) {
        return None;
    }
    let fmt = data::value_fmt(info);
    let caption = format!(
        "Mean of {} over the {}×{} grid of {} (columns) and {} (rows); the colour scale is \
         shown on the right{}.",
        info.label,
        xs.len(),
        ys.len(),
        params[0],
        params[1],
        if fmt.percent { " in percent" } else { "" }
    );
    let fig = Heatmap {
        frame: Frame {
            title: format!(
                "{}: mean by {} and {}",
                info.label,
                label(&params[0]),
                label(&params[1])
            ),
            legend: Vec::new(),
            footnote: footnote.to_string(),
        },
        x_labels: xs.iter().map(|v| level_label(v)).collect(),
        y_labels: ys.iter().map(|v| level_label(v)).collect(),
        x_desc: label(&params[0]),
        y_desc: label(&params[1]),
        values,
        bar_desc: if data::is_indicator(info) {
            format!("{}: share of runs (%)", info.label)
        } else {
            fmt.axis_label(&format!("Mean {}", info.label))
        },
        fmt,
        annotate: xs.len() <= 15 && ys.len() <= 15,
    };
    Some((fig, caption))
}
