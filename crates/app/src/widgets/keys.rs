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

/// Scrolls the scroll area whose content `ui` is with the keyboard, as a reader expects:
/// PageUp/PageDown, Home/End always (when no text box has focus), and the arrows and Space
/// (Shift+Space up) when nothing has focus: a focused button takes Space, and the arrows move
/// focus between widgets. Call it first thing inside the scroll area.
pub fn keyboard_scrolling(ui: &egui::Ui) {
    let ctx = ui.ctx().clone();
    if ctx.egui_wants_keyboard_input() {
        return;
    }
    let page = ui.clip_rect().height() * 0.85;
    let line = ui.text_style_height(&egui::TextStyle::Body) * 3.0;
    // Far enough to reach either end; the scroll area clamps it.
    const ALL_THE_WAY: f32 = 1.0e7;
    let nothing_focused = ctx.memory(|m| m.focused().is_none());
    let none = egui::Modifiers::NONE;
    let dy = ctx.input_mut(|i| {
        let mut dy = 0.0;
        if i.consume_key(none, Key::PageDown) {
            dy -= page;
        }
        if i.consume_key(none, Key::PageUp) {
            dy += page;
        }
        if i.consume_key(none, Key::End) {
            dy -= ALL_THE_WAY;
        }
        if i.consume_key(none, Key::Home) {
            dy += ALL_THE_WAY;
        }
        if nothing_focused {
            if i.consume_key(egui::Modifiers::SHIFT, Key::Space) {
                dy += page;
            }
            if i.consume_key(none, Key::Space) {
                dy -= page;
            }
            if i.consume_key(none, Key::ArrowDown) {
                dy -= line;
            }
            if i.consume_key(none, Key::ArrowUp) {
                dy += line;
            }
        }
        dy
    });
    if dy != 0.0 {
        ui.scroll_with_delta_animation(egui::vec2(0.0, dy), egui::style::ScrollAnimation::none());
    }
}

/// Brings the widget that just took keyboard focus (Tab) into view in the scroll area whose
/// content `ui` is: egui moves focus without scrolling. Call it last thing inside the area.
pub fn keep_focus_in_view(ui: &egui::Ui) {
    let ctx = ui.ctx().clone();
    let focused = ctx.memory(|m| m.focused());
    let key = ui.id().with("rapport-last-focus");
    let last: Option<egui::Id> = ctx.data(|d| d.get_temp(key)).flatten();
    if focused == last {
        return;
    }
    ctx.data_mut(|d| d.insert_temp(key, focused));
    if let Some(rect) = focused.and_then(|id| ctx.read_response(id)).map(|r| r.rect)
        && !ui.clip_rect().contains_rect(rect)
    {
        ui.scroll_to_rect_animation(rect, None, egui::style::ScrollAnimation::none());
    }
}
