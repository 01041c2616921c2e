//! What `rapport analyse` reports: the report's types, serialised as they are for
//! `--json`.

use std::collections::BTreeMap;

use serde::Serialize;

use rapport_core::framework::Group;
use rapport_core::model::Outcome;

/// Everything `rapport analyse` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The scenario id.
    pub scenario: String,
    /// Its title.
    pub title: String,
    /// Distinct states reached (decisions and endings with dials, flags and minutes).
    pub states: usize,
    /// Transitions between them (a choice made in a state).
    pub transitions: usize,
    /// Whether every reachable state was explored (false: the state limit was hit, and the
    /// rest of the report covers only what was explored).
    pub complete: bool,
    /// Dials that decide which choices are on offer (the others are not tracked).
    pub tracked_dials: Vec<String>,
    /// Flags that decide which choices are on offer.
    pub tracked_flags: Vec<String>,
    /// Nodes play can reach, including beats passed through by `next`.
    pub reachable_nodes: Vec<String>,
    /// Nodes play can never reach, taking conditions and time into account.
    pub unreachable_nodes: Vec<String>,
    /// Endings play can reach.
    pub reachable_endings: Vec<String>,
    /// Endings play can never reach.
    pub unreachable_endings: Vec<String>,
    /// Choices whose `requires` never holds when play is at their node.
    pub never_offered: Vec<NeverOffered>,
    /// Decisions where, in some reachable state, no choice is on offer.
    pub stuck: Vec<Stuck>,
    /// Other runtime errors play can run into (a `next` loop, a missing target).
    pub errors: Vec<ErrorRoute>,
    /// Loops that cannot be left: states that go round with no way to an ending.
    pub traps: Vec<Trap>,
    /// How many states cannot reach any ending (including stuck decisions and traps).
    pub states_without_ending: usize,
    /// The number of distinct routes (sequences of choices) from the start to an ending.
    pub routes: RouteCount,
    /// For each ending reached, the number of routes to it and the shortest.
    pub endings: Vec<EndingRoutes>,
    /// Best and worst achievable composites, per group of skills.
    pub composites: Vec<GroupExtremes>,
    /// For each skill, the decisions that offer it (a choice with a positive weight on offer
    /// in some reachable state).
    pub skills: Vec<SkillOffers>,
    /// The nodes holding the most states, most first (up to five): where to look when a
    /// scenario is too large to explore.
    pub busiest: Vec<NodeStates>,
    /// How often the best option at a decision is also the longest line (a trainee can learn
    /// to pick the longest).
    pub balance: rapport_core::check::rules::balance::Balance,
    /// Whether the scenario has an appointment length.
    pub timed: bool,
    /// Milliseconds the analysis took.
    pub millis: f64,
}

impl Analysis {
    /// The report on a scenario that cannot be compiled (more dials or flags than a state
    /// holds: the checker reports it too): nothing explored, the reason as its one error.
    pub(crate) fn not_compiled(scenario: &rapport_core::model::Scenario, why: &str) -> Analysis {
        Analysis {
            scenario: scenario.id.to_string(),
            title: scenario.title.clone(),
            states: 0,
            transitions: 0,
            complete: false,
            tracked_dials: Vec::new(),
            tracked_flags: Vec::new(),
            reachable_nodes: Vec::new(),
            unreachable_nodes: Vec::new(),
            reachable_endings: Vec::new(),
            unreachable_endings: Vec::new(),
            never_offered: Vec::new(),
            stuck: Vec::new(),
            errors: vec![ErrorRoute {
                message: format!("the scenario cannot be analysed: {why}"),
                route: Vec::new(),
            }],
            traps: Vec::new(),
            states_without_ending: 0,
            routes: RouteCount::Exact { count: "0".into() },
            endings: Vec::new(),
            composites: Vec::new(),
            skills: Vec::new(),
            busiest: Vec::new(),
            balance: Default::default(),
            timed: scenario.minutes.is_some(),
            millis: 0.0,
        }
    }
}

/// How many states rest at one node, and how many different values of each dial they hold.
#[derive(Debug, Clone, Serialize)]
pub struct NodeStates {
    /// The node.
    pub node: String,
    /// States resting there.
    pub states: usize,
    /// Per tracked dial, the number of different stored values.
    pub dial_values: BTreeMap<String, usize>,
    /// Different sets of tracked flags.
    pub flag_sets: usize,
    /// Different stored minutes used (1 when the clock no longer matters there).
    pub minutes: usize,
}

/// A choice that is never on offer.
#[derive(Debug, Clone, Serialize)]
pub struct NeverOffered {
    /// The node.
    pub node: String,
    /// The choice id.
    pub choice: String,
    /// Its condition.
    pub requires: String,
}

/// A dial, flag and clock reading, for examples in the report.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    /// Dials that can still matter, with their values (or the threshold they are above or
    /// below, when the exact value no longer matters).
    pub dials: BTreeMap<String, String>,
    /// Tracked flags that are set.
    pub flags: Vec<String>,
    /// Minutes used (when the time can still run out; a range when the exact number no
    /// longer matters).
    pub minutes: Option<String>,
    /// Whether `time_up` has fired.
    pub time_up_fired: bool,
}

/// A decision that can be left with no choice on offer.
#[derive(Debug, Clone, Serialize)]
pub struct Stuck {
    /// The node.
    pub node: String,
    /// How many reachable states are stuck there.
    pub states: usize,
    /// One such state (the one reached by the shortest route).
    pub example: Snapshot,
    /// The shortest route (choice ids) that gets stuck there.
    pub route: Vec<String>,
    /// Each choice of the node with its condition.
    pub conditions: Vec<(String, String)>,
}

/// A runtime error play can reach.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorRoute {
    /// The error in words.
    pub message: String,
    /// The shortest route that runs into it (the last choice triggers it).
    pub route: Vec<String>,
}

/// A loop that cannot be left.
#[derive(Debug, Clone, Serialize)]
pub struct Trap {
    /// The nodes play goes round.
    pub nodes: Vec<String>,
    /// The choices that go round.
    pub choices: Vec<String>,
    /// How many distinct states are in it.
    pub states: usize,
    /// The shortest route into it.
    pub route: Vec<String>,
}

/// The number of routes to an ending.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind")]
pub enum RouteCount {
    /// Exactly this many.
    Exact {
        /// The count (as a string: it may not fit a JSON number).
        count: String,
    },
    /// More than fits 128 bits; about this many.
    About {
        /// Base-10 logarithm of the count.
        log10: f64,
    },
    /// Infinitely many: play can go round a loop and still finish.
    Infinite {
        /// The nodes of one such loop.
        loop_nodes: Vec<String>,
    },
}

/// Routes to one ending.
#[derive(Debug, Clone, Serialize)]
pub struct EndingRoutes {
    /// The ending id.
    pub ending: String,
    /// Its outcome.
    pub outcome: Outcome,
    /// Number of routes to it.
    pub routes: RouteCount,
    /// The shortest route (fewest choices).
    pub shortest: Vec<String>,
    /// Minutes the shortest route takes.
    pub minutes: u32,
    /// Whether the shortest route gets there because time ran out.
    pub by_time_up: bool,
    /// The lowest and highest value of each dial over every route that ends here.
    pub dials: Vec<DialRange>,
    /// The best and worst composite of each group over every route that ends here.
    pub composites: Vec<GroupExtremes>,
}

impl EndingRoutes {
    /// The lowest composite a route ending here gets, with its group, when it is below
    /// [`POOR_ROUTE`] and the ending is Positive: a poor route reaching a kind ending.
    pub fn poor_route(&self) -> Option<(Group, &Extreme)> {
        if self.outcome != Outcome::Positive {
            return None;
        }
        self.composites
            .iter()
            .filter_map(|g| g.worst.as_ref().map(|w| (g.group, w)))
            .filter(|(_, w)| w.score < POOR_ROUTE)
            .min_by(|a, b| a.1.score.total_cmp(&b.1.score))
    }
}

/// A composite below this is a route of mostly poor choices: the chosen options gained less
/// than half of what the options on offer allowed.
pub const POOR_ROUTE: f64 = 50.0;

/// The range of one dial over the routes to an ending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DialRange {
    /// The dial.
    pub dial: String,
    /// Its lowest value there.
    pub low: u8,
    /// Its highest value there.
    pub high: u8,
}

/// Best and worst composite of one group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupExtremes {
    /// The group.
    pub group: Group,
    /// The highest composite a route can get (`None`: no decision's options differ for it).
    pub best: Option<Extreme>,
    /// The lowest.
    pub worst: Option<Extreme>,
}

/// An extreme composite and a route that gets it.
#[derive(Debug, Clone, Serialize)]
pub struct Extreme {
    /// The composite, 0..=100.
    pub score: f64,
    /// As an exact fraction: (chosen − worst) / (best − worst) summed over the route.
    pub numerator: i64,
    /// See `numerator`.
    pub denominator: i64,
    /// A route (choice ids) that gets it; with `repeat`, the loop is to be gone round.
    pub route: Vec<String>,
    /// The ending of that route.
    pub ending: String,
    /// When the extreme is a limit: the choices of a loop that, gone round again and again,
    /// brings the composite ever closer to it (no finite route reaches it exactly).
    pub repeat: Option<Vec<String>>,
}

/// The decisions that offer one skill.
#[derive(Debug, Clone, Serialize)]
pub struct SkillOffers {
    /// The skill id.
    pub skill: String,
    /// Its group.
    pub group: Group,
    /// Node id to the choices there that use the skill (weight above 0).
    pub decisions: BTreeMap<String, Vec<String>>,
    /// Node id to the reachable choices that work against it (weight below 0).
    pub against: BTreeMap<String, Vec<String>>,
}

impl RouteCount {
    /// The count in words.
    pub fn describe(&self) -> String {
        match self {
            RouteCount::Exact { count } => count.clone(),
            RouteCount::About { log10 } => {
                let exponent = log10.floor();
                let mantissa = 10f64.powf(log10 - exponent);
                format!("about {mantissa:.1} × 10^{exponent}")
            }
            RouteCount::Infinite { .. } => "infinitely many".into(),
        }
    }
}

impl Analysis {
    /// Whether the analysis found something a trainer must fix: an unreachable node or
    /// ending, a stuck decision, a runtime error or a loop that cannot be left.
    pub fn has_problems(&self) -> bool {
        // Stuck decisions and runtime errors are real even in a partial exploration; the
        // rest needs the whole state space.
        !self.stuck.is_empty()
            || !self.errors.is_empty()
            || (self.complete
                && (!self.unreachable_nodes.is_empty()
                    || !self.unreachable_endings.is_empty()
                    || self.states_without_ending > 0))
    }
}
