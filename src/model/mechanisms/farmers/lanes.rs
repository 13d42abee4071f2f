//! Blocks and lanes (docs/model.md §4.7): the fixed order in which the farmers' sums are
//! taken. Farmer `i` of a table adds into lane `i mod 8`, each lane adds its farmers in
//! order, and the eight lanes are combined pairwise; the monthly pass (`kernel`), April
//! planting (`planting`) and the spawn's totals (`spawn`) all sum this way, so sums do not
//! depend on the machine or the thread count. The passes take farmers [`BLOCK`] at a time.

/// Lanes of the month's sums (farmer `i` adds into lane `i mod LANES`).
pub const LANES: usize = 8;

/// Farmers per block of the pass: the block's flows are kept in scratch arrays that stay in
/// the L1 cache, then summed lane by lane.
pub const BLOCK: usize = 256;

/// One `f64` sum kept in [`LANES`] lanes.
pub type Lanes = [f64; LANES];

/// The lanes of one sum combined pairwise.
pub fn combine(l: &Lanes) -> f64 {
    ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
}

/// Adds a block's values into the lanes (the block starts at lane 0 and is a whole number
/// of lanes long: callers pad it with zeros, which change no sum).
#[inline(always)]
pub(super) fn add_lanes(acc: &mut Lanes, block: &[f32]) {
    add_lanes_of([acc], [block]);
}

/// [`add_lanes`] for `K` sums at once, each into its own lanes in the same order as
/// [`add_lanes`] (same bits). Each lane is a chain of dependent additions; one sum at a
/// time, the loop waits on them, while `K` sums in one loop keep `K` chains in flight.
#[inline(always)]
pub(super) fn add_lanes_of<const K: usize>(accs: [&mut Lanes; K], blocks: [&[f32]; K]) {
    let len = blocks[0].len();
    assert!(
        blocks.iter().all(|b| b.len() == len) && len.is_multiple_of(LANES),
        "blocks of whole lanes, one length"
    );
    let mut sums: [Lanes; K] = [[0.0; LANES]; K];
    for (sum, acc) in sums.iter_mut().zip(&accs) {
        *sum = **acc;
    }
    for start in (0..len).step_by(LANES) {
        for (sum, block) in sums.iter_mut().zip(&blocks) {
            let chunk = &block[start..start + LANES];
            for (a, x) in sum.iter_mut().zip(chunk) {
                *a += f64::from(*x);
            }
        }
    }
    for (acc, sum) in accs.into_iter().zip(sums) {
        *acc = sum;
    }
}
