//! The farmer components (docs/model.md §3 "Farmers"): one number (or one small enum) per
//! component, so that every field is a column and the monthly pass (`kernel`) reads and
//! writes arrays of plain numbers; and the bundle a farmer is spawned with. [`Farm`] is the
//! value of a farm's four land-and-agronomy columns together, as the economics (`rules`)
//! read them.

use bevy_ecs::prelude::*;

/// A farm's land and agronomy (acreage may grow when neighbours exit): the values of its
/// [`FarmAcres`], [`SoyYieldBuAc`], [`SoyCostUsdAc`] and [`CornEdgeUsdAc`] components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Farm {
    /// Cropland in the soybean–corn rotation (acres).
    pub acres: f32,
    /// Soybean yield (bu/acre).
    pub yield_bu_ac: f32,
    /// Cash cost of growing soybeans (USD/acre).
    pub cost_usd_ac: f32,
    /// Agronomic/rotation advantage of corn on this farm (USD/acre; negative favours soy).
    pub corn_edge_usd_ac: f32,
}

/// Declares a farmer column holding one `f32` (a transparent newtype, so a table column of
/// it is an array of plain numbers for the monthly pass).
macro_rules! f32_column {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Component, Debug, Clone, Copy, Default, PartialEq)]
        #[repr(transparent)]
        pub struct $name(pub f32);
    };
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
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Crop {
    /// Soybeans.
    Soy,
    /// Corn (the alternative; sold at harvest at the expected corn price).
    Corn,
}

/// A farmer's marketing strategy, drawn at spawn from the configured shares.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Marketing {
    /// Sell everything as soon as it is harvested.
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
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum FarmStatus {
    /// Farming.
    Farming,
    /// Left farming after its equity turned negative.
    Exited,
}

/// Everything a farmer entity is spawned with.
#[derive(Bundle, Debug, Clone, Copy, PartialEq)]
pub struct FarmerBundle {
    /// Cropland.
    pub acres: FarmAcres,
    /// Soybean yield.
    pub yield_bu_ac: SoyYieldBuAc,
    /// Soybean cost.
    pub cost_usd_ac: SoyCostUsdAc,
    /// Corn advantage.
    pub corn_edge_usd_ac: CornEdgeUsdAc,
    /// Crop in the ground.
    pub crop: Crop,
    /// Marketing strategy.
    pub marketing: Marketing,
    /// Target price (store-for-target farmers).
    pub target: TargetPriceUsdBu,
    /// Storage capacity.
    pub capacity: StorageCapacityBu,
    /// Stocks.
    pub stock: StockBu,
    /// Reference stocks.
    pub ref_stock: RefStockBu,
    /// Cash.
    pub cash: CashUsd,
    /// Season's harvest.
    pub season: SeasonHarvestBu,
    /// Farming or exited.
    pub status: FarmStatus,
}

impl FarmerBundle {
    /// A farmer of land and agronomy `farm`, with everything else as given.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        farm: Farm,
        crop: Crop,
        marketing: Marketing,
        target_usd_bu: f32,
        capacity_bu: f32,
        cash_usd: f32,
    ) -> Self {
        Self {
            acres: FarmAcres(farm.acres),
            yield_bu_ac: SoyYieldBuAc(farm.yield_bu_ac),
            cost_usd_ac: SoyCostUsdAc(farm.cost_usd_ac),
            corn_edge_usd_ac: CornEdgeUsdAc(farm.corn_edge_usd_ac),
            crop,
            marketing,
            target: TargetPriceUsdBu(target_usd_bu),
            capacity: StorageCapacityBu(capacity_bu),
            stock: StockBu(0.0),
            ref_stock: RefStockBu(0.0),
            cash: CashUsd(cash_usd),
            season: SeasonHarvestBu(0.0),
            status: FarmStatus::Farming,
        }
    }
}
