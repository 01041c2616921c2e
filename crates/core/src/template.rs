//! Starting scenarios for `rapport new --kind KIND ID`: small, valid, commented files that
//! pass `rapport check` with no warnings, for a trainer to grow into a real scenario.

use crate::model::Kind;

/// The words that differ between kinds.
struct Words {
    title: &'static str,
    summary: &'static str,
    setting: &'static str,
    name: &'static str,
    pronouns: &'static str,
    age: u32,
    background: &'static str,
    file_note: &'static str,
    objective: &'static str,
    narration: &'static str,
    says: &'static str,
    says_open: &'static str,
    reflection: &'static str,
}

fn words(kind: Kind) -> Words {
    match kind {
        Kind::FirstMeeting => Words {
            title: "First meeting",
            summary: "Jordan, 24, meets you for the first time, two days after sentence. They expect to be told off.",
            setting: "Interview room at the probation office, Monday morning. You have 30 minutes.",
            name: "Jordan",
            pronouns: "they/them",
            age: 24,
            background: "Works part time in a warehouse. Lives with their nan. Has never been on probation before.",
            file_note: "Community order with unpaid work. The pre-sentence report calls them 'reluctant to engage'.",
            objective: "Explain what probation is for and what happens next, in words Jordan can use.",
            narration: "Jordan sits by the door with their coat on.",
            says: "So what happens now? Do I just sign something?",
            says_open: "Alright. I didn't really get what the judge said, to be honest.",
            reflection: "What did Jordan need to hear from you in the first five minutes?",
        },
        Kind::Disclosure => Words {
            title: "Something to say",
            summary: "Priya, 38, is doing well on her order, but today she seems to be working up to telling you something.",
            setting: "Interview room, Thursday afternoon. You have 30 minutes.",
            name: "Priya",
            pronouns: "she/her",
            age: 38,
            background: "Two teenage children. Works in a care home. Has kept every appointment.",
            file_note: "Suspended sentence order with a rehabilitation activity requirement.",
            objective: "Be honest about what happens with what Priya tells you, without turning it into a threat.",
            narration: "Priya keeps turning her phone over in her hands.",
            says: "Can I ask you something? Hypothetically.",
            says_open: "If I told you something, would it go in my file?",
            reflection: "How did you balance honesty about your duties with keeping Priya talking?",
        },
        Kind::Warning => Words {
            title: "A missed appointment",
            summary: "Dean, 29, missed last week's appointment without telling you. You need to decide whether to issue a warning.",
            setting: "Interview room, Tuesday morning. You have 20 minutes.",
            name: "Dean",
            pronouns: "he/him",
            age: 29,
            background: "Started a new job on a building site three weeks ago. Proud of it. Has a young son he sees at weekends.",
            file_note: "Community order. One unacceptable absence would be his first.",
            objective: "Find out why the appointment was missed before deciding what to do about it.",
            narration: "Dean comes straight from work, still in his boots.",
            says: "Before you start, I know. I know I missed it.",
            says_open: "It was the new job. I couldn't ring from the site and then I forgot.",
            reflection: "How did you use your authority while keeping the relationship?",
        },
        Kind::DayOfRelease => Words {
            title: "Day of release",
            summary: "Marcus, 45, was released from prison this morning and has come straight to you with everything he owns in a bag.",
            setting: "Reception interview room, Friday, half past two. You have 30 minutes before the council office shuts.",
            name: "Marcus",
            pronouns: "he/him",
            age: 45,
            background: "Served two years. Was a chef before. His sister has said he cannot stay with her.",
            file_note: "Licence conditions: reside as directed, keep in touch with the supervising officer.",
            objective: "Make sure Marcus has somewhere to sleep tonight and knows what the licence asks of him.",
            narration: "Marcus puts a clear plastic bag on the table and does not sit down.",
            says: "I've got forty-six quid and nowhere to go. What am I supposed to do?",
            says_open: "I just need tonight sorted. Then I can think.",
            reflection: "What did Marcus need first, and did he get it?",
        },
        Kind::Other => Words {
            title: "A routine check-in",
            summary: "Sam, 31, comes in for a routine appointment and seems distracted.",
            setting: "Interview room, Wednesday afternoon. You have 20 minutes.",
            name: "Sam",
            pronouns: "she/her",
            age: 31,
            background: "Works shifts at a supermarket. Lives alone. Has kept every appointment so far.",
            file_note: "Community order with a rehabilitation activity requirement.",
            objective: "Find out what is on Sam's mind and agree a next step together.",
            narration: "Sam checks the clock on the wall twice before sitting down.",
            says: "Can we keep this quick today?",
            says_open: "Sorry. It's my shifts. They've changed them again.",
            reflection: "What did you notice before Sam said anything?",
        },
    }
}

const TEMPLATE: &str = r#"// A starting scenario made by `rapport new`. It passes `rapport check` as it is: change the
// words, add nodes and choices, and run `rapport check` after each edit. `rapport analyse`
// shows every route; `rapport graph` draws it. The format is described in the README.
#![enable(implicit_some)]
Scenario(
    // Stable kebab-case id: transcripts refer to it, so do not change it once in use.
    id: "@ID@",
    title: "@TITLE@",
    kind: @KIND@,
    // One or two sentences for the scenario card.
    summary: "@SUMMARY@",
    setting: "@SETTING@",
    // Who the trainee plays: PSO or PO.
    role: PSO,
    // Appointment length. Choices spend minutes; when they run out, play goes to `time_up`.
    minutes: 20,
    person: Person(
        name: "@NAME@",
        pronouns: "@PRONOUNS@",
        age: @AGE@,
        // A whole person: history, strengths, worries, the way they talk.
        background: "@BACKGROUND@",
        // What the case record says (it may be out of date or unfair).
        file_notes: ["@FILE_NOTE@"],
    ),
    objectives: [
        "@OBJECTIVE@",
        "Agree what happens next, together.",
    ],
    // The person's inner state, 0 to 100. Choices move them; conditions read them.
    dials: {
        "trust": 35,
        "openness": 20,
    },
    // Flags start false; choices `set` and `clear` them; conditions test them.
    flags: ["asked_first"],
    // Bibliography ids (assets/sources.ron).
    sources: ["nahouli-2023", "hmip-2023-05"],
    credits: [
        Credit(name: "Rapport project", contribution: "Starting template"),
    ],
    start: "opening",
    nodes: {
        "opening": Node(
            // FirstContact, Deepening or Maintaining: the rapport-building stage.
            stage: FirstContact,
            // Hostile, Guarded, Neutral, Open, Distressed or Warm.
            mood: Guarded,
            narration: "@NARRATION@",
            says: "@SAYS@",
            // Offer a skilled option, a well-meant but flawed one and a poor one, in varied order.
            choices: [
                Choice(
                    id: "explain-first",
                    say: "Not yet. First I'd like to hear how things are for you, and then I'll explain what today is for.",
                    // Skill id to weight, -3 to 3 (assets/skills.ron).
                    skills: { "respectful": 2, "collaborative": 1 },
                    effects: { "trust": 10, "openness": 10 },
                    set: ["asked_first"],
                    minutes: 3,
                    // Why the choice is or is not skilled, naming the skill.
                    feedback: "Asking before telling is respectful and collaborative: it shows the person their view counts.",
                    evidence: ["nahouli-2023"],
                    // How it felt to the person: a draft for lived-experience contributors to review.
                    perspective: "I thought I was getting a lecture. I got asked a question instead.",
                    next: "listening",
                ),
                Choice(
                    id: "read-the-file",
                    say: "Let me just read out what it says on your file first.",
                    skills: { "respectful": -1, "collaborative": -1 },
                    effects: { "trust": -10 },
                    minutes: 2,
                    feedback: "Reading from the file before listening puts the record ahead of the person: not respectful.",
                    evidence: ["hmip-2023-05"],
                    perspective: "Everything about me, read out like a shopping list.",
                    next: "shut-down",
                ),
                Choice(
                    id: "reassure",
                    say: "Don't worry, this is all just a formality. I'll take care of everything.",
                    skills: { "caring": 1, "autonomy": -1 },
                    effects: { "trust": 5 },
                    minutes: 1,
                    feedback: "Warm, but promising to take care of everything leaves no room for the person's own choices (autonomy).",
                    evidence: ["nahouli-2023"],
                    next: "listening",
                ),
            ],
        ),
        "listening": Node(
            stage: Deepening,
            mood: Neutral,
            says: "It's fine. I'll manage.",
            // The first variant whose condition holds replaces the words or mood.
            variants: [
                Variant(
                    when: "trust >= 40 && openness >= 25",
                    says: "@SAYS_OPEN@",
                    mood: Open,
                ),
            ],
            choices: [
                Choice(
                    id: "plan-together",
                    say: "Thank you for telling me. What would help most this week? Let's write it down together.",
                    // Offered only when the condition holds.
                    requires: "asked_first || trust >= 45",
                    skills: { "collaborative": 2, "problem_solving": 2 },
                    effects: { "trust": 10 },
                    minutes: 5,
                    feedback: "Solving the problem together, with the person choosing the next step, is collaborative problem solving.",
                    evidence: ["hmip-2023-05"],
                    next: "agreed",
                ),
                Choice(
                    id: "set-the-rules",
                    say: "Right. Here are the rules, and here is what happens if you break them.",
                    skills: { "effective_use_of_authority": 1, "respectful": -1 },
                    effects: { "trust": -5 },
                    minutes: 3,
                    feedback: "Clear rules matter, but leading with consequences before a plan is not an effective use of authority.",
                    evidence: ["hmip-2023-05"],
                    next: "signed-and-gone",
                ),
            ],
        ),
        "shut-down": Node(
            stage: Deepening,
            mood: Hostile,
            says: "Whatever. Where do I sign?",
            choices: [
                Choice(
                    id: "repair",
                    say: "I started that badly, sorry. Can we begin again? How are you doing?",
                    skills: { "respectful": 2, "pro_social_modelling": 1 },
                    effects: { "trust": 10, "openness": 5 },
                    minutes: 2,
                    feedback: "Owning a misstep models the behaviour you hope to see, and repairs the relationship.",
                    evidence: ["nahouli-2023"],
                    next: "listening",
                ),
                Choice(
                    id: "sign-here",
                    say: "Just here. See you next week.",
                    skills: { "collaborative": -2 },
                    effects: { "trust": -5 },
                    minutes: 1,
                    feedback: "A quick signature settles nothing and teaches the person not to raise problems: not collaborative.",
                    evidence: ["hmip-2023-05"],
                    next: "signed-and-gone",
                ),
            ],
        ),
    },
    // Each ending: a title, an outcome (Positive, Mixed or Negative) and what happens next.
    endings: {
        "agreed": Ending(
            title: "A plan made together",
            outcome: Positive,
            narration: "@NAME@ leaves with a next step they chose.",
        ),
        "signed-and-gone": Ending(
            title: "Signed and gone",
            outcome: Negative,
            narration: "@NAME@ signs and leaves. Nothing has changed.",
        ),
        "out-of-time": Ending(
            title: "Out of time",
            outcome: Mixed,
            narration: "The next appointment is waiting. There is no plan yet.",
        ),
    },
    time_up: "out-of-time",
    // Questions for the trainee in the debrief.
    reflection: [
        "@REFLECTION@",
        "Where did you hold a boundary, and how did you keep the relationship while you did?",
    ],
)
"#;

pub use crate::check::is_kebab;

/// The text of a new scenario of a kind with an id.
pub fn scenario_text(kind: Kind, id: &str) -> String {
    let w = words(kind);
    TEMPLATE
        .replace("@ID@", id)
        .replace("@TITLE@", w.title)
        .replace("@KIND@", kind.ron_name())
        .replace("@SUMMARY@", w.summary)
        .replace("@SETTING@", w.setting)
        .replace("@NAME@", w.name)
        .replace("@PRONOUNS@", w.pronouns)
        .replace("@AGE@", &w.age.to_string())
        .replace("@BACKGROUND@", w.background)
        .replace("@FILE_NOTE@", w.file_note)
        .replace("@OBJECTIVE@", w.objective)
        .replace("@NARRATION@", w.narration)
        .replace("@SAYS_OPEN@", w.says_open)
        .replace("@SAYS@", w.says)
        .replace("@REFLECTION@", w.reflection)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check_source;
    use crate::framework::Framework;

    #[test]
    fn every_kind_passes_check_with_no_warnings() {
        let framework = Framework::builtin();
        for kind in Kind::ALL {
            let text = scenario_text(kind, "my-scenario");
            assert!(!text.contains('@'), "unfilled slot in {kind:?}");
            let report = check_source("new.ron", text.as_bytes(), &framework);
            assert!(
                report.diagnostics.is_empty(),
                "{kind:?}:\n{}",
                report.render(false)
            );
            let scenario = report.scenario.unwrap_or_else(|| unreachable!());
            assert_eq!(scenario.kind, kind);
            assert_eq!(scenario.id, "my-scenario");
        }
    }
}
