//! Strategy tournaments (docs/model.md §5 and §7: strategies played against each other), in the spirit of
//! Axelrod's: every US strategy against every China strategy, N noisy replicates each, all
//! pairs on the same random streams (common random numbers), then discrete replicator
//! dynamics over the payoff (welfare) matrix to see which strategies survive.

use std::path::Path;

use rayon::prelude::*;

use crate::config::{ConfigError, LoadedScenario, TournamentConfig};
use crate::experiment::outputs::manifest;
use crate::experiment::replicate::{Prepared, ReplicateResult, run_replicate};
use crate::foundation::io::{csv_text, fmt_f64, write_atomic_with, write_json};
use crate::foundation::stats::{quantile_sorted, sorted_finite};
use crate::model::recorder::{RunMetricId, outcome};
use crate::model::strategy::StrategyRegistry;

/// Mean and quantiles of one pair's outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct PairResult {
    /// US strategy.
    pub us: String,
    /// China strategy.
    pub cn: String,
    /// Replicates played.
    pub replicates: u64,
    /// US welfare (USD bn): mean, p05, p50, p95.
    pub us_welfare: [f64; 4],
    /// China welfare (USD bn): mean, p05, p50, p95.
    pub cn_welfare: [f64; 4],
    /// Share of replicates with a deal (0..1).
    pub deal_rate: f64,
    /// Mean round of the first deal among replicates with one (`None` if none).
    pub first_deal_round_mean: Option<f64>,
    /// Mean final US tariff.
    pub us_tariff_final_mean: f64,
    /// Mean final China tariff.
    pub cn_tariff_final_mean: f64,
}

fn column(results: &[ReplicateResult], metric: RunMetricId) -> Vec<f64> {
    results
        .iter()
        .filter_map(|r| r.outcomes[metric.index()])
        .collect()
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn dist4(v: &[f64]) -> [f64; 4] {
    let s = sorted_finite(v.iter().copied());
    let q = |p| quantile_sorted(&s, p).unwrap_or(0.0);
    [mean(&s).unwrap_or(0.0), q(0.05), q(0.5), q(0.95)]
}

/// Summarises one pair's replicates.
pub fn summarize_pair(us: &str, cn: &str, results: &[ReplicateResult]) -> PairResult {
    PairResult {
        us: us.into(),
        cn: cn.into(),
        replicates: results.len() as u64,
        us_welfare: dist4(&column(results, outcome::US_WELFARE_USD_BN)),
        cn_welfare: dist4(&column(results, outcome::CN_WELFARE_USD_BN)),
        deal_rate: mean(&column(results, outcome::DEAL_REACHED)).unwrap_or(0.0),
        first_deal_round_mean: mean(&column(results, outcome::FIRST_DEAL_ROUND)),
        us_tariff_final_mean: mean(&column(results, outcome::US_TARIFF_FINAL)).unwrap_or(0.0),
        cn_tariff_final_mean: mean(&column(results, outcome::CN_TARIFF_FINAL)).unwrap_or(0.0),
    }
}

/// Discrete two-population replicator dynamics. `us_payoff[i][j]` is the US payoff of US
/// strategy i against China strategy j, `cn_payoff[i][j]` China's. Payoffs are shifted to be
/// positive (minus the matrix minimum, plus 1), so the update `x_i ← x_i·π_i / Σ_k x_k·π_k`
/// is defined for welfare losses. Returns the shares at steps 0..=steps.
pub fn replicator_dynamics(
    us_payoff: &[Vec<f64>],
    cn_payoff: &[Vec<f64>],
    steps: u32,
) -> Vec<(Vec<f64>, Vec<f64>)> {
    let n = us_payoff.len();
    let m = us_payoff.first().map_or(0, Vec::len);
    let shift = |a: &[Vec<f64>]| {
        let min = a.iter().flatten().copied().fold(f64::INFINITY, f64::min);
        move |x: f64| x - min + 1.0
    };
    let fu = shift(us_payoff);
    let fc = shift(cn_payoff);
    let mut x = vec![1.0 / n as f64; n];
    let mut y = vec![1.0 / m as f64; m];
    let mut out = vec![(x.clone(), y.clone())];
    for _ in 0..steps {
        let pu: Vec<f64> = (0..n)
            .map(|i| (0..m).map(|j| fu(us_payoff[i][j]) * y[j]).sum())
            .collect();
        let pc: Vec<f64> = (0..m)
            .map(|j| (0..n).map(|i| fc(cn_payoff[i][j]) * x[i]).sum())
            .collect();
        let nu: f64 = (0..n).map(|i| x[i] * pu[i]).sum();
        let nc: f64 = (0..m).map(|j| y[j] * pc[j]).sum();
        x = (0..n).map(|i| x[i] * pu[i] / nu).collect();
        y = (0..m).map(|j| y[j] * pc[j] / nc).collect();
        out.push((x.clone(), y.clone()));
    }
    out
}

/// Plays every pair; results in (US strategy, China strategy) order.
pub fn play(
    loaded: &LoadedScenario,
    cfg: &TournamentConfig,
    registry: &StrategyRegistry,
    replicates: u64,
    pool: &rayon::ThreadPool,
    progress: &indicatif::ProgressBar,
) -> Result<Vec<PairResult>, ConfigError> {
    let mut prepared = Vec::new();
    for us in &cfg.us_strategies {
        for cn in &cfg.cn_strategies {
            let sets = [
                format!("us.strategy.name=\"{us}\""),
                format!("cn.strategy.name=\"{cn}\""),
            ];
            // Strategy parameters belong to the configured strategy: another strategy plays at
            // its defaults, the configured one keeps its parameters (`--set` semantics).
            let pair = loaded.with_table(loaded.table.clone(), &sets)?;
            prepared.push(Prepared::new(pair, registry.clone())?);
        }
    }
    let jobs: Vec<(usize, u64)> = (0..prepared.len())
        .flat_map(|p| (0..replicates).map(move |r| (p, r)))
        .collect();
    let results: Vec<ReplicateResult> = pool.install(|| {
        jobs.par_iter()
            .map(|&(p, r)| {
                let out = run_replicate(&prepared[p], r);
                progress.inc(1);
                out
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    let mut pairs = Vec::new();
    let mut k = 0;
    for us in &cfg.us_strategies {
        for cn in &cfg.cn_strategies {
            let chunk = &results[k * replicates as usize..(k + 1) * replicates as usize];
            pairs.push(summarize_pair(us, cn, chunk));
            k += 1;
        }
    }
    Ok(pairs)
}

/// Writes `tournament.csv`, `replicator.csv` and `manifest.json`.
pub fn write_outputs(
    dir: &Path,
    prepared: &Prepared,
    cfg: &TournamentConfig,
    pairs: &[PairResult],
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_atomic_with(&dir.join("tournament.csv"), |w| {
        let stats = |m: &str| format!("{m}_mean,{m}_p05,{m}_p50,{m}_p95");
        writeln!(
            w,
            "us_strategy,cn_strategy,replicates,{},{},deal_rate,first_deal_round_mean,us_tariff_final_mean,cn_tariff_final_mean",
            stats("us_welfare_usd_bn"),
            stats("cn_welfare_usd_bn")
        )?;
        for p in pairs {
            let four = |a: &[f64; 4]| a.iter().map(|x| fmt_f64(*x)).collect::<Vec<_>>().join(",");
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{}",
                csv_text(&p.us),
                csv_text(&p.cn),
                p.replicates,
                four(&p.us_welfare),
                four(&p.cn_welfare),
                fmt_f64(p.deal_rate),
                p.first_deal_round_mean.map(fmt_f64).unwrap_or_default(),
                fmt_f64(p.us_tariff_final_mean),
                fmt_f64(p.cn_tariff_final_mean)
            )?;
        }
        Ok(())
    })?;
    let m = cfg.cn_strategies.len();
    let us_pay: Vec<Vec<f64>> = pairs
        .chunks(m)
        .map(|row| row.iter().map(|p| p.us_welfare[0]).collect())
        .collect();
    let cn_pay: Vec<Vec<f64>> = pairs
        .chunks(m)
        .map(|row| row.iter().map(|p| p.cn_welfare[0]).collect())
        .collect();
    let path = replicator_dynamics(&us_pay, &cn_pay, cfg.replicator_steps);
    write_atomic_with(&dir.join("replicator.csv"), |w| {
        writeln!(w, "step,side,strategy,share")?;
        for (step, (x, y)) in path.iter().enumerate() {
            for (name, share) in cfg.us_strategies.iter().zip(x) {
                writeln!(w, "{step},us,{},{}", csv_text(name), fmt_f64(*share))?;
            }
            for (name, share) in cfg.cn_strategies.iter().zip(y) {
                writeln!(w, "{step},cn,{},{}", csv_text(name), fmt_f64(*share))?;
            }
        }
        Ok(())
    })?;
    let mut man = manifest(prepared, "tournament", &Default::default());
    man["tournament"] = serde_json::to_value(cfg)?;
    man["pairs"] = serde_json::json!(pairs.len());
    write_json(&dir.join("manifest.json"), &man)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicator_dynamics_select_the_dominant_strategy() {
        // US strategy 0 pays more against everything; China strategy 1 does.
        let us = vec![vec![5.0, 4.0], vec![1.0, 0.0]];
        let cn = vec![vec![0.0, 3.0], vec![-2.0, 1.0]];
        let path = replicator_dynamics(&us, &cn, 200);
        let (x, y) = path.last().unwrap();
        assert!(x[0] > 0.99 && y[1] > 0.99, "{x:?} {y:?}");
        for (x, y) in &path {
            assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            assert!((y.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn equal_payoffs_keep_shares_equal() {
        let a = vec![vec![-3.0; 3]; 2];
        let path = replicator_dynamics(&a, &a, 50);
        let (x, y) = path.last().unwrap();
        assert!(x.iter().all(|s| (s - 0.5).abs() < 1e-12));
        assert!(y.iter().all(|s| (s - 1.0 / 3.0).abs() < 1e-12));
    }
}
