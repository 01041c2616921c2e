//! Ids: kebab-case, not empty, choice ids unique, no id both a node and an ending.

use std::collections::BTreeMap;

use crate::check::{Context, Sink, is_kebab};
use crate::diagnostic::Code;
use crate::model::Spanned;

/// Checks the scenario's, nodes', endings' and choices' ids.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let scenario = cx.scenario;
    if scenario.id.is_written() && !is_kebab(&scenario.id) {
        sink.error(
            Code::BadId,
            scenario.id.span,
            format!("the scenario id `{}` is not kebab-case", scenario.id),
            "use lower-case letters, digits and hyphens, e.g. \"first-meeting\"",
        );
    }
    for id in scenario.nodes.keys() {
        if scenario.endings.contains_key(id.as_str()) {
            sink.error(
                Code::AmbiguousId,
                id.span,
                format!("`{id}` is both a node and an ending"),
                "rename one of them so `next` is not ambiguous",
            );
        }
        if !is_kebab(id) {
            sink.warning(
                Code::BadId,
                id.span,
                format!("node id `{id}` is not kebab-case"),
                "use lower-case letters, digits and hyphens, e.g. \"how-are-you\"",
            );
        }
    }
    for id in scenario.endings.keys() {
        if !is_kebab(id) {
            sink.warning(
                Code::BadId,
                id.span,
                format!("ending id `{id}` is not kebab-case"),
                "use lower-case letters, digits and hyphens",
            );
        }
    }
    let mut seen: BTreeMap<&str, &Spanned<String>> = BTreeMap::new();
    for choice in scenario.nodes.values().flat_map(|n| &n.choices) {
        if !choice.id.is_written() {
            continue; // missing, already reported
        }
        if let Some(first) = seen.get(choice.id.as_str()) {
            let line = cx.line(first.span);
            sink.error(
                Code::DuplicateChoiceId,
                choice.id.span,
                format!(
                    "choice id `{}` is used twice (first on line {line})",
                    choice.id
                ),
                "choice ids must be unique in the scenario: transcripts refer to them",
            );
        } else {
            seen.insert(&choice.id, &choice.id);
        }
        if choice.id.trim().is_empty() {
            sink.error(
                Code::BadId,
                choice.id.span,
                "a choice has an empty id",
                "give it a short kebab-case id",
            );
        }
    }
}
