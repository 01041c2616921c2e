//! Feedback: every choice says why it is or is not skilled.

use crate::check::{Context, Sink};
use crate::diagnostic::Code;

/// Checks that every choice has feedback.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for (node_id, node) in &cx.scenario.nodes {
        for choice in &node.choices {
            if choice.feedback.trim().is_empty() {
                let at = if choice.id.is_written() {
                    choice.id.span
                } else if choice.place.span.is_empty() {
                    node_id.span
                } else {
                    choice.place.start()
                };
                sink.error(
                    Code::NoFeedback,
                    at,
                    format!("choice `{}` has no `feedback`", choice.id),
                    "say why this choice is or is not skilled, naming the skill: trainees read it in the debrief",
                );
            }
        }
    }
}
