//! The conversation as a picture: Graphviz `dot` and Mermaid flowcharts.
//!
//! Nodes carry their id and a few words of what is said, filled by rapport stage; endings
//! are shaped and coloured by outcome; choices are edges labelled with their id and the sign
//! of their skill weights (`+` skilled, `-` unskilled, `+/-` both, `0` none), dashed with the
//! condition when they have a `requires`, and naming the pitfalls a choice falls into. Beats
//! that move on by themselves are plain grey edges; branches are dotted purple edges labelled
//! with their condition; running out of time is a dashed edge from a "time runs out" note.
//! Both formats end with the same key ([`ARROW_KEY`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use rapport_core::model::{Choice, Outcome, Scenario, Stage};

/// Output format of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz `dot` source.
    Dot,
    /// A Mermaid `flowchart`.
    Mermaid,
}

/// Renders the scenario in the given format.
pub fn render(scenario: &Scenario, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => to_dot(scenario),
        GraphFormat::Mermaid => to_mermaid(scenario),
    }
}

/// Fill colour of a node in a stage.
pub fn stage_colour(stage: Stage) -> &'static str {
    match stage {
        Stage::FirstContact => "#cfe2f3",
        Stage::Deepening => "#d9ead3",
        Stage::Maintaining => "#fff2cc",
    }
}

/// Fill colour of an ending with an outcome.
pub fn outcome_colour(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Positive => "#93c47d",
        Outcome::Mixed => "#f6b26b",
        Outcome::Negative => "#e06666",
    }
}

fn dot_shape(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Positive => "doubleoctagon",
        Outcome::Mixed => "octagon",
        Outcome::Negative => "invhouse",
    }
}

/// The sign of a choice's skill weights: `+`, `-`, `+/-` or `0`.
pub fn weight_sign(choice: &Choice) -> &'static str {
    loops_sign(&[choice])
}

/// The sign of the skill weights of several choices together.
fn loops_sign(choices: &[&Choice]) -> &'static str {
    let weights = || {
        choices
            .iter()
            .flat_map(|c| c.skills.values().map(|w| w.value))
    };
    let positive = weights().any(|w| w > 0);
    let negative = weights().any(|w| w < 0);
    match (positive, negative) {
        (true, false) => "+",
        (false, true) => "-",
        (true, true) => "+/-",
        (false, false) => "0",
    }
}

fn sign_colour(sign: &str) -> &'static str {
    match sign {
        "+" => "#38761d",
        "-" => "#990000",
        "+/-" => "#b45f06",
        _ => "#666666",
    }
}

/// The first few words of a text, at most `max` characters, with an ellipsis when cut.
pub fn short_text(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out = String::new();
    for word in text.split(' ') {
        let extra = if out.is_empty() { 0 } else { 1 } + word.chars().count();
        if out.chars().count() + extra > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = text.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// The words a node's box shows: what the person says, else the narration.
fn node_words(scenario: &Scenario, id: &str) -> String {
    let Some(node) = scenario.nodes.get(id) else {
        return String::new();
    };
    let text = node
        .says
        .as_deref()
        .map(|s| format!("“{}”", short_text(s, 38)))
        .or_else(|| node.narration.as_deref().map(|n| short_text(n, 40)));
    text.unwrap_or_default()
}

/// The colour of branch arrows: play goes there instead of `next` when the condition holds.
const BRANCH_COLOUR: &str = "#7b3294";

/// What the arrows mean, in the key of both formats.
const ARROW_KEY: &str = "arrow: choice id (+ skilled, - unskilled, +/- both, 0 none, then any pitfall)\n\
     dashed: only if the condition holds\n\
     thick grey: moves on by itself\n\
     dotted purple: goes here instead, if the branch's condition holds";

/// Every branch out of a node: (who branches, its condition, its target). A choice's
/// branches are labelled with the choice id, a beat's with `next`.
fn branches_of(node: &rapport_core::model::Node) -> Vec<(String, String, &str)> {
    let mut out = Vec::new();
    for choice in &node.choices {
        for b in &choice.branches {
            out.push((choice.id.to_string(), b.when.to_string(), b.next.as_str()));
        }
    }
    if node.next.is_some() {
        for b in &node.branches {
            out.push(("next".to_string(), b.when.to_string(), b.next.as_str()));
        }
    }
    out
}

fn branch_label(who: &str, when: &str) -> String {
    format!("{who}, instead\n{}", wrapped(&format!("if {when}"), 40, 4))
}

fn edge_label(choice: &Choice) -> (String, Option<String>) {
    // A pitfall is named on the arrow: its weights do not all count (see scoring).
    let head = if choice.pitfalls.is_empty() {
        format!("{} ({})", choice.id, weight_sign(choice))
    } else {
        let names: Vec<String> = choice
            .pitfalls
            .iter()
            .map(|p| p.replace('_', "-"))
            .collect();
        format!(
            "{} ({}; {})",
            choice.id,
            weight_sign(choice),
            names.join(", ")
        )
    };
    let condition = choice
        .requires
        .as_deref()
        .map(|r| wrapped(&format!("if {r}"), 40, 4));
    (head, condition)
}

/// `text` on lines of at most `width` characters (broken between words), at most `lines`
/// of them, the last cut short with `…` if the text does not fit: conditions that differ only
/// near the end must still look different.
fn wrapped(text: &str, width: usize, lines: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut rest = text.split_whitespace().collect::<Vec<_>>().join(" ");
    while !rest.is_empty() {
        if out.len() + 1 == lines {
            out.push(short_text(&rest, width));
            break;
        }
        // The words that fit (a prefix of `rest`, whose spaces are single).
        let mut line = String::new();
        for word in rest.split(' ') {
            let extra = usize::from(!line.is_empty()) + word.chars().count();
            if line.chars().count() + extra > width {
                break;
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        // A single word longer than the line is cut where the line ends.
        if line.is_empty() {
            line = rest.chars().take(width).collect();
        }
        rest = rest[line.len()..].trim_start().to_string();
        out.push(line);
    }
    out.join("\n")
}

fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// Graphviz `dot` source; render with `dot -Tpng graph.dot -o graph.png`.
pub fn to_dot(scenario: &Scenario) -> String {
    let mut out = String::new();
    let q = |s: &str| format!("\"{}\"", dot_escape(s));
    let _ = writeln!(out, "digraph {} {{", q(&scenario.id));
    let _ = writeln!(
        out,
        "  graph [rankdir=TB, fontname=\"Helvetica\", label={}, labelloc=t, fontsize=18];",
        q(&format!("{} ({})", scenario.title, scenario.id))
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"Helvetica\", fontsize=10, style=\"filled,rounded\", shape=box];"
    );
    let _ = writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];");
    let _ = writeln!(out, "  \"__start\" [shape=point, width=0.15, label=\"\"];");
    let _ = writeln!(out, "  \"__start\" -> {};", q(&scenario.start));

    for (id, node) in &scenario.nodes {
        let words = node_words(scenario, id);
        let label = if words.is_empty() {
            id.to_string()
        } else {
            format!("{id}\n{words}")
        };
        let _ = writeln!(
            out,
            "  {} [label={}, fillcolor=\"{}\", tooltip={}];",
            q(id),
            q(&label),
            stage_colour(node.stage),
            q(node.stage.label())
        );
    }
    for (id, ending) in &scenario.endings {
        let _ = writeln!(
            out,
            "  {} [label={}, shape={}, style=filled, fillcolor=\"{}\", tooltip={}];",
            q(id),
            q(&format!(
                "{id}\n{}\n({})",
                ending.title,
                ending.outcome.label()
            )),
            dot_shape(ending.outcome),
            outcome_colour(ending.outcome),
            q(ending.outcome.label())
        );
    }
    for (id, node) in &scenario.nodes {
        if let Some(next) = &node.next {
            let _ = writeln!(
                out,
                "  {} -> {} [color=\"#999999\", penwidth=1.5];",
                q(id),
                q(next)
            );
        }
        for choice in &node.choices {
            let (head, condition) = edge_label(choice);
            let sign = weight_sign(choice);
            let colour = sign_colour(sign);
            let (label, style) = match condition {
                Some(c) => (format!("{head}\n{c}"), "dashed"),
                None => (head, "solid"),
            };
            let _ = writeln!(
                out,
                "  {} -> {} [label={}, color=\"{colour}\", fontcolor=\"{colour}\", style={style}];",
                q(id),
                q(&choice.next),
                q(&label)
            );
        }
        for (who, when, target) in branches_of(node) {
            let _ = writeln!(
                out,
                "  {} -> {} [label={}, color=\"{BRANCH_COLOUR}\", fontcolor=\"{BRANCH_COLOUR}\", style=dotted, penwidth=1.5];",
                q(id),
                q(target),
                q(&branch_label(&who, &when))
            );
        }
    }
    if let (Some(target), Some(minutes)) = (&scenario.time_up, scenario.minutes) {
        let _ = writeln!(
            out,
            "  \"__time_up\" [shape=note, style=filled, fillcolor=\"#eeeeee\", label={}];",
            q(&format!("time runs out\n({minutes} minutes)"))
        );
        let _ = writeln!(
            out,
            "  \"__time_up\" -> {} [style=dashed, color=\"#666666\"];",
            q(target)
        );
    }
    // A legend, so a printed graph explains itself.
    let _ = writeln!(out, "  subgraph cluster_legend {{");
    let _ = writeln!(
        out,
        "    label=\"Key\"; fontsize=10; style=dashed; color=\"#999999\";"
    );
    for stage in [Stage::FirstContact, Stage::Deepening, Stage::Maintaining] {
        let _ = writeln!(
            out,
            "    \"__stage_{stage:?}\" [label={}, fillcolor=\"{}\"];",
            q(stage.label()),
            stage_colour(stage)
        );
    }
    for outcome in [Outcome::Positive, Outcome::Mixed, Outcome::Negative] {
        let _ = writeln!(
            out,
            "    \"__outcome_{outcome:?}\" [label={}, shape={}, style=filled, fillcolor=\"{}\"];",
            q(&format!("{} ending", outcome.label())),
            dot_shape(outcome),
            outcome_colour(outcome)
        );
    }
    let _ = writeln!(
        out,
        "    \"__stage_FirstContact\" -> \"__stage_Deepening\" -> \"__stage_Maintaining\" [style=invis];"
    );
    let _ = writeln!(
        out,
        "    \"__outcome_Positive\" -> \"__outcome_Mixed\" -> \"__outcome_Negative\" [style=invis];"
    );
    let _ = writeln!(
        out,
        "    \"__arrows\" [shape=note, style=filled, fillcolor=\"#ffffff\", label={}];",
        q(ARROW_KEY)
    );
    let _ = writeln!(
        out,
        "    \"__outcome_Negative\" -> \"__arrows\" [style=invis];"
    );
    let _ = writeln!(out, "  }}");
    let _ = writeln!(out, "}}");
    out
}

/// Mermaid ids: letters, digits and underscores, unique, never a keyword.
struct MermaidIds {
    ids: BTreeMap<String, String>,
    used: BTreeSet<String>,
}

impl MermaidIds {
    fn new(scenario: &Scenario) -> MermaidIds {
        let mut this = MermaidIds {
            ids: BTreeMap::new(),
            used: BTreeSet::new(),
        };
        for id in scenario.nodes.keys() {
            this.add(id, "n_");
        }
        for id in scenario.endings.keys() {
            if !this.ids.contains_key(id.as_str()) {
                this.add(id, "e_");
            }
        }
        this
    }

    fn add(&mut self, id: &str, prefix: &str) {
        let base: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let mut candidate = format!("{prefix}{base}");
        let mut n = 2;
        while self.used.contains(&candidate) {
            candidate = format!("{prefix}{base}_{n}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        self.ids.insert(id.to_string(), candidate);
    }

    fn get(&self, id: &str) -> String {
        self.ids.get(id).cloned().unwrap_or_else(|| {
            format!(
                "missing_{}",
                id.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            )
        })
    }
}

/// Text inside a Mermaid `"..."` label: characters Mermaid treats specially become entity
/// codes.
///
/// `:` is encoded too: before parsing, Mermaid drops the last `;` of any line matching
/// `style.*:\S*#.*;` (meant for `style` statements), which would cut an entity in a label
/// such as "lifestyle:#1" short. With no bare `:` in a label that pattern cannot match.
fn mermaid_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            ':' => out.push_str("#58;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            '|' => out.push_str("#124;"),
            _ => out.push(c),
        }
    }
    out
}

/// The diagram title for Mermaid's front matter, as a YAML single-quoted scalar.
///
/// Mermaid reads the title before it decodes entity codes and then escapes it once more
/// when drawing, so a bare `&` would show as "&amp;" and `<`, `>` could be taken for
/// markup: those become words or look-alike angle quotes instead.
fn mermaid_title(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        match c {
            '\'' => out.push_str("''"),
            '&' => out.push_str("and"),
            '<' => out.push('‹'),
            '>' => out.push('›'),
            c if c.is_control() => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Opening and closing of an ending's node, by outcome: a stadium, a hexagon or a trapezoid.
fn mermaid_ending_shape(outcome: Outcome) -> (&'static str, &'static str) {
    match outcome {
        Outcome::Positive => ("([\"", "\"])"),
        Outcome::Mixed => ("{{\"", "\"}}"),
        Outcome::Negative => ("[/\"", "\"\\]"),
    }
}

const STAGES: [Stage; 3] = [Stage::FirstContact, Stage::Deepening, Stage::Maintaining];
const OUTCOMES: [Outcome; 3] = [Outcome::Positive, Outcome::Mixed, Outcome::Negative];

/// The Mermaid class of a stage.
fn stage_class(stage: Stage) -> &'static str {
    match stage {
        Stage::FirstContact => "firstContact",
        Stage::Deepening => "deepening",
        Stage::Maintaining => "maintaining",
    }
}

/// The Mermaid class of an ending's outcome.
fn outcome_class(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Positive => "positive",
        Outcome::Mixed => "mixed",
        Outcome::Negative => "negative",
    }
}

/// A Mermaid flowchart; paste into any Mermaid renderer (GitHub, GitLab, mermaid.live).
pub fn to_mermaid(scenario: &Scenario) -> String {
    let ids = MermaidIds::new(scenario);
    let mut out = String::new();
    let _ = writeln!(out, "---");
    let _ = writeln!(
        out,
        "title: {}",
        mermaid_title(&format!("{} ({})", scenario.title, scenario.id))
    );
    let _ = writeln!(out, "---");
    let _ = writeln!(out, "flowchart TD");
    let _ = writeln!(
        out,
        "  start_point((start)) --> {}",
        ids.get(&scenario.start)
    );
    for (id, node) in &scenario.nodes {
        let words = node_words(scenario, id);
        let label = if words.is_empty() {
            id.to_string()
        } else {
            format!("{id}\n{words}")
        };
        let class = stage_class(node.stage);
        let _ = writeln!(
            out,
            "  {}[\"{}\"]:::{class}",
            ids.get(id),
            mermaid_escape(&label)
        );
    }
    for (id, ending) in &scenario.endings {
        let label = mermaid_escape(&format!(
            "{id}\n{}\n({})",
            ending.title,
            ending.outcome.label()
        ));
        let (open, close) = mermaid_ending_shape(ending.outcome);
        let class = outcome_class(ending.outcome);
        let _ = writeln!(out, "  {}{open}{label}{close}:::{class}", ids.get(id));
    }
    // Links are numbered in the order they are written, from 0: the start arrow is link 0.
    let mut link = 1usize;
    let mut link_styles: Vec<(usize, &'static str)> = Vec::new();
    for (id, node) in &scenario.nodes {
        if let Some(next) = &node.next {
            let _ = writeln!(out, "  {} ==> {}", ids.get(id), ids.get(next));
            link_styles.push((link, "#999999"));
            link += 1;
        }
        // Mermaid draws only one of several loops on the same node (mermaid-js/mermaid
        // issue 6888), so a node's loops become one arrow carrying all their labels.
        let (loops, onward): (Vec<&Choice>, Vec<&Choice>) =
            node.choices.iter().partition(|c| c.next == *id);
        for choice in &onward {
            let (head, condition) = edge_label(choice);
            let (label, arrow) = match condition {
                Some(c) => (format!("{head}\n{c}"), "-.->"),
                None => (head, "-->"),
            };
            let _ = writeln!(
                out,
                "  {} {arrow}|\"{}\"| {}",
                ids.get(id),
                mermaid_escape(&label),
                ids.get(&choice.next)
            );
            link_styles.push((link, sign_colour(weight_sign(choice))));
            link += 1;
        }
        if !loops.is_empty() {
            let mut lines = Vec::new();
            for choice in &loops {
                let (head, condition) = edge_label(choice);
                lines.push(head);
                lines.extend(condition);
            }
            let arrow = if loops.iter().all(|c| c.requires.is_some()) {
                "-.->"
            } else {
                "-->"
            };
            let _ = writeln!(
                out,
                "  {} {arrow}|\"{}\"| {}",
                ids.get(id),
                mermaid_escape(&lines.join("\n")),
                ids.get(id)
            );
            link_styles.push((link, sign_colour(loops_sign(&loops))));
            link += 1;
        }
        for (who, when, target) in branches_of(node) {
            let _ = writeln!(
                out,
                "  {} -.->|\"{}\"| {}",
                ids.get(id),
                mermaid_escape(&branch_label(&who, &when)),
                ids.get(target)
            );
            link_styles.push((link, BRANCH_COLOUR));
            link += 1;
        }
    }
    if let (Some(target), Some(minutes)) = (&scenario.time_up, scenario.minutes) {
        let _ = writeln!(
            out,
            "  time_up_note>\"time runs out ({minutes} minutes)\"]:::timeUp -.-> {}",
            ids.get(target)
        );
        link_styles.push((link, "#666666"));
        link += 1;
    }
    // A key, so a pasted graph explains itself. Its invisible links come after every other
    // link, so the link numbers above stay right.
    let _ = writeln!(out, "  subgraph key_box[\"Key\"]");
    let _ = writeln!(out, "    direction LR");
    for stage in STAGES {
        let class = stage_class(stage);
        let _ = writeln!(
            out,
            "    key_{class}[\"{}\"]:::{class}",
            mermaid_escape(stage.label())
        );
    }
    for outcome in OUTCOMES {
        let class = outcome_class(outcome);
        let (open, close) = mermaid_ending_shape(outcome);
        let _ = writeln!(
            out,
            "    key_{class}{open}{}{close}:::{class}",
            mermaid_escape(&format!("{} ending", outcome.label()))
        );
    }
    let _ = writeln!(
        out,
        "    key_edges[\"{}\"]:::keyNote",
        mermaid_escape(ARROW_KEY)
    );
    let _ = writeln!(
        out,
        "    key_firstContact ~~~ key_deepening ~~~ key_maintaining ~~~ key_positive ~~~ key_mixed ~~~ key_negative ~~~ key_edges"
    );
    let _ = writeln!(out, "  end");
    let _ = link;
    for stage in STAGES {
        let class = stage_class(stage);
        let _ = writeln!(
            out,
            "  classDef {class} fill:{},stroke:#555555,color:#000000",
            stage_colour(stage)
        );
    }
    for outcome in OUTCOMES {
        let class = outcome_class(outcome);
        let _ = writeln!(
            out,
            "  classDef {class} fill:{},stroke:#333333,color:#000000",
            outcome_colour(outcome)
        );
    }
    let _ = writeln!(
        out,
        "  classDef timeUp fill:#eeeeee,stroke:#666666,color:#000000"
    );
    let _ = writeln!(
        out,
        "  classDef keyNote fill:#ffffff,stroke:#999999,color:#000000"
    );
    // Edge colours by the sign of the skill weights, grouped to keep the output short.
    let mut by_colour: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (index, colour) in link_styles {
        by_colour.entry(colour).or_default().push(index.to_string());
    }
    for (colour, indices) in by_colour {
        let _ = writeln!(out, "  linkStyle {} stroke:{colour}", indices.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_cuts_at_a_word() {
        assert_eq!(
            short_text("Sorry. The bus didn't come.", 40),
            "Sorry. The bus didn't come."
        );
        assert_eq!(short_text("one two three four five", 12), "one two…");
        assert_eq!(short_text("abcdefghijklmnop", 6), "abcde…");
    }

    #[test]
    fn conditions_wrap_instead_of_being_cut() {
        let long = "if (rules_explained || rules_late) && trust >= 40 && !promised_secrecy";
        let text = wrapped(long, 40, 4);
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
        assert_eq!(text.replace('\n', " "), long);
        assert_eq!(wrapped("if short", 40, 4), "if short");
        // Past the last line it is cut with an ellipsis.
        let cut = wrapped(&"word ".repeat(60), 40, 2);
        assert_eq!(cut.lines().count(), 2);
        assert!(cut.ends_with('…'));
        // One overlong word is split where the line ends.
        let word = "x".repeat(90);
        assert_eq!(wrapped(&word, 40, 4).replace('\n', ""), word);
    }

    #[test]
    fn escapes() {
        assert_eq!(dot_escape("a \"b\"\nc\\"), "a \\\"b\\\"\\nc\\\\");
        assert_eq!(
            mermaid_escape("trust >= 4 && \"x\""),
            "trust #gt;= 4 #amp;#amp; #quot;x#quot;"
        );
        assert_eq!(
            mermaid_escape("!a || (b < 3) #1\nlifestyle: x;"),
            "!a #124;#124; (b #lt; 3) #35;1<br/>lifestyle#58; x;"
        );
        assert_eq!(mermaid_escape("café “é”"), "café “é”");
    }

    #[test]
    fn mermaid_title_is_plain_yaml() {
        assert_eq!(
            mermaid_title("Kez's \"late\" #1: a & b <c> \\"),
            "'Kez''s \"late\" #1: a and b ‹c› \\'"
        );
        assert_eq!(mermaid_title("two\nlines"), "'two lines'");
    }

    fn check_in() -> Option<Scenario> {
        rapport_core::check::parse_scenario(
            "check-in.ron",
            include_str!("../../../tests/fixtures/check-in.ron"),
            &rapport_core::framework::Framework::builtin(),
        )
        .scenario
        .map(|s| s.as_ref().clone())
    }

    /// The `linkStyle` line giving `colour`, as link numbers.
    fn styled_links(mermaid: &str, colour: &str) -> Vec<usize> {
        mermaid
            .lines()
            .find(|l| l.trim_start().starts_with("linkStyle") && l.ends_with(colour))
            .map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|n| n.parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The links of a flowchart in the order Mermaid numbers them.
    fn links(mermaid: &str) -> Vec<&str> {
        mermaid
            .lines()
            .filter(|l| l.contains("-->") || l.contains("==>") || l.contains("-.->"))
            .collect()
    }

    #[test]
    fn mermaid_link_colours_follow_the_choice_signs() {
        let scenario = check_in();
        assert!(scenario.is_some(), "the check-in fixture parses");
        let Some(scenario) = scenario else { return };
        let text = to_mermaid(&scenario);
        let links = links(&text);
        // Link 0 is the start arrow, which is left uncoloured.
        assert!(links[0].contains("start_point"));
        for n in styled_links(&text, "#38761d") {
            assert!(
                links[n].contains("(+)"),
                "link {n} is not skilled: {}",
                links[n]
            );
        }
        for n in styled_links(&text, "#990000") {
            assert!(
                links[n].contains("(-)"),
                "link {n} is not unskilled: {}",
                links[n]
            );
        }
        for n in styled_links(&text, "#b45f06") {
            assert!(
                links[n].contains("(+/-)"),
                "link {n} is not mixed: {}",
                links[n]
            );
        }
        let styled: usize = ["#38761d", "#990000", "#b45f06", "#666666"]
            .iter()
            .map(|c| styled_links(&text, c).len())
            .sum();
        // Every choice and the time-up arrow, not the start arrow.
        assert_eq!(styled, links.len() - 1);
    }

    #[test]
    fn mermaid_has_every_node_a_key_and_safe_ids() {
        let scenario = check_in();
        assert!(scenario.is_some(), "the check-in fixture parses");
        let Some(mut scenario) = scenario else { return };
        let text = to_mermaid(&scenario);
        for id in scenario.nodes.keys() {
            let node_id = format!("n_{}", id.replace('-', "_"));
            assert!(text.contains(&format!("  {node_id}[\"{id}<br/>")), "{id}");
        }
        assert!(text.contains("  e_agreed([\"agreed<br/>"));
        assert!(text.contains("  e_out_of_time{{\"out-of-time<br/>"));
        assert!(text.contains("  e_processed[/\"processed<br/>"));
        assert!(text.contains("subgraph key_box[\"Key\"]"));
        assert!(text.contains("key_positive([\"Positive ending\"]):::positive"));
        assert!(text.contains("-.->|\"confirm-and-explain (+)<br/>if offered_to_move_time\"|"));
        assert!(text.starts_with("---\ntitle: 'A short check-in (check-in)'\n---\n"));
        // A node called `end` (a Mermaid keyword) gets a prefixed id.
        if let Some(arrive) = scenario.nodes.remove("arrive") {
            scenario.nodes.insert("end".into(), arrive);
        }
        scenario.start = "end".into();
        let text = to_mermaid(&scenario);
        assert!(text.contains("start_point((start)) --> n_end\n"));
        assert!(text.contains("  n_end[\"end<br/>"));
    }

    #[test]
    fn mermaid_merges_loops_on_one_node() {
        let scenario = check_in();
        assert!(scenario.is_some(), "the check-in fixture parses");
        let Some(mut scenario) = scenario else { return };
        for choice in scenario
            .nodes
            .get_mut("plan")
            .into_iter()
            .flat_map(|n| &mut n.choices)
        {
            choice.next = "plan".into();
        }
        let text = to_mermaid(&scenario);
        let loops: Vec<&str> = links(&text)
            .into_iter()
            .filter(|l| l.trim_start().starts_with("n_plan ") && l.ends_with("| n_plan"))
            .collect();
        assert_eq!(loops.len(), 1, "{loops:?}");
        assert!(
            loops[0].contains(
                "confirm-and-explain (+)<br/>if offered_to_move_time<br/>overpromise (+/-)"
            )
        );
        // One condition-free choice: the merged arrow is solid, coloured for mixed signs.
        assert!(loops[0].contains(" -->|"));
        let n = links(&text).iter().position(|l| *l == loops[0]);
        assert!(n.is_some_and(|n| styled_links(&text, "#b45f06").contains(&n)));
    }
}
