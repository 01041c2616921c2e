//! The `rapport` command end to end: `check`, `play`, `debrief` as a trainer runs them.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rapport_core::transcript::Transcript;

/// A file in `tests/fixtures`.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn check_cmd(args: &[&str]) -> (i32, String) {
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
    let (code, out) = check_cmd(&["check", "tests/fixtures/check-in.ron"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("checked 1 file: 0 errors, 0 warnings (ok)"),
        "{out}"
    );

    let (code, out) = check_cmd(&[
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
    let (code, _) = check_cmd(&["check", "tests/fixtures/mistakes/unreachable-node.ron"]);
    assert_eq!(code, 0);
    let (code, _) = check_cmd(&[
        "check",
        "--deny-warnings",
        "tests/fixtures/mistakes/unreachable-node.ron",
    ]);
    assert_eq!(code, 1);

    // Usage problems.
    let (code, out) = check_cmd(&["check", "no/such/place.ron"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("no file or folder called"), "{out}");
    let (code, _) = check_cmd(&["check", "--no-such-flag"]);
    assert_eq!(code, 2);
}

#[test]
fn json_output_for_tools() {
    let (code, out) = check_cmd(&["check", "--json", "tests/fixtures/mistakes/dead-end.ron"]);
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(value["errors"], 1);
    assert_eq!(value["diagnostics"][0]["code"], "dead-end");
    assert_eq!(value["diagnostics"][0]["line"], 45);
}

fn rapport(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn play_json_reaches_agreed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = rapport(
        &[
            "play",
            "tests/fixtures/check-in.ron",
            "--choose",
            "greet-first,solve-together,confirm-and-explain",
            "--json",
        ],
        root,
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(json["ending"], "agreed");
    assert_eq!(json["outcome"], "Positive");
    assert_eq!(json["ratings"]["respectful"], "Satisfactory");
    for key in [
        "scenario",
        "ending",
        "outcome",
        "minutes_used",
        "dials",
        "trajectory",
        "scores",
        "ratings",
        "key_moments",
        "missed_opportunities",
        "perspectives",
        "evidence",
        "reflection",
    ] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    assert!(
        json["scores"].get("relationship").is_some() && json["scores"].get("structuring").is_some()
    );
}

#[test]
fn play_reports_an_unavailable_choice_and_an_unfinished_script() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, _, err) = rapport(
        &[
            "play",
            "tests/fixtures/check-in.ron",
            "--choose",
            "greet-first,sign-here",
        ],
        root,
    );
    assert_eq!(code, 1);
    for part in [
        "sign-here",
        "how-are-you",
        "solve-together",
        "just-be-on-time",
    ] {
        assert!(err.contains(part), "{err}");
    }
    let (code, _, err) = rapport(
        &[
            "play",
            "tests/fixtures/check-in.ron",
            "--choose",
            "greet-first",
        ],
        root,
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("how-are-you") && err.contains("solve-together"),
        "{err}"
    );
}

#[test]
fn save_then_debrief_replays_and_notices_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scenario = dir.path().join("check-in.ron");
    std::fs::copy(fixture("check-in.ron"), &scenario).expect("copy");
    let (code, _, err) = rapport(
        &[
            "play",
            "check-in.ron",
            "--choose",
            "greet-first,solve-together,confirm-and-explain",
            "--save",
            "out/t.json",
        ],
        dir.path(),
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = rapport(&["debrief", "out/t.json"], dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("A time that works"), "{out}");

    let text = std::fs::read_to_string(&scenario).expect("read");
    std::fs::write(
        &scenario,
        text.replace("\"solve-together\"", "\"work-it-out\""),
    )
    .expect("write");
    let (code, out, err) = rapport(&["debrief", "out/t.json"], dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("has changed"), "{err}");
    assert!(
        err.contains("choice 2 of 3, `solve-together`") && err.contains("how-are-you"),
        "{err}"
    );
    assert!(
        out.contains("A time that works"),
        "the saved debrief is shown: {out}"
    );
}

#[test]
fn interactive_play_reads_numbers_and_offers_to_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture("check-in.ron"), dir.path().join("check-in.ron")).expect("copy");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args(["play", "check-in.ron", "--width", "80"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let stdin = child.stdin.as_mut().expect("stdin");
        stdin
            .write_all(b"1\n9\n1\n1\nShe needed to be seen.\n\nsaved.json\n")
            .expect("write");
    }
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains(" 1. \"Hi Kez"), "{stdout}");
    assert!(stdout.contains("Type a number from 1 to 2."), "{stdout}");
    assert!(stdout.contains("[2 of 20 minutes used]"), "{stdout}");
    assert!(
        stdout.contains("Kez (open):"),
        "the variant's mood is shown: {stdout}"
    );
    for line in stdout.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    let saved = Transcript::load(&dir.path().join("saved.json")).expect("saved");
    assert_eq!(saved.reflections[0].answer, "She needed to be seen.");
    assert_eq!(
        saved.choices,
        ["greet-first", "solve-together", "confirm-and-explain"]
    );
}

#[test]
fn new_scenarios_pass_check_and_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let bin = env!("CARGO_BIN_EXE_rapport");
    for (kind, id) in [
        ("FirstMeeting", "my-first"),
        ("day-of-release", "release-day"),
    ] {
        let run = || {
            Command::new(bin)
                .args(["new", "--kind", kind, id, "--dir"])
                .arg(dir.path())
                .output()
                .unwrap_or_else(|e| unreachable!("{e}"))
        };
        assert!(run().status.success());
        let path = dir.path().join(format!("{id}.ron"));
        let report =
            rapport_core::check::check_file(&path, &rapport_core::framework::Framework::builtin());
        assert!(report.diagnostics.is_empty(), "{}", report.render(false));
        let before = std::fs::read_to_string(&path).unwrap_or_default();
        let again = run();
        assert_eq!(again.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
        assert_eq!(std::fs::read_to_string(&path).unwrap_or_default(), before);
    }
    for kind in rapport_core::model::Kind::ALL {
        let text = rapport_core::template::scenario_text(kind, "x");
        assert!(text.contains(&format!("kind: {}", kind.ron_name())));
    }
}

#[test]
fn a_duplicate_scenario_id_is_reported_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture("mini.ron"), dir.path().join("a.ron")).expect("copy");
    std::fs::copy(fixture("mini.ron"), dir.path().join("b.ron")).expect("copy");
    let folder = dir.path().display().to_string();
    let (code, out) = check_cmd(&["check", &folder]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        out.matches("the scenario id `mini` is already used by")
            .count(),
        1,
        "{out}"
    );
    assert!(out.contains("checked 2 files: 1 error"), "{out}");
}

/// `rapport verify` runs playthrough files: 0 when all hold, 1 with every failure named when
/// one does not, 2 for a path that is not there.
#[test]
fn verify_runs_playthroughs_and_names_what_fails() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out) = check_cmd(&[
        "verify",
        "tests/playthroughs/variants-agreed.ron",
        "tests/playthroughs/variants-calmer.ron",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("2 playthrough(s): 2 passed, 0 failed"),
        "{out}"
    );

    // A copy that expects the wrong title and ending, next to the real ones.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(root.join("tests/playthroughs/variants-agreed.ron"))
        .expect("read")
        .replace(
            "../fixtures/",
            &format!("{}/tests/fixtures/", root.display()),
        )
        .replace("title: \"Jo leaves with a time\"", "title: \"Jo leaves\"");
    let wrong = dir.path().join("wrong.ron");
    std::fs::write(&wrong, text).expect("write");
    let (code, out) = check_cmd(&["verify", wrong.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAILED"), "{out}");
    assert!(
        out.contains("the ending is shown as \"Jo leaves with a time\" (variant 1 of `leaves`), expected \"Jo leaves\""),
        "{out}"
    );
    assert!(
        out.contains("1 playthrough(s): 0 passed, 1 failed"),
        "{out}"
    );

    let (code, out) = check_cmd(&["verify", "tests/playthroughs/no-such-file.ron"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("is not a playthrough file or folder"), "{out}");
}

/// A file with no end (`/dev/zero`) is refused as too large after reading just past the
/// limit, by every command that reads a scenario, instead of filling memory.
#[cfg(unix)]
#[test]
fn an_endless_file_is_refused_not_read_forever() {
    for args in [
        &["check", "/dev/zero"][..],
        &["play", "/dev/zero", "--choose", "x"],
        &["analyse", "/dev/zero"],
        &["graph", "/dev/zero"],
    ] {
        let (code, out) = check_cmd(args);
        assert_eq!(code, 1, "{args:?}: {out}");
        assert!(
            out.contains("file-too-large") || out.contains("1 error"),
            "{args:?}: {out}"
        );
    }
    let (code, out) = check_cmd(&["check", "/dev/zero"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("the file is larger than a scenario can be (8 MB)"),
        "{out}"
    );
    let (code, out) = check_cmd(&["debrief", "/dev/zero"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("is not a Rapport transcript"), "{out}");
}

/// Inputs that would do nothing, or do the wrong thing quietly, are refused with a reason.
#[test]
fn empty_and_pointless_inputs_are_refused_with_a_reason() {
    let empty = tempfile::tempdir().expect("tempdir");
    let (code, out) = check_cmd(&["check", empty.path().to_str().expect("utf-8")]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("there are no scenario files (.ron) in"),
        "{out}"
    );
    let check_in = "tests/fixtures/check-in.ron";
    let (code, out) = check_cmd(&["play", check_in, "--random", "0"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("give a number of 1 or more"), "{out}");
    let (code, out) = check_cmd(&["play", check_in, "--random", "5", "--choose", "greet-first"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("cannot be used with"), "{out}");
    let (code, out) = check_cmd(&["analyse", check_in, "--max-states", "0"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("give a number of 1 or more"), "{out}");
    let (code, out) = check_cmd(&[
        "play",
        check_in,
        "--choose",
        "greet-first,solve-together,confirm-and-explain",
        "--save",
        "Cargo.toml/attempt.json",
    ]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("Cargo.toml is a file, not a folder"), "{out}");
}

/// The app refuses a file that is not a scenario before it opens a window.
#[cfg(feature = "app")]
#[test]
fn the_app_refuses_a_file_that_is_not_a_scenario() {
    let (code, out) = check_cmd(&["app", "--scenario", "Cargo.toml"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("Cargo.toml is not a scenario file"), "{out}");
}

/// In terminal play, a save that fails asks for another path, and the typed reflections
/// are never lost: saved there, or shown again if the trainee gives up.
#[test]
fn a_failed_save_asks_again_and_keeps_the_reflections() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let good = dir.path().join("attempt.json");
    let play = |input: String| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args([
                "play",
                "tests/fixtures/check-in.ron",
                "--save",
                "Cargo.toml/x.json",
            ])
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run rapport");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("type");
        let out = child.wait_with_output().expect("wait");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    };
    let (code, out) = play(format!(
        "1\n1\n1\nmy first answer\nmy second\n{}\n",
        good.display()
    ));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Cargo.toml is a file, not a folder"), "{out}");
    let saved = Transcript::load(&good).expect("saved at the second path");
    assert_eq!(saved.reflections[0].answer, "my first answer");

    let (code, out) = play("1\n1\n1\nmy first answer\nmy second\nn\n".into());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Not saved. Your reflections were:"), "{out}");
    assert!(out.contains("my second"), "{out}");
}

/// With no desktop, the app says so and points to terminal play (exit 2), instead of a
/// panic inside the windowing library: no display at all, or one that refuses.
#[cfg(all(unix, not(target_os = "macos"), feature = "app"))]
#[test]
fn the_app_without_a_desktop_says_so_and_suggests_play() {
    let run = |display: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
        command
            .args(["app", "--scenarios", "tests/fixtures"])
            .env("NO_COLOR", "1")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("DISPLAY");
        if let Some(display) = display {
            command.env("DISPLAY", display);
        }
        let out = command.output().expect("run rapport");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for display in [None, Some(":97")] {
        let (code, err) = run(display);
        assert_eq!(code, 2, "{display:?}: {err}");
        assert!(
            err.contains("the app needs a desktop"),
            "{display:?}: {err}"
        );
        assert!(err.contains("rapport play"), "{display:?}: {err}");
        assert!(!err.contains("panicked"), "{display:?}: {err}");
    }
}

/// Ctrl-C during a long random run ends it with a summary of the routes played so far.
#[cfg(unix)]
#[test]
fn ctrl_c_ends_a_long_random_run_with_a_summary() {
    let child = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .args([
            "play",
            "tests/fixtures/check-in.ron",
            "--random",
            "1000000000000",
        ])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run rapport");
    // Let it start and install its handler, then interrupt it as Ctrl-C does.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let out = child.wait_with_output().expect("wait");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stderr.contains("Stopped after"), "{stderr}");
    assert!(
        stderr.contains("of 1000000000000 routes (Ctrl-C)"),
        "{stderr}"
    );
    // The summary covers the routes played, a whole number of progress steps.
    let played: usize = stdout
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        played > 0 && played.is_multiple_of(rapport_core::random::PROGRESS_EVERY),
        "{stdout}"
    );
    assert!(stdout.contains("Endings reached"), "{stdout}");
}
