//! Property tests for review files and accepted wordings: any text a contributor suggests
//! is written into a scenario as exactly one changed line and reads back as written; any
//! bytes given as a review file are an error, never a panic.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use proptest::prelude::*;
use rapport_core::check::parse_scenario;
use rapport_core::framework::Framework;
use rapport_core::review::{Review, Reviewer, Verdict, apply_wording, lines};

const CHECK_IN: &str = include_str!("../../../tests/fixtures/check-in.ron");

fn reread(text: &str, id: &str) -> Option<String> {
    let report = parse_scenario("t.ron", text, &Framework::builtin());
    let scenario = report.scenario?;
    lines(&scenario)
        .into_iter()
        .find(|l| l.id == id)
        .map(|l| l.text.to_string())
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_wording_changes_exactly_one_line_and_reads_back(wording in any::<String>(), pick in 0usize..100) {
        let framework = Framework::builtin();
        let report = parse_scenario("t.ron", CHECK_IN, &framework);
        let scenario = report.scenario.clone();
        prop_assert!(scenario.is_some());
        let Some(scenario) = scenario else { return Ok(()) };
        let all = lines(&scenario);
        let line = &all[pick % all.len()];
        let written = apply_wording(CHECK_IN, &scenario, &line.id, &wording);
        prop_assert!(written.is_ok(), "{:?}", written);
        let Ok(written) = written else { return Ok(()) };
        let old: Vec<&str> = CHECK_IN.split('\n').collect();
        let new: Vec<&str> = written.split('\n').collect();
        prop_assert_eq!(old.len(), new.len());
        let changed = (0..old.len()).filter(|&i| old[i] != new[i]).count();
        prop_assert!(changed <= 1);
        prop_assert_eq!(reread(&written, &line.id), Some(wording.clone()));

        // The review round-trips whatever the words.
        let mut review = Review::new("check-in", Reviewer::Named { name: wording.clone(), credit: true });
        review.record(line, Verdict::DoesntRingTrue, Some(wording.clone()), wording.clone());
        let back = Review::from_ron("r.ron", &review.to_ron());
        prop_assert!(back.is_ok(), "{:?}\n{}", back, review.to_ron());
        if let Ok(back) = back {
            prop_assert_eq!(back, review);
        }
    }

    #[test]
    fn any_bytes_as_a_review_are_an_error_not_a_panic(text in any::<String>()) {
        let _ = Review::from_ron("r.ron", &text).map_err(|e| e.to_string());
    }
}

#[test]
fn a_wording_inside_some_is_replaced_too() {
    let framework = Framework::builtin();
    let report = parse_scenario("t.ron", CHECK_IN, &framework);
    let scenario = report.scenario.expect("reads");
    let first = lines(&scenario).into_iter().next().expect("a line");
    let literal = &CHECK_IN[first.span.start..first.span.end];
    let wrapped = format!(
        "{}Some({literal}){}",
        &CHECK_IN[..first.span.start],
        &CHECK_IN[first.span.end..]
    );
    let report = parse_scenario("t.ron", &wrapped, &framework);
    let scenario = report.scenario.expect("reads");
    let written = apply_wording(&wrapped, &scenario, &first.id, "New words.").expect("written");
    assert!(written.contains("Some(\"New words.\")"));
    assert_eq!(reread(&written, &first.id).as_deref(), Some("New words."));
}
