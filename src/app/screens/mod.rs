//! The screens, as Bevy [`States`]: the scenario list, the briefing, the conversation and the
//! debrief. Each screen's drawing lives in its own file and runs only in its state.

mod briefing;
mod conversation;
mod debrief;
mod title;

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::egui::{self, Key, Ui};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::play::Action;
use super::settings::Settings;
use super::theme::{Palette, ThemeSystems};
use super::widgets;

/// Where the trainee is.
#[derive(States, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Every scenario in the folder, as cards.
    #[default]
    Title,
    /// The setting, the person, the file, the objectives, the time available.
    Briefing,
    /// The conversation itself.
    Conversation,
    /// How it went.
    Debrief,
}

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
}

/// The drawing of every screen (needs a window and bevy_egui).
pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        (
            title::ui.run_if(in_state(Screen::Title)),
            briefing::ui.run_if(in_state(Screen::Briefing)),
            conversation::ui.run_if(in_state(Screen::Conversation)),
            debrief::ui.run_if(in_state(Screen::Debrief)),
        )
            .after(ThemeSystems),
    );
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
fn problems_panel(
    ui: &mut Ui,
    palette: &Palette,
    file: &str,
    diagnostics: &[crate::diagnostic::Diagnostic],
    still_running: bool,
) {
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
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
