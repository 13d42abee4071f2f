//! Random streams (docs/model.md §2, "Time and randomness"): every stream is derived from (master seed, replicate index,
//! purpose) only — never from thread scheduling, hash-map order or time.
//!
//! One stream per purpose means two scenarios (or two sweep points) run with the same seed
//! face the same shocks wherever their mechanisms coincide (common random numbers), and a
//! replicate re-run alone (`--replicate I`) sees exactly the numbers it saw in the full run.

use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_chacha::ChaCha8Rng;

/// The random generator of every stream but the bulk draws of [`BulkRng`].
pub type SimRng = ChaCha8Rng;

/// The generator of bulk draws: the heterogeneity of large agent populations (tens of
/// thousands of numbers per replicate, where ChaCha8's cost shows). Xoshiro256++ (Blackman &
/// Vigna 2021) is a fixed, documented algorithm, fast and statistically strong for
/// simulation (not cryptographic).
pub type BulkRng = Xoshiro256PlusPlus;

/// What a stream is used for. Each purpose gets an independent stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose<'a> {
    /// The replicate's own seed, reported in `runs.csv`.
    Replicate,
    /// The draw of one uncertain parameter, identified by its key path.
    ParameterDraw(&'a str),
    /// Heterogeneity of agents at spawn (by agent kind, e.g. `farmers`).
    Agents(&'a str),
    /// Trembling-hand noise and stochastic rules of one government's strategy (`us`/`cn`).
    Strategy(&'a str),
    /// Whether a negotiation ends in a deal.
    Negotiation,
    /// Pace of compliance with deal commitments.
    Compliance,
    /// Rare-earth licence approvals.
    Licensing,
    /// Random political shocks.
    Shocks,
    /// Firm-level random events (e.g. detection of rerouted trade).
    Firms,
    /// Design points of a sweep (independent of the replicate index).
    SweepDesign,
    /// Bootstrap resampling of statistics.
    Bootstrap,
    /// Market-wide shocks of one market (e.g. `soybeans`: weather and world demand).
    Market(&'a str),
    /// Whether one scheduled measure (a threat or truce expiry, by its event name) takes
    /// effect when it falls due.
    Measure(&'a str),
    /// A calibration's proposals and resampling (by step, e.g. `prior`, `propose`); the
    /// replicate index carries (generation, candidate).
    Calibration(&'a str),
}

impl Purpose<'_> {
    fn tag(&self) -> (u64, &str) {
        match self {
            Purpose::Replicate => (1, ""),
            Purpose::ParameterDraw(k) => (2, k),
            Purpose::Agents(k) => (3, k),
            Purpose::Strategy(k) => (4, k),
            Purpose::Negotiation => (5, ""),
            Purpose::Compliance => (6, ""),
            Purpose::Licensing => (7, ""),
            Purpose::Shocks => (8, ""),
            Purpose::Firms => (9, ""),
            Purpose::SweepDesign => (10, ""),
            Purpose::Bootstrap => (11, ""),
            Purpose::Market(k) => (12, k),
            Purpose::Measure(k) => (13, k),
            Purpose::Calibration(k) => (14, k),
        }
    }
}

/// SplitMix64 finaliser: a well-mixed 64-bit hash step (Steele et al. 2014).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of a label, stable across platforms and builds.
fn label_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// The 64-bit seed of a stream: a hash of (master seed, replicate, purpose).
pub fn derive_seed(master_seed: u64, replicate: u64, purpose: Purpose<'_>) -> u64 {
    let (tag, label) = purpose.tag();
    let mut h = mix(master_seed);
    h = mix(h ^ replicate.wrapping_mul(0xA24B_AED4_963E_E407));
    h = mix(h ^ tag);
    mix(h ^ label_hash(label))
}

/// The 256-bit key of a stream: four SplitMix64 steps from its derived seed.
fn key(master_seed: u64, replicate: u64, purpose: Purpose<'_>) -> [u8; 32] {
    let s = derive_seed(master_seed, replicate, purpose);
    let mut key = [0u8; 32];
    for (i, chunk) in key.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&mix(s ^ (i as u64)).to_le_bytes());
    }
    key
}

/// A fresh ChaCha8 stream for (master seed, replicate, purpose).
pub fn stream(master_seed: u64, replicate: u64, purpose: Purpose<'_>) -> SimRng {
    ChaCha8Rng::from_seed(key(master_seed, replicate, purpose))
}

/// A fresh bulk stream ([`BulkRng`]) for (master seed, replicate, purpose): its 256-bit
/// state is derived exactly as a ChaCha8 stream's key is.
pub fn bulk_stream(master_seed: u64, replicate: u64, purpose: Purpose<'_>) -> BulkRng {
    BulkRng::from_seed(key(master_seed, replicate, purpose))
}

/// The seed reported for a replicate in `runs.csv`.
pub fn replicate_seed(master_seed: u64, replicate: u64) -> u64 {
    derive_seed(master_seed, replicate, Purpose::Replicate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn streams_depend_only_on_their_inputs() {
        let a: u64 = stream(1, 2, Purpose::Licensing).random();
        let b: u64 = stream(1, 2, Purpose::Licensing).random();
        assert_eq!(a, b);
        let c: u64 = stream(1, 3, Purpose::Licensing).random();
        let d: u64 = stream(1, 2, Purpose::Negotiation).random();
        let e: u64 = stream(2, 2, Purpose::Licensing).random();
        assert!(a != c && a != d && a != e);
        let us: u64 = stream(1, 2, Purpose::Strategy("us")).random();
        let cn: u64 = stream(1, 2, Purpose::Strategy("cn")).random();
        assert_ne!(us, cn);
    }

    #[test]
    fn bulk_streams_depend_only_on_their_inputs() {
        let farmers = Purpose::Agents("farmers");
        let a: u64 = bulk_stream(1, 2, farmers).random();
        let b: u64 = bulk_stream(1, 2, farmers).random();
        assert_eq!(a, b);
        assert_ne!(a, bulk_stream(1, 3, farmers).random::<u64>());
        assert_ne!(
            a,
            bulk_stream(1, 2, Purpose::Agents("firms")).random::<u64>()
        );
        assert_ne!(a, stream(1, 2, farmers).random::<u64>());
    }

    #[test]
    fn derived_seeds_are_stable_across_builds() {
        // A change here changes every published result: bump the tool's major version.
        assert_eq!(
            derive_seed(0, 0, Purpose::Replicate),
            derive_seed(0, 0, Purpose::Replicate)
        );
        assert_ne!(replicate_seed(20251025, 0), replicate_seed(20251025, 1));
    }
}
