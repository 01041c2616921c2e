//! Playthroughs: "this scenario, these choices, this ending, these ratings, these scores",
//! written as data so a trainer can pin down how their scenario must behave.
//!
//! A playthrough is a RON file (by convention in `tests/playthroughs/`):
//!
//! ```text
//! Playthrough(
//!     scenario: "../../scenarios/first-meeting.ron",   // relative to this file
//!     description: "Best route: ...",
//!     choices: ["greet-first", "solve-together", "confirm-and-explain"],
//!     ending: "agreed",
//!     title: "A time that works",                       // optional: the title shown, so
//!                                                       // a variant's title can be pinned
//!     outcome: Positive,                                // optional
//!     ratings: { "respectful": Satisfactory },          // optional, any subset of skills
//!     relationship: (70, 100),                          // optional inclusive range
//!     structuring: (40, 100),                           // optional
//!     dials: { "trust": (60, 100) },                    // optional final dial ranges
//!     minutes_used: (10, 20),                           // optional
//!     shown: ["Honestly? Knackered."],                  // optional: words that must appear
//!     not_shown: ["Whatever."],                         // optional: words that must not
//! )
//! ```
//!
//! [`run_file`] plays it through the one loader and the runtime and lists every expectation
//! that does not hold (not just the first). Scores are compared as shown: rounded to one
//! decimal place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::debrief::Debrief;
use crate::framework::{Framework, Group};
use crate::model::Outcome;
use crate::runtime::Session;
use crate::scoring::Rating;

/// One playthrough fixture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Playthrough {
    /// The scenario file, relative to the playthrough file.
    pub scenario: String,
    /// What this route is and why it matters.
    #[serde(default)]
    pub description: String,
    /// The choice ids, in order.
    pub choices: Vec<String>,
    /// The ending that must be reached.
    pub ending: String,
    /// The ending's title as shown on this route: an ending variant's title when one holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Skill id to the rating it must get.
    #[serde(default)]
    pub ratings: BTreeMap<String, Rating>,
    /// Inclusive range of the relationship composite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<(f64, f64)>,
    /// Inclusive range of the structuring composite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structuring: Option<(f64, f64)>,
    /// Dial name to the inclusive range of its final value.
    #[serde(default)]
    pub dials: BTreeMap<String, (i32, i32)>,
    /// Inclusive range of the minutes used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_used: Option<(u32, u32)>,
    /// Words that must appear in what the trainee is shown (narration, the person's lines,
    /// the trainee's own lines, the ending), for example a variant's line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shown: Vec<String>,
    /// Words that must not appear in what the trainee is shown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_shown: Vec<String>,
}

/// What running a playthrough found.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The playthrough file.
    pub file: PathBuf,
    /// The scenario file it names.
    pub scenario: PathBuf,
    /// Every expectation that failed, as sentences (empty: it passed).
    pub failures: Vec<String>,
    /// The debrief, when the scenario could be played.
    pub debrief: Option<Debrief>,
}

impl Verdict {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Reads a playthrough file.
pub fn load(path: &Path) -> Result<Playthrough, String> {
    let bytes = crate::format::read_bounded(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = crate::format::decode_text(&path.display().to_string(), &bytes)
        .map_err(|d| format!("{}: {}", path.display(), d.message))?;
    crate::format::parse_ron(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a valid playthrough: {}",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })
}

/// Runs one playthrough file.
pub fn run_file(path: &Path) -> Verdict {
    match load(path) {
        Ok(playthrough) => run(path, &playthrough),
        Err(message) => Verdict {
            file: path.to_path_buf(),
            scenario: PathBuf::new(),
            failures: vec![message],
            debrief: None,
        },
    }
}

fn in_range<T: PartialOrd + Copy + std::fmt::Display>(value: T, (lo, hi): (T, T)) -> bool {
    lo <= value && value <= hi
}

/// Runs a playthrough read from `path` (which locates the scenario).
pub fn run(path: &Path, playthrough: &Playthrough) -> Verdict {
    let dir = path.parent().unwrap_or(Path::new("."));
    let scenario_path = dir.join(&playthrough.scenario);
    let mut verdict = Verdict {
        file: path.to_path_buf(),
        scenario: scenario_path.clone(),
        failures: Vec::new(),
        debrief: None,
    };
    let fail = |verdict: &mut Verdict, message: String| verdict.failures.push(message);

    let (framework, problems) = Framework::discover(&scenario_path);
    for p in problems.iter().filter(|d| d.is_error()) {
        fail(
            &mut verdict,
            format!("the skills framework has an error: {}", p.render(false)),
        );
    }
    let report = crate::check::check_file(&scenario_path, &framework);
    if report.errors() > 0 {
        let message = format!(
            "the scenario {} has {} error(s), so it cannot be played:\n{}",
            scenario_path.display(),
            report.errors(),
            report.render(false)
        );
        fail(&mut verdict, message);
        return verdict;
    }
    let Some(program) = report.program else {
        fail(
            &mut verdict,
            format!("the scenario {} could not be read", scenario_path.display()),
        );
        return verdict;
    };
    let scenario = Arc::clone(program.scenario());
    let session = match Session::replay(program, &playthrough.choices) {
        Ok(session) => session,
        Err(error) => {
            fail(&mut verdict, error.message.clone());
            return verdict;
        }
    };
    let Some(ending) = session.ending() else {
        fail(
            &mut verdict,
            format!(
                "the choices stop before an ending, at node `{}` (on offer there: {}); expected ending `{}`",
                session.state().node,
                session.on_offer().join(", "),
                playthrough.ending
            ),
        );
        return verdict;
    };
    if ending != playthrough.ending {
        let known = if scenario.endings.contains_key(&playthrough.ending) {
            String::new()
        } else {
            format!(
                " (and `{}` is not an ending of this scenario)",
                playthrough.ending
            )
        };
        fail(
            &mut verdict,
            format!(
                "reached ending `{ending}`, expected `{}`{known}",
                playthrough.ending
            ),
        );
    }
    if let (Some(expected), Some(shown)) = (&playthrough.title, session.shown_ending())
        && shown.title != expected
    {
        let which = match shown.variant {
            Some(i) => format!("variant {} of `{ending}`", i + 1),
            None => format!("`{ending}` with no variant holding"),
        };
        fail(
            &mut verdict,
            format!(
                "the ending is shown as \"{}\" ({which}), expected \"{expected}\"",
                shown.title
            ),
        );
    }
    let debrief = Debrief::new(&session, &framework);
    if let (Some(expected), Some(actual)) = (playthrough.outcome, debrief.outcome)
        && expected != actual
    {
        fail(
            &mut verdict,
            format!(
                "outcome is {}, expected {}",
                actual.label(),
                expected.label()
            ),
        );
    }
    for (skill, expected) in &playthrough.ratings {
        match debrief.ratings.get(skill) {
            None => fail(
                &mut verdict,
                format!("`{skill}` is not a skill of the framework, so it has no rating"),
            ),
            Some(actual) if actual != expected => {
                let counts = debrief
                    .scores
                    .skill(skill)
                    .map(|s| {
                        format!(
                            " ({} opportunities, used {}, counter-used {})",
                            s.opportunities, s.used, s.counter
                        )
                    })
                    .unwrap_or_default();
                fail(
                    &mut verdict,
                    format!(
                        "`{skill}` is rated {}, expected {}{counts}",
                        actual.name(),
                        expected.name()
                    ),
                );
            }
            Some(_) => {}
        }
    }
    for (group, range) in [
        (Group::Relationship, playthrough.relationship),
        (Group::Structuring, playthrough.structuring),
    ] {
        let Some(range) = range else { continue };
        match debrief.scores.composite(group) {
            None => fail(
                &mut verdict,
                format!(
                    "{} are not scored on this route (no decision's options differed), expected {} to {}",
                    group.label(),
                    range.0,
                    range.1
                ),
            ),
            Some(value) if !in_range(value, range) => fail(
                &mut verdict,
                format!(
                    "{} score {value:.1}, expected {} to {}",
                    group.label(),
                    range.0,
                    range.1
                ),
            ),
            Some(_) => {}
        }
    }
    for (dial, range) in &playthrough.dials {
        match session.state().dials.get(dial) {
            None => fail(
                &mut verdict,
                format!("`{dial}` is not a dial of this scenario"),
            ),
            Some(value) if !in_range(*value, *range) => fail(
                &mut verdict,
                format!(
                    "dial `{dial}` ends at {value}, expected {} to {}",
                    range.0, range.1
                ),
            ),
            Some(_) => {}
        }
    }
    if let Some(range) = playthrough.minutes_used
        && !in_range(debrief.minutes_used, range)
    {
        fail(
            &mut verdict,
            format!(
                "{} minutes used, expected {} to {}",
                debrief.minutes_used, range.0, range.1
            ),
        );
    }
    for words in &playthrough.shown {
        if !session
            .lines()
            .iter()
            .any(|l| l.text.contains(words.as_str()))
        {
            fail(
                &mut verdict,
                format!("\"{words}\" is never shown on this route"),
            );
        }
    }
    for words in &playthrough.not_shown {
        if let Some(line) = session
            .lines()
            .iter()
            .find(|l| l.text.contains(words.as_str()))
        {
            fail(
                &mut verdict,
                format!(
                    "\"{words}\" is shown on this route (at `{}`), but should not be",
                    line.node
                ),
            );
        }
    }
    verdict.debrief = Some(debrief);
    verdict
}

/// Runs every `.ron` file in a folder, sorted by name.
pub fn run_dir(dir: &Path) -> Result<Vec<Verdict>, String> {
    Ok(crate::check::scenario_files(dir)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|f| run_file(f))
        .collect())
}
