//! Month labels of the rounds on a chart's time axis.

use std::collections::BTreeMap;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::report::data;
use crate::report::draw::{self, Axis, text_size};
use crate::report::style::Theme;

/// Month labels per round: from the CSV files, else counted from the manifest's start month.
#[derive(Debug, Clone, Default)]
pub(crate) struct MonthLabels {
    /// Labels found in the CSV files, by round.
    pub known: BTreeMap<i64, String>,
    /// The manifest's start month (`YYYY-MM`) of round 0.
    pub start: Option<String>,
}

impl MonthLabels {
    /// Label of round `r` (`YYYY-MM`, or `round r` when nothing is known).
    pub fn label(&self, r: i64) -> String {
        if let Some(m) = self.known.get(&r) {
            return m.clone();
        }
        // Extrapolate from any known round, else from the start month.
        if let Some((k, m)) = self.known.iter().next()
            && let Some(s) = data::add_months(m, r - k)
        {
            return s;
        }
        self.start
            .as_deref()
            .and_then(|s| data::add_months(s, r))
            .unwrap_or_else(|| format!("round {r}"))
    }

    /// A month axis over `first..=last` fitted to the width of `area`.
    pub fn axis<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
        first: i64,
        last: i64,
    ) -> Axis {
        let sample = self.label(first);
        let lw = text_size(area, &sample, &draw::font(theme.tick)).0 + theme.px(10.0);
        let (w, _) = area.dim_in_pixel();
        let max = ((w.saturating_sub(theme.px(160.0))) / lw.max(1)).max(2) as usize;
        let f = |r: i64| self.label(r);
        Axis::months(first, last, &f, max, "Month")
    }
}
