//! The text report of `rapport analyse`, for people.

use std::fmt::Write as _;

use crate::report::{Analysis, EndingRoutes, RouteCount, Snapshot};

/// Lines of the report are wrapped at this width.
const WIDTH: usize = 88;

/// A route as its choices, or "(no choices)".
fn route_text(route: &[String]) -> String {
    if route.is_empty() {
        "(no choices)".into()
    } else {
        route.join(" → ")
    }
}

/// Writes `text` wrapped, each line indented by `indent`.
fn wrap(out: &mut String, indent: &str, text: &str) {
    // Choice ids are hyphenated: break only at spaces, so an id stays whole.
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for line in textwrap::wrap(text, options) {
        let _ = writeln!(out, "{line}");
    }
}

impl Analysis {
    /// The report for people.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Analysis of `{}` ({})", self.scenario, self.title);
        let _ = writeln!(
            out,
            "  {} states, {} transitions explored exactly in {:.1} ms{}",
            self.states,
            self.transitions,
            self.millis,
            if self.complete {
                ""
            } else {
                " (STOPPED at the state limit: the report is partial)"
            }
        );
        if !self.tracked_dials.is_empty() || !self.tracked_flags.is_empty() {
            let _ = writeln!(
                out,
                "  (conditions read dials: {}; flags: {})",
                none_or(&self.tracked_dials),
                none_or(&self.tracked_flags)
            );
        }
        let _ = writeln!(out);

        if !self.complete {
            wrap(
                &mut out,
                "  ",
                "NOTE: only part of the state space was explored (raise --max-states to explore \
                 more). What is reported as reached was reached; what is reported as never \
                 reached, never on offer, looping or unable to finish may only be beyond the \
                 explored part, and counts and scores cover the explored routes only.",
            );
            let busiest: Vec<String> = self
                .busiest
                .iter()
                .map(|b| {
                    let dials: Vec<String> = b
                        .dial_values
                        .iter()
                        .map(|(d, n)| format!("{n} {d}"))
                        .collect();
                    format!(
                        "`{}` {} states ({} values; {} flag sets; {} clock readings)",
                        b.node,
                        b.states,
                        dials.join(", "),
                        b.flag_sets,
                        b.minutes
                    )
                })
                .collect();
            if !busiest.is_empty() {
                wrap(
                    &mut out,
                    "  ",
                    &format!(
                        "Most states are at {}. See \"Keeping a scenario analysable\" in \
                         docs/authoring.md.",
                        busiest.join("; ")
                    ),
                );
            }
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "Reachability");
        for (what, reached, unreached) in [
            ("nodes", &self.reachable_nodes, &self.unreachable_nodes),
            (
                "endings",
                &self.reachable_endings,
                &self.unreachable_endings,
            ),
        ] {
            let total = reached.len() + unreached.len();
            let _ = writeln!(out, "  {what}: {} of {total} reachable", reached.len());
            if !unreached.is_empty() {
                wrap(
                    &mut out,
                    "    ",
                    &format!("never reached: {}", unreached.join(", ")),
                );
            }
        }
        for n in &self.never_offered {
            wrap(
                &mut out,
                "  ",
                &format!(
                    "choice `{}` at `{}` is never on offer: `{}` never holds when play is there",
                    n.choice, n.node, n.requires
                ),
            );
        }
        let _ = writeln!(out);

        let _ = writeln!(out, "Dead ends and loops");
        if self.stuck.is_empty()
            && self.errors.is_empty()
            && self.traps.is_empty()
            && self.states_without_ending == 0
        {
            let _ = writeln!(
                out,
                "  none: from every reachable state some ending can be reached"
            );
        }
        for s in &self.stuck {
            wrap(
                &mut out,
                "  ",
                &format!(
                    "STUCK at `{}`: no choice is on offer in {} state(s), e.g. {} after {}",
                    s.node,
                    s.states,
                    snapshot_text(&s.example),
                    route_text(&s.route)
                ),
            );
            for (choice, condition) in &s.conditions {
                let _ = writeln!(out, "      `{choice}` requires {condition}");
            }
        }
        for e in &self.errors {
            wrap(
                &mut out,
                "  ",
                &format!("ERROR {} (route: {})", e.message, route_text(&e.route)),
            );
        }
        for t in &self.traps {
            wrap(
                &mut out,
                "  ",
                &format!(
                    "LOOP with no way out: {} ({} states; choices {}), entered by {}",
                    t.nodes.join(", "),
                    t.states,
                    t.choices.join(", "),
                    route_text(&t.route)
                ),
            );
        }
        if self.states_without_ending > 0 {
            let _ = writeln!(
                out,
                "  {} reachable state(s) cannot reach any ending",
                self.states_without_ending
            );
        }
        let _ = writeln!(out);

        let _ = writeln!(out, "Routes");
        let _ = writeln!(out, "  {} route(s) to an ending", self.routes.describe());
        if let RouteCount::Infinite { loop_nodes } = &self.routes {
            wrap(
                &mut out,
                "    ",
                &format!(
                    "(play can go round {} any number of times and still finish)",
                    loop_nodes.join(", ")
                ),
            );
        }
        for e in &self.endings {
            let minutes = if self.timed {
                format!(", {} min", e.minutes)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {} ({}): {} route(s); shortest {} choice(s){minutes}{}",
                e.ending,
                e.outcome.label(),
                e.routes.describe(),
                e.shortest.len(),
                if e.by_time_up {
                    ", by running out of time"
                } else {
                    ""
                }
            );
            wrap(&mut out, "      ", &route_text(&e.shortest));
            ending_ranges(&mut out, e);
        }
        let _ = writeln!(out);

        let _ = writeln!(out, "Composite scores (exact, over every route)");
        for c in &self.composites {
            let _ = writeln!(out, "  {}", c.group.label());
            for (label, extreme) in [("best", &c.best), ("worst", &c.worst)] {
                match extreme {
                    None => {
                        let _ = writeln!(
                            out,
                            "    {label}: not scored (no decision's options differ for this group)"
                        );
                    }
                    Some(x) => {
                        let limit = if x.repeat.is_some() {
                            "approaching "
                        } else {
                            ""
                        };
                        let _ = writeln!(
                            out,
                            "    {label}: {limit}{:.1} ({}/{}), ending `{}`",
                            x.score, x.numerator, x.denominator, x.ending
                        );
                        wrap(&mut out, "      ", &route_text(&x.route));
                        if let Some(r) = &x.repeat {
                            wrap(
                                &mut out,
                                "      ",
                                &format!("(a limit: go round {} again and again)", route_text(r)),
                            );
                        }
                    }
                }
            }
        }
        let _ = writeln!(out);

        let b = &self.balance;
        if b.decisions > 0 {
            let _ = writeln!(out, "Balance");
            wrap(
                &mut out,
                "  ",
                &format!(
                    "at {} of {} decisions ({:.0}%) the best option is also the longest line; \
                     clearly (more than 1.2 times the next) at {}",
                    b.best_longest,
                    b.decisions,
                    100.0 * b.best_longest as f64 / b.decisions as f64,
                    b.best_clearly_longest
                ),
            );
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "Skills: the decisions that offer them");
        for s in &self.skills {
            if s.decisions.is_empty() {
                let _ = writeln!(out, "  {:<28} never offered", s.skill);
            } else {
                let list: Vec<String> = s
                    .decisions
                    .iter()
                    .map(|(node, choices)| format!("{node} ({})", choices.join(", ")))
                    .collect();
                wrap(
                    &mut out,
                    "  ",
                    &format!("{:<28} {}", s.skill, list.join("; ")),
                );
            }
        }
        out
    }
}

/// What the routes to one ending hold: each dial's range and each composite's, and a poor
/// route that reaches a Positive ending.
fn ending_ranges(out: &mut String, e: &EndingRoutes) {
    if !e.dials.is_empty() {
        let dials: Vec<String> = e
            .dials
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d.dial,
                    span(f64::from(d.low), f64::from(d.high), 0)
                )
            })
            .collect();
        wrap(
            out,
            "      ",
            &format!("dials on arrival: {}", dials.join(", ")),
        );
    }
    let composites: Vec<String> = e
        .composites
        .iter()
        .filter_map(|g| {
            let (best, worst) = (g.best.as_ref()?, g.worst.as_ref()?);
            Some(format!(
                "{} {}",
                g.group.label(),
                span(worst.score, best.score, 1)
            ))
        })
        .collect();
    if !composites.is_empty() {
        wrap(
            out,
            "      ",
            &format!("composites: {}", composites.join(", ")),
        );
    }
    if let Some((group, worst)) = e.poor_route() {
        wrap(
            out,
            "      ",
            &format!(
                "WARNING a poor route reaches this Positive ending: {} {:.1} by {}",
                group.label(),
                worst.score,
                route_text(&worst.route)
            ),
        );
    }
}

/// `low..high`, or one number when they are the same.
fn span(low: f64, high: f64, decimals: usize) -> String {
    if (high - low).abs() < 1e-9 {
        format!("{low:.decimals$}")
    } else {
        format!("{low:.decimals$}..{high:.decimals$}")
    }
}

/// A list joined with commas, or "none".
fn none_or(items: &[String]) -> String {
    if items.is_empty() {
        "none".into()
    } else {
        items.join(", ")
    }
}

/// A state as its dial values, flags and clock.
fn snapshot_text(s: &Snapshot) -> String {
    let mut parts: Vec<String> = s.dials.iter().map(|(k, v)| format!("{k} {v}")).collect();
    if !s.flags.is_empty() {
        parts.push(format!("flags {}", s.flags.join(", ")));
    }
    if let Some(m) = &s.minutes {
        parts.push(format!("{m} min used"));
    }
    if s.time_up_fired {
        parts.push("after time ran out".into());
    }
    if parts.is_empty() {
        "the start".into()
    } else {
        parts.join(", ")
    }
}
