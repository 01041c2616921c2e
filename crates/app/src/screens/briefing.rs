//! The briefing: the setting, the person, what the file says, the objectives, the time.

use bevy::prelude::*;
use bevy_egui::EguiPrimaryContextPass;
use bevy_egui::egui::{self, Key, RichText};

use crate::play::{Action, Conversation, OpenScenario, Problems, Screen};
use crate::theme::ThemeSystems;
use crate::widgets;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        ui.run_if(in_state(Screen::Briefing))
            .after(ThemeSystems)
            .in_set(super::Drawing),
    );
}

fn ui(
    mut page: super::Page,
    open: Res<OpenScenario>,
    conversation: Res<Conversation>,
    problems: Res<Problems>,
) -> Result {
    let (ctx, mut root) = page.begin("Briefing", Some("Scenarios"), false)?;
    let size = page.settings.text_size;
    let palette = *page.palette;
    let actions = &mut page.actions;
    // The version in use: the one being played, the latest that passed the checker.
    let Some(scenario) = open.scenario() else {
        return Ok(());
    };
    let resuming = conversation.0.as_ref().is_some_and(|p| p.has_begun());
    let ended = conversation.0.as_ref().is_some_and(crate::Play::is_over);

    if widgets::pressed(&ctx, Key::Enter) {
        actions.write(Action::Begin);
    }

    egui::Panel::bottom("briefing-actions")
        .frame(widgets::action_bar(&palette, size))
        .show(&mut root, |ui| {
            widgets::column(ui, size * widgets::READING_EMS, |ui| {
                ui.horizontal(|ui| {
                    let label = if ended {
                        "Back to the debrief (Enter)"
                    } else if resuming {
                        "Carry on the conversation (Enter)"
                    } else {
                        "Begin the conversation (Enter)"
                    };
                    if widgets::primary_button(ui, label, &palette).clicked() {
                        actions.write(Action::Begin);
                    }
                    if resuming && ui.button("Start again").clicked() {
                        actions.write(Action::Restart);
                    }
                });
            });
        });

    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(palette.background).inner_margin(egui::Margin::same(16)))
        .show(&mut root, |ui| {
            widgets::page(ui, "briefing", |ui| {
                widgets::column(ui, size * widgets::READING_EMS, |ui| {
                    ui.add_space(size * 0.5);
                    ui.label(RichText::new(&scenario.title).heading().strong());
                    ui.horizontal_wrapped(|ui| {
                        widgets::chip(ui, scenario.kind.label(), palette.accent, &palette);
                        ui.label(RichText::new(format!("You are the {}", scenario.role.label())).color(palette.muted));
                    });
                    if let Some(problems) = &problems.0 {
                        ui.add_space(size * 0.5);
                        super::problems_panel(ui, &palette, problems, true);
                    }

                    widgets::heading(ui, "Setting", &palette);
                    ui.add(egui::Label::new(&scenario.setting).wrap());

                    widgets::heading(ui, "Time available", &palette);
                    match scenario.minutes {
                        Some(m) => ui.label(format!(
                            "{m} minutes. Each thing you say takes time; the appointment ends when the time runs out."
                        )),
                        None => ui.label("No fixed length for this appointment."),
                    };

                    // Only what the practitioner would know: the background is the author's
                    // character sheet, revealed in the debrief.
                    widgets::heading(ui, "You are meeting", &palette);
                    widgets::card(&palette, size).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(RichText::new(super::title::person_line(&scenario.person)).strong());
                    });

                    if !scenario.person.file_notes.is_empty() {
                        widgets::heading(ui, "What the file says", &palette);
                        widgets::note(
                            ui,
                            "Case records can be out of date, partial or unfair. Notice what you bring into the room.",
                            &palette,
                        );
                        for note in &scenario.person.file_notes {
                            widgets::bullet(ui, note, &palette);
                        }
                    }

                    if !scenario.objectives.is_empty() {
                        widgets::heading(ui, "Your objectives", &palette);
                        for objective in &scenario.objectives {
                            widgets::bullet(ui, objective, &palette);
                        }
                    }
                    if !scenario.credits.is_empty() {
                        ui.add_space(size);
                        let names: Vec<String> = scenario
                            .credits
                            .iter()
                            .map(|c| format!("{} ({})", c.name, c.contribution))
                            .collect();
                        widgets::note(ui, &format!("Written with: {}", names.join("; ")), &palette);
                    }
                    ui.add_space(size);
                });
            });
        });
    Ok(())
}
