//! The best and worst composite scores any route can get, exactly.
//!
//! The composites are ratios (see [`rapport_core::scoring`]), so the extremes are found by
//! Dinkelbach's method: for a trial ratio λ, the longest walk with edge weights
//! `(chosen − worst) − λ (best − worst)` either is positive (a better ratio exists: take that
//! walk's ratio and repeat) or is not (λ is the optimum). Longest walks are computed strongly
//! connected component by component, in topological order, with a queue-based Bellman-Ford
//! inside the few components that contain loops; a loop with a positive weight means the
//! ratio can be pushed towards the loop's own ratio by going round it, and the report says
//! so.

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use rapport_core::framework::Group;

use crate::explore::{Edge, Graph, NONE, choice_id};
use crate::loops::Sccs;
use crate::reach::Finishing;
use crate::report::{Extreme, GroupExtremes};
use crate::state::Space;

/// The best and worst composite of each group, with a route that gets each.
pub(crate) fn composites(
    space: &Space<'_>,
    graph: &Graph,
    sccs: &Sccs,
    finishing: &Finishing,
) -> Vec<GroupExtremes> {
    let optimiser = Optimiser {
        graph,
        sccs,
        finishes: &finishing.finishes,
        toward_end: &finishing.toward_end,
        space,
    };
    [Group::Relationship, Group::Structuring]
        .iter()
        .enumerate()
        .map(|(g, group)| GroupExtremes {
            group: *group,
            best: optimiser.extreme(g, false),
            worst: optimiser.extreme(g, true),
        })
        .collect()
}

/// The best walk for one trial ratio.
enum Walk {
    /// No state that can finish is reachable.
    None,
    /// The best walk's edges (a path), ending at an ending state.
    Path(Vec<u32>),
    /// A loop with positive weight: its edges, in order.
    Loop(Vec<u32>),
}

impl Walk {
    /// The walk's edges (none for [`Walk::None`]).
    fn edges(&self) -> &[u32] {
        match self {
            Walk::None => &[],
            Walk::Path(edges) | Walk::Loop(edges) => edges,
        }
    }

    /// The walk as the witness of an extreme.
    fn into_witness(self) -> Witness {
        match self {
            Walk::Loop(edges) => Witness::Loop(edges),
            Walk::Path(edges) => Witness::Path(edges),
            Walk::None => Witness::Path(Vec::new()),
        }
    }
}

/// Finds the extreme composites by Dinkelbach's method on the state graph.
struct Optimiser<'g, 'a> {
    graph: &'g Graph,
    sccs: &'g Sccs,
    finishes: &'g [bool],
    toward_end: &'g [u32],
    space: &'g Space<'a>,
}

impl Optimiser<'_, '_> {
    /// (numerator, denominator) of an edge for group `g`; for the worst, the numerator is
    /// flipped (best − chosen), so maximising it minimises the composite.
    fn gain(&self, e: u32, g: usize, worst: bool) -> (i64, i64) {
        let (a, d) = self.graph.edges[e as usize].gain[g];
        let a = if worst { d - a } else { a };
        (i64::from(a), i64::from(d))
    }

    fn usable(&self, e: &Edge) -> bool {
        self.finishes[e.from as usize] && self.finishes[e.to as usize]
    }

    fn extreme(&self, g: usize, worst: bool) -> Option<Extreme> {
        let graph = self.graph;
        if graph.len() == 0 {
            return None;
        }
        // Some route must have a decision where the options differ for the group.
        let first = graph
            .edges
            .iter()
            .position(|e| self.usable(e) && e.gain[g].1 > 0)?;
        let mut witness = Witness::Edge(first as u32);
        let (mut p, mut q) = self.ratio_of(&witness, g, worst);
        for _ in 0..1000 {
            match self.best_walk(g, worst, p, q) {
                Walk::None => break,
                found => {
                    let (a, d) = self.sum(found.edges(), g, worst);
                    if d == 0 || i128::from(a) * i128::from(q) <= i128::from(p) * i128::from(d) {
                        break;
                    }
                    p = a;
                    q = d;
                    witness = found.into_witness();
                }
            }
        }
        let (route, ending, repeat) = self.describe(&witness);
        let (numerator, denominator) = if worst { (q - p, q) } else { (p, q) };
        Some(Extreme {
            score: 100.0 * numerator as f64 / denominator as f64,
            numerator,
            denominator,
            route,
            ending,
            repeat,
        })
    }

    fn sum(&self, edges: &[u32], g: usize, worst: bool) -> (i64, i64) {
        edges.iter().fold((0, 0), |(a, d), e| {
            let (x, y) = self.gain(*e, g, worst);
            (a + x, d + y)
        })
    }

    fn ratio_of(&self, witness: &Witness, g: usize, worst: bool) -> (i64, i64) {
        let edges = self.full_route(witness).0;
        self.sum(&edges, g, worst)
    }

    /// The edges of a complete route for a witness, and the loop to repeat, if any.
    fn full_route(&self, witness: &Witness) -> (Vec<u32>, Option<Vec<u32>>) {
        let graph = self.graph;
        let suffix = |mut s: u32| {
            let mut out = Vec::new();
            while self.toward_end[s as usize] != NONE {
                let e = self.toward_end[s as usize];
                out.push(e);
                s = graph.edges[e as usize].to;
            }
            out
        };
        match witness {
            Witness::Edge(e) => {
                let edge = &graph.edges[*e as usize];
                let mut route = graph.route_edges_to(edge.from);
                route.push(*e);
                route.extend(suffix(edge.to));
                (route, None)
            }
            Witness::Path(edges) => (edges.clone(), None),
            Witness::Loop(edges) => {
                let entry = graph.edges[edges[0] as usize].from;
                let mut route = graph.route_edges_to(entry);
                route.extend(edges.iter().copied());
                route.extend(suffix(entry));
                (route, Some(edges.clone()))
            }
        }
    }

    fn describe(&self, witness: &Witness) -> (Vec<String>, String, Option<Vec<String>>) {
        let (edges, repeat) = self.full_route(witness);
        let ids = |es: &[u32]| -> Vec<String> {
            es.iter()
                .map(|e| choice_id(self.space, self.graph.edges[*e as usize].choice))
                .collect()
        };
        let end = edges
            .last()
            .map_or(self.graph.start, |e| self.graph.edges[*e as usize].to);
        let ending = self.space.place_name(self.graph.place(end)).to_string();
        (ids(&edges), ending, repeat.map(|r| ids(&r)))
    }

    /// The walk from the start to an ending with the largest total weight
    /// `q × numerator − p × denominator`, or a loop with positive weight.
    fn best_walk(&self, g: usize, worst: bool, p: i64, q: i64) -> Walk {
        let graph = self.graph;
        let n = graph.len();
        let weight = |e: u32| {
            let (a, d) = self.gain(e, g, worst);
            i128::from(a) * i128::from(q) - i128::from(d) * i128::from(p)
        };
        let mut dist = vec![i128::MIN; n];
        let mut pred = vec![NONE; n];
        let mut in_queue = vec![false; n];
        let mut queued = vec![0u32; n];
        if !self.finishes[graph.start as usize] {
            return Walk::None;
        }
        dist[graph.start as usize] = 0;
        for (c, members) in self.sccs.members.iter().enumerate() {
            if !self.finishes[members[0] as usize] {
                continue;
            }
            if self.sccs.cyclic[c] {
                // Bellman-Ford with a queue (only states whose distance changed are looked at
                // again), checking the predecessor links for a loop every `size` updates: a
                // loop there has a positive weight, and one appears soon after any positive
                // loop is gone round. Without one, no state is queued more than `size` times.
                let size = members.len();
                let mut queue: VecDeque<u32> = members
                    .iter()
                    .copied()
                    .filter(|s| dist[*s as usize] != i128::MIN)
                    .collect();
                for &s in &queue {
                    in_queue[s as usize] = true;
                }
                let mut updates = 0usize;
                let mut suspect = false;
                while let Some(s) = queue.pop_front() {
                    in_queue[s as usize] = false;
                    queued[s as usize] += 1;
                    if queued[s as usize] as usize > size {
                        suspect = true;
                        break;
                    }
                    let base = self.graph.offsets[s as usize];
                    for (k, e) in graph.out(s).iter().enumerate() {
                        if self.sccs.of[e.to as usize] != c as u32 {
                            continue;
                        }
                        let idx = base + k as u32;
                        let d = dist[s as usize] + weight(idx);
                        if d > dist[e.to as usize] {
                            dist[e.to as usize] = d;
                            pred[e.to as usize] = idx;
                            if !in_queue[e.to as usize] {
                                in_queue[e.to as usize] = true;
                                queue.push_back(e.to);
                            }
                            updates += 1;
                            if updates.is_multiple_of(size)
                                && let Some(cycle) = self.find_loop(members, &pred, &weight)
                            {
                                return Walk::Loop(cycle);
                            }
                        }
                    }
                }
                for s in queue {
                    in_queue[s as usize] = false;
                }
                if suspect && let Some(cycle) = self.find_loop(members, &pred, &weight) {
                    return Walk::Loop(cycle);
                }
            }
            for &s in members {
                if dist[s as usize] == i128::MIN {
                    continue;
                }
                let base = graph.offsets[s as usize];
                for (k, e) in graph.out(s).iter().enumerate() {
                    if self.sccs.of[e.to as usize] == c as u32 || !self.finishes[e.to as usize] {
                        continue;
                    }
                    let idx = base + k as u32;
                    let d = dist[s as usize] + weight(idx);
                    if d > dist[e.to as usize] {
                        dist[e.to as usize] = d;
                        pred[e.to as usize] = idx;
                    }
                }
            }
        }
        let mut best: Option<u32> = None;
        // The endings this search may finish at: those that count as finishing.
        for (i, key) in graph.keys.iter().enumerate() {
            if self.space.is_ending(Space::place_of(key))
                && self.finishes[i]
                && dist[i] != i128::MIN
                && best.is_none_or(|b| dist[i] > dist[b as usize])
            {
                best = Some(i as u32);
            }
        }
        let Some(mut at) = best else {
            return Walk::None;
        };
        let mut path = Vec::new();
        while pred[at as usize] != NONE && path.len() <= n {
            let e = pred[at as usize];
            path.push(e);
            at = graph.edges[e as usize].from;
        }
        path.reverse();
        Walk::Path(path)
    }

    /// A loop in the predecessor links of a component's states with positive weight.
    fn find_loop(
        &self,
        members: &[u32],
        pred: &[u32],
        weight: &impl Fn(u32) -> i128,
    ) -> Option<Vec<u32>> {
        let mut mark: FxHashMap<u32, u32> = FxHashMap::default();
        for (walk, &s) in members.iter().enumerate() {
            let mut at = s;
            loop {
                match mark.get(&at) {
                    Some(w) if *w == walk as u32 => {
                        // A loop through `at`.
                        let mut cycle = Vec::new();
                        let mut x = at;
                        loop {
                            let e = pred[x as usize];
                            cycle.push(e);
                            x = self.graph.edges[e as usize].from;
                            if x == at || cycle.len() > members.len() {
                                break;
                            }
                        }
                        cycle.reverse();
                        let total: i128 = cycle.iter().map(|e| weight(*e)).sum();
                        if total > 0 {
                            return Some(cycle);
                        }
                        break;
                    }
                    Some(_) => break,
                    None => {}
                }
                mark.insert(at, walk as u32);
                let e = pred[at as usize];
                if e == NONE {
                    break;
                }
                let from = self.graph.edges[e as usize].from;
                if self.sccs.of[from as usize] != self.sccs.of[s as usize] {
                    break;
                }
                at = from;
            }
        }
        None
    }
}

/// What an extreme's route is built from.
enum Witness {
    /// A route through this edge (the first whose options differ for the group).
    Edge(u32),
    /// This path from the start to an ending.
    Path(Vec<u32>),
    /// This loop, gone round again and again.
    Loop(Vec<u32>),
}
