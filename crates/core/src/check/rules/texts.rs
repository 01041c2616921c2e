//! Texts the trainee must see: titles, the card, what is said, reflection questions.

use crate::check::{Context, Sink};
use crate::diagnostic::Code;

/// Checks for empty or missing texts.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let scenario = cx.scenario;
    for (field, text) in [
        ("title", &scenario.title),
        ("summary", &scenario.summary),
        ("setting", &scenario.setting),
    ] {
        if let Some(span) = scenario.place.get(field)
            && text.trim().is_empty()
        {
            sink.error(
                Code::EmptyText,
                span,
                format!("the scenario's `{field}` is empty"),
                "trainees see this on the scenario card and briefing: write a sentence",
            );
        }
    }
    for objective in &scenario.objectives {
        if objective.trim().is_empty() {
            sink.warning(
                Code::EmptyText,
                objective.span,
                "an objective is empty",
                "write what the trainee should try to achieve, or remove it",
            );
        }
    }
    if scenario.reflection.is_empty() {
        sink.warning(
            Code::NoReflection,
            scenario.place.field("reflection"),
            "the scenario has no reflection questions",
            "add one to three questions for the trainee to think about in the debrief",
        );
    }
    for (node_id, node) in &scenario.nodes {
        if node.narration.is_none() && node.says.is_none() {
            sink.warning(
                Code::SilentNode,
                node_id.span,
                format!(
                    "node `{node_id}` has neither `narration` nor `says`, so the trainee sees nothing"
                ),
                "add what the person says, or narration of what happens",
            );
        }
        for variant in &node.variants {
            if variant.says.is_none() && variant.narration.is_none() && variant.mood.is_none() {
                sink.warning(
                    Code::EmptyVariant,
                    variant.place.span,
                    "this variant changes nothing: it has no `says`, `narration` or `mood`",
                    "add what changes, or remove the variant",
                );
            }
        }
        for choice in &node.choices {
            if let Some(span) = choice.place.get("say")
                && choice.say.trim().is_empty()
            {
                sink.error(
                    Code::EmptyText,
                    span,
                    format!("choice `{}` has nothing to `say`", choice.id),
                    "write the trainee's words",
                );
            }
        }
    }
    for (id, ending) in &scenario.endings {
        if ending.place.get("title").is_some() && ending.title.trim().is_empty() {
            sink.error(
                Code::EmptyText,
                id.span,
                format!("ending `{id}` has no title"),
                "write a short title",
            );
        }
    }
}
