//! The person-first language check (`assets/language.ron`), run by `rapport check` (the
//! rule is [`crate::check::rules::language`]).
//!
//! It reads the scenario's own voice: narration, the trainee's lines, feedback, endings,
//! the card and briefing text. It leaves alone what the person says and the "other chair"
//! perspectives (people may use any words about themselves) and the file notes (the case
//! record may be out of date or unfair on purpose).

use crate::framework::LanguageGuide;

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
