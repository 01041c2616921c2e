//! Sources: the scenario's `sources` and every choice's `evidence` are in the bibliography.

use crate::check::context::{list, suggestion};
use crate::check::{Context, Sink};
use crate::diagnostic::Code;
use crate::model::Spanned;

/// Checks every source id.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let bibliography = &cx.framework.sources;
    let ids: Vec<&str> = bibliography.sources.iter().map(|s| s.id.as_str()).collect();
    let all = list(&ids);
    let check_id = |sink: &mut Sink<'_>, id: &Spanned<String>| {
        if bibliography.get(id).is_none() {
            sink.error(
                Code::UnknownSource,
                id.span,
                format!("`{id}` is not in the bibliography (assets/sources.ron)"),
                suggestion(id, ids.iter().copied(), "source ids", &all),
            );
        }
    };
    for id in &cx.scenario.sources {
        check_id(sink, id);
    }
    for choice in cx.scenario.nodes.values().flat_map(|n| &n.choices) {
        for id in &choice.evidence {
            check_id(sink, id);
        }
    }
}
