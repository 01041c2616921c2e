//! The frame every screen shares: the top bar, the bar of actions, reading columns, cards,
//! chips, headings and buttons.

use bevy_egui::egui::{
    self, Align, Color32, CornerRadius, Frame, Layout, Margin, RichText, Stroke, Ui, vec2,
};

use crate::settings::{Settings, TEXT_SIZES};
use crate::theme::Palette;

/// Widest a column of running text should be, in multiples of the text size (about 75
/// characters a line).
pub const READING_EMS: f32 = 38.0;

/// The whole window as one `Ui` (egui 0.36 panels are shown inside a `Ui`).
pub fn root(ctx: &egui::Context) -> Ui {
    Ui::new(
        ctx.clone(),
        egui::Id::new("rapport-root"),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// What the top bar changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BarResult {
    /// Settings changed (remember them).
    pub settings_changed: bool,
    /// The trainee asked to go back.
    pub back: bool,
}

/// The bar at the top of every screen: where you are, and the comfort controls.
/// `back` labels the back button (Esc), if the screen has one.
pub fn top_bar(
    root: &mut Ui,
    palette: &Palette,
    settings: &mut Settings,
    crumb: &str,
    back: Option<&str>,
    show_learning: bool,
) -> BarResult {
    let mut result = BarResult::default();
    let size = settings.text_size;
    egui::Panel::top("top-bar")
        .frame(
            Frame::new()
                .fill(palette.card)
                .stroke(Stroke::new(1.0, palette.card_border))
                .inner_margin(Margin::symmetric((size * 1.0) as i8, (size * 0.5) as i8)),
        )
        .show(root, |ui| {
            // Wide enough for everything on one line, the settings on the right; otherwise
            // the settings go on a second line, so nothing overlaps at large text sizes.
            let one_line = ui.available_width() >= size * 52.0;
            let mut place = |ui: &mut Ui| {
                if let Some(label) = back
                    && ui
                        .button(format!("‹ {label}"))
                        .on_hover_text("Esc")
                        .clicked()
                {
                    result.back = true;
                }
                ui.label(RichText::new("Rapport").strong().color(palette.accent));
                if !crumb.is_empty() {
                    ui.label(RichText::new("›").color(palette.muted));
                    ui.label(RichText::new(crumb).color(palette.muted));
                }
            };
            if one_line {
                ui.horizontal(|ui| {
                    place(ui);
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        result.settings_changed =
                            settings_controls(ui, palette, settings, show_learning, true);
                    });
                });
            } else {
                ui.horizontal_wrapped(|ui| place(ui));
                ui.horizontal_wrapped(|ui| {
                    result.settings_changed =
                        settings_controls(ui, palette, settings, show_learning, false);
                });
            }
        });
    result
}

/// One control of the top bar's settings, drawn into a line.
type Control<'a> = dyn Fn(&mut Ui, &mut Settings) + 'a;

/// The comfort settings of the top bar: text size, high contrast and (on the conversation)
/// learning mode, in reading order, or reversed for a right-to-left layout. Whether a setting
/// changed.
fn settings_controls(
    ui: &mut Ui,
    palette: &Palette,
    settings: &mut Settings,
    show_learning: bool,
    right_to_left: bool,
) -> bool {
    let before = settings.clone();
    let mut steps: Vec<&Control<'_>> = Vec::new();
    // The separator sits between learning mode and the rest, whichever way the line runs.
    let learning = |ui: &mut Ui, settings: &mut Settings| {
        if right_to_left {
            ui.separator();
        }
        ui.checkbox(&mut settings.learning_mode, "Learning mode (F3)");
        if !right_to_left {
            ui.separator();
        }
    };
    let text = |ui: &mut Ui, _: &mut Settings| {
        ui.label(RichText::new("Text").color(palette.muted));
    };
    let smaller = |ui: &mut Ui, settings: &mut Settings| {
        if ui
            .add_enabled(
                settings.text_size > *TEXT_SIZES.start(),
                egui::Button::new("A−"),
            )
            .on_hover_text("Smaller text (Ctrl −)")
            .clicked()
        {
            settings.smaller();
        }
    };
    let larger = |ui: &mut Ui, settings: &mut Settings| {
        if ui
            .add_enabled(
                settings.text_size < *TEXT_SIZES.end(),
                egui::Button::new("A+"),
            )
            .on_hover_text("Larger text (Ctrl +)")
            .clicked()
        {
            settings.larger();
        }
    };
    let contrast = |ui: &mut Ui, settings: &mut Settings| {
        ui.checkbox(&mut settings.high_contrast, "High contrast (F2)");
    };
    if show_learning {
        steps.push(&learning);
    }
    steps.extend([
        &text as &dyn Fn(&mut Ui, &mut Settings),
        &smaller,
        &larger,
        &contrast,
    ]);
    if right_to_left {
        steps.reverse();
    }
    for step in steps {
        step(ui, settings);
    }
    *settings != before
}

/// A centred column no wider than `max_width`, for readable line lengths.
pub fn column<R>(ui: &mut Ui, max_width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    let available = ui.available_width();
    let width = available.min(max_width);
    let margin = ((available - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_width(width);
            add(ui)
        })
        .inner
    })
    .inner
}

/// The frame of the bar of actions along the bottom of a screen.
pub fn action_bar(palette: &Palette, size: f32) -> Frame {
    Frame::new()
        .fill(palette.card)
        .stroke(Stroke::new(1.0, palette.card_border))
        .inner_margin(Margin::same((size * 0.75) as i8))
}

/// A white card with a soft border.
pub fn card(palette: &Palette, size: f32) -> Frame {
    Frame::new()
        .fill(palette.card)
        .stroke(Stroke::new(
            if palette.high_contrast { 2.0 } else { 1.0 },
            palette.card_border,
        ))
        .corner_radius(CornerRadius::same(8))
        .inner_margin(Margin::same((size * 0.9) as i8))
}

/// A small coloured label, like a tag.
pub fn chip(ui: &mut Ui, text: &str, colour: Color32, palette: &Palette) {
    let (fill, fg) = if palette.high_contrast {
        (Color32::BLACK, colour)
    } else {
        (colour.gamma_multiply(0.14), colour)
    };
    Frame::new()
        .fill(fill)
        .stroke(Stroke::new(1.0, colour))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.label(RichText::new(text).color(fg).small().strong());
        });
}

/// A section heading with space above it.
pub fn heading(ui: &mut Ui, text: &str, palette: &Palette) {
    ui.add_space(ui.spacing().item_spacing.y * 2.0);
    ui.label(RichText::new(text).heading().color(palette.text).strong());
}

/// A muted line under a heading.
pub fn note(ui: &mut Ui, text: &str, palette: &Palette) {
    ui.label(RichText::new(text).color(palette.muted));
}

/// A bulleted paragraph that wraps under its own first line.
pub fn bullet(ui: &mut Ui, text: &str, palette: &Palette) {
    ui.horizontal_top(|ui| {
        ui.label(RichText::new("•").color(palette.accent));
        ui.add(egui::Label::new(text).wrap());
    });
}

/// A full-width button for a choice: its number, then the words, wrapped.
pub fn choice_button(ui: &mut Ui, number: usize, say: &str, palette: &Palette) -> egui::Response {
    let width = ui.available_width();
    let text = RichText::new(format!("{number}.  {say}")).color(palette.text);
    ui.add(
        egui::Button::new(text)
            .wrap()
            .min_size(vec2(width, 0.0))
            .fill(palette.card)
            .stroke(Stroke::new(
                if palette.high_contrast { 2.0 } else { 1.0 },
                palette.card_border,
            ))
            .corner_radius(CornerRadius::same(8)),
    )
}

/// A filled button in the accent colour for the screen's main action.
pub fn primary_button(ui: &mut Ui, text: &str, palette: &Palette) -> egui::Response {
    ui.add(
        egui::Button::new(RichText::new(text).color(palette.accent_text).strong())
            .fill(palette.accent)
            .corner_radius(CornerRadius::same(6)),
    )
}

/// A page that scrolls, with the keyboard too (PageUp/PageDown, Home/End, arrows, Space),
/// keeping the widget that takes focus with Tab in view.
pub fn page<R>(ui: &mut Ui, salt: &str, add_contents: impl FnOnce(&mut Ui) -> R) -> R {
    egui::ScrollArea::vertical()
        .id_salt(salt)
        .auto_shrink([false, false])
        .show(ui, |ui| {
            super::keyboard_scrolling(ui);
            let inner = add_contents(ui);
            super::keep_focus_in_view(ui);
            inner
        })
        .inner
}
