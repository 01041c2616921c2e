//! What a scenario means: ids, targets, conditions, weights and the shape of the graph.
//! Every check here reports through a [`Sink`] and goes on, so one run finds every problem.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use crate::condition::Condition;
use crate::diagnostic::{Diagnostic, Severity, Span, did_you_mean};
use crate::framework::Framework;
use crate::model::{DIAL_MAX, DIAL_MIN, Scenario, WEIGHT_RANGE};
use crate::spans::Value;

/// Where diagnostics for one file go.
pub struct Sink<'a> {
    /// The file as the user named it.
    pub file: &'a str,
    /// Its text.
    pub source: &'a Arc<str>,
    /// The diagnostics found so far.
    pub out: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    /// Records an error.
    pub fn error(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Error, code, span, message, hint);
    }

    /// Records a warning.
    pub fn warning(
        &mut self,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(Severity::Warning, code, span, message, hint);
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        span: Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.out.push(Diagnostic::at(
            severity,
            code,
            self.file,
            self.source,
            span,
            message,
            hint,
        ));
    }
}

/// Locates parts of the scenario in the file; falls back to the enclosing part when a
/// piece was not written (a defaulted field) or the text could not be read for spans.
struct Locator<'a> {
    root: &'a Value,
}

impl<'a> Locator<'a> {
    fn root_field(&self, name: &str) -> Span {
        self.root
            .field(name)
            .map_or_else(|| self.root_start(), Value::span)
    }

    fn root_start(&self) -> Span {
        let s = self.root.span();
        Span::new(s.start, s.start + 1)
    }

    fn node(&self, id: &str) -> Option<(&'a Value, &'a Value)> {
        self.root.field("nodes").and_then(|n| n.entry(id))
    }

    fn node_key(&self, id: &str) -> Span {
        self.node(id)
            .map_or_else(|| self.root_field("nodes"), |(k, _)| k.span())
    }

    fn node_field(&self, id: &str, field: &str) -> Span {
        self.node(id)
            .and_then(|(_, n)| n.field(field))
            .map_or_else(|| self.node_key(id), Value::span)
    }

    fn node_value(&self, id: &str, field: &str) -> Option<&'a Value> {
        self.node(id).and_then(|(_, n)| n.field(field))
    }

    fn choice(&self, node: &str, index: usize) -> Option<&'a Value> {
        self.node_value(node, "choices")
            .and_then(|c| c.index(index))
    }

    fn choice_field(&self, node: &str, index: usize, field: &str) -> Span {
        self.choice(node, index)
            .and_then(|c| c.field(field))
            .or_else(|| self.choice(node, index).and_then(|c| c.field("id")))
            .map_or_else(|| self.node_key(node), Value::span)
    }

    fn variant(&self, node: &str, index: usize) -> Option<&'a Value> {
        self.node_value(node, "variants")
            .and_then(|v| v.index(index))
    }

    fn ending_key(&self, id: &str) -> Span {
        self.root
            .field("endings")
            .and_then(|e| e.entry(id))
            .map_or_else(|| self.root_field("endings"), |(k, _)| k.span())
    }
}

/// Map entry key span inside a map value, else the map.
fn key_span(map: Option<&Value>, key: &str, fallback: Span) -> Span {
    map.and_then(|m| m.entry(key))
        .map_or(map.map_or(fallback, Value::span), |(k, _)| k.span())
}

fn value_span(map: Option<&Value>, key: &str, fallback: Span) -> Span {
    map.and_then(|m| m.entry(key))
        .map_or(map.map_or(fallback, Value::span), |(_, v)| v.span())
}

fn item_span(list: Option<&Value>, index: usize, fallback: Span) -> Span {
    list.and_then(|l| l.index(index))
        .map_or(list.map_or(fallback, Value::span), Value::span)
}

/// Whether an id is kebab-case (lower-case letters, digits and hyphens).
pub fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

fn list(names: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let names: Vec<String> = names
        .into_iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

fn suggestion<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    what: &str,
    all: &str,
) -> String {
    match did_you_mean(wrong, candidates) {
        Some(s) => format!("did you mean `{s}`? The {what} are: {all}"),
        None => format!("the {what} are: {all}"),
    }
}

/// Checks everything about a scenario that serde cannot.
pub fn validate(scenario: &Scenario, tree: &Value, framework: &Framework, sink: &mut Sink<'_>) {
    let at = Locator { root: tree };
    let targets: Vec<&str> = scenario
        .nodes
        .keys()
        .chain(scenario.endings.keys())
        .map(String::as_str)
        .collect();
    let all_targets = list(&targets);
    let dial_names: Vec<&str> = scenario.dials.keys().map(String::as_str).collect();
    let flag_names: Vec<&str> = scenario.flags.iter().map(String::as_str).collect();
    let skill_ids: Vec<&str> = framework
        .skills
        .skills
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    let source_ids: Vec<&str> = framework
        .sources
        .sources
        .iter()
        .map(|s| s.id.as_str())
        .collect();

    let check_target = |sink: &mut Sink<'_>, target: &str, span: Span, whose: &str| {
        if !scenario.is_target(target) {
            sink.error(
                "unknown-target",
                span,
                format!("{whose} goes to `{target}`, but there is no node or ending with that id"),
                suggestion(
                    target,
                    targets.iter().copied(),
                    "nodes and endings",
                    &all_targets,
                ),
            );
        }
    };
    let check_source_id = |sink: &mut Sink<'_>, id: &str, span: Span| {
        if framework.sources.get(id).is_none() {
            sink.error(
                "unknown-source",
                span,
                format!("`{id}` is not in the bibliography (assets/sources.ron)"),
                suggestion(
                    id,
                    source_ids.iter().copied(),
                    "source ids",
                    &list(&source_ids),
                ),
            );
        }
    };

    // The scenario as a whole.
    if !is_kebab(&scenario.id) {
        sink.error(
            "bad-id",
            at.root_field("id"),
            format!("the scenario id `{}` is not kebab-case", scenario.id),
            "use lower-case letters, digits and hyphens, e.g. \"first-meeting\"",
        );
    }
    for (field, text) in [
        ("title", &scenario.title),
        ("summary", &scenario.summary),
        ("setting", &scenario.setting),
    ] {
        if text.trim().is_empty() {
            sink.error(
                "empty-text",
                at.root_field(field),
                format!("the scenario's `{field}` is empty"),
                "trainees see this on the scenario card and briefing: write a sentence",
            );
        }
    }
    check_target(sink, &scenario.start, at.root_field("start"), "`start`");
    if scenario.endings.contains_key(&scenario.start) {
        sink.error(
            "start-is-ending",
            at.root_field("start"),
            "the scenario starts at an ending, so there is nothing to play",
            "point `start` at the first node",
        );
    }
    for id in scenario.nodes.keys() {
        if scenario.endings.contains_key(id) {
            sink.error(
                "ambiguous-id",
                at.node_key(id),
                format!("`{id}` is both a node and an ending"),
                "rename one of them so `next` is not ambiguous",
            );
        }
    }
    match (&scenario.time_up, scenario.minutes) {
        (Some(_), None) => sink.error(
            "time-up-without-minutes",
            at.root_field("time_up"),
            "`time_up` is set but the scenario has no `minutes`, so time never runs out",
            "add `minutes: 30` (the appointment length) or remove `time_up`",
        ),
        (Some(target), Some(_)) => {
            check_target(sink, target, at.root_field("time_up"), "`time_up`");
        }
        (None, Some(_)) => sink.warning(
            "minutes-without-time-up",
            at.root_field("minutes"),
            "the scenario has `minutes` but no `time_up`, so running out of time changes nothing",
            "add `time_up: \"some-ending-or-node\"` for what happens when the appointment runs out",
        ),
        (None, None) => {}
    }
    if scenario.minutes == Some(0) {
        sink.error(
            "zero-minutes",
            at.root_field("minutes"),
            "the appointment is 0 minutes long",
            "give the appointment length in minutes, e.g. 30",
        );
    }
    let dials_map = tree.field("dials");
    for (dial, value) in &scenario.dials {
        if !(DIAL_MIN..=DIAL_MAX).contains(value) {
            sink.error(
                "dial-out-of-range",
                value_span(dials_map, dial, at.root_field("dials")),
                format!("dial `{dial}` starts at {value}, outside 0 to 100"),
                "dials run from 0 to 100",
            );
        }
    }
    let flags_list = tree.field("flags");
    let mut seen_flags = BTreeSet::new();
    for (i, flag) in scenario.flags.iter().enumerate() {
        if !seen_flags.insert(flag) {
            sink.warning(
                "duplicate-flag",
                item_span(flags_list, i, at.root_field("flags")),
                format!("flag `{flag}` is declared twice"),
                "declare each flag once",
            );
        }
        if scenario.dials.contains_key(flag) {
            sink.error(
                "flag-is-dial",
                item_span(flags_list, i, at.root_field("flags")),
                format!("`{flag}` is both a dial and a flag"),
                "give the flag a different name",
            );
        }
    }
    let sources_list = tree.field("sources");
    for (i, id) in scenario.sources.iter().enumerate() {
        check_source_id(
            sink,
            id,
            item_span(sources_list, i, at.root_field("sources")),
        );
    }
    for (i, text) in scenario.objectives.iter().enumerate() {
        if text.trim().is_empty() {
            sink.warning(
                "empty-text",
                item_span(tree.field("objectives"), i, at.root_field("objectives")),
                "an objective is empty",
                "write what the trainee should try to achieve, or remove it",
            );
        }
    }
    if scenario.reflection.is_empty() {
        sink.warning(
            "no-reflection",
            at.root_field("reflection"),
            "the scenario has no reflection questions",
            "add one to three questions for the trainee to think about in the debrief",
        );
    }

    // Conditions: parse and check names.
    let check_condition =
        |sink: &mut Sink<'_>, text: &str, value: Option<&Value>, fallback: Span, what: &str| {
            let span_of =
                |offset: usize, len: usize| value.map_or(fallback, |v| v.span_within(offset, len));
            match Condition::parse(text) {
                Err(e) => sink.error(
                    "bad-condition",
                    span_of(e.offset, e.len),
                    format!(
                        "the {what} condition `{text}` does not parse: {}",
                        e.message
                    ),
                    e.hint,
                ),
                Ok(condition) => {
                    for ident in condition.dials() {
                        if !scenario.dials.contains_key(&ident.name) {
                            let hint = if scenario.flags.contains(&ident.name) {
                                format!(
                                    "`{}` is a flag: test it on its own, e.g. `{}` or `!{}`",
                                    ident.name, ident.name, ident.name
                                )
                            } else {
                                suggestion(
                                    &ident.name,
                                    dial_names.iter().copied(),
                                    "dials",
                                    &list(&dial_names),
                                )
                            };
                            sink.error(
                            "unknown-dial",
                            span_of(ident.offset, ident.name.len()),
                            format!(
                                "the {what} condition compares `{}`, which is not a declared dial",
                                ident.name
                            ),
                            hint,
                        );
                        }
                    }
                    for ident in condition.flags() {
                        if !scenario.flags.contains(&ident.name) {
                            let hint = if scenario.dials.contains_key(&ident.name) {
                                format!(
                                    "`{}` is a dial: compare it, e.g. `{} >= 40`",
                                    ident.name, ident.name
                                )
                            } else {
                                format!(
                                    "declare it in `flags: [...]`, or {}",
                                    suggestion(
                                        &ident.name,
                                        flag_names.iter().copied(),
                                        "flags",
                                        &list(&flag_names)
                                    )
                                )
                            };
                            sink.error(
                                "unknown-flag",
                                span_of(ident.offset, ident.name.len()),
                                format!(
                                    "the {what} condition tests `{}`, which is not a declared flag",
                                    ident.name
                                ),
                                hint,
                            );
                        }
                    }
                }
            }
        };

    // Nodes and choices.
    let mut choice_seen: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    let mut flags_set: BTreeSet<&str> = BTreeSet::new();
    let mut flags_tested: BTreeMap<&str, Span> = BTreeMap::new();
    for (node_id, node) in &scenario.nodes {
        if !is_kebab(node_id) {
            sink.warning(
                "bad-id",
                at.node_key(node_id),
                format!("node id `{node_id}` is not kebab-case"),
                "use lower-case letters, digits and hyphens, e.g. \"how-are-you\"",
            );
        }
        if node.narration.is_none() && node.says.is_none() {
            sink.warning(
                "silent-node",
                at.node_key(node_id),
                format!("node `{node_id}` has neither `narration` nor `says`, so the trainee sees nothing"),
                "add what the person says, or narration of what happens",
            );
        }
        match (&node.next, node.choices.is_empty()) {
            (None, true) => sink.error(
                "dead-end",
                at.node_key(node_id),
                format!("node `{node_id}` is a dead end: it has no choices and no `next`"),
                "add `choices: [...]`, or `next: \"...\"` to move on by itself",
            ),
            (Some(_), false) => sink.error(
                "choices-and-next",
                at.node_field(node_id, "next"),
                format!("node `{node_id}` has both `choices` and `next`"),
                "a node either offers choices or moves on by itself: remove one",
            ),
            _ => {}
        }
        if let Some(next) = &node.next {
            check_target(
                sink,
                next,
                at.node_field(node_id, "next"),
                &format!("node `{node_id}`"),
            );
        }
        for (i, variant) in node.variants.iter().enumerate() {
            let v = at.variant(node_id, i);
            let fallback = v.map_or_else(|| at.node_key(node_id), Value::span);
            check_condition(
                sink,
                &variant.when,
                v.and_then(|v| v.field("when")),
                fallback,
                "variant",
            );
            if let Ok(c) = Condition::parse(&variant.when) {
                for ident in c.flags() {
                    flags_tested
                        .entry(scenario_flag(scenario, &ident.name))
                        .or_insert(fallback);
                }
            }
            if variant.says.is_none() && variant.narration.is_none() && variant.mood.is_none() {
                sink.warning(
                    "empty-variant",
                    fallback,
                    "this variant changes nothing: it has no `says`, `narration` or `mood`",
                    "add what changes, or remove the variant",
                );
            }
        }
        for (i, choice) in node.choices.iter().enumerate() {
            let c = at.choice(node_id, i);
            let field = |name: &str| at.choice_field(node_id, i, name);
            let whose = format!("choice `{}`", choice.id);
            if let Some((first_node, first_index)) = choice_seen.get(choice.id.as_str()) {
                let first = at.choice_field(first_node, *first_index, "id");
                let (line, _) = crate::diagnostic::line_col(sink.source, first.start);
                sink.error(
                    "duplicate-choice-id",
                    field("id"),
                    format!(
                        "choice id `{}` is used twice (first on line {line})",
                        choice.id
                    ),
                    "choice ids must be unique in the scenario: transcripts refer to them",
                );
            } else {
                choice_seen.insert(&choice.id, (node_id, i));
            }
            if choice.id.trim().is_empty() {
                sink.error(
                    "bad-id",
                    field("id"),
                    "a choice has an empty id",
                    "give it a short kebab-case id",
                );
            }
            if choice.say.trim().is_empty() {
                sink.error(
                    "empty-text",
                    field("say"),
                    format!("{whose} has nothing to `say`"),
                    "write the trainee's words",
                );
            }
            check_target(sink, &choice.next, field("next"), &whose);
            if let Some(requires) = &choice.requires {
                check_condition(
                    sink,
                    requires,
                    c.and_then(|c| c.field("requires")),
                    field("requires"),
                    "`requires`",
                );
                if let Ok(cond) = Condition::parse(requires) {
                    for ident in cond.flags() {
                        flags_tested
                            .entry(scenario_flag(scenario, &ident.name))
                            .or_insert_with(|| field("requires"));
                    }
                }
            }
            let skills_map = c.and_then(|c| c.field("skills"));
            for (skill, weight) in &choice.skills {
                if framework.skills.get(skill).is_none() {
                    sink.error(
                        "unknown-skill",
                        key_span(skills_map, skill, field("skills")),
                        format!("`{skill}` is not a skill in the framework (assets/skills.ron)"),
                        suggestion(
                            skill,
                            skill_ids.iter().copied(),
                            "skills",
                            &list(&skill_ids),
                        ),
                    );
                }
                if !WEIGHT_RANGE.contains(weight) {
                    sink.error(
                        "weight-out-of-range",
                        value_span(skills_map, skill, field("skills")),
                        format!("the weight {weight} for `{skill}` is outside -3 to 3"),
                        "use 1 to 3 for skilled use (3 = exemplary), -1 to -3 for the opposite, 0 for neither",
                    );
                }
            }
            let effects_map = c.and_then(|c| c.field("effects"));
            for dial in choice.effects.keys() {
                if !scenario.dials.contains_key(dial) {
                    sink.error(
                        "unknown-dial",
                        key_span(effects_map, dial, field("effects")),
                        format!("{whose} changes `{dial}`, which is not a declared dial"),
                        format!(
                            "declare it in `dials: {{...}}` with a starting value, or {}",
                            suggestion(
                                dial,
                                dial_names.iter().copied(),
                                "dials",
                                &list(&dial_names)
                            )
                        ),
                    );
                }
            }
            for (list_name, flags) in [("set", &choice.set), ("clear", &choice.clear)] {
                let list_value = c.and_then(|c| c.field(list_name));
                for (j, flag) in flags.iter().enumerate() {
                    if list_name == "set" {
                        flags_set.insert(flag);
                    }
                    if !scenario.flags.contains(flag) {
                        sink.error(
                            "unknown-flag",
                            item_span(list_value, j, field(list_name)),
                            format!("{whose} {list_name}s `{flag}`, which is not a declared flag"),
                            format!(
                                "declare it in `flags: [...]`, or {}",
                                suggestion(
                                    flag,
                                    flag_names.iter().copied(),
                                    "flags",
                                    &list(&flag_names)
                                )
                            ),
                        );
                    }
                }
            }
            if choice.feedback.trim().is_empty() {
                sink.error(
                    "no-feedback",
                    field("id"),
                    format!("{whose} has no `feedback`"),
                    "say why this choice is or is not skilled, naming the skill: trainees read it in the debrief",
                );
            }
            let evidence_list = c.and_then(|c| c.field("evidence"));
            for (j, id) in choice.evidence.iter().enumerate() {
                check_source_id(sink, id, item_span(evidence_list, j, field("evidence")));
            }
            if choice.minutes > 24 * 60 {
                sink.error(
                    "minutes-out-of-range",
                    field("minutes"),
                    format!("{whose} takes {} minutes", choice.minutes),
                    "minutes is how long this part of the appointment takes, e.g. 2",
                );
            }
        }
        if node.choices.len() == 1 {
            sink.warning(
                "single-choice",
                at.node_field(node_id, "choices"),
                format!("node `{node_id}` offers only one choice, so there is nothing to decide"),
                "offer real alternatives (a skilled, a well-meant but flawed, and a poor option), or use `next`",
            );
        }
    }
    for (flag, span) in &flags_tested {
        if scenario.flags.iter().any(|f| f == flag) && !flags_set.contains(flag) {
            sink.warning(
                "flag-never-set",
                *span,
                format!("flag `{flag}` is tested but no choice sets it, so it is always false"),
                format!("add `set: [\"{flag}\"]` to the choice that should turn it on"),
            );
        }
    }
    for (i, flag) in scenario.flags.iter().enumerate() {
        if !flags_tested.contains_key(flag.as_str()) && !flags_set.contains(flag.as_str()) {
            sink.warning(
                "unused-flag",
                item_span(flags_list, i, at.root_field("flags")),
                format!("flag `{flag}` is declared but never set or tested"),
                "use it in a `set:` and a condition, or remove it",
            );
        }
    }
    for (id, ending) in &scenario.endings {
        if !is_kebab(id) {
            sink.warning(
                "bad-id",
                at.ending_key(id),
                format!("ending id `{id}` is not kebab-case"),
                "use lower-case letters, digits and hyphens",
            );
        }
        if ending.title.trim().is_empty() {
            sink.error(
                "empty-text",
                at.ending_key(id),
                format!("ending `{id}` has no title"),
                "write a short title",
            );
        }
    }

    graph_checks(scenario, &at, sink);
}

/// The declared flag with this name, for the `flags_tested` map's lifetime.
fn scenario_flag<'a>(scenario: &'a Scenario, name: &str) -> &'a str {
    scenario
        .flags
        .iter()
        .find(|f| *f == name)
        .map_or("", String::as_str)
}

/// The edges of the conversation graph, ignoring conditions (the analyser takes those
/// into account; this is the static check).
pub fn edges(scenario: &Scenario) -> BTreeMap<&str, Vec<&str>> {
    let time_up = scenario
        .time_up
        .as_deref()
        .filter(|_| scenario.minutes.is_some());
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, node) in &scenario.nodes {
        let out = edges.entry(id.as_str()).or_default();
        if let Some(next) = &node.next {
            out.push(next.as_str());
        }
        for choice in &node.choices {
            out.push(choice.next.as_str());
            // Time can run out on any choice that spends minutes.
            if let Some(t) = time_up.filter(|_| choice.minutes > 0) {
                out.push(t);
            }
        }
    }
    edges
}

fn graph_checks(scenario: &Scenario, at: &Locator<'_>, sink: &mut Sink<'_>) {
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
                    "unreachable-node",
                    at.node_key(id),
                    format!("node `{id}` can never be reached from `start`"),
                    "point a choice's `next` (or a node's `next`) at it, or remove it",
                );
            }
        }
        for id in scenario.endings.keys() {
            if !reached.contains(id.as_str()) {
                sink.warning(
                    "unreachable-ending",
                    at.ending_key(id),
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
    let mut finishes: BTreeSet<&str> = scenario.endings.keys().map(String::as_str).collect();
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
                "no-way-out",
                at.node_key(id),
                format!(
                    "from node `{id}` no ending can be reached: the conversation would never finish"
                ),
                "give one of its routes a way to an ending",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case() {
        assert!(is_kebab("first-meeting") && is_kebab("a1"));
        assert!(!is_kebab("First") && !is_kebab("a_b") && !is_kebab("-a") && !is_kebab(""));
    }
}
