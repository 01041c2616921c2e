//! What each ending follows: the range of every dial and of both composites over the routes
//! that reach it, so an author sees when a poor route reaches a kind ending.
//!
//! Dials: a choice moves a dial by a fixed amount, clamped to 0..=100, and nothing else
//! moves it, so a dial's value after a choice is a nondecreasing function of its value
//! before. The lowest value at a state over every route to it is therefore the lowest value
//! at a state before it, moved by the choice (and likewise the highest): intervals pushed
//! forward along the edges until nothing changes are exact, loops included, although the
//! states themselves do not hold the dials no condition reads.
//!
//! Composites: the best and worst over the routes to one ending are the extremes of
//! [`crate::extremes`] on the states that can still reach that ending.

use std::collections::VecDeque;

use rapport_core::compile::Program;

use crate::explore::Graph;
use crate::extremes;
use crate::loops::Sccs;
use crate::reach;
use crate::report::{DialRange, EndingRoutes, GroupExtremes};
use crate::state::Space;

/// Per state, the lowest and highest value of every dial over the routes that reach it;
/// `None` for a state no route reaches (none, in an explored graph).
pub(crate) struct DialRanges {
    dials: usize,
    low: Vec<u8>,
    high: Vec<u8>,
    reached: Vec<bool>,
}

impl DialRanges {
    /// Pushes the starting values forward along every edge until no interval widens. Each
    /// interval only widens and is bounded by 0..=100, so this ends.
    pub(crate) fn new(program: &Program, graph: &Graph) -> DialRanges {
        let dials = program.dial_names().len();
        let n = graph.len();
        let mut ranges = DialRanges {
            dials,
            low: vec![0; n * dials],
            high: vec![0; n * dials],
            reached: vec![false; n],
        };
        if n == 0 {
            return ranges;
        }
        let start = graph.start as usize;
        let initial = program.initial_state().dials;
        ranges.low[start * dials..][..dials].copy_from_slice(&initial[..dials]);
        ranges.high[start * dials..][..dials].copy_from_slice(&initial[..dials]);
        ranges.reached[start] = true;
        let mut queue = VecDeque::from([graph.start]);
        let mut queued = vec![false; n];
        queued[start] = true;
        let mut low = vec![0u8; dials];
        let mut high = vec![0u8; dials];
        while let Some(s) = queue.pop_front() {
            queued[s as usize] = false;
            for edge in graph.out(s) {
                low.copy_from_slice(ranges.row(&ranges.low, s as usize));
                high.copy_from_slice(ranges.row(&ranges.high, s as usize));
                for &(dial, change) in program.choice(edge.choice).effects.iter() {
                    let d = usize::from(dial);
                    low[d] = moved(low[d], change);
                    high[d] = moved(high[d], change);
                }
                if ranges.widen(edge.to as usize, &low, &high) && !queued[edge.to as usize] {
                    queued[edge.to as usize] = true;
                    queue.push_back(edge.to);
                }
            }
        }
        ranges
    }

    fn row<'v>(&self, values: &'v [u8], s: usize) -> &'v [u8] {
        &values[s * self.dials..][..self.dials]
    }

    /// Widens state `s`'s intervals to take in `low..=high`; whether anything changed.
    fn widen(&mut self, s: usize, low: &[u8], high: &[u8]) -> bool {
        let at = s * self.dials;
        if !self.reached[s] {
            self.reached[s] = true;
            self.low[at..][..self.dials].copy_from_slice(low);
            self.high[at..][..self.dials].copy_from_slice(high);
            return true;
        }
        let mut changed = false;
        for d in 0..self.dials {
            if low[d] < self.low[at + d] {
                self.low[at + d] = low[d];
                changed = true;
            }
            if high[d] > self.high[at + d] {
                self.high[at + d] = high[d];
                changed = true;
            }
        }
        changed
    }

    /// The range of each dial at state `s`, in the program's dial order.
    pub(crate) fn at(&self, program: &Program, s: u32) -> Vec<DialRange> {
        let s = s as usize;
        if !self.reached.get(s).copied().unwrap_or(false) {
            return Vec::new();
        }
        program
            .dial_names()
            .iter()
            .enumerate()
            .map(|(d, name)| DialRange {
                dial: name.clone(),
                low: self.low[s * self.dials + d],
                high: self.high[s * self.dials + d],
            })
            .collect()
    }
}

/// A dial moved by a choice, as the runtime moves it.
fn moved(value: u8, change: i32) -> u8 {
    rapport_core::compile::clamp_dial(i32::from(value).saturating_add(change))
}

/// The best and worst composites over the routes that end at state `ending`.
fn composites_to(space: &Space<'_>, graph: &Graph, sccs: &Sccs, ending: u32) -> Vec<GroupExtremes> {
    let finishing = reach::finishing_to(graph, |s| s == ending);
    extremes::composites(space, graph, sccs, &finishing)
}

/// Adds to each ending reached the range of every dial and the extreme composites over the
/// routes that end there. The endings' extremes are independent searches of very different
/// sizes, so the cores take them one at a time from a shared counter.
pub(crate) fn fill(space: &Space<'_>, graph: &Graph, sccs: &Sccs, endings: &mut [EndingRoutes]) {
    let dials = DialRanges::new(&space.program, graph);
    let states: Vec<Option<u32>> = endings
        .iter()
        .map(|ending| {
            let place = space.program.place(&ending.ending)?;
            let s = graph.keys.get_index_of(&Space::ending_key(place.0))?;
            Some(s as u32)
        })
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let found: Vec<(usize, Vec<GroupExtremes>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.min(states.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(state) = states.get(i) else {
                            return mine;
                        };
                        if let Some(s) = state {
                            mine.push((i, composites_to(space, graph, sccs, *s)));
                        }
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, composites) in found {
        endings[i].composites = composites;
    }
    for (ending, state) in endings.iter_mut().zip(&states) {
        if let Some(s) = state {
            ending.dials = dials.at(&space.program, *s);
        }
    }
}
