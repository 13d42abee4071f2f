//! The sampler's state on disk (docs/model.md "Calibration"): JSON in which every real
//! number is written as the text `"f:<shortest decimal>"` that Rust parses back to the very
//! same bits, so a run resumed from a checkpoint continues exactly where it stopped (a
//! JSON number read back through a decimal parser may differ in its last bit).

use anyhow::{Context, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

const MARK: &str = "f:";

fn encode(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(x) = n.as_f64() {
                *v = Value::String(format!("{MARK}{x:?}"));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(encode),
        Value::Object(o) => o.values_mut().for_each(encode),
        _ => {}
    }
}

fn decode(v: &mut Value) {
    match v {
        Value::String(s) if s.starts_with(MARK) => {
            if let Some(n) = s[MARK.len()..]
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                *v = Value::Number(n);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(decode),
        Value::Object(o) => o.values_mut().for_each(decode),
        _ => {}
    }
}

/// The checkpoint text of `state`.
pub fn to_text<T: Serialize>(state: &T) -> Result<String> {
    let mut v = serde_json::to_value(state).context("cannot encode the calibration state")?;
    encode(&mut v);
    Ok(serde_json::to_string(&v)?)
}

/// A state read back from its checkpoint text.
pub fn from_text<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut v: Value = serde_json::from_str(text).context("damaged calibration checkpoint")?;
    decode(&mut v);
    serde_json::from_value(v).context("damaged calibration checkpoint")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_numbers_round_trip_to_the_bit() {
        let xs: Vec<Option<f64>> = (1..2000)
            .map(|i| Some((i as f64).sqrt() * 1.000_000_1e-3 / 7.0))
            .chain([None, Some(0.1 + 0.2), Some(-1e-300), Some(5e300)])
            .collect();
        let back: Vec<Option<f64>> = from_text(&to_text(&xs).unwrap()).unwrap();
        assert_eq!(xs, back);
        let s = ("f:not a number".to_string(), 3u64);
        assert_eq!(
            from_text::<(String, u64)>(&to_text(&s).unwrap()).unwrap(),
            s
        );
    }
}
