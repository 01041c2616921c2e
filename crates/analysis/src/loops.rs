//! Loops in the graph of states: its strongly connected components (Tarjan's algorithm),
//! and the loops that cannot be left (no ending can be reached from them).

use std::collections::{BTreeMap, BTreeSet};

use crate::explore::{Graph, NONE};
use crate::report::Trap;
use crate::state::Space;

/// Strongly connected components (Tarjan's algorithm, without recursion).
pub(crate) struct Sccs {
    /// Members of each component, components in topological order (the start's first).
    pub(crate) members: Vec<Vec<u32>>,
    /// Component of each state.
    pub(crate) of: Vec<u32>,
    /// Whether a component contains a loop (more than one state, or a choice back to itself).
    pub(crate) cyclic: Vec<bool>,
}

impl Sccs {
    pub(crate) fn new(graph: &Graph) -> Sccs {
        let n = graph.len();
        let mut index = vec![NONE; n];
        let mut low = vec![0u32; n];
        let mut on_stack = vec![false; n];
        let mut stack: Vec<u32> = Vec::new();
        let mut call: Vec<(u32, usize)> = Vec::new();
        let mut counter = 0u32;
        let mut found: Vec<Vec<u32>> = Vec::new();
        for root in 0..n as u32 {
            if index[root as usize] != NONE {
                continue;
            }
            call.push((root, 0));
            while let Some(&mut (v, ref mut pos)) = call.last_mut() {
                if *pos == 0 && index[v as usize] == NONE {
                    index[v as usize] = counter;
                    low[v as usize] = counter;
                    counter += 1;
                    stack.push(v);
                    on_stack[v as usize] = true;
                }
                let out = graph.out(v);
                if *pos < out.len() {
                    let w = out[*pos].to;
                    *pos += 1;
                    if index[w as usize] == NONE {
                        call.push((w, 0));
                    } else if on_stack[w as usize] {
                        low[v as usize] = low[v as usize].min(index[w as usize]);
                    }
                    continue;
                }
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent as usize] = low[parent as usize].min(low[v as usize]);
                }
                if low[v as usize] == index[v as usize] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w as usize] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    component.sort_unstable();
                    found.push(component);
                }
            }
        }
        found.reverse();
        let mut of = vec![0u32; n];
        for (c, members) in found.iter().enumerate() {
            for &s in members {
                of[s as usize] = c as u32;
            }
        }
        let cyclic = found
            .iter()
            .map(|m| m.len() > 1 || graph.out(m[0]).iter().any(|e| e.to == m[0]))
            .collect();
        Sccs {
            members: found,
            of,
            cyclic,
        }
    }
}

/// The loops that cannot be left, one per set of nodes they go round (components of states
/// that go round the same nodes are reported together).
pub(crate) fn traps(space: &Space<'_>, graph: &Graph, sccs: &Sccs, finishes: &[bool]) -> Vec<Trap> {
    let mut traps: BTreeMap<Vec<String>, Trap> = BTreeMap::new();
    for (c, members) in sccs.members.iter().enumerate() {
        if !sccs.cyclic[c] || finishes[members[0] as usize] {
            continue;
        }
        let mut nodes = BTreeSet::new();
        let mut choices = BTreeSet::new();
        for &s in members {
            nodes.insert(space.place_name(graph.place(s)));
            for e in graph.out(s) {
                if sccs.of[e.to as usize] == c as u32 {
                    choices.insert(space.choices[e.choice as usize].1.id.as_str());
                }
            }
        }
        let nodes: Vec<String> = nodes.into_iter().map(str::to_string).collect();
        // Members are sorted, so this is the one found first, by the shortest route.
        let entry = members.iter().copied().min().unwrap_or(0);
        let trap = traps.entry(nodes.clone()).or_insert_with(|| Trap {
            nodes,
            choices: Vec::new(),
            states: 0,
            route: graph.route_to(space, entry),
        });
        trap.states += members.len();
        for ch in choices {
            if !trap.choices.iter().any(|x| x == ch) {
                trap.choices.push(ch.to_string());
            }
        }
    }
    traps.into_values().collect()
}
