//! Balance: the best option should not give itself away by its length. If at most
//! decisions the highest-scoring option is also clearly the longest line, a trainee learns
//! to pick the longest rather than to think.

use crate::check::{Context, Sink};
use crate::diagnostic::Code;
use crate::scoring::total_weight;

/// How much longer than every other option a line must be to be "clearly the longest".
const CLEARLY_LONGER: f64 = 1.2;
/// Fewest decisions before the pattern is worth a warning: in a short scenario a few
/// long skilled lines are not yet a pattern a trainee can learn.
pub const MIN_DECISIONS: usize = 6;

/// Whether, at a decision, the unique best option (by total weight) is also clearly the
/// longest line.
pub fn best_is_longest(says: &[(&str, i32)]) -> bool {
    best_is_longer_by(says, CLEARLY_LONGER)
}

/// Whether the unique best option is longer than every other line times `margin`.
fn best_is_longer_by(says: &[(&str, i32)], margin: f64) -> bool {
    let Some(best) = says.iter().map(|(_, w)| *w).max() else {
        return false;
    };
    let mut best_options = says.iter().filter(|(_, w)| *w == best);
    let (Some((best_say, _)), None) = (best_options.next(), best_options.next()) else {
        return false;
    };
    let length = |s: &str| s.chars().count() as f64;
    let longest_other = says
        .iter()
        .filter(|(s, w)| !(*w == best && std::ptr::eq(*s, *best_say)))
        .map(|(s, _)| length(s))
        .fold(0.0, f64::max);
    length(best_say) > longest_other * margin
}

/// How often a scenario's best option gives itself away by its length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Balance {
    /// Decisions (nodes with two or more choices).
    pub decisions: usize,
    /// Decisions where the unique best option is also the longest line.
    pub best_longest: usize,
    /// Decisions where it is clearly (more than 1.2 times) the longest.
    pub best_clearly_longest: usize,
}

/// Each decision's choices as (words, total effective weight).
fn decisions<'a>(
    scenario: &'a crate::model::Scenario,
    framework: &'a crate::framework::Framework,
) -> impl Iterator<Item = (&'a crate::model::Spanned<String>, Vec<(&'a str, i32)>)> + 'a {
    scenario
        .nodes
        .iter()
        .filter(|(_, n)| n.choices.len() >= 2)
        .map(move |(id, node)| {
            let says = node
                .choices
                .iter()
                .map(|c| (c.say.as_str(), total_weight(c, framework)))
                .collect();
            (id, says)
        })
}

/// Counts the decisions where the best option is the longest line, and clearly so.
pub fn balance(
    scenario: &crate::model::Scenario,
    framework: &crate::framework::Framework,
) -> Balance {
    let mut out = Balance::default();
    for (_, says) in decisions(scenario, framework) {
        out.decisions += 1;
        out.best_longest += usize::from(best_is_longer_by(&says, 1.0));
        out.best_clearly_longest += usize::from(best_is_longest(&says));
    }
    out
}

/// Checks the scenario's decisions for the pattern.
pub fn check(cx: &Context<'_>, sink: &mut Sink<'_>) {
    let mut decisions = 0;
    let mut giveaways = 0;
    let mut first = None;
    for (node_id, says) in self::decisions(cx.scenario, cx.framework) {
        decisions += 1;
        if best_is_longest(&says) {
            giveaways += 1;
            // The first in the file, so the message points somewhere an author can start.
            if first.is_none_or(|(at, _): (usize, _)| node_id.span.start < at) {
                first = Some((node_id.span.start, node_id));
            }
        }
    }
    if let Some((_, node_id)) =
        first.filter(|_| decisions >= MIN_DECISIONS && giveaways * 2 > decisions)
    {
        sink.warning(
            Code::LongestIsBest,
            node_id.span,
            format!(
                "at {giveaways} of {decisions} decisions (`{node_id}` is the first) the best option is also clearly the longest line, so a trainee can win by picking the longest"
            ),
            "give the skilled option plain, short words somewhere, and let a flawed option run long (over-explaining, lecturing)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::best_is_longest;

    #[test]
    fn only_a_unique_best_that_is_clearly_longer_counts() {
        let long = "I can hear this has been a hard week; tell me what happened.";
        assert!(best_is_longest(&[
            (long, 4),
            ("Sit down.", -2),
            ("Right, then.", 0)
        ]));
        // Not clearly longer.
        assert!(!best_is_longest(&[
            ("How are you doing?", 4),
            ("How is work going?", 0)
        ]));
        // The best is short.
        assert!(!best_is_longest(&[("Tell me.", 4), (long, -1)]));
        // Two options share the best weight.
        assert!(!best_is_longest(&[(long, 3), ("Tell me.", 3)]));
        assert!(!best_is_longest(&[]));
    }
}
