//! Reusing a world between replicates (docs/model.md §2): every mechanism spawns its
//! agents through [`spawn_or_overwrite`], which in a world that ran an earlier replicate
//! writes the new agents over the components of the old ones, in place and in the same
//! order, instead of despawning and spawning them.

use bevy_ecs::bundle::NoBundleEffect;
use bevy_ecs::component::Mutable;
use bevy_ecs::prelude::*;

/// The agents of one kind a mechanism spawns in a replicate's world.
pub trait Agents {
    /// How many agents.
    fn count(&self) -> usize;
    /// Spawns them in a world that holds none of their kind.
    fn spawn(self, world: &mut World);
    /// Writes them over the components of the [`Agents::count`] entities with marker `M`
    /// of a reused world, without moving those entities between tables, so that agent `i`
    /// of the query order is the `i`-th agent, as after a fresh spawn.
    fn overwrite<M: Component>(self, world: &mut World);
}

/// Spawns `agents`, or, in a reused world that already holds exactly as many entities
/// with the marker `M`, writes them over those entities in place (see [`Agents`]);
/// otherwise despawns the old ones first. `M` must mark one kind of entity, all spawned as
/// `agents` are. Entities are never added to a world that already holds enough, so a world
/// does not grow however many replicates it runs.
pub fn spawn_or_overwrite<M: Component, A: Agents>(world: &mut World, agents: A) {
    let mut existing = world.query_filtered::<Entity, With<M>>();
    let count = existing.iter(world).len();
    if count == agents.count() {
        agents.overwrite::<M>(world);
    } else {
        let stale: Vec<Entity> = existing.iter(world).collect();
        for e in stale {
            world.despawn(e);
        }
        agents.spawn(world);
    }
}

/// Implements [`Agents`] for a `Vec` of bundles that are tuples of the listed component
/// types: the overwrite writes row by row through a query of those components (cheaper
/// than `World::insert_batch`, which re-runs the bundle insertion for every entity).
macro_rules! agents_tuple {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Component<Mutability = Mutable>),+> Agents for Vec<($($t,)+)>
        where
            ($($t,)+): Bundle<Effect: NoBundleEffect>,
        {
            fn count(&self) -> usize {
                self.len()
            }

            fn spawn(self, world: &mut World) {
                world.spawn_batch(self);
            }

            fn overwrite<M: Component>(self, world: &mut World) {
                let mut rows = world.query_filtered::<($(&mut $t,)+), With<M>>();
                for (mut row, bundle) in rows.iter_mut(world).zip(self) {
                    $(*row.$i.bypass_change_detection() = bundle.$i;)+
                }
            }
        }
    };
}

agents_tuple!(A 0, B 1);
agents_tuple!(A 0, B 1, C 2);
