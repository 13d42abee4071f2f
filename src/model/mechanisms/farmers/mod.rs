//! US soybean farmers and farm aid (docs/model.md §3 "Farmers", §4.7): thousands of farmer
//! entities, heterogeneous at spawn, that harvest, sell or store, pay for storage, earn,
//! plant soybeans or corn each April, and exit when their equity turns negative; and the US
//! farm-aid instrument that pays when the year's farm losses pass a threshold.
//!
//! Each month, for each farmer still farming, in order:
//! 1. April (system `plant_crops`): neighbours' take-up of exited acreage
//!    (`acres × (1 + pool/active acres)`), then soybeans if `E[p]·y − c ≥ p_corn·r_y·y −
//!    r_c·c + e_i`, with `E[p]` this month's farm-gate price and `y`, `c`, `e_i` the farm's
//!    yield, cost and corn advantage;
//! 2. aid: `aid_i = a·H_i`, the month's aid rate `a` (USD/bu) on its soybean harvest of the
//!    marketing year `H_i` (as the 2018 Market Facilitation Program paid per bushel);
//! 3. Sep–Nov: the harvest share `h_m` of `acres·y` goes into stocks at cost `h_m·acres·c`
//!    (corn farms book their corn margin instead);
//! 4. sales: stocks above storage capacity, then by marketing strategy — sell at harvest
//!    (everything), store for a target price (everything once `p ≥ target`), fixed share
//!    (`f` of the stocks within capacity); in August everything left of the old crop;
//! 5. storage cost `k` per bushel kept; cash += sales − storage − production cost + aid;
//! 6. exit if equity `cash + stock·p < 0`: stocks are sold, the acreage idles or goes to the
//!    neighbours' pool.
//!
//! Components are one number (or one small enum) each, so that every field is a column: what
//! a farm is (`FarmAcres`, `SoyYieldBuAc`, `SoyCostUsdAc`, `CornEdgeUsdAc`, `Crop`,
//! `Marketing`, `TargetPriceUsdBu`, `StorageCapacityBu`) and what changes every month
//! (`StockBu`, `RefStockBu`, `CashUsd`, `SeasonHarvestBu`, `FarmStatus`), all declared in
//! one list (`components::farmer_columns!`). One farmer's economics are plain Rust in
//! `rules`; the monthly pass (module `kernel`) applies them to every farmer as branch-free
//! arithmetic over those columns, which the compiler vectorises; `spawn` draws the farm
//! population.
//!
//! **Farm income** is accrual (value of production and inventory change, as USDA's net farm
//! income): `Y_t = Σ(sales − storage − production cost + corn margin + aid) + p_t·S_t −
//! p_{t−1}·S_{t−1}`, with `S` on-farm stocks. **The no-conflict reference** is the same
//! farmers' income from the same harvests (same acreage, crops, costs and exits) at the
//! no-conflict prices of the soybean market (normal China buying, reference tariffs, same
//! world shock): each farmer carries a reference stock that its own strategy markets at the
//! reference price. The farm loss is `L_t = Y_t^ref − (Y_t − aid_t)`.
//!
//! **Aid**: over the marketing year (Sep–Aug), once cumulative losses `ΣL` pass the threshold,
//! aid due = `coverage·ΣL − already granted`, paid `payment_lag_months` later. Farmers' net
//! loss `L − aid` feeds US pressure and welfare; taxpayers' cost `aid·(1 + excess burden)`
//! enters US welfare.

//!
//! The folder, by what the code is (this module only declares the parts and re-exports their
//! public items; the parts import each other directly):
//! - `components`: the one list of farmer columns, and every view of it (one farmer's
//!   values, the bundle, the query, a table's slices, plain vectors);
//! - `sector`: the farm sector resource (this month, between months, horizon totals);
//! - `rules`: one farmer's economics as plain functions, read top to bottom (planting
//!   choice, aid, harvest, sales by strategy, storage, cash, exit), with nothing about speed;
//! - `lanes`: blocks and lanes, the fixed order of every sum over farmers;
//! - `kernel`: the vectorised monthly pass over the columns (blocks, lanes, and the
//!   shortcuts that give the same bits), checked against `rules` by `tests/plain_loop.rs`;
//! - `vectors`: the one run-time choice of vector width (AVX2 or not) for every pass;
//! - `planting`: April planting, its pass over the columns and the system `plant_crops`;
//! - `month`: the month's terms and the system `tend_farms`;
//! - `aid`: the farm-aid program and the system `decide_farm_aid`;
//! - `distributions` and `spawn`: the laws of the farm population and its draw;
//! - `metrics`: the farm metric tables.

mod aid;
mod components;
mod distributions;
mod kernel;
mod lanes;
mod metrics;
mod month;
mod planting;
mod rules;
mod sector;
mod spawn;
mod vectors;

pub use aid::{FarmAid, aid_due, decide_farm_aid};
pub use components::{
    CashUsd, Column, CornEdgeUsdAc, Crop, FarmAcres, FarmColumns, FarmQuery, FarmState, FarmStatus,
    FarmTraits, FarmerBundle, FarmerData, FarmerVecs, Marketing, RefStockBu, SeasonHarvestBu,
    SoyCostUsdAc, SoyYieldBuAc, StateBlock, StockBu, StorageCapacityBu, TargetPriceUsdBu,
};
pub use distributions::{corn_edge_distribution, normal_quantile};
pub use kernel::{MonthLanes, MonthSums, holds_all, tend_rows, tend_rows_portable};
pub use lanes::{BLOCK, LANES, Lanes, combine};
pub use metrics::{FARM_ROUND_METRICS, FARM_RUN_METRICS};
pub use month::{month_terms, tend_farms, tend_query};
pub use planting::{PlantingLanes, plant_crops, plant_rows, plant_rows_portable};
pub use rules::{
    FarmFlows, FarmMonth, Harvest, aid_usd, corn_margin, farm_month, harvest, harvest_share, plant,
    plants_soy, sales, sales_bu, settle, start_season, store_harvest, unless_exited,
};
pub use sector::FarmSector;
pub use spawn::spawn_farmers;
