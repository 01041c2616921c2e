//! Steps per second of random playthroughs: of a large synthetic scenario, and random
//! play of the shipped scenarios as `rapport play --random` runs it.
//!
//! `cargo bench -p rapport-core --bench engine`. The scenario has 1,000 nodes of three
//! or four choices each (some behind `requires` conditions, most with effects and skill
//! weights), a `next` beat every tenth node, a clock and 20 endings. Each iteration plays
//! 1,000 decisions, starting a new playthrough at every ending.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rapport_core::framework::Framework;
use rapport_core::model::{
    Choice, Ending, Kind, Mood, Node, Outcome, Person, Role, Scenario, Stage,
};
use rapport_core::random::RandomPlayer;
use rapport_core::runtime::{Program, Session};

const NODES: usize = 1_000;
const ENDINGS: usize = 20;
const STEPS: u64 = 1_000;

/// A small deterministic random number generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn synthetic(framework: &Framework) -> Scenario {
    let mut rng = Rng(0x5eed);
    let skills: Vec<String> = framework
        .skills
        .skills
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let node_id = |i: usize| format!("n{i}");
    let mut nodes = BTreeMap::new();
    for i in 0..NODES {
        let mut node = Node {
            stage: Stage::Deepening,
            mood: Mood::Neutral,
            narration: Some(format!("Beat {i}.")),
            says: Some(format!("Line {i}.")),
            variants: Vec::new(),
            choices: Vec::new(),
            next: None,
            branches: Vec::new(),
            place: Default::default(),
        };
        if i % 10 == 9 {
            node.next = Some(node_id((i + 1) % NODES).into());
        } else {
            node.variants.push(rapport_core::model::Variant {
                when: "trust >= 60 && openness > 40".into(),
                says: Some(format!("Open line {i}.")),
                narration: None,
                mood: Some(Mood::Open),
                place: Default::default(),
            });
            for c in 0..3 + rng.below(2) {
                let next = if rng.below(100) < 3 {
                    format!("e{}", rng.below(ENDINGS)).into()
                } else {
                    node_id(rng.below(NODES)).into()
                };
                let requires = match (c, rng.below(4)) {
                    (0, _) => None,
                    (_, 0) => Some("trust >= 30".into()),
                    (_, 1) => Some("!flag_a || openness < 50".into()),
                    _ => None,
                };
                let mut weights = BTreeMap::new();
                for _ in 0..1 + rng.below(3) {
                    let w = rng.below(7) as i32 - 3;
                    weights.insert(skills[rng.below(skills.len())].clone().into(), w.into());
                }
                let mut effects = BTreeMap::new();
                effects.insert("trust".into(), rng.below(21) as i32 - 10);
                effects.insert("openness".into(), rng.below(11) as i32 - 5);
                node.choices.push(Choice {
                    id: format!("n{i}-c{c}").into(),
                    say: format!("Choice {c} at {i}."),
                    requires,
                    skills: weights,
                    effects,
                    set: if rng.below(5) == 0 {
                        vec!["flag_a".into()]
                    } else {
                        Vec::new()
                    },
                    clear: if rng.below(7) == 0 {
                        vec!["flag_a".into()]
                    } else {
                        Vec::new()
                    },
                    minutes: rng.below(3) as u32,
                    feedback: "Feedback.".into(),
                    evidence: vec!["nahouli-2023".into()],
                    perspective: None,
                    pitfalls: Vec::new(),
                    next,
                    branches: Vec::new(),
                    place: Default::default(),
                });
            }
        }
        nodes.insert(node_id(i).into(), node);
    }
    let endings = (0..ENDINGS)
        .map(|e| {
            (
                format!("e{e}").into(),
                Ending {
                    title: format!("Ending {e}"),
                    outcome: [Outcome::Positive, Outcome::Mixed, Outcome::Negative][e % 3],
                    narration: Some("Done.".into()),
                    variants: Vec::new(),
                    place: Default::default(),
                },
            )
        })
        .collect();
    Scenario {
        id: "synthetic".into(),
        title: "Synthetic".into(),
        kind: Kind::Other,
        summary: "A large generated scenario.".into(),
        setting: "Nowhere.".into(),
        role: Role::Po,
        minutes: Some(60),
        person: Person {
            name: "Sam".into(),
            pronouns: None,
            age: None,
            background: "Generated.".into(),
            file_notes: Vec::new(),
            place: Default::default(),
        },
        objectives: Vec::new(),
        dials: BTreeMap::from([("trust".into(), 40.into()), ("openness".into(), 30.into())]),
        flags: vec!["flag_a".into()],
        sources: vec!["nahouli-2023".into()],
        credits: Vec::new(),
        start: node_id(0).into(),
        nodes,
        endings,
        time_up: Some("e0".into()),
        reflection: Vec::new(),
        place: Default::default(),
    }
}

/// Plays `STEPS` decisions through `Session` (lines, trajectory), restarting at endings
/// with the program compiled once, as the app and `rapport play` do.
fn play_session(program: &Arc<Program>, rng: &mut Rng) -> u64 {
    let mut session = Session::start(Arc::clone(program)).expect("starts");
    for _ in 0..STEPS {
        if session.is_over() {
            session = Session::start(Arc::clone(program)).expect("starts");
        }
        let on_offer = session.on_offer();
        let pick = &on_offer[rng.below(on_offer.len())];
        session.choose(pick).expect("on offer");
    }
    session.trajectory().len() as u64
}

/// Plays `STEPS` decisions with the compiled program's `offered`/`apply`, as random play
/// and the analyser do.
fn play_pure(program: &Program, rng: &mut Rng) -> u64 {
    let start = program.start().expect("starts");
    let mut state = start;
    let mut on_offer = Vec::with_capacity(8);
    for _ in 0..STEPS {
        if program.is_ending(state.place) {
            state = start;
        }
        on_offer.clear();
        on_offer.extend(program.offered(&state));
        let choice = on_offer[rng.below(on_offer.len())];
        state = program.apply(&state, choice).expect("applies");
    }
    state.minutes.into()
}

fn bench(c: &mut Criterion) {
    let framework = Framework::builtin();
    let scenario = Arc::new(synthetic(&framework));
    let mut group = c.benchmark_group("random playthroughs");
    group.throughput(Throughput::Elements(STEPS));
    let program = Arc::new(Program::compile(Arc::clone(&scenario)).expect("compiles"));
    group.bench_function("session steps", |b| {
        let mut rng = Rng(42);
        b.iter(|| black_box(play_session(&program, &mut rng)));
    });
    group.bench_function("apply steps", |b| {
        let mut rng = Rng(42);
        b.iter(|| black_box(play_pure(&program, &mut rng)));
    });
    group.bench_function("session steps + score", |b| {
        let mut rng = Rng(42);
        b.iter(|| {
            let mut session = Session::start(Arc::clone(&program)).expect("starts");
            let mut scored = 0u64;
            for _ in 0..STEPS {
                if session.is_over() {
                    scored +=
                        rapport_core::scoring::score(&scenario, session.trajectory(), &framework)
                            .skills
                            .len() as u64;
                    session = Session::start(Arc::clone(&program)).expect("starts");
                }
                let on_offer = session.on_offer();
                session
                    .choose(&on_offer[rng.below(on_offer.len())])
                    .expect("on offer");
            }
            black_box(scored)
        });
    });
    group.finish();

    // Random play as `rapport play FILE --random N` runs it, on the shipped scenarios.
    let mut group = c.benchmark_group("random play");
    for name in ["first-meeting", "warning"] {
        let path = format!("{}/../../scenarios/{name}.ron", env!("CARGO_MANIFEST_DIR"));
        let report = rapport_core::check::check_file(std::path::Path::new(&path), &framework);
        let scenario = report.scenario.expect("shipped scenario loads");
        let program = Program::compile(scenario).expect("compiles");
        let player = RandomPlayer::new(&program, &framework);
        const ROUTES: usize = 200;
        let decisions = player.playthroughs(ROUTES, 7).total_decisions;
        group.throughput(Throughput::Elements(decisions));
        group.bench_function(name, |b| {
            b.iter(|| black_box(player.playthroughs(ROUTES, 7).total_decisions));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
