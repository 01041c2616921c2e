//! Large synthetic scenarios, for benchmarks and tests of the analyser and the engine.
//!
//! [`synthetic`] builds a valid scenario of any size, deterministically from a seed: a
//! conversation that branches like an authored one (each decision leads to two new beats)
//! with some routes merging again (a third option leads to a beat another decision also
//! leads to), three dials (`trust`, `openness`, `stress`), two flags, an appointment length
//! with `time_up`, `requires` conditions on a share of the skilled options, variants, and
//! three endings plus the time-out. Every decision offers three options: a skilled one, a
//! well-meant but flawed one and a poor one (never conditional, so no decision can empty).

use std::collections::BTreeMap;

use crate::model::{
    Choice, Credit, Ending, Expression, Kind, Mood, Node, Outcome, Person, Place, Role, Scenario,
    Spanned, Stage, Variant,
};

/// How a synthetic scenario is built.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Number of nodes (decisions), at least 1.
    pub nodes: usize,
    /// Seed of the generator: the same shape and seed give the same scenario.
    pub seed: u64,
    /// Out of 100: how often the third option leads to a random beat of the next layer
    /// (merging routes) rather than back into the node's own branch.
    pub merge_percent: u64,
    /// Out of 100: how often the skilled option has a `requires` condition.
    pub conditional_percent: u64,
}

impl Shape {
    /// The default shape with `nodes` nodes.
    pub fn new(nodes: usize, seed: u64) -> Shape {
        Shape {
            nodes,
            seed,
            merge_percent: 30,
            conditional_percent: 30,
        }
    }
}

/// The project's one generator, with the one extra draw the builder needs.
struct Rng(crate::random::Rng);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0.below(n.max(1))
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

/// The sizes of the layers: 1, 2, 4, ... until `nodes` are placed.
fn layers(nodes: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut left = nodes.max(1);
    let mut width = 1usize;
    while left > 0 {
        let size = width.min(left);
        sizes.push(size);
        left -= size;
        width *= 2;
    }
    sizes
}

fn node_id(layer: usize, index: usize) -> String {
    format!("d{layer}-{index}")
}

/// A synthetic scenario with the default shape.
pub fn synthetic(nodes: usize, seed: u64) -> Scenario {
    synthetic_shaped(Shape::new(nodes, seed))
}

/// A synthetic scenario of the given shape.
pub fn synthetic_shaped(shape: Shape) -> Scenario {
    let mut rng = Rng(crate::random::Rng::new(shape.seed));
    let sizes = layers(shape.nodes);
    let depth = sizes.len();
    let mut nodes = BTreeMap::new();
    for (layer, &size) in sizes.iter().enumerate() {
        let stage = match layer * 3 / depth.max(1) {
            0 => Stage::FirstContact,
            1 => Stage::Deepening,
            _ => Stage::Maintaining,
        };
        let next_size = sizes.get(layer + 1).copied();
        for i in 0..size {
            let target = |k: usize| -> Spanned<String> {
                match next_size {
                    Some(n) => node_id(layer + 1, k % n).into(),
                    None => Spanned::default(),
                }
            };
            let (skilled_next, flawed_next, poor_next) = match next_size {
                Some(n) => {
                    let third = if rng.percent(shape.merge_percent) {
                        rng.below(n as u64) as usize
                    } else {
                        2 * i
                    };
                    (target(2 * i), target(2 * i + 1), target(third))
                }
                None => ("agreed".into(), "partial".into(), "walked-out".into()),
            };
            let id = |kind: &str| format!("{kind}-{layer}-{i}");
            let requires = if rng.percent(shape.conditional_percent) {
                Some(match rng.below(3) {
                    0 => "trust >= 40".to_string(),
                    1 => "trust >= 55 || heard".to_string(),
                    _ => "trust >= 30 && !pushed".to_string(),
                })
            } else {
                None
            };
            let mut choices = vec![
                Choice {
                    id: id("listen").into(),
                    say: "That sounds hard. Tell me more about what happened.".into(),
                    requires: requires.map(Expression::new),
                    skills: BTreeMap::from([
                        ("respectful".into(), 2.into()),
                        ("problem_solving".into(), 1.into()),
                    ]),
                    effects: BTreeMap::from([
                        ("trust".into(), 10),
                        ("openness".into(), 5),
                        ("stress".into(), -5),
                    ]),
                    set: if layer % 4 == 1 { vec!["heard".into()] } else { Vec::new() },
                    clear: if layer % 4 == 1 { vec!["pushed".into()] } else { Vec::new() },
                    minutes: 3,
                    feedback: "Respectful listening and solving the problem together keep the person talking.".into(),
                    evidence: vec!["nahouli-2023".into()],
                    perspective: Some("They actually listened.".into()),
                    pitfalls: Vec::new(),
                    next: skilled_next,
                    branches: Vec::new(),
                    place: Place::default(),
                },
                Choice {
                    id: id("rescue").into(),
                    say: "Don't worry, I'll sort it all out for you.".into(),
                    requires: None,
                    skills: BTreeMap::from([("caring".into(), 1.into()), ("autonomy".into(), (-1).into())]),
                    effects: BTreeMap::from([("openness".into(), 5)]),
                    set: Vec::new(),
                    clear: Vec::new(),
                    minutes: 2,
                    feedback: "Caring, but taking over leaves the person out of their own plan (autonomy).".into(),
                    evidence: vec!["hmip-2023-05".into()],
                    perspective: None,
                    pitfalls: Vec::new(),
                    next: flawed_next,
                    branches: Vec::new(),
                    place: Place::default(),
                },
                Choice {
                    id: id("rush").into(),
                    say: "We're short of time. Sign here and I'll see you next week.".into(),
                    requires: None,
                    skills: BTreeMap::from([
                        ("respectful".into(), (-2).into()),
                        ("effective_use_of_authority".into(), 1.into()),
                    ]),
                    effects: BTreeMap::from([("trust".into(), -10), ("stress".into(), 10)]),
                    set: if layer % 3 == 2 { vec!["pushed".into()] } else { Vec::new() },
                    clear: Vec::new(),
                    minutes: 1,
                    feedback: "Rushing is not respectful: the appointment settles nothing.".into(),
                    evidence: vec!["hmip-2023-05".into()],
                    perspective: Some("In and out. Why did I bother coming?".into()),
                    pitfalls: Vec::new(),
                    next: poor_next,
                    branches: Vec::new(),
                    place: Place::default(),
                },
            ];
            // Vary the order, as authors should.
            let turn = rng.below(3) as usize;
            choices.rotate_left(turn);
            nodes.insert(
                node_id(layer, i).into(),
                Node {
                    stage,
                    mood: Mood::Guarded,
                    narration: None,
                    says: Some(format!("Beat {i} of layer {layer}: something on my mind.")),
                    variants: vec![
                        Variant {
                            when: "openness >= 50".into(),
                            says: Some("I can tell you this, I think.".into()),
                            narration: None,
                            mood: Some(Mood::Open),
                            place: Place::default(),
                        },
                        Variant {
                            when: "stress >= 80".into(),
                            says: None,
                            narration: Some("They look close to walking out.".into()),
                            mood: Some(Mood::Distressed),
                            place: Place::default(),
                        },
                    ],
                    choices,
                    next: None,
                    branches: Vec::new(),
                    place: Place::default(),
                },
            );
        }
    }
    let ending = |title: &str, outcome| Ending {
        title: title.into(),
        outcome,
        narration: Some("The appointment ends.".into()),
        variants: Vec::new(),
        place: Place::default(),
    };
    Scenario {
        id: format!("synthetic-{}", shape.nodes).into(),
        title: format!("Synthetic scenario of {} nodes", shape.nodes),
        kind: Kind::Other,
        summary: "A generated scenario for benchmarks.".into(),
        setting: "Nowhere in particular.".into(),
        role: Role::Po,
        minutes: Some(u32::try_from(depth * 5 / 2).unwrap_or(u32::MAX).max(3)),
        person: Person {
            name: "Sam".into(),
            pronouns: Some("they/them".into()),
            age: Some(30),
            background: "Generated.".into(),
            file_notes: Vec::new(),
            place: Place::default(),
        },
        objectives: vec!["Reach an agreement.".into()],
        dials: BTreeMap::from([
            ("trust".into(), 40.into()),
            ("openness".into(), 30.into()),
            ("stress".into(), 50.into()),
        ]),
        flags: vec!["heard".into(), "pushed".into()],
        sources: vec!["nahouli-2023".into(), "hmip-2023-05".into()],
        credits: vec![Credit {
            name: "Rapport project".into(),
            contribution: "Generator".into(),
            place: Place::default(),
        }],
        start: node_id(0, 0).into(),
        nodes,
        endings: BTreeMap::from([
            ("agreed".into(), ending("Agreed", Outcome::Positive)),
            ("partial".into(), ending("Partly agreed", Outcome::Mixed)),
            ("walked-out".into(), ending("Walked out", Outcome::Negative)),
            ("out-of-time".into(), ending("Out of time", Outcome::Mixed)),
        ]),
        time_up: Some("out-of-time".into()),
        reflection: vec!["What changed the conversation?".into()],
        place: Place::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_add_up() {
        for n in [1, 2, 3, 10, 1000, 10_000] {
            assert_eq!(layers(n).iter().sum::<usize>(), n);
            assert_eq!(synthetic(n, 1).nodes.len(), n);
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(synthetic(300, 9), synthetic(300, 9));
    }
}
