//! The conversation: what happens and what the person says, how they seem, the transcript so
//! far, the choices (mouse or keys 1 to 9), the appointment clock, and in learning mode the
//! person's dials.

use bevy::prelude::*;
use bevy_egui::EguiPrimaryContextPass;
use bevy_egui::egui::{self, Key, RichText};

use crate::play::{Action, Conversation, Notice, Now, OpenScenario, Problems, Screen};
use crate::theme::{Palette, ThemeSystems};
use crate::widgets;
use rapport_core::runtime::{Line, Speaker};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        ui.run_if(in_state(Screen::Conversation))
            .after(ThemeSystems)
            .in_set(super::Drawing),
    );
}

fn ui(
    mut page: super::Page,
    open: Res<OpenScenario>,
    conversation: Res<Conversation>,
    problems: Res<Problems>,
    notice: Res<Notice>,
) -> Result {
    let (ctx, mut root) = page.begin("Conversation", Some("Briefing"), true)?;
    let size = page.settings.text_size;
    let learning = page.settings.learning_mode;
    let palette = *page.palette;
    let actions = &mut page.actions;
    let (Some(play), Some(scenario)) = (&conversation.0, open.scenario()) else {
        return Ok(());
    };
    let now = play.now();

    // Keys: 1 to 9 choose; Enter goes on to the debrief once it has ended.
    match &now {
        Now::Deciding { choices, .. } => {
            if let Some(n) = widgets::number_pressed(&ctx)
                && let Some(choice) = choices.get(n)
            {
                actions.write(Action::Choose(choice.id.to_string()));
            }
        }
        Now::Ended { .. } => {
            if widgets::pressed(&ctx, Key::Enter) {
                actions.write(Action::ShowDebrief);
            }
        }
    }

    // At large text sizes the panels must leave the transcript room: the person panel takes
    // at most 38% of the width, the choices at most 55% of the height (they scroll).
    let screen = ctx.content_rect();
    // The person, how they seem, the clock, and (learning mode) the dials.
    egui::Panel::right("person")
        .resizable(false)
        .exact_size((size * 16.0).min(screen.width() * 0.38))
        .frame(
            egui::Frame::new()
                .fill(palette.panel)
                .stroke(egui::Stroke::new(1.0, palette.card_border))
                .inner_margin(egui::Margin::same((size * 0.9) as i8)),
        )
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().id_salt("person-panel").show(ui, |ui| {
                let mood = match &now {
                    Now::Deciding { mood, .. } => Some(*mood),
                    Now::Ended { mood, .. } => *mood,
                };
                ui.vertical_centered(|ui| {
                    if let Some(mood) = mood {
                        widgets::mood_face(ui, mood, &palette, size * 5.0);
                    }
                    ui.label(RichText::new(super::title::person_line(&scenario.person)).strong());
                    if let Some(mood) = mood {
                        widgets::chip(ui, &format!("Seems {}", mood.label().to_lowercase()), palette.mood(mood), &palette);
                    }
                });
                if let Now::Deciding { stage, .. } = &now {
                    ui.add_space(size * 0.4);
                    ui.label(RichText::new(format!("Stage: {}", stage.label())).color(palette.muted));
                }
                if let Some(available) = scenario.minutes {
                    ui.add_space(size * 0.6);
                    ui.label(RichText::new("Appointment").strong());
                    widgets::clock(ui, play.minutes_used(), available, &palette);
                }
                ui.add_space(size * 0.6);
                ui.separator();
                if learning {
                    ui.label(RichText::new("Inside their head (learning mode)").strong());
                    for (k, (name, value)) in play.dials().into_iter().enumerate() {
                        let colour = palette.dial_colours[k % palette.dial_colours.len()];
                        widgets::dial_bar(ui, &name, value, colour, &palette);
                    }
                    let flags = play.flags();
                    if !flags.is_empty() {
                        ui.add_space(size * 0.3);
                        ui.label(RichText::new("Things that have happened").color(palette.muted));
                        for flag in flags {
                            ui.label(RichText::new(flag.replace('_', " ")).small());
                        }
                    }
                } else {
                    widgets::note(
                        ui,
                        &format!(
                            "You cannot see inside {}'s head. Learning mode (F3) shows how they feel as you go.",
                            scenario.person.name
                        ),
                        &palette,
                    );
                }
            });
        });

    // What the trainee can say (or where to go once it has ended).
    egui::Panel::bottom("choices")
        .frame(widgets::action_bar(&palette, size))
        .resizable(false)
        .max_size(screen.height() * 0.55)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("choices")
                .auto_shrink([false, true])
                .max_height(screen.height() * 0.5)
                .min_scrolled_height(screen.height() * 0.4)
                .show(ui, |ui| {
                    widgets::column(ui, size * widgets::READING_EMS * 1.1, |ui| {
                        if let Some(notice) = &notice.0 {
                            let colour = if notice.is_error {
                                palette.bad
                            } else {
                                palette.good
                            };
                            ui.add(
                                egui::Label::new(RichText::new(&notice.text).color(colour)).wrap(),
                            );
                            ui.add_space(size * 0.3);
                        }
                        match &now {
                            Now::Deciding { choices, .. } => {
                                ui.label(RichText::new("What do you say?").strong());
                                for (i, choice) in choices.iter().enumerate() {
                                    let number = i + 1;
                                    let response =
                                        widgets::choice_button(ui, number, choice.say, &palette);
                                    if response.clicked() {
                                        actions.write(Action::Choose(choice.id.to_string()));
                                    }
                                }
                            }
                            Now::Ended { title, outcome, .. } => {
                                ui.horizontal_wrapped(|ui| {
                                    ui.label(
                                        RichText::new(format!(
                                            "The conversation has ended: {title}"
                                        ))
                                        .strong(),
                                    );
                                    widgets::chip(
                                        ui,
                                        outcome.label(),
                                        palette.outcome(*outcome),
                                        &palette,
                                    );
                                });
                                ui.horizontal(|ui| {
                                    if widgets::primary_button(
                                        ui,
                                        "See the debrief (Enter)",
                                        &palette,
                                    )
                                    .clicked()
                                    {
                                        actions.write(Action::ShowDebrief);
                                    }
                                    if ui.button("Start again").clicked() {
                                        actions.write(Action::Restart);
                                    }
                                });
                            }
                        }
                        // A trainer's broken edit: after the choices, so play goes on (the
                        // notice above says what happened; the details are below).
                        if let Some(problems) = &problems.0 {
                            ui.add_space(size * 0.5);
                            super::problems_panel(ui, &palette, problems, true);
                        }
                    });
                });
        });

    // The transcript so far, newest at the bottom.
    egui::CentralPanel::default()
        .frame(
            egui::Frame::new()
                .fill(palette.background)
                .inner_margin(egui::Margin::same(16)),
        )
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("transcript")
                .stick_to_bottom(true)
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    widgets::column(ui, size * widgets::READING_EMS, |ui| {
                        ui.add_space(size * 0.5);
                        ui.label(RichText::new(&scenario.title).heading().strong());
                        widgets::note(ui, &scenario.setting, &palette);
                        ui.add_space(size * 0.5);
                        for line in play.lines() {
                            transcript_line(ui, line, &scenario.person.name, &palette, size);
                        }
                        ui.add_space(size);
                    });
                });
        });
    Ok(())
}

fn transcript_line(ui: &mut egui::Ui, line: &Line, person: &str, palette: &Palette, size: f32) {
    let bubble = |fill: egui::Color32| {
        egui::Frame::new()
            .fill(fill)
            .stroke(egui::Stroke::new(
                if palette.high_contrast { 2.0 } else { 1.0 },
                palette.card_border,
            ))
            .corner_radius(egui::CornerRadius::same(10))
            .inner_margin(egui::Margin::symmetric(
                (size * 0.8) as i8,
                (size * 0.5) as i8,
            ))
    };
    match line.speaker {
        Speaker::Narrator => {
            ui.add_space(size * 0.2);
            ui.add(
                egui::Label::new(RichText::new(&line.text).italics().color(palette.muted)).wrap(),
            );
            ui.add_space(size * 0.2);
        }
        Speaker::Person => {
            ui.label(RichText::new(person).small().strong().color(palette.muted));
            bubble(palette.person_bubble).show(ui, |ui| {
                ui.set_max_width(ui.available_width() * 0.9);
                ui.add(egui::Label::new(RichText::new(&line.text).color(palette.text)).wrap());
            });
            ui.add_space(size * 0.3);
        }
        Speaker::Trainee => {
            ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
                ui.label(RichText::new("You").small().strong().color(palette.muted));
                bubble(palette.trainee_bubble).show(ui, |ui| {
                    ui.set_max_width(ui.available_width() * 0.9);
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        ui.add(
                            egui::Label::new(RichText::new(&line.text).color(palette.text)).wrap(),
                        );
                    });
                });
            });
            ui.add_space(size * 0.3);
        }
    }
}
