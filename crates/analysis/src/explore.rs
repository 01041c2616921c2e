//! The exploration: every state play can reach, breadth first, into a graph of states.
//!
//! Transitions are the runtime's own rules on the compiled scenario, [`Program::offered`]
//! and [`Program::apply`] (called only in [`expand`]), so the analyser and the player share
//! one semantics, on the same compact state. States
//! waiting to be expanded are taken in batches; their successors are worked out on several
//! threads (the runtime's rules are the expensive part) and then recorded one by one in
//! order, exactly as a single thread would, so the graph (and the report) does not depend on
//! the number of threads.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use rapport_core::framework::{Framework, Group};
#[cfg(doc)]
use rapport_core::runtime::Program;
use rapport_core::runtime::RuntimeError;
use rapport_core::scoring::group_value;

use crate::state::{Key, Keys, Space};

/// "No edge" / "no state".
pub(crate) const NONE: u32 = u32::MAX;

/// How many waiting states are expanded together (in parallel) before being recorded.
const EXPLORE_CHUNK: usize = 4096;

/// One transition: a choice made in a state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub(crate) from: u32,
    pub(crate) to: u32,
    /// Index into [`Space::choices`].
    pub(crate) choice: u32,
    /// Per group: (chosen − worst, best − worst); (0, 0) when the options do not differ.
    pub(crate) gain: [(i32, i32); 2],
}

/// The explored graph of states.
pub(crate) struct Graph {
    pub(crate) keys: Keys,
    /// Edges grouped by source (sources in index order).
    pub(crate) edges: Vec<Edge>,
    /// `edges[offsets[s]..offsets[s + 1]]` leave state `s`.
    pub(crate) offsets: Vec<u32>,
    /// BFS tree: the edge that first reached each state (`NONE` for the start).
    pub(crate) parent: Vec<u32>,
    pub(crate) start: u32,
}

impl Graph {
    /// The edges leaving state `s`.
    pub(crate) fn out(&self, s: u32) -> &[Edge] {
        let a = self.offsets[s as usize] as usize;
        let b = self.offsets[s as usize + 1] as usize;
        &self.edges[a..b]
    }

    /// The number of states.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The place state `s` rests at.
    pub(crate) fn place(&self, s: u32) -> u32 {
        Space::place_of(&self.keys[s as usize])
    }

    /// The choices of the BFS route from the start to `s` (the shortest).
    pub(crate) fn route_to(&self, space: &Space<'_>, s: u32) -> Vec<String> {
        self.route_edges_to(s)
            .iter()
            .map(|e| choice_id(space, self.edges[*e as usize].choice))
            .collect()
    }

    /// The edges of the BFS route from the start to `s`.
    pub(crate) fn route_edges_to(&self, s: u32) -> Vec<u32> {
        let mut route = Vec::new();
        let mut at = s;
        while self.parent[at as usize] != NONE {
            let e = self.parent[at as usize];
            route.push(e);
            at = self.edges[e as usize].from;
        }
        route.reverse();
        route
    }
}

/// The id of choice `choice` (an index into [`Space::choices`]).
pub(crate) fn choice_id(space: &Space<'_>, choice: u32) -> String {
    space.choices[choice as usize].1.id.as_str().to_owned()
}

/// What the exploration found besides the graph.
pub(crate) struct Exploration<'a> {
    pub(crate) graph: Graph,
    /// Whether every reachable state was explored (false: the state limit was hit).
    pub(crate) complete: bool,
    /// Runtime errors, each with the shortest route that runs into it.
    pub(crate) errors: BTreeMap<String, Vec<String>>,
    /// Per choice: whether it was on offer in some state.
    pub(crate) offered_ever: Vec<bool>,
    /// Beats (nodes with no choices) and other nodes play passes through by `next`.
    pub(crate) passed: BTreeSet<&'a str>,
    /// Per place: the states where no choice is on offer.
    pub(crate) stuck_states: BTreeMap<u32, Vec<u32>>,
}

/// Explores every state reachable from the start, up to `max_states`.
pub(crate) fn explore<'a>(
    space: &Space<'a>,
    framework: &Framework,
    max_states: usize,
) -> Exploration<'a> {
    let mut explorer = Explorer::new(space, framework, max_states);
    explorer.start();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let mut next = 0usize;
    while next < explorer.found.graph.keys.len() {
        // The states waiting are known: work out their successors in parallel, then record
        // them one by one in order.
        let chunk_end = explorer.found.graph.keys.len().min(next + EXPLORE_CHUNK);
        let successors = successors_of(space, &explorer.found.graph.keys, next..chunk_end, workers);
        for (s, found) in (next..chunk_end).zip(successors) {
            explorer.record(s as u32, found);
        }
        next = chunk_end;
    }
    explorer.found
}

/// The exploration's bookkeeping while it records the states expanded.
struct Explorer<'s, 'a> {
    space: &'s Space<'a>,
    max_states: usize,
    /// Per choice: its value for each group (see [`group_value`]).
    values: Vec<[i32; 2]>,
    /// Per choice and way (by its `next`, or to `time_up`): whether the beats on the way
    /// have been marked.
    walked: Vec<bool>,
    /// Nodes whose `next` chain has been followed.
    entered: BTreeSet<&'a str>,
    found: Exploration<'a>,
}

impl<'s, 'a> Explorer<'s, 'a> {
    fn new(space: &'s Space<'a>, framework: &Framework, max_states: usize) -> Self {
        let values = space
            .choices
            .iter()
            .map(|(_, c)| {
                [
                    group_value(c, Group::Relationship, framework),
                    group_value(c, Group::Structuring, framework),
                ]
            })
            .collect();
        Explorer {
            space,
            max_states,
            values,
            walked: vec![false; space.choices.len() * 2],
            entered: BTreeSet::new(),
            found: Exploration {
                graph: Graph {
                    keys: Keys::default(),
                    edges: Vec::new(),
                    offsets: vec![0],
                    parent: Vec::new(),
                    start: 0,
                },
                complete: true,
                errors: BTreeMap::new(),
                offered_ever: vec![false; space.choices.len()],
                passed: BTreeSet::new(),
                stuck_states: BTreeMap::new(),
            },
        }
    }

    /// Records the start state (or the error of a start that rests nowhere).
    fn start(&mut self) {
        let scenario = self.space.scenario;
        let start = match self.space.program.start() {
            Ok(start) | Err((start, _)) => start,
        };
        self.pass_through(scenario.start.as_str());
        match self.space.pack(&start) {
            Some(key) => {
                self.found.graph.keys.insert(key);
                self.found.graph.parent.push(NONE);
            }
            None => {
                self.found
                    .errors
                    .entry(format!(
                        "the scenario cannot start: `{}` is neither a node nor an ending",
                        scenario.start.as_str()
                    ))
                    .or_default();
            }
        }
    }

    /// Records the successors of state `s` (`None`: an ending) and closes its edge list.
    fn record(&mut self, s: u32, found: Option<Vec<Successor>>) {
        if let Some(found) = found {
            if found.is_empty() {
                let place = self.found.graph.place(s);
                self.found.stuck_states.entry(place).or_default().push(s);
            }
            let range = self.offer(&found);
            for succ in found {
                self.follow(s, succ, &range);
            }
        }
        let graph = &mut self.found.graph;
        graph.offsets.push(graph.edges.len() as u32);
    }

    /// Marks the choices on offer in a state as offered, and returns the best and worst
    /// value on offer per group.
    fn offer(&mut self, found: &[Successor]) -> ValueRange {
        let mut best = [i32::MIN; 2];
        let mut worst = [i32::MAX; 2];
        for succ in found {
            self.found.offered_ever[succ.id as usize] = true;
            for g in 0..2 {
                best[g] = best[g].max(self.values[succ.id as usize][g]);
                worst[g] = worst[g].min(self.values[succ.id as usize][g]);
            }
        }
        ValueRange { best, worst }
    }

    /// Records one choice made in state `s`: the state it leads to (new or known) and the
    /// edge, or the runtime error it runs into.
    fn follow(&mut self, s: u32, succ: Successor, range: &ValueRange) {
        let id = succ.id;
        let (key, timed_out) = match succ.after {
            Ok(after) => after,
            Err(message) => {
                let graph = &self.found.graph;
                if !self.found.errors.contains_key(&message) {
                    let mut route = graph.route_to(self.space, s);
                    route.push(choice_id(self.space, id));
                    self.found.errors.insert(message, route);
                }
                return;
            }
        };
        self.walk(id, timed_out);
        let Some(key) = key else {
            return;
        };
        let Some((to, fresh)) = self.intern(key) else {
            return;
        };
        let graph = &mut self.found.graph;
        if fresh {
            graph.parent.push(graph.edges.len() as u32);
        }
        graph.edges.push(Edge {
            from: s,
            to,
            choice: id,
            gain: range.gain(self.values[id as usize]),
        });
    }

    /// Marks the beats passed through after choice `id` (once per choice and way).
    fn walk(&mut self, id: u32, timed_out: bool) {
        let slot = id as usize * 2 + usize::from(timed_out);
        if self.walked[slot] {
            return;
        }
        self.walked[slot] = true;
        let scenario = self.space.scenario;
        let choice = self.space.choices[id as usize].1;
        let target = match scenario.time_up.as_ref() {
            Some(time_up) if timed_out => time_up.as_str(),
            _ => choice.next.as_str(),
        };
        self.pass_through(target);
    }

    /// The index of a state, adding it when it is new (`true`); `None` when it is new and
    /// the state limit is reached.
    fn intern(&mut self, key: Key) -> Option<(u32, bool)> {
        let keys = &mut self.found.graph.keys;
        match keys.get_index_of(&key) {
            Some(i) => Some((i as u32, false)),
            None if keys.len() >= self.max_states => {
                self.found.complete = false;
                None
            }
            None => Some((keys.insert_full(key).0 as u32, true)),
        }
    }

    /// Marks the beats play passes through from `target` by `next` (nodes with no choices).
    fn pass_through(&mut self, target: &str) {
        let scenario = self.space.scenario;
        let Some((mut id, mut node)) = scenario.nodes.get_key_value(target) else {
            return;
        };
        if !self.entered.insert(id.as_str()) {
            return;
        }
        let mut seen = BTreeSet::new();
        loop {
            self.found.passed.insert(id.as_str());
            if !node.choices.is_empty() || !seen.insert(id.as_str()) {
                return;
            }
            let Some(next) = &node.next else { return };
            match scenario.nodes.get_key_value(next.as_str()) {
                Some((i, n)) => {
                    id = i;
                    node = n;
                }
                None => return,
            }
        }
    }
}

/// The best and worst value on offer in a state, per group.
struct ValueRange {
    best: [i32; 2],
    worst: [i32; 2],
}

impl ValueRange {
    /// Per group: (chosen − worst, best − worst) of a choice with values `v`; (0, 0) when
    /// the options do not differ.
    fn gain(&self, v: [i32; 2]) -> [(i32, i32); 2] {
        let mut gain = [(0, 0); 2];
        for g in 0..2 {
            if self.best[g] != self.worst[g] {
                gain[g] = (v[g] - self.worst[g], self.best[g] - self.worst[g]);
            }
        }
        gain
    }
}

/// A choice on offer in a state, and where it leads.
struct Successor {
    /// Index into [`Space::choices`].
    id: u32,
    /// Where play comes to rest, or the runtime error play runs into.
    after: Result<Arrival, String>,
}

/// The packed state play comes to rest in (`None`: somewhere that does not exist), and
/// whether `time_up` fired on the way.
type Arrival = (Option<Key>, bool);

/// The choices on offer in one state and where they lead (`None` for an ending), by
/// [`Program::offered`] and [`Program::apply`].
fn expand(space: &Space<'_>, key: &Key) -> Option<Vec<Successor>> {
    if space.is_ending(Space::place_of(key)) {
        return None;
    }
    let program = &space.program;
    let state = space.unpack(key);
    let mut found = Vec::with_capacity(4);
    // Compiled choices are numbered as `Space::choices`: the index is the choice's id here.
    for id in program.offered(&state) {
        let after = match program.apply(&state, id) {
            // Coming to rest at a decision with nothing on offer is a state like any other
            // (the exploration reports it as stuck), not an error on the way there.
            Ok(after) | Err((after, RuntimeError::NoChoiceOnOffer { .. })) => {
                let timed_out = after.time_up_fired && !state.time_up_fired;
                Ok((space.pack(&after), timed_out))
            }
            Err((_, error)) => Err(error.to_string()),
        };
        found.push(Successor { id, after });
    }
    Some(found)
}

/// [`expand`] for the states in `range`, in order, shared among `workers` threads.
fn successors_of(
    space: &Space<'_>,
    keys: &Keys,
    range: Range<usize>,
    workers: usize,
) -> Vec<Option<Vec<Successor>>> {
    let len = range.len();
    // Threads cost more than they save on a small batch.
    if workers <= 1 || len < 64 {
        return range.map(|i| expand(space, &keys[i])).collect();
    }
    let per = len.div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (range.start..range.end)
            .step_by(per)
            .skip(1)
            .map(|from| {
                let to = (from + per).min(range.end);
                scope.spawn(move || (from..to).map(|i| expand(space, &keys[i])).collect())
            })
            .collect();
        // This thread takes the first part itself.
        let mut all: Vec<Option<Vec<Successor>>> = (range.start
            ..(range.start + per).min(range.end))
            .map(|i| expand(space, &keys[i]))
            .collect();
        for handle in handles {
            // A worker only panics if `expand` does, which the single-threaded path would too.
            let part: Vec<Option<Vec<Successor>>> = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            all.extend(part);
        }
        all
    })
}
