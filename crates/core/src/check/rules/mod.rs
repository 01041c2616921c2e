//! The checker's rules, one concern a file. Each reads the scenario (with the places it
//! was written) from the [`Context`] and reports to the [`Sink`], and goes on, so one run
//! finds every problem. Values that were not written in the file (placeholders for a
//! missing field, already reported when the file was read) have empty spans and are
//! skipped.

use super::{Context, Sink};

pub mod balance;
pub mod conditions;
pub mod dials;
pub mod feedback;
pub mod flags;
pub mod graph;
pub mod ids;
pub mod language;
pub mod pitfalls;
pub mod skills;
pub mod sources;
pub mod targets;
pub mod texts;
pub mod time;
pub mod weights;

/// A rule: checks one concern of a scenario.
pub type Rule = fn(&Context<'_>, &mut Sink<'_>);

/// Every rule, in the order they run.
pub const ALL: &[Rule] = &[
    ids::check,
    texts::check,
    targets::check,
    time::check,
    dials::check,
    flags::check,
    sources::check,
    conditions::check,
    skills::check,
    pitfalls::check,
    weights::check,
    feedback::check,
    graph::check,
    balance::check,
    language::check,
];

/// Runs every rule.
pub fn check_all(cx: &Context<'_>, sink: &mut Sink<'_>) {
    for rule in ALL {
        rule(cx, sink);
    }
}
