//! `rapport check`: every kind of mistake in FORMAT.md is found, located and explained, all
//! in one run, and no input makes the checker panic.
#![allow(clippy::expect_used)]

use std::path::Path;

use rapport_core::check::{CheckReport, check_source};
use rapport_core::diagnostic::Severity;
use rapport_core::framework::Framework;

/// The workspace root, where `tests/fixtures` and `scenarios` live.
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Checks a file named relative to the workspace root, labelled as named.
fn check(path: &str) -> CheckReport {
    let bytes = std::fs::read(root().join(path)).expect("fixture");
    check_source(path, &bytes, &Framework::builtin())
}

/// (severity, code, line, column, a fragment of the message)
type Expected = (Severity, &'static str, usize, usize, &'static str);

fn assert_finds(path: &str, expected: &[Expected]) {
    let report = check(path);
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{:?} {} {}:{} {}",
                d.severity, d.code, d.line, d.column, d.message
            )
        })
        .collect();
    for (severity, code, line, column, fragment) in expected {
        assert!(
            report.diagnostics.iter().any(|d| d.severity == *severity
                && d.code == *code
                && d.line == *line
                && d.column == *column
                && d.message.contains(fragment)),
            "{path}: expected {severity:?} {code} at {line}:{column} containing {fragment:?}; found:\n{}",
            found.join("\n")
        );
    }
    // Nothing else is reported as an error.
    let errors = report.errors();
    let expected_errors = expected.iter().filter(|e| e.0 == Error).count();
    assert_eq!(
        errors,
        expected_errors,
        "{path}: unexpected errors:\n{}",
        found.join("\n")
    );
}

use Severity::{Error, Warning};

#[test]
fn the_reference_example_passes_with_no_warnings() {
    let report = check("tests/fixtures/check-in.ron");
    assert!(report.diagnostics.is_empty(), "{}", report.render(false));
    let scenario = report.scenario.expect("check-in.ron loads");
    assert_eq!(scenario.id, "check-in");
    assert_eq!(scenario.nodes.len(), 4);
    assert_eq!(scenario.endings.len(), 3);
    assert_eq!(scenario.minutes, Some(20));
    assert!(check("tests/fixtures/mini.ron").diagnostics.is_empty());
}

#[test]
fn ron_syntax_errors() {
    assert_finds(
        "tests/fixtures/mistakes/syntax-missing-comma.ron",
        &[(Error, "syntax", 5, 5, "a comma is missing")],
    );
    // An unclosed text is reported where the quote is missing, not where ron noticed.
    assert_finds(
        "tests/fixtures/mistakes/syntax-unclosed-string.ron",
        &[(Error, "unclosed-text", 6, 14, "this text is not closed")],
    );
}

#[test]
fn unknown_fields() {
    let report = check("tests/fixtures/mistakes/unknown-field.ron");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-field");
    let d = d.expect("an unknown-field diagnostic");
    assert_eq!((d.line, d.column), (30, 21));
    assert!(d.message.contains("`feedbak` is not a field of Choice"));
    assert!(d.hint.contains("did you mean `feedback`?"), "{}", d.hint);
    assert_eq!(
        d.line_text.as_deref(),
        Some("                    feedbak: \"Asking first is an immediacy behaviour.\",")
    );
}

#[test]
fn unknown_targets() {
    assert_finds(
        "tests/fixtures/mistakes/unknown-target.ron",
        &[
            (Error, "unknown-target", 32, 27, "goes to `don`"),
            (Warning, "unreachable-ending", 47, 9, "`done`"),
        ],
    );
    let report = check("tests/fixtures/mistakes/unknown-target.ron");
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.hint.contains("did you mean `done`?"))
    );
}

#[test]
fn unknown_skill_source_dial_and_flag_ids() {
    assert_finds(
        "tests/fixtures/mistakes/unknown-skill.ron",
        &[(Error, "unknown-skill", 26, 31, "`carring` is not a skill")],
    );
    assert_finds(
        "tests/fixtures/mistakes/unknown-source.ron",
        &[(
            Error,
            "unknown-source",
            31,
            32,
            "`nahouli-2032` is not in the bibliography",
        )],
    );
    assert_finds(
        "tests/fixtures/mistakes/unknown-dial.ron",
        &[(Error, "unknown-dial", 27, 45, "changes `hope`")],
    );
    assert_finds(
        "tests/fixtures/mistakes/unknown-flag.ron",
        &[(Error, "unknown-flag", 28, 36, "sets `promised`")],
    );
}

#[test]
fn duplicate_choice_ids() {
    assert_finds(
        "tests/fixtures/mistakes/duplicate-choice-id.ron",
        &[(
            Error,
            "duplicate-choice-id",
            35,
            25,
            "`ask` is used twice (first on line 24)",
        )],
    );
}

#[test]
fn weights_outside_the_range() {
    assert_finds(
        "tests/fixtures/mistakes/weight-out-of-range.ron",
        &[(
            Error,
            "weight-out-of-range",
            26,
            41,
            "the weight 4 for `caring` is outside -3 to 3",
        )],
    );
}

#[test]
fn conditions_that_do_not_parse_point_into_the_expression() {
    // `requires: "!asked &"` starts at column 31; the lone `&` is the 8th character inside.
    assert_finds(
        "tests/fixtures/mistakes/bad-condition.ron",
        &[(
            Error,
            "bad-condition",
            37,
            39,
            "a single `&` is not an operator",
        )],
    );
}

#[test]
fn unreachable_nodes_and_endings_are_warnings() {
    assert_finds(
        "tests/fixtures/mistakes/unreachable-node.ron",
        &[(
            Warning,
            "unreachable-node",
            45,
            9,
            "`later` can never be reached",
        )],
    );
    assert_finds(
        "tests/fixtures/mistakes/unreachable-ending.ron",
        &[(
            Warning,
            "unreachable-ending",
            49,
            9,
            "`never` can never be reached",
        )],
    );
}

#[test]
fn dead_ends_and_nodes_with_no_way_out() {
    assert_finds(
        "tests/fixtures/mistakes/dead-end.ron",
        &[(Error, "dead-end", 45, 9, "`stuck` is a dead end")],
    );
    assert_finds(
        "tests/fixtures/mistakes/no-way-out.ron",
        &[
            (
                Error,
                "no-way-out",
                45,
                9,
                "from node `circle` no ending can be reached",
            ),
            (Warning, "unreachable-node", 45, 9, "`circle`"),
        ],
    );
}

#[test]
fn a_missing_field_hides_nothing_else() {
    // The node `stuck` misses `stage` and is a dead end; a skill elsewhere is misspelt.
    assert_finds(
        "tests/fixtures/mistakes/missing-stage.ron",
        &[
            (Error, "unknown-skill", 26, 31, "`carring` is not a skill"),
            (Error, "dead-end", 45, 9, "`stuck` is a dead end"),
            (
                Error,
                "missing-field",
                45,
                18,
                "Node `stuck` is missing its `stage` field",
            ),
        ],
    );
    let report = check("tests/fixtures/mistakes/missing-stage.ron");
    let missing = report
        .diagnostics
        .iter()
        .find(|d| d.code == "missing-field")
        .expect("missing-field");
    assert!(
        missing.hint.contains("add `stage: FirstContact`"),
        "{}",
        missing.hint
    );
    assert!(report.scenario.is_some() && report.playable().is_none());
}

#[test]
fn choices_without_feedback() {
    assert_finds(
        "tests/fixtures/mistakes/no-feedback.ron",
        &[(
            Error,
            "no-feedback",
            35,
            25,
            "choice `sign` has no `feedback`",
        )],
    );
}

#[test]
fn time_up_without_minutes() {
    assert_finds(
        "tests/fixtures/mistakes/time-up-without-minutes.ron",
        &[(
            Error,
            "time-up-without-minutes",
            49,
            14,
            "`time_up` is set but the scenario has no `minutes`",
        )],
    );
}

#[test]
fn one_file_with_several_mistakes_reports_all_of_them_in_one_run() {
    assert_finds(
        "tests/fixtures/mistakes/several.ron",
        &[
            (
                Error,
                "no-feedback",
                24,
                25,
                "choice `ask` has no `feedback`",
            ),
            (Error, "unknown-skill", 26, 31, "`carring`"),
            (
                Error,
                "weight-out-of-range",
                26,
                59,
                "the weight 9 for `respectful`",
            ),
            (Error, "unknown-field", 30, 21, "`feedbak`"),
            (Error, "unknown-target", 32, 27, "goes to `don`"),
            (
                Error,
                "no-feedback",
                35,
                25,
                "choice `sign` has no `feedback`",
            ),
            (Error, "bad-condition", 37, 39, "a single `&`"),
            (Warning, "unreachable-ending", 46, 9, "`done`"),
        ],
    );
}

#[test]
fn rendered_messages_show_the_place_the_line_and_a_hint() {
    let report = check("tests/fixtures/mistakes/unknown-target.ron");
    let text = report.render(false);
    assert!(
        text.contains("[tests/fixtures/mistakes/unknown-target.ron:32:27]"),
        "{text}"
    );
    assert!(text.contains("next: \"don\","), "{text}");
    assert!(text.contains("did you mean `done`?"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes in plain rendering"
    );
}

#[test]
fn scenario_ids_are_unique_across_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read(root().join("tests/fixtures/mini.ron")).expect("mini");
    std::fs::write(dir.path().join("a.ron"), &text).expect("write");
    std::fs::write(dir.path().join("b.ron"), &text).expect("write");
    let reports =
        rapport_core::check::check_path(dir.path(), &Framework::builtin()).expect("folder");
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0].errors(), 0);
    assert!(
        reports[1]
            .diagnostics
            .iter()
            .any(|d| d.code == "duplicate-scenario-id")
    );
}

#[test]
fn hostile_input_never_panics() {
    let framework = Framework::builtin();
    let reference = std::fs::read(root().join("tests/fixtures/check-in.ron")).expect("fixture");
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"   \n\t".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x9f, 0x92, 0x96],
        (0..=255u8).cycle().take(10_000).collect(),
        b"\xEF\xBB\xBF".to_vec(),
        "[".repeat(100_000).into_bytes(),
        "Scenario(".repeat(50_000).into_bytes(),
        format!("Scenario(id: \"{}\")", "x".repeat(1_000_000)).into_bytes(),
        vec![b'a'; rapport_core::check::MAX_FILE_BYTES + 1],
        b"Scenario(id: \"caf\xe9\")".to_vec(),
    ];
    // Truncated at many points, including inside multi-byte characters and strings.
    for cut in (0..reference.len()).step_by(13) {
        inputs.push(reference[..cut].to_vec());
    }
    for input in &inputs {
        let report = check_source("input.ron", input, &framework);
        if !input.is_empty() && report.errors() == 0 {
            assert!(report.scenario.is_some());
        }
    }
    // Every failure above was reported, never silently accepted.
    assert!(check_source("e.ron", b"", &framework).errors() == 1);
    let not_utf8 = check_source("n.ron", b"Scenario(id: \"caf\xe9\")", &framework);
    assert_eq!(not_utf8.diagnostics[0].code, "not-utf8");
    assert_eq!(
        (not_utf8.diagnostics[0].line, not_utf8.diagnostics[0].column),
        (1, 18)
    );
}

#[test]
fn more_dials_or_flags_than_a_state_holds_are_located_errors() {
    use rapport_core::compile::{MAX_DIALS, MAX_FLAGS};
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/check-in.ron")).expect("fixture");
    // Extra dials and flags, one per line, after the ones check-in.ron declares.
    let dials: String = (0..MAX_DIALS)
        .map(|i| format!("\n        \"extra_{i:02}\": 50,"))
        .collect();
    let flags: String = (0..MAX_FLAGS)
        .map(|i| format!(",\n        \"spare_{i:02}\""))
        .collect();
    let text = text
        .replacen("dials: {", &format!("dials: {{{dials}"), 1)
        .replacen(
            "flags: [\"offered_to_move_time\"",
            &format!("flags: [\"offered_to_move_time\"{flags}"),
            1,
        );
    let report = check_source("crowded.ron", text.as_bytes(), &Framework::builtin());
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).expect("line") + 1;
    let dials_at = report
        .diagnostics
        .iter()
        .find(|d| d.code == "too-many-dials")
        .expect("too-many-dials reported");
    // The extras come first in the file, so the 17th dial is check-in.ron's own `trust`.
    assert_eq!(dials_at.line, line_of("\"trust\": 35"));
    assert!(
        dials_at.message.contains(&format!("at most {MAX_DIALS}")),
        "{}",
        dials_at.message
    );
    let flags_at = report
        .diagnostics
        .iter()
        .find(|d| d.code == "too-many-flags")
        .expect("too-many-flags reported");
    assert_eq!(
        flags_at.line,
        line_of(&format!("spare_{:02}", MAX_FLAGS - 1))
    );
    assert!(
        flags_at
            .message
            .contains(&format!("declares {} flags", MAX_FLAGS + 1)),
        "{}",
        flags_at.message
    );
    assert!(report.compiled().is_none() && report.playable().is_none());
}

#[test]
fn a_scenario_that_passes_is_compiled_once_by_the_checker() {
    let report = check("tests/fixtures/check-in.ron");
    let program = report.compiled().expect("compiled");
    assert_eq!(program.nodes().len(), 4);
    assert!(std::sync::Arc::ptr_eq(
        program.scenario(),
        report.playable().expect("playable")
    ));
}

#[test]
fn an_unknown_pitfall_and_an_unknown_branch_target_are_located_errors() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/judging.ron")).expect("fixture");
    let text = text
        .replacen("pitfalls: [\"rescuing\"]", "pitfalls: [\"rescueing\"]", 1)
        .replacen("next: \"trusted\"),", "next: \"trustd\"),", 1)
        .replacen("next: \"walked-out\"),", "next: \"walked-off\"),", 1);
    let report = check_source("judging.ron", text.as_bytes(), &Framework::builtin());
    let at = |needle: &str| {
        let line = text.lines().position(|l| l.contains(needle)).expect("line") + 1;
        let column = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.find(needle))
            .expect("col")
            + 1;
        (line, column)
    };
    let found = |code: &str| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(|d| ((d.line, d.column), d.message.clone(), d.hint.clone()))
            .collect::<Vec<_>>()
    };
    let pitfalls = found("unknown-pitfall");
    assert_eq!(pitfalls.len(), 1, "{pitfalls:?}");
    assert_eq!(pitfalls[0].0, at("\"rescueing\""));
    assert!(pitfalls[0].2.contains("`rescuing`"), "{:?}", pitfalls[0]);
    let targets = found("unknown-target");
    assert_eq!(
        targets.iter().map(|t| t.0).collect::<Vec<_>>(),
        [at("\"trustd\""), at("\"walked-off\"")]
    );
    assert!(
        targets[0].1.contains("a branch of choice `plan`"),
        "{:?}",
        targets[0]
    );
    assert!(
        targets[1].1.contains("a branch of node `handover`"),
        "{:?}",
        targets[1]
    );
    assert_eq!(report.errors(), 3, "{}", report.render(false));
}

#[test]
fn branches_need_a_next_to_fall_back_on() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/judging.ron")).expect("fixture");
    let text = text.replacen(
        "            next: \"closed\",\n            branches:",
        "            branches:",
        1,
    );
    let report = check_source("judging.ron", text.as_bytes(), &Framework::builtin());
    let codes: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.as_str())
        .collect();
    assert!(
        codes.contains(&"branches-without-next"),
        "{}",
        report.render(false)
    );
}
