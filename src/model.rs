//! The scenario format: the types a trainer writes in RON (see `FORMAT.md` and the README).
//!
//! Every struct rejects unknown fields, so a misspelt field is an error rather than silently
//! ignored. Maps are `BTreeMap` so iteration (and therefore play, analysis and output) is
//! deterministic.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One role-play scenario: one file in `scenarios/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable kebab-case id, unique across the scenarios folder.
    pub id: String,
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
    pub objectives: Vec<String>,
    /// The person's inner state: dial name to starting value (0..=100).
    #[serde(default)]
    pub dials: BTreeMap<String, i32>,
    /// Declared flags, all false at the start.
    #[serde(default)]
    pub flags: Vec<String>,
    /// Bibliography ids this scenario draws on.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Co-designers who agreed to be named.
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// Id of the first node.
    pub start: String,
    /// Node id to node.
    pub nodes: BTreeMap<String, Node>,
    /// Ending id to ending.
    pub endings: BTreeMap<String, Ending>,
    /// Node or ending reached when `minutes` runs out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_up: Option<String>,
    /// Questions put to the trainee in the debrief.
    #[serde(default)]
    pub reflection: Vec<String>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub next: Option<String>,
}

/// A replacement for a node's words, narration or mood when its condition holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// A condition over dials and flags.
    pub when: String,
    /// Replaces the node's `says`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub says: Option<String>,
    /// Replaces the node's `narration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
    /// Replaces the node's `mood`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<Mood>,
}

/// Something the trainee can say at a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Unique in the scenario and stable across edits: transcripts refer to it.
    pub id: String,
    /// The trainee's words.
    pub say: String,
    /// Offered only when this condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<String>,
    /// Skill id to weight, -3..=3.
    #[serde(default)]
    pub skills: BTreeMap<String, i32>,
    /// Dial to change.
    #[serde(default)]
    pub effects: BTreeMap<String, i32>,
    /// Flags to set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<String>,
    /// Flags to clear.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clear: Vec<String>,
    /// Appointment minutes this choice takes.
    #[serde(default)]
    pub minutes: u32,
    /// Why this choice is or is not skilled, naming the skill.
    #[serde(default)]
    pub feedback: String,
    /// Source ids that support the feedback.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// How the choice felt to the person: the lived-experience voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perspective: Option<String>,
    /// Node or ending id.
    pub next: String,
}

/// How a conversation ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Shown in the debrief.
    pub title: String,
    /// Whether this ending is good for the relationship and the order.
    pub outcome: Outcome,
    /// What happens next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// Their name as they want it shown.
    pub name: String,
    /// What they contributed.
    pub contribution: String,
}

/// Lowest value a dial can take.
pub const DIAL_MIN: i32 = 0;
/// Highest value a dial can take.
pub const DIAL_MAX: i32 = 100;
/// Allowed range of a skill weight.
pub const WEIGHT_RANGE: std::ops::RangeInclusive<i32> = -3..=3;

impl Scenario {
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
}
