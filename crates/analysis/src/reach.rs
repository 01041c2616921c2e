//! What the explored graph says about reaching things: the nodes and endings play reaches,
//! choices never on offer, decisions left with no choice, the skills on offer, and which
//! states can still reach an ending.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use rustc_hash::FxHashMap;

use rapport_core::framework::Framework;

use crate::explore::{Exploration, Graph, NONE};
use crate::report::{NeverOffered, SkillOffers, Stuck};
use crate::state::Space;

/// The nodes and endings play can and cannot reach, in scenario order.
pub(crate) struct Places {
    pub(crate) reachable_nodes: Vec<String>,
    pub(crate) unreachable_nodes: Vec<String>,
    pub(crate) reachable_endings: Vec<String>,
    pub(crate) unreachable_endings: Vec<String>,
}

/// Which nodes and endings play reaches: those a state rests at, and the nodes passed
/// through by `next`.
pub(crate) fn places(space: &Space<'_>, found: &Exploration<'_>) -> Places {
    let scenario = space.scenario;
    let rest: BTreeSet<u32> = found.graph.keys.iter().map(Space::place_of).collect();
    let at_rest = |id: &str| space.program.place(id).is_some_and(|p| rest.contains(&p.0));
    let mut places = Places {
        reachable_nodes: Vec::new(),
        unreachable_nodes: Vec::new(),
        reachable_endings: Vec::new(),
        unreachable_endings: Vec::new(),
    };
    for id in scenario.nodes.keys() {
        if at_rest(id.as_str()) || found.passed.contains(id.as_str()) {
            places.reachable_nodes.push(id.to_string());
        } else {
            places.unreachable_nodes.push(id.to_string());
        }
    }
    for id in scenario.endings.keys() {
        if at_rest(id.as_str()) {
            places.reachable_endings.push(id.to_string());
        } else {
            places.unreachable_endings.push(id.to_string());
        }
    }
    places
}

/// The choices at reachable nodes that were never on offer.
pub(crate) fn never_offered(
    space: &Space<'_>,
    offered_ever: &[bool],
    reachable_nodes: &[String],
) -> Vec<NeverOffered> {
    let reachable: BTreeSet<&str> = reachable_nodes.iter().map(String::as_str).collect();
    space
        .choices
        .iter()
        .enumerate()
        .filter(|(i, (node, _))| !offered_ever[*i] && reachable.contains(node))
        .map(|(_, (node, c))| NeverOffered {
            node: (*node).to_string(),
            choice: c.id.as_str().to_owned(),
            requires: c
                .requires
                .as_ref()
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
        })
        .collect()
}

/// The decisions where some state has no choice on offer, each with the state reached by
/// the shortest route.
pub(crate) fn stuck(
    space: &Space<'_>,
    graph: &Graph,
    stuck_states: &BTreeMap<u32, Vec<u32>>,
) -> Vec<Stuck> {
    stuck_states
        .iter()
        .map(|(place, states)| {
            let node_id = space.place_name(*place);
            // States are numbered breadth first: the first was reached by the shortest route.
            let first = states[0];
            let conditions = space
                .scenario
                .nodes
                .get(node_id)
                .map(|node| {
                    node.choices
                        .iter()
                        .map(|c| {
                            let requires = c.requires.as_ref().map(|r| r.as_str().to_owned());
                            (
                                c.id.as_str().to_owned(),
                                requires.unwrap_or_else(|| "(none)".into()),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            Stuck {
                node: node_id.to_string(),
                states: states.len(),
                example: space.snapshot(&graph.keys[first as usize]),
                route: graph.route_to(space, first),
                conditions,
            }
        })
        .collect()
}

/// For each skill of the framework, the choices ever offered that use it or work against
/// it, by node.
pub(crate) fn skills(
    space: &Space<'_>,
    framework: &Framework,
    offered_ever: &[bool],
) -> Vec<SkillOffers> {
    // One pass over the choices ever offered, then read out in the framework's order.
    type ByNode = BTreeMap<String, Vec<String>>;
    let mut by_skill: FxHashMap<&str, (ByNode, ByNode)> = FxHashMap::default();
    for (i, (node, choice)) in space.choices.iter().enumerate() {
        if !offered_ever[i] {
            continue;
        }
        for (skill, w) in &choice.skills {
            let (decisions, against) = by_skill.entry(skill.as_str()).or_default();
            let side = match w.value.cmp(&0) {
                std::cmp::Ordering::Greater => decisions,
                std::cmp::Ordering::Less => against,
                std::cmp::Ordering::Equal => continue,
            };
            side.entry((*node).to_string())
                .or_default()
                .push(choice.id.as_str().to_owned());
        }
    }
    framework
        .skills
        .skills
        .iter()
        .map(|skill| {
            let (decisions, against) = by_skill.remove(skill.id.as_str()).unwrap_or_default();
            SkillOffers {
                skill: skill.id.clone(),
                group: skill.group,
                decisions,
                against,
            }
        })
        .collect()
}

/// Which states can still reach an ending.
pub(crate) struct Finishing {
    /// Per state: whether some ending can be reached from it.
    pub(crate) finishes: Vec<bool>,
    /// Per state: the first edge of a shortest way to an ending (`NONE` at an ending or
    /// where there is none).
    pub(crate) toward_end: Vec<u32>,
}

impl Finishing {
    /// How many states cannot reach any ending.
    pub(crate) fn without_ending(&self) -> usize {
        self.finishes.iter().filter(|f| !**f).count()
    }
}

/// Which states can reach an ending: a breadth-first search back from the endings.
pub(crate) fn finishing(space: &Space<'_>, graph: &Graph) -> Finishing {
    finishing_to(graph, |s| space.is_ending(graph.place(s)))
}

/// Which states can reach one of the states `target` picks out (endings, for the report's
/// extremes of one ending), searching back from them.
pub(crate) fn finishing_to(graph: &Graph, target: impl Fn(u32) -> bool) -> Finishing {
    let n = graph.len();
    // Edges into each state, grouped by target: reverse[reverse_offsets[t]..][..].
    let mut reverse_offsets = vec![0u32; n + 1];
    for e in &graph.edges {
        reverse_offsets[e.to as usize + 1] += 1;
    }
    for i in 0..n {
        reverse_offsets[i + 1] += reverse_offsets[i];
    }
    let mut fill = reverse_offsets.clone();
    let mut reverse = vec![0u32; graph.edges.len()];
    for (i, e) in graph.edges.iter().enumerate() {
        reverse[fill[e.to as usize] as usize] = i as u32;
        fill[e.to as usize] += 1;
    }
    let mut toward_end = vec![NONE; n];
    let mut finishes = vec![false; n];
    let mut queue = VecDeque::new();
    for s in (0..n as u32).filter(|s| target(*s)) {
        finishes[s as usize] = true;
        queue.push_back(s);
    }
    while let Some(s) = queue.pop_front() {
        let a = reverse_offsets[s as usize] as usize;
        let b = reverse_offsets[s as usize + 1] as usize;
        for &e in &reverse[a..b] {
            let from = graph.edges[e as usize].from;
            if !finishes[from as usize] {
                finishes[from as usize] = true;
                toward_end[from as usize] = e;
                queue.push_back(from);
            }
        }
    }
    Finishing {
        finishes,
        toward_end,
    }
}
