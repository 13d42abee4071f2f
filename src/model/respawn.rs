//! Reusing a world between replicates: spawn a mechanism's agents, or write over the
//! components of the agents a previous replicate spawned, in the same order.

use bevy_ecs::component::Mutable;
use bevy_ecs::prelude::*;

/// Spawns `bundles`, or, in a reused world that already holds exactly as many entities
/// with the marker `M`, writes them over those entities' components in place, in table
/// order (so entity `i` of the query gets bundle `i`, as after a fresh spawn). `M` must
/// mark one kind of entity, all spawned with this bundle.
pub fn spawn_or_overwrite<M, B>(world: &mut World, bundles: Vec<B>)
where
    M: Component,
    B: Overwrite + Bundle<Effect: bevy_ecs::bundle::NoBundleEffect>,
{
    let mut existing = world.query_filtered::<Entity, With<M>>();
    let count = existing.iter(world).len();
    if count == bundles.len() {
        B::overwrite::<M>(world, bundles);
    } else {
        let stale: Vec<Entity> = existing.iter(world).collect();
        for e in stale {
            world.despawn(e);
        }
        world.spawn_batch(bundles);
    }
}

/// A bundle (a tuple of mutable components) that can be written over the components of
/// existing entities, column by column, without moving them between tables (cheaper than
/// `World::insert_batch`, which re-runs the bundle insertion for every entity).
pub trait Overwrite: Sized {
    /// Writes `bundles` over the entities with marker `M`, in query order (there must be
    /// as many bundles as entities).
    fn overwrite<M: Component>(world: &mut World, bundles: Vec<Self>);
}

/// Implements [`Overwrite`] for the tuple of the listed component types.
macro_rules! overwrite_tuple {
    ($($t:ident $i:tt),+) => {
        impl<$($t: Component<Mutability = Mutable>),+> Overwrite for ($($t,)+) {
            fn overwrite<M: Component>(world: &mut World, bundles: Vec<Self>) {
                let mut rows = world.query_filtered::<($(&mut $t,)+), With<M>>();
                for (mut row, bundle) in rows.iter_mut(world).zip(bundles) {
                    $(*row.$i.bypass_change_detection() = bundle.$i;)+
                }
            }
        }
    };
}

overwrite_tuple!(A 0, B 1);
overwrite_tuple!(A 0, B 1, C 2);
