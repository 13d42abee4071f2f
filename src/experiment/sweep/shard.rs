//! Shards: `--shard K/N` (1-based) or a Slurm job array's `SLURM_ARRAY_TASK_ID` (0-based)
//! and `SLURM_ARRAY_TASK_COUNT`. Shard K of N gets a contiguous run of units (points, or
//! whole Saltelli base-sample blocks), and the N runs tile the design exactly, with sizes
//! differing by at most one unit.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::config::ConfigError;

/// Shard `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShardSpec {
    /// 1-based shard number, `1..=count`.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl ShardSpec {
    /// Shard `index` of `count`, if `1 <= index <= count`.
    pub fn new(index: usize, count: usize) -> Option<Self> {
        (index >= 1 && index <= count).then_some(Self { index, count })
    }

    /// The units `[start, end)` of this shard among `units`.
    pub fn range(&self, units: usize) -> Range<usize> {
        let cut = |k: usize| (k as u128 * units as u128 / self.count as u128) as usize;
        cut(self.index - 1)..cut(self.index)
    }

    /// The shard of a Slurm array task, from the process environment (`None` outside a job
    /// array).
    pub fn from_env() -> Result<Option<Self>, ConfigError> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        Self::from_slurm(
            var("SLURM_ARRAY_TASK_ID").as_deref(),
            var("SLURM_ARRAY_TASK_COUNT").as_deref(),
            var("SLURM_ARRAY_TASK_MIN").as_deref(),
        )
    }

    /// The shard of a Slurm array task: K = id − min + 1 (min is 0 for the documented
    /// `--array=0-(N-1)`), N = count.
    pub fn from_slurm(
        id: Option<&str>,
        count: Option<&str>,
        min: Option<&str>,
    ) -> Result<Option<Self>, ConfigError> {
        let origin = "SLURM_ARRAY_TASK_ID";
        let Some(id) = id else { return Ok(None) };
        let num = |name: &str, v: &str| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| ConfigError::new(origin, format!("{name}={v} is not a whole number")))
        };
        let id = num("SLURM_ARRAY_TASK_ID", id)?;
        let Some(count) = count else {
            return Err(ConfigError::new(
                origin,
                "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: pass --shard K/N",
            ));
        };
        let count = num("SLURM_ARRAY_TASK_COUNT", count)?;
        let min = min.map(|m| num("SLURM_ARRAY_TASK_MIN", m)).transpose()?;
        let index = (id + 1).checked_sub(min.unwrap_or(0));
        index
            .and_then(|k| Self::new(k, count))
            .map(Some)
            .ok_or_else(|| {
                ConfigError::new(
                    origin,
                    format!(
                        "array task {id} of {count} is not shard 1..{count}: submit with --array=0-{} (no step), or pass --shard K/N",
                        count.saturating_sub(1)
                    ),
                )
            })
    }
}

impl fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for ShardSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("expected K/N with 1 <= K <= N (e.g. 2/3), got `{s}`");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k = k.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Self::new(k, n).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shard_specs_parse_strictly() {
        assert_eq!("2/3".parse(), Ok(ShardSpec { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/3"] {
            assert!(bad.parse::<ShardSpec>().is_err(), "{bad}");
        }
        assert_eq!(ShardSpec { index: 2, count: 3 }.to_string(), "2/3");
    }

    #[test]
    fn slurm_array_ids_are_zero_based() {
        let s = ShardSpec::from_slurm(Some("0"), Some("3"), Some("0")).unwrap();
        assert_eq!(s, Some(ShardSpec { index: 1, count: 3 }));
        let s = ShardSpec::from_slurm(Some("2"), Some("3"), None).unwrap();
        assert_eq!(s, Some(ShardSpec { index: 3, count: 3 }));
        // --array=1-3 still maps onto shards 1..3.
        let s = ShardSpec::from_slurm(Some("1"), Some("3"), Some("1")).unwrap();
        assert_eq!(s, Some(ShardSpec { index: 1, count: 3 }));
        assert_eq!(ShardSpec::from_slurm(None, Some("3"), None).unwrap(), None);
        let e = ShardSpec::from_slurm(Some("5"), Some("3"), Some("0")).unwrap_err();
        assert!(e.to_string().contains("--array=0-2"), "{e}");
        assert!(ShardSpec::from_slurm(Some("1"), None, None).is_err());
        assert!(ShardSpec::from_slurm(Some("x"), Some("3"), None).is_err());
    }

    proptest! {
        #[test]
        fn shards_tile_the_units_contiguously_and_evenly(units in 0usize..5000, count in 1usize..40) {
            let mut next = 0;
            for index in 1..=count {
                let r = ShardSpec { index, count }.range(units);
                prop_assert_eq!(r.start, next);
                prop_assert!(r.len() == units / count || r.len() == units / count + 1);
                next = r.end;
            }
            prop_assert_eq!(next, units);
        }
    }
}
