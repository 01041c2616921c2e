//! The person-first language check (`assets/language.ron`), run by `rapport check`.
//!
//! It reads the scenario's own voice: narration, the trainee's lines, feedback, endings,
//! the card and briefing text. It leaves alone what the person says and the "other chair"
//! perspectives (people may use any words about themselves) and the file notes (the case
//! record may be out of date or unfair on purpose).

use crate::diagnostic::Span;
use crate::framework::LanguageGuide;
use crate::model::Scenario;
use crate::spans::Value;
use crate::validate::Sink;

/// A term found in a text: byte offset, length, index of the term in the guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Byte offset into the text.
    pub offset: usize,
    /// Byte length of the match.
    pub len: usize,
    /// Index into `LanguageGuide::terms`.
    pub term: usize,
}

/// Finds the guide's terms in a text: whole words, ignoring case, longest match first
/// (so "ex-offender" is reported once, not also as "offender").
pub fn find_terms(text: &str, guide: &LanguageGuide) -> Vec<Found> {
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths for some scripts; only use it when it does not.
    let haystack = if lower.len() == text.len() {
        lower
    } else {
        text.to_string()
    };
    let mut found: Vec<Found> = Vec::new();
    for (index, term) in guide.terms.iter().enumerate() {
        let needle = term.term.to_lowercase();
        if needle.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(pos) = haystack[from..].find(&needle) {
            let start = from + pos;
            let end = start + needle.len();
            let before = haystack[..start].chars().next_back();
            let after = haystack[end..].chars().next();
            let boundary =
                |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
            if boundary(before) && boundary(after) {
                found.push(Found {
                    offset: start,
                    len: needle.len(),
                    term: index,
                });
            }
            from = start + needle.len().max(1);
            while !haystack.is_char_boundary(from) {
                from += 1;
            }
        }
    }
    found.sort_by_key(|f| (f.offset, std::cmp::Reverse(f.len)));
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        if kept.last().is_none_or(|k| f.offset >= k.offset + k.len) {
            kept.push(f);
        }
    }
    kept
}

/// Reports the guide's terms in the scenario's own voice as warnings.
pub fn check_language(
    scenario: &Scenario,
    tree: &Value,
    guide: &LanguageGuide,
    sink: &mut Sink<'_>,
) {
    if guide.terms.is_empty() {
        return;
    }
    let mut texts: Vec<(&str, Option<&Value>, &'static str)> = Vec::new();
    texts.push((&scenario.summary, tree.field("summary"), "the summary"));
    texts.push((&scenario.setting, tree.field("setting"), "the setting"));
    texts.push((
        &scenario.person.background,
        tree.field("person").and_then(|p| p.field("background")),
        "the background",
    ));
    for (i, o) in scenario.objectives.iter().enumerate() {
        texts.push((
            o,
            tree.field("objectives").and_then(|l| l.index(i)),
            "an objective",
        ));
    }
    for (i, q) in scenario.reflection.iter().enumerate() {
        texts.push((
            q,
            tree.field("reflection").and_then(|l| l.index(i)),
            "a reflection question",
        ));
    }
    let nodes = tree.field("nodes");
    for (id, node) in &scenario.nodes {
        let n = nodes.and_then(|n| n.entry(id)).map(|(_, v)| v);
        if let Some(text) = &node.narration {
            texts.push((text, n.and_then(|n| n.field("narration")), "narration"));
        }
        for (i, variant) in node.variants.iter().enumerate() {
            if let Some(text) = &variant.narration {
                let v = n.and_then(|n| n.field("variants")).and_then(|l| l.index(i));
                texts.push((text, v.and_then(|v| v.field("narration")), "narration"));
            }
        }
        for (i, choice) in node.choices.iter().enumerate() {
            let c = n.and_then(|n| n.field("choices")).and_then(|l| l.index(i));
            texts.push((
                &choice.say,
                c.and_then(|c| c.field("say")),
                "a practitioner line",
            ));
            texts.push((
                &choice.feedback,
                c.and_then(|c| c.field("feedback")),
                "feedback",
            ));
        }
    }
    let endings = tree.field("endings");
    for (id, ending) in &scenario.endings {
        let e = endings.and_then(|e| e.entry(id)).map(|(_, v)| v);
        texts.push((
            &ending.title,
            e.and_then(|e| e.field("title")),
            "an ending title",
        ));
        if let Some(text) = &ending.narration {
            texts.push((
                text,
                e.and_then(|e| e.field("narration")),
                "ending narration",
            ));
        }
    }
    let fallback = Span::new(tree.span().start, tree.span().start + 1);
    for (text, value, what) in texts {
        for found in find_terms(text, guide) {
            let term = &guide.terms[found.term];
            let span = value.map_or(fallback, |v| v.span_within(found.offset, found.len));
            let written = &text[found.offset..found.offset + found.len];
            sink.warning(
                "language",
                span,
                format!("\"{written}\" in {what}: prefer person-first language"),
                format!("write \"{}\" instead. {}", term.suggestion, term.why),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::Term;

    fn guide() -> LanguageGuide {
        let term = |t: &str, s: &str| Term {
            term: t.into(),
            suggestion: s.into(),
            why: String::new(),
        };
        LanguageGuide {
            terms: vec![
                term("offender", "person on probation"),
                term("ex-offender", "person with a conviction"),
                term("service user", "person on probation"),
            ],
        }
    }

    #[test]
    fn whole_words_longest_first_ignoring_case() {
        let found = find_terms(
            "An Offender, an ex-offender and a service user; offenders.",
            &guide(),
        );
        let terms: Vec<usize> = found.iter().map(|f| f.term).collect();
        assert_eq!(terms, vec![0, 1, 2]);
        assert_eq!(found[0].offset, 3);
        assert!(find_terms("reoffending is not flagged", &guide()).is_empty());
    }
}
