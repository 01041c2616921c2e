//! The debrief: the ending, the two-axis chart, each skill's rating, the dials over the
//! conversation with the key moments marked, key moments and missed opportunities with their
//! feedback, the other chair, the evidence, and the reflection questions (saved with the
//! transcript).

use bevy::prelude::*;
use bevy_egui::EguiPrimaryContextPass;
use bevy_egui::egui::{self, Key, RichText};

use crate::assets::Framework;
use crate::play::{Action, Conversation, DataDir, Screen};
use crate::theme::ThemeSystems;
use crate::widgets;
use rapport_core::debrief::{MISSED_IN_FULL, TakeAwayKind};
use rapport_core::framework::Group;
use rapport_core::scoring::Rating;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        ui.run_if(in_state(Screen::Debrief))
            .after(ThemeSystems)
            .in_set(super::Drawing),
    );
}

fn ui(
    mut page: super::Page,
    mut conversation: ResMut<Conversation>,
    framework: Res<Framework>,
    data_dir: Res<DataDir>,
) -> Result {
    let (ctx, mut root) = page.begin("Debrief", Some("Conversation"), false)?;
    let size = page.settings.text_size;
    let palette = *page.palette;
    let actions = &mut page.actions;
    // Widgets write the reflections through `&mut`; nothing watches the conversation for changes.
    let Some(play) = conversation.bypass_change_detection().0.as_mut() else {
        return Ok(());
    };
    let saved = play.saved.clone();
    let Some((d, answers)) = play.debrief_and_answers() else {
        return Ok(());
    };
    let framework = &framework.0;
    let skill_name = |id: &str| {
        framework
            .skills
            .get(id)
            .map_or_else(|| id.replace('_', " "), |s| s.name.clone())
    };

    let ctrl_s = ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::S));
    if widgets::pressed(&ctx, Key::R) {
        actions.write(Action::Restart);
    }

    egui::Panel::bottom("debrief-actions")
        .frame(widgets::action_bar(&palette, size))
        .show(&mut root, |ui| {
            ui.horizontal_wrapped(|ui| {
                let answers = answers.clone();
                if widgets::primary_button(ui, "Save the transcript (Ctrl S)", &palette).clicked()
                    || ctrl_s
                {
                    actions.write(Action::Save(answers));
                }
                if ui.button("Play again (R)").clicked() {
                    actions.write(Action::Restart);
                }
                if ui.button("Choose another scenario").clicked() {
                    actions.write(Action::Home);
                }
                match &saved {
                    Some(Ok(path)) => {
                        ui.label(
                            RichText::new(format!("Saved to {}", path.display()))
                                .color(palette.good),
                        );
                    }
                    Some(Err(e)) => {
                        ui.label(RichText::new(e).color(palette.bad));
                    }
                    None => {
                        let place = data_dir.0.as_ref().map_or_else(
                            || "no data folder (use --data-dir)".to_string(),
                            |p| p.display().to_string(),
                        );
                        ui.label(RichText::new(format!("Saves to {place}")).color(palette.muted));
                    }
                }
            });
        });

    egui::CentralPanel::default()
        .frame(egui::Frame::new().fill(palette.background).inner_margin(egui::Margin::same(16)))
        .show(&mut root, |ui| {
            widgets::page(ui, "debrief", |ui| {
                widgets::column(ui, size * widgets::READING_EMS * 1.35, |ui| {
                    ui.add_space(size * 0.5);
                    // The ending.
                    ui.label(RichText::new(format!("Debrief: {}", d.title)).color(palette.muted));
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(d.ending_title.as_deref().unwrap_or("The conversation did not end"))
                                .heading()
                                .strong(),
                        );
                        if let Some(outcome) = d.outcome {
                            widgets::chip(ui, outcome.label(), palette.outcome(outcome), &palette);
                        }
                    });
                    if let Some(text) = &d.ending_narration {
                        ui.add(egui::Label::new(RichText::new(text).italics()).wrap());
                    }
                    let time = match d.minutes_available {
                        Some(available) => format!("{} of {available} minutes used.", d.minutes_used),
                        None => format!("{} minutes.", d.minutes_used),
                    };
                    let ran_out = if d.time_ran_out { " The time ran out." } else { "" };
                    widgets::note(ui, &format!("{} decisions. {time}{ran_out}", d.trajectory.len()), &palette);

                    // At most three things to take away, before any detail.
                    if !d.take_aways.is_empty() {
                        widgets::heading(ui, "To take away", &palette);
                        for t in &d.take_aways {
                            let (label, colour) = match t.kind {
                                TakeAwayKind::Strength => ("Strength", palette.good),
                                TakeAwayKind::Change => ("To change", palette.accent),
                                TakeAwayKind::Cost => ("Cost most", palette.bad),
                            };
                            widgets::card(&palette, size).stroke(egui::Stroke::new(2.0, colour)).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                ui.horizontal_wrapped(|ui| {
                                    widgets::chip(ui, label, colour, &palette);
                                    ui.label(RichText::new(&t.headline).strong());
                                });
                                ui.add(egui::Label::new(&t.detail).wrap());
                            });
                            ui.add_space(size * 0.4);
                        }
                    }

                    // Who the person is: the character sheet, kept from the briefing.
                    if !d.person_background.is_empty() {
                        widgets::heading(ui, &format!("Who {} is", d.person), &palette);
                        ui.add(egui::Label::new(&d.person_background).wrap());
                    }

                    // The two charts, side by side when there is room.
                    widgets::heading(ui, "How you worked", &palette);
                    let chart = (size * 17.0).min(ui.available_width());
                    let moments: Vec<(usize, bool)> =
                        d.key_moments.iter().map(|m| (m.step, m.weight > 0)).collect();
                    // Side by side only when both fit the column; otherwise one above the other.
                    let side_by_side = ui.available_width() >= chart * 2.0 + size;
                    let layout = if side_by_side {
                        egui::Layout::left_to_right(egui::Align::TOP)
                    } else {
                        egui::Layout::top_down(egui::Align::LEFT)
                    };
                    ui.with_layout(layout, |ui| {
                        ui.vertical(|ui| {
                            ui.set_width(chart);
                            ui.label(RichText::new("Relationship and structuring").strong());
                            widgets::quadrant_chart(ui, d.scores.relationship, d.scores.structuring, &palette, chart);
                            ui.label(format!(
                                "Relationship {} · Structuring {}",
                                score_text(d.scores.relationship),
                                score_text(d.scores.structuring)
                            ));
                        });
                        ui.add_space(size);
                        ui.vertical(|ui| {
                            let width = ui.available_width().min(chart * 1.6).max(chart.min(ui.available_width()));
                            ui.set_width(width);
                            ui.label(RichText::new(format!("How {} felt, decision by decision", d.person)).strong());
                            widgets::dial_plot(ui, &d.dials, &moments, &palette, egui::vec2(width, chart * 0.8));
                            widgets::dial_legend(ui, &d.dials, &palette);
                        });
                    });
                    widgets::note(
                        ui,
                        "The evidence says the most effective supervisors combine relationship skills with structuring skills (Raynor, Ugwudike and Vanstone 2014, in hmip-relational-practice).",
                        &palette,
                    );

                    // Skills.
                    widgets::heading(ui, "Skills", &palette);
                    widgets::note(ui, "Rated against the chances you had at the decisions you faced.", &palette);
                    for group in Group::ALL {
                        ui.add_space(size * 0.3);
                        ui.label(RichText::new(group.label()).strong());
                        // One row per skill: name and rating, then the detail, wrapped to the
                        // column (a grid would grow past it with the longer details).
                        for s in d.scores.skills.iter().filter(|s| s.group == group) {
                            let detail = if s.rating == Rating::NotApplicable {
                                "no chance to use it".to_string()
                            } else {
                                format!(
                                    "used {} of {} chance{} ({} of {} possible){}{}",
                                    s.used,
                                    s.opportunities,
                                    if s.opportunities == 1 { "" } else { "s" },
                                    s.achieved,
                                    s.possible,
                                    if s.pitfalls > 0 { format!(", undermined by a pitfall {} time(s)", s.pitfalls) } else { String::new() },
                                    if s.counter > 0 { format!(", worked against {} time(s)", s.counter) } else { String::new() }
                                )
                            };
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(skill_name(&s.skill)).strong());
                                widgets::chip(ui, s.rating.label(), palette.rating(s.rating), &palette);
                            });
                            ui.indent(("skill-detail", &s.skill), |ui| {
                                ui.add(egui::Label::new(RichText::new(detail).color(palette.muted)).wrap());
                            });
                            ui.add_space(size * 0.2);
                        }
                    }

                    // Key moments.
                    if !d.key_moments.is_empty() {
                        widgets::heading(ui, "Key moments", &palette);
                        for m in &d.key_moments {
                            let helpful = m.weight > 0;
                            let colour = if helpful { palette.good } else { palette.bad };
                            widgets::card(&palette, size).stroke(egui::Stroke::new(2.0, colour)).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                ui.horizontal_wrapped(|ui| {
                                    widgets::chip(ui, if helpful { "Helped" } else { "Harmed" }, colour, &palette);
                                    ui.label(RichText::new(format!("Decision {}", m.step + 1)).color(palette.muted));
                                    for (skill, w) in &m.skills {
                                        let c = if *w > 0 { palette.good } else { palette.bad };
                                        widgets::chip(ui, &format!("{} {:+}", skill_name(skill), w), c, &palette);
                                    }
                                });
                                ui.add(egui::Label::new(RichText::new(format!("“{}”", m.say)).italics()).wrap());
                                ui.add(egui::Label::new(&m.feedback).wrap());
                                if !m.dial_changes.is_empty() {
                                    let changes: Vec<String> =
                                        m.dial_changes.iter().map(|(k, v)| format!("{k} {v:+}")).collect();
                                    widgets::note(ui, &changes.join(", "), &palette);
                                }
                            });
                            ui.add_space(size * 0.4);
                        }
                    }

                    // Pitfalls.
                    if !d.pitfalls.is_empty() {
                        widgets::heading(ui, "Pitfalls you fell into", &palette);
                        for p in &d.pitfalls {
                            widgets::card(&palette, size).stroke(egui::Stroke::new(2.0, palette.bad)).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                ui.label(RichText::new(&p.name).strong());
                                ui.add(egui::Label::new(&p.description).wrap());
                                for m in &p.choices {
                                    ui.add(
                                        egui::Label::new(
                                            RichText::new(format!("Decision {}: “{}”", m.step + 1, m.say)).italics(),
                                        )
                                        .wrap(),
                                    );
                                }
                                ui.add(egui::Label::new(format!("Why it matters: {}", p.why)).wrap());
                                widgets::note(ui, &format!("Read: {} {}", p.source, p.section), &palette);
                            });
                            ui.add_space(size * 0.4);
                        }
                    }

                    // Missed opportunities: the costliest in full, the rest folded.
                    if !d.missed_opportunities.is_empty() {
                        widgets::heading(ui, "Missed opportunities", &palette);
                        let shown = d.missed_opportunities.len().min(MISSED_IN_FULL);
                        let (full, folded) = d.missed_opportunities.split_at(shown);
                        let card = |ui: &mut egui::Ui, m: &rapport_core::debrief::Missed| {
                            widgets::card(&palette, size).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                ui.label(RichText::new(format!("Decision {}", m.step + 1)).color(palette.muted));
                                ui.add(egui::Label::new(RichText::new(format!("You said: “{}”", m.chosen_say)).italics()).wrap());
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(format!("On offer: “{}”", m.better_say)).italics().color(palette.good),
                                    )
                                    .wrap(),
                                );
                                ui.add(egui::Label::new(&m.feedback).wrap());
                                if !m.evidence.is_empty() {
                                    widgets::note(ui, &format!("Read: {}", m.evidence.join(", ")), &palette);
                                }
                            });
                            ui.add_space(size * 0.4);
                        };
                        for m in full {
                            card(ui, m);
                        }
                        if !folded.is_empty() {
                            egui::CollapsingHeader::new(format!("{} smaller missed opportunities", folded.len()))
                                .id_salt("missed-folded")
                                .show(ui, |ui| {
                                    for m in folded {
                                        card(ui, m);
                                    }
                                });
                        }
                    }

                    // The other chair.
                    if !d.perspectives.is_empty() {
                        widgets::heading(ui, "From the other chair", &palette);
                        widgets::note(ui, &format!("How your words may have felt to {}.", d.person), &palette);
                        for p in &d.perspectives {
                            widgets::card(&palette, size).show(ui, |ui| {
                                ui.set_width(ui.available_width());
                                ui.add(egui::Label::new(RichText::new(format!("You: “{}”", p.say)).color(palette.muted)).wrap());
                                ui.add(egui::Label::new(RichText::new(&p.text).italics()).wrap());
                            });
                            ui.add_space(size * 0.3);
                        }
                    }

                    // Objectives, evidence.
                    if !d.objectives.is_empty() {
                        widgets::heading(ui, "The objectives were", &palette);
                        for o in &d.objectives {
                            widgets::bullet(ui, o, &palette);
                        }
                    }
                    if !d.evidence.is_empty() {
                        widgets::heading(ui, "The evidence", &palette);
                        for r in &d.evidence {
                            ui.add(egui::Label::new(RichText::new(&r.reference)).wrap());
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(format!("[{}]", r.id)).small().color(palette.muted));
                                ui.add(egui::Label::new(RichText::new(&r.note).color(palette.muted)).wrap());
                            });
                            if let Some(url) = &r.url {
                                ui.label(RichText::new(url).small().color(palette.accent));
                            }
                            ui.add_space(size * 0.4);
                        }
                    }

                    // Reflection.
                    if !d.reflection.is_empty() {
                        widgets::heading(ui, "Reflect", &palette);
                        widgets::note(ui, "Your answers are saved with the transcript, to take to supervision.", &palette);
                        {
                            answers.resize(d.reflection.len(), String::new());
                            for (i, question) in d.reflection.iter().enumerate() {
                                ui.add_space(size * 0.3);
                                let label = ui.add(egui::Label::new(RichText::new(question).strong()).wrap());
                                // A screen reader names the box by its question.
                                ui.add(
                                    egui::TextEdit::multiline(&mut answers[i])
                                        .id_salt(("reflection", i))
                                        .desired_rows(3)
                                        .desired_width(f32::INFINITY),
                                )
                                .labelled_by(label.id);
                            }
                        }
                    }
                    ui.add_space(size);
                });
            });
        });
    Ok(())
}

fn score_text(score: Option<f64>) -> String {
    score.map_or_else(|| "n/a".to_string(), |s| format!("{s:.0}/100"))
}
