//! Exact reductions of the state space, computed once from the scenario's static graph.
//!
//! Two states at the same node that will make every future condition come out the same way
//! behave identically, so the analyser keeps only one of them. For each node (over every path
//! from it, ignoring conditions, so the bounds are safe):
//! - **liveness**: a dial or flag that no `requires` on any path from here reads is dead and
//!   is forgotten;
//! - **dial bounds**: if a dial is so high that even the largest total fall along any path
//!   from here leaves it above every threshold it is compared with from here on, all such
//!   values behave the same (clamped additive effects are monotone), and it is stored as 100;
//!   likewise low values are stored as 0;
//! - **time**: if even the longest path from here cannot use up the appointment, the exact
//!   minutes no longer matter and are stored as 0.
//!
//! Loops that move a dial (or spend minutes) make the bound 101 (or the limit), that is, no
//! reduction, so the reductions stay exact.

use std::collections::BTreeSet;

use crate::condition::{Condition, Operand};
use crate::model::Scenario;

/// Per node, what can still matter.
pub(super) struct Reduction {
    dials: usize,
    flags: usize,
    live_dial: Vec<bool>,
    live_flag: Vec<bool>,
    high: Vec<i32>,
    low: Vec<i32>,
    down: Vec<i32>,
    up: Vec<i32>,
    more_minutes: Vec<u32>,
    bounded: Vec<bool>,
    limit: u32,
}

/// A dial's value as the report shows it.
pub(super) enum Reading {
    /// The exact value.
    Exact(i32),
    /// Above every threshold ahead.
    Above(i32),
    /// Below every threshold ahead.
    Below(i32),
}

struct PlaceEdge {
    to: u32,
    effects: Vec<i32>,
    minutes: u32,
}

/// Where a `next` chain starting at `target` comes to rest (a node with choices or an
/// ending), if it does.
fn resolve(scenario: &Scenario, place_of: &dyn Fn(&str) -> Option<u32>, target: &str) -> Option<u32> {
    let mut at = target;
    let mut seen = BTreeSet::new();
    loop {
        let node = match scenario.nodes.get(at) {
            Some(node) => node,
            None => return place_of(at),
        };
        if !node.choices.is_empty() || node.next.is_none() || !seen.insert(at) {
            return place_of(at);
        }
        at = node.next.as_deref().unwrap_or(at);
    }
}

fn comparisons(condition: &Condition, out: &mut Vec<(String, Option<i32>)>) {
    match condition {
        Condition::Compare(a, _, b) => match (a, b) {
            (Operand::Dial(d), Operand::Number(n)) | (Operand::Number(n), Operand::Dial(d)) => {
                out.push((d.name.clone(), Some(*n)));
            }
            (Operand::Dial(x), Operand::Dial(y)) => {
                out.push((x.name.clone(), None));
                out.push((y.name.clone(), None));
            }
            _ => {}
        },
        Condition::Not(inner) => comparisons(inner, out),
        Condition::All(items) | Condition::Any(items) => {
            for item in items {
                comparisons(item, out);
            }
        }
        Condition::Literal(_) | Condition::Flag(_) => {}
    }
}

impl Reduction {
    #[allow(clippy::too_many_lines)]
    pub(super) fn new(
        scenario: &Scenario,
        places: &[&str],
        place_of: &dyn Fn(&str) -> Option<u32>,
        dials: &[&str],
        flags: &[&str],
        minutes_matter: bool,
    ) -> Reduction {
        let n = places.len();
        let nd = dials.len();
        let nf = flags.len();
        let limit = scenario.minutes.unwrap_or(0);
        let mut this = Reduction {
            dials: nd,
            flags: nf,
            live_dial: vec![false; n * nd],
            live_flag: vec![false; n * nf],
            high: vec![i32::MIN; n * nd],
            low: vec![i32::MAX; n * nd],
            down: vec![0; n * nd],
            up: vec![0; n * nd],
            more_minutes: vec![0; n],
            bounded: vec![true; nd],
            limit,
        };
        let mut reads_dial = vec![false; n * nd];
        let mut reads_flag = vec![false; n * nf];
        let mut read_high = vec![i32::MIN; n * nd];
        let mut read_low = vec![i32::MAX; n * nd];
        let mut out: Vec<Vec<PlaceEdge>> = (0..n).map(|_| Vec::new()).collect();
        let time_up = scenario.time_up.as_deref();
        for (id, node) in &scenario.nodes {
            let Some(p) = place_of(id) else { continue };
            let p = p as usize;
            for choice in &node.choices {
                if let Some(Ok(condition)) = choice.requires.as_deref().map(Condition::parse) {
                    let mut found = Vec::new();
                    comparisons(&condition, &mut found);
                    for (dial, threshold) in found {
                        let Some(d) = dials.iter().position(|x| *x == dial) else {
                            continue;
                        };
                        reads_dial[p * nd + d] = true;
                        match threshold {
                            Some(t) => {
                                read_high[p * nd + d] = read_high[p * nd + d].max(t);
                                read_low[p * nd + d] = read_low[p * nd + d].min(t);
                            }
                            None => this.bounded[d] = false,
                        }
                    }
                    for flag in condition.flags() {
                        if let Some(f) = flags.iter().position(|x| *x == flag.name) {
                            reads_flag[p * nf + f] = true;
                        }
                    }
                }
                let effects: Vec<i32> = dials
                    .iter()
                    .map(|d| choice.effects.get(*d).copied().unwrap_or(0))
                    .collect();
                let mut targets = vec![choice.next.as_str()];
                if minutes_matter && choice.minutes > 0 {
                    targets.extend(time_up);
                }
                for target in targets {
                    if let Some(to) = resolve(scenario, place_of, target) {
                        out[p].push(PlaceEdge {
                            to,
                            effects: effects.clone(),
                            minutes: choice.minutes,
                        });
                    }
                }
            }
        }
        let mut preds: Vec<Vec<u32>> = (0..n).map(|_| Vec::new()).collect();
        for (p, edges) in out.iter().enumerate() {
            for e in edges {
                preds[e.to as usize].push(p as u32);
            }
        }
        let cap_minutes = limit.saturating_add(1);
        let mut queue: Vec<u32> = (0..n as u32).collect();
        let mut queued = vec![true; n];
        while let Some(p) = queue.pop() {
            let p = p as usize;
            queued[p] = false;
            let mut changed = false;
            for d in 0..nd {
                let k = p * nd + d;
                let mut live = reads_dial[k];
                let mut high = read_high[k];
                let mut low = read_low[k];
                let mut down = 0;
                let mut up = 0;
                for e in &out[p] {
                    let j = e.to as usize * nd + d;
                    live |= this.live_dial[j];
                    high = high.max(this.high[j]);
                    low = low.min(this.low[j]);
                    down = down.max((this.down[j] + (-e.effects[d]).max(0)).min(101));
                    up = up.max((this.up[j] + e.effects[d].max(0)).min(101));
                }
                if live != this.live_dial[k]
                    || high != this.high[k]
                    || low != this.low[k]
                    || down != this.down[k]
                    || up != this.up[k]
                {
                    changed = true;
                    this.live_dial[k] = live;
                    this.high[k] = high;
                    this.low[k] = low;
                    this.down[k] = down;
                    this.up[k] = up;
                }
            }
            for f in 0..nf {
                let k = p * nf + f;
                let live = reads_flag[k] || out[p].iter().any(|e| this.live_flag[e.to as usize * nf + f]);
                if live != this.live_flag[k] {
                    changed = true;
                    this.live_flag[k] = live;
                }
            }
            if minutes_matter {
                let more = out[p]
                    .iter()
                    .map(|e| {
                        this.more_minutes[e.to as usize]
                            .saturating_add(e.minutes)
                            .min(cap_minutes)
                    })
                    .max()
                    .unwrap_or(0);
                if more != this.more_minutes[p] {
                    changed = true;
                    this.more_minutes[p] = more;
                }
            }
            if changed {
                for &q in &preds[p] {
                    if !queued[q as usize] {
                        queued[q as usize] = true;
                        queue.push(q);
                    }
                }
            }
        }
        this
    }

    /// The stored value of dial `d` at place `p`.
    pub(super) fn dial(&self, p: u32, d: usize, value: i32) -> i32 {
        let k = p as usize * self.dials + d;
        let value = value.clamp(0, 100);
        if !self.live_dial[k] {
            0
        } else if self.bounded[d] && self.high[k] != i32::MIN && value - self.down[k] > self.high[k] {
            100
        } else if self.bounded[d] && self.low[k] != i32::MAX && value + self.up[k] < self.low[k] {
            0
        } else {
            value
        }
    }

    /// Whether dial `d` can still be read from place `p`.
    pub(super) fn dial_live(&self, p: u32, d: usize) -> bool {
        self.live_dial[p as usize * self.dials + d]
    }

    /// How a stored dial value reads in the report.
    pub(super) fn reading(&self, p: u32, d: usize, stored: i32) -> Reading {
        let k = p as usize * self.dials + d;
        if self.bounded[d] && stored == 100 && self.high[k] != i32::MIN && 100 - self.down[k] > self.high[k] {
            Reading::Above(self.high[k])
        } else if self.bounded[d] && stored == 0 && self.low[k] != i32::MAX && self.up[k] < self.low[k] {
            Reading::Below(self.low[k])
        } else {
            Reading::Exact(stored)
        }
    }

    /// Whether flag `f` can still be read from place `p`.
    pub(super) fn flag_live(&self, p: u32, f: usize) -> bool {
        self.live_flag[p as usize * self.flags + f]
    }

    /// The stored minutes at place `p` (before `time_up` has fired).
    pub(super) fn minutes(&self, p: u32, minutes: u32) -> u32 {
        let m = minutes.min(self.limit);
        if m.saturating_add(self.more_minutes[p as usize]) < self.limit {
            0
        } else {
            m
        }
    }

    /// Whether the time can no longer run out from place `p` with these stored minutes.
    pub(super) fn time_safe(&self, p: u32, stored: u32) -> bool {
        stored.saturating_add(self.more_minutes[p as usize]) < self.limit
    }
}
