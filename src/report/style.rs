//! Visual style shared by every chart: embedded fonts, the colour palette, size scaling,
//! tick placement and number/unit formatting.
//!
//! Text is rendered with the DejaVu Sans typeface embedded through the `dejavu` crate, so
//! charts render identically on machines without any system fonts. DejaVu fonts are free
//! software under the Bitstream Vera / Arev permissive licence (public-domain changes), which
//! allows embedding and redistribution.

use std::sync::Once;

use plotters::style::{FontStyle, RGBColor};

/// Font family under which the embedded DejaVu Sans faces are registered. Plotters copies the
/// family name into SVG `font-family` attributes, so it is written as a CSS font list: SVG
/// viewers use DejaVu Sans when installed (matching the layout) and any sans-serif otherwise.
pub const FONT: &str = "DejaVu Sans, sans-serif";

static FONTS: Once = Once::new();

/// Registers the embedded DejaVu Sans regular and bold faces with plotters (once per process).
pub fn ensure_fonts() {
    FONTS.call_once(|| {
        let faces: [(FontStyle, &'static [u8]); 4] = [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
            (FontStyle::Italic, dejavu::sans::oblique()),
            (FontStyle::Oblique, dejavu::sans::oblique()),
        ];
        // Also under the generic name, for any plotters code that asks for "sans-serif".
        for name in [FONT, "sans-serif"] {
            for (style, bytes) in faces {
                if plotters::style::register_font(name, style, bytes).is_err() {
                    eprintln!("tradewar: warning: could not register the embedded DejaVu font");
                }
            }
        }
    });
}

/// Okabe–Ito colour-blind-safe palette, ordered for series use (blue first).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(150, 130, 0),   // dark yellow (Okabe–Ito yellow darkened for contrast on white)
    RGBColor(0, 0, 0),       // black
];

/// The `i`-th series colour (cycles through [`PALETTE`]).
pub fn series_color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Dark grey used for text and axes.
pub const INK: RGBColor = RGBColor(34, 34, 34);
/// Mid grey used for footnotes and reference lines.
pub const MUTED: RGBColor = RGBColor(102, 102, 102);
/// Light grey used for grid lines.
pub const GRID: RGBColor = RGBColor(225, 225, 225);

/// Pixel sizes scaled to the image size (reference: 1200×750).
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Scale factor relative to the 1200×750 reference.
    pub scale: f64,
    /// Title font size.
    pub title: f64,
    /// Axis description font size.
    pub axis: f64,
    /// Tick label font size.
    pub tick: f64,
    /// Legend font size.
    pub legend: f64,
    /// Footnote font size.
    pub foot: f64,
    /// In-plot annotation font size.
    pub note: f64,
    /// Rendering to a bitmap (text is then drawn glyph by glyph, see `glyphs`).
    pub bitmap: bool,
}

impl Theme {
    /// Theme for an image of `width × height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        let scale = (width as f64 / 1200.0)
            .min(height as f64 / 750.0)
            .clamp(0.3, 4.0);
        let px = |base: f64, min: f64| (base * scale).max(min).round();
        Theme {
            scale,
            title: px(30.0, 12.0),
            axis: px(21.0, 10.0),
            tick: px(18.0, 9.0),
            legend: px(18.0, 9.0),
            foot: px(14.0, 8.0),
            note: px(16.0, 8.0),
            bitmap: false,
        }
    }

    /// A length of `base` pixels at the reference size, scaled (at least 1).
    pub fn px(&self, base: f64) -> u32 {
        (base * self.scale).round().max(1.0) as u32
    }
}

/// Up to `max_n` "nice" tick positions (steps of 1, 2 or 5 × 10^k) inside `[lo, hi]`,
/// and the step between them.
pub fn nice_ticks(lo: f64, hi: f64, max_n: usize) -> (Vec<f64>, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return (vec![lo], 1.0);
    }
    let max_n = max_n.max(2);
    let raw = (hi - lo) / (max_n - 1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| (hi - lo) / s <= (max_n - 1) as f64 + 1e-9)
        .unwrap_or(10.0 * mag);
    let first = (lo / step - 1e-9).ceil();
    let mut ticks = Vec::new();
    let mut k = first;
    while k * step <= hi + step * 1e-9 && ticks.len() < 1000 {
        let v = k * step;
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    (ticks, step)
}

/// Like [`nice_ticks`] but with integer steps (1, 2, 5 × 10^k) only.
pub fn int_ticks(lo: f64, hi: f64, max_n: usize) -> (Vec<f64>, f64) {
    if !(lo.is_finite() && hi.is_finite()) || hi <= lo {
        return (vec![lo.round()], 1.0);
    }
    let max_n = max_n.max(2);
    let mut step = 1.0;
    'outer: for mag in [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8] {
        for m in [1.0, 2.0, 5.0] {
            step = m * mag;
            if (hi - lo) / step <= (max_n - 1) as f64 + 1e-9 {
                break 'outer;
            }
        }
    }
    let mut ticks = Vec::new();
    let mut v = (lo / step).ceil() * step;
    while v <= hi && ticks.len() < 1000 {
        ticks.push(v);
        v += step;
    }
    (ticks, step)
}

/// Decimals needed to print values on a grid of `step` distinctly.
pub fn decimals_for_step(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 2;
    }
    let mut d = 0usize;
    while d < 8 {
        let scaled = step * 10f64.powi(d as i32);
        if (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0) {
            break;
        }
        d += 1;
    }
    d
}

/// Formats `v` with `decimals` decimals, thousands separators and a typographic minus.
pub fn fmt_fixed(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && digits.len() > 4 {
            grouped.push(',');
        }
        grouped.push(*c);
    }
    let zero = s.chars().all(|c| c == '0' || c == '.');
    let mut out = if v < 0.0 && !zero {
        "\u{2212}".to_string()
    } else {
        String::new()
    };
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    out
}

/// Formats `v` with about three significant digits, trailing zeros removed (used for legends
/// and annotations).
pub fn fmt_sig(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_string();
    }
    let a = v.abs();
    let decimals = if a == 0.0 || a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        ((-a.log10()).floor() as usize + 3).min(8)
    };
    let s = fmt_fixed(v, decimals);
    if s.contains('.') {
        let t = s.trim_end_matches('0').trim_end_matches('.');
        if t == "\u{2212}0" {
            "0".to_string()
        } else {
            t.to_string()
        }
    } else {
        s
    }
}

/// How the values of one metric are displayed: as percentages (fractions, shares,
/// probabilities) or in their own unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueFmt {
    /// Multiply by 100 and print with a `%` sign.
    pub percent: bool,
    /// Unit shown in axis labels (`%` for percentages); may be empty.
    pub unit: String,
}

impl ValueFmt {
    /// Interprets a manifest unit string such as `fraction 0..1`, `USD bn` or `percent`.
    /// `prob` marks values that are means of 0/1 indicators (probabilities).
    pub fn from_unit(unit: &str, prob: bool) -> Self {
        let u = unit.trim().to_ascii_lowercase();
        let fraction_like = u.contains("fraction")
            || u.contains("0..1")
            || u.contains("share")
            || u.contains("probab")
            || u.contains("0/1")
            || u.contains("indicator")
            || u.contains("bool");
        if fraction_like || (prob && u.is_empty()) {
            return ValueFmt::percent();
        }
        if u == "percent" || u == "%" || u == "pct" || u.starts_with("percent") {
            return ValueFmt {
                percent: false,
                unit: "%".to_string(),
            };
        }
        ValueFmt {
            percent: false,
            unit: unit.trim().to_string(),
        }
    }

    /// Plain values with the given unit.
    pub fn plain(unit: &str) -> Self {
        ValueFmt {
            percent: false,
            unit: unit.to_string(),
        }
    }

    /// Percentages of fractions in 0..1.
    pub fn percent() -> Self {
        ValueFmt {
            percent: true,
            unit: "%".to_string(),
        }
    }

    /// Formatting for differences of such values: fractions become percentage points.
    pub fn for_differences(&self) -> ValueFmt {
        if self.percent {
            ValueFmt {
                percent: true,
                unit: "percentage points".to_string(),
            }
        } else if self.unit == "%" {
            ValueFmt::plain("percentage points")
        } else {
            self.clone()
        }
    }

    /// `label (unit)`, or just `label` without a unit.
    pub fn axis_label(&self, label: &str) -> String {
        if self.unit.is_empty() {
            label.to_string()
        } else {
            format!("{label} ({})", self.unit)
        }
    }

    fn factor(&self) -> f64 {
        if self.percent { 100.0 } else { 1.0 }
    }

    /// Tick label for `v` on an axis with tick spacing `step` (in data units).
    pub fn tick(&self, v: f64, step: f64) -> String {
        let d = decimals_for_step(step * self.factor());
        let s = fmt_fixed(v * self.factor(), d);
        if self.unit == "%" { format!("{s}%") } else { s }
    }

    /// A single value with about three significant digits and its unit suffix where short.
    pub fn value(&self, v: f64) -> String {
        let s = fmt_sig(v * self.factor());
        if self.unit == "%" { format!("{s}%") } else { s }
    }

    /// A single value with its unit, e.g. `12.3 USD bn` or `45%` (rounds stay bare numbers).
    pub fn value_with_unit(&self, v: f64) -> String {
        let s = self.value(v);
        if self.unit.is_empty() || self.unit == "%" {
            s
        } else if matches!(self.unit.as_str(), "round" | "rounds") {
            // "round 7" reads better than "7 round"; the axis label carries the unit.
            s
        } else {
            format!("{s} {}", self.unit)
        }
    }
}

/// Sequential colour map (viridis, colour-blind friendly) for `t` in 0..1.
pub fn viridis(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 9] = [
        (68.0, 1.0, 84.0),
        (71.0, 44.0, 122.0),
        (59.0, 81.0, 139.0),
        (44.0, 113.0, 142.0),
        (33.0, 144.0, 141.0),
        (39.0, 173.0, 129.0),
        (92.0, 200.0, 99.0),
        (170.0, 220.0, 50.0),
        (253.0, 231.0, 37.0),
    ];
    interpolate(&STOPS, t)
}

/// Diverging colour map (blue – white – vermillion) for `t` in 0..1, white at 0.5.
pub fn diverging(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (0.0, 84.0, 147.0),
        (122.0, 175.0, 214.0),
        (247.0, 247.0, 247.0),
        (236.0, 152.0, 100.0),
        (179.0, 63.0, 0.0),
    ];
    interpolate(&STOPS, t)
}

fn interpolate(stops: &[(f64, f64, f64)], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let pos = t * (stops.len() - 1) as f64;
    let i = (pos.floor() as usize).min(stops.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Black or white, whichever reads better on `bg`.
pub fn text_on(bg: RGBColor) -> RGBColor {
    let lum = 0.2126 * bg.0 as f64 + 0.7152 * bg.1 as f64 + 0.0722 * bg.2 as f64;
    if lum > 140.0 {
        INK
    } else {
        RGBColor(255, 255, 255)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice() {
        let (t, s) = nice_ticks(0.0, 1.0, 6);
        assert_eq!(s, 0.2);
        assert_eq!(t.len(), 6);
        let (t, _) = nice_ticks(-3.2, 7.9, 8);
        assert!(t.iter().all(|v| (-3.2..=7.9).contains(v)));
        assert_eq!(nice_ticks(1.0, 1.0, 5).0, vec![1.0]);
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(fmt_fixed(-1234567.0, 0), "\u{2212}1,234,567");
        assert_eq!(fmt_fixed(1234.5, 1), "1234.5");
        assert_eq!(fmt_fixed(-0.0001, 2), "0.00");
        assert_eq!(fmt_sig(0.01234), "0.0123");
        assert_eq!(fmt_sig(2.0), "2");
        assert_eq!(fmt_sig(0.25), "0.25");
        let pct = ValueFmt::from_unit("fraction 0..1", false);
        assert!(pct.percent);
        assert_eq!(pct.tick(0.25, 0.05), "25%");
        assert_eq!(pct.axis_label("US tariff"), "US tariff (%)");
        let pp = ValueFmt::from_unit("percent", false);
        assert!(!pp.percent);
        assert_eq!(pp.tick(-12.5, 2.5), "\u{2212}12.5%");
        assert_eq!(pct.for_differences().tick(0.05, 0.05), "5");
        assert_eq!(
            ValueFmt::from_unit("USD bn", false).axis_label("W"),
            "W (USD bn)"
        );
        assert!(ValueFmt::from_unit("", true).percent);
    }
}
