//! The compiled form of a checked scenario: what the runtime, random play and the analyser
//! run on.
//!
//! Checking reads the file once and reports every problem; compiling then turns what the
//! trainer wrote into indices: nodes and endings become [`Place`]s, choices become
//! [`ChoiceIx`]s, dials live in a small array and flags in a bitset, and every condition is
//! an [`Expr`] over dial and flag indices. Nothing is looked up by name or parsed while
//! playing, so one step is a few array reads, and a [`State`] is a small `Copy` value that
//! the analyser can hash and store as it is.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::condition::{CompareOp, Condition, Operand};
use crate::model::{DIAL_MAX, DIAL_MIN, Expression, Node, Scenario};

/// Most dials a scenario can declare.
pub const MAX_DIALS: usize = 16;
/// Most flags a scenario can declare.
pub const MAX_FLAGS: usize = 64;

/// A node or an ending: nodes are numbered first, in id order, then endings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place(pub u32);

/// A choice's index in the compiled scenario (choices of a node are contiguous).
pub type ChoiceIx = u32;

/// Where play is: the place, the person's dials, the flags set and the clock.
///
/// Small and `Copy`: the runtime steps it, random play draws from it, and the analyser
/// hashes it as the key of its state space.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct State {
    /// The node play rests at, or the ending once the conversation has ended.
    pub place: Place,
    /// Appointment minutes used so far.
    pub minutes: u32,
    /// Flags set, one bit per declared flag (in declaration order).
    pub flags: u64,
    /// Dial values (0..=100), one per declared dial (in name order); the rest stay 0.
    pub dials: [u8; MAX_DIALS],
    /// Whether play has already been sent to `time_up`.
    pub time_up_fired: bool,
}

impl State {
    /// The value of dial `index`.
    pub fn dial(&self, index: usize) -> i32 {
        self.dials.get(index).map_or(0, |v| i32::from(*v))
    }

    /// Whether flag `index` is set.
    pub fn flag(&self, index: usize) -> bool {
        index < MAX_FLAGS && self.flags & (1 << index) != 0
    }
}

/// One side of a compiled comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// A dial by index.
    Dial(u8),
    /// A whole number.
    Number(i32),
}

/// A compiled condition over dial and flag indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Always or never.
    Const(bool),
    /// A flag (by its bit) is set.
    Flag(u64),
    /// `left op right`.
    Compare(Arg, CompareOp, Arg),
    /// `!inner`.
    Not(Box<Expr>),
    /// Every part holds.
    All(Box<[Expr]>),
    /// Some part holds.
    Any(Box<[Expr]>),
}

impl Expr {
    /// Whether the condition holds in a state.
    #[inline]
    pub fn holds(&self, state: &State) -> bool {
        match self {
            Expr::Const(b) => *b,
            Expr::Flag(bit) => state.flags & bit != 0,
            Expr::Compare(a, op, b) => op.apply(arg(*a, state), arg(*b, state)),
            Expr::Not(inner) => !inner.holds(state),
            Expr::All(items) => items.iter().all(|e| e.holds(state)),
            Expr::Any(items) => items.iter().any(|e| e.holds(state)),
        }
    }
}

#[inline]
fn arg(a: Arg, state: &State) -> i32 {
    match a {
        Arg::Dial(i) => state.dial(usize::from(i)),
        Arg::Number(n) => n,
    }
}

/// A node, compiled.
#[derive(Debug, Clone)]
pub struct NodeCode {
    /// Its id.
    pub id: String,
    /// Its choices: `choices.start..choices.end` in [`Program::choices`].
    pub choices: std::ops::Range<ChoiceIx>,
    /// For a beat with nothing to decide: where play goes next.
    pub next: Option<Place>,
    /// For a beat with nothing to decide: branches taken instead of `next`, in order.
    pub branches: Box<[(Expr, Place)]>,
    /// The `when` of each variant, in order.
    pub variants: Vec<Expr>,
}

/// An ending, compiled.
#[derive(Debug, Clone)]
pub struct EndingCode {
    /// Its id.
    pub id: String,
    /// The `when` of each variant, in order.
    pub variants: Vec<Expr>,
}

/// The first branch that holds in a state, or the fallback.
#[inline]
pub fn route(branches: &[(Expr, Place)], fallback: Place, state: &State) -> Place {
    branches
        .iter()
        .find(|(when, _)| when.holds(state))
        .map_or(fallback, |(_, to)| *to)
}

/// A choice, compiled.
#[derive(Debug, Clone)]
pub struct ChoiceCode {
    /// Its id.
    pub id: String,
    /// The node it belongs to.
    pub node: Place,
    /// Its position among the node's choices in the file.
    pub position: usize,
    /// Offered only when this holds.
    pub requires: Expr,
    /// Dial index and change.
    pub effects: Box<[(u8, i32)]>,
    /// Flags it sets.
    pub set: u64,
    /// Flags it clears.
    pub clear: u64,
    /// Minutes it takes.
    pub minutes: u32,
    /// Where it sends play, unless a branch holds.
    pub next: Place,
    /// Branches taken instead of `next`, in order, read after the choice's effects.
    pub branches: Box<[(Expr, Place)]>,
}

impl ChoiceCode {
    /// Where the choice sends play from the state after its effects.
    #[inline]
    pub fn target(&self, after: &State) -> Place {
        route(&self.branches, self.next, after)
    }
}

/// Why a scenario could not be compiled. The checker reports these too, with positions;
/// compiling a scenario that passed the checker never fails.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompileError {
    /// More dials than a state holds.
    #[error("the scenario declares {0} dials; at most {MAX_DIALS} are supported")]
    TooManyDials(usize),
    /// More flags than a state holds.
    #[error("the scenario declares {0} flags; at most {MAX_FLAGS} are supported")]
    TooManyFlags(usize),
    /// More nodes, endings or choices than indices allow.
    #[error("the scenario is too large to compile")]
    TooLarge,
}

/// A checked scenario, compiled for play.
#[derive(Debug, Clone)]
pub struct Program {
    scenario: Arc<Scenario>,
    dials: Vec<String>,
    flags: Vec<String>,
    start_dials: [u8; MAX_DIALS],
    nodes: Vec<NodeCode>,
    endings: Vec<EndingCode>,
    choices: Vec<ChoiceCode>,
    by_id: HashMap<String, Place>,
    choice_by_id: HashMap<String, ChoiceIx>,
    start: Place,
    time_up: Option<Place>,
    minutes: Option<u32>,
}

/// The place an id names, or `missing` (a place past every node and ending) when it names
/// nothing: play reaching it is a runtime error, never a panic.
fn place_or_missing(by_id: &HashMap<String, Place>, missing: Place, id: &str) -> Place {
    by_id.get(id).copied().unwrap_or(missing)
}

impl Program {
    /// Compiles a scenario. Names the checker reports as unknown compile to what they mean
    /// at run time: an unknown dial reads 0 and an unknown flag is never set.
    pub fn compile(scenario: Arc<Scenario>) -> Result<Program, CompileError> {
        let dials: Vec<String> = scenario.dials.keys().map(|k| k.to_string()).collect();
        if dials.len() > MAX_DIALS {
            return Err(CompileError::TooManyDials(dials.len()));
        }
        let mut flags: Vec<String> = Vec::new();
        for flag in &scenario.flags {
            if !flags.iter().any(|f| f.as_str() == flag.as_str()) {
                flags.push(flag.to_string());
            }
        }
        if flags.len() > MAX_FLAGS {
            return Err(CompileError::TooManyFlags(flags.len()));
        }
        let total = scenario.nodes.len() + scenario.endings.len();
        let choice_total: usize = scenario.nodes.values().map(|n| n.choices.len()).sum();
        if total >= u32::MAX as usize || choice_total >= u32::MAX as usize {
            return Err(CompileError::TooLarge);
        }
        let mut start_dials = [0u8; MAX_DIALS];
        for (i, value) in scenario.dials.values().enumerate() {
            start_dials[i] = clamp_dial(**value);
        }
        let dial_index: HashMap<&str, u8> = dials
            .iter()
            .enumerate()
            .map(|(i, d)| (d.as_str(), i as u8))
            .collect();
        let flag_bit: HashMap<&str, u64> = flags
            .iter()
            .enumerate()
            .map(|(i, f)| (f.as_str(), 1u64 << i))
            .collect();

        let mut by_id: HashMap<String, Place> = HashMap::new();
        for (i, id) in scenario.nodes.keys().enumerate() {
            by_id.insert(id.to_string(), Place(i as u32));
        }
        let node_count = scenario.nodes.len() as u32;
        for (i, id) in scenario.endings.keys().enumerate() {
            by_id
                .entry(id.to_string())
                .or_insert(Place(node_count + i as u32));
        }
        let missing = Place(total as u32);
        // Conditions were parsed when the file was read; one that does not parse (which the
        // checker reports) never holds.
        let lower = |condition: Option<&Expression>| -> Expr {
            match condition {
                None => Expr::Const(true),
                Some(e) => match e.condition() {
                    Some(c) => lower_condition(c, &dial_index, &flag_bit),
                    None => Expr::Const(false),
                },
            }
        };
        let bits = |names: &[_]| -> u64 {
            names
                .iter()
                .map(|n: &_| {
                    let n: &str = AsRef::<str>::as_ref(n);
                    flag_bit.get(n).copied().unwrap_or(0)
                })
                .fold(0, |a, b| a | b)
        };

        let branches = |written: &[crate::model::Branch]| -> Box<[(Expr, Place)]> {
            written
                .iter()
                .map(|b| {
                    (
                        lower(Some(&b.when)),
                        place_or_missing(&by_id, missing, &b.next),
                    )
                })
                .collect()
        };
        let mut nodes = Vec::with_capacity(scenario.nodes.len());
        let mut choices = Vec::with_capacity(choice_total);
        let mut choice_by_id = HashMap::with_capacity(choice_total);
        for (i, (id, node)) in scenario.nodes.iter().enumerate() {
            let place = Place(i as u32);
            let first = choices.len() as ChoiceIx;
            for (position, choice) in node.choices.iter().enumerate() {
                let ix = choices.len() as ChoiceIx;
                choice_by_id.entry(choice.id.to_string()).or_insert(ix);
                let effects: Vec<(u8, i32)> = choice
                    .effects
                    .iter()
                    .filter_map(|(dial, change)| {
                        dial_index.get(dial.as_str()).map(|i| (*i, *change))
                    })
                    .collect();
                choices.push(ChoiceCode {
                    id: choice.id.to_string(),
                    node: place,
                    position,
                    requires: lower(choice.requires.as_ref()),
                    effects: effects.into_boxed_slice(),
                    set: bits(&choice.set),
                    clear: bits(&choice.clear),
                    minutes: choice.minutes,
                    next: place_or_missing(&by_id, missing, &choice.next),
                    branches: branches(&choice.branches),
                });
            }
            nodes.push(NodeCode {
                id: id.to_string(),
                choices: first..choices.len() as ChoiceIx,
                next: if node.choices.is_empty() {
                    node.next
                        .as_deref()
                        .map(|n| place_or_missing(&by_id, missing, n))
                } else {
                    None
                },
                branches: if node.choices.is_empty() {
                    branches(&node.branches)
                } else {
                    Box::default()
                },
                variants: node.variants.iter().map(|v| lower(Some(&v.when))).collect(),
            });
        }
        let endings = scenario
            .endings
            .iter()
            .map(|(id, ending)| EndingCode {
                id: id.to_string(),
                variants: ending
                    .variants
                    .iter()
                    .map(|v| lower(Some(&v.when)))
                    .collect(),
            })
            .collect();
        let start = place_or_missing(&by_id, missing, &scenario.start);
        let time_up = scenario
            .time_up
            .as_deref()
            .map(|t| place_or_missing(&by_id, missing, t));
        Ok(Program {
            minutes: scenario.minutes,
            scenario,
            dials,
            flags,
            start_dials,
            nodes,
            endings,
            choices,
            by_id,
            choice_by_id,
            start,
            time_up,
        })
    }

    /// The scenario as written.
    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    /// Dial names, in index order.
    pub fn dial_names(&self) -> &[String] {
        &self.dials
    }

    /// Flag names, in bit order.
    pub fn flag_names(&self) -> &[String] {
        &self.flags
    }

    /// The compiled nodes, in place order.
    pub fn nodes(&self) -> &[NodeCode] {
        &self.nodes
    }

    /// The compiled endings.
    pub fn endings(&self) -> &[EndingCode] {
        &self.endings
    }

    /// Every compiled choice.
    pub fn choices(&self) -> &[ChoiceCode] {
        &self.choices
    }

    /// One compiled choice.
    pub fn choice(&self, ix: ChoiceIx) -> &ChoiceCode {
        &self.choices[ix as usize]
    }

    /// Where play starts (before passing through `next` beats).
    pub fn start_place(&self) -> Place {
        self.start
    }

    /// Where play goes when the minutes run out.
    pub fn time_up(&self) -> Option<Place> {
        self.time_up
    }

    /// The appointment length.
    pub fn minutes(&self) -> Option<u32> {
        self.minutes
    }

    /// The state before anything has happened: at `start`, starting dials, no flags.
    pub fn initial_state(&self) -> State {
        State {
            place: self.start,
            minutes: 0,
            flags: 0,
            dials: self.start_dials,
            time_up_fired: false,
        }
    }

    /// The node at a place, if it is a node.
    #[inline]
    pub fn node(&self, place: Place) -> Option<&NodeCode> {
        self.nodes.get(place.0 as usize)
    }

    /// The ending at a place, if it is an ending.
    #[inline]
    pub fn ending(&self, place: Place) -> Option<&EndingCode> {
        (place.0 as usize)
            .checked_sub(self.nodes.len())
            .and_then(|i| self.endings.get(i))
    }

    /// Whether a place is an ending.
    #[inline]
    pub fn is_ending(&self, place: Place) -> bool {
        self.ending(place).is_some()
    }

    /// The id of a place (a node or ending id; `?` for a missing target).
    pub fn place_id(&self, place: Place) -> &str {
        if let Some(node) = self.node(place) {
            &node.id
        } else if let Some(ending) = self.ending(place) {
            &ending.id
        } else {
            "?"
        }
    }

    /// The place an id names.
    pub fn place(&self, id: &str) -> Option<Place> {
        self.by_id.get(id).copied()
    }

    /// The choice with an id.
    pub fn choice_ix(&self, id: &str) -> Option<ChoiceIx> {
        self.choice_by_id.get(id).copied()
    }

    /// The index of a dial.
    pub fn dial_index(&self, name: &str) -> Option<usize> {
        self.dials.iter().position(|d| d == name)
    }

    /// The bit index of a flag.
    pub fn flag_index(&self, name: &str) -> Option<usize> {
        self.flags.iter().position(|f| f == name)
    }

    /// The node as written, for a node place.
    pub fn node_source(&self, place: Place) -> Option<&Node> {
        self.node(place)
            .and_then(|n| self.scenario.nodes.get(n.id.as_str()))
    }

    /// The choice as written.
    pub fn choice_source(&self, ix: ChoiceIx) -> Option<&crate::model::Choice> {
        let code = self.choices.get(ix as usize)?;
        self.node_source(code.node)?.choices.get(code.position)
    }

    /// A state's dials by name.
    pub fn dials_by_name(&self, state: &State) -> BTreeMap<String, i32> {
        self.dials
            .iter()
            .enumerate()
            .map(|(i, d)| (d.clone(), state.dial(i)))
            .collect()
    }

    /// A state's flags that are set, by name.
    pub fn flags_by_name(&self, state: &State) -> BTreeSet<String> {
        self.flags
            .iter()
            .enumerate()
            .filter(|(i, _)| state.flag(*i))
            .map(|(_, f)| f.clone())
            .collect()
    }
}

/// Clamps a dial value into 0..=100.
#[inline]
pub fn clamp_dial(value: i32) -> u8 {
    value.clamp(DIAL_MIN, DIAL_MAX) as u8
}

/// Lowers a parsed condition onto indices.
fn lower_condition(c: &Condition, dials: &HashMap<&str, u8>, flags: &HashMap<&str, u64>) -> Expr {
    let operand = |o: &Operand| match o {
        Operand::Dial(ident) => match dials.get(ident.name.as_str()) {
            Some(i) => Arg::Dial(*i),
            // An unknown dial reads 0, as it always has.
            None => Arg::Number(0),
        },
        Operand::Number(n) => Arg::Number(*n),
    };
    match c {
        Condition::Literal(b) => Expr::Const(*b),
        Condition::Flag(ident) => match flags.get(ident.name.as_str()) {
            Some(bit) => Expr::Flag(*bit),
            None => Expr::Const(false),
        },
        Condition::Compare(a, op, b) => Expr::Compare(operand(a), *op, operand(b)),
        Condition::Not(inner) => Expr::Not(Box::new(lower_condition(inner, dials, flags))),
        Condition::All(items) => Expr::All(
            items
                .iter()
                .map(|i| lower_condition(i, dials, flags))
                .collect(),
        ),
        Condition::Any(items) => Expr::Any(
            items
                .iter()
                .map(|i| lower_condition(i, dials, flags))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn program(text: &str) -> Program {
        let report = crate::check::check_source(
            "t.ron",
            text.as_bytes(),
            &crate::framework::Framework::builtin(),
        );
        assert_eq!(report.errors(), 0, "{}", report.render(false));
        let scenario = report.scenario.unwrap_or_else(|| unreachable!());
        Program::compile(scenario).unwrap_or_else(|e| unreachable!("{e}"))
    }

    #[test]
    fn ids_become_indices_and_conditions_expressions() {
        let p = program(include_str!("../../../tests/fixtures/check-in.ron"));
        assert_eq!(p.nodes().len(), 4);
        assert_eq!(p.endings().len(), 3);
        assert_eq!(p.place_id(p.start_place()), "arrive");
        for (i, node) in p.nodes().iter().enumerate() {
            assert_eq!(p.place(&node.id), Some(Place(i as u32)));
            for ix in node.choices.clone() {
                assert_eq!(p.choice(ix).node, Place(i as u32));
                assert_eq!(p.choice_ix(&p.choice(ix).id), Some(ix));
            }
        }
        // Each dial starts where the file says.
        let start = p.initial_state();
        for (name, value) in &p.scenario().dials {
            let i = p.dial_index(name).unwrap_or(usize::MAX);
            assert_eq!(start.dial(i), **value);
        }
        assert_eq!(size_of::<State>(), 40);
    }

    #[test]
    fn compiled_conditions_agree_with_the_parsed_ones() {
        use crate::condition::Env;
        struct Names<'a>(&'a Program, &'a State);
        impl Env for Names<'_> {
            fn dial(&self, name: &str) -> Option<i32> {
                self.0.dial_index(name).map(|i| self.1.dial(i))
            }
            fn flag(&self, name: &str) -> bool {
                self.0.flag_index(name).is_some_and(|i| self.1.flag(i))
            }
        }
        let p = program(include_str!("../../../tests/fixtures/check-in.ron"));
        let dials: HashMap<&str, u8> = p
            .dial_names()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.as_str(), i as u8))
            .collect();
        let flags: HashMap<&str, u64> = p
            .flag_names()
            .iter()
            .enumerate()
            .map(|(i, f)| (f.as_str(), 1 << i))
            .collect();
        let texts = [
            "trust >= 45 && openness >= 25",
            "!greeted || trust > 60",
            "(greeted || explained_rules) && trust < 30",
            "trust == 40 || 50 <= openness",
            "nosuchflag || nosuchdial > -1",
        ];
        for text in texts {
            let c = Condition::parse(text).unwrap_or_else(|e| unreachable!("{e}"));
            let e = lower_condition(&c, &dials, &flags);
            for seed in 0..500u64 {
                let mut s = p.initial_state();
                let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
                for d in 0..p.dial_names().len() {
                    s.dials[d] = (x % 101) as u8;
                    x = x.rotate_left(7) ^ seed;
                }
                s.flags = x & ((1 << p.flag_names().len()) - 1);
                assert_eq!(e.holds(&s), c.eval(&Names(&p, &s)), "{text} in {s:?}");
            }
        }
    }
}
