//! The runtime: plays a compiled scenario ([`Program`]) one decision at a time.
//!
//! Pull-based, like a dialogue runner: ask a [`Session`] for the current [`Beat`] (a decision
//! with the choices on offer, or an ending), answer with a choice id, and ask again. Beats
//! with nothing to decide (`next`) are passed through automatically and recorded as
//! [`Line`]s, so a [`State`] always rests at a decision or an ending.
//!
//! The rules, in one place ([`Program::offered`] and [`Program::apply`]) for the player,
//! random play and the analyser alike:
//! - a choice is on offer when its `requires` condition holds (or it has none);
//! - the first variant of a node whose `when` holds replaces its `says`, `narration` and
//!   `mood` (each only where the variant gives one);
//! - a choice adds its `effects` to the dials (each clamped to 0..=100), sets its `set`
//!   flags, clears its `clear` flags and spends its `minutes`;
//! - when the minutes used reach the scenario's `minutes`, play goes to `time_up` (once)
//!   instead of the choice's `next`, unless that `next` is an ending;
//! - a node where no choice is on offer is an error naming the node and the conditions that
//!   failed, and a chain of `next` beats that comes back on itself is an error, not a hang.
//!
//! Everything is deterministic: the same choices always give the same play. Stepping works
//! on indices only; names and words are looked up only to show them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::compile::{ChoiceIx, CompileError, Place, Program, State};
use crate::model::{Choice, Mood, Node, Outcome, Scenario, Stage};

/// A state by name: where play is, the dials and flags, the clock. What players show and
/// tests read; the runtime itself steps the compact [`State`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Current node id, or the ending id once the conversation has ended.
    pub node: String,
    /// Dial name to value, each 0..=100.
    pub dials: BTreeMap<String, i32>,
    /// Flags that are set.
    pub flags: BTreeSet<String>,
    /// Appointment minutes used so far.
    pub minutes: u32,
    /// Whether play has already been sent to `time_up`.
    pub time_up_fired: bool,
}

impl Snapshot {
    /// The value of a dial (0 for a dial the scenario does not declare).
    pub fn dial(&self, name: &str) -> i32 {
        self.dials.get(name).copied().unwrap_or(0)
    }
}

/// What the trainee sees now.
#[derive(Debug, Clone, PartialEq)]
pub enum Beat<'a> {
    /// A decision: what the person says and does, and the choices on offer.
    Decision {
        /// The node id.
        node: &'a str,
        /// The rapport-building stage.
        stage: Stage,
        /// How the person presents (after variants).
        mood: Mood,
        /// What the trainee sees (after variants).
        narration: Option<&'a str>,
        /// What the person says (after variants).
        says: Option<&'a str>,
        /// The choices on offer, in the order the scenario lists them.
        choices: Vec<&'a Choice>,
    },
    /// The conversation is over.
    Ended {
        /// The ending id.
        ending: &'a str,
        /// Its title.
        title: &'a str,
        /// How it went.
        outcome: Outcome,
        /// What happens next.
        narration: Option<&'a str>,
    },
}

/// Who a [`Line`] belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Speaker {
    /// Narration: what the trainee sees.
    Narrator,
    /// The person on probation.
    Person,
    /// The trainee (a choice made).
    Trainee,
}

/// One entry of the running transcript a player shows, including beats passed through
/// automatically and the ending's narration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The node (or ending) the line belongs to.
    pub node: String,
    /// Who speaks.
    pub speaker: Speaker,
    /// The words.
    pub text: String,
    /// The person's mood at that beat (for the person's lines).
    pub mood: Option<Mood>,
    /// For the trainee's lines: the choice id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<String>,
}

/// One decision made: the step of the trajectory the scorer and the debrief read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The decision node.
    pub node: String,
    /// The choice made.
    pub choice: String,
    /// The ids of the choices on offer, in scenario order.
    pub offered: Vec<String>,
    /// Dials before the choice.
    pub dials_before: BTreeMap<String, i32>,
    /// Dials after the choice's effects.
    pub dials_after: BTreeMap<String, i32>,
    /// Flags before the choice.
    pub flags_before: BTreeSet<String>,
    /// Flags after the choice.
    pub flags_after: BTreeSet<String>,
    /// Minutes the choice spent.
    pub minutes: u32,
    /// Minutes used after the choice.
    pub minutes_after: u32,
    /// Where the choice sent play: its `next`, or `time_up` when the time ran out.
    pub next: String,
    /// Whether this choice ran the clock out and play went to `time_up`.
    #[serde(default)]
    pub time_up: bool,
    /// Where play came to rest: the next decision or the ending (after `next` beats).
    #[serde(default)]
    pub arrived: String,
}

/// Something that stops play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeError {
    /// Play reached a node where no choice is on offer.
    NoChoiceOnOffer {
        /// The node.
        node: String,
        /// Each choice of the node with the condition that failed.
        failed: Vec<(String, String)>,
    },
    /// The choice exists but is not on offer here.
    NotOnOffer {
        /// The choice id asked for.
        choice: String,
        /// Where play is.
        node: String,
        /// The ids on offer.
        on_offer: Vec<String>,
    },
    /// No choice in the scenario has this id.
    UnknownChoice {
        /// The choice id asked for.
        choice: String,
        /// Where play is.
        node: String,
        /// The ids on offer.
        on_offer: Vec<String>,
    },
    /// The conversation has already ended.
    Ended {
        /// The choice id asked for.
        choice: String,
        /// The ending reached.
        ending: String,
    },
    /// A chain of `next` beats comes back on itself with no decision in between.
    Loop {
        /// The nodes of the cycle, in order.
        nodes: Vec<String>,
    },
    /// The scenario could not be compiled.
    Compile(CompileError),
    /// A `next`, a choice's `next`, `start` or `time_up` names nothing in the scenario.
    UnknownTarget {
        /// Where the reference is.
        from: String,
        /// The missing id.
        target: String,
    },
}

fn list(ids: &[String]) -> String {
    if ids.is_empty() {
        "nothing".into()
    } else {
        ids.iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuntimeError::NoChoiceOnOffer { node, failed } => {
                write!(f, "play is stuck at node `{node}`: no choice is on offer")?;
                if failed.is_empty() {
                    write!(f, " (the node has no choices and no `next`)")
                } else {
                    let why: Vec<String> = failed
                        .iter()
                        .map(|(id, cond)| format!("`{id}` requires `{cond}`"))
                        .collect();
                    write!(f, " ({}, and none of these holds)", why.join("; "))
                }
            }
            RuntimeError::NotOnOffer {
                choice,
                node,
                on_offer,
            } => write!(
                f,
                "choice `{choice}` is not on offer at node `{node}`; on offer: {}",
                list(on_offer)
            ),
            RuntimeError::UnknownChoice {
                choice,
                node,
                on_offer,
            } => write!(
                f,
                "there is no choice `{choice}` in this scenario (play is at node `{node}`; on offer: {})",
                list(on_offer)
            ),
            RuntimeError::Ended { choice, ending } => write!(
                f,
                "cannot choose `{choice}`: the conversation has already ended at `{ending}`"
            ),
            RuntimeError::Loop { nodes } => write!(
                f,
                "the `next` beats {} lead back to `{}` with no decision in between, so play would never stop",
                nodes
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" -> "),
                nodes.first().map_or("", String::as_str)
            ),
            RuntimeError::Compile(error) => write!(f, "{error}"),
            RuntimeError::UnknownTarget { from, target } => {
                write!(
                    f,
                    "`{from}` leads to `{target}`, which is neither a node nor an ending"
                )
            }
        }
    }
}

impl std::error::Error for RuntimeError {}

/// The choices on offer in a state, in the order the scenario lists them.
#[derive(Debug, Clone)]
pub struct Offered<'a> {
    program: &'a Program,
    state: &'a State,
    next: ChoiceIx,
    end: ChoiceIx,
}

impl Iterator for Offered<'_> {
    type Item = ChoiceIx;

    #[inline]
    fn next(&mut self) -> Option<ChoiceIx> {
        while self.next < self.end {
            let ix = self.next;
            self.next += 1;
            if self.program.choice(ix).requires.holds(self.state) {
                return Some(ix);
            }
        }
        None
    }
}

impl Program {
    /// The choices on offer in a state (none at an ending).
    #[inline]
    pub fn offered<'a>(&'a self, state: &'a State) -> Offered<'a> {
        let range = self.node(state.place).map_or(0..0, |n| n.choices.clone());
        Offered {
            program: self,
            state,
            next: range.start,
            end: range.end,
        }
    }

    /// Where play starts: the start node, passing through `next` beats to the first
    /// decision. If the start cannot be played the state rests where the problem is.
    #[allow(clippy::result_large_err)]
    pub fn start(&self) -> Result<State, (State, RuntimeError)> {
        self.settle(self.initial_state(), None)
    }

    /// A choice's immediate effects (dials, flags, minutes) and where it sends play,
    /// without passing through `next` beats; also whether `time_up` fired.
    #[inline]
    pub fn transition(&self, state: &State, choice: ChoiceIx) -> (State, bool) {
        let code = self.choice(choice);
        let mut next = *state;
        for &(dial, change) in code.effects.iter() {
            let slot = &mut next.dials[usize::from(dial)];
            *slot = crate::compile::clamp_dial(i32::from(*slot).saturating_add(change));
        }
        next.flags = (next.flags | code.set) & !code.clear;
        next.minutes = next.minutes.saturating_add(code.minutes);
        let mut fired = false;
        next.place = code.target(&next);
        if let (Some(limit), Some(time_up)) = (self.minutes(), self.time_up())
            && !state.time_up_fired
            && next.minutes >= limit
            && !self.is_ending(next.place)
        {
            next.place = time_up;
            next.time_up_fired = true;
            fired = true;
        }
        (next, fired)
    }

    /// Applies a choice: effects (clamped), flags, minutes, `time_up`, then passes through
    /// `next` beats until a decision or an ending. Reports a node with no choice on offer,
    /// a `next` cycle or a missing target, with the state where play stopped.
    #[inline]
    #[allow(clippy::result_large_err)]
    pub fn apply(&self, state: &State, choice: ChoiceIx) -> Result<State, (State, RuntimeError)> {
        let (next, _) = self.transition(state, choice);
        self.settle(next, None)
    }

    /// Records the lines of the place play has just entered, then follows `next` beats
    /// until a decision (with something on offer) or an ending.
    #[allow(clippy::result_large_err)]
    pub(crate) fn settle(
        &self,
        mut state: State,
        mut lines: Option<&mut Vec<Line>>,
    ) -> Result<State, (State, RuntimeError)> {
        let mut passed: u32 = 0;
        let mut from = state.place;
        let chain_start = state.place;
        loop {
            if self.is_ending(state.place) {
                if let Some(lines) = lines.as_deref_mut() {
                    self.ending_lines(&state, lines);
                }
                return Ok(state);
            }
            let Some(node) = self.node(state.place) else {
                let from = if passed == 0 {
                    "the scenario".to_string()
                } else {
                    self.place_id(from).to_string()
                };
                let target = self.missing_target(from.as_str(), &state);
                return Err((state, RuntimeError::UnknownTarget { from, target }));
            };
            if let Some(lines) = lines.as_deref_mut() {
                self.node_lines(&state, lines);
            }
            if node.choices.is_empty()
                && let Some(next) = node.next
            {
                passed += 1;
                // More `next` beats in a row than there are nodes: they go round in a circle.
                if passed as usize > self.nodes().len() {
                    let nodes = self.next_cycle(chain_start);
                    return Err((state, RuntimeError::Loop { nodes }));
                }
                from = state.place;
                state.place = crate::compile::route(&node.branches, next, &state);
                continue;
            }
            if self.offered(&state).next().is_none() {
                let node_id = node.id.clone();
                let failed = self
                    .node_source(state.place)
                    .map(|n| {
                        n.choices
                            .iter()
                            .map(|c| {
                                (
                                    c.id.to_string(),
                                    c.requires.as_deref().unwrap_or_default().to_string(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                return Err((
                    state,
                    RuntimeError::NoChoiceOnOffer {
                        node: node_id,
                        failed,
                    },
                ));
            }
            return Ok(state);
        }
    }

    /// The cycle of `next` beats that `place` is on (or leads into), in order.
    fn next_cycle(&self, place: Place) -> Vec<String> {
        let mut seen: Vec<Place> = Vec::new();
        let mut at = place;
        while let Some(next) = self.node(at).and_then(|n| n.next) {
            if let Some(i) = seen.iter().position(|p| *p == at) {
                return seen[i..]
                    .iter()
                    .map(|p| self.place_id(*p).to_string())
                    .collect();
            }
            seen.push(at);
            at = next;
        }
        seen.iter().map(|p| self.place_id(*p).to_string()).collect()
    }

    /// The id a missing place was written as (for the error message).
    fn missing_target(&self, from: &str, state: &State) -> String {
        let scenario = self.scenario();
        let written = if from == "the scenario" {
            if state.time_up_fired {
                scenario.time_up.as_ref().map(|t| t.to_string())
            } else {
                Some(scenario.start.to_string())
            }
        } else {
            scenario
                .nodes
                .get(from)
                .and_then(|n| n.next.as_ref().map(|t| t.to_string()))
        };
        written.unwrap_or_else(|| "?".into())
    }

    /// How the ending at the state's place reads on this route (variants applied).
    pub fn shown_ending(&self, state: &State) -> Option<crate::model::ShownEnding<'_>> {
        let code = self.ending(state.place)?;
        let ending = self.scenario().endings.get(code.id.as_str())?;
        Some(ending.shown_with(code.variants.iter().position(|v| v.holds(state))))
    }

    fn ending_lines(&self, state: &State, lines: &mut Vec<Line>) {
        let id = self.place_id(state.place);
        if let Some(text) = self.shown_ending(state).and_then(|e| e.narration) {
            lines.push(Line {
                node: id.to_string(),
                speaker: Speaker::Narrator,
                text: text.to_string(),
                mood: None,
                choice: None,
            });
        }
    }

    fn node_lines(&self, state: &State, lines: &mut Vec<Line>) {
        if self.node_source(state.place).is_none() {
            return;
        }
        let id = self.place_id(state.place);
        let shown = self.present(state);
        if let Some(text) = shown.narration {
            lines.push(Line {
                node: id.to_string(),
                speaker: Speaker::Narrator,
                text: text.to_string(),
                mood: None,
                choice: None,
            });
        }
        if let Some(text) = shown.says {
            lines.push(Line {
                node: id.to_string(),
                speaker: Speaker::Person,
                text: text.to_string(),
                mood: Some(shown.mood),
                choice: None,
            });
        }
    }

    /// How the node at the state's place presents (variants applied).
    pub fn present(&self, state: &State) -> Presentation<'_> {
        let (Some(code), Some(node)) = (self.node(state.place), self.node_source(state.place))
        else {
            return Presentation {
                mood: Mood::Neutral,
                narration: None,
                says: None,
                variant: None,
            };
        };
        present_with(node, code.variants.iter().position(|v| v.holds(state)))
    }

    /// The state by name.
    pub fn snapshot(&self, state: &State) -> Snapshot {
        Snapshot {
            node: self.place_id(state.place).to_string(),
            dials: self.dials_by_name(state),
            flags: self.flags_by_name(state),
            minutes: state.minutes,
            time_up_fired: state.time_up_fired,
        }
    }
}

/// What a node shows in a state: the first variant whose `when` holds replaces `says`,
/// `narration` and `mood` where it gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presentation<'a> {
    /// How the person presents.
    pub mood: Mood,
    /// What the trainee sees.
    pub narration: Option<&'a str>,
    /// What the person says.
    pub says: Option<&'a str>,
    /// Index of the variant used, if any.
    pub variant: Option<usize>,
}

fn present_with(node: &Node, variant: Option<usize>) -> Presentation<'_> {
    let mut shown = Presentation {
        mood: node.mood,
        narration: node.narration.as_deref(),
        says: node.says.as_deref(),
        variant: None,
    };
    if let Some((i, variant)) = variant.and_then(|i| node.variants.get(i).map(|v| (i, v))) {
        shown.variant = Some(i);
        if let Some(mood) = variant.mood {
            shown.mood = mood;
        }
        if variant.narration.is_some() {
            shown.narration = variant.narration.as_deref();
        }
        if variant.says.is_some() {
            shown.says = variant.says.as_deref();
        }
    }
    shown
}

/// Explains, in a sentence, why a choice id cannot be chosen in a state: it does not exist
/// (with a likely intended id), it belongs to another node, its condition does not hold
/// (with the values involved), or the conversation is over.
pub fn why_not_offered(program: &Program, state: &State, choice_id: &str) -> String {
    let here = program.place_id(state.place);
    if program.is_ending(state.place) {
        return format!("the conversation has already ended at `{here}`");
    }
    let Some(ix) = program.choice_ix(choice_id) else {
        let all = program.choices().iter().map(|c| c.id.as_str());
        return match crate::diagnostic::did_you_mean(choice_id, all) {
            Some(close) => format!(
                "no choice in the scenario has the id `{choice_id}` (did you mean `{close}`?)"
            ),
            None => format!("no choice in the scenario has the id `{choice_id}`"),
        };
    };
    let code = program.choice(ix);
    if code.node != state.place {
        return format!(
            "`{choice_id}` belongs to node `{}`, but play is at node `{here}`",
            program.place_id(code.node)
        );
    }
    let requires = program.choice_source(ix).and_then(|c| c.requires.as_ref());
    match requires {
        Some(requires) => {
            let mut values = Vec::new();
            if let Some(cond) = requires.condition() {
                let mut seen = BTreeSet::new();
                for d in cond.dials() {
                    if seen.insert(d.name.clone()) {
                        let value = program.dial_index(&d.name).map_or(0, |i| state.dial(i));
                        values.push(format!("{} is {value}", d.name));
                    }
                }
                for fl in cond.flags() {
                    if seen.insert(fl.name.clone()) {
                        let set = program.flag_index(&fl.name).is_some_and(|i| state.flag(i));
                        let set = if set { "set" } else { "not set" };
                        values.push(format!("{} is {set}", fl.name));
                    }
                }
            }
            let requires = requires.as_str();
            if values.is_empty() {
                format!("`{choice_id}` requires `{requires}`, which does not hold now")
            } else {
                format!(
                    "`{choice_id}` requires `{requires}`, which does not hold now ({})",
                    values.join(", ")
                )
            }
        }
        None => format!("`{choice_id}` is on offer at `{here}`"),
    }
}

/// A scenario being played: the state, the decisions made and the lines shown so far.
#[derive(Debug, Clone)]
pub struct Session {
    program: Arc<Program>,
    state: State,
    trajectory: Vec<Step>,
    lines: Vec<Line>,
}

impl Session {
    /// Compiles a scenario and starts it, passing through any `next` beats to the first
    /// decision.
    pub fn new(scenario: Arc<Scenario>) -> Result<Session, RuntimeError> {
        let program = Program::compile(scenario).map_err(RuntimeError::Compile)?;
        Session::start(Arc::new(program))
    }

    /// Starts a compiled scenario.
    pub fn start(program: Arc<Program>) -> Result<Session, RuntimeError> {
        let mut lines = Vec::new();
        let state = program
            .settle(program.initial_state(), Some(&mut lines))
            .map_err(|(_, e)| e)?;
        Ok(Session {
            program,
            state,
            trajectory: Vec::new(),
            lines,
        })
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        self.program.scenario()
    }

    /// The compiled scenario being played.
    pub fn program(&self) -> &Arc<Program> {
        &self.program
    }

    /// Where play is, compactly.
    pub fn compact(&self) -> &State {
        &self.state
    }

    /// Where play is, by name.
    pub fn state(&self) -> Snapshot {
        self.program.snapshot(&self.state)
    }

    /// The id of the node (or ending) play rests at.
    pub fn at(&self) -> &str {
        self.program.place_id(self.state.place)
    }

    /// Appointment minutes used so far.
    pub fn minutes(&self) -> u32 {
        self.state.minutes
    }

    /// The value of a dial (0 for a dial the scenario does not declare).
    pub fn dial(&self, name: &str) -> i32 {
        self.program
            .dial_index(name)
            .map_or(0, |i| self.state.dial(i))
    }

    /// What the trainee sees now.
    pub fn beat(&self) -> Beat<'_> {
        let program = &*self.program;
        let scenario = program.scenario();
        let id = program.place_id(self.state.place);
        if let Some((id, ending)) = scenario.endings.get_key_value(id)
            && program.is_ending(self.state.place)
        {
            return Beat::Ended {
                ending: id.as_str(),
                title: &ending.title,
                outcome: ending.outcome,
                narration: ending.narration.as_deref(),
            };
        }
        match program.node_source(self.state.place) {
            Some(node) => {
                let shown = program.present(&self.state);
                Beat::Decision {
                    node: program.place_id(self.state.place),
                    stage: node.stage,
                    mood: shown.mood,
                    narration: shown.narration,
                    says: shown.says,
                    choices: program
                        .offered(&self.state)
                        .filter_map(|ix| program.choice_source(ix))
                        .collect(),
                }
            }
            // A session only ever rests at a node or an ending (`start` and `choose` check).
            None => Beat::Ended {
                ending: program.place_id(self.state.place),
                title: "(missing)",
                outcome: Outcome::Mixed,
                narration: None,
            },
        }
    }

    /// The ids of the choices on offer now (empty once ended).
    pub fn on_offer(&self) -> Vec<String> {
        self.program
            .offered(&self.state)
            .map(|ix| self.program.choice(ix).id.clone())
            .collect()
    }

    /// Makes a choice. On error nothing changes; the error names the choice, the node and
    /// the ids on offer (see [`why_not_offered`] for a fuller explanation).
    pub fn choose(&mut self, choice_id: &str) -> Result<(), RuntimeError> {
        let program = Arc::clone(&self.program);
        let here = program.place_id(self.state.place).to_string();
        if program.is_ending(self.state.place) {
            return Err(RuntimeError::Ended {
                choice: choice_id.to_string(),
                ending: here,
            });
        }
        let on_offer: Vec<ChoiceIx> = program.offered(&self.state).collect();
        let found = program
            .choice_ix(choice_id)
            .filter(|ix| on_offer.contains(ix));
        let Some(ix) = found else {
            let on_offer = on_offer
                .iter()
                .map(|ix| program.choice(*ix).id.clone())
                .collect();
            let choice = choice_id.to_string();
            return Err(if program.choice_ix(choice_id).is_some() {
                RuntimeError::NotOnOffer {
                    choice,
                    node: here,
                    on_offer,
                }
            } else {
                RuntimeError::UnknownChoice {
                    choice,
                    node: here,
                    on_offer,
                }
            });
        };
        let (moved, time_up) = program.transition(&self.state, ix);
        let code = program.choice(ix);
        let mut lines = vec![Line {
            node: here.clone(),
            speaker: Speaker::Trainee,
            text: program
                .choice_source(ix)
                .map(|c| c.say.to_string())
                .unwrap_or_default(),
            mood: None,
            choice: Some(code.id.clone()),
        }];
        let target = program.place_id(moved.place).to_string();
        let dials_after = program.dials_by_name(&moved);
        let flags_after = program.flags_by_name(&moved);
        let settled = program
            .settle(moved, Some(&mut lines))
            .map_err(|(_, e)| e)?;
        self.trajectory.push(Step {
            node: here,
            choice: code.id.clone(),
            offered: on_offer
                .iter()
                .map(|ix| program.choice(*ix).id.clone())
                .collect(),
            dials_before: program.dials_by_name(&self.state),
            dials_after,
            flags_before: program.flags_by_name(&self.state),
            flags_after,
            minutes: code.minutes,
            minutes_after: settled.minutes,
            next: target,
            time_up,
            arrived: program.place_id(settled.place).to_string(),
        });
        self.lines.extend(lines);
        self.state = settled;
        Ok(())
    }

    /// Whether an ending has been reached.
    pub fn is_over(&self) -> bool {
        self.program.is_ending(self.state.place)
    }

    /// The ending reached, if any.
    pub fn ending(&self) -> Option<&str> {
        self.program.ending(self.state.place).map(|e| e.id.as_str())
    }

    /// How the ending reached reads on this route (its variant applied), if any.
    pub fn shown_ending(&self) -> Option<crate::model::ShownEnding<'_>> {
        self.program.shown_ending(&self.state)
    }

    /// The decisions made so far.
    pub fn trajectory(&self) -> &[Step] {
        &self.trajectory
    }

    /// Everything shown so far, in order.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// The ids of the choices made, in order.
    pub fn choices_made(&self) -> Vec<&str> {
        self.trajectory.iter().map(|s| s.choice.as_str()).collect()
    }

    /// Replays choice ids on a (possibly new) version of a scenario: for hot reload and for
    /// reopening transcripts. If a choice is gone or no longer on offer, the error keeps the
    /// session as far as it replays and says which id failed and where.
    #[allow(clippy::result_large_err)]
    pub fn replay(program: Arc<Program>, choices: &[String]) -> Result<Session, ReplayError> {
        let mut session = match Session::start(Arc::clone(&program)) {
            Ok(session) => session,
            Err(error) => {
                let node = match &error {
                    RuntimeError::NoChoiceOnOffer { node, .. } => node.clone(),
                    _ => program.scenario().start.to_string(),
                };
                return Err(ReplayError {
                    message: format!("the scenario cannot start: {error}"),
                    replayed: None,
                    index: 0,
                    total: choices.len(),
                    choice: None,
                    node,
                    error,
                });
            }
        };
        for (index, choice) in choices.iter().enumerate() {
            if let Err(error) = session.choose(choice) {
                let node = session.at().to_string();
                let message = match &error {
                    RuntimeError::NotOnOffer { on_offer, .. }
                    | RuntimeError::UnknownChoice { on_offer, .. } => format!(
                        "choice {} of {}, `{choice}`, cannot be replayed at node `{node}`: {}; on offer there: {}",
                        index + 1,
                        choices.len(),
                        why_not_offered(&session.program, &session.state, choice),
                        list(on_offer)
                    ),
                    _ => format!(
                        "choice {} of {}, `{choice}`, cannot be replayed at node `{node}`: {error}",
                        index + 1,
                        choices.len()
                    ),
                };
                return Err(ReplayError {
                    replayed: Some(Box::new(session)),
                    index,
                    total: choices.len(),
                    choice: Some(choice.clone()),
                    node,
                    error,
                    message,
                });
            }
        }
        Ok(session)
    }
}

/// Choice ids that no longer replay on a scenario.
#[derive(Debug, Clone)]
pub struct ReplayError {
    /// The session as far as it replays (`None` when the scenario cannot even start).
    pub replayed: Option<Box<Session>>,
    /// Index (from 0) of the choice that failed.
    pub index: usize,
    /// How many choices there were to replay.
    pub total: usize,
    /// The choice id that failed (`None` when the scenario cannot start).
    pub choice: Option<String>,
    /// Where play was when it failed.
    pub node: String,
    /// What went wrong.
    pub error: RuntimeError,
    /// A sentence saying which id failed, where, and why.
    pub message: String,
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ReplayError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_in() -> Arc<Scenario> {
        let text = include_str!("../../../tests/fixtures/check-in.ron");
        let report = crate::check::check_source(
            "check-in.ron",
            text.as_bytes(),
            &crate::framework::Framework::builtin(),
        );
        assert_eq!(report.errors(), 0, "{}", report.render(false));
        report.scenario.unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn best_route_reaches_agreed() {
        let mut session = Session::new(check_in()).unwrap_or_else(|e| unreachable!("{e}"));
        for id in ["greet-first", "solve-together", "confirm-and-explain"] {
            session.choose(id).unwrap_or_else(|e| unreachable!("{e}"));
        }
        assert_eq!(session.ending(), Some("agreed"));
        assert_eq!(session.dial("trust"), 65);
        assert_eq!(session.minutes(), 9);
        assert_eq!(session.trajectory().len(), 3);
    }

    #[test]
    fn unavailable_choice_names_choice_node_and_offer() {
        let mut session = Session::new(check_in()).unwrap_or_else(|e| unreachable!("{e}"));
        let err = session
            .choose("solve-together")
            .err()
            .map(|e| e.to_string());
        let err = err.unwrap_or_default();
        assert!(
            err.contains("solve-together") && err.contains("arrive"),
            "{err}"
        );
        assert!(
            err.contains("greet-first") && err.contains("rules-first"),
            "{err}"
        );
    }

    #[test]
    fn session_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Session>();
        assert_send_sync::<State>();
        assert_send_sync::<RuntimeError>();
        assert_send_sync::<ReplayError>();
    }
}
