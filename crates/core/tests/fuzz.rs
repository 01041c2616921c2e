//! Property test: mutations of valid scenarios never make the loader or validator panic,
//! and whatever loads without errors is a complete scenario.
//!
//! CI runs the default number of cases; run longer with
//! `PROPTEST_CASES=20000 cargo test --no-default-features --test fuzz --release`.

use proptest::prelude::*;
use rapport_core::check::check_source;
use rapport_core::framework::Framework;

const SEEDS: [&str; 2] = [
    include_str!("../../../tests/fixtures/check-in.ron"),
    include_str!("../../../tests/fixtures/mini.ron"),
];

/// Pieces of RON likely to produce interesting near-misses.
const TOKENS: [&str; 24] = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "\\",
    "//",
    "/*",
    "*/",
    "#",
    "Some(",
    "r#\"",
    "-99999999999",
    "1e400",
    "next: \"arrive\"",
    "choices: []",
    "&&",
    "!",
    "é",
    "\u{0}",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete {
        at: usize,
        len: usize,
    },
    Insert {
        at: usize,
        token: usize,
    },
    Duplicate {
        at: usize,
        len: usize,
    },
    Swap {
        a: usize,
        b: usize,
        len: usize,
    },
    Byte {
        at: usize,
        byte: u8,
    },
    /// Replace one text with another from the same file: ids become wrong targets, skills
    /// land in flags, conditions land in `say`. Gets past the syntax check to the validator.
    ReplaceText {
        from: usize,
        to: usize,
    },
    /// Replace a number with an extreme one.
    Number {
        at: usize,
        value: i64,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (any::<usize>(), any::<usize>(), 1usize..30).prop_map(|(a, b, len)| Mutation::Swap {
            a,
            b,
            len
        }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Byte { at, byte }),
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Mutation::ReplaceText { from, to }),
        (
            any::<usize>(),
            prop_oneof![
                Just(-1i64),
                Just(0),
                Just(101),
                Just(4),
                Just(-4),
                Just(i64::MAX),
                any::<i64>()
            ]
        )
            .prop_map(|(at, value)| Mutation::Number { at, value }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len().max(1);
    match *m {
        Mutation::Delete { at, len } => {
            let at = at % n;
            let end = (at + len).min(bytes.len());
            if at < end {
                bytes.drain(at..end);
            }
        }
        Mutation::Insert { at, token } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, TOKENS[token].bytes());
        }
        Mutation::Duplicate { at, len } => {
            let at = at % n;
            let end = (at + len).min(bytes.len());
            let piece: Vec<u8> = bytes.get(at..end).unwrap_or_default().to_vec();
            bytes.splice(end..end, piece);
        }
        Mutation::Swap { a, b, len } => {
            let a = a % n;
            let b = b % n;
            for i in 0..len {
                if a + i < bytes.len() && b + i < bytes.len() {
                    bytes.swap(a + i, b + i);
                }
            }
        }
        Mutation::ReplaceText { from, to } => {
            let texts = spans_of(bytes, |b| b == b'"');
            if texts.len() >= 2 {
                let (a0, a1) = texts[from % texts.len()];
                let (b0, b1) = texts[to % texts.len()];
                let replacement = bytes[b0..b1].to_vec();
                bytes.splice(a0..a1, replacement);
            }
        }
        Mutation::Number { at, value } => {
            let numbers = spans_of(bytes, |b| b.is_ascii_digit());
            if !numbers.is_empty() {
                let (a, b) = numbers[at % numbers.len()];
                bytes.splice(a..b, value.to_string().into_bytes());
            }
        }
        Mutation::Byte { at, byte } => {
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
        }
    }
}

/// Byte ranges of quoted texts (`is_quote`) or runs of digits, found naively.
fn spans_of(bytes: &[u8], is_start: impl Fn(u8) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_start(bytes[i]) {
            let start = i;
            if bytes[i] == b'"' {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
            } else {
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

/// Plays the first offered choice until an ending or an error, at most 200 steps.
fn play_first_choices(program: std::sync::Arc<rapport_core::compile::Program>) {
    let Ok(mut session) = rapport_core::runtime::Session::start(program) else {
        return;
    };
    for _ in 0..200 {
        let next = match session.beat() {
            rapport_core::runtime::Beat::Decision { choices, .. } => {
                choices.first().map(|c| c.id.clone())
            }
            _ => None,
        };
        match next {
            Some(id) => {
                if session.choose(&id).is_err() {
                    return;
                }
            }
            None => return,
        }
    }
}

proptest! {
    // `ProptestConfig::default()` reads `PROPTEST_CASES` (256 when unset).
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_never_panic(seed in 0..SEEDS.len(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let framework = Framework::builtin();
        let mut bytes = SEEDS[seed].as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let report = check_source("fuzz.ron", &bytes, &framework);
        if report.errors() == 0 {
            // A scenario the checker accepts compiles, and can be started and played without
            // a panic.
            prop_assert!(report.scenario.is_some() && report.program.is_some());
            if let Some(program) = report.program {
                play_first_choices(program);
            }
        }
        for d in &report.diagnostics {
            // Every located problem's line exists and rendering works.
            let _ = d.render(false);
            prop_assert!(!d.message.is_empty());
        }
    }
}
