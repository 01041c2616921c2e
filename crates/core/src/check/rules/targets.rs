//! Targets: every `start`, `next`, branch and `time_up` names a node or an ending.

use crate::check::context::{list, suggestion};
use crate::check::{Context, Sink};
use crate::diagnostic::Code;
use crate::model::Spanned;

/// Checks every target.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let scenario = cx.scenario;
    let targets = cx.targets();
    let all = list(&targets);
    let check_target = |sink: &mut Sink<'_>, target: &Spanned<String>, whose: &str| {
        if target.is_written() && !scenario.is_target(target) {
            sink.error(
                Code::UnknownTarget,
                target.span,
                format!("{whose} goes to `{target}`, but there is no node or ending with that id"),
                suggestion(target, targets.iter().copied(), "nodes and endings", &all),
            );
        }
    };
    check_target(sink, &scenario.start, "`start`");
    if scenario.endings.contains_key(scenario.start.as_str()) {
        sink.error(
            Code::StartIsEnding,
            scenario.start.span,
            "the scenario starts at an ending, so there is nothing to play",
            "point `start` at the first node",
        );
    }
    // Without `minutes`, `time_up` is reported by the time rule instead.
    if let (Some(time_up), Some(_)) = (&scenario.time_up, scenario.minutes) {
        check_target(sink, time_up, "`time_up`");
    }
    for (node_id, node) in &scenario.nodes {
        if let Some(next) = &node.next {
            check_target(sink, next, &format!("node `{node_id}`"));
        }
        for branch in &node.branches {
            check_target(sink, &branch.next, &format!("a branch of node `{node_id}`"));
        }
        for choice in &node.choices {
            check_target(sink, &choice.next, &format!("choice `{}`", choice.id));
            for branch in &choice.branches {
                check_target(
                    sink,
                    &branch.next,
                    &format!("a branch of choice `{}`", choice.id),
                );
            }
        }
    }
}
