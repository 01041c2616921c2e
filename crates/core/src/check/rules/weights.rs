//! Weights: every skill weight is within -3 to 3.

use crate::check::{Context, Sink};
use crate::diagnostic::Code;
use crate::model::WEIGHT_RANGE;

/// Checks every choice's skill weights.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for choice in cx.scenario.nodes.values().flat_map(|n| &n.choices) {
        for (skill, weight) in &choice.skills {
            if !WEIGHT_RANGE.contains(&**weight) {
                sink.error(
                    Code::WeightOutOfRange,
                    weight.span,
                    format!("the weight {weight} for `{skill}` is outside -3 to 3"),
                    "use 1 to 3 for skilled use (3 = exemplary), -1 to -3 for the opposite, 0 for neither",
                );
            }
        }
    }
}
