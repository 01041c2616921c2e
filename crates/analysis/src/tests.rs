//! Cross-checks of the state merging: reduced against unreduced, flag-aware against
//! per-place split points.

use super::*;

/// Loads a scenario (relative to the repository root) that must exist and pass the checker:
/// a missing or broken file fails the test rather than shrinking what it compares.
fn load(path: &str) -> Scenario {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path);
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| unreachable!("{path}: {e}"));
    let report = rapport_core::check::check_source(
        &full.display().to_string(),
        text.as_bytes(),
        &Framework::builtin(),
    );
    assert_eq!(report.errors(), 0, "{path}: {}", report.render(false));
    report
        .scenario
        .map(|s| s.as_ref().clone())
        .unwrap_or_else(|| unreachable!("{path}: no scenario"))
}

/// What the report says, apart from the number of states kept.
fn essentials(a: &Analysis) -> String {
    let endings: Vec<String> = a
        .endings
        .iter()
        .map(|e| {
            let dials: Vec<(&str, u8, u8)> = e
                .dials
                .iter()
                .map(|d| (d.dial.as_str(), d.low, d.high))
                .collect();
            format!("{} {:?} {} {dials:?}", e.ending, e.routes, e.shortest.len())
        })
        .collect();
    let composites: Vec<String> = a
        .composites
        .iter()
        .map(|g| {
            let show = |x: &Option<Extreme>| {
                x.as_ref()
                    .map(|x| (format!("{:.9}", x.score), x.repeat.is_some()))
            };
            format!("{:?} {:?} {:?}", g.group, show(&g.best), show(&g.worst))
        })
        .collect();
    let stuck: Vec<(&str, usize)> = a
        .stuck
        .iter()
        .map(|s| (s.node.as_str(), s.route.len()))
        .collect();
    let traps: Vec<&Vec<String>> = a.traps.iter().map(|t| &t.nodes).collect();
    let never: Vec<&str> = a.never_offered.iter().map(|n| n.choice.as_str()).collect();
    let errors: Vec<&String> = a.errors.iter().map(|e| &e.message).collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{never:?}\n{stuck:?}\n{traps:?}\n{errors:?}\n{}\n{:?}\n{endings:?}\n{composites:?}",
        a.reachable_nodes,
        a.reachable_endings,
        a.complete,
        a.states_without_ending > 0,
        a.routes
    )
}

/// The time-aware split points merge more states than the split points of every path,
/// and the report is the same.
/// The same cross-check on the largest shipped scenario whose space the per-place split
/// points alone can explore (about 500,000 states; warning.ron needs over 20 million
/// that way): slow unoptimised, so run it with `cargo test --release -- --ignored`.
#[test]
#[ignore = "slow in a debug build"]
fn flag_aware_splits_agree_on_first_meeting() {
    let framework = Framework::builtin();
    let path = "scenarios/first-meeting.ron";
    let scenario = load(path);
    let options = Options {
        max_states: 20_000_000,
        ..Options::default()
    };
    let aware = analyse_timed(&scenario, &framework, options, true);
    let unaware = analyse_timed(&scenario, &framework, options, false);
    assert!(aware.complete && unaware.complete);
    assert!(aware.states < unaware.states);
    assert_eq!(essentials(&aware), essentials(&unaware));
}

#[test]
fn time_and_flag_aware_splits_change_nothing_but_the_state_count() {
    let framework = Framework::builtin();
    let files = [
        "scenarios/day-of-release.ron",
        "scenarios/disclosure.ron",
        "tests/fixtures/check-in.ron",
        "tests/fixtures/analyse-time-out.ron",
        "tests/fixtures/analyse-loop.ron",
        "tests/fixtures/analyse-trap.ron",
        "tests/fixtures/judging.ron",
        "tests/fixtures/ending-variants.ron",
    ];
    let mut scenarios: Vec<Scenario> = files.iter().map(|p| load(p)).collect();
    for seed in 0..16u64 {
        let mut shape = rapport_core::synthetic::Shape::new(30 + 13 * seed as usize, seed);
        shape.merge_percent = 20 * (seed % 4);
        shape.conditional_percent = 25 + 15 * (seed % 5);
        let plain = rapport_core::synthetic::synthetic_shaped(shape);
        // The same with loops: every seventh decision's last option goes back a few
        // nodes, so the clock bounds how often dials can be pushed round a loop.
        let mut looped = plain.clone();
        looped.id.push_str("-looped");
        let ids: Vec<String> = looped.nodes.keys().map(|k| k.to_string()).collect();
        for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 7 == 6) {
            if let Some(choice) = looped
                .nodes
                .get_mut(id.as_str())
                .and_then(|n| n.choices.last_mut())
            {
                choice.next = rapport_core::model::Spanned::new(ids[i - 3 - (i % 3)].clone());
            }
        }
        // The same with branches: every fifth decision's first option goes elsewhere when
        // trust is high enough after it, and every sixth beat (or decision's last option)
        // when a flag is set, so split points must be read through branches too.
        let mut branched = plain.clone();
        branched.id.push_str("-branched");
        for (i, id) in ids.iter().enumerate() {
            let target = ids[(i + 2 + i % 4) % ids.len()].clone();
            let flag = branched.flags.first().map(|f| f.to_string());
            let Some(node) = branched.nodes.get_mut(id.as_str()) else {
                continue;
            };
            let branch = |when: String, next: String| rapport_core::model::Branch {
                when: when.as_str().into(),
                next: rapport_core::model::Spanned::new(next),
                place: Default::default(),
            };
            if i % 5 == 0
                && let Some(choice) = node.choices.first_mut()
            {
                let when = format!("trust >= {}", 35 + 5 * (i % 7));
                choice.branches.push(branch(when, target.clone()));
            }
            if i % 6 == 3
                && let Some(flag) = flag
            {
                if node.choices.is_empty() && node.next.is_some() {
                    node.branches.push(branch(flag, target));
                } else if let Some(choice) = node.choices.last_mut() {
                    choice.branches.push(branch(format!("!{flag}"), target));
                }
            }
        }
        scenarios.push(plain);
        scenarios.push(looped);
        scenarios.push(branched);
    }
    let mut fewer = 0;
    let mut unmerged = 0;
    let mut branched_merged = 0;
    let branches: usize = scenarios
        .iter()
        .filter(|s| s.id.ends_with("-branched"))
        .flat_map(|s| s.nodes.values())
        .map(|n| n.branches.len() + n.choices.iter().map(|c| c.branches.len()).sum::<usize>())
        .sum();
    assert!(
        branches >= 100,
        "only {branches} branches in the branched scenarios"
    );
    for scenario in &scenarios {
        let timed = analyse_timed(scenario, &framework, Options::default(), true);
        let untimed = analyse_timed(scenario, &framework, Options::default(), false);
        assert!(timed.complete, "{}", scenario.id);
        assert!(timed.states <= untimed.states, "{}", scenario.id);
        assert_eq!(essentials(&timed), essentials(&untimed), "{}", scenario.id);
        if scenario.id.starts_with("synthetic") {
            // Small enough to explore with no merging at all.
            let options = Options {
                reduce: false,
                ..Options::default()
            };
            let full = analyse_timed(scenario, &framework, options, true);
            assert_eq!(essentials(&timed), essentials(&full), "{}", scenario.id);
            unmerged += 1;
            if scenario.id.ends_with("-branched") {
                branched_merged += usize::from(timed.states < full.states);
            }
        }
        fewer += usize::from(timed.states < untimed.states);
    }
    // Every synthetic scenario (plain, looped and branched) was also compared with no
    // merging at all.
    assert_eq!(unmerged, 3 * 16);
    // Merging still works with branches: most branched scenarios keep fewer states.
    assert!(
        branched_merged >= 12,
        "only {branched_merged} of 16 branched scenarios merged"
    );
    // The check means something only if the time-aware splits merge states.
    assert!(fewer >= 8, "only {fewer} scenarios have fewer states");
}
