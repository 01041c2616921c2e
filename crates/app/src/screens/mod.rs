//! The screens: the scenario list, the briefing, the conversation and the debrief, one file
//! each. Each file's plugin registers its own systems, which run only in its [`Screen`]
//! state; this module composes them and holds what they share (the page frame and the
//! problems panel).
//!
//! Screens only draw and send [`Action`]s: play decides what happens.

mod briefing;
mod conversation;
mod debrief;
mod title;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::EguiContexts;
use bevy_egui::egui::{self, Key, Ui};

use crate::play::{Action, FileProblems};
use crate::settings::Settings;
use crate::theme::Palette;
use crate::widgets;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((
        title::plugin,
        briefing::plugin,
        conversation::plugin,
        debrief::plugin,
    ))
    .add_systems(bevy_egui::EguiPrimaryContextPass, focus_ring.after(Drawing));
}

/// The screens' drawing systems, so what is drawn over every screen comes after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
struct Drawing;

/// A thick ring round whatever has keyboard focus, on every screen and for every kind of
/// widget (links and folding headers included), above everything else: egui's own focus
/// look is too faint on filled buttons and absent on links.
fn focus_ring(mut contexts: EguiContexts, palette: Res<Palette>) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let Some(rect) = ctx
        .memory(|m| m.focused())
        .and_then(|id| ctx.read_response(id))
        .map(|r| r.interact_rect)
    else {
        return Ok(());
    };
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::new("rapport-focus-ring"),
    ));
    painter.rect_stroke(
        rect.expand(3.0),
        egui::CornerRadius::same(6),
        egui::Stroke::new(3.0, palette.text),
        egui::StrokeKind::Outside,
    );
    Ok(())
}

/// What every screen's drawing needs: egui, the settings, the palette and the actions.
#[derive(SystemParam)]
struct Page<'w, 's> {
    contexts: EguiContexts<'w, 's>,
    settings: ResMut<'w, Settings>,
    palette: Res<'w, Palette>,
    actions: MessageWriter<'w, Action>,
}

impl Page<'_, '_> {
    /// Starts a screen: global keys, the top bar, Esc for back. Returns egui's context and
    /// the window's root `Ui`.
    fn begin(
        &mut self,
        crumb: &str,
        back: Option<&str>,
        learning_toggle: bool,
    ) -> Result<(egui::Context, Ui)> {
        let ctx = self.contexts.ctx_mut()?.clone();
        // Widgets write through `&mut`; only a real change marks the settings for saving.
        let s = self.settings.bypass_change_detection();
        let mut changed = widgets::global_keys(&ctx, s);
        let mut root = widgets::root(&ctx);
        let bar = widgets::top_bar(&mut root, &self.palette, s, crumb, back, learning_toggle);
        changed |= bar.settings_changed;
        if changed {
            self.settings.set_changed();
        }
        if bar.back || widgets::pressed(&ctx, Key::Escape) {
            self.actions.write(Action::Back);
        }
        Ok((ctx, root))
    }
}

/// The checker's messages for a broken scenario file, in a red panel.
fn problems_panel(ui: &mut Ui, palette: &Palette, problems: &FileProblems, still_running: bool) {
    let file = &problems.file;
    let errors: Vec<_> = problems
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    egui::Frame::new()
        .fill(palette.error_fill)
        .stroke(egui::Stroke::new(2.0, palette.bad))
        .corner_radius(egui::CornerRadius::same(8))
        .inner_margin(egui::Margin::same(14))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(format!(
                    "{file} has {} problem{} to fix",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" }
                ))
                .strong()
                .color(palette.bad),
            );
            if still_running {
                widgets::note(
                    ui,
                    "The last good version keeps running. Save a fixed file and it loads at once.",
                    palette,
                );
            } else {
                widgets::note(
                    ui,
                    "A trainer needs to fix this file before it can be played (`rapport check` shows the same).",
                    palette,
                );
            }
            egui::ScrollArea::vertical()
                .id_salt("problems")
                .max_height(ui.text_style_height(&egui::TextStyle::Monospace) * 16.0)
                .show(ui, |ui| {
                    for d in errors {
                        ui.add_space(4.0);
                        ui.label(egui::RichText::new(d.render_unwrapped()).monospace().color(palette.text));
                    }
                });
        });
}
