//! Exact analysis of a scenario: every state play can reach, not a sample.
//!
//! A state is where play rests (a decision or an ending) with the person's dials, the flags
//! set and the clock, exactly as [`rapport_core::runtime::State`]; transitions are
//! [`rapport_core::runtime::offered`] and [`rapport_core::runtime::try_apply`], so the
//! analyser and the player share one semantics. From the start state every choice on offer is
//! followed, breadth first, and each distinct state is kept once (memoised). The space is
//! finite: dials are clamped to 0..=100, flags are finite, and minutes only matter until the
//! appointment runs out.
//!
//! To keep it small, a state records only what can change what happens next:
//! - dials and flags that no `requires` condition reads are left out (they change words and
//!   moods through variants, never which choices are on offer or where play goes);
//! - minutes are left out once `time_up` has fired, or when the scenario has no `time_up`;
//! - an ending is one state, whatever the dials are when play gets there;
//! - with [`Options::reduce`], states that behave the same from here on are merged
//!   (`reduce`).
//!
//! The analysis is done in steps, one module each:
//! - `state`: the analyser's states, packed into keys (the only place that knows how);
//! - `explore`: the exploration into a graph of states (the only caller of the runtime);
//! - `reach`: reachable nodes and endings, choices never on offer, stuck decisions, skills
//!   on offer, and which states can still reach an ending;
//! - `loops`: strongly connected components, and loops that cannot be left;
//! - `routes`: route counts and the shortest route to each ending;
//! - `extremes`: the best and worst composite scores (Dinkelbach's method);
//! - `ranges`: per ending, the range of each dial and composite on the routes reaching it;
//! - `busiest`: the nodes holding the most states, for partial reports;
//! - `report` and `text`: the report's types and its text form.

mod busiest;
mod explore;
mod extremes;
pub mod graph;
mod loops;
mod ranges;
mod reach;
mod reduce;
mod report;
mod routes;
mod state;
#[cfg(test)]
mod tests;
mod text;

pub use report::{
    Analysis, DialRange, EndingRoutes, ErrorRoute, Extreme, GroupExtremes, NeverOffered,
    NodeStates, POOR_ROUTE, RouteCount, SkillOffers, Snapshot, Stuck, Trap,
};

use rapport_core::framework::Framework;
use rapport_core::model::Scenario;

use crate::loops::Sccs;
use crate::state::Space;

/// Limits of an analysis.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Stop exploring after this many distinct states (the report then says it is partial).
    pub max_states: usize,
    /// Merge states that behave the same from here on (exact; see the `reduce` module).
    /// Off, every distinct dial value, flag and minute is kept: for cross-checking.
    pub reduce: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_states: 1_000_000,
            reduce: true,
        }
    }
}

/// Analyses a scenario with the default limits.
pub fn analyse(scenario: &Scenario, framework: &Framework) -> Analysis {
    analyse_with(scenario, framework, Options::default())
}

/// Analyses a scenario.
pub fn analyse_with(scenario: &Scenario, framework: &Framework, options: Options) -> Analysis {
    analyse_timed(scenario, framework, options, true)
}

/// Analyses a scenario; `timed` allows the split points of the reduction that know the
/// minutes used and the flags set (off, only the split points of every path from each place
/// are used: for cross-checking).
fn analyse_timed(
    scenario: &Scenario,
    framework: &Framework,
    options: Options,
    timed: bool,
) -> Analysis {
    let clock = std::time::Instant::now();
    let space = match Space::new(scenario, options.reduce, timed) {
        Ok(space) => space,
        Err(error) => return Analysis::not_compiled(scenario, &error.to_string()),
    };
    phase(&clock, "space");
    let found = explore::explore(&space, framework, options.max_states);
    phase(&clock, "explore");
    let places = reach::places(&space, &found);
    let never_offered = reach::never_offered(&space, &found.offered_ever, &places.reachable_nodes);
    let stuck = reach::stuck(&space, &found.graph, &found.stuck_states);
    phase(&clock, "reach");
    let graph = &found.graph;
    let finishing = reach::finishing(&space, graph);
    phase(&clock, "coreach");
    let sccs = Sccs::new(graph);
    phase(&clock, "scc");
    let traps = loops::traps(&space, graph, &sccs, &finishing.finishes);
    let (routes, mut endings) = routes::routes(&space, graph, &sccs, &finishing.finishes);
    phase(&clock, "routes");
    ranges::fill(&space, graph, &sccs, &mut endings);
    phase(&clock, "ranges");
    let composites = extremes::composites(&space, graph, &sccs, &finishing);
    phase(&clock, "composites");
    let skills = reach::skills(&space, framework, &found.offered_ever);
    phase(&clock, "skills");
    let busiest = busiest::busiest(&space, graph);
    phase(&clock, "busiest");
    Analysis {
        scenario: scenario.id.to_string(),
        title: scenario.title.clone(),
        states: graph.len(),
        transitions: graph.edges.len(),
        complete: found.complete,
        tracked_dials: space.dials.iter().map(|d| (*d).to_string()).collect(),
        tracked_flags: space.flags.iter().map(|f| (*f).to_string()).collect(),
        reachable_nodes: places.reachable_nodes,
        unreachable_nodes: places.unreachable_nodes,
        reachable_endings: places.reachable_endings,
        unreachable_endings: places.unreachable_endings,
        never_offered,
        stuck,
        errors: found
            .errors
            .into_iter()
            .map(|(message, route)| ErrorRoute { message, route })
            .collect(),
        traps,
        states_without_ending: finishing.without_ending(),
        routes,
        endings,
        composites,
        skills,
        busiest,
        balance: rapport_core::check::rules::balance::balance(scenario, framework),
        timed: scenario.minutes.is_some(),
        millis: clock.elapsed().as_secs_f64() * 1000.0,
    }
}

/// With `RAPPORT_ANALYSE_DEBUG` set, prints the time taken so far after a step.
fn phase(clock: &std::time::Instant, label: &str) {
    if std::env::var_os("RAPPORT_ANALYSE_DEBUG").is_some() {
        eprintln!("{label}: {:.1} ms", clock.elapsed().as_secs_f64() * 1000.0);
    }
}
