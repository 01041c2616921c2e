//! The analyser's states and how they are stored.
//!
//! A state is where play rests (a decision or an ending) with what can still change what
//! happens next: the tracked dials and flags and the clock, reduced by [`reduce`] when
//! merging is on. States are the core's compact [`State`] itself, stored in a canonical form
//! ([`Space::pack`]): untracked dials at their starting values, untracked and dead flags
//! cleared, the clock and the tracked dials replaced by the representative of what they can
//! still tell apart, and an ending as its place alone. This is the only file that knows the
//! canonical form; the rest of the analysis goes through [`Space`]: [`Space::place_of`],
//! [`Space::time_up_fired`] and [`Space::readings`] read a key, and [`Space::snapshot`]
//! describes one for the report.

use std::collections::BTreeSet;
use std::sync::Arc;

use indexmap::IndexSet;
use rustc_hash::FxBuildHasher;

use rapport_core::compile::{CompileError, Place, Program, State};
use rapport_core::model::{Choice, ConditionSite, Scenario};

use crate::reduce;
use crate::report::Snapshot;

/// A stored state: the core's compact state in canonical form.
pub(crate) type Key = State;

/// The states explored, each kept once, numbered in the order they were found.
pub(crate) type Keys = IndexSet<Key, FxBuildHasher>;

/// The scenario compiled and indexed for the analysis (places, tracked dials and flags,
/// choices), and how states are put in canonical form.
pub(crate) struct Space<'a> {
    pub(crate) scenario: &'a Scenario,
    /// The compiled scenario the exploration steps.
    pub(crate) program: Program,
    /// Node ids, then ending ids (the program's place order).
    pub(crate) places: Vec<&'a str>,
    /// Dials some `requires` condition reads, sorted.
    pub(crate) dials: Vec<&'a str>,
    /// The program's index of each tracked dial.
    dial_ix: Vec<usize>,
    /// Flags some `requires` condition reads, sorted.
    pub(crate) flags: Vec<&'a str>,
    /// The program's bit of each tracked flag.
    flag_bit: Vec<u64>,
    minutes_matter: bool,
    /// Every choice: (node, choice), in the program's choice order.
    pub(crate) choices: Vec<(&'a str, &'a Choice)>,
    reduction: reduce::Reduction,
    reduce: bool,
    limit: u32,
}

/// What a decision's key stores (for counting the different values at a node).
pub(crate) struct Readings {
    /// The minutes used and whether `time_up` fired.
    pub(crate) clock: (u32, bool),
    /// One value per tracked dial, in [`Space::dials`] order.
    pub(crate) dials: Vec<u8>,
    /// The tracked flags set, as the program's bits.
    pub(crate) flags: u64,
}

impl<'a> Space<'a> {
    /// Indexes a scenario. `reduce` merges states that behave the same (see [`reduce`]);
    /// `timed` allows its split points that know the minutes used and the flags set.
    pub(crate) fn new(
        scenario: &'a Scenario,
        reduce: bool,
        timed: bool,
    ) -> Result<Space<'a>, CompileError> {
        let program = Program::compile(Arc::new(scenario.clone()))?;
        let places: Vec<&str> = scenario
            .nodes
            .keys()
            .chain(scenario.endings.keys())
            .map(|id| id.as_str())
            .collect();
        let mut dials = BTreeSet::new();
        let mut flags = BTreeSet::new();
        let mut choices = Vec::new();
        for (node_id, node) in &scenario.nodes {
            for choice in &node.choices {
                choices.push((node_id.as_str(), choice));
            }
        }
        // What decides where play goes: `requires` and branch conditions. (Variants only
        // change what is shown.)
        for (expression, site, _) in scenario.conditions() {
            if !matches!(site, ConditionSite::Requires | ConditionSite::Branch) {
                continue;
            }
            let Some(condition) = expression.condition() else {
                continue;
            };
            for d in condition.dials() {
                if let Some((name, _)) = scenario.dials.get_key_value(d.name.as_str()) {
                    dials.insert(name.as_str());
                }
            }
            for f in condition.flags() {
                if let Some(name) = scenario.flags.iter().find(|x| **x == f.name) {
                    flags.insert(name.as_str());
                }
            }
        }
        // The reduction follows branches on choices and on the beats after them; a branch on
        // the beats at the start or after `time_up` is not followed, so such a scenario is
        // explored state by state, which stays exact.
        let reduce = reduce
            && !reduce::chain_branches(scenario, &scenario.start)
            && !scenario
                .time_up
                .as_ref()
                .is_some_and(|t| reduce::chain_branches(scenario, t));
        let dials: Vec<&str> = dials.into_iter().collect();
        let flags: Vec<&str> = flags.into_iter().collect();
        let dial_ix = dials
            .iter()
            .map(|d| program.dial_index(d).unwrap_or(usize::MAX))
            .collect();
        let flag_bit = flags
            .iter()
            .map(|f| program.flag_index(f).map_or(0, |i| 1u64 << i))
            .collect();
        let minutes_matter = scenario.minutes.is_some() && scenario.time_up.is_some();
        let reduction = reduce::Reduction::new(
            scenario,
            &places,
            &|id: &str| program.place(id).map(|p| p.0),
            &dials,
            &flags,
            minutes_matter,
            timed,
        );
        Ok(Space {
            scenario,
            program,
            places,
            dials,
            dial_ix,
            flags,
            flag_bit,
            minutes_matter,
            choices,
            reduction,
            reduce,
            limit: scenario.minutes.unwrap_or(0),
        })
    }

    /// Whether a place is an ending (endings come after the nodes).
    pub(crate) fn is_ending(&self, place: u32) -> bool {
        (place as usize) >= self.scenario.nodes.len()
    }

    /// The id of a place.
    pub(crate) fn place_name(&self, place: u32) -> &'a str {
        self.places[place as usize]
    }

    /// The place a key rests at.
    pub(crate) fn place_of(key: &Key) -> u32 {
        key.place.0
    }

    /// Whether `time_up` had fired in a stored state (never, for an ending).
    pub(crate) fn time_up_fired(key: &Key) -> bool {
        key.time_up_fired
    }

    /// What a decision's key stores; `None` for an ending.
    pub(crate) fn readings(&self, key: &Key) -> Option<Readings> {
        if self.is_ending(key.place.0) {
            return None;
        }
        Some(Readings {
            clock: (key.minutes, key.time_up_fired),
            dials: self
                .dial_ix
                .iter()
                .map(|i| key.dials.get(*i).copied().unwrap_or(0))
                .collect(),
            flags: key.flags,
        })
    }

    /// The tracked flags set in a state, as bits in [`Space::flags`] order (the first 64;
    /// the flag-aware reduction is only built for up to 64 flags).
    fn tracked_bits(&self, state: &State) -> u64 {
        self.flag_bit
            .iter()
            .take(64)
            .enumerate()
            .filter(|(_, bit)| state.flags & **bit != 0)
            .fold(0, |acc, (i, _)| acc | (1 << i))
    }

    /// A tracked dial's value in a state.
    fn dial(&self, state: &State, i: usize) -> i32 {
        state.dial(self.dial_ix[i])
    }

    /// Puts a state in canonical form; `None` when it rests somewhere that does not exist.
    pub(crate) fn pack(&self, state: &State) -> Option<Key> {
        let place = state.place.0;
        if place as usize >= self.places.len() {
            return None;
        }
        if self.is_ending(place) {
            return Some(Space::ending_key(place));
        }
        let minutes = if self.minutes_matter && !state.time_up_fired {
            if self.reduce {
                self.reduction.minutes(place, state.minutes)
            } else {
                state.minutes.min(self.limit)
            }
        } else {
            0
        };
        let tracked = self.tracked_bits(state);
        let context = self.reduce.then(|| {
            // The minutes used, while they can still send play to `time_up`.
            let clock = (self.minutes_matter && !state.time_up_fired).then_some(state.minutes);
            self.reduction.context(place, tracked, clock)
        });
        // Untracked dials are never read: they stay at their starting values.
        let mut key = State {
            place: Place(place),
            minutes,
            flags: 0,
            dials: self.program.initial_state().dials,
            time_up_fired: state.time_up_fired,
        };
        for i in 0..self.dials.len() {
            let value = match &context {
                Some(context) => context.dial(i, self.dial(state, i)),
                None => self.dial(state, i).clamp(0, 100),
            };
            if let Some(slot) = key.dials.get_mut(self.dial_ix[i]) {
                *slot = value.clamp(0, 100) as u8;
            }
        }
        for (i, bit) in self.flag_bit.iter().enumerate() {
            if state.flags & bit != 0 && context.as_ref().is_none_or(|c| c.flag_live(i)) {
                key.flags |= bit;
            }
        }
        Some(key)
    }

    /// The one key of an ending place, whatever the route to it.
    pub(crate) fn ending_key(place: u32) -> Key {
        State {
            place: Place(place),
            ..State::default()
        }
    }

    /// A stored state as the runtime steps it (the canonical form is a state already).
    pub(crate) fn unpack(&self, key: &Key) -> State {
        *key
    }

    /// A stored state in words: the dials, flags and clock that can still matter there,
    /// with the range of values each stored value stands for.
    pub(crate) fn snapshot(&self, key: &Key) -> Snapshot {
        let state = self.unpack(key);
        let place = Space::place_of(key);
        let r = &self.reduction;
        let clock = (self.minutes_matter && !state.time_up_fired).then_some(state.minutes);
        let tracked = self.tracked_bits(&state);
        let context = r.context(place, tracked, clock);
        Snapshot {
            dials: self
                .dials
                .iter()
                .enumerate()
                .filter(|(i, _)| context.dial_live(*i))
                .map(|(i, d)| {
                    let (low, high) = context.dial_range(i, self.dial(&state, i));
                    let reading = if low == high {
                        low.to_string()
                    } else {
                        format!("{low}..{high}")
                    };
                    ((*d).to_string(), reading)
                })
                .collect(),
            flags: self
                .flags
                .iter()
                .enumerate()
                .filter(|(i, _)| tracked & (1 << i) != 0 && context.flag_live(*i))
                .map(|(_, f)| (*f).to_string())
                .collect(),
            minutes: (self.minutes_matter && !state.time_up_fired && r.clock_live(place)).then(
                || {
                    let (low, high) = r.minutes_range(place, state.minutes);
                    if low == high {
                        low.to_string()
                    } else {
                        format!("{low}..{high}")
                    }
                },
            ),
            time_up_fired: state.time_up_fired,
        }
    }
}
