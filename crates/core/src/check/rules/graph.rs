//! The shape of the conversation: every node either decides or moves on, decisions offer
//! alternatives, everything is reachable from `start`, and an ending is reachable from
//! everywhere. Conditions and time are ignored here (the analyser takes them into account).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::check::{Context, Sink};
use crate::diagnostic::Code;
use crate::model::{Scenario, Spanned};

/// The edges of the conversation graph, ignoring conditions (the analyser takes those
/// into account; this is the static check).
pub fn edges(scenario: &Scenario) -> BTreeMap<&str, Vec<&str>> {
    let time_up = scenario
        .time_up
        .as_ref()
        .map(Spanned::as_str)
        .filter(|_| scenario.minutes.is_some());
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, node) in &scenario.nodes {
        let out = edges.entry(id.as_str()).or_default();
        if let Some(next) = &node.next {
            out.push(next.as_str());
            out.extend(node.branches.iter().map(|b| b.next.as_str()));
        }
        for choice in &node.choices {
            out.push(choice.next.as_str());
            out.extend(choice.branches.iter().map(|b| b.next.as_str()));
            // Time can run out on any choice that spends minutes.
            if let Some(t) = time_up.filter(|_| choice.minutes > 0) {
                out.push(t);
            }
        }
    }
    edges
}

/// Checks the graph.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let scenario = cx.scenario;
    for (node_id, node) in &scenario.nodes {
        match (&node.next, node.choices.is_empty()) {
            (None, true) => sink.error(
                Code::DeadEnd,
                node_id.span,
                format!("node `{node_id}` is a dead end: it has no choices and no `next`"),
                "add `choices: [...]`, or `next: \"...\"` to move on by itself",
            ),
            (Some(next), false) => sink.error(
                Code::ChoicesAndNext,
                next.span,
                format!("node `{node_id}` has both `choices` and `next`"),
                "a node either offers choices or moves on by itself: remove one",
            ),
            _ => {}
        }
        if !node.branches.is_empty() && node.next.is_none() {
            sink.error(
                Code::BranchesWithoutNext,
                node.place.get("branches").unwrap_or(node_id.span),
                format!("node `{node_id}` has `branches` but no `next` to fall back on"),
                if node.choices.is_empty() {
                    "add `next: \"...\"`: play goes there when no branch holds"
                } else {
                    "on a decision, put `branches` on the choices that lead on"
                },
            );
        }
        if node.choices.len() == 1 {
            sink.warning(
                Code::SingleChoice,
                node.place.get("choices").unwrap_or(node_id.span),
                format!("node `{node_id}` offers only one choice, so there is nothing to decide"),
                "offer real alternatives (a skilled, a well-meant but flawed, and a poor option), or use `next`",
            );
        }
    }

    let edges = edges(scenario);
    // Forward: what can be reached from the start.
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    if scenario.is_target(&scenario.start) {
        reached.insert(&scenario.start);
        queue.push_back(&scenario.start);
    }
    while let Some(id) = queue.pop_front() {
        for next in edges.get(id).into_iter().flatten() {
            if scenario.is_target(next) && reached.insert(next) {
                queue.push_back(next);
            }
        }
    }
    if !reached.is_empty() {
        for id in scenario.nodes.keys() {
            if !reached.contains(id.as_str()) {
                sink.warning(
                    Code::UnreachableNode,
                    id.span,
                    format!("node `{id}` can never be reached from `start`"),
                    "point a choice's `next` (or a node's `next`) at it, or remove it",
                );
            }
        }
        for id in scenario.endings.keys() {
            if !reached.contains(id.as_str()) {
                sink.warning(
                    Code::UnreachableEnding,
                    id.span,
                    format!("ending `{id}` can never be reached from `start`"),
                    "point a choice's `next` at it, or remove it",
                );
            }
        }
    }
    // Backward: what can reach an ending.
    let mut reverse: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, tos) in &edges {
        for to in tos {
            reverse.entry(to).or_default().push(from);
        }
    }
    let mut finishes: BTreeSet<&str> = scenario.endings.keys().map(Spanned::as_str).collect();
    let mut queue: VecDeque<&str> = finishes.iter().copied().collect();
    while let Some(id) = queue.pop_front() {
        for from in reverse.get(id).into_iter().flatten() {
            if finishes.insert(from) {
                queue.push_back(from);
            }
        }
    }
    for (id, node) in &scenario.nodes {
        let dead_end = node.next.is_none() && node.choices.is_empty();
        if !finishes.contains(id.as_str()) && !dead_end {
            sink.error(
                Code::NoWayOut,
                id.span,
                format!(
                    "from node `{id}` no ending can be reached: the conversation would never finish"
                ),
                "give one of its routes a way to an ending",
            );
        }
    }
}
