//! Exact reductions of the state space, computed once from the scenario's static graph.
//!
//! Two states at the same node that make every future condition come out the same way, on
//! every path, behave identically, so the analyser keeps one of them. Conditions compare dials
//! with numbers, and effects add to dials and clamp them to 0..=100, which keeps their order.
//! So for each node and dial there is a set of *split points*: `c` is a split point when some
//! path from the node reaches a condition that can tell a value below `c` from one at `c` or
//! above, once that path's effects have been added. Values between two split points behave
//! the same and are stored as the lowest of their range. Split points are found by working
//! backwards from the conditions: a test `trust >= 40` splits at 40 where it is read, and a
//! choice with effect `trust: 10` before it turns that into a split at 30 (clamping can merge
//! values, never reorder them, so nothing else can separate two values).
//!
//! The same holds for the minutes used before `time_up` fires (the test is "minutes used
//! after this choice reach the appointment length"), and for flags, which matter only while
//! some condition ahead reads them. A dial, flag or clock with no split point ahead is
//! forgotten. Conditions on other paths are ignored, so the split sets are safe supersets and
//! the reduction is exact.
//!
//! Branches are conditions read after a choice's effects (and those of the beats after it):
//! a choice leads to every place its `next` and branch targets can come to rest, and the
//! branch conditions' split points, moved back through the choice's effects, are split points
//! where the choice is made.

use std::collections::BTreeSet;

use rapport_core::condition::{CompareOp, Condition, Operand};
use rapport_core::model::{Scenario, Spanned};
use rustc_hash::FxHashMap;

/// Per node, what can still matter.
pub(super) struct Reduction {
    dials: usize,
    flags: usize,
    /// Per (place, dial): split points; bit `c` (1..=100) set means values below `c` and
    /// values from `c` up can behave differently from here on.
    splits: Vec<u128>,
    live_flag: Vec<bool>,
    /// Per place: split points of the minutes used (bit `c`, 1..=limit), in 64-bit words.
    minute_splits: Vec<u64>,
    words: usize,
    limit: u32,
    /// Per (place, minutes used, dial), before `time_up` has fired: the split points of the
    /// paths that the time left allows, joined over the minutes that behave the same (empty
    /// when the scenario is untimed or the table would be too large).
    timed_splits: Vec<u128>,
    /// Per (place, minutes used, flag): likewise for flags.
    timed_live: Vec<bool>,
    /// Split points and live flags that also know which flags are set (absent when there
    /// are too many control states or more than 64 flags).
    control: Option<ControlTable>,
}

/// A control state's minutes when the clock no longer matters (`time_up` has fired, or the
/// scenario has no `time_up`).
const NO_CLOCK: u32 = u32::MAX;

/// The most control states (place, flags set, minutes used) the flag-aware table is built
/// for; beyond it the per-place split points are used alone.
const CONTROL_MAX: usize = 500_000;

/// Split points and live flags per *control state*: where play rests, which tracked flags
/// are set and the minutes used. Knowing the flags shows which choices can be on offer at all
/// and which comparisons can still decide their conditions (in `warned && trust >= 55`,
/// trust is not read while `warned` is unset), so a dial that only a route the flags have
/// closed would read is not kept apart. Control states are found forwards from the start
/// (every choice whose condition the flags alone do not rule out), a superset of those play
/// reaches; split points are then worked backwards over them as for places.
struct ControlTable {
    /// Control state (place, flag bits, lowest minutes of its range or `NO_CLOCK`) to its
    /// group.
    exact: FxHashMap<(u32, u64, u32), u32>,
    /// (place, flags set among `mask`, minutes as above, `mask`) to the group of a control
    /// state whose flags outside `mask` cannot matter: a state that agrees with it on `mask`
    /// behaves the same. States stored with their dead flags cleared are found here.
    canonical: FxHashMap<(u32, u64, u32, u64), u32>,
    /// Per (place, minutes): the masks used in `canonical`.
    masks: FxHashMap<(u32, u32), Vec<u64>>,
    /// Per group and dial: split points, joined over the group's control states.
    splits: Vec<u128>,
    /// Per group: the flags that can still matter.
    live: Vec<u64>,
}

/// What the split points of one state are read from: the control table when it has the
/// state, otherwise the per-place tables.
pub(super) struct Context<'r> {
    splits: &'r [u128],
    live: Live<'r>,
}

enum Live<'r> {
    Mask(u64),
    Each(&'r [bool]),
}

impl Context<'_> {
    /// The stored value of dial `d`: the lowest value of its range.
    pub(super) fn dial(&self, d: usize, value: i32) -> i32 {
        let v = value.clamp(0, 100) as u32;
        let below = self.splits[d] & ((1u128 << (v + 1)) - 1);
        if below == 0 {
            0
        } else {
            127 - below.leading_zeros() as i32
        }
    }

    /// Whether dial `d` can still matter.
    pub(super) fn dial_live(&self, d: usize) -> bool {
        self.splits[d] != 0
    }

    /// The range of values a stored dial value stands for.
    pub(super) fn dial_range(&self, d: usize, stored: i32) -> (i32, i32) {
        let v = stored.clamp(0, 100) as u32;
        let above = self.splits[d] & !((1u128 << (v + 1)) - 1);
        let high = if above == 0 {
            100
        } else {
            above.trailing_zeros() as i32 - 1
        };
        (stored, high)
    }

    /// Whether flag `f` can still matter.
    pub(super) fn flag_live(&self, f: usize) -> bool {
        match self.live {
            Live::Mask(mask) => mask & (1 << f) != 0,
            Live::Each(each) => each[f],
        }
    }
}

/// The largest timed table kept (entries of `timed_splits` plus `timed_live`).
const TIMED_TABLE_MAX: usize = 8_000_000;

/// One choice of a place, for the timed splits and the control table.
struct ChoiceEdge {
    /// `None`: always on offer.
    condition: Option<Condition>,
    /// The tracked flags its condition mentions (bits, the first 64): only they change
    /// what it reads.
    mentions: u64,
    /// Flags it sets and clears, as bits.
    set: u64,
    clear: u64,
    /// Where it can come to rest: its `next` and every branch target, each followed through
    /// `next` beats (and their branches), with whether the target the choice itself names
    /// is an ending (then `time_up` never replaces it).
    next: Vec<(u32, bool)>,
    /// Split points of the branch conditions on the way, read after the choice's effects,
    /// moved back through them: what they can tell apart before the choice.
    after_reads: Vec<(usize, u128)>,
    /// Tracked flags those branch conditions mention (bits).
    after_mentions: u64,
    effects: Vec<i32>,
    minutes: u32,
    /// Flags the choice sets or clears.
    kills: Vec<usize>,
}

/// Flag `f` as a bit (flags past the 64th have none: the control table is not built then).
fn bit(f: usize) -> u64 {
    if f < 64 { 1 << f } else { 0 }
}

/// Bits 1..=100.
const DIAL_BITS: u128 = ((1u128 << 101) - 1) & !1;

/// The splits of `splits` seen through an effect `e`: a split at `c` after the effect is a
/// split at `c - e` before it.
fn through(splits: u128, e: i32) -> u128 {
    if e >= 0 {
        if e >= 128 {
            0
        } else {
            (splits >> e) & DIAL_BITS
        }
    } else if e <= -128 {
        0
    } else {
        (splits << (-e)) & DIAL_BITS
    }
}

/// The split points of one comparison of a dial with a number.
fn threshold_splits(op: CompareOp, t: i32, dial_on_left: bool) -> u128 {
    // As `dial op t`.
    let op = if dial_on_left {
        op
    } else {
        match op {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
            other => other,
        }
    };
    let points: [i32; 2] = match op {
        CompareOp::Ge | CompareOp::Lt => [t, t],
        CompareOp::Gt | CompareOp::Le => [t.saturating_add(1), t.saturating_add(1)],
        CompareOp::Eq | CompareOp::Ne => [t, t.saturating_add(1)],
    };
    points
        .iter()
        .filter(|c| (1..=100).contains(*c))
        .fold(0u128, |acc, c| acc | (1u128 << *c))
}

/// Each dial a condition compares, with the split points of the comparison (every point when
/// it is compared with another dial).
fn comparisons(condition: &Condition, out: &mut Vec<(String, u128)>) {
    match condition {
        Condition::Compare(a, op, b) => match (a, b) {
            (Operand::Dial(d), Operand::Number(n)) => {
                out.push((d.name.clone(), threshold_splits(*op, *n, true)));
            }
            (Operand::Number(n), Operand::Dial(d)) => {
                out.push((d.name.clone(), threshold_splits(*op, *n, false)));
            }
            (Operand::Dial(x), Operand::Dial(y)) => {
                out.push((x.name.clone(), DIAL_BITS));
                out.push((y.name.clone(), DIAL_BITS));
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

struct PlaceEdge {
    to: u32,
    effects: Vec<i32>,
    minutes: u32,
    /// Whether the clock still matters at `to` (false on the way to `time_up`).
    clock: bool,
    /// Flags the choice sets or clears: their value before it cannot matter after it.
    kills: Vec<usize>,
}

/// Where a `next` chain starting at `target` comes to rest (a node with choices or an
/// ending), if it does.
fn resolve(
    scenario: &Scenario,
    place_of: &dyn Fn(&str) -> Option<u32>,
    target: &str,
) -> Option<u32> {
    let mut at = target;
    let mut seen = BTreeSet::new();
    loop {
        let Some(node) = scenario.nodes.get(at) else {
            return place_of(at);
        };
        match &node.next {
            Some(next) if node.choices.is_empty() && seen.insert(at) => at = next,
            _ => return place_of(at),
        }
    }
}

/// Where play can come to rest after going to `targets` (a choice's `next` and branch
/// targets): each followed through `next` beats and their branches. Returns the places, each
/// with whether the target it came from is an ending, and every branch condition of the
/// beats passed (they are read with the state the choice left).
fn fan_out<'s>(
    scenario: &'s Scenario,
    place_of: &dyn Fn(&str) -> Option<u32>,
    targets: &[&'s str],
) -> (Vec<(u32, bool)>, Vec<&'s Condition>) {
    let mut rests: Vec<(u32, bool)> = Vec::new();
    let mut conditions = Vec::new();
    for &target in targets {
        let is_ending = scenario.endings.contains_key(target);
        let mut stack = vec![target];
        let mut seen = BTreeSet::new();
        while let Some(at) = stack.pop() {
            let beat = scenario
                .nodes
                .get(at)
                .filter(|n| n.choices.is_empty())
                .and_then(|n| n.next.as_ref().map(|next| (n, next)));
            match beat {
                Some((node, next)) => {
                    if seen.insert(at) {
                        stack.push(next.as_str());
                        for branch in &node.branches {
                            stack.push(branch.next.as_str());
                            conditions.extend(branch.when.condition());
                        }
                    }
                }
                None => {
                    if let Some(p) = place_of(at)
                        && !rests.contains(&(p, is_ending))
                    {
                        rests.push((p, is_ending));
                    }
                }
            }
        }
    }
    (rests, conditions)
}

/// Whether a `next` chain from `target` passes a beat with branches (the start and
/// `time_up` are followed as single places, so the reduction is not built then).
pub(super) fn chain_branches(scenario: &Scenario, target: &str) -> bool {
    let mut at = target;
    let mut seen = BTreeSet::new();
    while let Some(node) = scenario.nodes.get(at) {
        if !node.choices.is_empty() || !seen.insert(at) {
            return false;
        }
        if !node.branches.is_empty() {
            return true;
        }
        match &node.next {
            Some(next) => at = next,
            None => return false,
        }
    }
    false
}

/// The places in depth-first post-order (successors before the places that lead to them).
fn post_order(out: &[Vec<PlaceEdge>]) -> Vec<u32> {
    let n = out.len();
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for root in 0..n {
        if seen[root] {
            continue;
        }
        seen[root] = true;
        stack.push((root as u32, 0));
        while let Some((p, i)) = stack.last_mut() {
            let edges = &out[*p as usize];
            if *i < edges.len() {
                let to = edges[*i].to;
                *i += 1;
                if !seen[to as usize] {
                    seen[to as usize] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(*p);
                stack.pop();
            }
        }
    }
    order
}

/// What the timed splits are computed from.
struct TimedInput<'a> {
    edges: &'a [Vec<ChoiceEdge>],
    preds: &'a [Vec<u32>],
    order: &'a [u32],
    read_splits: &'a [u128],
    reads_flag: &'a [bool],
    /// Where `time_up` comes to rest.
    time_up: Option<u32>,
}

/// `out |= { c - m : c in from, c - m >= 1 }`.
fn shift_down(from: &[u64], m: usize, out: &mut [u64]) {
    let bits = from.len() * 64;
    for c in (m + 1)..bits {
        if from[c / 64] & (1 << (c % 64)) != 0 {
            let t = c - m;
            out[t / 64] |= 1 << (t % 64);
        }
    }
}

/// The highest bit set at or below `m` in `words` (bit `i` is `words[i / 64] >> (i % 64)`),
/// or 0 when there is none.
fn highest_at_or_below(words: &[u64], m: usize) -> u32 {
    for w in (0..=m / 64).rev() {
        let keep = if w == m / 64 {
            u64::MAX >> (63 - m % 64)
        } else {
            u64::MAX
        };
        let bits = words.get(w).copied().unwrap_or(0) & keep;
        if bits != 0 {
            return (w * 64 + 63 - bits.leading_zeros() as usize) as u32;
        }
    }
    0
}

impl Reduction {
    pub(super) fn new(
        scenario: &Scenario,
        places: &[&str],
        place_of: &dyn Fn(&str) -> Option<u32>,
        dials: &[&str],
        flags: &[&str],
        minutes_matter: bool,
        timed: bool,
    ) -> Reduction {
        let n = places.len();
        let nd = dials.len();
        let nf = flags.len();
        let limit = if minutes_matter {
            scenario.minutes.unwrap_or(0)
        } else {
            0
        };
        let words = (limit as usize + 1).div_ceil(64);
        let mut this = Reduction {
            dials: nd,
            flags: nf,
            splits: vec![0; n * nd],
            live_flag: vec![false; n * nf],
            minute_splits: vec![0; n * words],
            words,
            limit,
            timed_splits: Vec::new(),
            timed_live: Vec::new(),
            control: None,
        };
        let mut choice_edges: Vec<Vec<ChoiceEdge>> = (0..n).map(|_| Vec::new()).collect();
        let mut read_splits = vec![0u128; n * nd];
        let mut reads_flag = vec![false; n * nf];
        let mut read_minutes = vec![0u64; n * words];
        let mut out: Vec<Vec<PlaceEdge>> = (0..n).map(|_| Vec::new()).collect();
        // Where `time_up` comes to rest, worked out once.
        let time_up = scenario
            .time_up
            .as_deref()
            .and_then(|t| resolve(scenario, place_of, t));
        for (id, node) in &scenario.nodes {
            let Some(p) = place_of(id) else { continue };
            let p = p as usize;
            for choice in &node.choices {
                // The runtime never offers a choice whose condition does not parse.
                let condition = choice
                    .requires
                    .as_ref()
                    .map(|r| r.condition().cloned().unwrap_or(Condition::Literal(false)));
                let mut mentions = 0u64;
                if let Some(condition) = &condition {
                    let mut found = Vec::new();
                    comparisons(condition, &mut found);
                    for (dial, bits) in found {
                        if let Some(d) = dials.iter().position(|x| *x == dial) {
                            read_splits[p * nd + d] |= bits;
                        }
                    }
                    for flag in condition.flags() {
                        if let Some(f) = flags.iter().position(|x| *x == flag.name) {
                            reads_flag[p * nf + f] = true;
                            mentions |= bit(f);
                        }
                    }
                }
                if minutes_matter && choice.minutes > 0 {
                    // The clock runs out on this choice when minutes + m >= limit.
                    if let Some(c) = limit.checked_sub(choice.minutes).filter(|c| *c >= 1) {
                        read_minutes[p * words + c as usize / 64] |= 1 << (c % 64);
                    }
                }
                let kills: Vec<usize> = choice
                    .set
                    .iter()
                    .chain(&choice.clear)
                    .filter_map(|f| flags.iter().position(|x| *x == f.as_str()))
                    .collect();
                let effects: Vec<i32> = dials
                    .iter()
                    .map(|d| choice.effects.get(*d).copied().unwrap_or(0))
                    .collect();
                if minutes_matter
                    && choice.minutes > 0
                    && let Some(to) = time_up
                {
                    out[p].push(PlaceEdge {
                        to,
                        effects: effects.clone(),
                        minutes: choice.minutes,
                        clock: false,
                        kills: kills.clone(),
                    });
                }
                // Branches are read after the choice's effects: their split points, moved
                // back through the effects, are split points here.
                let mut targets = vec![choice.next.as_str()];
                targets.extend(choice.branches.iter().map(|b| b.next.as_str()));
                let (next, beat_conditions) = fan_out(scenario, place_of, &targets);
                let mut after_reads = Vec::new();
                let mut after_mentions = 0u64;
                let branch_conditions = choice.branches.iter().filter_map(|b| b.when.condition());
                for condition in branch_conditions.chain(beat_conditions) {
                    let mut found = Vec::new();
                    comparisons(condition, &mut found);
                    for (dial, bits) in found {
                        if let Some(d) = dials.iter().position(|x| *x == dial) {
                            let before = through(bits, effects[d]);
                            read_splits[p * nd + d] |= before;
                            after_reads.push((d, before));
                        }
                    }
                    for flag in condition.flags() {
                        if let Some(f) = flags.iter().position(|x| *x == flag.name) {
                            // Read after the choice's own flags; counting it as read here
                            // too keeps more apart, never less.
                            reads_flag[p * nf + f] = true;
                            after_mentions |= bit(f);
                        }
                    }
                }
                let bits_of = |names: &[Spanned<String>]| {
                    names
                        .iter()
                        .filter_map(|f| flags.iter().position(|x| *x == f.as_str()))
                        .fold(0u64, |acc, f| acc | bit(f))
                };
                choice_edges[p].push(ChoiceEdge {
                    condition,
                    mentions,
                    set: bits_of(&choice.set),
                    clear: bits_of(&choice.clear),
                    next: next.clone(),
                    after_reads,
                    after_mentions,
                    effects: effects.clone(),
                    minutes: choice.minutes,
                    kills: kills.clone(),
                });
                for (to, _) in next {
                    out[p].push(PlaceEdge {
                        to,
                        effects: effects.clone(),
                        minutes: choice.minutes,
                        clock: true,
                        kills: kills.clone(),
                    });
                }
            }
        }
        let mut preds: Vec<Vec<u32>> = (0..n).map(|_| Vec::new()).collect();
        for (p, edges) in out.iter().enumerate() {
            for e in edges {
                preds[e.to as usize].push(p as u32);
            }
        }
        // Work from the endings backwards (depth-first post-order), so a graph without loops
        // settles in one pass.
        let mut queue: Vec<u32> = post_order(&out);
        queue.reverse();
        let mut queued = vec![true; n];
        let mut scratch = vec![0u64; words];

        while let Some(p) = queue.pop() {
            let p = p as usize;
            queued[p] = false;
            let mut changed = false;
            for d in 0..nd {
                let k = p * nd + d;
                let mut bits = read_splits[k];
                for e in &out[p] {
                    bits |= through(this.splits[e.to as usize * nd + d], e.effects[d]);
                }
                if bits != this.splits[k] {
                    changed = true;
                    this.splits[k] = bits;
                }
            }
            for f in 0..nf {
                let k = p * nf + f;
                let live = reads_flag[k]
                    || out[p]
                        .iter()
                        .any(|e| !e.kills.contains(&f) && this.live_flag[e.to as usize * nf + f]);
                if live != this.live_flag[k] {
                    changed = true;
                    this.live_flag[k] = live;
                }
            }
            if minutes_matter {
                scratch.copy_from_slice(&read_minutes[p * words..(p + 1) * words]);
                for e in out[p].iter().filter(|e| e.clock) {
                    let to = e.to as usize;
                    let from = &this.minute_splits[to * words..(to + 1) * words];
                    shift_down(from, e.minutes as usize, &mut scratch);
                }
                if scratch[..] != this.minute_splits[p * words..(p + 1) * words] {
                    changed = true;
                    this.minute_splits[p * words..(p + 1) * words].copy_from_slice(&scratch);
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
        if timed && nf <= 64 {
            let start = resolve(scenario, place_of, &scenario.start);
            this.control =
                this.control_table(scenario, &choice_edges, dials, flags, time_up, start);
        }
        // Without the flag-aware table (too large), split points per place and minutes used.
        let layers = limit as usize + 1;
        if timed
            && this.control.is_none()
            && minutes_matter
            && n.saturating_mul(layers).saturating_mul(nd + nf) <= TIMED_TABLE_MAX
        {
            let order = post_order(&out);
            let timed = this.timed(TimedInput {
                edges: &choice_edges,
                preds: &preds,
                order: &order,
                read_splits: &read_splits,
                reads_flag: &reads_flag,
                time_up,
            });
            this.timed_splits = timed.0;
            this.timed_live = timed.1;
        }
        this
    }

    /// Builds the flag-aware table (see [`ControlTable`]); `None` when it would be too large.
    fn control_table(
        &self,
        scenario: &Scenario,
        choices: &[Vec<ChoiceEdge>],
        dials: &[&str],
        flags: &[&str],
        time_up: Option<u32>,
        start: Option<u32>,
    ) -> Option<ControlTable> {
        let nd = dials.len();
        let nodes = scenario.nodes.len();
        let mentions: Vec<u64> = choices
            .iter()
            .map(|edges| {
                edges
                    .iter()
                    .fold(0, |acc, e| acc | e.mentions | e.after_mentions)
            })
            .collect();
        let is_node = |p: u32| (p as usize) < nodes;
        let clocked = self.limit > 0;

        // Forwards: every control state play might reach.
        let mut index: FxHashMap<(u32, u64, u32), u32> = FxHashMap::default();
        let mut states: Vec<(u32, u64, u32)> = Vec::new();
        let mut reads: Vec<u128> = Vec::new();
        // Edges as (from, to, choice index at the place), grouped by `from`.
        let mut edges: Vec<(u32, u32, u32)> = Vec::new();
        type Reads = Option<Box<[(usize, u128)]>>;
        let mut decided: FxHashMap<(u32, u32, u64), Reads> = FxHashMap::default();
        if let Some(p) = start.filter(|p| is_node(*p)) {
            let first = (p, 0, if clocked { 0 } else { NO_CLOCK });
            index.insert(first, 0);
            states.push(first);
        }
        let mut at = 0;
        while at < states.len() {
            let (p, set, m) = states[at];
            reads.resize((at + 1) * nd, 0);
            let known = |name: &str| {
                flags
                    .iter()
                    .position(|x| *x == name)
                    .map(|f| set & (1 << f) != 0)
            };
            for (ci, choice) in choices[p as usize].iter().enumerate() {
                if let Some(condition) = &choice.condition {
                    // What a condition reads depends only on the flags it mentions: work it
                    // out once per combination of them.
                    let cache_key = (p, ci as u32, set & choice.mentions);
                    let found = decided.entry(cache_key).or_insert_with(|| {
                        let left = condition.assume_flags(&known);
                        if left == Condition::Literal(false) {
                            return None;
                        }
                        let mut found = Vec::new();
                        comparisons(&left, &mut found);
                        Some(
                            found
                                .into_iter()
                                .filter_map(|(dial, bits)| {
                                    dials.iter().position(|x| *x == dial).map(|d| (d, bits))
                                })
                                .collect(),
                        )
                    });
                    let Some(found) = found else {
                        continue;
                    };
                    for &(d, bits) in found.iter() {
                        reads[at * nd + d] |= bits;
                    }
                }
                for &(d, bits) in &choice.after_reads {
                    reads[at * nd + d] |= bits;
                }
                let after = (set | choice.set) & !choice.clear;
                for &(next, next_is_ending) in &choice.next {
                    let to = if m == NO_CLOCK {
                        Some((next, NO_CLOCK))
                    } else {
                        let used = m.saturating_add(choice.minutes);
                        if used >= self.limit && !next_is_ending {
                            time_up.map(|t| (t, NO_CLOCK))
                        } else {
                            Some((next, used.min(self.limit)))
                        }
                    };
                    let Some((q, minutes)) = to.filter(|(q, _)| is_node(*q)) else {
                        continue;
                    };
                    // Minutes that behave the same at a place stay together after any choice
                    // (its split points include the next place's, moved back by the choice's
                    // minutes), so a control state keeps only the lowest of its range.
                    let minutes = if minutes == NO_CLOCK {
                        NO_CLOCK
                    } else {
                        self.minutes(q, minutes)
                    };
                    let key = (q, after, minutes);
                    let j = match index.get(&key) {
                        Some(j) => *j,
                        None => {
                            if states.len() >= CONTROL_MAX {
                                return None;
                            }
                            let j = states.len() as u32;
                            index.insert(key, j);
                            states.push(key);
                            j
                        }
                    };
                    edges.push((at as u32, j, ci as u32));
                }
            }
            at += 1;
        }

        // Backwards: split points and live flags, to a fixed point (loops).
        let n = states.len();
        // Edges leaving state i: edges[out[i]..out[i + 1]] (they were found in order).
        let mut out = vec![0u32; n + 1];
        for &(from, _, _) in &edges {
            out[from as usize + 1] += 1;
        }
        for i in 0..n {
            out[i + 1] += out[i];
        }
        // States leading to state i: preds[into[i]..into[i + 1]].
        let mut into = vec![0u32; n + 1];
        for &(_, to, _) in &edges {
            into[to as usize + 1] += 1;
        }
        for i in 0..n {
            into[i + 1] += into[i];
        }
        let mut fill = into.clone();
        let mut preds = vec![0u32; edges.len()];
        for &(from, to, _) in &edges {
            preds[fill[to as usize] as usize] = from;
            fill[to as usize] += 1;
        }
        let leaving = |i: usize| &edges[out[i] as usize..out[i + 1] as usize];
        let mut splits = vec![0u128; n * nd];
        let mut live = vec![0u64; n];
        let mut queue: Vec<u32> = (0..n as u32).collect();
        let mut queued = vec![true; n];
        while let Some(i) = queue.pop() {
            let i = i as usize;
            queued[i] = false;
            let place = states[i].0 as usize;
            let mut changed = false;
            for d in 0..nd {
                let mut bits = reads[i * nd + d];
                for &(_, to, ci) in leaving(i) {
                    let effect = choices[place][ci as usize].effects[d];
                    bits |= through(splits[to as usize * nd + d], effect);
                }
                if bits != splits[i * nd + d] {
                    splits[i * nd + d] = bits;
                    changed = true;
                }
            }
            let mut mask = mentions[place];
            for &(_, to, ci) in leaving(i) {
                let choice = &choices[place][ci as usize];
                mask |= live[to as usize] & !(choice.set | choice.clear);
            }
            if mask != live[i] {
                live[i] = mask;
                changed = true;
            }
            if changed {
                for &q in &preds[into[i] as usize..into[i + 1] as usize] {
                    if !queued[q as usize] {
                        queued[q as usize] = true;
                        queue.push(q);
                    }
                }
            }
        }

        // States stored alike (same place, live flags and minute class) share one group, whose
        // split points are the union of theirs.
        let mut table = ControlTable {
            exact: FxHashMap::default(),
            canonical: FxHashMap::default(),
            masks: FxHashMap::default(),
            splits: Vec::new(),
            live: Vec::new(),
        };
        let mut groups: FxHashMap<(u32, u64, u32), u32> = FxHashMap::default();
        for (i, &(p, set, m)) in states.iter().enumerate() {
            let g = *groups.entry((p, set & live[i], m)).or_insert_with(|| {
                table.live.push(0);
                table.splits.resize(table.splits.len() + nd, 0);
                (table.live.len() - 1) as u32
            }) as usize;
            table.live[g] |= live[i];
            for d in 0..nd {
                table.splits[g * nd + d] |= splits[i * nd + d];
            }
            table.exact.insert((p, set, m), g as u32);
        }
        // A control state's own live flags and its group's (a superset) both say which flags
        // a state must agree on to behave like it.
        for (i, &(p, set, m)) in states.iter().enumerate() {
            let g = table.exact[&(p, set, m)];
            for mask in [live[i], table.live[g as usize]] {
                table.canonical.entry((p, set & mask, m, mask)).or_insert(g);
                let masks = table.masks.entry((p, m)).or_default();
                if !masks.contains(&mask) {
                    masks.push(mask);
                }
            }
        }
        Some(table)
    }

    /// The split points and live flags for a state at place `p` with the tracked flags
    /// `set` (bit per flag) and `minutes` used before `time_up` has fired (`None`: after
    /// it has fired, or untimed).
    pub(super) fn context(&self, p: u32, set: u64, minutes: Option<u32>) -> Context<'_> {
        let (nd, nf) = (self.dials, self.flags);
        if let Some(table) = &self.control {
            let m = minutes.map_or(NO_CLOCK, |m| self.minutes(p, m));
            let group = table.exact.get(&(p, set, m)).or_else(|| {
                let masks = table.masks.get(&(p, m))?;
                masks
                    .iter()
                    .find_map(|mask| table.canonical.get(&(p, set & mask, m, *mask)))
            });
            if let Some(&g) = group {
                let g = g as usize;
                return Context {
                    splits: &table.splits[g * nd..(g + 1) * nd],
                    live: Live::Mask(table.live[g]),
                };
            }
        }
        match minutes {
            Some(m) if !self.timed_splits.is_empty() => {
                let layers = self.limit as usize + 1;
                let k = p as usize * layers + (m as usize).min(self.limit as usize);
                Context {
                    splits: &self.timed_splits[k * nd..(k + 1) * nd],
                    live: Live::Each(&self.timed_live[k * nf..(k + 1) * nf]),
                }
            }
            _ => {
                let k = p as usize;
                Context {
                    splits: &self.splits[k * nd..(k + 1) * nd],
                    live: Live::Each(&self.live_flag[k * nf..(k + 1) * nf]),
                }
            }
        }
    }

    /// The split points and live flags per (place, minutes used) before `time_up` has fired,
    /// each joined over the minutes that behave the same at the place. A choice that runs the
    /// clock out goes to `time_up`, where the untimed splits hold; any other choice moves
    /// to a state with more minutes used (or as many, for a choice that takes no time), so
    /// the layers are computed from the most minutes used down.
    fn timed(&self, input: TimedInput<'_>) -> (Vec<u128>, Vec<bool>) {
        let n = input.edges.len();
        let (nd, nf) = (self.dials, self.flags);
        let limit = self.limit as usize;
        let layers = limit + 1;
        let mut splits = vec![0u128; n * layers * nd];
        let mut live = vec![false; n * layers * nf];
        let mut queued = vec![false; n];
        for m in (0..layers).rev() {
            let mut queue: Vec<u32> = input.order.iter().rev().copied().collect();
            queued.iter_mut().for_each(|q| *q = true);
            while let Some(p) = queue.pop() {
                let p = p as usize;
                queued[p] = false;
                let mut changed = false;
                let here = p * layers + m;
                for d in 0..nd {
                    let mut bits = input.read_splits[p * nd + d];
                    for e in &input.edges[p] {
                        let after = m + e.minutes as usize;
                        for &(to, next_is_ending) in &e.next {
                            if after >= limit && !next_is_ending {
                                if let Some(t) = input.time_up {
                                    bits |= through(self.splits[t as usize * nd + d], e.effects[d]);
                                }
                            } else {
                                let k = (to as usize * layers + after.min(limit)) * nd + d;
                                bits |= through(splits[k], e.effects[d]);
                            }
                        }
                    }
                    if bits != splits[here * nd + d] {
                        splits[here * nd + d] = bits;
                        changed = true;
                    }
                }
                for f in 0..nf {
                    let mut is_live = input.reads_flag[p * nf + f];
                    for e in input.edges[p].iter().filter(|e| !e.kills.contains(&f)) {
                        let after = m + e.minutes as usize;
                        for &(to, next_is_ending) in &e.next {
                            if after >= limit && !next_is_ending {
                                if let Some(t) = input.time_up {
                                    is_live |= self.live_flag[t as usize * nf + f];
                                }
                            } else {
                                is_live |= live[(to as usize * layers + after.min(limit)) * nf + f];
                            }
                        }
                    }
                    if is_live != live[here * nf + f] {
                        live[here * nf + f] = is_live;
                        changed = true;
                    }
                }
                if changed {
                    for &q in &input.preds[p] {
                        if !queued[q as usize] {
                            queued[q as usize] = true;
                            queue.push(q);
                        }
                    }
                }
            }
        }
        // Join over the minutes that behave the same, so any of them may stand for the rest.
        let mut joined_splits = vec![0u128; n * layers * nd];
        let mut joined_live = vec![false; n * layers * nf];
        for p in 0..n {
            let mut m = 0;
            while m < layers {
                let low = self.minutes(p as u32, m as u32) as usize;
                let (_, high) = self.minutes_range(p as u32, low as u32);
                let high = (high as usize).clamp(m, limit);
                let (mut ds, mut fs) = (vec![0u128; nd], vec![false; nf]);
                for k in m..=high {
                    for d in 0..nd {
                        ds[d] |= splits[(p * layers + k) * nd + d];
                    }
                    for f in 0..nf {
                        fs[f] |= live[(p * layers + k) * nf + f];
                    }
                }
                for k in m..=high {
                    joined_splits[(p * layers + k) * nd..(p * layers + k + 1) * nd]
                        .copy_from_slice(&ds);
                    joined_live[(p * layers + k) * nf..(p * layers + k + 1) * nf]
                        .copy_from_slice(&fs);
                }
                m = high + 1;
            }
        }
        (joined_splits, joined_live)
    }

    fn minute_words(&self, p: u32) -> &[u64] {
        &self.minute_splits[p as usize * self.words..(p as usize + 1) * self.words]
    }

    /// The stored minutes at place `p` (before `time_up` has fired): the lowest of its range.
    pub(super) fn minutes(&self, p: u32, minutes: u32) -> u32 {
        highest_at_or_below(self.minute_words(p), minutes.min(self.limit) as usize)
    }

    /// Whether the clock can still matter from place `p`.
    pub(super) fn clock_live(&self, p: u32) -> bool {
        self.minute_words(p).iter().any(|w| *w != 0)
    }

    /// The range of minutes a stored value stands for.
    pub(super) fn minutes_range(&self, p: u32, stored: u32) -> (u32, u32) {
        let words = self.minute_words(p);
        let high = (stored as usize + 1..=self.limit as usize)
            .find(|i| words[i / 64] & (1 << (i % 64)) != 0)
            .map_or(self.limit, |i| i as u32 - 1);
        (stored, high)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highest_bit_at_or_below() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..200 {
            let words: Vec<u64> = (0..3)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Sparse words, so long gaps (and empty words) occur.
                    state & (state >> 3) & (state >> 5)
                })
                .collect();
            for m in 0..192 {
                let naive = (0..=m)
                    .rev()
                    .find(|i| words[i / 64] & (1 << (i % 64)) != 0)
                    .map_or(0, |i| i as u32);
                assert_eq!(highest_at_or_below(&words, m), naive, "{words:x?} {m}");
            }
        }
    }

    #[test]
    fn splits_move_through_effects() {
        let at_40 = threshold_splits(CompareOp::Ge, 40, true);
        assert_eq!(at_40, 1u128 << 40);
        assert_eq!(through(at_40, 10), 1u128 << 30);
        assert_eq!(through(at_40, -10), 1u128 << 50);
        assert_eq!(through(at_40, 45), 0);
        assert_eq!(threshold_splits(CompareOp::Gt, 40, true), 1u128 << 41);
        assert_eq!(threshold_splits(CompareOp::Lt, 40, false), 1u128 << 41);
    }
}
