//! The farmer columns (docs/model.md §3 "Farmers"): one number (or one small enum) per
//! component, so that every field is a column and the monthly pass (`kernel`) reads and
//! writes arrays of plain numbers.
//!
//! **The one list of a farmer's fields** is the [`farmer_columns!`] call below: a field is
//! added there (name, component, doc) and every view of the farmers follows from it — the
//! values one farmer's rules read ([`FarmTraits`], [`FarmState`]), the bundle a farmer is
//! spawned with ([`FarmerBundle`]), the systems' query ([`FarmerData`]), one table's columns
//! as slices ([`FarmColumns`]) and the farmers as one vector per column ([`FarmerVecs`]:
//! the drawn population, the benchmarks' plain reference). What a field means for the
//! economics is then written in `rules`, and how it is drawn in `spawn`.

use std::ops::Range;

use bevy_ecs::prelude::*;
use bevy_ecs::query::QueryData;

/// A farmer column's component and the plain value it holds (`f32` for a number, the enum
/// itself for a small enum), so that the rules read plain values.
pub trait Column: Component + Copy {
    /// The value one farmer's rules read.
    type Value: Copy + Default;
    /// The value of this component.
    fn value(self) -> Self::Value;
    /// The component holding `value`.
    fn of(value: Self::Value) -> Self;
}

/// Declares a farmer column holding one `f32` (a transparent newtype, so a table column of
/// it is an array of plain numbers for the monthly pass).
macro_rules! f32_column {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Component, Debug, Clone, Copy, Default, PartialEq)]
        #[repr(transparent)]
        pub struct $name(pub f32);

        impl Column for $name {
            type Value = f32;
            #[inline(always)]
            fn value(self) -> f32 {
                self.0
            }
            #[inline(always)]
            fn of(value: f32) -> Self {
                Self(value)
            }
        }
    };
}

/// Makes the listed enums farmer columns whose value is the enum itself.
macro_rules! enum_columns {
    ($($name:ident),+) => {$(
        impl Column for $name {
            type Value = $name;
            #[inline(always)]
            fn value(self) -> $name {
                self
            }
            #[inline(always)]
            fn of(value: $name) -> Self {
                value
            }
        }
    )+};
}

f32_column! {
    /// Cropland in the soybean–corn rotation (acres; grows when neighbours exit).
    FarmAcres
}

f32_column! {
    /// Soybean yield (bu/acre).
    SoyYieldBuAc
}

f32_column! {
    /// Cash cost of growing soybeans (USD/acre).
    SoyCostUsdAc
}

f32_column! {
    /// Agronomic/rotation advantage of corn on this farm (USD/acre; negative favours soy).
    CornEdgeUsdAc
}

/// The crop in the ground this season.
#[derive(Component, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Crop {
    /// Soybeans.
    Soy,
    /// Corn (the alternative; sold at harvest at the expected corn price).
    #[default]
    Corn,
}

/// A farmer's marketing strategy, drawn at spawn from the configured shares.
#[derive(Component, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum Marketing {
    /// Sell everything as soon as it is harvested.
    #[default]
    SellAtHarvest,
    /// Store (up to capacity) until the farm-gate price reaches the farm's
    /// [`TargetPriceUsdBu`], then sell everything stored.
    StoreForTarget,
    /// Sell a fixed share of stocks every month (scale-up selling, a simple hedge).
    FixedShare,
}

f32_column! {
    /// The price at which a store-for-target farmer sells (USD/bu; unused by other strategies).
    TargetPriceUsdBu
}

f32_column! {
    /// On-farm storage capacity (bu).
    StorageCapacityBu
}

f32_column! {
    /// Soybeans in store (bu).
    StockBu
}

f32_column! {
    /// Soybeans the same farmer would hold at no-conflict prices (bu).
    RefStockBu
}

f32_column! {
    /// Cash, i.e. working capital net of debt (USD); equity is cash plus stocks at market.
    CashUsd
}

f32_column! {
    /// Soybeans harvested this marketing year (bu), the base of aid payments.
    SeasonHarvestBu
}

/// Whether the farmer is still farming.
#[derive(Component, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum FarmStatus {
    /// Farming.
    #[default]
    Farming,
    /// Left farming after its equity turned negative.
    Exited,
}

enum_columns!(Crop, Marketing, FarmStatus);

/// The length every farmer column has (the columns are read together, row by row).
#[inline(always)]
fn one_length(lens: &[usize]) -> usize {
    assert!(
        lens.iter().all(|len| *len == lens[0]),
        "farmer columns have one length"
    );
    lens[0]
}

/// Declares, from one list of `field: Component` (`traits`: what a farm is; `state`: the
/// numbers its month changes; `flag`: whether it is still farming), every view of the
/// farmers; see the module docs. The flag is apart because the monthly pass writes it
/// straight to its column, while it keeps the other state in a scratch block (a byte
/// column in that block stops the compiler vectorising the pass).
macro_rules! farmer_columns {
    (
        traits { $( $(#[$td:meta])* $t:ident: $tc:ident, )+ }
        state { $( $(#[$sd:meta])* $s:ident: $sc:ident, )+ }
        flag { $(#[$fd:meta])* $f:ident: $fc:ident, }
    ) => {
        /// What a farm is, as one farmer's rules read it (one row of the columns that
        /// only planting and the draw change).
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct FarmTraits {
            $( $(#[$td])* pub $t: <$tc as Column>::Value, )+
        }

        /// What a farm's month changes (one row of the state columns).
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct FarmState {
            $( $(#[$sd])* pub $s: <$sc as Column>::Value, )+
            $(#[$fd])* pub $f: <$fc as Column>::Value,
        }

        /// Everything a farmer entity is spawned with: one component per column.
        #[derive(Bundle, Debug, Clone, Copy, PartialEq)]
        pub struct FarmerBundle {
            $( $(#[$td])* pub $t: $tc, )+
            $( $(#[$sd])* pub $s: $sc, )+
            $(#[$fd])* pub $f: $fc,
        }

        impl FarmerBundle {
            /// The components of a farmer with these traits and this state.
            pub fn new(t: FarmTraits, s: FarmState) -> Self {
                Self {
                    $( $t: <$tc as Column>::of(t.$t), )+
                    $( $s: <$sc as Column>::of(s.$s), )+
                    $f: <$fc as Column>::of(s.$f),
                }
            }
        }

        /// The farmers' query: every column, writable (the systems bypass change detection).
        #[derive(QueryData)]
        #[query_data(mutable, contiguous(mutable))]
        pub struct FarmerData {
            $( $(#[$td])* pub $t: &'static mut $tc, )+
            $( $(#[$sd])* pub $s: &'static mut $sc, )+
            $(#[$fd])* pub $f: &'static mut $fc,
        }

        /// One table's farmer columns (or a block of them), all the same length, in query
        /// order.
        pub struct FarmColumns<'a> {
            $( $(#[$td])* pub $t: &'a mut [$tc], )+
            $( $(#[$sd])* pub $s: &'a mut [$sc], )+
            $(#[$fd])* pub $f: &'a mut [$fc],
        }

        impl<'a> FarmColumns<'a> {
            /// The columns of one table of the farmers' query (change detection bypassed:
            /// no system reacts to these components changing).
            #[inline(always)]
            pub fn of_table<'b>(table: &'b mut FarmerDataContiguousItem<'_, '_>) -> FarmColumns<'b> {
                FarmColumns {
                    $( $t: table.$t.bypass_change_detection(), )+
                    $( $s: table.$s.bypass_change_detection(), )+
                    $f: table.$f.bypass_change_detection(),
                }
            }

            /// Number of farmers (every column has this length).
            #[inline(always)]
            pub fn len(&self) -> usize {
                one_length(&[$( self.$t.len(), )+ $( self.$s.len(), )+ self.$f.len()])
            }

            /// No farmers.
            #[inline(always)]
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// The farmers `range` of these columns.
            #[inline(always)]
            pub fn block(&mut self, range: Range<usize>) -> FarmColumns<'_> {
                FarmColumns {
                    $( $t: &mut self.$t[range.clone()], )+
                    $( $s: &mut self.$s[range.clone()], )+
                    $f: &mut self.$f[range.clone()],
                }
            }

            /// Farmer `j`'s traits.
            #[inline(always)]
            pub fn traits(&self, j: usize) -> FarmTraits {
                FarmTraits { $( $t: self.$t[j].value(), )+ }
            }

            /// Farmer `j`'s state.
            #[inline(always)]
            pub fn state(&self, j: usize) -> FarmState {
                FarmState { $( $s: self.$s[j].value(), )+ $f: self.$f[j].value() }
            }

            /// Sets farmer `j`'s state.
            #[inline(always)]
            pub fn set_state(&mut self, j: usize, s: FarmState) {
                $( self.$s[j] = <$sc as Column>::of(s.$s); )+
                self.$f[j] = <$fc as Column>::of(s.$f);
            }

            /// Writes the first `len` states of `block` into these columns' first `len` rows
            /// (the flag is written straight to its column by the pass).
            #[inline(always)]
            pub fn set_states<const N: usize>(&mut self, block: &StateBlock<N>, len: usize) {
                $(
                    for (c, v) in self.$s[..len].iter_mut().zip(&block.$s[..len]) {
                        *c = <$sc as Column>::of(*v);
                    }
                )+
            }

            /// Copies farmers `from[start..start + len]` into these columns.
            pub fn copy_from(&mut self, from: &FarmerVecs, start: usize) {
                let r = start..start + self.len();
                $( self.$t.copy_from_slice(&from.$t[r.clone()]); )+
                $( self.$s.copy_from_slice(&from.$s[r.clone()]); )+
                self.$f.copy_from_slice(&from.$f[r]);
            }
        }

        /// The states of a block of farmers but the flag, one array per state column
        /// (written by the monthly pass, then copied back into the columns).
        #[derive(Debug, Clone)]
        pub struct StateBlock<const N: usize> {
            $( $(#[$sd])* pub $s: [<$sc as Column>::Value; N], )+
        }

        impl<const N: usize> Default for StateBlock<N> {
            fn default() -> Self {
                Self { $( $s: [Default::default(); N], )+ }
            }
        }

        impl<const N: usize> StateBlock<N> {
            /// Sets farmer `j`'s state but the flag.
            #[inline(always)]
            pub fn set(&mut self, j: usize, s: FarmState) {
                $( self.$s[j] = s.$s; )+
            }
        }

        /// Farmers as one vector per column (a drawn population; the plain reference of the
        /// benchmarks), in spawn or query order.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct FarmerVecs {
            $( $(#[$td])* pub $t: Vec<$tc>, )+
            $( $(#[$sd])* pub $s: Vec<$sc>, )+
            $(#[$fd])* pub $f: Vec<$fc>,
        }

        impl FarmerVecs {
            /// Number of farmers.
            pub fn len(&self) -> usize {
                one_length(&[$( self.$t.len(), )+ $( self.$s.len(), )+ self.$f.len()])
            }

            /// No farmers.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// All the columns, as the passes read and write them.
            pub fn columns(&mut self) -> FarmColumns<'_> {
                FarmColumns {
                    $( $t: &mut self.$t, )+
                    $( $s: &mut self.$s, )+
                    $f: &mut self.$f,
                }
            }

            /// Farmer `i`'s traits.
            #[inline(always)]
            pub fn traits(&self, i: usize) -> FarmTraits {
                FarmTraits { $( $t: self.$t[i].value(), )+ }
            }

            /// Farmer `i`'s components.
            pub fn bundle(&self, i: usize) -> FarmerBundle {
                FarmerBundle {
                    $( $t: self.$t[i], )+
                    $( $s: self.$s[i], )+
                    $f: self.$f[i],
                }
            }

            /// Appends the farmers of `cols`.
            pub fn extend_from(&mut self, cols: &FarmColumns) {
                $( self.$t.extend_from_slice(cols.$t); )+
                $( self.$s.extend_from_slice(cols.$s); )+
                self.$f.extend_from_slice(cols.$f);
            }

            /// Makes every state column `n` copies of `s` (the state of a farmer at spawn),
            /// reusing the allocations.
            pub fn fill_states(&mut self, n: usize, s: FarmState) {
                $(
                    self.$s.clear();
                    self.$s.resize(n, <$sc as Column>::of(s.$s));
                )+
                self.$f.clear();
                self.$f.resize(n, <$fc as Column>::of(s.$f));
            }
        }
    };
}

/// The farmers' query, as the systems see it: every farmer column ([`FarmerData`]).
pub type FarmQuery<'w, 's> = Query<'w, 's, FarmerData>;

farmer_columns! {
    traits {
        /// Cropland in the rotation (acres).
        acres: FarmAcres,
        /// Soybean yield (bu/acre).
        yield_bu_ac: SoyYieldBuAc,
        /// Cash cost of growing soybeans (USD/acre).
        cost_usd_ac: SoyCostUsdAc,
        /// Agronomic/rotation advantage of corn (USD/acre; negative favours soy).
        corn_edge_usd_ac: CornEdgeUsdAc,
        /// Crop in the ground.
        crop: Crop,
        /// Marketing strategy.
        marketing: Marketing,
        /// Target price of a store-for-target farmer (USD/bu; unused by other strategies).
        target_usd_bu: TargetPriceUsdBu,
        /// On-farm storage capacity (bu).
        capacity_bu: StorageCapacityBu,
    }
    state {
        /// Soybeans in store (bu).
        stock_bu: StockBu,
        /// Soybeans the same farmer would hold at no-conflict prices (bu).
        ref_stock_bu: RefStockBu,
        /// Cash, i.e. working capital net of debt (USD).
        cash_usd: CashUsd,
        /// Soybeans harvested this marketing year (bu), the base of aid payments.
        season_harvest_bu: SeasonHarvestBu,
    }
    flag {
        /// Farming or exited.
        status: FarmStatus,
    }
}
