//! Reviews by lived-experience contributors: one contributor's verdicts, suggested wordings
//! and comments on one scenario's lines, saved as a small RON file beside the scenario.
//!
//! **Where.** `<scenario folder>/reviews/<scenario-id>.<reviewer-slug>.ron`, for example
//! `scenarios/reviews/disclosure.sam.ron` ([`review_path`], [`find_reviews`]). The checker
//! does not look inside `reviews/`, so review files never count as scenarios.
//!
//! **What.** Each reviewed line is an [`Item`] keyed by a stable id ([`Line::id`]):
//! - `<node-id>.says`: what the person says at a node;
//! - `<node-id>.variant-<n>.says`: the words of a node's n-th variant (counting from 1, in
//!   the order written);
//! - `<choice-id>.perspective`: a choice's "from the other chair" line.
//!
//! An item records a [`Verdict`], an optional suggested wording, a comment, the SHA-256 of
//! the exact text reviewed ([`crate::transcript::hash_text`]) and, once the trainer has
//! acted, their [`Decision`]. When the line is edited its hash no longer matches, so the
//! item is out of date ([`ItemState::Changed`]) rather than attached silently to new words.
//!
//! **Who.** The reviewer is a display name or anonymous, with whether they agreed to be
//! credited; nothing else about them is stored.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Span};
use crate::model::Scenario;
use crate::transcript::{hash_text, write_atomic};

/// The review file format version written by this build.
pub const FORMAT_VERSION: u32 = 1;

/// The folder, beside the scenario files, that holds the reviews.
pub const REVIEWS_DIR: &str = "reviews";

/// One contributor's review of one scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// Format version.
    #[serde(default = "one")]
    pub format: u32,
    /// The scenario's id.
    pub scenario: String,
    /// Who reviewed.
    pub reviewer: Reviewer,
    /// Line id ([`Line::id`]) to what the reviewer said about it.
    #[serde(default)]
    pub items: BTreeMap<String, Item>,
}

fn one() -> u32 {
    1
}

/// Who wrote a review: only what they chose to give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reviewer {
    /// No name kept.
    Anonymous,
    /// A display name of their choosing.
    Named {
        /// The name as they want it shown.
        name: String,
        /// Whether they agreed to be named in the scenario's credits.
        credit: bool,
    },
}

impl Reviewer {
    /// How listings name the reviewer.
    pub fn label(&self) -> &str {
        match self {
            Reviewer::Anonymous => "an anonymous reviewer",
            Reviewer::Named { name, .. } => name,
        }
    }

    /// Whether they may be named in the credits.
    pub fn may_credit(&self) -> bool {
        matches!(self, Reviewer::Named { credit: true, .. })
    }

    /// The part of the file name that names the reviewer: the display name in lower-case
    /// letters, digits and dashes (`Sam O'Neil` becomes `sam-o-neil`), or `anonymous`; never
    /// a path (no dots or slashes).
    pub fn slug(&self) -> String {
        let Reviewer::Named { name, .. } = self else {
            return "anonymous".into();
        };
        let mut slug = String::new();
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() {
                slug.push(c);
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        let slug: String = slug.trim_end_matches('-').chars().take(40).collect();
        let slug = slug.trim_end_matches('-').to_string();
        if slug.is_empty() {
            "reviewer".into()
        } else {
            slug
        }
    }
}

/// Whether a line rings true to the reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    /// Sounds like a real person.
    RingsTrue,
    /// Does not.
    DoesntRingTrue,
    /// The reviewer is not sure.
    NotSure,
}

impl Verdict {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::RingsTrue => "rings true",
            Verdict::DoesntRingTrue => "doesn't ring true",
            Verdict::NotSure => "not sure",
        }
    }

    /// Whether the trainer should look at it: doesn't ring true, or not sure.
    pub fn is_flag(self) -> bool {
        self != Verdict::RingsTrue
    }
}

/// What the trainer decided about an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decision {
    /// Taken on (a suggested wording was written into the scenario).
    Accepted,
    /// Considered and not taken on.
    Rejected,
}

/// What a reviewer said about one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// SHA-256 (hex) of the exact text reviewed.
    pub hash: String,
    /// Whether it rings true.
    pub verdict: Verdict,
    /// The reviewer's own wording, if they suggested one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Their comment (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// The trainer's decision, once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
}

/// How an item stands against the scenario as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    /// The line still reads exactly as reviewed.
    Current,
    /// The suggestion was accepted and the line now reads as suggested.
    Applied,
    /// The line has been edited since it was reviewed.
    Changed,
    /// The scenario no longer has the line.
    Gone,
}

impl Item {
    /// An item about `text`.
    pub fn new(text: &str, verdict: Verdict) -> Item {
        Item {
            hash: hash_text(text.as_bytes()),
            verdict,
            suggestion: None,
            comment: String::new(),
            decision: None,
        }
    }

    /// How the item stands against the line as it is now (`None`: no such line).
    pub fn state(&self, now: Option<&str>) -> ItemState {
        let Some(text) = now else {
            return ItemState::Gone;
        };
        let hash = hash_text(text.as_bytes());
        if hash == self.hash {
            ItemState::Current
        } else if self.decision == Some(Decision::Accepted)
            && self
                .suggestion
                .as_ref()
                .is_some_and(|s| hash_text(s.as_bytes()) == hash)
        {
            ItemState::Applied
        } else {
            ItemState::Changed
        }
    }

    /// Out of date: the line changed (or went) since it was reviewed and the trainer has
    /// not decided about it.
    pub fn is_out_of_date(&self, now: Option<&str>) -> bool {
        self.decision.is_none() && matches!(self.state(now), ItemState::Changed | ItemState::Gone)
    }

    /// Whether the item gives the trainer anything to read: a comment or a wording.
    pub fn has_words(&self) -> bool {
        !self.comment.trim().is_empty() || self.suggestion.is_some()
    }
}

/// The kind of line a contributor reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// The person's words at a node or in a variant.
    Person,
    /// A choice's "from the other chair" line.
    Perspective,
}

/// A line a contributor can review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// The stable id items are keyed by (see the module documentation).
    pub id: String,
    /// Person or other chair.
    pub kind: LineKind,
    /// The node it belongs to.
    pub node: &'a str,
    /// The variant (0-based) for a variant's words.
    pub variant: Option<usize>,
    /// The choice, for an other-chair line.
    pub choice: Option<&'a str>,
    /// The text.
    pub text: &'a str,
    /// Where the value is written in the file (the string literal, or `Some(...)` around
    /// it); empty for scenarios built in code.
    pub span: Span,
}

/// Every reviewable line of a scenario, in story order
/// ([`crate::script::story_order`]): per node its words, its variants' words, then its
/// choices' other-chair lines.
pub fn lines(scenario: &Scenario) -> Vec<Line<'_>> {
    let order = crate::script::story_order(scenario);
    let mut out = Vec::new();
    for node_id in order.nodes {
        let Some(node) = scenario.nodes.get(node_id) else {
            continue;
        };
        if let Some(says) = &node.says {
            out.push(Line {
                id: format!("{node_id}.says"),
                kind: LineKind::Person,
                node: node_id,
                variant: None,
                choice: None,
                text: says,
                span: node.place.get("says").unwrap_or_default(),
            });
        }
        for (i, variant) in node.variants.iter().enumerate() {
            if let Some(says) = &variant.says {
                out.push(Line {
                    id: format!("{node_id}.variant-{}.says", i + 1),
                    kind: LineKind::Person,
                    node: node_id,
                    variant: Some(i),
                    choice: None,
                    text: says,
                    span: variant.place.get("says").unwrap_or_default(),
                });
            }
        }
        for choice in &node.choices {
            if let Some(perspective) = &choice.perspective {
                out.push(Line {
                    id: format!("{}.perspective", choice.id),
                    kind: LineKind::Perspective,
                    node: node_id,
                    variant: None,
                    choice: Some(choice.id.as_str()),
                    text: perspective,
                    span: choice.place.get("perspective").unwrap_or_default(),
                });
            }
        }
    }
    out
}

/// How far one kind of line has been reviewed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Lines of this kind in the scenario.
    pub lines: usize,
    /// Ids of lines with at least one up-to-date review (or an accepted wording in place).
    pub reviewed: BTreeSet<String>,
    /// Ids of lines an up-to-date review flags: doesn't ring true, or not sure.
    pub flagged: BTreeSet<String>,
    /// Ids of lines an up-to-date review says ring true, with no review flagging them: what
    /// the debrief can mark as confirmed.
    pub confirmed: BTreeSet<String>,
    /// Review items whose line was edited or removed after the review, not yet decided.
    pub out_of_date: usize,
}

/// Where a scenario's reviews stand, across all its reviewers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The person's lines.
    pub person: Tally,
    /// The other-chair lines.
    pub other_chair: Tally,
    /// Items the trainer accepted.
    pub accepted: usize,
    /// Items the trainer rejected.
    pub rejected: usize,
    /// Up-to-date items with a flag, a comment or a wording, not yet decided.
    pub waiting: usize,
    /// Names of reviewers who agreed to be credited, in file order.
    pub credits: Vec<String>,
}

impl Summary {
    /// The summary of `reviews` against the scenario as it is now.
    pub fn of<'r>(scenario: &Scenario, reviews: impl IntoIterator<Item = &'r Review>) -> Summary {
        let all = lines(scenario);
        let now: BTreeMap<&str, &str> = all.iter().map(|l| (l.id.as_str(), l.text)).collect();
        let mut summary = Summary::default();
        for line in &all {
            match line.kind {
                LineKind::Person => summary.person.lines += 1,
                LineKind::Perspective => summary.other_chair.lines += 1,
            }
        }
        let mut flagged_anywhere = BTreeSet::new();
        for review in reviews {
            if let Reviewer::Named { name, credit: true } = &review.reviewer
                && !summary.credits.contains(name)
            {
                summary.credits.push(name.clone());
            }
            for (id, item) in &review.items {
                let tally = if id.ends_with(".perspective") {
                    &mut summary.other_chair
                } else {
                    &mut summary.person
                };
                let text = now.get(id.as_str()).copied();
                let state = item.state(text);
                if matches!(state, ItemState::Current | ItemState::Applied) {
                    tally.reviewed.insert(id.clone());
                }
                if state == ItemState::Current && item.verdict.is_flag() {
                    tally.flagged.insert(id.clone());
                    flagged_anywhere.insert(id.clone());
                }
                if state == ItemState::Current && item.verdict == Verdict::RingsTrue {
                    tally.confirmed.insert(id.clone());
                }
                if item.is_out_of_date(text) {
                    tally.out_of_date += 1;
                }
                match item.decision {
                    Some(Decision::Accepted) => summary.accepted += 1,
                    Some(Decision::Rejected) => summary.rejected += 1,
                    None if state == ItemState::Current
                        && (item.has_words() || item.verdict.is_flag()) =>
                    {
                        summary.waiting += 1;
                    }
                    None => {}
                }
            }
        }
        for tally in [&mut summary.person, &mut summary.other_chair] {
            tally.confirmed.retain(|id| !flagged_anywhere.contains(id));
        }
        summary
    }
}

/// Why a review file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The file could not be read.
    #[error("cannot read the review {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a review, located like a checker message.
    #[error("{}", .0.render(false))]
    Invalid(Box<Diagnostic>),
    /// Written by a newer Rapport.
    #[error("{} is a review in format {found}; this Rapport reads format {FORMAT_VERSION} (update Rapport)", path.display())]
    NewerFormat {
        /// The file.
        path: PathBuf,
        /// The version found.
        found: u32,
    },
    /// The file could not be written.
    #[error("{0}")]
    Write(String),
}

impl Review {
    /// An empty review of a scenario.
    pub fn new(scenario: &str, reviewer: Reviewer) -> Review {
        Review {
            format: FORMAT_VERSION,
            scenario: scenario.to_string(),
            reviewer,
            items: BTreeMap::new(),
        }
    }

    /// Records (or replaces) what the reviewer says about a line, hashing its text now.
    pub fn record(
        &mut self,
        line: &Line<'_>,
        verdict: Verdict,
        suggestion: Option<String>,
        comment: impl Into<String>,
    ) -> &mut Item {
        let mut item = Item::new(line.text, verdict);
        item.suggestion = suggestion.filter(|s| !s.trim().is_empty());
        item.comment = comment.into();
        match self.items.entry(line.id.clone()) {
            std::collections::btree_map::Entry::Occupied(mut old) => {
                old.insert(item);
                old.into_mut()
            }
            std::collections::btree_map::Entry::Vacant(new) => new.insert(item),
        }
    }

    /// The review as RON text.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .indentor("    ")
            // Text as written (a raw string `r#"..."#` when it holds quotes), not escaped.
            .escape_strings(false)
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        let mut text = ron::ser::to_string_pretty(self, config)
            .unwrap_or_else(|e| format!("// could not write the review: {e}\n"));
        text.push('\n');
        text
    }

    /// Reads a review from its text; `label` names it in messages.
    pub fn from_ron(label: &str, text: &str) -> Result<Review, ReviewError> {
        let review: Review = crate::format::parse_ron(text).map_err(|e| {
            ReviewError::Invalid(Box::new(crate::format::ron_error_diagnostic(
                label, text, &e,
            )))
        })?;
        if review.format > FORMAT_VERSION {
            return Err(ReviewError::NewerFormat {
                path: PathBuf::from(label),
                found: review.format,
            });
        }
        Ok(review)
    }

    /// Reads a review file.
    pub fn load(path: &Path) -> Result<Review, ReviewError> {
        let label = path.display().to_string();
        let bytes = crate::format::read_bounded(path).map_err(|source| ReviewError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = crate::format::decode_text(&label, &bytes).map_err(ReviewError::Invalid)?;
        Review::from_ron(&label, &text)
    }

    /// Writes the review atomically ([`write_atomic`]).
    pub fn save(&self, path: &Path) -> Result<(), ReviewError> {
        write_atomic(path, self.to_ron().as_bytes())
            .map_err(|e| ReviewError::Write(crate::transcript::write_problem(path, &e)))
    }
}

/// The reviews folder for a scenario file: `reviews/` beside it.
pub fn reviews_dir(scenario_path: &Path) -> PathBuf {
    match scenario_path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(REVIEWS_DIR),
        _ => PathBuf::from(REVIEWS_DIR),
    }
}

/// Where a reviewer's review of a scenario is saved: `reviews/<id>.<slug>.ron` beside the
/// scenario file.
pub fn review_path(scenario_path: &Path, scenario_id: &str, reviewer: &Reviewer) -> PathBuf {
    reviews_dir(scenario_path).join(format!("{scenario_id}.{}.ron", reviewer.slug()))
}

/// A path for a new review that does not overwrite another's: [`review_path`], or with
/// `-2`, `-3`, ... after the slug when that is taken (two anonymous reviewers, two people
/// called Sam).
pub fn unused_review_path(scenario_path: &Path, scenario_id: &str, reviewer: &Reviewer) -> PathBuf {
    let first = review_path(scenario_path, scenario_id, reviewer);
    if !first.exists() {
        return first;
    }
    let dir = reviews_dir(scenario_path);
    let slug = reviewer.slug();
    (2..)
        .map(|n| dir.join(format!("{scenario_id}.{slug}-{n}.ron")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// The review files of a scenario: `reviews/<id>.*.ron` beside it, sorted by name. A
/// missing folder means no reviews.
pub fn find_reviews(scenario_path: &Path, scenario_id: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(reviews_dir(scenario_path)) else {
        return Vec::new();
    };
    let prefix = format!("{scenario_id}.");
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|x| x == "ron")
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix) && n.len() > prefix.len() + 4)
        })
        .collect();
    files.sort();
    files
}

/// Text as a RON string literal: quotes, backslashes and control characters escaped,
/// everything else (letters, accents, `£`, emoji) kept as written.
pub fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Why a suggested wording could not be written into the scenario's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplaceError {
    /// The line has no place in the text.
    #[error("the scenario has no line `{0}`")]
    NoSuchLine(String),
    /// The text at the line's place is not a string literal.
    #[error("the text of `{0}` is not written as a plain string in the file")]
    NotALiteral(String),
}

/// The scenario's text with the string literal at `span` (a field's value: the literal, or
/// `Some(...)` around it) replaced by `new_text` as a RON string; every other byte is kept.
pub fn replace_literal(source: &str, span: Span, new_text: &str) -> Option<String> {
    let literal = literal_span(source, span)?;
    let mut out = String::with_capacity(source.len() + new_text.len());
    out.push_str(source.get(..literal.start)?);
    out.push_str(&ron_string(new_text));
    out.push_str(source.get(literal.end..)?);
    Some(out)
}

/// The string literal inside a value's span (looking through `Some(...)`), as a span in the
/// whole text.
fn literal_span(source: &str, span: Span) -> Option<Span> {
    let written = source.get(span.start..span.end)?;
    let value = crate::format::parse::parse(written).ok()?;
    let mut value = &value;
    loop {
        match value {
            crate::format::Value::Str { span: inner, .. } => {
                return Some(Span::new(span.start + inner.start, span.start + inner.end));
            }
            crate::format::Value::Tuple {
                name: Some((n, _)),
                items,
                ..
            } if n == "Some" && items.len() == 1 => value = &items[0],
            _ => return None,
        }
    }
}

/// Writes `new_text` over the line `id` of the scenario read from `source`.
pub fn apply_wording(
    source: &str,
    scenario: &Scenario,
    id: &str,
    new_text: &str,
) -> Result<String, ReplaceError> {
    let all = lines(scenario);
    let line = all
        .iter()
        .find(|l| l.id == id)
        .ok_or_else(|| ReplaceError::NoSuchLine(id.to_string()))?;
    if line.span.is_empty() {
        return Err(ReplaceError::NoSuchLine(id.to_string()));
    }
    replace_literal(source, line.span, new_text).ok_or_else(|| ReplaceError::NotALiteral(id.into()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::check::parse_scenario;
    use crate::framework::Framework;

    fn scenario(text: &str) -> Scenario {
        let report = parse_scenario("test.ron", text, &Framework::builtin());
        assert_eq!(report.errors(), 0, "{}", report.render(false));
        (*report.scenario.expect("scenario")).clone()
    }

    fn fixture() -> String {
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/check-in.ron"
        ))
        .expect("fixture")
    }

    #[test]
    fn round_trip() {
        let text = fixture();
        let s = scenario(&text);
        let all = lines(&s);
        assert!(all.iter().any(|l| l.kind == LineKind::Person));
        assert!(all.iter().any(|l| l.kind == LineKind::Perspective));
        let mut review = Review::new(
            &s.id,
            Reviewer::Named {
                name: "Sam O'Neil".into(),
                credit: true,
            },
        );
        review.record(&all[0], Verdict::RingsTrue, None, "");
        let item = review.record(
            &all[1],
            Verdict::DoesntRingTrue,
            Some("Nobody says \"assist\".\nThey'd say help.".into()),
            "Too formal; £5 says so \\ really",
        );
        item.decision = Some(Decision::Rejected);
        let ron = review.to_ron();
        let back = Review::from_ron("r.ron", &ron).expect(&ron);
        assert_eq!(back, review);
        assert!(ron.contains("Named("), "{ron}");
        assert!(ron.contains("verdict: DoesntRingTrue"), "{ron}");

        // Saved atomically and read back from disk.
        let dir = tempfile::tempdir().unwrap();
        let scenario_path = dir.path().join("check-in.ron");
        let path = review_path(&scenario_path, &s.id, &review.reviewer);
        assert!(path.ends_with(format!("reviews/{}.sam-o-neil.ron", s.id)));
        review.save(&path).unwrap();
        assert_eq!(Review::load(&path).unwrap(), review);
        assert_eq!(find_reviews(&scenario_path, &s.id), vec![path]);
    }

    #[test]
    fn out_of_date_after_an_edit() {
        let text = fixture();
        let s = scenario(&text);
        let line = lines(&s).into_iter().next().expect("a line");
        let mut review = Review::new(&s.id, Reviewer::Anonymous);
        review.record(&line, Verdict::NotSure, Some("Alright.".into()), "");
        let item = review.items[&line.id].clone();
        assert_eq!(item.state(Some(line.text)), ItemState::Current);
        assert!(!item.is_out_of_date(Some(line.text)));

        // Edit the line in the file: the item no longer matches.
        let edited = replace_literal(&text, line.span, "Something else entirely.").unwrap();
        let s2 = scenario(&edited);
        let now = lines(&s2).into_iter().find(|l| l.id == line.id).unwrap();
        assert_eq!(now.text, "Something else entirely.");
        assert_eq!(item.state(Some(now.text)), ItemState::Changed);
        assert!(item.is_out_of_date(Some(now.text)));
        assert_eq!(item.state(None), ItemState::Gone);

        // Accepting the suggestion makes the new words the suggestion's: applied, not stale.
        let applied = replace_literal(&text, line.span, "Alright.").unwrap();
        let s3 = scenario(&applied);
        let now = lines(&s3).into_iter().find(|l| l.id == line.id).unwrap();
        let mut accepted = item.clone();
        assert!(accepted.is_out_of_date(Some(now.text)));
        accepted.decision = Some(Decision::Accepted);
        assert_eq!(accepted.state(Some(now.text)), ItemState::Applied);
        assert!(!accepted.is_out_of_date(Some(now.text)));
    }

    #[test]
    fn anonymous_reviewer_stores_no_name() {
        let review = Review::new("check-in", Reviewer::Anonymous);
        let ron = review.to_ron();
        assert!(ron.contains("reviewer: Anonymous"), "{ron}");
        assert!(!review.reviewer.may_credit());
        assert_eq!(review.reviewer.slug(), "anonymous");
        assert_eq!(Review::from_ron("a.ron", &ron).unwrap(), review);

        // A second anonymous reviewer gets a file of their own.
        let dir = tempfile::tempdir().unwrap();
        let scenario_path = dir.path().join("check-in.ron");
        let first = unused_review_path(&scenario_path, "check-in", &Reviewer::Anonymous);
        review.save(&first).unwrap();
        let second = unused_review_path(&scenario_path, "check-in", &Reviewer::Anonymous);
        assert!(
            second.ends_with("reviews/check-in.anonymous-2.ron"),
            "{second:?}"
        );
    }

    #[test]
    fn mistakes_in_a_review_file_are_located() {
        let err = Review::from_ron(
            "r.ron",
            "Review(scenario: \"x\", reviewer: Anonymous, items: {\"a.says\": Item(hash: \"\", verdict: Maybe)})",
        )
        .unwrap_err();
        assert!(err.to_string().contains("r.ron:1:"), "{err}");
        let err =
            Review::from_ron("r.ron", "Review(scenario: \"x\", reviewr: Anonymous)").unwrap_err();
        assert!(err.to_string().contains("reviewr"), "{err}");
    }

    #[test]
    fn ron_strings_read_back() {
        for text in [
            "plain",
            "a \"quote\"",
            "back\\slash",
            "two\nlines",
            "tab\there £ é 🙂",
            "\u{7}",
        ] {
            let literal = ron_string(text);
            let parsed = crate::format::parse::parse(&literal).expect(&literal);
            match parsed {
                crate::format::Value::Str { text: back, .. } => assert_eq!(back, text),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn slugs() {
        let named = |n: &str| Reviewer::Named {
            name: n.into(),
            credit: false,
        };
        assert_eq!(named("  Dee  ").slug(), "dee");
        assert_eq!(named("José María").slug(), "josé-maría");
        assert_eq!(named("!!!").slug(), "reviewer");
        assert_eq!(named("../../etc").slug(), "etc");
    }

    #[test]
    fn the_authoring_guide_example_reads() {
        let guide = include_str!("../../../docs/authoring.md");
        let section = guide
            .split("## Reviews by lived-experience contributors")
            .nth(1)
            .expect("the section is in docs/authoring.md");
        let example = section
            .split("```ron\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("a RON example");
        let review = Review::from_ron("guide", example).expect("the example reads");
        assert_eq!(review.scenario, "disclosure");
        assert!(review.reviewer.may_credit());
        assert_eq!(review.items.len(), 3);
        assert_eq!(
            review.items["arrive.says"].decision,
            Some(Decision::Accepted)
        );
    }

    #[test]
    fn summary_across_reviewers() {
        let text = fixture();
        let s = scenario(&text);
        let all = lines(&s);
        let other: Vec<&Line<'_>> = all
            .iter()
            .filter(|l| l.kind == LineKind::Perspective)
            .collect();
        assert!(other.len() >= 2);
        let mut sam = Review::new(
            &s.id,
            Reviewer::Named {
                name: "Sam".into(),
                credit: true,
            },
        );
        sam.record(other[0], Verdict::RingsTrue, None, "");
        sam.record(other[1], Verdict::RingsTrue, None, "");
        let mut anon = Review::new(&s.id, Reviewer::Anonymous);
        anon.record(other[1], Verdict::NotSure, None, "hmm");
        let stale = anon.record(&all[0], Verdict::RingsTrue, None, "");
        stale.hash = "0".repeat(64);
        let summary = Summary::of(&s, [&sam, &anon]);
        assert_eq!(summary.other_chair.lines, other.len());
        assert_eq!(summary.other_chair.reviewed.len(), 2);
        assert_eq!(summary.other_chair.flagged.len(), 1);
        // Confirmed only where nobody flags it.
        assert_eq!(
            summary.other_chair.confirmed.iter().collect::<Vec<_>>(),
            vec![&other[0].id]
        );
        assert_eq!(summary.person.out_of_date, 1);
        assert_eq!(summary.person.reviewed.len(), 0);
        assert_eq!(summary.waiting, 1);
        assert_eq!(summary.credits, vec!["Sam".to_string()]);
    }
}
