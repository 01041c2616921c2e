//! Seeded random playthroughs: `rapport play FILE --random N --seed S`.
//!
//! Route 0 is played with seed `S` itself and each later route with the next seed of a
//! splitmix64 sequence, so any route can be replayed alone with `--random 1 --seed <its
//! seed>`. Choices are drawn uniformly from those on offer, through the runtime's own
//! [`Session`], so random play follows exactly the rules of real play.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::framework::Framework;
use crate::model::{Outcome, Scenario};
use crate::runtime::{Beat, Session};
use crate::scoring;

/// Most decisions one random route may take before it is reported as not ending.
pub const MAX_DECISIONS: usize = 10_000;

/// One step of the splitmix64 sequence.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of route `k` of a run seeded with `seed` (route 0's is `seed` itself).
pub fn route_seed(seed: u64, k: usize) -> u64 {
    let mut state = seed;
    let mut current = seed;
    for _ in 0..k {
        current = splitmix64(&mut state);
    }
    current
}

/// A tiny deterministic generator for one route.
struct Rng(u64);

impl Rng {
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        let x = splitmix64(&mut self.0);
        ((u128::from(x) * n as u128) >> 64) as usize
    }
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

/// Plays one route with a seed.
pub fn random_route(scenario: &Arc<Scenario>, framework: &Framework, seed: u64) -> RandomRoute {
    let mut rng = Rng(seed);
    let mut route = RandomRoute {
        seed,
        choices: Vec::new(),
        ending: None,
        outcome: None,
        relationship: None,
        structuring: None,
        minutes: 0,
        error: None,
    };
    let mut session = match Session::new(Arc::clone(scenario)) {
        Ok(session) => session,
        Err(e) => {
            route.error = Some(e.to_string());
            return route;
        }
    };
    loop {
        let pick = match session.beat() {
            Beat::Ended {
                ending, outcome, ..
            } => {
                route.ending = Some(ending.to_string());
                route.outcome = Some(outcome);
                break;
            }
            Beat::Decision { node, choices, .. } => {
                if choices.is_empty() {
                    route.error = Some(format!(
                        "play is stuck at node `{node}`: no choice is on offer"
                    ));
                    break;
                }
                if route.choices.len() >= MAX_DECISIONS {
                    route.error = Some(format!(
                        "play did not end after {MAX_DECISIONS} decisions (now at `{node}`): a loop?"
                    ));
                    break;
                }
                choices[rng.below(choices.len())].id.clone()
            }
        };
        route.choices.push(pick.clone());
        if let Err(e) = session.choose(&pick) {
            route.error = Some(e.to_string());
            break;
        }
    }
    let scores = scoring::score(scenario, session.trajectory(), framework);
    route.relationship = scores.relationship;
    route.structuring = scores.structuring;
    route.minutes = session.state().minutes;
    route
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
    /// Routes that could not finish, each with its seed.
    pub failures: Vec<RandomRoute>,
}

impl RandomSummary {
    /// Whether every route reached an ending.
    pub fn all_ended(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Plays `n` random routes from `seed`.
pub fn random_playthroughs(
    scenario: &Scenario,
    framework: &Framework,
    n: usize,
    seed: u64,
) -> RandomSummary {
    let shared = Arc::new(scenario.clone());
    let mut summary = RandomSummary {
        scenario: scenario.id.clone(),
        seed,
        routes: n,
        endings: BTreeMap::new(),
        relationship: Spread::default(),
        structuring: Spread::default(),
        decisions: (usize::MAX, 0),
        failures: Vec::new(),
    };
    let mut state = seed;
    let mut route_seed = seed;
    for k in 0..n {
        if k > 0 {
            route_seed = splitmix64(&mut state);
        }
        let route = random_route(&shared, framework, route_seed);
        summary.decisions.0 = summary.decisions.0.min(route.choices.len());
        summary.decisions.1 = summary.decisions.1.max(route.choices.len());
        if let (Some(ending), Some(outcome)) = (&route.ending, route.outcome) {
            summary
                .endings
                .entry(ending.clone())
                .or_insert((outcome, 0))
                .1 += 1;
            summary.relationship.add(route.relationship);
            summary.structuring.add(route.structuring);
        }
        if route.error.is_some() {
            summary.failures.push(route);
        }
    }
    if n == 0 {
        summary.decisions = (0, 0);
    }
    summary
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
        let mut state = 42;
        let second = splitmix64(&mut state);
        let third = splitmix64(&mut state);
        assert_eq!(route_seed(42, 0), 42);
        assert_eq!(route_seed(42, 1), second);
        assert_eq!(route_seed(42, 2), third);
    }

    #[test]
    fn below_stays_in_range() {
        let mut rng = Rng(7);
        for n in 1..50 {
            assert!(rng.below(n) < n);
        }
    }
}
