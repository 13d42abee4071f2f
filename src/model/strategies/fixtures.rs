//! What the strategies' unit tests share: a plain observation and a seeded stream.

use rand::SeedableRng;

use crate::foundation::rng::SimRng;
use crate::model::strategy::Observation;

/// An observation with a resolve of 10 and everything else at its default.
pub fn obs() -> Observation {
    Observation {
        resolve: 10.0,
        ..Default::default()
    }
}

/// A seeded stream, the same in every test.
pub fn rng() -> SimRng {
    SimRng::seed_from_u64(1)
}
