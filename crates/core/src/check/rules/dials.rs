//! Dials: starting values in range; effects change declared dials.

use crate::check::context::{list, suggestion};
use crate::check::{Context, Sink};
use crate::compile::MAX_DIALS;
use crate::diagnostic::Code;
use crate::model::{DIAL_MAX, DIAL_MIN};

/// Checks the dials' starting values and every choice's effects.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let scenario = cx.scenario;
    // Point at the first dial (in file order) that does not fit.
    let mut in_file_order: Vec<_> = scenario.dials.keys().collect();
    in_file_order.sort_by_key(|d| d.span.start);
    if let Some(extra) = in_file_order.get(MAX_DIALS) {
        sink.error(
            Code::TooManyDials,
            extra.span,
            format!(
                "the scenario declares {} dials; a conversation holds at most {MAX_DIALS}",
                in_file_order.len()
            ),
            "merge dials that always move together, or use flags for yes/no facts",
        );
    }
    for (dial, value) in &scenario.dials {
        if !(DIAL_MIN..=DIAL_MAX).contains(&**value) {
            sink.error(
                Code::DialOutOfRange,
                value.span,
                format!("dial `{dial}` starts at {value}, outside 0 to 100"),
                "dials run from 0 to 100",
            );
        }
    }
    let names = cx.dial_names();
    for choice in scenario.nodes.values().flat_map(|n| &n.choices) {
        for dial in choice.effects.keys() {
            if !scenario.has_dial(dial) {
                sink.error(
                    Code::UnknownDial,
                    dial.span,
                    format!(
                        "choice `{}` changes `{dial}`, which is not a declared dial",
                        choice.id
                    ),
                    format!(
                        "declare it in `dials: {{...}}` with a starting value, or {}",
                        suggestion(dial, names.iter().copied(), "dials", &list(&names))
                    ),
                );
            }
        }
    }
}
