//! Runs every playthrough in `tests/playthroughs/`: each file names a scenario, the choices
//! to make and what must come out (ending, outcome, ratings, score ranges, dials, minutes,
//! words shown). A playthrough whose scenario has errors fails with the checker's report.
#![allow(clippy::panic)]

use std::path::Path;

use rapport_core::playthrough::run_dir;

#[test]
fn every_playthrough_behaves_as_written() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/playthroughs");
    let verdicts = run_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !verdicts.is_empty(),
        "no playthroughs found in {}",
        dir.display()
    );
    let mut report = String::new();
    for verdict in verdicts.iter().filter(|v| !v.passed()) {
        let name = verdict.file.strip_prefix(&dir).unwrap_or(&verdict.file);
        report.push_str(&format!("\n{}:\n", name.display()));
        for failure in &verdict.failures {
            report.push_str(&format!("  - {failure}\n"));
        }
    }
    let failed = verdicts.iter().filter(|v| !v.passed()).count();
    assert!(
        report.is_empty(),
        "{failed} of {} playthroughs failed:{report}",
        verdicts.len()
    );
    println!("{} playthroughs passed", verdicts.len());
}

/// The engine's own playthroughs cover every runtime rule; make sure none has gone missing.
#[test]
fn engine_playthroughs_are_present() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/playthroughs");
    for name in [
        "engine-best.ron",
        "engine-loop-time-up.ron",
        "engine-ending-beats-clock.ron",
        "engine-set-clear.ron",
        "engine-harmful.ron",
    ] {
        assert!(dir.join(name).is_file(), "missing {name}");
    }
}

/// A playthrough that expects the wrong ending title fails, naming the title shown and the
/// variant that chose it.
#[test]
fn a_wrong_ending_title_is_reported_with_the_variant_shown() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/playthroughs");
    let file = dir.join("variants-agreed.ron");
    let mut playthrough = rapport_core::playthrough::load(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(playthrough.title.as_deref(), Some("Jo leaves with a time"));
    playthrough.title = Some("Jo leaves".into());
    let verdict = rapport_core::playthrough::run(&file, &playthrough);
    assert_eq!(
        verdict.failures,
        vec![
            "the ending is shown as \"Jo leaves with a time\" (variant 1 of `leaves`), expected \"Jo leaves\""
                .to_string()
        ]
    );
}
