//! `rapport analyse`, `rapport graph`, `rapport new` and random play, on small hand-built
//! scenarios (tests/fixtures/analyse-*.ron), the reference check-in and the shipped scenarios.

use std::path::{Path, PathBuf};

use rapport_analysis::graph::{GraphFormat, render};
use rapport_analysis::{Analysis, Options, RouteCount, analyse, analyse_with};
use rapport_core::random::RandomSummary;

/// Random play (in the core) on a scenario, compiled first.
fn random_playthroughs(
    scenario: &Scenario,
    framework: &Framework,
    n: usize,
    seed: u64,
) -> RandomSummary {
    let program = rapport_core::compile::Program::compile(std::sync::Arc::new(scenario.clone()))
        .unwrap_or_else(|e| unreachable!("{e}"));
    rapport_core::random::random_playthroughs(&program, framework, n, seed)
}
use rapport_core::check::{check_file, check_source};
use rapport_core::framework::Framework;
use rapport_core::model::Scenario;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &Path) -> (Scenario, Framework) {
    let (program, framework) = compiled(path);
    (program.scenario().as_ref().clone(), framework)
}

/// Loads and compiles a scenario through the one loader; it must have no errors.
fn compiled(path: &Path) -> (std::sync::Arc<rapport_core::compile::Program>, Framework) {
    let framework = Framework::builtin();
    let report = check_file(path, &framework);
    assert_eq!(report.errors(), 0, "{}", report.render(false));
    let program = report.program.unwrap_or_else(|| unreachable!());
    (program, framework)
}

fn fixture(name: &str) -> Analysis {
    let (scenario, framework) = load(&root().join("tests/fixtures").join(name));
    analyse(&scenario, &framework)
}

fn exact(count: u128) -> RouteCount {
    RouteCount::Exact {
        count: count.to_string(),
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn an_ending_reachable_only_when_a_flag_is_set() {
    let a = fixture("analyse-flag-ending.ron");
    assert!(a.complete);
    assert_eq!(a.reachable_endings, strings(&["left", "thanked"]));
    // The checker cannot see it, but `trust >= 90` never holds: trust peaks at 50.
    assert_eq!(a.unreachable_endings, strings(&["opened-up"]));
    assert_eq!(a.never_offered.len(), 1);
    assert_eq!(a.never_offered[0].choice, "secret");
    let thanked = a.endings.iter().find(|e| e.ending == "thanked");
    let thanked = thanked.unwrap_or_else(|| unreachable!());
    assert_eq!(thanked.shortest, strings(&["offer-help", "thank"]));
    assert_eq!(thanked.routes, exact(1));
    assert_eq!(a.routes, exact(3));
    assert!(a.stuck.is_empty() && a.traps.is_empty());
    let relationship = &a.composites[0];
    let best = relationship.best.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!((best.numerator, best.denominator), (6, 6));
    assert_eq!(best.route, strings(&["offer-help", "thank"]));
    let worst = relationship
        .worst
        .as_ref()
        .unwrap_or_else(|| unreachable!());
    assert_eq!(worst.score, 0.0);
    assert_eq!(worst.route, strings(&["skip", "leave"]));
    assert!(
        a.composites[1].best.is_none(),
        "no structuring skill differs"
    );
}

#[test]
fn a_decision_that_can_empty_under_some_dials() {
    let a = fixture("analyse-empty-decision.ron");
    assert_eq!(a.stuck.len(), 1);
    let stuck = &a.stuck[0];
    assert_eq!(stuck.node, "choose");
    assert_eq!(stuck.route, strings(&["cold"]));
    assert_eq!(
        stuck.example.dials.get("trust").map(String::as_str),
        Some("0..39")
    );
    assert_eq!(
        stuck.example.dials.get("openness").map(String::as_str),
        Some("0..24")
    );
    assert_eq!(a.states_without_ending, 1);
    assert!(a.has_problems());
    assert_eq!(a.routes, exact(2));
}

#[test]
fn a_loop_with_no_exit() {
    let a = fixture("analyse-trap.ron");
    assert_eq!(a.traps.len(), 1);
    let trap = &a.traps[0];
    assert_eq!(trap.nodes, strings(&["chat-a", "chat-b"]));
    assert_eq!(trap.route, strings(&["come-in"]));
    assert_eq!(a.unreachable_endings, strings(&["done"]));
    assert_eq!(a.routes, exact(1));
    assert!(a.has_problems());
}

#[test]
fn a_time_out_route() {
    let a = fixture("analyse-time-out.ron");
    assert_eq!(a.reachable_endings, strings(&["agreed", "out-of-time"]));
    let out = a.endings.iter().find(|e| e.ending == "out-of-time");
    let out = out.unwrap_or_else(|| unreachable!());
    assert!(out.by_time_up);
    assert_eq!(out.shortest, strings(&["listen-long", "explore"]));
    assert_eq!(out.minutes, 11);
    assert_eq!(out.routes, exact(1));
    assert_eq!(a.routes, exact(7));
    assert!(!a.has_problems());
}

#[test]
fn a_loop_that_can_be_left_gives_infinite_routes_and_limit_scores() {
    let a = fixture("analyse-loop.ron");
    assert!(matches!(a.routes, RouteCount::Infinite { .. }));
    assert!(a.traps.is_empty() && a.stuck.is_empty());
    let relationship = &a.composites[0];
    let best = relationship.best.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(best.score, 100.0);
    assert_eq!(best.repeat, Some(strings(&["good"])));
    let worst = relationship
        .worst
        .as_ref()
        .unwrap_or_else(|| unreachable!());
    assert_eq!(worst.score, 0.0);
    assert_eq!(worst.repeat, Some(strings(&["bad"])));
}

#[test]
fn the_reference_check_in() {
    let a = fixture("check-in.ron");
    assert!(a.complete);
    assert!(a.unreachable_nodes.is_empty() && a.unreachable_endings.is_empty());
    assert!(!a.has_problems());
    assert_eq!(a.routes, exact(37));
    let shortest: Vec<(&str, usize)> = a
        .endings
        .iter()
        .map(|e| (e.ending.as_str(), e.shortest.len()))
        .collect();
    assert_eq!(
        shortest,
        [("agreed", 3), ("out-of-time", 12), ("processed", 2)]
    );
    for group in &a.composites {
        let best = group.best.as_ref().unwrap_or_else(|| unreachable!());
        let worst = group.worst.as_ref().unwrap_or_else(|| unreachable!());
        assert_eq!((best.score, worst.score), (100.0, 0.0), "{:?}", group.group);
        assert!(best.repeat.is_none() && worst.repeat.is_none());
    }
    let collaborative = a.skills.iter().find(|s| s.skill == "collaborative");
    let collaborative = collaborative.unwrap_or_else(|| unreachable!());
    assert_eq!(
        collaborative.decisions.keys().collect::<Vec<_>>(),
        ["how-are-you"]
    );
}

/// The extremes found by the analyser are real: replaying the route through the runtime and
/// scoring it gives the same composite, at the ending it is reported for.
#[test]
fn extreme_routes_replay_to_their_scores() {
    for name in [
        "check-in.ron",
        "analyse-flag-ending.ron",
        "analyse-time-out.ron",
    ] {
        let (program, framework) = compiled(&root().join("tests/fixtures").join(name));
        let scenario = program.scenario();
        let a = analyse(scenario, &framework);
        // The extremes over every route, and over the routes to each ending.
        let per_ending = a.endings.iter().flat_map(|e| &e.composites);
        for group in a.composites.iter().chain(per_ending) {
            for extreme in [&group.best, &group.worst].into_iter().flatten() {
                let session =
                    rapport_core::runtime::Session::replay(program.clone(), &extreme.route);
                let session = session.unwrap_or_else(|e| unreachable!("{name}: {e}"));
                assert_eq!(session.ending(), Some(extreme.ending.as_str()));
                let scores =
                    rapport_core::scoring::score(scenario, session.trajectory(), &framework);
                let got = scores.composite(group.group).unwrap_or(-1.0);
                assert!(
                    (got - extreme.score).abs() < 1e-9,
                    "{name} {:?}: {got} vs {}",
                    group.group,
                    extreme.score
                );
            }
        }
    }
}

#[test]
fn synthetic_scenarios_are_valid_and_analysed_exactly() {
    let framework = Framework::builtin();
    let scenario = rapport_core::synthetic::synthetic(1000, 7);
    let text = ron::ser::to_string(&scenario).unwrap_or_default();
    let report = check_source("synthetic.ron", text.as_bytes(), &framework);
    assert_eq!(report.errors(), 0, "{}", report.render(false));
    let a = analyse(&scenario, &framework);
    assert!(a.complete);
    assert!(a.stuck.is_empty() && a.traps.is_empty() && a.errors.is_empty());
    assert!(a.reachable_endings.len() >= 3);
    // Random play agrees: every route ends, at an ending the analysis found reachable.
    let summary = random_playthroughs(&scenario, &framework, 200, 1);
    assert!(summary.all_ended(), "{summary}");
    for ending in summary.endings.keys() {
        assert!(a.reachable_endings.contains(ending), "{ending}");
    }
}

#[test]
fn random_play_is_seeded_and_reports_failing_seeds() {
    let (scenario, framework) = load(&root().join("tests/fixtures/analyse-empty-decision.ron"));
    let first = random_playthroughs(&scenario, &framework, 50, 99);
    let again = random_playthroughs(&scenario, &framework, 50, 99);
    assert_eq!(first.to_string(), again.to_string());
    // The cold start empties the next decision: those routes fail, with their seeds.
    assert!(!first.failures.is_empty());
    let failing = &first.failures[0];
    assert_eq!(failing.choices, strings(&["cold"]));
    let replay = random_playthroughs(&scenario, &framework, 1, failing.seed);
    assert_eq!(replay.failures.len(), 1);
    assert_eq!(replay.failures[0].choices, failing.choices);
    assert!(
        first
            .to_string()
            .contains(&format!("seed {}", failing.seed))
    );
}

#[test]
fn a_state_limit_makes_a_partial_report() {
    let (scenario, framework) = load(&root().join("tests/fixtures/check-in.ron"));
    let a = analyse_with(
        &scenario,
        &framework,
        Options {
            max_states: 5,
            ..Options::default()
        },
    );
    assert!(!a.complete);
    let text = a.to_text();
    assert!(text.contains("partial"));
    // It says where the states pile up, so the author knows where to look.
    let total: usize = a.busiest.iter().map(|b| b.states).sum();
    assert!(!a.busiest.is_empty() && total <= a.states);
    assert!(a.busiest.windows(2).all(|w| w[0].states >= w[1].states));
    assert!(text.contains("Most states are at `"), "{text}");
    assert!(text.contains(&format!(
        "`{}` {} states",
        a.busiest[0].node, a.busiest[0].states
    )));
}

#[test]
fn graphs_name_every_node_choice_and_ending() {
    let (scenario, _) = load(&root().join("tests/fixtures/check-in.ron"));
    let dot = render(&scenario, GraphFormat::Dot);
    assert!(dot.starts_with("digraph"));
    assert!(dot.contains(
        "\"plan\" -> \"agreed\" [label=\"confirm-and-explain (+)\\nif offered_to_move_time\""
    ));
    assert!(dot.contains("\"arrive\" -> \"defensive\" [label=\"rules-first (+/-)\""));
    assert!(dot.contains("shape=invhouse")); // the negative ending
    let mermaid = render(&scenario, GraphFormat::Mermaid);
    assert!(mermaid.contains("flowchart TD"));
    assert!(
        mermaid.contains(
            "n_plan -.->|\"confirm-and-explain (+)<br/>if offered_to_move_time\"| e_agreed"
        )
    );
    for id in scenario.nodes.keys().chain(scenario.endings.keys()) {
        assert!(dot.contains(&format!("\"{id}\"")), "{id}");
        assert!(mermaid.contains(&id.replace('-', "_")), "{id}");
    }
}

/// Every shipped scenario's graph renders with Graphviz. It needs `dot`, so it is run on
/// request (`cargo test -- --ignored graphviz`, as CI does after installing Graphviz) and
/// fails, rather than passing, when `dot` is missing.
#[test]
#[ignore = "needs Graphviz (`dot`): cargo test -- --ignored graphviz"]
fn shipped_graphs_render_with_graphviz() {
    let version = std::process::Command::new("dot").arg("-V").output();
    assert!(
        version.is_ok_and(|o| o.status.success()),
        "Graphviz's `dot` is not installed (Debian: apt-get install graphviz)"
    );
    for path in shipped() {
        let (scenario, _) = load(&path);
        let text = render(&scenario, GraphFormat::Dot);
        let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let input = dir.path().join("graph.dot");
        std::fs::write(&input, text).unwrap_or_else(|e| unreachable!("{e}"));
        let status = std::process::Command::new("dot")
            .arg("-Tsvg")
            .arg(&input)
            .arg("-o")
            .arg(dir.path().join("graph.svg"))
            .status()
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert!(status.success(), "{}", path.display());
    }
}

fn shipped() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|x| x == "ron"));
    files.sort();
    files
}

/// The shipped scenarios: no decision can empty and no runtime error on any state explored;
/// when the whole space is explored (the larger ones are explored only up to a limit, to keep
/// the test quick), every node and ending is reachable and no loop lacks a way out.
#[test]
fn shipped_scenarios_have_no_dead_ends() {
    for path in shipped() {
        let (scenario, framework) = load(&path);
        let a = analyse_with(
            &scenario,
            &framework,
            Options {
                max_states: 40_000,
                ..Options::default()
            },
        );
        let name = path.display();
        assert!(a.stuck.is_empty(), "{name}: {:?}", a.stuck);
        assert!(a.errors.is_empty(), "{name}: {:?}", a.errors);
        if a.complete {
            assert!(a.traps.is_empty(), "{name}: {:?}", a.traps);
            assert!(
                a.unreachable_nodes.is_empty(),
                "{name}: {:?}",
                a.unreachable_nodes
            );
            assert!(
                a.unreachable_endings.is_empty(),
                "{name}: {:?}",
                a.unreachable_endings
            );
            assert_eq!(a.states_without_ending, 0, "{name}");
        }
    }
}

/// What must not change when equivalent states are merged.
fn essentials(a: &Analysis) -> String {
    let endings: Vec<String> = a
        .endings
        .iter()
        .map(|e| format!("{} {:?} {}", e.ending, e.routes, e.shortest.len()))
        .collect();
    let composites: Vec<String> = a
        .composites
        .iter()
        .map(|g| {
            let show = |x: &Option<rapport_analysis::Extreme>| {
                x.as_ref()
                    .map(|x| format!("{:.9} {}", x.score, x.repeat.is_some()))
            };
            format!("{:?} {:?} {:?}", g.group, show(&g.best), show(&g.worst))
        })
        .collect();
    let stuck: Vec<&str> = a.stuck.iter().map(|s| s.node.as_str()).collect();
    let traps: Vec<&Vec<String>> = a.traps.iter().map(|t| &t.nodes).collect();
    let never: Vec<&str> = a.never_offered.iter().map(|n| n.choice.as_str()).collect();
    let skills: Vec<String> = a
        .skills
        .iter()
        .map(|s| format!("{:?} {:?}", s.decisions, s.against))
        .collect();
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{never:?}\n{stuck:?}\n{traps:?}\n{}\n{:?}\n{endings:?}\n{composites:?}\n{skills:?}",
        a.reachable_nodes,
        a.unreachable_nodes,
        a.reachable_endings,
        a.unreachable_endings,
        a.states_without_ending > 0,
        a.routes
    )
}

/// The state-space reduction is exact: merging states changes nothing the report says.
#[test]
fn merging_equivalent_states_changes_nothing() {
    let framework = Framework::builtin();
    let mut scenarios: Vec<Scenario> = Vec::new();
    for name in [
        "check-in.ron",
        "analyse-flag-ending.ron",
        "analyse-empty-decision.ron",
        "analyse-trap.ron",
        "analyse-time-out.ron",
        "analyse-loop.ron",
    ] {
        scenarios.push(load(&root().join("tests/fixtures").join(name)).0);
    }
    for seed in 0..12u64 {
        let mut shape = rapport_core::synthetic::Shape::new(20 + 9 * seed as usize, seed);
        shape.merge_percent = 20 * (seed % 4);
        shape.conditional_percent = 25 + 15 * (seed % 5);
        scenarios.push(rapport_core::synthetic::synthetic_shaped(shape));
    }
    for scenario in &scenarios {
        let reduced = analyse(scenario, &framework);
        let full = analyse_with(
            scenario,
            &framework,
            Options {
                reduce: false,
                ..Options::default()
            },
        );
        assert!(reduced.complete && full.complete);
        assert!(reduced.states <= full.states);
        assert_eq!(essentials(&reduced), essentials(&full), "{}", scenario.id);
    }
}

/// Exact results pinned on the shipped scenarios whose whole state space is explored
/// quickly. If a trainer changes one of these scenarios, re-pin from `rapport analyse --json`.
#[test]
fn shipped_scenarios_pinned() {
    // (file, routes to an ending, positive ending, its route count, its shortest route length)
    let pins = [
        (
            "day-of-release.ron",
            3_157_433u128,
            "first-day-held",
            1_439u128,
            13usize,
        ),
        ("disclosure.ron", 5_225_810, "safer-together", 634, 16),
        ("first-meeting.ron", 1_122_447_902, "his-plan", 502, 14),
        ("warning.ron", 55_370_143, "fair-and-clear", 1_195, 14),
    ];
    for (file, routes, positive, positive_routes, shortest) in pins {
        let (program, framework) = compiled(&root().join("scenarios").join(file));
        let scenario = program.scenario().as_ref().clone();
        let a = analyse_with(&scenario, &framework, Options::default());
        assert!(a.complete, "{file}: explored completely");
        assert!(
            a.unreachable_nodes.is_empty() && a.unreachable_endings.is_empty(),
            "{file}"
        );
        assert!(
            a.stuck.is_empty() && a.traps.is_empty() && a.errors.is_empty(),
            "{file}"
        );
        assert_eq!(a.reachable_nodes.len(), scenario.nodes.len(), "{file}");
        assert_eq!(a.routes, exact(routes), "{file}");
        let ending = a.endings.iter().find(|e| e.ending == positive);
        let ending = ending.unwrap_or_else(|| unreachable!("{file}: {positive} reached"));
        assert_eq!(ending.routes, exact(positive_routes), "{file}");
        assert_eq!(ending.shortest.len(), shortest, "{file}");
        // Somebody can score 100 and somebody 0 on both composites: the decisions really
        // discriminate.
        for group in &a.composites {
            let best = group.best.as_ref().map(|e| e.score);
            let worst = group.worst.as_ref().map(|e| e.score);
            assert_eq!(
                (best, worst),
                (Some(100.0), Some(0.0)),
                "{file} {:?}",
                group.group
            );
        }
        // No route of mostly poor choices reaches a Positive ending (the report's warning).
        for e in &a.endings {
            assert!(
                e.poor_route().is_none(),
                "{file}: a poor route reaches {}",
                e.ending
            );
        }
        // Every ending's extremes replay through the runtime to that ending and that score.
        for e in &a.endings {
            for group in &e.composites {
                for x in [&group.best, &group.worst].into_iter().flatten() {
                    if x.repeat.is_some() {
                        continue;
                    }
                    let session = rapport_core::runtime::Session::replay(program.clone(), &x.route)
                        .unwrap_or_else(|err| unreachable!("{file}: {err}"));
                    assert_eq!(session.ending(), Some(e.ending.as_str()), "{file}");
                    let scores =
                        rapport_core::scoring::score(&scenario, session.trajectory(), &framework);
                    let got = scores.composite(group.group).unwrap_or(-1.0);
                    assert!(
                        (got - x.score).abs() < 1e-9,
                        "{file} {}: {got} vs {}",
                        e.ending,
                        x.score
                    );
                }
            }
        }
    }
}

#[test]
fn endings_reachable_only_through_branches_are_reached() {
    let a = fixture("judging.ron");
    assert!(a.complete);
    // `trusted` is only a branch target of `plan`; `walked-out` only of the beat `handover`.
    assert_eq!(
        a.reachable_endings,
        strings(&["closed", "trusted", "walked-out"])
    );
    assert!(a.unreachable_endings.is_empty());
    let shortest = |ending: &str| {
        a.endings
            .iter()
            .find(|e| e.ending == ending)
            .map(|e| e.shortest.clone())
            .unwrap_or_default()
    };
    assert_eq!(shortest("trusted"), strings(&["plan"]));
    assert_eq!(shortest("walked-out"), strings(&["move-on"]));
    assert_eq!(a.routes, exact(3));
    // The branch conditions' dial is tracked.
    assert_eq!(a.tracked_dials, strings(&["trust"]));
}

#[test]
fn graphs_draw_branches_with_their_conditions() {
    let (scenario, _) = load(&root().join("tests/fixtures/judging.ron"));
    let dot = render(&scenario, GraphFormat::Dot);
    assert!(
        dot.lines().any(|l| l.contains("\"housing\" -> \"trusted\"")
            && l.contains("if trust >= 55")
            && l.contains("style=dotted")),
        "{dot}"
    );
    assert!(
        dot.lines()
            .any(|l| l.contains("\"handover\" -> \"walked-out\"") && l.contains("if trust < 35")),
        "{dot}"
    );
    let mermaid = render(&scenario, GraphFormat::Mermaid);
    assert!(
        mermaid.contains("n_housing -.->|\"plan, instead<br/>if trust #gt;= 55\"| e_trusted"),
        "{mermaid}"
    );
    // Both keys say what a dotted purple arrow is, and the pitfall is named on its arrow.
    let key = "dotted purple: goes here instead, if the branch's condition holds";
    assert!(dot.contains(key), "{dot}");
    // (Mermaid writes a colon as an entity.)
    assert!(mermaid.contains(&key.replace(':', "#58;")), "{mermaid}");
    assert!(dot.contains("rescue (+; rescuing)"), "{dot}");
}

/// Per ending: each dial's (lowest, highest) and each group's (worst, best) composite.
type EndingExtremes = std::collections::BTreeMap<String, (Vec<(String, u8, u8)>, Vec<(f64, f64)>)>;

/// Every route of a small scenario with finitely many routes, played through the runtime and
/// scored: per ending, the lowest and highest of each dial and composite.
fn every_route(program: &std::sync::Arc<rapport_core::compile::Program>) -> EndingExtremes {
    use rapport_core::framework::Group;
    use rapport_core::runtime::Session;
    let framework = Framework::builtin();
    let scenario = program.scenario().clone();
    let mut out = EndingExtremes::new();
    let mut stack = vec![Session::start(program.clone()).unwrap_or_else(|e| unreachable!("{e}"))];
    let mut routes = 0usize;
    while let Some(session) = stack.pop() {
        if let Some(ending) = session.ending() {
            routes += 1;
            assert!(routes < 200_000, "too many routes for a brute-force check");
            let scores = rapport_core::scoring::score(&scenario, session.trajectory(), &framework);
            let (dials, groups) = out.entry(ending.to_string()).or_default();
            for (d, name) in program.dial_names().iter().enumerate() {
                let value = session.dial(name) as u8;
                match dials.get_mut(d) {
                    Some((_, low, high)) => {
                        *low = (*low).min(value);
                        *high = (*high).max(value);
                    }
                    None => dials.push((name.clone(), value, value)),
                }
            }
            for (g, group) in [Group::Relationship, Group::Structuring].iter().enumerate() {
                // A group no decision of the route scores is left out of the route's range.
                let Some(value) = scores.composite(*group) else {
                    continue;
                };
                if groups.len() <= g {
                    groups.resize(g + 1, (f64::INFINITY, f64::NEG_INFINITY));
                }
                groups[g].0 = groups[g].0.min(value);
                groups[g].1 = groups[g].1.max(value);
            }
            continue;
        }
        for choice in session.on_offer() {
            let mut next = session.clone();
            next.choose(&choice).unwrap_or_else(|e| unreachable!("{e}"));
            stack.push(next);
        }
    }
    out
}

/// The dial and composite ranges the analyser reports per ending are exactly those of
/// playing every route through the runtime, on scenarios small enough to play out.
#[test]
fn ending_ranges_match_every_route_played_out() {
    let mut checked = 0;
    for name in [
        "check-in.ron",
        "judging.ron",
        "analyse-flag-ending.ron",
        "analyse-time-out.ron",
        "mini.ron",
        "engine-rules.ron",
    ] {
        let (program, framework) = compiled(&root().join("tests/fixtures").join(name));
        let a = analyse(program.scenario(), &framework);
        assert!(a.complete, "{name}");
        if !matches!(a.routes, RouteCount::Exact { .. }) {
            continue;
        }
        let played = every_route(&program);
        assert_eq!(
            a.endings
                .iter()
                .map(|e| e.ending.clone())
                .collect::<Vec<_>>(),
            played.keys().cloned().collect::<Vec<_>>(),
            "{name}"
        );
        for e in &a.endings {
            let (dials, groups) = &played[&e.ending];
            let reported: Vec<(String, u8, u8)> = e
                .dials
                .iter()
                .map(|d| (d.dial.clone(), d.low, d.high))
                .collect();
            assert_eq!(&reported, dials, "{name} {}", e.ending);
            for (g, (worst, best)) in groups.iter().enumerate() {
                let range = &e.composites[g];
                let got_best = range.best.as_ref().map_or(f64::NAN, |x| x.score);
                let got_worst = range.worst.as_ref().map_or(f64::NAN, |x| x.score);
                assert!(
                    (got_best - best).abs() < 1e-9 && (got_worst - worst).abs() < 1e-9,
                    "{name} {} {:?}: reported {got_worst}..{got_best}, played {worst}..{best}",
                    e.ending,
                    range.group
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} endings compared");
}

/// A poor route to a Positive ending is named in the report, with the route that shows it;
/// an ending reached only by skilled routes is not.
#[test]
fn a_poor_route_to_a_kind_ending_is_reported() {
    let a = fixture("judging.ron");
    let trusted = a.endings.iter().find(|e| e.ending == "trusted");
    let trusted = trusted.unwrap_or_else(|| unreachable!("trusted is reachable"));
    // Only `plan` leads there: trust 40 + 15.
    assert_eq!(
        trusted.dials,
        vec![rapport_analysis::DialRange {
            dial: "trust".into(),
            low: 55,
            high: 55
        }]
    );
    assert!(
        trusted.poor_route().is_none(),
        "the one route there is the skilled one"
    );
    assert!(
        a.to_text().contains("dials on arrival: trust 55"),
        "{}",
        a.to_text()
    );

    // Both answers lead to the same kind ending, one of them poorly.
    let text = r#"Scenario(
    id: "kind-anyway", title: "Kind anyway", kind: Other, summary: "A test.",
    setting: "A room.", role: PSO,
    person: Person(name: "Sam", background: "A test person."),
    objectives: ["Listen."], dials: { "trust": 50 }, sources: ["nahouli-2023"],
    start: "ask",
    nodes: {
        "ask": Node(stage: Deepening, mood: Guarded, says: "Why am I here?",
            choices: [
                Choice(id: "listen", say: "Tell me what you think.", skills: { "caring": 2 },
                    effects: { "trust": 10 }, feedback: "Good.", evidence: ["nahouli-2023"],
                    next: "warm"),
                Choice(id: "lecture", say: "Because you offended.", skills: { "caring": -1 },
                    effects: { "trust": -20 }, feedback: "Poor.", evidence: ["nahouli-2023"],
                    next: "warm"),
            ]),
    },
    endings: { "warm": Ending(title: "Warm", outcome: Positive, narration: "Sam smiles.") },
    reflection: ["Why?"],
)"#;
    let framework = Framework::builtin();
    let report = check_source("kind-anyway.ron", text.as_bytes(), &framework);
    assert_eq!(report.errors(), 0, "{}", report.render(false));
    let program = report.program.unwrap_or_else(|| unreachable!());
    let a = analyse(program.scenario(), &framework);
    let warm = &a.endings[0];
    assert_eq!((warm.dials[0].low, warm.dials[0].high), (30, 60));
    let (group, worst) = warm
        .poor_route()
        .unwrap_or_else(|| unreachable!("a poor route"));
    assert_eq!(group, rapport_core::framework::Group::Relationship);
    assert_eq!(
        (worst.score, worst.route.clone()),
        (0.0, strings(&["lecture"]))
    );
    let shown = a.to_text();
    assert!(shown.contains("dials on arrival: trust 30..60"), "{shown}");
    // The skilled line is also the longer one, but not clearly (23 against 21 characters).
    let balance = a.balance;
    assert_eq!(
        (
            balance.decisions,
            balance.best_longest,
            balance.best_clearly_longest
        ),
        (1, 1, 0)
    );
    assert!(
        shown.contains("at 1 of 1 decisions (100%) the best option is also the longest line"),
        "{shown}"
    );
    assert!(
        shown
            .contains("WARNING a poor route reaches this Positive ending: Relationship skills 0.0"),
        "{shown}"
    );
}
