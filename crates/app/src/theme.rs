//! The look: a calm light theme and a high-contrast one, text sizes from [`Settings`].

use bevy::prelude::*;
use bevy_egui::egui::{self, Color32, FontFamily, FontId, Stroke, TextStyle};
use bevy_egui::{EguiContexts, EguiPrimaryContextPass};

use super::settings::Settings;
use rapport_core::model::{Mood, Outcome};
use rapport_core::scoring::Rating;

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(Palette::light())
        .add_systems(EguiPrimaryContextPass, apply_theme.in_set(ThemeSystems));
}

/// Runs before the screens draw.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ThemeSystems;

/// The colours the screens draw with.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub high_contrast: bool,
    pub background: Color32,
    pub panel: Color32,
    pub card: Color32,
    pub card_border: Color32,
    pub text: Color32,
    pub muted: Color32,
    pub accent: Color32,
    pub accent_text: Color32,
    pub trainee_bubble: Color32,
    pub person_bubble: Color32,
    pub good: Color32,
    pub mixed: Color32,
    pub bad: Color32,
    pub neutral: Color32,
    pub error_fill: Color32,
    pub dial_colours: [Color32; 6],
}

impl Palette {
    /// The everyday theme.
    pub fn light() -> Palette {
        Palette {
            high_contrast: false,
            background: Color32::from_rgb(0xF3, 0xF2, 0xEE),
            panel: Color32::from_rgb(0xFA, 0xF9, 0xF6),
            card: Color32::WHITE,
            card_border: Color32::from_rgb(0xD5, 0xD2, 0xCA),
            text: Color32::from_rgb(0x22, 0x25, 0x2B),
            muted: Color32::from_rgb(0x5E, 0x63, 0x6E),
            accent: Color32::from_rgb(0x1F, 0x5F, 0x8B),
            accent_text: Color32::WHITE,
            trainee_bubble: Color32::from_rgb(0xE3, 0xEE, 0xF7),
            person_bubble: Color32::WHITE,
            good: Color32::from_rgb(0x2E, 0x7D, 0x4F),
            mixed: Color32::from_rgb(0xB2, 0x6B, 0x00),
            bad: Color32::from_rgb(0xB3, 0x26, 0x1E),
            neutral: Color32::from_rgb(0x6B, 0x70, 0x7A),
            error_fill: Color32::from_rgb(0xFB, 0xEA, 0xE8),
            dial_colours: [
                Color32::from_rgb(0x1F, 0x5F, 0x8B),
                Color32::from_rgb(0xC0, 0x6C, 0x00),
                Color32::from_rgb(0x2E, 0x7D, 0x4F),
                Color32::from_rgb(0x8E, 0x3B, 0x8E),
                Color32::from_rgb(0xB3, 0x26, 0x1E),
                Color32::from_rgb(0x4A, 0x4A, 0x4A),
            ],
        }
    }

    /// Black background, white text, yellow focus: for low vision and bright rooms.
    pub fn high_contrast() -> Palette {
        Palette {
            high_contrast: true,
            background: Color32::BLACK,
            panel: Color32::BLACK,
            card: Color32::from_rgb(0x10, 0x10, 0x10),
            card_border: Color32::WHITE,
            text: Color32::WHITE,
            muted: Color32::from_rgb(0xE0, 0xE0, 0xE0),
            accent: Color32::from_rgb(0xFF, 0xE0, 0x00),
            accent_text: Color32::BLACK,
            trainee_bubble: Color32::from_rgb(0x00, 0x24, 0x40),
            person_bubble: Color32::from_rgb(0x10, 0x10, 0x10),
            good: Color32::from_rgb(0x5C, 0xFF, 0x8A),
            mixed: Color32::from_rgb(0xFF, 0xC8, 0x3D),
            bad: Color32::from_rgb(0xFF, 0x7A, 0x70),
            neutral: Color32::from_rgb(0xD0, 0xD0, 0xD0),
            error_fill: Color32::from_rgb(0x40, 0x00, 0x00),
            dial_colours: [
                Color32::from_rgb(0x6C, 0xC8, 0xFF),
                Color32::from_rgb(0xFF, 0xC8, 0x3D),
                Color32::from_rgb(0x5C, 0xFF, 0x8A),
                Color32::from_rgb(0xFF, 0x8C, 0xFF),
                Color32::from_rgb(0xFF, 0x7A, 0x70),
                Color32::WHITE,
            ],
        }
    }

    /// A mood's colour: warm tones for open, cool greys for guarded, red for hostile.
    pub fn mood(&self, mood: Mood) -> Color32 {
        match mood {
            Mood::Warm => self.good,
            Mood::Open => {
                if self.high_contrast {
                    Color32::from_rgb(0x6C, 0xC8, 0xFF)
                } else {
                    Color32::from_rgb(0x2F, 0x8F, 0x9D)
                }
            }
            Mood::Neutral => self.neutral,
            Mood::Guarded => self.mixed,
            Mood::Distressed => {
                if self.high_contrast {
                    Color32::from_rgb(0xFF, 0x8C, 0xFF)
                } else {
                    Color32::from_rgb(0x7E, 0x4A, 0x9E)
                }
            }
            Mood::Hostile => self.bad,
        }
    }

    /// An outcome's colour.
    pub fn outcome(&self, outcome: Outcome) -> Color32 {
        match outcome {
            Outcome::Positive => self.good,
            Outcome::Mixed => self.mixed,
            Outcome::Negative => self.bad,
        }
    }

    /// A rating's colour.
    pub fn rating(&self, rating: Rating) -> Color32 {
        match rating {
            Rating::Satisfactory => self.good,
            Rating::NeedsImprovement => self.mixed,
            Rating::MissedOpportunity => self.bad,
            Rating::NotApplicable => self.neutral,
        }
    }
}

/// The egui style for a palette and text size.
pub fn style(palette: &Palette, text_size: f32) -> egui::Style {
    let mut style = egui::Style {
        text_styles: [
            (
                TextStyle::Small,
                FontId::new(text_size * 0.8, FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(text_size, FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(text_size, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(text_size * 1.45, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(text_size * 0.85, FontFamily::Monospace),
            ),
        ]
        .into(),
        ..egui::Style::default()
    };
    style.spacing.item_spacing = egui::vec2(text_size * 0.5, text_size * 0.45);
    style.spacing.button_padding = egui::vec2(text_size * 0.7, text_size * 0.35);
    style.spacing.interact_size.y = text_size * 1.6;
    // A tooltip that waits to appear asks egui for a delayed repaint, which bevy_egui turns
    // into continuous redraws; the app has no tooltips that need a delay.
    style.interaction.tooltip_delay = 0.0;
    style.interaction.show_tooltips_only_when_still = false;
    // Debug builds outline widgets off the pixel grid; fractional spacing from the text size
    // is intended.
    #[cfg(debug_assertions)]
    {
        style.debug.show_unaligned = false;
    }

    let mut visuals = if palette.high_contrast {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    // A blinking cursor asks for a repaint every half second, forever: keep it steady.
    visuals.text_cursor.blink = false;
    visuals.override_text_color = Some(palette.text);
    visuals.panel_fill = palette.panel;
    visuals.window_fill = palette.card;
    visuals.extreme_bg_color = palette.card;
    visuals.faint_bg_color = palette.background;
    visuals.hyperlink_color = palette.accent;
    visuals.selection.bg_fill = palette.accent.gamma_multiply(0.35);
    visuals.selection.stroke = Stroke::new(2.0, palette.accent);
    let stroke_width = if palette.high_contrast { 2.0 } else { 1.0 };
    let w = &mut visuals.widgets;
    w.noninteractive.bg_stroke = Stroke::new(stroke_width, palette.card_border);
    w.noninteractive.fg_stroke = Stroke::new(1.0, palette.text);
    w.inactive.bg_fill = palette.card;
    w.inactive.weak_bg_fill = palette.card;
    w.inactive.bg_stroke = Stroke::new(stroke_width, palette.card_border);
    w.inactive.fg_stroke = Stroke::new(1.5, palette.text);
    w.hovered.bg_fill = palette.trainee_bubble;
    w.hovered.weak_bg_fill = palette.trainee_bubble;
    w.hovered.bg_stroke = Stroke::new(2.0, palette.accent);
    w.hovered.fg_stroke = Stroke::new(1.5, palette.text);
    w.active.bg_fill = palette.trainee_bubble;
    w.active.weak_bg_fill = palette.trainee_bubble;
    w.active.bg_stroke = Stroke::new(2.5, palette.accent);
    w.active.fg_stroke = Stroke::new(2.0, palette.text);
    // Keyboard focus must be obvious: a thick accent outline.
    w.hovered.expansion = 1.0;
    style.visuals = visuals;
    style
}

fn apply_theme(
    mut contexts: EguiContexts,
    settings: Res<Settings>,
    mut palette: ResMut<Palette>,
    mut applied: Local<Option<(bool, f32)>>,
) -> Result {
    let wanted = (settings.high_contrast, settings.text_size);
    if *applied == Some(wanted) {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    let new_palette = if settings.high_contrast {
        Palette::high_contrast()
    } else {
        Palette::light()
    };
    let style = style(&new_palette, settings.text_size);
    ctx.set_style_of(egui::Theme::Light, style.clone());
    ctx.set_style_of(egui::Theme::Dark, style);
    ctx.set_theme(if settings.high_contrast {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    *palette = new_palette;
    *applied = Some(wanted);
    Ok(())
}
