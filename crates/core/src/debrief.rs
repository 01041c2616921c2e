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
use crate::model::{Choice, Outcome, Scenario, Spanned};
use crate::runtime::{Session, Step};
use crate::scoring::{Rating, Scores, round1, score, step_choices, total_weight};

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
    /// Decisions where an option on offer was clearly better (by 2 or more in total weight).
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

fn moment(index: usize, step: &Step, choice: &Choice) -> Moment {
    Moment {
        step: index,
        node: step.node.clone(),
        choice: choice.id.to_string(),
        say: choice.say.clone(),
        feedback: choice.feedback.clone(),
        weight: total_weight(choice),
        skills: choice.weights(),
        dial_changes: dial_changes(step),
    }
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

        let mut made: Vec<(usize, &Step, &Choice)> = Vec::new();
        let mut missed = Vec::new();
        for (i, step) in trajectory.iter().enumerate() {
            let Some((offered, chosen)) = step_choices(scenario, step) else {
                continue;
            };
            made.push((i, step, chosen));
            let chosen_weight = total_weight(chosen);
            let mut better: Option<&Choice> = None;
            for option in &offered {
                let w = total_weight(option);
                if w - chosen_weight >= MISSED_MARGIN && better.is_none_or(|b| w > total_weight(b))
                {
                    better = Some(option);
                }
            }
            if let Some(better) = better {
                missed.push(Missed {
                    step: i,
                    node: step.node.clone(),
                    chosen: chosen.id.to_string(),
                    chosen_say: chosen.say.clone(),
                    chosen_weight,
                    better: better.id.to_string(),
                    better_say: better.say.clone(),
                    better_weight: total_weight(better),
                    feedback: better.feedback.clone(),
                    evidence: Scenario::plain(&better.evidence),
                });
            }
        }

        let mut helpful: Vec<&(usize, &Step, &Choice)> = made
            .iter()
            .filter(|(_, _, c)| total_weight(c) > 0)
            .collect();
        helpful.sort_by_key(|(i, _, c)| (-total_weight(c), *i));
        let mut harmful: Vec<&(usize, &Step, &Choice)> = made
            .iter()
            .filter(|(_, _, c)| total_weight(c) < 0)
            .collect();
        harmful.sort_by_key(|(i, _, c)| (total_weight(c), *i));
        let key_moments = helpful
            .into_iter()
            .take(KEY_MOMENTS)
            .chain(harmful.into_iter().take(KEY_MOMENTS))
            .map(|(i, s, c)| moment(*i, s, c))
            .collect();

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

        Debrief {
            scenario: scenario.id.to_string(),
            title: scenario.title.clone(),
            person: scenario.person.name.clone(),
            ending: ending_data.and(ending.map(str::to_string)),
            ending_title: ending_data.map(|e| e.title.clone()),
            outcome: ending_data.map(|e| e.outcome),
            ending_narration: ending_data.and_then(|e| e.narration.clone()),
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
        let skill_name = |skill: &crate::scoring::SkillScore| -> String {
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
                        "used at {} of {} chance{}",
                        skill.used,
                        skill.opportunities,
                        if skill.opportunities == 1 { "" } else { "s" }
                    ));
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

        if !self.missed_opportunities.is_empty() {
            out.heading("Missed opportunities");
            for m in &self.missed_opportunities {
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
