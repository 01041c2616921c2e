//! `rapport review status|list|accept|reject` as a trainer runs them on contributors' reviews.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

mod common;

use rapport_core::check::check_file;
use rapport_core::framework::Framework;
use rapport_core::model::Scenario;
use rapport_core::review::{
    Decision, LineKind, Review, Reviewer, Verdict, lines, review_path, ron_string,
};

fn rapport(args: &[&str], cwd: &Path) -> (i32, String, String) {
    common::rapport_in(args, cwd)
}

/// `rapport review accept|reject REVIEW --item ID`, run in `cwd`.
fn decide(how: &str, review: &Path, item: &str, cwd: &Path) -> (i32, String, String) {
    let review = review.to_str().unwrap();
    rapport(&["review", how, review, "--item", item], cwd)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Scenario {
    let report = check_file(path, &Framework::builtin());
    assert_eq!(report.errors(), 0, "{}", report.render(false));
    (*report.scenario.unwrap()).clone()
}

/// A copy of check-in.ron in `<tmp>/scenarios/` with Sam's review of three of its lines:
/// a suggested wording for the first person line, a comment on the first other-chair line,
/// and a verdict on a line as it read before an edit (out of date).
fn setup() -> (tempfile::TempDir, PathBuf, PathBuf, [String; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("scenarios");
    std::fs::create_dir_all(&folder).unwrap();
    let scenario_path = folder.join("check-in.ron");
    std::fs::copy(root().join("tests/fixtures/check-in.ron"), &scenario_path).unwrap();
    let scenario = read(&scenario_path);
    let all = lines(&scenario);
    let person: Vec<_> = all.iter().filter(|l| l.kind == LineKind::Person).collect();
    let other = all
        .iter()
        .find(|l| l.kind == LineKind::Perspective)
        .unwrap();
    let mut review = Review::new(
        &scenario.id,
        Reviewer::Named {
            name: "Sam".into(),
            credit: true,
        },
    );
    review.record(
        person[0],
        Verdict::DoesntRingTrue,
        Some("Bus never came, did it. \"Go on then,\" write me up.".into()),
        "Nobody apologises first thing; they get their defence in.",
    );
    review.record(
        other,
        Verdict::NotSure,
        None,
        "Would they notice this so soon?",
    );
    let stale = review.record(person[1], Verdict::RingsTrue, None, "");
    stale.hash = rapport_core::transcript::hash_text(b"what it said before an edit");
    let path = review_path(&scenario_path, &scenario.id, &review.reviewer);
    review.save(&path).unwrap();
    let ids = [person[0].id.clone(), other.id.clone(), person[1].id.clone()];
    (dir, scenario_path, path, ids)
}

#[test]
fn status_counts_lines_reviews_flags_and_out_of_date() {
    let (dir, _, _, _) = setup();
    let (code, out, err) = rapport(&["review", "status", "scenarios"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("scenarios/check-in.ron (check-in): 1 review (Sam, agreed to be credited)"),
        "{out}"
    );
    let person = out.lines().find(|l| l.contains("person lines")).unwrap();
    assert!(
        person.contains("1 reviewed · 1 flagged · 1 out of date"),
        "{out}"
    );
    let other = out
        .lines()
        .find(|l| l.contains("other-chair lines"))
        .unwrap();
    assert!(
        other.contains("1 reviewed · 1 flagged · 0 out of date"),
        "{out}"
    );
    assert!(
        out.contains("trainer decisions: 0 accepted, 0 rejected, 2 waiting"),
        "{out}"
    );
}

#[test]
fn status_and_list_work_on_the_shipped_scenarios() {
    let (code, out, err) = rapport(&["review", "status", "scenarios/"], root());
    assert_eq!(code, 0, "{err}");
    for id in ["day-of-release", "disclosure", "first-meeting", "warning"] {
        assert!(out.contains(&format!("({id})")), "{out}");
    }
    assert_eq!(out.matches("other-chair lines").count(), 4, "{out}");
    let (code, _, err) = rapport(&["review", "list"], root());
    assert_eq!(code, 0, "{err}");
    let (dir, _, review_file, _) = setup();
    let (code, _, err) = rapport(
        &[
            "review",
            "status",
            review_file.parent().unwrap().to_str().unwrap(),
        ],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains("is a review file, not a scenario"), "{err}");
    let (code, _, err) = rapport(&["review", "status", "no/such/folder"], root());
    assert_eq!(code, 2);
    assert!(err.contains("no file or folder"), "{err}");
}

#[test]
fn list_locates_each_comment_and_wording_at_its_line() {
    let (dir, scenario_path, review_file, ids) = setup();
    let source = std::fs::read_to_string(&scenario_path).unwrap();
    let (code, out, err) = rapport(&["review", "list", "scenarios"], dir.path());
    assert_eq!(code, 0, "{err}");
    // The first person line is at the `says:` of the first node in story order.
    let scenario = read(&scenario_path);
    let first = lines(&scenario)
        .into_iter()
        .find(|l| l.id == ids[0])
        .unwrap();
    let (line, col) = rapport_core::diagnostic::line_col(&source, first.span.start);
    assert!(
        out.contains(&format!("scenarios/check-in.ron:{line}:{col}")),
        "{out}"
    );
    assert!(
        out.contains("Sam: doesn't ring true: \"Nobody apologises"),
        "{out}"
    );
    assert!(out.contains("suggested wording: \"Bus never came"), "{out}");
    assert!(out.contains("Would they notice this so soon?"), "{out}");
    assert!(
        out.contains(&format!(
            "rapport review accept {} --item {}",
            Path::new("scenarios/reviews/check-in.sam.ron").display(),
            ids[0]
        )),
        "{out}"
    );
    assert!(err.contains("2 review notes to read"), "{err}");
    drop(review_file);
}

#[test]
fn accept_writes_exactly_one_line_and_records_the_decision() {
    let (dir, scenario_path, review_file, ids) = setup();
    let before = std::fs::read_to_string(&scenario_path).unwrap();
    let (code, _, err) = decide("accept", &review_file, &ids[0], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote Sam's wording into"), "{err}");
    let after = std::fs::read_to_string(&scenario_path).unwrap();

    // The file differs in exactly that line; every other byte is the same.
    let old: Vec<&str> = before.split('\n').collect();
    let new: Vec<&str> = after.split('\n').collect();
    assert_eq!(old.len(), new.len());
    let changed: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    let wording = "Bus never came, did it. \"Go on then,\" write me up.";
    assert!(
        new[changed[0]].contains(&ron_string(wording)),
        "{}",
        new[changed[0]]
    );
    // The new scenario reads the wording and still passes the checker.
    let scenario = read(&scenario_path);
    let line = lines(&scenario)
        .into_iter()
        .find(|l| l.id == ids[0])
        .unwrap();
    assert_eq!(line.text, wording);
    let (code, out, _) = rapport(&["check", "scenarios/check-in.ron"], dir.path());
    assert_eq!(code, 0, "{out}");

    let review = Review::load(&review_file).unwrap();
    assert_eq!(review.items[&ids[0]].decision, Some(Decision::Accepted));
    // Accepted and applied: reviewed, not out of date, not waiting.
    let (_, out, _) = rapport(&["review", "status", "scenarios"], dir.path());
    assert!(out.contains("1 accepted, 0 rejected, 1 waiting"), "{out}");
    let person = out.lines().find(|l| l.contains("person lines")).unwrap();
    assert!(
        person.contains("1 reviewed · 0 flagged · 1 out of date"),
        "{out}"
    );
    // Accepting again changes nothing.
    let (code, _, err) = decide("accept", &review_file, &ids[0], dir.path());
    assert_eq!(code, 0);
    assert!(err.contains("already accepted"), "{err}");
    assert_eq!(std::fs::read_to_string(&scenario_path).unwrap(), after);
    // Rejecting a wording already written in says how to undo it instead.
    let (code, _, err) = decide("reject", &review_file, &ids[0], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("edit the line by hand"), "{err}");
}

#[test]
fn reject_records_the_decision_and_leaves_the_scenario_alone() {
    let (dir, scenario_path, review_file, ids) = setup();
    let before = std::fs::read(&scenario_path).unwrap();
    let (code, _, err) = decide("reject", &review_file, &ids[1], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("rejected"), "{err}");
    assert_eq!(std::fs::read(&scenario_path).unwrap(), before);
    let review = Review::load(&review_file).unwrap();
    assert_eq!(review.items[&ids[1]].decision, Some(Decision::Rejected));
    // Decided items leave the list unless asked for.
    let (_, out, _) = rapport(&["review", "list", "scenarios"], dir.path());
    assert!(!out.contains("Would they notice"), "{out}");
    let (_, out, _) = rapport(&["review", "list", "--all", "scenarios"], dir.path());
    assert!(out.contains("rejected by the trainer"), "{out}");

    // A mistyped item gets a suggestion.
    let (code, _, err) = decide(
        "reject",
        &review_file,
        &ids[1][..ids[1].len() - 1],
        dir.path(),
    );
    assert_eq!(code, 2);
    assert!(err.contains(&format!("did you mean `{}`", ids[1])), "{err}");
}

#[test]
fn accept_refuses_a_line_edited_since_the_review() {
    let (dir, scenario_path, review_file, ids) = setup();
    // Edit the reviewed line by hand.
    let scenario = read(&scenario_path);
    let source = std::fs::read_to_string(&scenario_path).unwrap();
    let line = lines(&scenario)
        .into_iter()
        .find(|l| l.id == ids[0])
        .unwrap();
    let edited = rapport_core::review::replace_literal(&source, line.span, "Edited.").unwrap();
    std::fs::write(&scenario_path, &edited).unwrap();
    let (code, out, _) = rapport(&["review", "status", "scenarios"], dir.path());
    assert_eq!(code, 0);
    let person = out.lines().find(|l| l.contains("person lines")).unwrap();
    assert!(
        person.contains("0 reviewed · 0 flagged · 2 out of date"),
        "{out}"
    );
    let (_, out, _) = rapport(&["review", "list", "scenarios"], dir.path());
    assert!(
        out.contains("out of date (the line was edited after the review)"),
        "{out}"
    );

    let (code, _, err) = decide("accept", &review_file, &ids[0], dir.path());
    assert_eq!(code, 2);
    assert!(err.contains("was edited after Sam reviewed it"), "{err}");
    assert_eq!(std::fs::read_to_string(&scenario_path).unwrap(), edited);
    assert_eq!(
        Review::load(&review_file).unwrap().items[&ids[0]].decision,
        None
    );
}

#[test]
fn accept_refuses_a_wording_that_would_stop_the_scenario_checking() {
    let (dir, scenario_path, review_file, ids) = setup();
    let before = std::fs::read(&scenario_path).unwrap();
    // A wording so long the scenario would be larger than a scenario can be.
    let mut review = Review::load(&review_file).unwrap();
    // (The review file itself stays under the limit.)
    let overhead = usize::try_from(std::fs::metadata(&review_file).unwrap().len()).unwrap();
    let size = rapport_core::check::MAX_FILE_BYTES - overhead - 10;
    assert!(before.len() > overhead + 100, "the fixture is large enough");
    review.items.get_mut(&ids[0]).unwrap().suggestion = Some("a".repeat(size));
    review.save(&review_file).unwrap();
    let (code, _, err) = decide("accept", &review_file, &ids[0], dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("would no longer pass the checker"), "{err}");
    assert_eq!(std::fs::read(&scenario_path).unwrap(), before);
    assert_eq!(
        Review::load(&review_file).unwrap().items[&ids[0]].decision,
        None
    );
}

#[test]
fn a_broken_review_file_is_located_and_nothing_changes() {
    let (dir, scenario_path, review_file, ids) = setup();
    let before = std::fs::read(&scenario_path).unwrap();
    let text = std::fs::read_to_string(&review_file)
        .unwrap()
        .replace("verdict: NotSure", "verdict: Maybe");
    std::fs::write(&review_file, text).unwrap();
    let (code, _, err) = decide("accept", &review_file, &ids[1], dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("check-in.sam.ron:"), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(std::fs::read(&scenario_path).unwrap(), before);
    let (code, _, err) = rapport(&["review", "status", "scenarios"], dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("Maybe"), "{err}");
}
