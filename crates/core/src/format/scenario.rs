//! How each part of a scenario is read from the positioned tree ([`FromValue`] by hand).
//! The field lists here are the format: a field not listed is reported as unknown, with
//! the list as the hint.

use crate::format::de::{FromValue, Reader, enum_from_value};
use crate::format::parse::Value;
use crate::model::{
    Branch, Choice, Credit, Ending, EndingVariant, Expression, Kind, Mood, Node, Outcome, Person,
    Role, Scenario, Stage, Variant,
};

enum_from_value!(Kind, "one of the kinds", [
    "FirstMeeting" => Kind::FirstMeeting,
    "Disclosure" => Kind::Disclosure,
    "Warning" => Kind::Warning,
    "DayOfRelease" => Kind::DayOfRelease,
    "Other" => Kind::Other,
]);

enum_from_value!(Role, "a role", ["PSO" => Role::Pso, "PO" => Role::Po]);

enum_from_value!(Stage, "a stage", [
    "FirstContact" => Stage::FirstContact,
    "Deepening" => Stage::Deepening,
    "Maintaining" => Stage::Maintaining,
]);

enum_from_value!(Mood, "a mood", [
    "Hostile" => Mood::Hostile,
    "Guarded" => Mood::Guarded,
    "Neutral" => Mood::Neutral,
    "Open" => Mood::Open,
    "Distressed" => Mood::Distressed,
    "Warm" => Mood::Warm,
]);

enum_from_value!(Outcome, "an outcome", [
    "Positive" => Outcome::Positive,
    "Mixed" => Outcome::Mixed,
    "Negative" => Outcome::Negative,
]);

impl FromValue for Expression {
    const EXPECTED: &'static str = "a condition in double quotes";

    /// The condition is parsed here, once; the checker reports a parse error.
    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let text = String::from_value(value, r)?;
        Some(Expression::at(text, value.span()))
    }

    fn example() -> String {
        "\"trust >= 40\"".into()
    }
}

/// The fields of `Scenario(...)`.
pub const SCENARIO_FIELDS: &[&str] = &[
    "id",
    "title",
    "kind",
    "summary",
    "setting",
    "role",
    "minutes",
    "person",
    "objectives",
    "dials",
    "flags",
    "sources",
    "credits",
    "start",
    "nodes",
    "endings",
    "time_up",
    "reflection",
];

impl FromValue for Scenario {
    const EXPECTED: &'static str = "a `Scenario(...)`";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let s = r.structure(value, "Scenario", SCENARIO_FIELDS)?;
        let scenario = Scenario {
            id: s.required_or_default(r, "id"),
            title: s.required_or_default(r, "title"),
            kind: s.required(r, "kind").unwrap_or(Kind::Other),
            summary: s.required_or_default(r, "summary"),
            setting: s.required_or_default(r, "setting"),
            role: s.required(r, "role").unwrap_or(Role::Pso),
            minutes: s.optional(r, "minutes"),
            person: s.required(r, "person").unwrap_or_else(Person::placeholder),
            objectives: s.or_default(r, "objectives"),
            dials: s.or_default(r, "dials"),
            flags: s.or_default(r, "flags"),
            sources: s.or_default(r, "sources"),
            credits: s.or_default(r, "credits"),
            start: s.required_or_default(r, "start"),
            nodes: s.required_or_default(r, "nodes"),
            endings: s.required_or_default(r, "endings"),
            time_up: s.optional(r, "time_up"),
            reflection: s.or_default(r, "reflection"),
            place: Default::default(),
        };
        Some(Scenario {
            place: s.place(),
            ..scenario
        })
    }

    fn example() -> String {
        "Scenario(...)".into()
    }
}

impl Person {
    /// Stands in for a `person` that is missing or unreadable (already reported).
    fn placeholder() -> Person {
        Person {
            name: String::new(),
            pronouns: None,
            age: None,
            background: String::new(),
            file_notes: Vec::new(),
            place: Default::default(),
        }
    }
}

impl FromValue for Person {
    const EXPECTED: &'static str = "a `Person(...)`";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let s = r.structure(
            value,
            "Person",
            &["name", "pronouns", "age", "background", "file_notes"],
        )?;
        let person = Person {
            name: s.required_or_default(r, "name"),
            pronouns: s.optional(r, "pronouns"),
            age: s.optional(r, "age"),
            background: s.required_or_default(r, "background"),
            file_notes: s.or_default(r, "file_notes"),
            place: Default::default(),
        };
        Some(Person {
            place: s.place(),
            ..person
        })
    }

    fn example() -> String {
        "Person(name: \"...\", background: \"...\")".into()
    }
}

impl FromValue for Credit {
    const EXPECTED: &'static str = "a `Credit(...)`";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let s = r.structure(value, "Credit", &["name", "contribution"])?;
        let credit = Credit {
            name: s.required_or_default(r, "name"),
            contribution: s.required_or_default(r, "contribution"),
            place: Default::default(),
        };
        Some(Credit {
            place: s.place(),
            ..credit
        })
    }

    fn example() -> String {
        "Credit(name: \"...\", contribution: \"...\")".into()
    }
}

impl FromValue for Node {
    const EXPECTED: &'static str = "a `Node(...)`";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let s = r.structure(
            value,
            "Node",
            &[
                "stage",
                "mood",
                "narration",
                "says",
                "variants",
                "choices",
                "next",
                "branches",
            ],
        )?;
        let node = Node {
            stage: s.required(r, "stage").unwrap_or(Stage::FirstContact),
            mood: s.required(r, "mood").unwrap_or(Mood::Neutral),
            narration: s.optional(r, "narration"),
            says: s.optional(r, "says"),
            variants: s.or_default(r, "variants"),
            choices: s.or_default(r, "choices"),
            next: s.optional(r, "next"),
            branches: s.or_default(r, "branches"),
            place: Default::default(),
        };
        Some(Node {
            place: s.place(),
            ..node
        })
    }

    fn example() -> String {
        "Node(stage: FirstContact, mood: Neutral, says: \"...\", choices: [...])".into()
    }
}

impl FromValue for Variant {
    const EXPECTED: &'static str = "a `Variant(...)`";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let s = r.structure(value, "Variant", &["when", "says", "narration", "mood"])?;
        let variant = Variant {
            when: s
                .required(r, "when")
                .unwrap_or_else(|| Expression::new(String::new())),
            says: s.optional(r, "says"),
            narration: s.optional(r, "narration"),
            mood: s.optional(r, "mood"),
            place: Default::default(),
        };
        Some(Variant {
            place: s.place(),
            ..variant
        })
    }

    fn example() -> String {
        "Variant(when: \"trust >= 40\", says: \"...\")".into()
    }
}

impl FromValue for Choice {
    const EXPECTED: &'static str = "a `Choice(...)`";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let s = r.structure(
            value,
            "Choice",
            &[
                "id",
                "say",
                "requires",
                "skills",
                "effects",
                "set",
                "clear",
                "minutes",
                "feedback",
                "evidence",
                "perspective",
                "pitfalls",
                "next",
                "branches",
            ],
        )?;
        let choice = Choice {
            id: s.required_or_default(r, "id"),
            say: s.required_or_default(r, "say"),
            requires: s.optional(r, "requires"),
            skills: s.or_default(r, "skills"),
            effects: s.or_default(r, "effects"),
            set: s.or_default(r, "set"),
            clear: s.or_default(r, "clear"),
            minutes: s.or_default(r, "minutes"),
            feedback: s.or_default(r, "feedback"),
            evidence: s.or_default(r, "evidence"),
            perspective: s.optional(r, "perspective"),
            pitfalls: s.or_default(r, "pitfalls"),
            next: s.required_or_default(r, "next"),
            branches: s.or_default(r, "branches"),
            place: Default::default(),
        };
        Some(Choice {
            place: s.place(),
            ..choice
        })
    }

    fn example() -> String {
        "Choice(id: \"...\", say: \"...\", feedback: \"...\", next: \"...\")".into()
    }
}

impl FromValue for Ending {
    const EXPECTED: &'static str = "an `Ending(...)`";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let s = r.structure(
            value,
            "Ending",
            &["title", "outcome", "narration", "variants"],
        )?;
        let ending = Ending {
            title: s.required_or_default(r, "title"),
            outcome: s.required(r, "outcome").unwrap_or(Outcome::Mixed),
            narration: s.optional(r, "narration"),
            variants: s.or_default(r, "variants"),
            place: Default::default(),
        };
        Some(Ending {
            place: s.place(),
            ..ending
        })
    }

    fn example() -> String {
        "Ending(title: \"...\", outcome: Positive)".into()
    }
}

impl FromValue for Branch {
    const EXPECTED: &'static str = "a `Branch(...)`";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        let s = r.structure(value, "Branch", &["when", "next"])?;
        let branch = Branch {
            when: s
                .required(r, "when")
                .unwrap_or_else(|| Expression::new(String::new())),
            next: s.required_or_default(r, "next"),
            place: Default::default(),
        };
        Some(Branch {
            place: s.place(),
            ..branch
        })
    }

    fn example() -> String {
        "Branch(when: \"trust >= 60\", next: \"...\")".into()
    }
}

impl FromValue for EndingVariant {
    const EXPECTED: &'static str = "a `Variant(...)` of an ending";

    fn from_value(value: &Value, r: &mut Reader<'_>) -> Option<Self> {
        // Written `Variant(...)` like a node's variants, with an ending's fields.
        let s = r.structure(value, "Variant", &["when", "title", "narration"])?;
        let variant = EndingVariant {
            when: s
                .required(r, "when")
                .unwrap_or_else(|| Expression::new(String::new())),
            title: s.optional(r, "title"),
            narration: s.optional(r, "narration"),
            place: Default::default(),
        };
        Some(EndingVariant {
            place: s.place(),
            ..variant
        })
    }

    fn example() -> String {
        "Variant(when: \"trust >= 60\", title: \"...\", narration: \"...\")".into()
    }
}
