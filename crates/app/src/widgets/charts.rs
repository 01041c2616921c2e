//! Gauges and charts: the dial bars and the appointment clock of the conversation, and the
//! debrief's relationship/structuring chart and dial plot.

use bevy_egui::egui::{
    self, Align, Align2, Color32, CornerRadius, FontId, Layout, Pos2, Rect, RichText, Sense, Shape,
    Stroke, Ui, Vec2, pos2, vec2,
};

use crate::theme::Palette;
use rapport_core::debrief::DialTrace;

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
    let (rect, response) = ui.allocate_exact_size(vec2(width, size * 0.55), Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::WidgetType::ProgressIndicator,
            true,
            format!("{name}: {value} of 100"),
        )
    });
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
    let (rect, response) = ui.allocate_exact_size(vec2(width, size * 0.6), Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::WidgetType::ProgressIndicator,
            true,
            format!("Appointment: {used} of {available} minutes used, {left} left"),
        )
    });
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
    let (outer, response) = ui.allocate_exact_size(vec2(side, side), Sense::hover());
    // A screen reader gets the chart as words: where the trainee landed.
    response.widget_info(|| {
        let shown =
            |v: Option<f64>| v.map_or("not scored".to_string(), |v| format!("{v:.0} of 100"));
        egui::WidgetInfo::labeled(
            egui::WidgetType::Image,
            true,
            format!(
                "Chart of your skills: relationship {}, structuring {}",
                shown(relationship),
                shown(structuring)
            ),
        )
    });
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
    let (outer, response) = ui.allocate_exact_size(size, Sense::hover());
    // A screen reader gets each dial's journey as words.
    response.widget_info(|| {
        let lines: Vec<String> = dials
            .iter()
            .map(|d| format!("{} from {} to {}", d.name, d.start, d.end))
            .collect();
        egui::WidgetInfo::labeled(
            egui::WidgetType::Image,
            true,
            format!(
                "Chart of how they felt, decision by decision: {}",
                lines.join("; ")
            ),
        )
    });
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

/// A triangle pointing up (helpful) or down (harmful), standing on `base`.
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
