//! Snapshots of the checker's rendered messages for every file in
//! `tests/fixtures/mistakes/`, as a trainer reads them in a terminal: what is wrong, where,
//! the line, and the hint. Review changes with `cargo insta review` (or read the `.snap`
//! files under `tests/snapshots/`).
#![allow(clippy::expect_used)]

use std::path::Path;

use rapport_core::check::check_source;
use rapport_core::framework::Framework;

/// The workspace root, where `tests/fixtures` lives.
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn every_mistake_fixture_renders_as_reviewed() {
    let framework = Framework::builtin();
    let dir = root().join("tests/fixtures/mistakes");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("mistakes folder")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name.ends_with(".ron"))
        .collect();
    files.sort();
    assert!(files.len() >= 19, "{files:?}");
    for name in files {
        // The label is the path relative to the workspace root, as a trainer types it.
        let label = format!("tests/fixtures/mistakes/{name}");
        let bytes = std::fs::read(dir.join(&name)).expect("fixture");
        let report = check_source(&label, &bytes, &framework);
        assert!(
            report.errors() + report.warnings() > 0,
            "{label} has no mistake"
        );
        let rendered = format!(
            "{}\nerrors: {}, warnings: {}\n",
            report.render(false),
            report.errors(),
            report.warnings()
        );
        let stem = name.trim_end_matches(".ron");
        insta::assert_snapshot!(stem, rendered);
    }
}
