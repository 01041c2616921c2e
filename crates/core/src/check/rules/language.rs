//! Person-first language (`assets/language.ron`) in the scenario's own voice: narration,
//! the trainee's lines, feedback, endings, the card and briefing text. What the person says,
//! the "other chair" perspectives and the file notes are left alone (see
//! [`crate::language`]).

use crate::check::{Context, Sink};
use crate::diagnostic::{Code, Span};
use crate::language::find_terms;
use crate::model::Place;

/// Reports the guide's terms as warnings.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let guide = &cx.framework.language;
    if guide.terms.is_empty() {
        return;
    }
    let scenario = cx.scenario;
    // (text, where its literal is, what it is)
    let mut texts: Vec<(&str, Span, &'static str)> = Vec::new();
    let field = |place: &Place, name: &str| place.field(name);
    texts.push((
        &scenario.summary,
        field(&scenario.place, "summary"),
        "the summary",
    ));
    texts.push((
        &scenario.setting,
        field(&scenario.place, "setting"),
        "the setting",
    ));
    texts.push((
        &scenario.person.background,
        field(&scenario.person.place, "background"),
        "the background",
    ));
    for o in &scenario.objectives {
        texts.push((o, o.span, "an objective"));
    }
    for q in &scenario.reflection {
        texts.push((q, q.span, "a reflection question"));
    }
    for node in scenario.nodes.values() {
        if let Some(text) = &node.narration {
            texts.push((text, field(&node.place, "narration"), "narration"));
        }
        for variant in &node.variants {
            if let Some(text) = &variant.narration {
                texts.push((text, field(&variant.place, "narration"), "narration"));
            }
        }
        for choice in &node.choices {
            texts.push((
                &choice.say,
                field(&choice.place, "say"),
                "a practitioner line",
            ));
            texts.push((
                &choice.feedback,
                field(&choice.place, "feedback"),
                "feedback",
            ));
        }
    }
    for ending in scenario.endings.values() {
        texts.push((
            &ending.title,
            field(&ending.place, "title"),
            "an ending title",
        ));
        if let Some(text) = &ending.narration {
            texts.push((text, field(&ending.place, "narration"), "ending narration"));
        }
    }
    for (text, literal, what) in texts {
        for found in find_terms(text, guide) {
            let term = &guide.terms[found.term];
            let written = &text[found.offset..found.offset + found.len];
            sink.warning(
                Code::Language,
                cx.within(literal, text, found.offset, found.len),
                format!("\"{written}\" in {what}: prefer person-first language"),
                format!("write \"{}\" instead. {}", term.suggestion, term.why),
            );
        }
    }
}
