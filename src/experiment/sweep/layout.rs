//! The shape of a sweep (docs/model.md §7): enough to shard it, check its records and
//! assemble its outputs. It is written into `manifest.json` (`"sweep"`) by
//! [`SweepPlan`](super::plan::SweepPlan) and read back from there by `tradewar merge`.

use std::ops::Range;

use super::morris::{MorrisDesign, morris};
use super::policies;
use super::regret::Direction;
use super::saltelli::SaltelliDesign;
use super::shard::ShardSpec;
use crate::config::DesignKind;
use crate::foundation::rng::{Purpose, stream};

/// The shape of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The design.
    pub design: DesignKind,
    /// Swept key paths, in column order (with levers: the uncertainties).
    pub parameters: Vec<String>,
    /// Number of design points.
    pub points: usize,
    /// Saltelli base samples (sobol) or trajectories (morris), else 0.
    pub base_samples: usize,
    /// Replicates per point.
    pub replicates: u64,
    /// Bootstrap resamples (sobol, morris).
    pub bootstrap: usize,
    /// Master seed.
    pub seed: u64,
    /// Key paths of the distribution-valued keys not swept, drawn per replicate (the
    /// `input.` columns of the kept `runs.csv`).
    pub inputs: Vec<String>,
    /// Grid levels (morris), else 0.
    pub levels: usize,
    /// Lever key paths (policies × uncertainties), else empty.
    pub levers: Vec<String>,
    /// Per policy, its lever values as written in points.csv (empty without levers).
    pub policies: Vec<Vec<String>>,
    /// Metrics compared in robustness.csv and their better end (with levers).
    pub regret: Vec<(String, Direction)>,
}

impl Layout {
    /// Points per unit of sharding: a Saltelli block of `d + 2` for sobol, a trajectory of
    /// `d + 1` for morris, else one.
    pub fn unit_size(&self) -> usize {
        match self.design {
            DesignKind::Sobol => self.parameters.len() + 2,
            DesignKind::Morris => self.parameters.len() + 1,
            _ => 1,
        }
    }

    /// The points of one shard: a contiguous run of whole units.
    pub fn shard_points(&self, shard: ShardSpec) -> Range<usize> {
        let size = self.unit_size();
        let units = shard.range(self.points / size);
        units.start * size..units.end * size
    }

    /// The Saltelli layout for the sensitivity estimator (sobol only). The estimator reads
    /// outputs by position only, so the points themselves are not needed.
    pub fn saltelli(&self) -> Option<SaltelliDesign> {
        (self.design == DesignKind::Sobol).then(|| SaltelliDesign {
            base_samples: self.base_samples,
            dims: self.parameters.len(),
            points: Vec::new(),
        })
    }

    /// The Morris design (morris only), drawn again from the design stream of the seed:
    /// the screening estimator needs which parameter each step moves.
    pub fn morris(&self) -> Option<MorrisDesign> {
        (self.design == DesignKind::Morris).then(|| {
            let mut rng = stream(self.seed, 0, Purpose::SweepDesign);
            morris(
                self.base_samples,
                self.parameters.len(),
                self.levels,
                &mut rng,
            )
        })
    }

    /// Number of policies (1 without levers).
    pub fn policy_count(&self) -> usize {
        self.policies.len().max(1)
    }

    /// Sampled scenarios each policy runs on (all points without levers).
    pub fn scenarios(&self) -> usize {
        self.points / self.policy_count()
    }

    /// The label of policy `p` in robustness.csv.
    pub fn policy_label(&self, p: usize) -> String {
        policies::label(&self.policies[p])
    }

    /// The columns of points.csv between `point` and the metrics: the swept key paths, or
    /// with levers `policy,scenario,` the lever paths, then the uncertainties.
    pub fn lead_columns(&self) -> Vec<String> {
        if self.levers.is_empty() {
            return self.parameters.clone();
        }
        let mut cols = vec!["policy".to_string(), "scenario".to_string()];
        cols.extend(self.levers.iter().cloned());
        cols.extend(self.parameters.iter().cloned());
        cols
    }

    /// Reads the layout back from a sweep manifest (`tradewar merge`).
    pub fn from_manifest(m: &serde_json::Value) -> Option<Self> {
        let s = &m["sweep"];
        let design = DesignKind::from_name(s["design"].as_str()?)?;
        let parameters = strings(&s["parameters"], |p| p["path"].as_str())?;
        let count = |k: &str| usize::try_from(s[k].as_u64()?).ok();
        let sampled = matches!(design, DesignKind::Sobol | DesignKind::Morris);
        let policies: Vec<Vec<String>> = match s.get("policies") {
            Some(v) => v
                .as_array()?
                .iter()
                .map(|p| strings(p, serde_json::Value::as_str))
                .collect::<Option<_>>()?,
            None => Vec::new(),
        };
        let regret = match s.get("regret").and_then(|r| r.as_object()) {
            Some(r) => crate::model::recorder::RUN_METRICS
                .iter()
                .filter_map(|m| {
                    let dir = r.get(m.meta.name)?.as_str()?;
                    Some((m.meta.name.to_string(), Direction::from_name(dir)?))
                })
                .collect(),
            None => Vec::new(),
        };
        let layout = Layout {
            design,
            parameters,
            points: count("points")?,
            base_samples: if sampled { count("samples")? } else { 0 },
            replicates: s["replicates_per_point"].as_u64()?,
            bootstrap: if sampled { count("bootstrap")? } else { 0 },
            seed: m["seed"].as_u64()?,
            inputs: match s.get("inputs") {
                Some(v) => strings(v, serde_json::Value::as_str)?,
                None => Vec::new(),
            },
            levels: if design == DesignKind::Morris {
                count("levels")?
            } else {
                0
            },
            levers: match s.get("levers").and_then(|l| l.as_object()) {
                Some(l) => l.keys().cloned().collect(),
                None => Vec::new(),
            },
            policies,
            regret,
        };
        let consistent = match design {
            DesignKind::Sobol | DesignKind::Morris => {
                layout.points == layout.base_samples * layout.unit_size()
                    && (design == DesignKind::Sobol || layout.levels >= 2)
            }
            _ => layout.points.is_multiple_of(layout.policy_count()),
        };
        (consistent
            && layout
                .policies
                .iter()
                .all(|p| p.len() == layout.levers.len()))
        .then_some(layout)
    }
}

/// The strings of a JSON array, each taken from its element by `get`.
fn strings(
    v: &serde_json::Value,
    get: impl Fn(&serde_json::Value) -> Option<&str>,
) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|x| get(x).map(str::to_string))
        .collect()
}
