//! The runtime: plays a scenario one decision at a time.
//!
//! Pull-based, like a dialogue runner: ask a [`Session`] for the current [`Beat`] (a decision
//! with the choices on offer, or an ending), answer with a choice id, and ask again. Beats
//! with nothing to decide (`next`) are passed through automatically and recorded as
//! [`Line`]s, so a [`State`] always rests at a decision or an ending.
//!
//! The rules, in one place ([`offered`] and [`try_apply`]) for the player, the app and the
//! analyser alike:
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
//! Everything is deterministic: the same choices always give the same play.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::condition::{Condition, Env};
use crate::model::{Choice, DIAL_MAX, DIAL_MIN, Mood, Node, Outcome, Scenario, Stage};

/// Where play is: the node (or ending), the person's dials, the flags set and the clock.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct State {
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

impl State {
    /// The state at the start of the scenario: the start node (passing through any `next`
    /// beats to the first decision), the starting dials, no flags, no minutes used.
    ///
    /// If the start cannot be played (see [`Session::new`] for the error) the state rests
    /// where the problem is.
    pub fn start(scenario: &Scenario) -> State {
        match start_state(scenario, None) {
            Ok(state) | Err((state, _)) => state,
        }
    }

    /// The value of a dial (0 for a dial the scenario does not declare).
    pub fn dial(&self, name: &str) -> i32 {
        self.dials.get(name).copied().unwrap_or(0)
    }
}

impl Env for State {
    fn dial(&self, name: &str) -> Option<i32> {
        self.dials.get(name).copied()
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.contains(name)
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

/// Whether a condition written in the scenario holds. A condition that does not parse (which
/// the checker reports) never holds.
pub fn holds(condition: &str, state: &State) -> bool {
    // Conditions are parsed once per thread and kept: parsing on every evaluation would
    // dominate play and analysis. The cache is per thread, so there is no lock to contend.
    thread_local! {
        static PARSED: RefCell<HashMap<String, Option<Condition>>> = RefCell::new(HashMap::new());
    }
    PARSED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(parsed) = cache.get(condition) {
            return parsed.as_ref().is_some_and(|c| c.eval(state));
        }
        if cache.len() >= CONDITION_CACHE_SIZE {
            cache.clear();
        }
        let parsed = Condition::parse(condition).ok();
        let result = parsed.as_ref().is_some_and(|c| c.eval(state));
        cache.insert(condition.to_string(), parsed);
        result
    })
}

/// How many parsed conditions each thread keeps.
const CONDITION_CACHE_SIZE: usize = 4096;

/// The choices on offer at the state's node, in scenario order (empty at an ending).
pub fn offered<'a>(scenario: &'a Scenario, state: &State) -> Vec<&'a Choice> {
    match scenario.nodes.get(&state.node) {
        Some(node) => node
            .choices
            .iter()
            .filter(|c| c.requires.as_deref().is_none_or(|r| holds(r, state)))
            .collect(),
        None => Vec::new(),
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

/// How a node presents in a state (variants applied).
pub fn present<'a>(node: &'a Node, state: &State) -> Presentation<'a> {
    let mut shown = Presentation {
        mood: node.mood,
        narration: node.narration.as_deref(),
        says: node.says.as_deref(),
        variant: None,
    };
    if let Some((i, variant)) = node
        .variants
        .iter()
        .enumerate()
        .find(|(_, v)| holds(&v.when, state))
    {
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

/// Where a choice sends play from `minutes_after` minutes used: its `next`, or `time_up`
/// when the clock has run out (once, and never instead of an ending). Returns the target
/// and whether `time_up` fired.
fn destination<'a>(scenario: &'a Scenario, state: &State, choice: &'a Choice) -> (&'a str, bool) {
    if let (Some(limit), Some(time_up)) = (scenario.minutes, scenario.time_up.as_deref())
        && !state.time_up_fired
        && state.minutes >= limit
        && !scenario.endings.contains_key(&choice.next)
    {
        return (time_up, true);
    }
    (choice.next.as_str(), false)
}

/// The choice's immediate effects (dials, flags, minutes) and where it sends play, without
/// passing through `next` beats.
fn transition(scenario: &Scenario, state: &State, choice: &Choice) -> (State, bool) {
    let mut next = state.clone();
    for (dial, change) in &choice.effects {
        let value = next.dials.entry(dial.clone()).or_insert(0);
        *value = value.saturating_add(*change).clamp(DIAL_MIN, DIAL_MAX);
    }
    for flag in &choice.set {
        next.flags.insert(flag.clone());
    }
    for flag in &choice.clear {
        next.flags.remove(flag);
    }
    next.minutes = next.minutes.saturating_add(choice.minutes);
    let (target, fired) = destination(scenario, &next, choice);
    next.node = target.to_string();
    if fired {
        next.time_up_fired = true;
    }
    (next, fired)
}

/// Applies a choice: effects (clamped), flags, minutes, `time_up`, then passes through
/// `next` beats until a decision or an ending. If play cannot go on (see [`try_apply`]) the
/// state rests where the problem is, so [`offered`] is empty there.
pub fn apply(scenario: &Scenario, state: &State, choice: &Choice) -> State {
    match try_apply(scenario, state, choice) {
        Ok(state) | Err((state, _)) => state,
    }
}

/// Like [`apply`], but reports a node with no choice on offer, a `next` cycle or a missing
/// target (with the state where play stopped).
#[allow(clippy::result_large_err)]
pub fn try_apply(
    scenario: &Scenario,
    state: &State,
    choice: &Choice,
) -> Result<State, (State, RuntimeError)> {
    let (next, _) = transition(scenario, state, choice);
    settle(scenario, next, None)
}

#[allow(clippy::result_large_err)]
fn start_state(
    scenario: &Scenario,
    lines: Option<&mut Vec<Line>>,
) -> Result<State, (State, RuntimeError)> {
    let state = State {
        node: scenario.start.clone(),
        dials: scenario
            .dials
            .iter()
            .map(|(k, v)| (k.clone(), (*v).clamp(DIAL_MIN, DIAL_MAX)))
            .collect(),
        flags: BTreeSet::new(),
        minutes: 0,
        time_up_fired: false,
    };
    settle(scenario, state, lines)
}

/// Records the lines of the node or ending play has just entered, then follows `next`
/// beats until a decision (with something on offer) or an ending.
#[allow(clippy::result_large_err)]
fn settle(
    scenario: &Scenario,
    mut state: State,
    mut lines: Option<&mut Vec<Line>>,
) -> Result<State, (State, RuntimeError)> {
    let mut passed: Vec<String> = Vec::new();
    loop {
        if let Some(ending) = scenario.endings.get(&state.node) {
            if let (Some(lines), Some(text)) = (lines.as_deref_mut(), &ending.narration) {
                lines.push(Line {
                    node: state.node.clone(),
                    speaker: Speaker::Narrator,
                    text: text.clone(),
                    mood: None,
                    choice: None,
                });
            }
            return Ok(state);
        }
        let Some(node) = scenario.nodes.get(&state.node) else {
            let from = passed
                .last()
                .cloned()
                .unwrap_or_else(|| "the scenario".into());
            let target = state.node.clone();
            return Err((state, RuntimeError::UnknownTarget { from, target }));
        };
        if let Some(lines) = lines.as_deref_mut() {
            let shown = present(node, &state);
            if let Some(text) = shown.narration {
                lines.push(Line {
                    node: state.node.clone(),
                    speaker: Speaker::Narrator,
                    text: text.to_string(),
                    mood: None,
                    choice: None,
                });
            }
            if let Some(text) = shown.says {
                lines.push(Line {
                    node: state.node.clone(),
                    speaker: Speaker::Person,
                    text: text.to_string(),
                    mood: Some(shown.mood),
                    choice: None,
                });
            }
        }
        if node.choices.is_empty()
            && let Some(next) = &node.next
        {
            if let Some(at) = passed.iter().position(|n| *n == state.node) {
                let nodes = passed[at..].to_vec();
                return Err((state, RuntimeError::Loop { nodes }));
            }
            passed.push(state.node.clone());
            state.node = next.clone();
            continue;
        }
        if offered(scenario, &state).is_empty() {
            let failed = node
                .choices
                .iter()
                .map(|c| (c.id.clone(), c.requires.clone().unwrap_or_default()))
                .collect();
            let node = state.node.clone();
            return Err((state, RuntimeError::NoChoiceOnOffer { node, failed }));
        }
        return Ok(state);
    }
}

/// Explains, in a sentence, why a choice id cannot be chosen in a state: it does not exist
/// (with a likely intended id), it belongs to another node, its condition does not hold
/// (with the values involved), or the conversation is over.
pub fn why_not_offered(scenario: &Scenario, state: &State, choice_id: &str) -> String {
    if scenario.endings.contains_key(&state.node) {
        return format!("the conversation has already ended at `{}`", state.node);
    }
    let Some((home, choice)) = scenario.find_choice(choice_id) else {
        let all = scenario
            .nodes
            .values()
            .flat_map(|n| n.choices.iter().map(|c| c.id.as_str()));
        return match crate::diagnostic::did_you_mean(choice_id, all) {
            Some(close) => format!(
                "no choice in the scenario has the id `{choice_id}` (did you mean `{close}`?)"
            ),
            None => format!("no choice in the scenario has the id `{choice_id}`"),
        };
    };
    if home != state.node {
        return format!(
            "`{choice_id}` belongs to node `{home}`, but play is at node `{}`",
            state.node
        );
    }
    match &choice.requires {
        Some(requires) => {
            let mut values = Vec::new();
            if let Ok(cond) = Condition::parse(requires) {
                let mut seen = BTreeSet::new();
                for d in cond.dials() {
                    if seen.insert(d.name.clone()) {
                        values.push(format!("{} is {}", d.name, state.dial(&d.name)));
                    }
                }
                for fl in cond.flags() {
                    if seen.insert(fl.name.clone()) {
                        let set = if state.flags.contains(&fl.name) {
                            "set"
                        } else {
                            "not set"
                        };
                        values.push(format!("{} is {set}", fl.name));
                    }
                }
            }
            if values.is_empty() {
                format!("`{choice_id}` requires `{requires}`, which does not hold now")
            } else {
                format!(
                    "`{choice_id}` requires `{requires}`, which does not hold now ({})",
                    values.join(", ")
                )
            }
        }
        None => format!("`{choice_id}` is on offer at `{}`", state.node),
    }
}

/// A scenario being played: the state, the decisions made and the lines shown so far.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    state: State,
    trajectory: Vec<Step>,
    lines: Vec<Line>,
}

impl Session {
    /// Starts a scenario, passing through any `next` beats to the first decision.
    pub fn new(scenario: Arc<Scenario>) -> Result<Session, RuntimeError> {
        let mut lines = Vec::new();
        let state = start_state(&scenario, Some(&mut lines)).map_err(|(_, e)| e)?;
        Ok(Session {
            scenario,
            state,
            trajectory: Vec::new(),
            lines,
        })
    }

    /// The scenario being played.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// Where play is.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// What the trainee sees now.
    pub fn beat(&self) -> Beat<'_> {
        let scenario = &*self.scenario;
        if let Some((id, ending)) = scenario.endings.get_key_value(&self.state.node) {
            return Beat::Ended {
                ending: id,
                title: &ending.title,
                outcome: ending.outcome,
                narration: ending.narration.as_deref(),
            };
        }
        match scenario.nodes.get_key_value(&self.state.node) {
            Some((id, node)) => {
                let shown = present(node, &self.state);
                Beat::Decision {
                    node: id,
                    stage: node.stage,
                    mood: shown.mood,
                    narration: shown.narration,
                    says: shown.says,
                    choices: offered(scenario, &self.state),
                }
            }
            // A session only ever rests at a node or an ending (`new` and `choose` check).
            None => Beat::Ended {
                ending: &self.state.node,
                title: "(missing)",
                outcome: Outcome::Mixed,
                narration: None,
            },
        }
    }

    /// The ids of the choices on offer now (empty once ended).
    pub fn on_offer(&self) -> Vec<String> {
        offered(&self.scenario, &self.state)
            .into_iter()
            .map(|c| c.id.clone())
            .collect()
    }

    /// Makes a choice. On error nothing changes; the error names the choice, the node and
    /// the ids on offer (see [`why_not_offered`] for a fuller explanation).
    pub fn choose(&mut self, choice_id: &str) -> Result<(), RuntimeError> {
        let scenario = Arc::clone(&self.scenario);
        if scenario.endings.contains_key(&self.state.node) {
            return Err(RuntimeError::Ended {
                choice: choice_id.to_string(),
                ending: self.state.node.clone(),
            });
        }
        let on_offer = offered(&scenario, &self.state);
        let Some(choice) = on_offer.iter().find(|c| c.id == choice_id).copied() else {
            let node = self.state.node.clone();
            let on_offer = on_offer.iter().map(|c| c.id.clone()).collect();
            let choice = choice_id.to_string();
            return Err(if scenario.find_choice(choice_id).is_some() {
                RuntimeError::NotOnOffer {
                    choice,
                    node,
                    on_offer,
                }
            } else {
                RuntimeError::UnknownChoice {
                    choice,
                    node,
                    on_offer,
                }
            });
        };
        let (moved, time_up) = transition(&scenario, &self.state, choice);
        let mut lines = vec![Line {
            node: self.state.node.clone(),
            speaker: Speaker::Trainee,
            text: choice.say.clone(),
            mood: None,
            choice: Some(choice.id.clone()),
        }];
        let target = moved.node.clone();
        let dials_after = moved.dials.clone();
        let flags_after = moved.flags.clone();
        let settled = settle(&scenario, moved, Some(&mut lines)).map_err(|(_, e)| e)?;
        self.trajectory.push(Step {
            node: self.state.node.clone(),
            choice: choice.id.clone(),
            offered: on_offer.iter().map(|c| c.id.clone()).collect(),
            dials_before: self.state.dials.clone(),
            dials_after,
            flags_before: self.state.flags.clone(),
            flags_after,
            minutes: choice.minutes,
            minutes_after: settled.minutes,
            next: target,
            time_up,
            arrived: settled.node.clone(),
        });
        self.lines.extend(lines);
        self.state = settled;
        Ok(())
    }

    /// Whether an ending has been reached.
    pub fn is_over(&self) -> bool {
        self.ending().is_some()
    }

    /// The ending reached, if any.
    pub fn ending(&self) -> Option<&str> {
        self.scenario
            .endings
            .get_key_value(&self.state.node)
            .map(|(id, _)| id.as_str())
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
    pub fn replay(scenario: Arc<Scenario>, choices: &[String]) -> Result<Session, ReplayError> {
        let mut session = match Session::new(Arc::clone(&scenario)) {
            Ok(session) => session,
            Err(error) => {
                let node = match &error {
                    RuntimeError::NoChoiceOnOffer { node, .. } => node.clone(),
                    _ => scenario.start.clone(),
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
                let node = session.state.node.clone();
                let message = match &error {
                    RuntimeError::NotOnOffer { on_offer, .. }
                    | RuntimeError::UnknownChoice { on_offer, .. } => format!(
                        "choice {} of {}, `{choice}`, cannot be replayed at node `{node}`: {}; on offer there: {}",
                        index + 1,
                        choices.len(),
                        why_not_offered(&scenario, &session.state, choice),
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
        let text = include_str!("../tests/fixtures/check-in.ron");
        let report = crate::check::check_source(
            "check-in.ron",
            text.as_bytes(),
            &crate::framework::Framework::builtin(),
        );
        assert_eq!(report.errors(), 0, "{}", report.render(false));
        Arc::new(report.scenario.unwrap_or_else(|| unreachable!()))
    }

    #[test]
    fn best_route_reaches_agreed() {
        let mut session = Session::new(check_in()).unwrap_or_else(|e| unreachable!("{e}"));
        for id in ["greet-first", "solve-together", "confirm-and-explain"] {
            session.choose(id).unwrap_or_else(|e| unreachable!("{e}"));
        }
        assert_eq!(session.ending(), Some("agreed"));
        assert_eq!(session.state().dial("trust"), 65);
        assert_eq!(session.state().minutes, 9);
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
