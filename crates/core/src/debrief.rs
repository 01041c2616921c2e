//! The debrief: what the trainee learns from a playthrough.
//!
//! Built from a [`Session`] (or a scenario and a trajectory), it gathers the ending, how the
//! person's dials moved, the scores and skill ratings (see [`crate::scoring`]), the key
//! moments, the missed opportunities, the "other chair" perspectives, the evidence to read
//! and the reflection questions. It serialises to JSON for tools and transcripts, and
//! [`Debrief::to_text`] lays it out for a terminal.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::framework::{Framework, Group};
use crate::model::{Choice, NamedState, Outcome, Scenario, Spanned};
use crate::runtime::{Session, Step};
use crate::scoring::{
    Rating, Scores, SkillScore, effective_weight, round1, score, step_choices, total_weight,
};

/// How one dial moved over the playthrough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DialTrace {
    /// The dial's name.
    pub name: String,
    /// Its value at the start.
    pub start: i32,
    /// Its value at the end.
    pub end: i32,
    /// Its value at the start, then after each decision (one more entry than decisions).
    pub values: Vec<i32>,
}

/// A choice that mattered: one of the most helpful or most harmful.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    /// Index of the decision in the trajectory (from 0).
    pub step: usize,
    /// The node.
    pub node: String,
    /// The choice id.
    pub choice: String,
    /// What the trainee said.
    pub say: String,
    /// Why it was or was not skilled.
    pub feedback: String,
    /// Total weight over all skills.
    pub weight: i32,
    /// The choice's skill weights.
    pub skills: BTreeMap<String, i32>,
    /// How the dials changed (only those that moved).
    pub dial_changes: BTreeMap<String, i32>,
    /// The pitfalls the choice fell into.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pitfalls: Vec<String>,
}

/// A pitfall the trainee fell into, with the choices that fell into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FellInto {
    /// Pitfall id.
    pub pitfall: String,
    /// Its name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Why it matters.
    pub why: String,
    /// Skill ids it undermines.
    pub undermines: Vec<String>,
    /// Bibliography id, and where in it to read.
    pub source: String,
    /// Where in the source.
    pub section: String,
    /// The decisions (index in the trajectory) and choices that fell into it.
    pub choices: Vec<Moment>,
    /// What it cost: the sum over those decisions of the best total weight on offer minus
    /// the weight of the choice made.
    pub cost: i32,
}

/// What a take-away is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TakeAwayKind {
    /// The most important strength.
    Strength,
    /// The most important thing to change.
    Change,
    /// The pitfall or missed moment that cost most.
    Cost,
}

/// One of the (at most three) things the debrief leads with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeAway {
    /// Strength, change or cost.
    pub kind: TakeAwayKind,
    /// One line.
    pub headline: String,
    /// A sentence or two: where, and why.
    pub detail: String,
    /// The decision it points at (index in the trajectory), if one.
    pub step: Option<usize>,
}

/// A decision where a clearly better option was on offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Missed {
    /// Index of the decision in the trajectory (from 0).
    pub step: usize,
    /// The node.
    pub node: String,
    /// The choice made.
    pub chosen: String,
    /// What the trainee said.
    pub chosen_say: String,
    /// Its total weight.
    pub chosen_weight: i32,
    /// The better option's id.
    pub better: String,
    /// What the trainee could have said.
    pub better_say: String,
    /// Its total weight.
    pub better_weight: i32,
    /// The better option's feedback.
    pub feedback: String,
    /// The better option's evidence (source ids).
    pub evidence: Vec<String>,
    /// The skill the better option would have used most beyond the choice made.
    #[serde(default)]
    pub skill: String,
}

/// How a choice felt to the person: the lived-experience voice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Perspective {
    /// Index of the decision in the trajectory (from 0).
    pub step: usize,
    /// The node.
    pub node: String,
    /// The choice id.
    pub choice: String,
    /// What the trainee said.
    pub say: String,
    /// How it felt.
    pub text: String,
}

/// A work to read, resolved from the bibliography (the id itself as the reference when the
/// bibliography does not have it).
pub type Reference = crate::framework::Source;

/// Everything the trainee is shown after a playthrough.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Debrief {
    /// Scenario id.
    pub scenario: String,
    /// Scenario title.
    pub title: String,
    /// The person's name.
    pub person: String,
    /// Who the person is: the author's character sheet, shown only after the conversation.
    #[serde(default)]
    pub person_background: String,
    /// At most three things to take away: the most important strength, the most important
    /// thing to change, and the pitfall or missed moment that cost most.
    #[serde(default)]
    pub take_aways: Vec<TakeAway>,
    /// The pitfalls fallen into, costliest first.
    #[serde(default)]
    pub pitfalls: Vec<FellInto>,
    /// Ending id (`None` if the conversation did not end).
    pub ending: Option<String>,
    /// Ending title.
    pub ending_title: Option<String>,
    /// How it went.
    pub outcome: Option<Outcome>,
    /// What happens next.
    pub ending_narration: Option<String>,
    /// Whether the clock ran out (play went to `time_up`).
    pub time_ran_out: bool,
    /// Minutes used.
    pub minutes_used: u32,
    /// Appointment length, if the scenario has one.
    pub minutes_available: Option<u32>,
    /// How each dial moved.
    pub dials: Vec<DialTrace>,
    /// The decisions made.
    pub trajectory: Vec<Step>,
    /// Composite scores (rounded to one decimal) and every skill's counts.
    pub scores: Scores,
    /// Skill id to rating.
    pub ratings: BTreeMap<String, Rating>,
    /// Up to three most helpful choices made, then up to three most harmful.
    pub key_moments: Vec<Moment>,
    /// Decisions where an option on offer was clearly better (by 2 or more in total weight,
    /// with no pitfall of its own) and the gain was not made up at the next decisions;
    /// costliest first.
    pub missed_opportunities: Vec<Missed>,
    /// How the choices made felt to the person, in order.
    pub perspectives: Vec<Perspective>,
    /// What to read: the scenario's sources, then the evidence of the choices made and of the
    /// missed options, without repeats.
    pub evidence: Vec<Reference>,
    /// The scenario's objectives.
    pub objectives: Vec<String>,
    /// Questions for the trainee.
    pub reflection: Vec<String>,
}

/// How many helpful (and harmful) key moments are shown.
pub const KEY_MOMENTS: usize = 3;
/// How much more total weight an option needs to count as a missed opportunity.
pub const MISSED_MARGIN: i32 = 2;
/// How many following decisions can make up for a missed opportunity.
pub const MAKE_UP_WITHIN: usize = 2;
/// Missed opportunities shown in full in the terminal; the rest are folded to one line.
pub const MISSED_IN_FULL: usize = 3;

fn dial_changes(step: &Step) -> BTreeMap<String, i32> {
    step.dials_after
        .iter()
        .map(|(k, after)| {
            (
                k.clone(),
                after - step.dials_before.get(k).copied().unwrap_or(0),
            )
        })
        .filter(|(_, d)| *d != 0)
        .collect()
}

fn moment(index: usize, step: &Step, choice: &Choice, framework: &Framework) -> Moment {
    Moment {
        step: index,
        node: step.node.clone(),
        choice: choice.id.to_string(),
        say: choice.say.clone(),
        feedback: choice.feedback.clone(),
        weight: total_weight(choice, framework),
        skills: choice.weights(),
        dial_changes: dial_changes(step),
        pitfalls: Scenario::plain(&choice.pitfalls),
    }
}

/// The skill `better` uses most beyond `chosen` (by effective weight), if any.
fn gain_skill(better: &Choice, chosen: &Choice, framework: &Framework) -> Option<(String, i32)> {
    better
        .skills
        .keys()
        .map(|s| {
            let b = effective_weight(better, s, framework);
            (s.to_string(), b, b - effective_weight(chosen, s, framework))
        })
        .filter(|(_, b, gain)| *b > 0 && *gain > 0)
        .max_by_key(|(s, _, gain)| (*gain, std::cmp::Reverse(s.clone())))
        .map(|(s, b, _)| (s, b))
}

impl Debrief {
    /// The debrief of a session (finished or not).
    pub fn new(session: &Session, framework: &Framework) -> Debrief {
        Debrief::from_trajectory(
            session.scenario(),
            session.trajectory(),
            session.ending(),
            framework,
        )
    }

    /// The debrief of a trajectory through a scenario.
    pub fn from_trajectory(
        scenario: &Scenario,
        trajectory: &[Step],
        ending: Option<&str>,
        framework: &Framework,
    ) -> Debrief {
        let mut scores = score(scenario, trajectory, framework);
        scores.relationship = scores.relationship.map(round1);
        scores.structuring = scores.structuring.map(round1);
        let ratings = scores.ratings();
        let ending_data = ending.and_then(|id| scenario.endings.get(id));
        // The ending reads true to the route: its variants are read on the dials and flags as
        // the last decision left them (beats passed through change neither).
        let start_dials: BTreeMap<String, i32> = scenario
            .dials
            .iter()
            .map(|(name, value)| {
                (
                    name.to_string(),
                    i32::from(crate::compile::clamp_dial(**value)),
                )
            })
            .collect();
        let no_flags = BTreeSet::new();
        let end_state = match trajectory.last() {
            Some(step) => NamedState {
                dials: &step.dials_after,
                flags: &step.flags_after,
            },
            None => NamedState {
                dials: &start_dials,
                flags: &no_flags,
            },
        };
        let shown = ending_data.map(|e| e.shown(&end_state));

        let dials = scenario
            .dials
            .iter()
            .map(|(name, value)| {
                // Beats passed through before the first decision change no dial.
                let start = i32::from(crate::compile::clamp_dial(**value));
                let mut values = vec![start];
                values.extend(
                    trajectory
                        .iter()
                        .map(|s| s.dials_after.get(name.as_str()).copied().unwrap_or(0)),
                );
                DialTrace {
                    name: name.to_string(),
                    start,
                    end: values.last().copied().unwrap_or(start),
                    values,
                }
            })
            .collect();

        let tw = |c: &Choice| total_weight(c, framework);
        let mut made: Vec<(usize, &Step, &Choice)> = Vec::new();
        // Per decision made: the best total weight on offer.
        let mut best_on_offer: Vec<i32> = Vec::new();
        let mut candidates: Vec<(Missed, i32)> = Vec::new();
        for (i, step) in trajectory.iter().enumerate() {
            let Some((offered, chosen)) = step_choices(scenario, step) else {
                continue;
            };
            made.push((i, step, chosen));
            best_on_offer.push(offered.iter().map(|c| tw(c)).max().unwrap_or(0));
            let chosen_weight = tw(chosen);
            // Only an option free of pitfalls is held up as what could have been said.
            let mut better: Option<&Choice> = None;
            for option in offered.iter().filter(|o| o.pitfalls.is_empty()) {
                let w = tw(option);
                if w - chosen_weight >= MISSED_MARGIN && better.is_none_or(|b| w > tw(b)) {
                    better = Some(option);
                }
            }
            if let Some(better) = better {
                let (skill, wanted) = gain_skill(better, chosen, framework).unwrap_or_default();
                candidates.push((
                    Missed {
                        step: i,
                        node: step.node.clone(),
                        chosen: chosen.id.to_string(),
                        chosen_say: chosen.say.clone(),
                        chosen_weight,
                        better: better.id.to_string(),
                        better_say: better.say.clone(),
                        better_weight: tw(better),
                        feedback: better.feedback.clone(),
                        evidence: Scenario::plain(&better.evidence),
                        skill,
                    },
                    wanted,
                ));
            }
        }
        // A missed chance made up at one of the next decisions (the same skill used well:
        // as strongly as the better option would have, or strongly) is not a missed chance.
        let made_up = |m: &Missed, wanted: i32| -> bool {
            !m.skill.is_empty()
                && made
                    .iter()
                    .filter(|(i, _, _)| *i > m.step)
                    .take(MAKE_UP_WITHIN)
                    .any(|(_, _, c)| {
                        effective_weight(c, &m.skill, framework)
                            >= wanted.min(crate::scoring::DECISIVE)
                    })
        };
        let mut missed: Vec<Missed> = candidates
            .into_iter()
            .filter(|(m, wanted)| !made_up(m, *wanted))
            .map(|(m, _)| m)
            .collect();
        missed.sort_by_key(|m| (m.chosen_weight - m.better_weight, m.step));

        // What helped never includes a choice that fell into a pitfall.
        let mut helpful: Vec<&(usize, &Step, &Choice)> = made
            .iter()
            .filter(|(_, _, c)| tw(c) > 0 && c.pitfalls.is_empty())
            .collect();
        helpful.sort_by_key(|(i, _, c)| (-tw(c), *i));
        let mut harmful: Vec<&(usize, &Step, &Choice)> = made
            .iter()
            .filter(|(_, _, c)| tw(c) < 0 || (!c.pitfalls.is_empty() && tw(c) <= 0))
            .collect();
        harmful.sort_by_key(|(i, _, c)| (tw(c), *i));
        let key_moments: Vec<Moment> = helpful
            .into_iter()
            .take(KEY_MOMENTS)
            .chain(harmful.into_iter().take(KEY_MOMENTS))
            .map(|(i, s, c)| moment(*i, s, c, framework))
            .collect();

        let mut pitfalls: Vec<FellInto> = Vec::new();
        for (k, (i, step, chosen)) in made.iter().enumerate() {
            for id in &chosen.pitfalls {
                let Some(known) = framework.pitfalls.get(id) else {
                    continue;
                };
                let entry = match pitfalls.iter().position(|p| p.pitfall == known.id) {
                    Some(at) => &mut pitfalls[at],
                    None => {
                        pitfalls.push(FellInto {
                            pitfall: known.id.clone(),
                            name: known.name.clone(),
                            description: known.description.clone(),
                            why: known.why.clone(),
                            undermines: known.undermines.clone(),
                            source: known.source.clone(),
                            section: known.section.clone(),
                            choices: Vec::new(),
                            cost: 0,
                        });
                        let last = pitfalls.len() - 1;
                        &mut pitfalls[last]
                    }
                };
                entry.cost += (best_on_offer[k] - tw(chosen)).max(0);
                entry.choices.push(moment(*i, step, chosen, framework));
            }
        }
        pitfalls.sort_by_key(|p| (-p.cost, p.choices.first().map_or(0, |m| m.step)));

        let perspectives = made
            .iter()
            .filter_map(|(i, s, c)| {
                c.perspective.as_ref().map(|text| Perspective {
                    step: *i,
                    node: s.node.clone(),
                    choice: c.id.to_string(),
                    say: c.say.clone(),
                    text: text.clone(),
                })
            })
            .collect();

        let mut seen = BTreeSet::new();
        let evidence = scenario
            .sources
            .iter()
            .map(Spanned::as_str)
            .chain(
                made.iter()
                    .flat_map(|(_, _, c)| c.evidence.iter().map(Spanned::as_str)),
            )
            .chain(
                missed
                    .iter()
                    .flat_map(|m| m.evidence.iter().map(String::as_str)),
            )
            .filter(|id| seen.insert(*id))
            .map(|id| match framework.sources.get(id) {
                Some(source) => Reference {
                    id: id.to_string(),
                    reference: source.reference.clone(),
                    note: source.note.clone(),
                    url: source.url.clone(),
                },
                None => Reference {
                    id: id.to_string(),
                    reference: id.to_string(),
                    note: String::new(),
                    url: None,
                },
            })
            .collect();

        let take_aways = take_aways(&scores, &key_moments, &missed, &pitfalls, framework);
        Debrief {
            scenario: scenario.id.to_string(),
            title: scenario.title.clone(),
            person: scenario.person.name.clone(),
            person_background: scenario.person.background.clone(),
            take_aways,
            pitfalls,
            ending: ending_data.and(ending.map(str::to_string)),
            ending_title: shown.map(|e| e.title.to_string()),
            outcome: ending_data.map(|e| e.outcome),
            ending_narration: shown.and_then(|e| e.narration.map(str::to_string)),
            time_ran_out: trajectory.iter().any(|s| s.time_up),
            minutes_used: trajectory.last().map_or(0, |s| s.minutes_after),
            minutes_available: scenario.minutes,
            dials,
            trajectory: trajectory.to_vec(),
            scores,
            ratings,
            key_moments,
            missed_opportunities: missed,
            perspectives,
            evidence,
            objectives: Scenario::plain(&scenario.objectives),
            reflection: Scenario::plain(&scenario.reflection),
        }
    }

    /// The debrief laid out as plain text, wrapped to `width` columns (at least 40).
    pub fn to_text(&self, width: usize) -> String {
        let width = width.max(40);
        let mut out = Text::new(width);
        let skill_name = |skill: &SkillScore| -> String {
            if skill.name.is_empty() {
                skill.skill.replace('_', " ")
            } else {
                skill.name.clone()
            }
        };

        out.heading(&format!("Debrief: {}", self.title));
        match (&self.ending_title, self.outcome) {
            (Some(title), Some(outcome)) => {
                out.para(&format!("Ending: {title} ({})", outcome.label()), "", "  ");
            }
            _ => out.para("The conversation did not reach an ending.", "", "  "),
        }
        if let Some(narration) = &self.ending_narration {
            out.para(narration, "  ", "  ");
        }
        let decisions = self.trajectory.len();
        let plural = if decisions == 1 { "" } else { "s" };
        let time = match self.minutes_available {
            Some(limit) => format!(
                "{decisions} decision{plural}, {} of {limit} minutes used{}.",
                self.minutes_used,
                if self.time_ran_out {
                    " (time ran out)"
                } else {
                    ""
                }
            ),
            None => format!("{decisions} decision{plural}."),
        };
        out.para(&time, "", "  ");

        if !self.take_aways.is_empty() {
            out.heading("To take away");
            for (i, t) in self.take_aways.iter().enumerate() {
                let n = format!("  {}. ", i + 1);
                let indent = " ".repeat(n.len());
                out.para(&t.headline, &n, &indent);
                out.para(&t.detail, &indent, &indent);
            }
        }

        if !self.person_background.is_empty() {
            out.heading(&format!("Who {} is", self.person));
            out.para(&self.person_background, "  ", "  ");
        }

        if !self.dials.is_empty() {
            out.heading(&format!("How things moved for {}", self.person));
            let name_width = self.dials.iter().map(|d| d.name.len()).max().unwrap_or(0);
            for dial in &self.dials {
                let path: Vec<String> = dedup_runs(&dial.values)
                    .iter()
                    .map(i32::to_string)
                    .collect();
                let change = dial.end - dial.start;
                let line = format!(
                    "{:<name_width$}  {}  ({}{change})",
                    dial.name,
                    path.join(" > "),
                    if change > 0 { "+" } else { "" },
                );
                out.para(&line, "  ", &" ".repeat(name_width + 4));
            }
        }

        out.heading("Scores (0-100, against the options you had)");
        for group in Group::ALL {
            let value = self.scores.composite(group).map_or_else(
                || "not scored (your options never differed on these skills)".to_string(),
                |v| format!("{v:.1}"),
            );
            out.para(
                &format!("{:<20} {value}", group.label()),
                "  ",
                &" ".repeat(23),
            );
        }

        out.heading("Skills");
        out.para(
            "A chance is a decision where one of the options on offer used the skill.",
            "  ",
            "  ",
        );
        let mut not_applicable = Vec::new();
        for group in Group::ALL {
            for skill in self.scores.skills.iter().filter(|s| s.group == group) {
                if skill.rating == Rating::NotApplicable {
                    not_applicable.push(skill_name(skill));
                    continue;
                }
                let times = |n: u32, what: &str| {
                    format!("{what} {n} time{}", if n == 1 { "" } else { "s" })
                };
                let mut parts = Vec::new();
                if skill.opportunities > 0 {
                    parts.push(format!(
                        "used at {} of {} chance{} ({} of {} possible)",
                        skill.used,
                        skill.opportunities,
                        if skill.opportunities == 1 { "" } else { "s" },
                        skill.achieved,
                        skill.possible
                    ));
                }
                if skill.pitfalls > 0 {
                    parts.push(times(skill.pitfalls, "undermined by a pitfall"));
                }
                if skill.counter > 0 {
                    parts.push(times(skill.counter, "worked against it"));
                }
                let detail = parts.join(", ");
                out.para(
                    &format!(
                        "{:<19}{}: {detail}",
                        skill.rating.label(),
                        skill_name(skill)
                    ),
                    "  ",
                    &" ".repeat(21),
                );
            }
        }
        if !not_applicable.is_empty() {
            out.para(
                &format!("Not applicable here: {}.", not_applicable.join(", ")),
                "  ",
                "  ",
            );
        }

        let (helpful, harmful): (Vec<&Moment>, Vec<&Moment>) =
            self.key_moments.iter().partition(|m| m.weight > 0);
        for (title, moments) in [("What helped most", helpful), ("What hurt most", harmful)] {
            if moments.is_empty() {
                continue;
            }
            out.heading(title);
            for m in moments {
                out.para(&format!("\"{}\"", m.say), "  - ", "    ");
                if !m.feedback.is_empty() {
                    out.para(&m.feedback, "    ", "    ");
                }
                if !m.dial_changes.is_empty() {
                    let changes: Vec<String> = m
                        .dial_changes
                        .iter()
                        .map(|(k, d)| format!("{k} {}{d}", if *d > 0 { "+" } else { "" }))
                        .collect();
                    out.para(&format!("({})", changes.join(", ")), "    ", "    ");
                }
            }
        }

        if !self.pitfalls.is_empty() {
            out.heading("Pitfalls you fell into");
            for p in &self.pitfalls {
                out.para(&format!("{}: {}", p.name, p.description), "  - ", "    ");
                for m in &p.choices {
                    out.para(&format!("At `{}`: \"{}\"", m.node, m.say), "    ", "      ");
                }
                let source = if p.section.is_empty() {
                    format!("({})", p.source)
                } else {
                    format!("({} {})", p.source, p.section)
                };
                out.para(
                    &format!("Why it matters: {} {source}", p.why),
                    "    ",
                    "    ",
                );
            }
        }

        if !self.missed_opportunities.is_empty() {
            out.heading("Missed opportunities");
            let (full, folded) = self
                .missed_opportunities
                .split_at(self.missed_opportunities.len().min(MISSED_IN_FULL));
            for m in full {
                out.para(&format!("You said: \"{}\"", m.chosen_say), "  - ", "    ");
                out.para(
                    &format!("You could have said: \"{}\"", m.better_say),
                    "    ",
                    "    ",
                );
                if !m.feedback.is_empty() {
                    out.para(&m.feedback, "    ", "    ");
                }
                if !m.evidence.is_empty() {
                    out.para(&format!("See: {}", m.evidence.join(", ")), "    ", "    ");
                }
            }
            if !folded.is_empty() {
                out.para(
                    &format!(
                        "{} smaller one{} (`rapport debrief --json` has them in full):",
                        folded.len(),
                        if folded.len() == 1 { "" } else { "s" }
                    ),
                    "  ",
                    "  ",
                );
                for m in folded {
                    out.para(
                        &format!("at `{}`: \"{}\"", m.node, first_sentence(&m.better_say)),
                        "  - ",
                        "    ",
                    );
                }
            }
        }

        if !self.perspectives.is_empty() {
            out.heading(&format!("How it felt to {}", self.person));
            for p in &self.perspectives {
                out.para(&format!("\"{}\"", p.text), "  - ", "    ");
            }
        }

        if !self.objectives.is_empty() {
            out.heading("The objectives were");
            for o in &self.objectives {
                out.para(o, "  - ", "    ");
            }
        }

        if !self.evidence.is_empty() {
            out.heading("To read");
            for r in &self.evidence {
                let mut text = format!("[{}] {}", r.id, r.reference);
                if let Some(url) = &r.url {
                    text.push(' ');
                    text.push_str(url);
                }
                out.para(&text, "  - ", "    ");
            }
        }

        if !self.reflection.is_empty() {
            out.heading("To reflect on");
            for (i, q) in self.reflection.iter().enumerate() {
                let n = format!("  {}. ", i + 1);
                let indent = " ".repeat(n.len());
                out.para(q, &n, &indent);
            }
        }
        out.finish()
    }
}

/// The skill's name for people.
fn skill_label(id: &str, framework: &Framework) -> String {
    framework
        .skills
        .get(id)
        .map_or_else(|| id.replace('_', " "), |s| s.name.clone())
}

/// The first sentence of a text (for one-line summaries).
fn first_sentence(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(i, c)| {
            matches!(c, '.' | '!' | '?')
                && text[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text[..end].trim()
}

/// The (at most three) things to take away.
fn take_aways(
    scores: &Scores,
    moments: &[Moment],
    missed: &[Missed],
    pitfalls: &[FellInto],
    framework: &Framework,
) -> Vec<TakeAway> {
    let mut out = Vec::new();
    // Strength: the most helpful choice (never a pitfall), named by its strongest skill
    // that was rated Satisfactory, if any.
    if let Some(best) = moments.iter().find(|m| m.weight > 0) {
        let rated = |id: &str| scores.skill(id).map(|s| s.rating);
        let skill = best
            .skills
            .iter()
            .filter(|(_, w)| **w > 0)
            .max_by_key(|(id, w)| (rated(id) == Some(Rating::Satisfactory), **w))
            .map(|(id, _)| skill_label(id, framework));
        out.push(TakeAway {
            kind: TakeAwayKind::Strength,
            headline: match skill {
                Some(skill) => format!("Keep doing: {skill}"),
                None => "Keep doing this".to_string(),
            },
            detail: format!(
                "At `{}` you said {} {}",
                best.node,
                quoted(&best.say),
                first_sentence(&best.feedback)
            ),
            step: Some(best.step),
        });
    }
    // Change: the skill with most left on the table among those not rated Satisfactory.
    let change = scores
        .skills
        .iter()
        .filter(|s| {
            matches!(
                s.rating,
                Rating::NeedsImprovement | Rating::MissedOpportunity
            )
        })
        .max_by_key(|s| {
            (
                s.possible - s.achieved + 2 * i32::try_from(s.pitfalls + s.counter).unwrap_or(0),
                std::cmp::Reverse(s.skill.clone()),
            )
        });
    if let Some(skill) = change {
        let name = skill_label(&skill.skill, framework);
        let example = missed.iter().find(|m| m.skill == skill.skill);
        out.push(TakeAway {
            kind: TakeAwayKind::Change,
            headline: format!("Work on: {name} ({})", skill.rating.label().to_lowercase()),
            detail: match example {
                Some(m) => format!(
                    "{} For example, at `{}` you could have said \"{}\"",
                    how_it_went(skill),
                    m.node,
                    m.better_say
                ),
                None => how_it_went(skill),
            },
            step: example.map(|m| m.step),
        });
    }
    // Cost: the pitfall or missed moment that cost most.
    let pitfall = pitfalls.first();
    let moment = missed.first();
    let pitfall_cost = pitfall.map_or(-1, |p| p.cost);
    let missed_cost = moment.map_or(-1, |m| m.better_weight - m.chosen_weight);
    if let Some(p) = pitfall.filter(|_| pitfall_cost >= missed_cost) {
        let at = p.choices.first();
        out.push(TakeAway {
            kind: TakeAwayKind::Cost,
            headline: format!("What cost most: {}", p.name.to_lowercase()),
            detail: format!(
                "{}{} {}",
                at.map(|m| format!("At `{}` you said {} ", m.node, quoted(&m.say)))
                    .unwrap_or_default(),
                p.description,
                p.why
            ),
            step: at.map(|m| m.step),
        });
    } else if let Some(m) = moment {
        out.push(TakeAway {
            kind: TakeAwayKind::Cost,
            headline: format!("What cost most: a missed moment at `{}`", m.node),
            detail: format!(
                "You said \"{}\"; you could have said \"{}\". {}",
                m.chosen_say,
                m.better_say,
                first_sentence(&m.feedback)
            ),
            step: Some(m.step),
        });
    }
    out
}

/// Words said, in quotation marks, closing the sentence: a full stop after the quotation
/// only when the words do not already end one (`"What's not clear?"`, not `"...clear?".`).
fn quoted(say: &str) -> String {
    let say = say.trim();
    if say.ends_with(['.', '!', '?']) {
        format!("\"{say}\"")
    } else {
        format!("\"{say}\".")
    }
}

/// One sentence on how a skill went.
fn how_it_went(skill: &SkillScore) -> String {
    let mut parts = vec![format!(
        "You earned {} of the {} points on offer for it",
        skill.achieved, skill.possible
    )];
    if skill.pitfalls > 0 {
        parts.push(format!(
            "fell into a pitfall that undermines it {} time{}",
            skill.pitfalls,
            if skill.pitfalls == 1 { "" } else { "s" }
        ));
    }
    if skill.counter > 0 {
        parts.push(format!(
            "worked against it {} time{}",
            skill.counter,
            if skill.counter == 1 { "" } else { "s" }
        ));
    }
    format!("{}.", parts.join(", "))
}

/// Values with consecutive repeats removed (a dial that did not move is shown once).
fn dedup_runs(values: &[i32]) -> Vec<i32> {
    let mut out: Vec<i32> = Vec::with_capacity(values.len());
    for v in values {
        if out.last() != Some(v) {
            out.push(*v);
        }
    }
    out
}

/// A small text builder: headings and wrapped paragraphs.
struct Text {
    width: usize,
    out: String,
}

impl Text {
    fn new(width: usize) -> Text {
        Text {
            width,
            out: String::new(),
        }
    }

    fn heading(&mut self, title: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.para(title, "", "");
        let underline = "-".repeat(textwrap::core::display_width(title).min(self.width));
        self.out.push_str(&underline);
        self.out.push('\n');
    }

    fn para(&mut self, text: &str, first: &str, rest: &str) {
        let options = textwrap::Options::new(self.width)
            .initial_indent(first)
            .subsequent_indent(rest);
        for line in textwrap::wrap(text, options) {
            self.out.push_str(line.trim_end());
            self.out.push('\n');
        }
    }

    fn finish(self) -> String {
        self.out
    }
}

/// Wraps text to a width with indents (for players).
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut t = Text::new(width.max(20));
    t.para(text, first, rest);
    t.finish()
}
