//! The app without a window: `MinimalPlugins`, the scenario asset source and loader, the
//! screens as states, and play driven by the same `Action` messages clicks and keys send.
//!
//! This is the one test binary that links Bevy.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bevy::asset::{AssetMetaCheck, AssetPlugin};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use rapport::app::{
    Action, Autoplay, CorePlugin, Current, DebriefView, Library, ScenarioFile, Screen,
    register_scenario_source,
};
use rapport::framework::Framework;
use rapport::model::Outcome;

const CHECK_IN: &str = include_str!("fixtures/check-in.ron");

/// A scenarios folder with the given files, and a data folder for transcripts.
struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new(files: &[(&str, &str)]) -> Folder {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("scenarios")).expect("scenarios dir");
        for (name, text) in files {
            std::fs::write(dir.path().join("scenarios").join(name), text).expect("write scenario");
        }
        Folder { dir }
    }

    fn scenarios(&self) -> PathBuf {
        self.dir.path().join("scenarios")
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }
}

/// The app as `rapport app` builds it, minus the window, egui and the screens' drawing.
fn headless(folder: &Folder, watch: bool, autoplay: Option<Autoplay>) -> App {
    let mut app = App::new();
    app.add_plugins((MinimalPlugins, StatesPlugin));
    register_scenario_source(&mut app, &folder.scenarios(), watch);
    app.add_plugins(AssetPlugin {
        watch_for_changes_override: Some(watch),
        meta_check: AssetMetaCheck::Never,
        ..default()
    });
    app.add_plugins(CorePlugin {
        scenarios: folder.scenarios(),
        framework: Arc::new(Framework::builtin()),
        data_dir: Some(folder.data()),
        settings_file: None,
        autoplay,
    });
    app
}

/// Runs frames until `done` holds (panics after a few seconds).
fn run_until(app: &mut App, what: &str, done: impl Fn(&mut World) -> bool) {
    let start = Instant::now();
    loop {
        app.update();
        if done(app.world_mut()) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn library_loaded(world: &mut World) -> bool {
    let library = world.resource::<Library>();
    let server = world.resource::<AssetServer>();
    !library.files.is_empty() && library.settled(server)
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

fn send(app: &mut App, action: Action) {
    app.world_mut().write_message(action);
    app.update();
    // State changes apply at the next frame's transition.
    app.update();
}

fn first_file(app: &App) -> AssetId<ScenarioFile> {
    app.world().resource::<Library>().files[0].id()
}

fn debrief(app: &mut App) -> rapport::debrief::Debrief {
    let mut views = app.world_mut().query::<&DebriefView>();
    let view = views.single(app.world()).expect("one debrief on show");
    view.debrief.clone()
}

#[test]
fn loads_scenarios_through_the_asset_loader() {
    let folder = Folder::new(&[
        ("check-in.ron", CHECK_IN),
        ("broken.ron", "Scenario(id: \"x\","),
    ]);
    let mut app = headless(&folder, false, None);
    run_until(&mut app, "the scenarios to load", library_loaded);

    let library = app.world().resource::<Library>();
    assert_eq!(library.files.len(), 2, "one card per .ron file");
    let files = app.world().resource::<Assets<ScenarioFile>>();
    let loaded: Vec<&ScenarioFile> = library
        .files
        .iter()
        .filter_map(|h| files.get(h.id()))
        .collect();
    let good = loaded
        .iter()
        .find(|f| f.file.ends_with("check-in.ron"))
        .expect("check-in loaded");
    assert_eq!(good.playable().map(|s| s.id.as_str()), Some("check-in"));
    let broken = loaded
        .iter()
        .find(|f| f.file.ends_with("broken.ron"))
        .expect("broken file loaded");
    assert!(broken.playable().is_none());
    assert!(
        broken.errors() > 0,
        "the checker's messages come with the asset"
    );
    assert!(
        broken.problems_text().contains("broken.ron:1:"),
        "diagnostics carry file:line:col: {}",
        broken.problems_text()
    );
}

#[test]
fn goes_through_the_screens_and_finds_the_expected_debrief() {
    let folder = Folder::new(&[("check-in.ron", CHECK_IN)]);
    let mut app = headless(&folder, false, None);
    run_until(&mut app, "the scenarios to load", library_loaded);
    assert_eq!(screen(&app), Screen::Title);

    let id = first_file(&app);
    send(&mut app, Action::Open(id));
    assert_eq!(screen(&app), Screen::Briefing);

    send(&mut app, Action::Back);
    assert_eq!(
        screen(&app),
        Screen::Title,
        "Esc goes back from the briefing"
    );
    send(&mut app, Action::Open(id));
    send(&mut app, Action::Begin);
    assert_eq!(screen(&app), Screen::Conversation);

    for choice in ["greet-first", "solve-together"] {
        send(&mut app, Action::Choose(choice.into()));
        assert_eq!(screen(&app), Screen::Conversation);
    }
    send(&mut app, Action::Choose("confirm-and-explain".into()));
    assert_eq!(screen(&app), Screen::Debrief);

    let d = debrief(&mut app);
    assert_eq!(d.ending.as_deref(), Some("agreed"));
    assert_eq!(d.outcome, Some(Outcome::Positive));
    assert_eq!(d.trajectory.len(), 3);
    assert!(
        d.scores.relationship.is_some_and(|r| r >= 50.0),
        "{:?}",
        d.scores.relationship
    );
    assert_eq!(d.reflection.len(), 2);

    // Save with reflections: written atomically to the data folder, location reported.
    send(
        &mut app,
        Action::Save(vec![
            "A breath and a welcome.".into(),
            "On being late.".into(),
        ]),
    );
    let mut views = app.world_mut().query::<&DebriefView>();
    let saved = views.single(app.world()).expect("debrief").saved.clone();
    let path = saved.expect("save attempted").expect("saved");
    assert!(path.starts_with(folder.data()));
    let transcript = rapport::transcript::Transcript::load(&path).expect("transcript reads back");
    assert_eq!(
        transcript.choices,
        ["greet-first", "solve-together", "confirm-and-explain"]
    );
    assert_eq!(transcript.reflections[0].answer, "A breath and a welcome.");

    // Restart, then choose another scenario.
    send(&mut app, Action::Restart);
    assert_eq!(screen(&app), Screen::Conversation);
    let current = app.world().resource::<Current>();
    assert!(
        current
            .play
            .as_ref()
            .is_some_and(|p| p.session.trajectory().is_empty())
    );
    send(&mut app, Action::Home);
    assert_eq!(screen(&app), Screen::Title);
    let mut views = app.world_mut().query::<&DebriefView>();
    assert_eq!(
        views.iter(app.world()).count(),
        0,
        "the debrief is despawned on exit"
    );
}

#[test]
fn a_choice_not_on_offer_is_reported_and_play_stays() {
    let folder = Folder::new(&[("check-in.ron", CHECK_IN)]);
    let mut app = headless(&folder, false, None);
    run_until(&mut app, "the scenarios to load", library_loaded);
    let id = first_file(&app);
    send(&mut app, Action::Open(id));
    send(&mut app, Action::Begin);
    send(&mut app, Action::Choose("confirm-and-explain".into()));
    assert_eq!(screen(&app), Screen::Conversation);
    let current = app.world().resource::<Current>();
    let notice = current.notice.as_ref().expect("a notice");
    assert!(
        notice.is_error && notice.text.contains("confirm-and-explain"),
        "{notice:?}"
    );
}

#[test]
fn autoplay_plays_a_route_to_the_debrief() {
    let folder = Folder::new(&[("check-in.ron", CHECK_IN)]);
    let autoplay = Autoplay::new("check-in", vec!["rules-first".into(), "sign-here".into()]);
    let mut app = headless(&folder, false, Some(autoplay));
    run_until(&mut app, "the debrief", |world| {
        *world.resource::<State<Screen>>().get() == Screen::Debrief
    });
    let d = debrief(&mut app);
    assert_eq!(d.ending.as_deref(), Some("processed"));
    assert_eq!(d.outcome, Some(Outcome::Negative));
    assert!(
        !d.missed_opportunities.is_empty(),
        "a poor route shows missed opportunities"
    );
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "fixture contains {from:?}");
    // Write to a temporary file and rename, as editors do, so the watcher sees one change.
    let temp = path.with_extension("ron.tmp");
    std::fs::write(&temp, text.replacen(from, to, 1)).expect("write");
    std::fs::rename(&temp, path).expect("rename");
}

#[test]
fn hot_reload_keeps_the_place_and_survives_a_broken_edit() {
    let folder = Folder::new(&[("check-in.ron", CHECK_IN)]);
    let file = folder.scenarios().join("check-in.ron");
    let mut app = headless(&folder, true, None);
    run_until(&mut app, "the scenarios to load", library_loaded);
    let id = first_file(&app);
    send(&mut app, Action::Open(id));
    send(&mut app, Action::Begin);
    send(&mut app, Action::Choose("greet-first".into()));

    // A trainer rewords what Kez says at the node play is on (the variant her trust earned).
    edit(&file, "Honestly? Knackered.", "Honestly? Worn out.");
    let started = Instant::now();
    run_until(&mut app, "the reworded line", |world| {
        world.resource::<Current>().play.as_ref().is_some_and(|p| {
            p.session
                .lines()
                .iter()
                .any(|l| l.text.starts_with("Honestly? Worn out."))
        })
    });
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "reload took {:?}",
        started.elapsed()
    );
    let current = app.world().resource::<Current>();
    let play = current.play.as_ref().expect("still playing");
    assert_eq!(
        play.session.choices_made(),
        ["greet-first"],
        "the same place"
    );
    assert_eq!(play.session.state().node, "how-are-you");
    assert!(current.problems.is_none());

    // A broken edit: the checker's messages are shown and the last good version keeps running.
    edit(&file, "next: \"plan\"", "next: \"nowhere\"");
    run_until(&mut app, "the error panel", |world| {
        world.resource::<Current>().problems.is_some()
    });
    let current = app.world().resource::<Current>();
    let (shown_file, diagnostics) = current.problems.as_ref().expect("problems");
    assert!(shown_file.ends_with("check-in.ron"));
    assert!(
        diagnostics.iter().any(|d| d.message.contains("nowhere")),
        "{diagnostics:?}"
    );
    assert!(diagnostics.iter().any(|d| d.line > 0 && d.column > 0));
    assert_eq!(screen(&app), Screen::Conversation);
    send(&mut app, Action::Choose("solve-together".into()));
    let current = app.world().resource::<Current>();
    assert_eq!(
        current
            .play
            .as_ref()
            .map(|p| p.session.state().node.clone())
            .as_deref(),
        Some("plan"),
        "the last good version keeps running"
    );

    // Fixing the file clears the panel.
    edit(&file, "next: \"nowhere\"", "next: \"plan\"");
    run_until(&mut app, "the panel to clear", |world| {
        world.resource::<Current>().problems.is_none()
    });
}

#[test]
fn settings_round_trip_as_ron() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("settings.ron");
    let settings = rapport::app::Settings {
        text_size: 24.0,
        high_contrast: true,
        learning_mode: false,
    };
    settings.save(&path).expect("save");
    assert_eq!(rapport::app::Settings::load(&path), settings);
    std::fs::write(&path, "not ron").expect("write");
    assert_eq!(
        rapport::app::Settings::load(&path),
        rapport::app::Settings::default()
    );
}
