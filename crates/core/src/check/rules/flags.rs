//! Flags: declared once, not also dials, set and cleared only when declared, and both set
//! and tested somewhere.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::context::{list, suggestion};
use crate::check::{Context, Sink};
use crate::compile::MAX_FLAGS;
use crate::diagnostic::{Code, Span};

/// Checks the declared flags and every `set` and `clear`.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let scenario = cx.scenario;
    let mut declared = BTreeSet::new();
    for flag in &scenario.flags {
        let first = declared.insert(flag.as_str());
        if first && declared.len() == MAX_FLAGS + 1 {
            let total = scenario
                .flags
                .iter()
                .map(|f| f.as_str())
                .collect::<BTreeSet<_>>()
                .len();
            sink.error(
                Code::TooManyFlags,
                flag.span,
                format!(
                    "the scenario declares {total} flags; a conversation holds at most {MAX_FLAGS}"
                ),
                "remove flags that no condition reads, or use a dial to count",
            );
        }
        if !first {
            sink.warning(
                Code::DuplicateFlag,
                flag.span,
                format!("flag `{flag}` is declared twice"),
                "declare each flag once",
            );
        }
        if scenario.has_dial(flag) {
            sink.error(
                Code::FlagIsDial,
                flag.span,
                format!("`{flag}` is both a dial and a flag"),
                "give the flag a different name",
            );
        }
    }

    let names = cx.flag_names();
    // Where each flag is first tested (variants, then choices, node by node) and which
    // flags some choice sets.
    let mut tested: BTreeMap<&str, Span> = BTreeMap::new();
    let mut set: BTreeSet<&str> = BTreeSet::new();
    for (expression, _, span) in scenario.conditions() {
        for ident in expression
            .condition()
            .map(|c| c.flags())
            .unwrap_or_default()
        {
            if let Some(flag) = scenario.flags.iter().find(|f| **f == ident.name) {
                tested.entry(flag.as_str()).or_insert(span);
            }
        }
    }
    for node in scenario.nodes.values() {
        for choice in &node.choices {
            for (verb, flags) in [("set", &choice.set), ("clear", &choice.clear)] {
                for flag in flags {
                    if verb == "set" {
                        set.insert(flag.as_str());
                    }
                    if !scenario.has_flag(flag) {
                        sink.error(
                            Code::UnknownFlag,
                            flag.span,
                            format!(
                                "choice `{}` {verb}s `{flag}`, which is not a declared flag",
                                choice.id
                            ),
                            format!(
                                "declare it in `flags: [...]`, or {}",
                                suggestion(flag, names.iter().copied(), "flags", &list(&names))
                            ),
                        );
                    }
                }
            }
        }
    }
    for (flag, span) in &tested {
        if !set.contains(flag) {
            sink.warning(
                Code::FlagNeverSet,
                *span,
                format!("flag `{flag}` is tested but no choice sets it, so it is always false"),
                format!("add `set: [\"{flag}\"]` to the choice that should turn it on"),
            );
        }
    }
    for flag in &scenario.flags {
        if !tested.contains_key(flag.as_str()) && !set.contains(flag.as_str()) {
            sink.warning(
                Code::UnusedFlag,
                flag.span,
                format!("flag `{flag}` is declared but never set or tested"),
                "use it in a `set:` and a condition, or remove it",
            );
        }
    }
}
