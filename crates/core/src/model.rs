//! The scenario format: the types a trainer writes in RON (see `FORMAT.md` and the README).
//!
//! Scenarios are read by [`crate::format`] (one parse, with positions), never by serde:
//! ids, targets and conditions are [`Spanned`], and every struct records where it and its
//! fields were written ([`Place`]), so the checker's rules read positions straight from the
//! model. Scenarios built in code have empty spans. Maps are `BTreeMap` so iteration (and
//! therefore play, analysis and output) is deterministic.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

use serde::{Deserialize, Serialize};

use crate::condition::{Condition, ConditionError};
pub use crate::diagnostic::Span;

/// A value with where it was written in the file. Compared, ordered and hashed by value
/// only, so a `BTreeMap<Spanned<String>, _>` is looked up with a `&str`.
#[derive(Clone, Copy, Default)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written; empty for values built in code (or not written at all).
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value built in code, with no place in a file.
    pub fn new(value: T) -> Spanned<T> {
        Spanned {
            value,
            span: Span::default(),
        }
    }

    /// A value written at `span`.
    pub fn at(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }

    /// Whether the value was written in a file (it has a place).
    pub fn is_written(&self) -> bool {
        !self.span.is_empty()
    }

    /// The value, without its place.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl Spanned<String> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> std::ops::DerefMut for Spanned<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: PartialOrd> PartialOrd for Spanned<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}

impl<T: Ord> Ord for Spanned<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl<T: Hash> Hash for Spanned<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl Borrow<str> for Spanned<String> {
    fn borrow(&self) -> &str {
        &self.value
    }
}

impl Borrow<String> for Spanned<String> {
    fn borrow(&self) -> &String {
        &self.value
    }
}

impl AsRef<str> for Spanned<String> {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl PartialEq<str> for Spanned<String> {
    fn eq(&self, other: &str) -> bool {
        self.value == other
    }
}

impl PartialEq<&str> for Spanned<String> {
    fn eq(&self, other: &&str) -> bool {
        self.value == *other
    }
}

impl PartialEq<String> for Spanned<String> {
    fn eq(&self, other: &String) -> bool {
        &self.value == other
    }
}

impl PartialEq<Spanned<String>> for str {
    fn eq(&self, other: &Spanned<String>) -> bool {
        self == other.value
    }
}

impl PartialEq<Spanned<String>> for &str {
    fn eq(&self, other: &Spanned<String>) -> bool {
        *self == other.value
    }
}

impl PartialEq<Spanned<String>> for String {
    fn eq(&self, other: &Spanned<String>) -> bool {
        *self == other.value
    }
}

impl From<&str> for Spanned<String> {
    fn from(value: &str) -> Self {
        Spanned::new(value.to_string())
    }
}

impl<T> From<T> for Spanned<T> {
    fn from(value: T) -> Self {
        Spanned::new(value)
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A condition as written (`requires`, `when`): its text with its place, and what it
/// parsed to. Conditions are parsed once, when the scenario is read; the checker reports
/// [`Expression::parsed`] errors. Compared by text; dereferences to the text.
#[derive(Clone)]
pub struct Expression {
    /// The condition's text, with where the literal was written.
    pub text: Spanned<String>,
    /// The parsed condition, or why it does not parse.
    pub parsed: Result<Condition, ConditionError>,
}

impl Expression {
    /// Parses a condition's text (for scenarios built in code).
    pub fn new(text: impl Into<String>) -> Expression {
        Expression::at(text.into(), Span::default())
    }

    /// Parses a condition written at `span`.
    pub fn at(text: String, span: Span) -> Expression {
        let parsed = Condition::parse(&text);
        Expression {
            text: Spanned::at(text, span),
            parsed,
        }
    }

    /// The parsed condition, when it parses.
    pub fn condition(&self) -> Option<&Condition> {
        self.parsed.as_ref().ok()
    }

    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Deref for Expression {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Expression {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl fmt::Debug for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.text.fmt(f)
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Expression {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text.serialize(serializer)
    }
}

impl From<&str> for Expression {
    fn from(text: &str) -> Self {
        Expression::new(text)
    }
}

/// Where a struct and its fields were written. Empty for structs built in code; always
/// equal to any other `Place`, so it never changes how scenarios compare.
#[derive(Debug, Clone, Default)]
pub struct Place {
    /// The whole struct, from its name (or `(`) to its `)`.
    pub span: Span,
    /// Each field written: its name and where its value is.
    pub fields: Vec<(&'static str, Span)>,
}

impl PartialEq for Place {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Place {
    /// Where a field's value was written, when it was.
    pub fn get(&self, field: &str) -> Option<Span> {
        self.fields
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, span)| *span)
    }

    /// Where a field's value was written, else the start of the struct.
    pub fn field(&self, field: &str) -> Span {
        self.get(field).unwrap_or_else(|| self.start())
    }

    /// The first character of the struct.
    pub fn start(&self) -> Span {
        Span::new(self.span.start, self.span.start + 1)
    }
}

/// One role-play scenario: one file in `scenarios/`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Stable kebab-case id, unique across the scenarios folder.
    pub id: Spanned<String>,
    /// Shown on the scenario card.
    pub title: String,
    /// What kind of conversation this is.
    pub kind: Kind,
    /// One or two sentences for the scenario card.
    pub summary: String,
    /// Where and when the appointment happens.
    pub setting: String,
    /// Who the trainee plays.
    pub role: Role,
    /// Appointment length; choices spend minutes and `time_up` is reached when it runs out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// The person on probation.
    pub person: Person,
    /// What the trainee should try to achieve.
    #[serde(default)]
    pub objectives: Vec<Spanned<String>>,
    /// The person's inner state: dial name to starting value (0..=100).
    #[serde(default)]
    pub dials: BTreeMap<Spanned<String>, Spanned<i32>>,
    /// Declared flags, all false at the start.
    #[serde(default)]
    pub flags: Vec<Spanned<String>>,
    /// Bibliography ids this scenario draws on.
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    /// Co-designers who agreed to be named.
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// Id of the first node.
    pub start: Spanned<String>,
    /// Node id to node.
    pub nodes: BTreeMap<Spanned<String>, Node>,
    /// Ending id to ending.
    pub endings: BTreeMap<Spanned<String>, Ending>,
    /// Node or ending reached when `minutes` runs out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_up: Option<Spanned<String>>,
    /// Questions put to the trainee in the debrief.
    #[serde(default)]
    pub reflection: Vec<Spanned<String>>,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

/// The kind of conversation a scenario practises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// An induction appointment.
    FirstMeeting,
    /// A person discloses something that matters for risk and wellbeing.
    Disclosure,
    /// Issuing a warning after non-compliance.
    Warning,
    /// The first appointment on the day of release from prison.
    DayOfRelease,
    /// Anything else.
    Other,
}

impl Kind {
    /// All kinds, in the order they are listed to trainers.
    pub const ALL: [Kind; 5] = [
        Kind::FirstMeeting,
        Kind::Disclosure,
        Kind::Warning,
        Kind::DayOfRelease,
        Kind::Other,
    ];

    /// A label for cards and listings.
    pub fn label(self) -> &'static str {
        match self {
            Kind::FirstMeeting => "First meeting",
            Kind::Disclosure => "Disclosure",
            Kind::Warning => "Issuing a warning",
            Kind::DayOfRelease => "Day of release",
            Kind::Other => "Other",
        }
    }

    /// The name used in RON files.
    pub fn ron_name(self) -> &'static str {
        match self {
            Kind::FirstMeeting => "FirstMeeting",
            Kind::Disclosure => "Disclosure",
            Kind::Warning => "Warning",
            Kind::DayOfRelease => "DayOfRelease",
            Kind::Other => "Other",
        }
    }
}

/// Who the trainee plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Probation Services Officer.
    #[serde(rename = "PSO")]
    Pso,
    /// Probation Officer.
    #[serde(rename = "PO")]
    Po,
}

impl Role {
    /// The role's full title.
    pub fn label(self) -> &'static str {
        match self {
            Role::Pso => "Probation Services Officer (PSO)",
            Role::Po => "Probation Officer (PO)",
        }
    }
}

/// The person on probation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    /// What the trainee calls them.
    pub name: String,
    /// For example "she/her".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pronouns: Option<String>,
    /// Age in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u32>,
    /// Who they are: history, strengths, circumstances.
    pub background: String,
    /// What the case record says, which may be out of date or unfair.
    #[serde(default)]
    pub file_notes: Vec<String>,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

/// The rapport-building stage a node belongs to (Nahouli et al. 2023, Figure 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Stage {
    /// Greeting, immediacy, clear expectations.
    FirstContact,
    /// Adapting to the person's needs, strengths and goals.
    Deepening,
    /// Consistency, promises kept, the relationship surviving challenge.
    Maintaining,
}

impl Stage {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Stage::FirstContact => "First contact",
            Stage::Deepening => "Deepening",
            Stage::Maintaining => "Maintaining",
        }
    }
}

/// How the person presents at a beat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mood {
    /// Angry, shut down, pushing back.
    Hostile,
    /// Wary, giving little away.
    Guarded,
    /// Neither open nor closed.
    Neutral,
    /// Talking freely.
    Open,
    /// Upset, overwhelmed.
    Distressed,
    /// Friendly, at ease.
    Warm,
}

impl Mood {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Mood::Hostile => "Hostile",
            Mood::Guarded => "Guarded",
            Mood::Neutral => "Neutral",
            Mood::Open => "Open",
            Mood::Distressed => "Distressed",
            Mood::Warm => "Warm",
        }
    }
}

/// One beat of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The rapport-building stage.
    pub stage: Stage,
    /// How the person presents by default.
    pub mood: Mood,
    /// What the trainee sees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
    /// What the person says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub says: Option<String>,
    /// Alternatives to the default, chosen by the relationship so far.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// What the trainee may say.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// For a beat with nothing to decide: where play goes next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Spanned<String>>,
    /// For a beat with nothing to decide: where play goes instead of `next` when the
    /// conversation so far calls for it (the first that holds).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<Branch>,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

/// Where play goes instead of `next` when a condition holds. Branches are tried in order
/// and the first that holds is taken; `next` stays the fallback.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Branch {
    /// A condition over dials and flags, read after the choice's effects.
    pub when: Expression,
    /// Node or ending id.
    pub next: Spanned<String>,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

/// The first branch whose condition holds, if any.
pub fn first_branch<'a>(
    branches: &'a [Branch],
    env: &impl crate::condition::Env,
) -> Option<&'a Branch> {
    branches
        .iter()
        .find(|b| b.when.condition().is_some_and(|c| c.eval(env)))
}

/// A replacement for a node's words, narration or mood when its condition holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// A condition over dials and flags.
    pub when: Expression,
    /// Replaces the node's `says`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub says: Option<String>,
    /// Replaces the node's `narration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
    /// Replaces the node's `mood`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<Mood>,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

/// Something the trainee can say at a decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    /// Unique in the scenario and stable across edits: transcripts refer to it.
    pub id: Spanned<String>,
    /// The trainee's words.
    pub say: String,
    /// Offered only when this condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<Expression>,
    /// Skill id to weight, -3..=3.
    #[serde(default)]
    pub skills: BTreeMap<Spanned<String>, Spanned<i32>>,
    /// Dial to change.
    #[serde(default)]
    pub effects: BTreeMap<Spanned<String>, i32>,
    /// Flags to set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<Spanned<String>>,
    /// Flags to clear.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clear: Vec<Spanned<String>>,
    /// Appointment minutes this choice takes.
    #[serde(default)]
    pub minutes: u32,
    /// Why this choice is or is not skilled, naming the skill.
    #[serde(default)]
    pub feedback: String,
    /// Source ids that support the feedback.
    #[serde(default)]
    pub evidence: Vec<Spanned<String>>,
    /// How the choice felt to the person: the lived-experience voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perspective: Option<String>,
    /// The pitfalls this choice falls into (ids from `assets/pitfalls.ron`): it never counts
    /// as a good use of a skill they undermine.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pitfalls: Vec<Spanned<String>>,
    /// Node or ending id.
    pub next: Spanned<String>,
    /// Where play goes instead of `next` when the conversation so far calls for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<Branch>,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

impl Choice {
    /// The skill weights as plain names and numbers.
    pub fn weights(&self) -> BTreeMap<String, i32> {
        self.skills
            .iter()
            .map(|(skill, weight)| (skill.to_string(), weight.value))
            .collect()
    }
}

/// How a conversation ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ending {
    /// Shown in the debrief.
    pub title: String,
    /// Whether this ending is good for the relationship and the order.
    pub outcome: Outcome,
    /// What happens next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
    /// Other titles and narrations, chosen by the route that reached the ending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<EndingVariant>,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

/// A title and narration that replace an ending's own when a condition holds at the end.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndingVariant {
    /// A condition over dials and flags, as they are when the conversation ends.
    pub when: Expression,
    /// Replaces the ending's `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Replaces the ending's `narration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

/// How an ending reads on the route that reached it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownEnding<'a> {
    /// The title.
    pub title: &'a str,
    /// What happens next.
    pub narration: Option<&'a str>,
    /// Index of the variant used, if any.
    pub variant: Option<usize>,
}

impl Ending {
    /// The ending as shown, the first variant whose `when` holds replacing the title and
    /// narration where it gives them.
    pub fn shown(&self, env: &impl crate::condition::Env) -> ShownEnding<'_> {
        let found = self
            .variants
            .iter()
            .position(|v| v.when.condition().is_some_and(|c| c.eval(env)));
        self.shown_with(found)
    }

    /// The ending as shown with a given variant (or none).
    pub fn shown_with(&self, variant: Option<usize>) -> ShownEnding<'_> {
        let mut shown = ShownEnding {
            title: &self.title,
            narration: self.narration.as_deref(),
            variant: None,
        };
        if let Some((i, v)) = variant.and_then(|i| self.variants.get(i).map(|v| (i, v))) {
            shown.variant = Some(i);
            if let Some(title) = &v.title {
                shown.title = title;
            }
            if v.narration.is_some() {
                shown.narration = v.narration.as_deref();
            }
        }
        shown
    }
}

/// Dials and flags by name, for evaluating conditions outside the compiled runtime (the
/// debrief reads the last step's values).
pub struct NamedState<'a> {
    /// Dial values.
    pub dials: &'a BTreeMap<String, i32>,
    /// Flags set.
    pub flags: &'a std::collections::BTreeSet<String>,
}

impl crate::condition::Env for NamedState<'_> {
    fn dial(&self, name: &str) -> Option<i32> {
        self.dials.get(name).copied()
    }
    fn flag(&self, name: &str) -> bool {
        self.flags.contains(name)
    }
}

/// The quality of an ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Outcome {
    /// The relationship and the order are in good shape.
    Positive,
    /// Some things went well, some did not.
    Mixed,
    /// Trust lost or nothing settled.
    Negative,
}

impl Outcome {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Positive => "Positive",
            Outcome::Mixed => "Mixed",
            Outcome::Negative => "Negative",
        }
    }
}

/// A co-designer who agreed to be named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Credit {
    /// Their name as they want it shown.
    pub name: String,
    /// What they contributed.
    pub contribution: String,
    /// Where it was written.
    #[serde(skip)]
    pub place: Place,
}

/// Lowest value a dial can take.
pub const DIAL_MIN: i32 = 0;
/// Highest value a dial can take.
pub const DIAL_MAX: i32 = 100;
/// Allowed range of a skill weight.
pub const WEIGHT_RANGE: std::ops::RangeInclusive<i32> = -3..=3;

/// Where a condition is written, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionSite {
    /// A node variant's `when`.
    Variant,
    /// A choice's `requires`.
    Requires,
    /// A branch's `when`.
    Branch,
    /// An ending variant's `when`.
    EndingVariant,
}

impl ConditionSite {
    /// How messages name it.
    pub fn label(self) -> &'static str {
        match self {
            ConditionSite::Variant => "variant",
            ConditionSite::Requires => "`requires`",
            ConditionSite::Branch => "branch",
            ConditionSite::EndingVariant => "ending variant",
        }
    }
}

impl Scenario {
    /// Every condition in the scenario, node by node (variants, then each choice's
    /// `requires` and branches, then the node's branches), then the endings' variants; with
    /// where it is written (a variant's whole entry, otherwise the condition itself).
    pub fn conditions(&self) -> Vec<(&Expression, ConditionSite, Span)> {
        let mut out = Vec::new();
        for node in self.nodes.values() {
            for variant in &node.variants {
                out.push((&variant.when, ConditionSite::Variant, variant.place.span));
            }
            for choice in &node.choices {
                if let Some(requires) = &choice.requires {
                    out.push((requires, ConditionSite::Requires, requires.text.span));
                }
                for branch in &choice.branches {
                    out.push((&branch.when, ConditionSite::Branch, branch.when.text.span));
                }
            }
            for branch in &node.branches {
                out.push((&branch.when, ConditionSite::Branch, branch.when.text.span));
            }
        }
        for ending in self.endings.values() {
            for variant in &ending.variants {
                out.push((
                    &variant.when,
                    ConditionSite::EndingVariant,
                    variant.when.text.span,
                ));
            }
        }
        out
    }

    /// Finds a choice anywhere in the scenario by id, with the node it belongs to.
    pub fn find_choice(&self, id: &str) -> Option<(&str, &Choice)> {
        self.nodes.iter().find_map(|(node_id, node)| {
            node.choices
                .iter()
                .find(|c| c.id == id)
                .map(|c| (node_id.as_str(), c))
        })
    }

    /// Whether `id` names a node or an ending.
    pub fn is_target(&self, id: &str) -> bool {
        self.nodes.contains_key(id) || self.endings.contains_key(id)
    }

    /// The ids in a list, as plain strings.
    pub fn plain(items: &[Spanned<String>]) -> Vec<String> {
        items.iter().map(ToString::to_string).collect()
    }

    /// Whether `name` is a declared flag.
    pub fn has_flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    /// Whether `name` is a declared dial.
    pub fn has_dial(&self, name: &str) -> bool {
        self.dials.contains_key(name)
    }
}
