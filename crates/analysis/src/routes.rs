//! Routes: how many distinct routes lead from the start to each ending (counted on the
//! states that can finish, in topological order of their components), and the shortest
//! route to each ending (the breadth-first tree of the exploration).

use std::collections::{BTreeMap, BTreeSet};

use rapport_core::model::Outcome;

use crate::explore::Graph;
use crate::loops::Sccs;
use crate::report::{EndingRoutes, RouteCount};
use crate::state::Space;

/// The number of routes to an ending, and the routes to each ending reached, sorted by
/// ending id.
pub(crate) fn routes(
    space: &Space<'_>,
    graph: &Graph,
    sccs: &Sccs,
    finishes: &[bool],
) -> (RouteCount, Vec<EndingRoutes>) {
    let (total, per_ending) = count(space, graph, sccs, finishes);
    let endings = endings(space, graph, &total, &per_ending);
    (total, endings)
}

/// The number of routes in all and per ending place (empty when there are infinitely many:
/// play can go round a loop and still finish).
fn count(
    space: &Space<'_>,
    graph: &Graph,
    sccs: &Sccs,
    finishes: &[bool],
) -> (RouteCount, BTreeMap<u32, RouteCount>) {
    let mut ending_routes: BTreeMap<u32, RouteCount> = BTreeMap::new();
    let finishing_loop = sccs
        .members
        .iter()
        .enumerate()
        .find(|(c, m)| sccs.cyclic[*c] && finishes[m[0] as usize]);
    if let Some((_, members)) = finishing_loop {
        let nodes: BTreeSet<&str> = members
            .iter()
            .map(|s| space.place_name(graph.place(*s)))
            .collect();
        let total = RouteCount::Infinite {
            loop_nodes: nodes.into_iter().map(str::to_string).collect(),
        };
        return (total, ending_routes);
    }
    // Exactly while the counts fit 128 bits, and as base-10 logarithms beside them for when
    // they do not.
    let n = graph.len();
    let mut exact = vec![0u128; n];
    let mut overflow = vec![false; n];
    let mut log = vec![f64::NEG_INFINITY; n];
    if n > 0 {
        exact[graph.start as usize] = 1;
        log[graph.start as usize] = 0.0;
    }
    // With no loop among the states that finish, every component that counts is one state,
    // and components come in topological order.
    for members in &sccs.members {
        let s = members[0];
        if !finishes[s as usize] || log[s as usize] == f64::NEG_INFINITY {
            continue;
        }
        for e in graph.out(s) {
            let t = e.to as usize;
            if !finishes[t] {
                continue;
            }
            match exact[t].checked_add(exact[s as usize]) {
                Some(sum) if !overflow[s as usize] => exact[t] = sum,
                _ => overflow[t] = true,
            }
            log[t] = log_add(log[t], log[s as usize]);
        }
    }
    let mut total_exact: Option<u128> = Some(0);
    let mut total_log = f64::NEG_INFINITY;
    for (i, key) in graph.keys.iter().enumerate() {
        if !space.is_ending(Space::place_of(key)) {
            continue;
        }
        let count = if overflow[i] {
            total_exact = None;
            RouteCount::About { log10: log[i] }
        } else {
            total_exact = total_exact.and_then(|t| t.checked_add(exact[i]));
            RouteCount::Exact {
                count: exact[i].to_string(),
            }
        };
        total_log = log_add(total_log, log[i]);
        ending_routes.insert(Space::place_of(key), count);
    }
    let total = match total_exact {
        Some(t) => RouteCount::Exact {
            count: t.to_string(),
        },
        None => RouteCount::About { log10: total_log },
    };
    (total, ending_routes)
}

/// Each ending reached, with its route count (the total when it has none of its own) and
/// its shortest route.
fn endings(
    space: &Space<'_>,
    graph: &Graph,
    total: &RouteCount,
    per_ending: &BTreeMap<u32, RouteCount>,
) -> Vec<EndingRoutes> {
    let scenario = space.scenario;
    let mut endings = Vec::new();
    for (i, key) in graph.keys.iter().enumerate() {
        let place = Space::place_of(key);
        if !space.is_ending(place) {
            continue;
        }
        let id = space.place_name(place);
        let route_edges = graph.route_edges_to(i as u32);
        let minutes = route_edges
            .iter()
            .map(|e| {
                space.choices[graph.edges[*e as usize].choice as usize]
                    .1
                    .minutes
            })
            .sum();
        // The last choice sent play to `time_up` rather than where it leads.
        let by_time_up = route_edges.last().is_some_and(|e| {
            let edge = &graph.edges[*e as usize];
            !Space::time_up_fired(&graph.keys[edge.from as usize])
                && scenario.time_up.as_ref().is_some_and(|t| t.as_str() == id)
                && space.choices[edge.choice as usize].1.next.as_str() != id
        });
        endings.push(EndingRoutes {
            ending: id.to_string(),
            outcome: scenario
                .endings
                .get(id)
                .map_or(Outcome::Mixed, |e| e.outcome),
            routes: per_ending
                .get(&place)
                .cloned()
                .unwrap_or_else(|| total.clone()),
            shortest: graph.route_to(space, i as u32),
            minutes,
            by_time_up,
            // Filled in by `ranges`.
            dials: Vec::new(),
            composites: Vec::new(),
        });
    }
    endings.sort_by(|a, b| a.ending.cmp(&b.ending));
    endings
}

/// `log10(10^a + 10^b)`.
fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (1.0 + 10f64.powf(lo - hi)).log10()
}
