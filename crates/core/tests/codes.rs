//! The diagnostic codes and the authoring guide's table of them stay in step: every code
//! is documented, and every code the table names exists.
#![allow(clippy::expect_used)]

use std::collections::BTreeSet;

use rapport_core::diagnostic::Code;

const GUIDE: &str = include_str!("../../../docs/authoring.md");

/// The codes named in the first column of the table under "What the checker's messages
/// mean".
fn documented() -> BTreeSet<String> {
    let section = GUIDE
        .split("## What the checker's messages mean")
        .nth(1)
        .expect("the section is in docs/authoring.md");
    let mut codes = BTreeSet::new();
    for line in section.lines().skip_while(|l| !l.starts_with("| code")) {
        if !line.starts_with('|') {
            break;
        }
        let first = line.split('|').nth(1).unwrap_or_default();
        for piece in first.split('`').skip(1).step_by(2) {
            codes.insert(piece.to_string());
        }
    }
    codes.remove("code");
    codes
}

#[test]
fn every_code_is_in_the_guide_and_every_row_is_a_code() {
    let documented = documented();
    assert!(documented.len() > 30, "{documented:?}");
    for code in Code::ALL {
        assert!(
            documented.contains(code.as_str()),
            "`{code}` is not in the table in docs/authoring.md"
        );
    }
    for name in &documented {
        assert!(
            Code::from_name(name).is_some(),
            "docs/authoring.md lists `{name}`, which is not a diagnostic code"
        );
    }
}

#[test]
fn code_names_are_unique() {
    let names: BTreeSet<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(names.len(), Code::ALL.len());
}
