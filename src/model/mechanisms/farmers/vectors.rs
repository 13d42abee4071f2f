//! The one run-time choice of vector width for the farmers' passes (docs/model.md §4.7):
//! the monthly pass (`kernel`), April planting (`planting`) and the population draw
//! (`spawn`) each run through [`widest`], which on x86-64 runs them compiled for AVX2 when
//! the CPU has it. Both builds do the same IEEE operations in the same order (no fused
//! multiply-add: only AVX2 is enabled, not FMA), so results are the same bits.

/// Runs `pass` compiled for the widest vectors this CPU supports (AVX2 on x86-64 when
/// detected, else the baseline target). Callers mark the closure `#[inline(always)]` and
/// call an `#[inline(always)]` pass from it, so that the whole pass is inlined into the AVX2
/// wrapper and compiled for AVX2 there (a closure left to the inliner's judgement stays
/// a call to baseline code).
#[inline(always)]
pub(super) fn widest<R>(pass: impl FnOnce() -> R) -> R {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: `with_avx2` only requires the AVX2 feature, and the CPU has just been
        // detected to support it.
        return unsafe { with_avx2(pass) };
    }
    pass()
}

/// `pass()` compiled with AVX2 enabled (the only unsafe-to-call function of the farmers:
/// callers must have checked that the CPU supports AVX2, as [`widest`] does).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
fn with_avx2<R>(pass: impl FnOnce() -> R) -> R {
    pass()
}
