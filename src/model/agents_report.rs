//! The agent reporter (docs/model.md §3 agents, §6 outputs): one row per agent — every
//! farmer and every firm of the four kinds — read from the agents' own components at chosen
//! rounds of a replicate, in the manner of Mesa's agent reporters. It reads the mechanisms'
//! components through queries and changes none of them; the two things no component keeps
//! (the round a farmer exited, a magnet user's months short) it tallies itself after each
//! month from the components' monthly values.
//!
//! The columns ([`AGENT_COLUMNS`]) are one fixed set for every kind: each row fills the
//! columns of its kind and leaves the others empty, so `agents.csv` has one schema.

use bevy_ecs::prelude::*;

use crate::model::mechanisms::exporters::{Exporter, ExporterState, ExporterStrategy};
use crate::model::mechanisms::farmers::{
    CashUsd, Crop, FarmAcres, FarmStatus, Marketing, SoyCostUsdAc, SoyYieldBuAc, StockBu,
    StorageCapacityBu,
};
use crate::model::mechanisms::rare_earths::{MagnetStock, MagnetStrategy, MagnetUser, Sector};
use crate::model::mechanisms::tech_controls::{Substitution, TechExporter, TechUser};
use crate::model::state::markets::SoyPrices;

/// The kinds of agent that `agents.csv` holds, in row order within a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgentKind {
    /// A US soybean farmer.
    Farmer,
    /// A US firm using rare-earth magnets.
    UsMagnetUser,
    /// A US tech exporter selling to China.
    UsTechExporter,
    /// A Chinese firm exporting to the US.
    CnExporter,
    /// A Chinese firm using US-controlled tech inputs.
    CnTechUser,
}

impl AgentKind {
    /// Every kind, in row order.
    pub const ALL: [AgentKind; 5] = [
        AgentKind::Farmer,
        AgentKind::UsMagnetUser,
        AgentKind::UsTechExporter,
        AgentKind::CnExporter,
        AgentKind::CnTechUser,
    ];

    /// The value of the `kind` column.
    pub fn key(self) -> &'static str {
        match self {
            AgentKind::Farmer => "farmer",
            AgentKind::UsMagnetUser => "us_magnet_user",
            AgentKind::UsTechExporter => "us_tech_exporter",
            AgentKind::CnExporter => "cn_exporter",
            AgentKind::CnTechUser => "cn_tech_user",
        }
    }
}

/// One column of `agents.csv` after `replicate,round,month,kind,agent`.
#[derive(Debug, Clone, Copy)]
pub struct AgentColumn {
    /// Column name (unit suffix as in the metric names).
    pub name: &'static str,
    /// Unit, spelled out.
    pub unit: &'static str,
    /// The kinds of agent that fill it (empty for the others).
    pub kinds: &'static [AgentKind],
    /// One-line meaning.
    pub description: &'static str,
}

const FARMER: &[AgentKind] = &[AgentKind::Farmer];
const MAGNET: &[AgentKind] = &[AgentKind::UsMagnetUser];
const TECH_EXPORTER: &[AgentKind] = &[AgentKind::UsTechExporter];
const EXPORTER: &[AgentKind] = &[AgentKind::CnExporter];
const TECH_USER: &[AgentKind] = &[AgentKind::CnTechUser];

const fn column(
    name: &'static str,
    unit: &'static str,
    kinds: &'static [AgentKind],
    description: &'static str,
) -> AgentColumn {
    AgentColumn {
        name,
        unit,
        kinds,
        description,
    }
}

/// The kind-specific columns of `agents.csv`, in order.
pub const AGENT_COLUMNS: &[AgentColumn] = &[
    column(
        "acres",
        "acres",
        FARMER,
        "cropland in the soybean-corn rotation",
    ),
    column("crop", "soy|corn", FARMER, "crop in the ground this season"),
    column(
        "marketing",
        "sell_at_harvest|store_for_target|fixed_share",
        FARMER,
        "marketing strategy",
    ),
    column("yield_bu_ac", "bu/acre", FARMER, "soybean yield"),
    column(
        "cost_usd_ac",
        "USD/acre",
        FARMER,
        "cash cost of growing soybeans",
    ),
    column(
        "storage_capacity_bu",
        "bu",
        FARMER,
        "on-farm storage capacity",
    ),
    column("stock_bu", "bu", FARMER, "soybeans in store"),
    column(
        "cash_usd",
        "USD",
        FARMER,
        "cash (working capital net of debt)",
    ),
    column(
        "equity_usd",
        "USD",
        FARMER,
        "cash plus stocks at this month's farm-gate price",
    ),
    column(
        "exited",
        "0|1",
        FARMER,
        "1 once the farmer has left farming",
    ),
    column(
        "exit_round",
        "round",
        FARMER,
        "round in which the farmer exited (empty while farming)",
    ),
    column(
        "sector",
        "autos|defence|electronics",
        MAGNET,
        "sector of a magnet user",
    ),
    column(
        "strategy",
        "stockpile|diversify|lobby; reroute|absorb|cut_jobs",
        &[AgentKind::UsMagnetUser, AgentKind::CnExporter],
        "behaviour of a magnet user or a Chinese exporter",
    ),
    column("need_t", "tonnes/month", MAGNET, "monthly magnet need"),
    column("inventory_t", "tonnes", MAGNET, "magnets on hand"),
    column(
        "inventory_months",
        "months",
        MAGNET,
        "magnets on hand in months of need",
    ),
    column(
        "target_months",
        "months",
        MAGNET,
        "stockpile target in months of need",
    ),
    column(
        "shortage_months",
        "months",
        MAGNET,
        "months so far in which the firm stocked out",
    ),
    column(
        "diversified_share",
        "fraction",
        MAGNET,
        "share of need covered by its own non-China contracts that have arrived",
    ),
    column(
        "pending_diversified_share",
        "fraction",
        MAGNET,
        "share of need contracted from non-China supply, not yet arrived",
    ),
    column(
        "china_revenue_usd_bn",
        "USD bn/month",
        TECH_EXPORTER,
        "China revenue per month with no controls",
    ),
    column(
        "exposure",
        "factor",
        TECH_EXPORTER,
        "its controlled share of China revenue is min(1, exposure x stringency)",
    ),
    column(
        "base_sales_usd_bn",
        "USD bn/month",
        EXPORTER,
        "US sales per month at the reference tariff",
    ),
    column(
        "max_reroute_share",
        "fraction",
        EXPORTER,
        "largest share of its sales it can reroute",
    ),
    column(
        "rerouted_share",
        "fraction",
        EXPORTER,
        "share of base sales shipped through third countries",
    ),
    column(
        "employment",
        "ratio",
        EXPORTER,
        "jobs relative to the reference (1 = reference jobs)",
    ),
    column(
        "output_usd_bn",
        "USD bn/month",
        TECH_USER,
        "output per month",
    ),
    column(
        "dependence",
        "fraction",
        TECH_USER,
        "share of output lost while covered and not yet substituted",
    ),
    column(
        "coverage_rank",
        "0..1",
        TECH_USER,
        "covered by US controls when rank < stringency",
    ),
    column(
        "substitution_share",
        "fraction",
        TECH_USER,
        "share of controlled inputs replaced by domestic substitutes",
    ),
];

/// One cell of an agent row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AgentCell {
    /// No value (e.g. the exit round of a farmer still farming).
    Empty,
    /// A number.
    Number(f64),
    /// A count or a round.
    Whole(u64),
    /// A category.
    Word(&'static str),
}

/// One agent at one round: its kind, its index among the agents of its kind (query order,
/// the same in every round and replicate of a scenario) and the cells of its kind's columns,
/// in [`AGENT_COLUMNS`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct AgentRow {
    /// Round (0 = October 2025).
    pub round: u32,
    /// Kind of agent.
    pub kind: AgentKind,
    /// Index among the agents of its kind.
    pub agent: u32,
    /// The values of the columns its kind fills, in column order.
    pub cells: Vec<AgentCell>,
}

/// A farmer's `f32` column as the number it prints as (its shortest decimal, not its binary
/// expansion).
fn decimal(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}

/// A farmer's `f32` column as a cell.
fn single(x: f32) -> AgentCell {
    AgentCell::Number(decimal(x))
}

/// What the agent reporter tallies between months: the round each farmer exited (query
/// order) and each magnet user's months short.
#[derive(Debug, Clone, Default)]
pub struct AgentTracker {
    exit_round: Vec<Option<u32>>,
    shortage_months: Vec<u32>,
}

impl AgentTracker {
    /// Tallies a month that has just run (call after every round of the replicate).
    pub fn observe(&mut self, world: &mut World, round: u32) {
        let mut farmers = world.query::<&FarmStatus>();
        for (i, status) in farmers.iter(world).enumerate() {
            if i == self.exit_round.len() {
                self.exit_round.push(None);
            }
            if *status == FarmStatus::Exited && self.exit_round[i].is_none() {
                self.exit_round[i] = Some(round);
            }
        }
        let mut users = world.query::<&MagnetStock>();
        for (i, stock) in users.iter(world).enumerate() {
            if i == self.shortage_months.len() {
                self.shortage_months.push(0);
            }
            self.shortage_months[i] += u32::from(stock.short_last_month);
        }
    }

    /// Appends one row per agent at `round` to `out`: farmers, then magnet users, tech
    /// exporters, Chinese exporters and tech users, each in query order.
    pub fn snapshot(&self, world: &mut World, round: u32, out: &mut Vec<AgentRow>) {
        let price = world
            .get_resource::<SoyPrices>()
            .map_or(0.0, |p| p.farm_gate_usd_bu);
        let mut push = |kind: AgentKind, agent: usize, cells: Vec<AgentCell>| {
            out.push(AgentRow {
                round,
                kind,
                agent: agent as u32,
                cells,
            });
        };
        let mut farmers = world.query::<(
            &FarmAcres,
            &Crop,
            &Marketing,
            &SoyYieldBuAc,
            &SoyCostUsdAc,
            &StorageCapacityBu,
            &StockBu,
            &CashUsd,
            &FarmStatus,
        )>();
        for (i, (acres, crop, marketing, y, c, cap, stock, cash, status)) in
            farmers.iter(world).enumerate()
        {
            let equity = decimal(cash.0) + decimal(stock.0) * price;
            let exit = self.exit_round.get(i).copied().flatten();
            push(
                AgentKind::Farmer,
                i,
                vec![
                    single(acres.0),
                    AgentCell::Word(match crop {
                        Crop::Soy => "soy",
                        Crop::Corn => "corn",
                    }),
                    AgentCell::Word(match marketing {
                        Marketing::SellAtHarvest => "sell_at_harvest",
                        Marketing::StoreForTarget => "store_for_target",
                        Marketing::FixedShare => "fixed_share",
                    }),
                    single(y.0),
                    single(c.0),
                    single(cap.0),
                    single(stock.0),
                    single(cash.0),
                    AgentCell::Number(equity),
                    AgentCell::Whole(u64::from(*status == FarmStatus::Exited)),
                    exit.map_or(AgentCell::Empty, |r| AgentCell::Whole(u64::from(r))),
                ],
            );
        }
        let mut users = world.query::<(&MagnetUser, &MagnetStock)>();
        for (i, (u, s)) in users.iter(world).enumerate() {
            let months = if u.need_t > 0.0 {
                AgentCell::Number(s.inventory_t / u.need_t)
            } else {
                AgentCell::Empty
            };
            push(
                AgentKind::UsMagnetUser,
                i,
                vec![
                    AgentCell::Word(match u.sector {
                        Sector::Autos => "autos",
                        Sector::Defence => "defence",
                        Sector::Electronics => "electronics",
                    }),
                    AgentCell::Word(match u.strategy {
                        MagnetStrategy::Stockpile => "stockpile",
                        MagnetStrategy::Diversify => "diversify",
                        MagnetStrategy::Lobby => "lobby",
                    }),
                    AgentCell::Number(u.need_t),
                    AgentCell::Number(s.inventory_t),
                    months,
                    AgentCell::Number(u.target_months),
                    AgentCell::Whole(u64::from(self.shortage_months.get(i).copied().unwrap_or(0))),
                    AgentCell::Number(s.contract_share),
                    AgentCell::Number(s.pending_share),
                ],
            );
        }
        let mut tech = world.query::<&TechExporter>();
        for (i, t) in tech.iter(world).enumerate() {
            push(
                AgentKind::UsTechExporter,
                i,
                vec![
                    AgentCell::Number(t.china_revenue_usd_bn),
                    AgentCell::Number(t.exposure),
                ],
            );
        }
        let mut exporters = world.query::<(&Exporter, &ExporterState)>();
        for (i, (e, s)) in exporters.iter(world).enumerate() {
            push(
                AgentKind::CnExporter,
                i,
                vec![
                    AgentCell::Word(match e.strategy {
                        ExporterStrategy::Reroute => "reroute",
                        ExporterStrategy::Absorb => "absorb",
                        ExporterStrategy::CutJobs => "cut_jobs",
                    }),
                    AgentCell::Number(e.base_sales_usd_bn),
                    AgentCell::Number(e.max_reroute_share),
                    AgentCell::Number(s.rerouted_share),
                    AgentCell::Number(s.employment),
                ],
            );
        }
        let mut users = world.query::<(&TechUser, &Substitution)>();
        for (i, (u, s)) in users.iter(world).enumerate() {
            push(
                AgentKind::CnTechUser,
                i,
                vec![
                    AgentCell::Number(u.output_usd_bn),
                    AgentCell::Number(u.dependence),
                    AgentCell::Number(u.rank),
                    AgentCell::Number(s.0),
                ],
            );
        }
    }
}

/// The number of [`AGENT_COLUMNS`] a kind fills (the length of its rows' cells).
pub fn columns_of(kind: AgentKind) -> usize {
    AGENT_COLUMNS
        .iter()
        .filter(|c| c.kinds.contains(&kind))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LoadedScenario;
    use crate::model::schedule::month_schedule;
    use crate::model::strategy::StrategyRegistry;
    use crate::model::world::{agent_counts, build_world};

    #[test]
    fn column_names_are_unique_and_every_kind_fills_some() {
        let mut names: Vec<&str> = AGENT_COLUMNS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(n, names.len());
        for kind in AgentKind::ALL {
            assert!(columns_of(kind) > 0, "{}", kind.key());
        }
    }

    /// Every agent gets one row of its kind's width; exits are dated and stay exited.
    #[test]
    fn a_snapshot_has_one_row_per_agent_with_its_kinds_cells() {
        let sets = [
            "farmers.count=300".to_string(),
            "rare_earths.stringency.initial=1.0".to_string(),
            "rare_earths.stringency.floor=1.0".to_string(),
        ];
        let loaded = LoadedScenario::load(None, &sets).unwrap();
        let mut world = build_world(&loaded.typical, &StrategyRegistry::default(), 7, 0).unwrap();
        let counts = agent_counts(&mut world);
        let mut schedule = month_schedule();
        let mut tracker = AgentTracker::default();
        let mut rows = Vec::new();
        for round in 0..loaded.typical.rounds {
            schedule.run(&mut world);
            tracker.observe(&mut world, round);
        }
        let last = loaded.typical.rounds - 1;
        tracker.snapshot(&mut world, last, &mut rows);
        assert_eq!(rows.len() as u64, counts["farmers"] + counts["firms"]);
        for r in &rows {
            assert_eq!(r.cells.len(), columns_of(r.kind));
            assert_eq!(r.round, last);
        }
        let farmers = rows.iter().filter(|r| r.kind == AgentKind::Farmer);
        for r in farmers {
            match (r.cells[9], r.cells[10]) {
                (AgentCell::Whole(1), AgentCell::Whole(round)) => assert!(round <= last as u64),
                (AgentCell::Whole(0), AgentCell::Empty) => {}
                other => panic!("farmer {}: {other:?}", r.agent),
            }
        }
        let short: u64 = rows
            .iter()
            .filter(|r| r.kind == AgentKind::UsMagnetUser)
            .map(|r| match r.cells[6] {
                AgentCell::Whole(n) => n,
                other => panic!("{other:?}"),
            })
            .sum();
        let market = world.resource::<crate::model::mechanisms::rare_earths::MagnetMarket>();
        assert_eq!(short, market.shortage_firm_months);
    }
}
