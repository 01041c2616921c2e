//! The title screen: every scenario in the folder as a card.

use bevy::asset::LoadState;
use bevy::prelude::*;
use bevy_egui::EguiPrimaryContextPass;
use bevy_egui::egui::{self, RichText};

use crate::assets::{Library, ScenarioFile};
use crate::play::{Action, Problems, Screen};
use crate::theme::{Palette, ThemeSystems};
use crate::widgets;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        ui.run_if(in_state(Screen::Title))
            .after(ThemeSystems)
            .in_set(super::Drawing),
    );
}

fn ui(
    mut page: super::Page,
    library: Res<Library>,
    files: Res<Assets<ScenarioFile>>,
    server: Res<AssetServer>,
    problems: Res<Problems>,
) -> Result {
    let (ctx, mut root) = page.begin("Scenarios", None, false)?;
    let size = page.settings.text_size;
    let palette = *page.palette;
    let actions = &mut page.actions;

    if let Some(n) = widgets::number_pressed(&ctx)
        && let Some(handle) = library.files.get(n)
    {
        actions.write(Action::Open(handle.id()));
    }

    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(palette.background).inner_margin(egui::Margin::same(16)))
        .show(&mut root, |ui| {
            widgets::page(ui, "title", |ui| {
                widgets::column(ui, size * widgets::READING_EMS * 1.15, |ui| {
                    ui.add_space(size);
                    ui.label(RichText::new("Practise the conversations of probation supervision").heading().strong());
                    widgets::note(
                        ui,
                        "Choose a scenario. Read the briefing, hold the conversation, then look back at it in the debrief. \
                         Keys: 1–9 open a scenario or pick a choice, Esc goes back, Tab moves between buttons.",
                        &palette,
                    );
                    ui.add_space(size * 0.5);
                    if let Some(problems) = &problems.0 {
                        super::problems_panel(ui, &palette, problems, false);
                        ui.add_space(size * 0.5);
                    }
                    if let Some(error) = &library.error {
                        ui.label(RichText::new(error).color(palette.bad));
                    }
                    if library.files.is_empty() && library.error.is_none() {
                        widgets::note(ui, "There are no scenario files (.ron) in the scenarios folder.", &palette);
                    }
                    for (i, handle) in library.files.iter().enumerate() {
                        let file = files.get(handle.id());
                        let state = server.load_state(handle.id());
                        card(ui, i + 1, handle, file, &state, &palette, size, actions);
                        ui.add_space(size * 0.6);
                    }
                });
            });
        });
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn card(
    ui: &mut egui::Ui,
    number: usize,
    handle: &Handle<ScenarioFile>,
    file: Option<&ScenarioFile>,
    state: &LoadState,
    palette: &Palette,
    size: f32,
    actions: &mut MessageWriter<Action>,
) {
    let name = handle
        .path()
        .map(|p| p.path().display().to_string())
        .unwrap_or_default();
    widgets::card(palette, size).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match (file, state) {
            (Some(file), _) => match file.scenario() {
                Some(s) => {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!("{number}"))
                                .color(palette.muted)
                                .strong(),
                        );
                        ui.label(RichText::new(&s.title).heading().strong());
                    });
                    ui.horizontal_wrapped(|ui| {
                        widgets::chip(ui, s.kind.label(), palette.accent, palette);
                        widgets::chip(ui, s.role.label(), palette.neutral, palette);
                        let length = match s.minutes {
                            Some(m) => format!("{m} minute appointment"),
                            None => "No fixed time".to_string(),
                        };
                        widgets::chip(ui, &length, palette.neutral, palette);
                    });
                    ui.label(
                        RichText::new(person_line(&s.person))
                            .strong()
                            .color(palette.text),
                    );
                    ui.add(egui::Label::new(RichText::new(&s.summary).color(palette.text)).wrap());
                    ui.add_space(size * 0.3);
                    if widgets::primary_button(
                        ui,
                        &format!("Read the briefing ({number})"),
                        palette,
                    )
                    .clicked()
                    {
                        actions.write(Action::Open(handle.id()));
                    }
                }
                None => {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!("{number}"))
                                .color(palette.muted)
                                .strong(),
                        );
                        ui.label(RichText::new(&name).heading().strong());
                        widgets::chip(
                            ui,
                            &format!("{} error(s): needs fixing", file.errors()),
                            palette.bad,
                            palette,
                        );
                    });
                    widgets::note(
                        ui,
                        "This file does not pass the checker, so it cannot be played yet.",
                        palette,
                    );
                    if ui.button(format!("Show the problems ({number})")).clicked() {
                        actions.write(Action::Open(handle.id()));
                    }
                }
            },
            (None, LoadState::Failed(e)) => {
                ui.label(RichText::new(&name).heading().strong());
                ui.label(
                    RichText::new(format!("Could not read this file: {e}")).color(palette.bad),
                );
            }
            (None, _) => {
                ui.label(RichText::new(&name).heading().strong());
                widgets::note(ui, "Loading…", palette);
            }
        }
    });
}

/// "Kez, 31 (she/her)".
pub(crate) fn person_line(person: &rapport_core::model::Person) -> String {
    let mut line = person.name.clone();
    if let Some(age) = person.age {
        line.push_str(&format!(", {age}"));
    }
    if let Some(pronouns) = &person.pronouns {
        line.push_str(&format!(" ({pronouns})"));
    }
    line
}
