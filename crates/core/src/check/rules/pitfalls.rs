//! Pitfalls: every pitfall a choice names is in `assets/pitfalls.ron`, and, in a scenario
//! that tags pitfalls, every decision offers at least one well-meant but flawed option.

use crate::check::context::{list, suggestion};
use crate::check::{Context, Sink};
use crate::diagnostic::Code;

/// Checks every choice's pitfall ids and that decisions offer a pitfall option.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let known = &cx.framework.pitfalls;
    let ids: Vec<&str> = known.pitfalls.iter().map(|p| p.id.as_str()).collect();
    let all = list(&ids);
    let mut tags_any = false;
    for choice in cx.scenario.nodes.values().flat_map(|n| &n.choices) {
        for pitfall in &choice.pitfalls {
            tags_any = true;
            if known.get(pitfall).is_none() {
                sink.error(
                    Code::UnknownPitfall,
                    pitfall.span,
                    format!(
                        "choice `{}` names the pitfall `{pitfall}`, which is not in assets/pitfalls.ron",
                        choice.id
                    ),
                    suggestion(pitfall, ids.iter().copied(), "pitfalls", &all),
                );
            }
        }
    }
    // Older scenarios that tag no pitfalls stay warning-free; once an author starts tagging,
    // every decision should offer the tempting, flawed option real practitioners choose.
    if !tags_any {
        return;
    }
    for (node_id, node) in &cx.scenario.nodes {
        if node.choices.len() < 2 || node.choices.iter().any(|c| !c.pitfalls.is_empty()) {
            continue;
        }
        sink.warning(
            Code::NoPitfallOption,
            node.place.get("choices").unwrap_or(node_id.span),
            format!(
                "decision `{node_id}` offers no option with `pitfalls`: nothing here is well meant but flawed"
            ),
            "add the option a practitioner under pressure would really choose (rescuing, over-promising, rushing...) and tag it with `pitfalls: [...]`",
        );
    }
}
