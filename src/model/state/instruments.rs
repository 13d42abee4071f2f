//! The governments' policy instruments (docs/model.md §3 "Governments", §4.3): a bounded
//! lever, and the tariff and control components built on it.

use bevy_ecs::prelude::*;

use crate::config::InstrumentConfig;
use crate::model::strategy::Move;

/// A policy lever with a level, a no-conflict reference, a step and bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instrument {
    /// Current level.
    pub level: f64,
    /// No-conflict reference level.
    pub reference: f64,
    /// Change per escalation/de-escalation.
    pub step: f64,
    /// Lowest allowed level.
    pub floor: f64,
    /// Highest allowed level.
    pub ceiling: f64,
}

impl Instrument {
    /// Applies one move: up, down or hold by one step, within bounds.
    pub fn apply(&mut self, mv: Move) {
        let level = self.level + self.step * f64::from(mv.sign());
        // Snap to 1e-9 so repeated steps do not leave binary noise (0.4 − 4 × 0.1 ≠ 0).
        self.level = ((level * 1e9).round() / 1e9).clamp(self.floor, self.ceiling);
    }

    /// How far above its reference the instrument stands, as a share of its room (0..1).
    pub fn leverage(&self) -> f64 {
        let room = self.ceiling - self.reference;
        if room <= 0.0 {
            0.0
        } else {
            ((self.level - self.reference) / room).clamp(0.0, 1.0)
        }
    }
}

impl From<&InstrumentConfig> for Instrument {
    fn from(c: &InstrumentConfig) -> Self {
        Instrument {
            level: c.initial,
            reference: c.reference,
            step: c.step,
            floor: c.floor,
            ceiling: c.ceiling,
        }
    }
}

/// Average tariff on the other side's goods (fraction, 0.55 = 55%). Owner: governments
/// (tariff moves); negotiation applies deal cuts, threats and snapbacks. Read by trade,
/// exporters, welfare and the recorder.
#[derive(Component, Debug, Clone, Copy)]
pub struct Tariff(pub Instrument);

/// US tech export-control stringency (0..1: share of Chinese tech buyers covered;
/// docs/model.md §4.9), on the US government. Installed by tech_controls; moved by
/// governments (control moves) and negotiation (deal suspensions). Read by tech_controls,
/// governments and welfare.
#[derive(Component, Debug, Clone, Copy)]
pub struct ExportControls(pub Instrument);

/// China's rare-earth licensing stringency (0..1: share of licence requests denied or
/// delayed a month; docs/model.md §4.8), on the Chinese government. Installed by
/// rare_earths; moved by governments (control moves), negotiation (deal pauses) and the
/// rare-earth squeeze. Read by rare_earths, governments and welfare.
#[derive(Component, Debug, Clone, Copy)]
pub struct RareEarthStringency(pub Instrument);

/// Query data for a government's control instruments (each side has one of the two).
pub type Controls = (
    Option<&'static ExportControls>,
    Option<&'static RareEarthStringency>,
);

/// A side's control stringency: tech controls for the US, rare-earth licensing for China.
pub fn controls_level(
    tech: Option<&ExportControls>,
    rare_earths: Option<&RareEarthStringency>,
) -> f64 {
    tech.map(|c| c.0.level)
        .or(rare_earths.map(|c| c.0.level))
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instrument_moves_by_step_within_bounds() {
        let mut i = Instrument {
            level: 0.55,
            reference: 0.2,
            step: 0.1,
            floor: 0.1,
            ceiling: 0.6,
        };
        i.apply(Move::Escalate);
        assert!((i.level - 0.6).abs() < 1e-12, "clamped at ceiling");
        i.apply(Move::DeEscalate);
        assert!((i.level - 0.5).abs() < 1e-12);
        i.apply(Move::Hold);
        assert!((i.level - 0.5).abs() < 1e-12);
        assert!((i.leverage() - 0.75).abs() < 1e-12);
    }
}
