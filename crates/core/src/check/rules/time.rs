//! Time: `minutes` and `time_up` go together; lengths of time are possible ones.

use crate::check::{Context, Sink};
use crate::diagnostic::Code;

/// Checks the appointment length, `time_up` and each choice's minutes.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let scenario = cx.scenario;
    let minutes = scenario.place.field("minutes");
    match (&scenario.time_up, scenario.minutes) {
        (Some(time_up), None) => sink.error(
            Code::TimeUpWithoutMinutes,
            time_up.span,
            "`time_up` is set but the scenario has no `minutes`, so time never runs out",
            "add `minutes: 30` (the appointment length) or remove `time_up`",
        ),
        (None, Some(_)) => sink.warning(
            Code::MinutesWithoutTimeUp,
            minutes,
            "the scenario has `minutes` but no `time_up`, so running out of time changes nothing",
            "add `time_up: \"some-ending-or-node\"` for what happens when the appointment runs out",
        ),
        _ => {}
    }
    if scenario.minutes == Some(0) {
        sink.error(
            Code::ZeroMinutes,
            minutes,
            "the appointment is 0 minutes long",
            "give the appointment length in minutes, e.g. 30",
        );
    }
    for choice in scenario.nodes.values().flat_map(|n| &n.choices) {
        if choice.minutes > 24 * 60 {
            sink.error(
                Code::MinutesOutOfRange,
                choice.place.field("minutes"),
                format!("choice `{}` takes {} minutes", choice.id, choice.minutes),
                "minutes is how long this part of the appointment takes, e.g. 2",
            );
        }
    }
}
