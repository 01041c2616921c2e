//! Keys: the ones that work on every screen, and a screen's own keys (pressed only when no
//! text box has focus).

use bevy_egui::egui::{self, Key};

use crate::settings::Settings;

/// Keys that work on every screen: text size, high contrast, learning mode. Returns whether
/// settings changed.
pub fn global_keys(ctx: &egui::Context, settings: &mut Settings) -> bool {
    let before = settings.clone();
    ctx.input_mut(|i| {
        let ctrl = egui::Modifiers::COMMAND;
        if i.consume_key(ctrl, Key::Plus)
            || i.consume_key(ctrl, Key::Equals)
            || i.consume_key(ctrl | egui::Modifiers::SHIFT, Key::Equals)
        {
            settings.larger();
        }
        if i.consume_key(ctrl, Key::Minus) {
            settings.smaller();
        }
        if i.consume_key(egui::Modifiers::NONE, Key::F2) {
            settings.high_contrast = !settings.high_contrast;
        }
        if i.consume_key(egui::Modifiers::NONE, Key::F3) {
            settings.learning_mode = !settings.learning_mode;
        }
    });
    *settings != before
}

/// Whether a key was pressed with no modifiers and no text box has focus.
pub fn pressed(ctx: &egui::Context, key: Key) -> bool {
    if ctx.egui_wants_keyboard_input() {
        return false;
    }
    ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key))
}

/// The number key 1 to 9 pressed, if any (and no text box has focus).
pub fn number_pressed(ctx: &egui::Context) -> Option<usize> {
    const KEYS: [Key; 9] = [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
        Key::Num7,
        Key::Num8,
        Key::Num9,
    ];
    if ctx.egui_wants_keyboard_input() {
        return None;
    }
    KEYS.iter()
        .position(|k| ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, *k)))
}
