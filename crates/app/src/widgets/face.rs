//! The person's face, drawn from their mood.

use bevy_egui::egui::{self, Color32, Pos2, Sense, Shape, Stroke, Ui, pos2, vec2};

use crate::theme::Palette;
use rapport_core::model::Mood;

/// The person's face: a disc in the mood's colour with eyes and a mouth, so the mood reads
/// at a glance, with the mood's name beside it for those who cannot rely on colour.
pub fn mood_face(ui: &mut Ui, mood: Mood, palette: &Palette, diameter: f32) {
    let (rect, response) = ui.allocate_exact_size(vec2(diameter, diameter), Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::WidgetType::Image,
            true,
            format!("Their face: seems {}", mood.label().to_lowercase()),
        )
    });
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
