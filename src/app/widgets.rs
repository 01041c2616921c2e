//! Drawing pieces the screens share: the page frame with its top bar, cards, chips, the
//! person's face, dial bars and the debrief's two charts.

use bevy_egui::egui::{
    self, Align, Align2, Color32, CornerRadius, FontId, Frame, Key, Layout, Margin, Pos2, Rect,
    RichText, Sense, Shape, Stroke, Ui, Vec2, pos2, vec2,
};

use super::settings::Settings;
use super::theme::Palette;
use crate::debrief::DialTrace;
use crate::model::Mood;

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
            ui.horizontal(|ui| {
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
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    let before = settings.clone();
                    ui.checkbox(&mut settings.high_contrast, "High contrast (F2)");
                    if ui
                        .add_enabled(
                            settings.text_size < *super::settings::TEXT_SIZES.end(),
                            egui::Button::new("A+"),
                        )
                        .on_hover_text("Larger text (Ctrl +)")
                        .clicked()
                    {
                        settings.larger();
                    }
                    if ui
                        .add_enabled(
                            settings.text_size > *super::settings::TEXT_SIZES.start(),
                            egui::Button::new("A−"),
                        )
                        .on_hover_text("Smaller text (Ctrl −)")
                        .clicked()
                    {
                        settings.smaller();
                    }
                    ui.label(RichText::new("Text").color(palette.muted));
                    if show_learning {
                        ui.separator();
                        ui.checkbox(&mut settings.learning_mode, "Learning mode (F3)");
                    }
                    result.settings_changed = *settings != before;
                });
            });
        });
    result
}

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

/// The person's face: a disc in the mood's colour with eyes and a mouth, so the mood reads
/// at a glance, with the mood's name beside it for those who cannot rely on colour.
pub fn mood_face(ui: &mut Ui, mood: Mood, palette: &Palette, diameter: f32) {
    let (rect, _) = ui.allocate_exact_size(vec2(diameter, diameter), Sense::hover());
    let painter = ui.painter_at(rect.expand(2.0));
    let c = rect.center();
    let r = diameter / 2.0 - 2.0;
    let colour = palette.mood(mood);
    painter.circle(
        c,
        r,
        colour,
        Stroke::new(2.0, palette.text.gamma_multiply(0.6)),
    );
    let ink = if palette.high_contrast {
        Color32::BLACK
    } else {
        Color32::WHITE
    };
    let eye_y = c.y - r * 0.22;
    let eye_dx = r * 0.36;
    let stroke = Stroke::new((r * 0.11).max(2.0), ink);
    match mood {
        // Brows from (outer, inner) heights above the eyes, mirrored left and right.
        Mood::Hostile => brows(
            &painter,
            c,
            eye_dx,
            eye_y,
            r,
            (0.18, 0.22),
            (0.16, 0.08),
            stroke,
        ),
        Mood::Distressed => brows(
            &painter,
            c,
            eye_dx,
            eye_y,
            r,
            (0.16, 0.12),
            (0.16, 0.26),
            stroke,
        ),
        _ => {}
    }
    let eye_r = r * 0.09;
    if mood == Mood::Guarded {
        // Narrowed eyes.
        for dx in [-eye_dx, eye_dx] {
            painter.line_segment(
                [
                    pos2(c.x + dx - eye_r * 1.4, eye_y),
                    pos2(c.x + dx + eye_r * 1.4, eye_y),
                ],
                stroke,
            );
        }
    } else {
        painter.circle_filled(pos2(c.x - eye_dx, eye_y), eye_r, ink);
        painter.circle_filled(pos2(c.x + eye_dx, eye_y), eye_r, ink);
    }
    // Mouth: curvature from -1 (down) to 1 (up).
    let curve = match mood {
        Mood::Warm => 1.0,
        Mood::Open => 0.6,
        Mood::Neutral => 0.0,
        Mood::Guarded => -0.15,
        Mood::Distressed => -0.7,
        Mood::Hostile => -0.9,
    };
    let mouth_y = c.y + r * 0.38;
    let half = r * 0.42;
    let points: Vec<Pos2> = (0..=12)
        .map(|i| {
            let t = i as f32 / 12.0 * 2.0 - 1.0;
            pos2(c.x + t * half, mouth_y + curve * r * 0.22 * (1.0 - t * t))
        })
        .collect();
    painter.add(Shape::line(points, stroke));
}

/// A labelled bar for one dial (learning mode).
pub fn dial_bar(ui: &mut Ui, name: &str, value: i32, colour: Color32, palette: &Palette) {
    let size = ui.text_style_height(&egui::TextStyle::Body);
    ui.horizontal(|ui| {
        ui.label(RichText::new(name).color(palette.text));
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            ui.label(RichText::new(format!("{value}")).strong());
        });
    });
    let width = ui.available_width();
    let (rect, _) = ui.allocate_exact_size(vec2(width, size * 0.55), Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, CornerRadius::same(4), palette.background);
    let mut filled = rect;
    filled.set_width(rect.width() * (value.clamp(0, 100) as f32 / 100.0));
    painter.rect_filled(filled, CornerRadius::same(4), colour);
    painter.rect_stroke(
        rect,
        CornerRadius::same(4),
        Stroke::new(1.0, palette.card_border),
        egui::StrokeKind::Inside,
    );
}

/// A progress bar for the appointment clock.
pub fn clock(ui: &mut Ui, used: u32, available: u32, palette: &Palette) {
    let size = ui.text_style_height(&egui::TextStyle::Body);
    let left = available.saturating_sub(used);
    let colour = if left == 0 {
        palette.bad
    } else if left * 4 <= available {
        palette.mixed
    } else {
        palette.accent
    };
    ui.label(
        RichText::new(format!("{used} of {available} minutes used · {left} left"))
            .color(palette.text),
    );
    let width = ui.available_width();
    let (rect, _) = ui.allocate_exact_size(vec2(width, size * 0.6), Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, CornerRadius::same(4), palette.background);
    let mut filled = rect;
    filled.set_width(rect.width() * (used.min(available) as f32 / available.max(1) as f32));
    painter.rect_filled(filled, CornerRadius::same(4), colour);
    painter.rect_stroke(
        rect,
        CornerRadius::same(4),
        Stroke::new(1.0, palette.card_border),
        egui::StrokeKind::Inside,
    );
}

/// The two-axis chart: relationship skills across, structuring skills up, with the
/// quadrants named as the evidence describes them.
pub fn quadrant_chart(
    ui: &mut Ui,
    relationship: Option<f64>,
    structuring: Option<f64>,
    palette: &Palette,
    side: f32,
) {
    let font = FontId::proportional(ui.text_style_height(&egui::TextStyle::Small) * 0.85);
    let (outer, _) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    let pad_left = font.size * 2.2;
    let pad_bottom = font.size * 2.2;
    let plot = Rect::from_min_max(
        pos2(outer.left() + pad_left, outer.top() + 4.0),
        pos2(outer.right() - 4.0, outer.bottom() - pad_bottom),
    );
    let painter = ui.painter_at(outer);
    painter.rect_filled(plot, CornerRadius::same(4), palette.background);
    let mid = plot.center();
    let quad = |min: Pos2, max: Pos2, colour: Color32| {
        painter.rect_filled(Rect::from_min_max(min, max), CornerRadius::ZERO, colour);
    };
    let tint = if palette.high_contrast { 0.3 } else { 0.14 };
    quad(
        pos2(mid.x, plot.top()),
        pos2(plot.right(), mid.y),
        mix(palette.background, palette.good, tint),
    );
    quad(
        pos2(plot.left(), mid.y),
        pos2(mid.x, plot.bottom()),
        mix(palette.background, palette.bad, tint),
    );
    let line = Stroke::new(1.0, palette.card_border);
    painter.line_segment([pos2(mid.x, plot.top()), pos2(mid.x, plot.bottom())], line);
    painter.line_segment([pos2(plot.left(), mid.y), pos2(plot.right(), mid.y)], line);
    painter.rect_stroke(
        plot,
        CornerRadius::same(4),
        Stroke::new(1.0, palette.card_border),
        egui::StrokeKind::Inside,
    );
    let label = |pos: Pos2, anchor: Align2, text: &str| {
        painter.text(pos, anchor, text, font.clone(), palette.muted);
    };
    let m = font.size * 0.4;
    label(
        pos2(plot.right() - m, plot.top() + m),
        Align2::RIGHT_TOP,
        "Both: effective",
    );
    label(
        pos2(plot.left() + m, plot.top() + m),
        Align2::LEFT_TOP,
        "Structure, little warmth",
    );
    label(
        pos2(plot.right() - m, plot.bottom() - m),
        Align2::RIGHT_BOTTOM,
        "Warmth, little structure",
    );
    label(
        pos2(plot.left() + m, plot.bottom() - m),
        Align2::LEFT_BOTTOM,
        "Neither",
    );
    painter.text(
        pos2(plot.center().x, outer.bottom() - 2.0),
        Align2::CENTER_BOTTOM,
        "Relationship skills",
        font.clone(),
        palette.text,
    );
    painter.add(
        egui::epaint::TextShape::new(
            pos2(outer.left() + 2.0, plot.center().y + font.size * 5.0),
            painter.layout_no_wrap("Structuring skills".into(), font.clone(), palette.text),
            palette.text,
        )
        .with_angle(-std::f32::consts::FRAC_PI_2),
    );
    let x = relationship.unwrap_or(50.0) as f32 / 100.0;
    let y = structuring.unwrap_or(50.0) as f32 / 100.0;
    let r = font.size * 0.55;
    // Keep the marker and its label inside the chart at the extremes.
    let inner = plot.shrink(r + 2.0);
    let point = pos2(
        inner.left() + x * inner.width(),
        inner.bottom() - y * inner.height(),
    );
    painter.circle(point, r, palette.accent, Stroke::new(2.0, palette.card));
    let (offset, anchor) = match (x > 0.6, y > 0.6) {
        (true, true) => (vec2(-r - 4.0, r + 2.0), Align2::RIGHT_TOP),
        (true, false) => (vec2(-r - 4.0, -r - 2.0), Align2::RIGHT_BOTTOM),
        (false, true) => (vec2(r + 4.0, r + 2.0), Align2::LEFT_TOP),
        (false, false) => (vec2(r + 4.0, -r - 2.0), Align2::LEFT_BOTTOM),
    };
    painter.text(
        point + offset,
        anchor,
        "You",
        FontId::proportional(font.size * 1.2),
        palette.text,
    );
}

/// The dials over the conversation (one line each), with the key moments marked: a green
/// triangle for a helpful choice, a red one for a harmful choice.
pub fn dial_plot(
    ui: &mut Ui,
    dials: &[DialTrace],
    moments: &[(usize, bool)],
    palette: &Palette,
    size: Vec2,
) {
    let font = FontId::proportional(ui.text_style_height(&egui::TextStyle::Small) * 0.85);
    let (outer, _) = ui.allocate_exact_size(size, Sense::hover());
    let painter = ui.painter_at(outer);
    let plot = Rect::from_min_max(
        pos2(
            outer.left() + font.size * 2.0,
            outer.top() + font.size * 1.2,
        ),
        pos2(outer.right() - 8.0, outer.bottom() - font.size * 1.8),
    );
    painter.rect_filled(plot, CornerRadius::same(4), palette.background);
    let steps = dials
        .iter()
        .map(|d| d.values.len())
        .max()
        .unwrap_or(1)
        .max(2)
        - 1;
    let x_of = |i: usize| plot.left() + plot.width() * i as f32 / steps as f32;
    let y_of = |v: i32| plot.bottom() - plot.height() * v.clamp(0, 100) as f32 / 100.0;
    for v in [0, 25, 50, 75, 100] {
        let y = y_of(v);
        painter.line_segment(
            [pos2(plot.left(), y), pos2(plot.right(), y)],
            Stroke::new(if v == 50 { 1.0 } else { 0.5 }, palette.card_border),
        );
        painter.text(
            pos2(plot.left() - 4.0, y),
            Align2::RIGHT_CENTER,
            v.to_string(),
            font.clone(),
            palette.muted,
        );
    }
    for i in 0..=steps {
        let label = if i == 0 {
            "start".to_string()
        } else {
            i.to_string()
        };
        painter.text(
            pos2(x_of(i), plot.bottom() + 3.0),
            Align2::CENTER_TOP,
            label,
            font.clone(),
            palette.muted,
        );
    }
    for &(step, helpful) in moments {
        // A moment at step `s` is the decision that moved the dials from s to s + 1.
        let x = x_of(step + 1);
        let colour = if helpful { palette.good } else { palette.bad };
        painter.line_segment(
            [pos2(x, plot.top()), pos2(x, plot.bottom())],
            Stroke::new(1.5, colour.gamma_multiply(0.6)),
        );
        painter.add(helpful_marker(
            pos2(x, plot.top()),
            font.size * 0.45,
            helpful,
            colour,
        ));
    }
    for (k, dial) in dials.iter().enumerate() {
        let colour = palette.dial_colours[k % palette.dial_colours.len()];
        let points: Vec<Pos2> = dial
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| pos2(x_of(i), y_of(*v)))
            .collect();
        painter.add(Shape::line(points.clone(), Stroke::new(2.5, colour)));
        for p in points {
            painter.circle_filled(p, 3.0, colour);
        }
    }
    painter.rect_stroke(
        plot,
        CornerRadius::same(4),
        Stroke::new(1.0, palette.card_border),
        egui::StrokeKind::Inside,
    );
}

/// The dial plot's legend.
pub fn dial_legend(ui: &mut Ui, dials: &[DialTrace], palette: &Palette) {
    ui.horizontal_wrapped(|ui| {
        for (k, dial) in dials.iter().enumerate() {
            let colour = palette.dial_colours[k % palette.dial_colours.len()];
            let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
            ui.painter()
                .rect_filled(rect, CornerRadius::same(3), colour);
            ui.label(format!("{} {} to {}", dial.name, dial.start, dial.end));
            ui.add_space(8.0);
        }
        let size = ui.text_style_height(&egui::TextStyle::Body) * 0.45;
        for (helpful, text, colour) in [
            (true, "helpful moment", palette.good),
            (false, "harmful moment", palette.bad),
        ] {
            let (rect, _) = ui.allocate_exact_size(vec2(size * 2.0, size * 2.0), Sense::hover());
            ui.painter()
                .add(helpful_marker(rect.center_bottom(), size, helpful, colour));
            ui.label(RichText::new(text).color(colour));
        }
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

/// A triangle pointing up (helpful) or down (harmful), standing on `base`.
/// A pair of brows, mirrored about the face's middle: each runs from an outer point to an
/// inner one, given as (horizontal offset from the eye, height above it), in radii.
#[allow(clippy::too_many_arguments)]
fn brows(
    painter: &egui::Painter,
    c: Pos2,
    eye_dx: f32,
    eye_y: f32,
    r: f32,
    outer: (f32, f32),
    inner: (f32, f32),
    stroke: Stroke,
) {
    for side in [-1.0, 1.0] {
        let eye_x = c.x + side * eye_dx;
        painter.line_segment(
            [
                pos2(eye_x + side * r * outer.0, eye_y - r * outer.1),
                pos2(eye_x - side * r * inner.0, eye_y - r * inner.1),
            ],
            stroke,
        );
    }
}

fn helpful_marker(base: Pos2, t: f32, helpful: bool, colour: Color32) -> Shape {
    let points = if helpful {
        vec![
            pos2(base.x, base.y - t * 2.0),
            pos2(base.x - t, base.y),
            pos2(base.x + t, base.y),
        ]
    } else {
        vec![
            pos2(base.x - t, base.y - t * 2.0),
            pos2(base.x + t, base.y - t * 2.0),
            pos2(base.x, base.y),
        ]
    };
    Shape::convex_polygon(points, colour, Stroke::NONE)
}

/// `a` moved a fraction `t` of the way towards `b` (opaque).
pub fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let l = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(l(a.r(), b.r()), l(a.g(), b.g()), l(a.b(), b.b()))
}
