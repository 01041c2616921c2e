//! No CPU while the app waits for the trainee.
//!
//! `WinitSettings::desktop_app()` only runs a frame when something happens, but bevy_egui 0.42
//! keeps the loop awake by itself: every frame, `write_egui_input_system` pushes an
//! `egui::Event::ModifiersChanged` into egui's input whether or not a modifier key changed.
//! egui treats any input event as a reason to repaint (`InputState::wants_repaint_after`
//! returns zero), so it calls bevy_egui's repaint callback, which wakes the event loop, which
//! runs another frame, which pushes another `ModifiersChanged`: about 1.7 cores on this
//! machine's software renderer, for a window showing nothing new.
//!
//! The fix: after bevy_egui writes its input and before the egui pass begins, keep that event
//! only when the modifiers really changed (egui's input state remembers modifiers from pass to
//! pass, so dropping a repeat loses nothing). Clicks, keys and text still arrive as events and
//! repaint at once.
//!
//! Two smaller sources of wake-ups are switched off in [`super::theme`]: the blinking text
//! cursor and delayed tooltips (bevy_egui turns egui's *delayed* repaint requests into
//! immediate redraws).

use std::time::Instant;

use bevy::prelude::*;
use bevy_egui::egui;
use bevy_egui::{EguiInput, EguiPreUpdateSet};

pub(super) fn plugin(app: &mut App) {
    // `RAPPORT_EGUI_IDLE_FIX=off` leaves bevy_egui as it is, to measure the difference.
    let fix = std::env::var("RAPPORT_EGUI_IDLE_FIX").map_or(true, |v| v != "off");
    if fix {
        app.add_systems(
            PreUpdate,
            drop_unchanged_modifiers
                .after(EguiPreUpdateSet::ProcessInput)
                .before(EguiPreUpdateSet::BeginPass),
        );
    }
    app.add_systems(Last, report_first_frame);
}

/// When the process started, for the time-to-first-frame report.
#[derive(Resource, Debug, Clone, Copy)]
pub(super) struct Launched(pub Instant);

/// Drops the per-frame `ModifiersChanged` event unless the modifiers really changed.
pub fn drop_unchanged_modifiers(
    mut inputs: Query<&mut EguiInput>,
    mut last: Local<Option<egui::Modifiers>>,
) {
    for mut input in &mut inputs {
        let mut latest = None;
        input.events.retain(|event| match event {
            egui::Event::ModifiersChanged(m) => {
                latest = Some(*m);
                false
            }
            _ => true,
        });
        if let Some(modifiers) = latest
            && *last != Some(modifiers)
        {
            input.events.push(egui::Event::ModifiersChanged(modifiers));
            *last = Some(modifiers);
        }
    }
}

fn report_first_frame(
    launched: Option<Res<Launched>>,
    mut frames: Local<u32>,
    windows: Query<(), With<bevy::window::PrimaryWindow>>,
) {
    if *frames > 1 || windows.is_empty() {
        return;
    }
    *frames += 1;
    if *frames == 1
        && let Some(launched) = launched
    {
        info!("first frame after {} ms", launched.0.elapsed().as_millis());
    }
}
