//! Seeded random playthroughs: `rapport play FILE --random N --seed S`.
//!
//! Route 0 is played with seed `S` itself and each later route with the next seed of a
//! splitmix64 sequence, so any route can be replayed alone with `--random 1 --seed <its
//! seed>`. Choices are drawn uniformly from those on offer by the compiled program's own
//! [`Program::offered`] and [`Program::apply`], so random play follows exactly the rules of
//! real play; composites are tallied as they go, as [`crate::scoring`] would over the
//! trajectory.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::compile::{ChoiceIx, Program};
use crate::framework::{Framework, Group};
use crate::model::Outcome;
use crate::scoring::{Tally, group_value};

/// Most decisions one random route may take before it is reported as not ending.
pub const MAX_DECISIONS: usize = 10_000;

/// How many routes random play plays between asking whether to go on (progress, Ctrl-C).
pub const PROGRESS_EVERY: usize = 4096;

/// The project's one small deterministic random generator (splitmix64): random play, the
/// synthetic scenarios and the tests all draw from it, so a seed means the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next number of the sequence.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0), without the bias of a remainder.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

/// The seed of route `k` of a run seeded with `seed` (route 0's is `seed` itself).
pub fn route_seed(seed: u64, k: usize) -> u64 {
    let mut seeds = Rng::new(seed);
    let mut current = seed;
    for _ in 0..k {
        current = seeds.next_u64();
    }
    current
}

/// One random route.
#[derive(Debug, Clone, Serialize)]
pub struct RandomRoute {
    /// Its seed: `--random 1 --seed <seed>` plays it again.
    pub seed: u64,
    /// The choices made.
    pub choices: Vec<String>,
    /// The ending reached, if play ended.
    pub ending: Option<String>,
    /// Its outcome.
    pub outcome: Option<Outcome>,
    /// Relationship composite.
    pub relationship: Option<f64>,
    /// Structuring composite.
    pub structuring: Option<f64>,
    /// Minutes used.
    pub minutes: u32,
    /// What went wrong, if play could not finish.
    pub error: Option<String>,
}

/// A compiled scenario ready for random play: each choice's value for the two groups and
/// each ending's outcome, worked out once.
#[derive(Debug)]
pub struct RandomPlayer<'a> {
    program: &'a Program,
    values: Vec<[i32; 2]>,
    outcomes: Vec<Outcome>,
}

/// What one route did, before any name is looked up.
#[derive(Debug, Clone, Default)]
struct Walk {
    choices: Vec<ChoiceIx>,
    ending: Option<usize>,
    tallies: [Tally; 2],
    minutes: u32,
    error: Option<String>,
}

impl<'a> RandomPlayer<'a> {
    /// Prepares a compiled scenario for random play, with the framework's skill groups.
    pub fn new(program: &'a Program, framework: &Framework) -> RandomPlayer<'a> {
        let values = (0..program.choices().len() as ChoiceIx)
            .map(|ix| {
                let choice = program.choice_source(ix);
                Group::ALL.map(|g| choice.map_or(0, |c| group_value(c, g, framework)))
            })
            .collect();
        let outcomes = program
            .endings()
            .iter()
            .map(|e| {
                program
                    .scenario()
                    .endings
                    .get(e.id.as_str())
                    .map_or(Outcome::Mixed, |e| e.outcome)
            })
            .collect();
        RandomPlayer {
            program,
            values,
            outcomes,
        }
    }

    /// Plays one route from a seed, reusing `walk`'s buffers.
    fn walk(&self, seed: u64, walk: &mut Walk) {
        let program = self.program;
        let mut rng = Rng::new(seed);
        walk.choices.clear();
        walk.ending = None;
        walk.tallies = [Tally::default(); 2];
        walk.error = None;
        let mut state = match program.start() {
            Ok(state) => state,
            Err((state, e)) => {
                walk.minutes = state.minutes;
                walk.error = Some(e.to_string());
                return;
            }
        };
        let mut offered: Vec<ChoiceIx> = Vec::with_capacity(8);
        loop {
            if let Some(ending) = (state.place.0 as usize).checked_sub(program.nodes().len())
                && ending < self.outcomes.len()
            {
                walk.ending = Some(ending);
                break;
            }
            offered.clear();
            offered.extend(program.offered(&state));
            if offered.is_empty() {
                walk.error = Some(format!(
                    "play is stuck at node `{}`: no choice is on offer",
                    program.place_id(state.place)
                ));
                break;
            }
            if walk.choices.len() >= MAX_DECISIONS {
                walk.error = Some(format!(
                    "play did not end after {MAX_DECISIONS} decisions (now at `{}`): a loop?",
                    program.place_id(state.place)
                ));
                break;
            }
            let pick = offered[rng.below(offered.len() as u64) as usize];
            walk.choices.push(pick);
            for (g, tally) in walk.tallies.iter_mut().enumerate() {
                tally.add(
                    offered.iter().map(|ix| self.values[*ix as usize][g]),
                    self.values[pick as usize][g],
                );
            }
            match program.apply(&state, pick) {
                Ok(next) => state = next,
                Err((_, e)) => {
                    walk.error = Some(e.to_string());
                    break;
                }
            }
        }
        walk.minutes = state.minutes;
    }

    /// Plays one route with a seed.
    pub fn route(&self, seed: u64) -> RandomRoute {
        let mut walk = Walk::default();
        self.walk(seed, &mut walk);
        self.named(seed, &walk)
    }

    fn named(&self, seed: u64, walk: &Walk) -> RandomRoute {
        let program = self.program;
        RandomRoute {
            seed,
            choices: walk
                .choices
                .iter()
                .map(|ix| program.choice(*ix).id.clone())
                .collect(),
            ending: walk.ending.map(|e| program.endings()[e].id.clone()),
            outcome: walk.ending.map(|e| self.outcomes[e]),
            relationship: walk.tallies[0].value(),
            structuring: walk.tallies[1].value(),
            minutes: walk.minutes,
            error: walk.error.clone(),
        }
    }

    /// Plays `n` random routes from `seed`.
    pub fn playthroughs(&self, n: usize, seed: u64) -> RandomSummary {
        self.playthroughs_until(n, seed, |_| true)
    }

    /// Like [`RandomPlayer::playthroughs`], asking `keep_going` with the routes played so far
    /// every [`PROGRESS_EVERY`] routes; when it says no, the summary covers the routes played
    /// (its `routes` says how many).
    pub fn playthroughs_until(
        &self,
        n: usize,
        seed: u64,
        mut keep_going: impl FnMut(usize) -> bool,
    ) -> RandomSummary {
        let program = self.program;
        let mut summary = RandomSummary {
            scenario: program.scenario().id.to_string(),
            seed,
            routes: n,
            endings: BTreeMap::new(),
            relationship: Spread::default(),
            structuring: Spread::default(),
            decisions: (usize::MAX, 0),
            total_decisions: 0,
            failures: Vec::new(),
        };
        let mut ended = vec![0usize; self.outcomes.len()];
        let mut seeds = Rng::new(seed);
        let mut route_seed = seed;
        let mut walk = Walk::default();
        for k in 0..n {
            if k % PROGRESS_EVERY == 0 && k > 0 && !keep_going(k) {
                summary.routes = k;
                break;
            }
            if k > 0 {
                route_seed = seeds.next_u64();
            }
            self.walk(route_seed, &mut walk);
            let decisions = walk.choices.len();
            summary.total_decisions += decisions as u64;
            summary.decisions.0 = summary.decisions.0.min(decisions);
            summary.decisions.1 = summary.decisions.1.max(decisions);
            if let Some(ending) = walk.ending {
                ended[ending] += 1;
                summary.relationship.add(walk.tallies[0].value());
                summary.structuring.add(walk.tallies[1].value());
            }
            if walk.error.is_some() {
                summary.failures.push(self.named(route_seed, &walk));
            }
        }
        for (e, count) in ended.iter().enumerate() {
            if *count > 0 {
                summary
                    .endings
                    .insert(program.endings()[e].id.clone(), (self.outcomes[e], *count));
            }
        }
        if n == 0 {
            summary.decisions = (0, 0);
        }
        summary
    }
}

/// Plays `n` random routes from `seed` through a compiled scenario.
pub fn random_playthroughs(
    program: &Program,
    framework: &Framework,
    n: usize,
    seed: u64,
) -> RandomSummary {
    RandomPlayer::new(program, framework).playthroughs(n, seed)
}

/// How a composite was spread over the routes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Spread {
    /// Routes with a score.
    pub scored: usize,
    /// Routes where the group was not scored.
    pub not_scored: usize,
    /// Lowest score.
    pub min: Option<f64>,
    /// Highest score.
    pub max: Option<f64>,
    /// Mean score.
    pub mean: Option<f64>,
    /// Routes per tenth: 0 to 10, 10 to 20, ..., 90 to 100 (100 counts in the last).
    pub tenths: [usize; 10],
}

impl Spread {
    fn add(&mut self, score: Option<f64>) {
        let Some(s) = score else {
            self.not_scored += 1;
            return;
        };
        let n = self.scored as f64;
        self.mean = Some((self.mean.unwrap_or(0.0) * n + s) / (n + 1.0));
        self.scored += 1;
        self.min = Some(self.min.map_or(s, |m| m.min(s)));
        self.max = Some(self.max.map_or(s, |m| m.max(s)));
        let bucket = ((s / 10.0).floor().max(0.0) as usize).min(9);
        self.tenths[bucket] += 1;
    }
}

/// What N random routes found.
#[derive(Debug, Clone, Serialize)]
pub struct RandomSummary {
    /// The scenario id.
    pub scenario: String,
    /// The run's seed.
    pub seed: u64,
    /// Routes played.
    pub routes: usize,
    /// Ending id to (outcome, routes that reached it).
    pub endings: BTreeMap<String, (Outcome, usize)>,
    /// Relationship composites.
    pub relationship: Spread,
    /// Structuring composites.
    pub structuring: Spread,
    /// Fewest and most decisions on a route.
    pub decisions: (usize, usize),
    /// Decisions made on all routes together.
    pub total_decisions: u64,
    /// Routes that could not finish, each with its seed.
    pub failures: Vec<RandomRoute>,
}

impl RandomSummary {
    /// Whether every route reached an ending.
    pub fn all_ended(&self) -> bool {
        self.failures.is_empty()
    }
}

fn spread_line(f: &mut fmt::Formatter<'_>, label: &str, s: &Spread) -> fmt::Result {
    match (s.min, s.mean, s.max) {
        (Some(min), Some(mean), Some(max)) => {
            writeln!(
                f,
                "  {label:<13} min {min:.1}, mean {mean:.1}, max {max:.1}"
            )?;
            let peak = s.tenths.iter().copied().max().unwrap_or(0).max(1);
            for (i, count) in s.tenths.iter().enumerate() {
                let bar = "#".repeat((count * 40).div_ceil(peak));
                writeln!(f, "    {:>3}-{:<3} {count:>7} {bar}", i * 10, i * 10 + 10)?;
            }
            if s.not_scored > 0 {
                writeln!(f, "    not scored on {} route(s)", s.not_scored)?;
            }
            Ok(())
        }
        _ => writeln!(f, "  {label:<13} not scored"),
    }
}

impl fmt::Display for RandomSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} random route(s) through `{}` (seed {})",
            self.routes, self.scenario, self.seed
        )?;
        writeln!(f, "Endings reached")?;
        for (ending, (outcome, count)) in &self.endings {
            let share = 100.0 * *count as f64 / self.routes.max(1) as f64;
            writeln!(
                f,
                "  {ending:<28} {:<9} {count:>7} ({share:.1}%)",
                outcome.label()
            )?;
        }
        writeln!(
            f,
            "Decisions per route: {} to {}",
            self.decisions.0, self.decisions.1
        )?;
        writeln!(f, "Scores")?;
        spread_line(f, "relationship", &self.relationship)?;
        spread_line(f, "structuring", &self.structuring)?;
        if self.failures.is_empty() {
            writeln!(f, "Runtime errors: none")?;
        } else {
            writeln!(
                f,
                "Runtime errors: {} route(s) could not finish",
                self.failures.len()
            )?;
            for r in self.failures.iter().take(20) {
                writeln!(
                    f,
                    "  seed {}: {} (replay: --random 1 --seed {}; choices: {})",
                    r.seed,
                    r.error.as_deref().unwrap_or("?"),
                    r.seed,
                    r.choices.join(",")
                )?;
            }
            if self.failures.len() > 20 {
                writeln!(f, "  ... and {} more", self.failures.len() - 20)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_seeds_replay() {
        let mut seeds = Rng::new(42);
        let second = seeds.next_u64();
        let third = seeds.next_u64();
        assert_eq!(route_seed(42, 0), 42);
        assert_eq!(route_seed(42, 1), second);
        assert_eq!(route_seed(42, 2), third);
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Rng::new(7);
        for n in 1..50 {
            assert!(rng.below(n) < n);
        }
        assert_eq!(rng.below(0), 0);
    }

    #[test]
    fn random_routes_are_scored_as_the_scorer_scores_their_trajectory() {
        use std::sync::Arc;
        let text = include_str!("../../../tests/fixtures/check-in.ron");
        let framework = Framework::builtin();
        let report = crate::check::check_source("check-in.ron", text.as_bytes(), &framework);
        let scenario = report.scenario.unwrap_or_else(|| unreachable!());
        let program = Arc::new(
            Program::compile(Arc::clone(&scenario)).unwrap_or_else(|e| unreachable!("{e}")),
        );
        let player = RandomPlayer::new(&program, &framework);
        for seed in 0..40 {
            let route = player.route(seed);
            let session = crate::runtime::Session::replay(Arc::clone(&program), &route.choices)
                .unwrap_or_else(|e| unreachable!("{e}"));
            let scores = crate::scoring::score(&scenario, session.trajectory(), &framework);
            assert_eq!(route.ending.as_deref(), session.ending());
            assert_eq!(route.relationship, scores.relationship);
            assert_eq!(route.structuring, scores.structuring);
            assert_eq!(route.minutes, session.minutes());
        }
    }
}
