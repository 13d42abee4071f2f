//! The one run-time choice of vector width for the farmers' passes (docs/model.md §4.7):
//! the monthly pass (`kernel`), April planting (`planting`) and the population draw
//! (`spawn`) are each declared with [`widest!`], which on x86-64 runs the pass compiled for
//! AVX2 when the CPU has it. Both builds do the same IEEE operations in the same order (no
//! fused multiply-add: only AVX2 is enabled, not FMA), so results are the same bits.

/// `widest! { /// doc  pub fn name(arg: Type, ...) -> Out => portable }` declares `name`,
/// which calls `portable(arg, ...)` compiled for the widest vectors this CPU supports: on
/// x86-64 with AVX2 when detected at run time, else for the baseline target. `portable`
/// must be `#[inline(always)]`, so that its whole body is compiled inside the AVX2 copy.
macro_rules! widest {
    (
        $(#[$attr:meta])*
        $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $out:ty)? => $portable:ident
    ) => {
        $(#[$attr])*
        $vis fn $name($($arg: $ty),*) $(-> $out)? {
            #[cfg(target_arch = "x86_64")]
            if std::is_x86_feature_detected!("avx2") {
                /// The pass compiled with AVX2 (same operations, wider vectors).
                #[target_feature(enable = "avx2")]
                fn with_avx2($($arg: $ty),*) $(-> $out)? {
                    $portable($($arg),*)
                }
                // SAFETY: `with_avx2` requires only the AVX2 feature, and the CPU has just
                // been detected to support it.
                return unsafe { with_avx2($($arg),*) };
            }
            $portable($($arg),*)
        }
    };
}

pub(super) use widest;
