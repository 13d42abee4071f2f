//! The moves the governments made (docs/model.md §4.2–§4.3): what each decided, and the
//! controls move the rare-earth squeeze reports for China.

use bevy_ecs::prelude::*;

use super::sides::Side;
use crate::model::strategy::{Move, Moves};

/// The moves a government decided this month. Owner: governments (decide); read by the
/// instruments' own mechanisms (control moves, soybean purchases), and — through
/// [`SqueezeMove::seen`] — by the other side's observation and by negotiation.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct LastMoves(pub Moves);

/// The controls move the rare-earth squeeze made for China this month, if it moved China's
/// stringency (an escalation when it starts, a de-escalation when it ends). Owner:
/// rare_earths (the squeeze step, every month); read by governments (observe) and
/// negotiation (defection), which see China's controls move as this one: it stands from the
/// squeeze step until the next month's decide step.
#[derive(Resource, Debug, Clone, Copy, Default)]
pub struct SqueezeMove(pub Option<Move>);

impl SqueezeMove {
    /// The moves of `side` as the other side sees them: the decided moves, with China's
    /// controls move replaced by the squeeze's when the squeeze moved this month.
    pub fn seen(&self, side: Side, decided: Moves) -> Moves {
        match (side, self.0) {
            (Side::China, Some(controls)) => Moves {
                controls,
                ..decided
            },
            _ => decided,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_squeeze_move_replaces_only_chinas_controls_move() {
        let decided = Moves {
            tariff: Move::DeEscalate,
            controls: Move::Hold,
            purchases: Move::Hold,
        };
        let squeeze = SqueezeMove(Some(Move::Escalate));
        let seen = squeeze.seen(Side::China, decided);
        assert_eq!(seen.controls, Move::Escalate);
        assert_eq!(seen.tariff, Move::DeEscalate);
        assert_eq!(squeeze.seen(Side::Us, decided).controls, Move::Hold);
        assert_eq!(
            SqueezeMove(None).seen(Side::China, decided).controls,
            Move::Hold
        );
    }
}
