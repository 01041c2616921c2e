//! Conditions: each `requires` and `when` parses (it was parsed once, when the file was
//! read) and names only declared dials and flags.

use crate::check::context::{list, suggestion};
use crate::check::{Context, Sink};
use crate::diagnostic::Code;
use crate::model::Expression;

/// Checks every condition.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for (expression, site, _) in cx.scenario.conditions() {
        condition(cx, sink, expression, site.label());
    }
}

fn condition(cx: &Context<'_>, sink: &mut Sink<'_>, expression: &Expression, what: &str) {
    if !expression.text.is_written() {
        return; // missing, already reported
    }
    let scenario = cx.scenario;
    let condition = match &expression.parsed {
        Ok(condition) => condition,
        Err(e) => {
            sink.error(
                Code::BadCondition,
                cx.in_condition(expression, e.offset, e.len),
                format!(
                    "the {what} condition `{expression}` does not parse: {}",
                    e.message
                ),
                e.hint.clone(),
            );
            return;
        }
    };
    for ident in condition.dials() {
        if scenario.has_dial(&ident.name) {
            continue;
        }
        let hint = if scenario.has_flag(&ident.name) {
            format!(
                "`{}` is a flag: test it on its own, e.g. `{}` or `!{}`",
                ident.name, ident.name, ident.name
            )
        } else {
            let names = cx.dial_names();
            suggestion(&ident.name, names.iter().copied(), "dials", &list(&names))
        };
        sink.error(
            Code::UnknownDial,
            cx.in_condition(expression, ident.offset, ident.name.len()),
            format!(
                "the {what} condition compares `{}`, which is not a declared dial",
                ident.name
            ),
            hint,
        );
    }
    for ident in condition.flags() {
        if scenario.has_flag(&ident.name) {
            continue;
        }
        let hint = if scenario.has_dial(&ident.name) {
            format!(
                "`{}` is a dial: compare it, e.g. `{} >= 40`",
                ident.name, ident.name
            )
        } else {
            let names = cx.flag_names();
            format!(
                "declare it in `flags: [...]`, or {}",
                suggestion(&ident.name, names.iter().copied(), "flags", &list(&names))
            )
        };
        sink.error(
            Code::UnknownFlag,
            cx.in_condition(expression, ident.offset, ident.name.len()),
            format!(
                "the {what} condition tests `{}`, which is not a declared flag",
                ident.name
            ),
            hint,
        );
    }
}
