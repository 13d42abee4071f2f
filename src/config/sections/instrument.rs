//! A bounded policy instrument (docs/model.md §4.2, §4.8, §4.9): a level moved in steps
//! between a floor and a ceiling. Tariffs (`us.tariff`, `cn.tariff`,
//! `soybeans.cn_tariff_on_us`) are fractions (0.55 = 55%); stringencies
//! (`rare_earths.stringency`, `tech_controls.stringency`) are shares on 0..1, declared with
//! `nested().at_most(1.0)`.

use serde::{Deserialize, Serialize};

use crate::config::spec::section;

section! {
    /// One bounded instrument: its level at round 0, no-conflict reference, step and bounds.
    #[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    pub struct InstrumentConfig {
        /// Level at round 0 (a tariff as a fraction, a stringency as a share).
        pub initial: f64 = number("fraction", 0.0, 5.0),
        /// No-conflict reference level, the level welfare is measured against.
        pub reference: f64 = number("fraction", 0.0, 5.0),
        /// Change of the level per escalation or de-escalation.
        pub step: f64 = number("fraction", 0.0, 2.0),
        /// Lowest level a strategy may set.
        pub floor: f64 = number("fraction", 0.0, 5.0),
        /// Highest level a strategy may set.
        pub ceiling: f64 = number("fraction", 0.0, 5.0),
    }
}

impl InstrumentConfig {
    /// Cross-key check: floor ≤ initial ≤ ceiling; `path` is the instrument's key path
    /// (`us.tariff`), named in the error.
    pub fn check(&self, path: &str) -> Result<(), String> {
        if self.floor > self.ceiling {
            return Err(format!(
                "{path}.floor = {} is above {path}.ceiling = {}",
                self.floor, self.ceiling
            ));
        }
        if self.initial < self.floor || self.initial > self.ceiling {
            return Err(format!(
                "{path}.initial = {} is outside [{path}.floor, {path}.ceiling] = [{}, {}]",
                self.initial, self.floor, self.ceiling
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_names_the_key_paths() {
        let c = InstrumentConfig {
            initial: 2.0,
            reference: 0.2,
            step: 0.1,
            floor: 0.05,
            ceiling: 1.6,
        };
        assert_eq!(
            c.check("us.tariff").unwrap_err(),
            "us.tariff.initial = 2 is outside [us.tariff.floor, us.tariff.ceiling] = [0.05, 1.6]"
        );
        let c = InstrumentConfig { floor: 1.7, ..c };
        assert!(c.check("x").unwrap_err().contains("x.floor = 1.7 is above"));
    }
}
