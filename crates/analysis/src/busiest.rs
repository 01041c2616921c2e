//! The nodes holding the most states, for partial reports: where an author should look when
//! a scenario is too large to explore (see "Keeping a scenario analysable" in the authoring
//! guide).

use std::cmp::Reverse;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap;

use crate::explore::Graph;
use crate::report::NodeStates;
use crate::state::Space;

/// How many nodes are named.
const SHOWN: usize = 5;

/// The nodes holding the most states (most first; ties in the order of places), with the variety
/// of dial values, flag sets and clock readings there.
pub(crate) fn busiest(space: &Space<'_>, graph: &Graph) -> Vec<NodeStates> {
    let mut count: FxHashMap<u32, usize> = FxHashMap::default();
    for key in &graph.keys {
        if space.readings(key).is_some() {
            *count.entry(Space::place_of(key)).or_default() += 1;
        }
    }
    let mut top: Vec<(u32, usize)> = count.into_iter().collect();
    top.sort_by_key(|(p, n)| (Reverse(*n), *p));
    top.truncate(SHOWN);
    let nd = space.dials.len();
    // Per top node: the different dial values, flag sets and clock readings, in one pass.
    type Variety = (Vec<BTreeSet<u8>>, BTreeSet<u64>, BTreeSet<(u32, bool)>);
    let mut variety: FxHashMap<u32, Variety> = top
        .iter()
        .map(|(place, _)| {
            (
                *place,
                (vec![BTreeSet::new(); nd], BTreeSet::new(), BTreeSet::new()),
            )
        })
        .collect();
    for key in &graph.keys {
        let Some(readings) = space.readings(key) else {
            continue;
        };
        if let Some((values, flag_sets, minutes)) = variety.get_mut(&Space::place_of(key)) {
            minutes.insert(readings.clock);
            for (v, value) in values.iter_mut().zip(&readings.dials) {
                v.insert(*value);
            }
            flag_sets.insert(readings.flags);
        }
    }
    top.into_iter()
        .map(|(place, states)| {
            let (values, flag_sets, minutes) = variety.remove(&place).unwrap_or_default();
            NodeStates {
                node: space.place_name(place).to_string(),
                states,
                dial_values: space
                    .dials
                    .iter()
                    .zip(&values)
                    .map(|(d, v)| ((*d).to_string(), v.len()))
                    .collect(),
                flag_sets: flag_sets.len(),
                minutes: minutes.len(),
            }
        })
        .collect()
}
