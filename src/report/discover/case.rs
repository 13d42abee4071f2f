//! The case of interest of `tradewar discover --case 'METRIC OP VALUE'`: a comparison of one
//! outcome column of `runs.csv` with a number, parsed strictly (docs/scenario_discovery.md).

use crate::config::ConfigError;
use crate::config::hint::did_you_mean;

/// A comparison operator of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

/// The operators as typed, two-character ones first so that `>=` is not read as `>`.
const OPS: [(&str, Op); 6] = [
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("==", Op::Eq),
    ("!=", Op::Ne),
    (">", Op::Gt),
    ("<", Op::Lt),
];

impl Op {
    /// The operator as typed.
    pub fn symbol(self) -> &'static str {
        OPS.iter()
            .find(|(_, o)| *o == self)
            .map(|(s, _)| *s)
            .unwrap_or("?")
    }

    /// Whether `value OP threshold` holds.
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Op::Gt => value > threshold,
            Op::Ge => value >= threshold,
            Op::Lt => value < threshold,
            Op::Le => value <= threshold,
            Op::Eq => value == threshold,
            Op::Ne => value != threshold,
        }
    }
}

/// A parsed case: `metric op threshold`.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The outcome column of `runs.csv`.
    pub metric: String,
    /// The comparison.
    pub op: Op,
    /// The number compared with (in the metric's unit; tariffs as fractions 0..1).
    pub threshold: f64,
}

impl std::fmt::Display for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.metric, self.op.symbol(), self.threshold)
    }
}

impl Case {
    /// Parses `METRIC OP VALUE` (spaces optional) against the outcome columns `metrics`:
    /// METRIC must be one of them, OP one of `> >= < <= == !=`, VALUE a finite number.
    pub fn parse(text: &str, metrics: &[String]) -> Result<Case, ConfigError> {
        let err = |m: String| ConfigError::new(format!("--case '{text}'"), m);
        let usage = "expected 'METRIC OP VALUE', e.g. 'us_tariff_final > 0.8', with OP one of > >= < <= == !=";
        let Some((at, sym, op)) = OPS
            .iter()
            .filter_map(|(s, o)| text.find(s).map(|i| (i, *s, *o)))
            .min_by_key(|(i, s, _)| (*i, std::cmp::Reverse(s.len())))
        else {
            return Err(err(format!("no comparison operator: {usage}")));
        };
        let metric = text[..at].trim();
        let value = text[at + sym.len()..].trim();
        if metric.is_empty() {
            return Err(err(format!("no metric before `{sym}`: {usage}")));
        }
        if let Some(c) = metric.chars().last().filter(|c| "=!<>".contains(*c)) {
            return Err(err(format!("`{c}{sym}` is not an operator: {usage}")));
        }
        if !metrics.iter().any(|m| m == metric) {
            let hint = did_you_mean(metric, metrics.iter().map(String::as_str));
            return Err(err(format!(
                "`{metric}` is not an outcome column of runs.csv{hint}; the outcomes are: {}",
                metrics.join(", ")
            )));
        }
        if value.is_empty() {
            return Err(err(format!("no value after `{sym}`: {usage}")));
        }
        if OPS
            .iter()
            .any(|(s, _)| value.starts_with(s) || value.starts_with('='))
        {
            return Err(err(format!(
                "`{sym}{}` is not an operator: {usage}",
                &value[..1]
            )));
        }
        let threshold: f64 = value
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| err(format!("`{value}` is not a finite number: {usage}")))?;
        Ok(Case {
            metric: metric.to_string(),
            op,
            threshold,
        })
    }

    /// Whether a run with `value` of the metric is a case (an empty value never is).
    pub fn holds(&self, value: Option<f64>) -> bool {
        value.is_some_and(|v| self.op.holds(v, self.threshold))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics() -> Vec<String> {
        ["us_tariff_final", "deal_reached", "us_welfare_usd_bn"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn parses_every_operator() {
        for (text, op, v) in [
            ("us_tariff_final > 0.8", Op::Gt, 0.8),
            ("us_tariff_final>=0.8", Op::Ge, 0.8),
            ("us_tariff_final < -1e3", Op::Lt, -1000.0),
            ("us_tariff_final <= 1", Op::Le, 1.0),
            ("deal_reached == 1", Op::Eq, 1.0),
            (" deal_reached != 0 ", Op::Ne, 0.0),
        ] {
            let c = Case::parse(text, &metrics()).unwrap();
            assert_eq!((c.op, c.threshold), (op, v), "{text}");
        }
        let c = Case::parse("us_tariff_final > 0.8", &metrics()).unwrap();
        assert_eq!(c.to_string(), "us_tariff_final > 0.8");
        assert!(c.holds(Some(0.9)) && !c.holds(Some(0.8)) && !c.holds(None));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let e = |t: &str| Case::parse(t, &metrics()).unwrap_err().to_string();
        assert!(e("us_tarif_final > 0.8").contains("did you mean \"us_tariff_final\""));
        assert!(e("us_tariff_final 0.8").contains("no comparison operator"));
        assert!(e("us_tariff_final = 0.8").contains("no comparison operator"));
        assert!(e("us_tariff_final > 80%").contains("not a finite number"));
        assert!(e("us_tariff_final > inf").contains("not a finite number"));
        assert!(e("us_tariff_final >").contains("no value"));
        assert!(e("> 0.8").contains("no metric"));
        assert!(e("us_tariff_final >> 0.8").contains("not an operator"));
        assert!(e("us_tariff_final => 0.8").contains("not an operator"));
    }
}
