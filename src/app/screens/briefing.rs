//! The briefing: the setting, the person, what the file says, the objectives, the time.

use bevy::prelude::*;
use bevy_egui::egui::{self, Key, RichText};

use crate::app::assets::ScenarioFile;
use crate::app::play::{Action, Current};
use crate::app::widgets;

pub(super) fn ui(
    mut page: super::Page,
    files: Res<Assets<ScenarioFile>>,
    current: Res<Current>,
) -> Result {
    let (ctx, mut root) = page.begin("Briefing", Some("Scenarios"), false)?;
    let size = page.settings.text_size;
    let palette = *page.palette;
    let actions = &mut page.actions;
    // While a conversation is under way the briefing shows the version being played.
    let scenario = match &current.play {
        Some(play) => Some(play.scenario.clone()),
        None => current
            .file
            .as_ref()
            .and_then(|h| files.get(h.id()))
            .and_then(|f| f.playable().cloned()),
    };
    let Some(scenario) = scenario else {
        return Ok(());
    };
    let resuming = current
        .play
        .as_ref()
        .is_some_and(|p| !p.session.trajectory().is_empty());

    if widgets::pressed(&ctx, Key::Enter) {
        actions.write(Action::Begin);
    }

    egui::Panel::bottom("briefing-actions")
        .frame(widgets::action_bar(&palette, size))
        .show(&mut root, |ui| {
            widgets::column(ui, size * widgets::READING_EMS, |ui| {
                ui.horizontal(|ui| {
                    let label = if resuming {
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
            egui::ScrollArea::vertical().id_salt("briefing").auto_shrink([false, false]).show(ui, |ui| {
                widgets::column(ui, size * widgets::READING_EMS, |ui| {
                    ui.add_space(size * 0.5);
                    ui.label(RichText::new(&scenario.title).heading().strong());
                    ui.horizontal_wrapped(|ui| {
                        widgets::chip(ui, scenario.kind.label(), palette.accent, &palette);
                        ui.label(RichText::new(format!("You are the {}", scenario.role.label())).color(palette.muted));
                    });
                    if let Some((file, diagnostics)) = &current.problems {
                        ui.add_space(size * 0.5);
                        super::problems_panel(ui, &palette, file, diagnostics, true);
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

                    widgets::heading(ui, "The person", &palette);
                    widgets::card(&palette, size).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(RichText::new(super::title::person_line(&scenario.person)).strong());
                        ui.add(egui::Label::new(&scenario.person.background).wrap());
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
