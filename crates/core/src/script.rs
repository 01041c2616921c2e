//! A scenario as a readable script for paper workshops (`rapport script`): the person, every
//! node in story order with its words and variants (conditions in plain words), every choice
//! with its feedback and other-chair line, and the endings, each with ruled space for notes.
//! HTML (self-contained, printable on A4) or Markdown.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt::Write as _;

use crate::check::edges;
use crate::model::{Choice, Ending, Expression, Node, Scenario};

/// The nodes and endings in the order a reader meets them: breadth first from `start`,
/// following each choice's `next` and branches (and a node's own), then what time running
/// out leads to, then anything no route reaches (in id order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryOrder<'a> {
    /// Node ids.
    pub nodes: Vec<&'a str>,
    /// Ending ids.
    pub endings: Vec<&'a str>,
    /// How many of `nodes` are reached from `start` (the rest are unreached).
    pub reached_nodes: usize,
    /// How many of `endings` are reached from `start`.
    pub reached_endings: usize,
}

/// The story order of a scenario (see [`StoryOrder`]).
pub fn story_order(scenario: &Scenario) -> StoryOrder<'_> {
    let edges = edges(scenario);
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut nodes = Vec::new();
    let mut endings = Vec::new();
    let mut queue: VecDeque<&str> = VecDeque::new();
    let mut roots: Vec<&str> = vec![scenario.start.as_str()];
    if let Some(t) = &scenario.time_up {
        roots.push(t.as_str());
    }
    for root in roots {
        if seen.insert(root) {
            queue.push_back(root);
        }
        while let Some(id) = queue.pop_front() {
            if let Some((key, _)) = scenario.nodes.get_key_value(id) {
                nodes.push(key.as_str());
                for next in edges.get(id).into_iter().flatten() {
                    if seen.insert(next) {
                        queue.push_back(next);
                    }
                }
            } else if let Some((key, _)) = scenario.endings.get_key_value(id) {
                endings.push(key.as_str());
            }
        }
    }
    let reached_nodes = nodes.len();
    let reached_endings = endings.len();
    nodes.extend(
        scenario
            .nodes
            .keys()
            .map(|k| k.as_str())
            .filter(|k| !seen.contains(k)),
    );
    endings.extend(
        scenario
            .endings
            .keys()
            .map(|k| k.as_str())
            .filter(|k| !seen.contains(k)),
    );
    StoryOrder {
        nodes,
        endings,
        reached_nodes,
        reached_endings,
    }
}

/// A condition in plain words, or its text when it does not parse.
pub fn condition_words(expression: &Expression) -> String {
    expression
        .condition()
        .map_or_else(|| format!("`{}`", expression.as_str()), |c| c.in_words())
}

/// Escapes text for HTML (element content and quoted attribute values).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown: characters that would start formatting are backslashed, and
/// each line of a text stays inside its block quote.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("  \n> "),
            _ => out.push(c),
        }
    }
    out
}

/// One thing a reader can comment on, in a format-neutral shape.
enum Block<'a> {
    /// A heading that starts a node or an ending.
    Heading { title: String, id: &'a str },
    /// Labelled text with space for notes: (label, text) rows.
    Item {
        kind: &'static str,
        rows: Vec<(String, String)>,
    },
}

/// How a target is named in "Leads to": `3 (checklist)` for a node by its number in the
/// script, `the ending "Title" (agreed)` for an ending.
struct Targets<'a> {
    numbers: BTreeMap<&'a str, usize>,
    scenario: &'a Scenario,
}

impl Targets<'_> {
    fn name(&self, id: &str) -> String {
        if let Some(n) = self.numbers.get(id) {
            format!("{n} ({id})")
        } else if let Some(ending) = self.scenario.endings.get(id) {
            format!("the ending \"{}\" ({id})", ending.title)
        } else {
            id.to_string()
        }
    }
}

fn node_blocks<'a>(
    id: &'a str,
    number: usize,
    node: &'a Node,
    reached: bool,
    targets: &Targets<'_>,
) -> Vec<Block<'a>> {
    let mut blocks = vec![Block::Heading {
        title: format!(
            "{number}. {} · {}{}",
            node.stage.label(),
            node.mood.label(),
            if reached {
                ""
            } else {
                " · not reached by any route"
            }
        ),
        id,
    }];
    let mut rows = Vec::new();
    if let Some(narration) = &node.narration {
        rows.push(("Narration".to_string(), narration.clone()));
    }
    if let Some(says) = &node.says {
        rows.push(("The person says".to_string(), says.clone()));
    }
    if !rows.is_empty() {
        blocks.push(Block::Item { kind: "says", rows });
    }
    for (i, variant) in node.variants.iter().enumerate() {
        let mut rows = vec![(
            format!("Variant {}: if", i + 1),
            condition_words(&variant.when),
        )];
        if let Some(mood) = variant.mood {
            rows.push(("Mood".into(), mood.label().into()));
        }
        if let Some(narration) = &variant.narration {
            rows.push(("Narration".into(), narration.clone()));
        }
        if let Some(says) = &variant.says {
            rows.push(("The person says".into(), says.clone()));
        }
        blocks.push(Block::Item {
            kind: "variant",
            rows,
        });
    }
    for (i, choice) in node.choices.iter().enumerate() {
        blocks.push(choice_block(i, choice, targets));
    }
    if node.choices.is_empty() {
        let mut rows = Vec::new();
        for branch in &node.branches {
            rows.push((
                "Goes on to".into(),
                format!(
                    "{} if {}",
                    targets.name(&branch.next),
                    condition_words(&branch.when)
                ),
            ));
        }
        if let Some(next) = &node.next {
            let label = if node.branches.is_empty() {
                "Goes on to"
            } else {
                "Otherwise"
            };
            rows.push((label.into(), targets.name(next)));
        }
        if !rows.is_empty() {
            blocks.push(Block::Item { kind: "next", rows });
        }
    }
    blocks
}

fn choice_block<'a>(index: usize, choice: &'a Choice, targets: &Targets<'_>) -> Block<'a> {
    let mut rows = vec![(format!("Option {}: you say", index + 1), choice.say.clone())];
    if let Some(requires) = &choice.requires {
        rows.push(("Offered only if".into(), condition_words(requires)));
    }
    if !choice.feedback.is_empty() {
        rows.push(("Feedback".into(), choice.feedback.clone()));
    }
    if let Some(perspective) = &choice.perspective {
        rows.push(("From the other chair".into(), perspective.clone()));
    }
    let mut next = targets.name(&choice.next);
    for branch in &choice.branches {
        let _ = write!(
            next,
            "; {} if {}",
            targets.name(&branch.next),
            condition_words(&branch.when)
        );
    }
    rows.push(("Leads to".into(), next));
    Block::Item {
        kind: "choice",
        rows,
    }
}

fn ending_blocks<'a>(id: &'a str, ending: &'a Ending, reached: bool) -> Vec<Block<'a>> {
    let mut blocks = vec![Block::Heading {
        title: format!(
            "Ending: {} ({}){}",
            ending.title,
            ending.outcome.label(),
            if reached {
                ""
            } else {
                " · not reached by any route"
            }
        ),
        id,
    }];
    if let Some(narration) = &ending.narration {
        blocks.push(Block::Item {
            kind: "ending",
            rows: vec![("Narration".into(), narration.clone())],
        });
    }
    for (i, variant) in ending.variants.iter().enumerate() {
        let mut rows = vec![(
            format!("Variant {}: if", i + 1),
            condition_words(&variant.when),
        )];
        if let Some(title) = &variant.title {
            rows.push(("Title".into(), title.clone()));
        }
        if let Some(narration) = &variant.narration {
            rows.push(("Narration".into(), narration.clone()));
        }
        blocks.push(Block::Item {
            kind: "variant",
            rows,
        });
    }
    blocks
}

fn all_blocks(scenario: &Scenario) -> Vec<Block<'_>> {
    let order = story_order(scenario);
    let targets = Targets {
        numbers: order
            .nodes
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i + 1))
            .collect(),
        scenario,
    };
    let mut blocks = Vec::new();
    for (i, id) in order.nodes.iter().enumerate() {
        if let Some(node) = scenario.nodes.get(*id) {
            blocks.extend(node_blocks(
                id,
                i + 1,
                node,
                i < order.reached_nodes,
                &targets,
            ));
        }
    }
    for (i, id) in order.endings.iter().enumerate() {
        if let Some(ending) = scenario.endings.get(*id) {
            blocks.extend(ending_blocks(id, ending, i < order.reached_endings));
        }
    }
    blocks
}

const CONDITION_NOTE: &str = "Variants replace the person's words when their condition holds. \
Conditions read the person's inner state (dials such as trust, from 0 to 100, which the \
trainee cannot see) and things that have happened earlier in the conversation (short \
phrases such as \"explained limits\"). This is what they mean:";

/// What the words in conditions mean: each dial with its starting value, each flag with the
/// options that make it happen (and undo it), by node number and option number.
fn legend(scenario: &Scenario) -> Vec<(String, String)> {
    let order = story_order(scenario);
    let mut out = Vec::new();
    for (dial, start) in &scenario.dials {
        out.push((
            dial.replace(['_', '-'], " "),
            format!("a dial from 0 to 100; it starts at {}", start.value),
        ));
    }
    for flag in &scenario.flags {
        let mut set = Vec::new();
        let mut cleared = Vec::new();
        for (n, id) in order.nodes.iter().enumerate() {
            let Some(node) = scenario.nodes.get(*id) else {
                continue;
            };
            for (i, choice) in node.choices.iter().enumerate() {
                let at = format!("{} option {}", n + 1, i + 1);
                if choice.set.iter().any(|f| f == flag) {
                    set.push(at.clone());
                }
                if choice.clear.iter().any(|f| f == flag) {
                    cleared.push(at);
                }
            }
        }
        let mut meaning = if set.is_empty() {
            "nothing in the scenario makes this happen".to_string()
        } else {
            format!("happens when the trainee chooses {}", set.join(", "))
        };
        if !cleared.is_empty() {
            let _ = write!(meaning, "; undone by {}", cleared.join(", "));
        }
        out.push((flag.replace(['_', '-'], " "), meaning));
    }
    out
}

const CSS: &str = r#"
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 10.5pt; line-height: 1.35;
  color: #000; background: #fff; margin: 0 auto; max-width: 190mm; padding: 8mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 8mm 0 2mm; border-bottom: 1.5pt solid #000; padding-bottom: 1mm;
  break-after: avoid; page-break-after: avoid; }
.id { font-family: "DejaVu Sans Mono", monospace; font-size: 8pt; color: #444; font-weight: normal; }
.meta { color: #222; margin: 0 0 4mm; }
.item { display: flex; gap: 4mm; border: 0.75pt solid #999; border-radius: 2mm; padding: 2.5mm;
  margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
.text { flex: 3; }
.notes { flex: 2; min-height: 24mm; border-left: 0.75pt solid #999; padding-left: 3mm;
  position: relative; overflow: hidden; font-size: 8pt; color: #555; }
.rules { position: absolute; top: 4mm; left: 3mm; right: 0; }
.rules div { height: 6.5mm; border-bottom: 0.5pt solid #aaa; }
.row { margin: 0 0 1.5mm; }
.label { display: block; font-family: Arial, Helvetica, sans-serif; font-size: 8pt;
  text-transform: uppercase; letter-spacing: 0.04em; color: #333; }
.value.words { font-size: 11.5pt; }
.choice { border-color: #666; }
.item.person { break-inside: auto; page-break-inside: auto; }
.other-chair { font-style: italic; }
.note { font-size: 9pt; color: #222; border-left: 2pt solid #000; padding-left: 3mm;
  margin: 4mm 0; }
.note p { margin: 0 0 1.5mm; }
.note dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 3mm; }
.note dt { font-weight: bold; }
.note dd { margin: 0; }
ul.file { margin: 0; padding-left: 5mm; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
}
"#;

/// The scenario as a self-contained HTML page: inline CSS, no scripts, nothing fetched, all
/// text escaped; A4 print styles keep each item on one page.
pub fn to_html(scenario: &Scenario) -> String {
    let e = escape_html;
    // Ruled lines for notes, as many as the tallest item could need; the column is as tall as
    // the item's text and hides the rest.
    let notes = format!(
        "<div class=\"notes\">Notes<div class=\"rules\">{}</div></div>",
        "<div></div>".repeat(40)
    );
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} (script)</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        e(&scenario.title)
    );
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"meta\">{} · you play a {}{} · <span class=\"id\">{}</span></p>",
        e(&scenario.title),
        e(scenario.kind.label()),
        e(scenario.role.label()),
        scenario
            .minutes
            .map_or_else(String::new, |m| format!(" · {m} minutes")),
        e(&scenario.id)
    );
    let _ = writeln!(out, "<p>{}</p>", e(&scenario.summary));
    let _ = writeln!(
        out,
        "<p><span class=\"label\">Setting</span>{}</p>",
        e(&scenario.setting)
    );

    // The person.
    let person = &scenario.person;
    let mut about = person.name.clone();
    if let Some(p) = &person.pronouns {
        let _ = write!(about, " ({p})");
    }
    if let Some(age) = person.age {
        let _ = write!(about, ", {age}");
    }
    let _ = writeln!(out, "<h2>The person: {}</h2>", e(&about));
    let _ = writeln!(
        out,
        "<div class=\"item person\"><div class=\"text\"><div class=\"row\">\
         <span class=\"label\">Background</span>{}</div></div>\
         {notes}</div>",
        e(&person.background)
    );
    if !person.file_notes.is_empty() {
        out.push_str(
            "<div class=\"item person\"><div class=\"text\"><div class=\"row\">\
             <span class=\"label\">What the file says</span><ul class=\"file\">",
        );
        for note in &person.file_notes {
            let _ = write!(out, "<li>{}</li>", e(note));
        }
        let _ = writeln!(out, "</ul></div></div>{notes}</div>");
    }
    let _ = write!(out, "<div class=\"note\"><p>{}</p><dl>", e(CONDITION_NOTE));
    for (term, meaning) in legend(scenario) {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", e(&term), e(&meaning));
    }
    out.push_str("</dl></div>\n");

    for block in all_blocks(scenario) {
        match block {
            Block::Heading { title, id } => {
                let _ = writeln!(
                    out,
                    "<h2>{} <span class=\"id\">{}</span></h2>",
                    e(&title),
                    e(id)
                );
            }
            Block::Item { kind, rows } => {
                let _ = write!(out, "<div class=\"item {kind}\"><div class=\"text\">");
                for (label, value) in rows {
                    let class = match label.as_str() {
                        "From the other chair" => "value other-chair",
                        "The person says" => "value words",
                        _ => "value",
                    };
                    let _ = write!(
                        out,
                        "<div class=\"row\"><span class=\"label\">{}</span><span class=\"{class}\">{}</span></div>",
                        e(&label),
                        e(&value).replace('\n', "<br>")
                    );
                }
                let _ = writeln!(out, "</div>{notes}</div>");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The scenario as Markdown: the same content as [`to_html`], with a ruled line for notes
/// under each item.
pub fn to_markdown(scenario: &Scenario) -> String {
    let m = escape_markdown;
    let notes = "Notes: ______________________________________________\n\n\
                 ______________________________________________________\n\n";
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", m(&scenario.title));
    let _ = writeln!(
        out,
        "{} · you play a {}{} · `{}`\n",
        m(scenario.kind.label()),
        m(scenario.role.label()),
        scenario
            .minutes
            .map_or_else(String::new, |mins| format!(" · {mins} minutes")),
        scenario.id.replace('`', "")
    );
    let _ = writeln!(out, "{}\n", m(&scenario.summary));
    let _ = writeln!(out, "**Setting:** {}\n", m(&scenario.setting));
    let person = &scenario.person;
    let _ = writeln!(out, "## The person: {}\n", m(&person.name));
    if let Some(p) = &person.pronouns {
        let _ = writeln!(out, "Pronouns: {}  ", m(p));
    }
    if let Some(age) = person.age {
        let _ = writeln!(out, "Age: {age}  ");
    }
    let _ = writeln!(out, "\n**Background:** {}\n", m(&person.background));
    if !person.file_notes.is_empty() {
        out.push_str("**What the file says:**\n\n");
        for note in &person.file_notes {
            let _ = writeln!(out, "- {}", m(note).replace("  \n> ", " "));
        }
        out.push('\n');
    }
    out.push_str(notes);
    let _ = writeln!(out, "{}\n", m(CONDITION_NOTE));
    for (term, meaning) in legend(scenario) {
        let _ = writeln!(out, "- **{}**: {}", m(&term), m(&meaning));
    }
    out.push('\n');
    for block in all_blocks(scenario) {
        match block {
            Block::Heading { title, id } => {
                let _ = writeln!(out, "## {} (`{}`)\n", m(&title), id.replace('`', ""));
            }
            Block::Item { rows, .. } => {
                for (label, value) in rows {
                    let _ = writeln!(out, "**{}:**\n\n> {}\n", m(&label), m(&value));
                }
                out.push_str(notes);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html(r#"<b>"Tom" & 'Jerry'</b>"#),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
        assert_eq!(escape_markdown("a *b* [c]"), r"a \*b\* \[c\]");
    }
}
