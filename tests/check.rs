//! `rapport check`: every kind of mistake in FORMAT.md is found, located and explained, all
//! in one run, and no input makes the checker panic.
#![allow(clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use rapport::check::{CheckReport, check_file, check_source};
use rapport::diagnostic::Severity;
use rapport::framework::Framework;

fn check(path: &str) -> CheckReport {
    check_file(Path::new(path), &Framework::builtin())
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

fn rapport(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rapport");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn exit_status_and_summary_line() {
    let (code, out) = rapport(&["check", "tests/fixtures/check-in.ron"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("checked 1 file: 0 errors, 0 warnings (ok)"),
        "{out}"
    );

    let (code, out) = rapport(&[
        "check",
        "tests/fixtures/mistakes/several.ron",
        "tests/fixtures/check-in.ron",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("checked 2 files: 7 errors, 1 warning (FAILED)"),
        "{out}"
    );

    // Warnings fail only when asked.
    let (code, _) = rapport(&["check", "tests/fixtures/mistakes/unreachable-node.ron"]);
    assert_eq!(code, 0);
    let (code, _) = rapport(&[
        "check",
        "--deny-warnings",
        "tests/fixtures/mistakes/unreachable-node.ron",
    ]);
    assert_eq!(code, 1);

    // Usage problems.
    let (code, out) = rapport(&["check", "no/such/place.ron"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("no file or folder called"), "{out}");
    let (code, _) = rapport(&["check", "--no-such-flag"]);
    assert_eq!(code, 2);
}

#[test]
fn json_output_for_tools() {
    let (code, out) = rapport(&["check", "--json", "tests/fixtures/mistakes/dead-end.ron"]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(value["errors"], 1);
    assert_eq!(value["diagnostics"][0]["code"], "dead-end");
    assert_eq!(value["diagnostics"][0]["line"], 45);
}

#[test]
fn scenario_ids_are_unique_across_a_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read("tests/fixtures/mini.ron").expect("mini");
    std::fs::write(dir.path().join("a.ron"), &text).expect("write");
    std::fs::write(dir.path().join("b.ron"), &text).expect("write");
    let reports = rapport::check::check_path(dir.path(), &Framework::builtin()).expect("folder");
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
    let reference = std::fs::read("tests/fixtures/check-in.ron").expect("fixture");
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"   \n\t".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x9f, 0x92, 0x96],
        (0..=255u8).cycle().take(10_000).collect(),
        b"\xEF\xBB\xBF".to_vec(),
        "[".repeat(100_000).into_bytes(),
        "Scenario(".repeat(50_000).into_bytes(),
        format!("Scenario(id: \"{}\")", "x".repeat(1_000_000)).into_bytes(),
        vec![b'a'; rapport::check::MAX_FILE_BYTES + 1],
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
