//! The two governments (docs/model.md §3 "Governments"): which side an entity is, and the
//! entities of both.

use bevy_ecs::prelude::*;

/// Which government an entity is. Owner: governments (spawned once); read by every
/// mechanism that treats the two sides apart.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    /// The United States government.
    Us,
    /// The government of the People's Republic of China.
    China,
}

impl Side {
    /// Short key used in configs and metric names (`us`, `cn`).
    pub fn key(self) -> &'static str {
        match self {
            Side::Us => "us",
            Side::China => "cn",
        }
    }

    /// The other government.
    pub fn other(self) -> Side {
        match self {
            Side::Us => Side::China,
            Side::China => Side::Us,
        }
    }
}

/// Entity ids of the two governments, for systems and metrics that need one side. Owner:
/// governments (spawn); read by every mechanism.
#[derive(Resource, Debug, Clone, Copy)]
pub struct Governments {
    /// The US government entity.
    pub us: Entity,
    /// The Chinese government entity.
    pub cn: Entity,
}

impl Governments {
    /// The entity of a side.
    pub fn of(&self, side: Side) -> Entity {
        match side {
            Side::Us => self.us,
            Side::China => self.cn,
        }
    }
}
