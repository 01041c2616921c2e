//! The app without a window: `MinimalPlugins`, the scenario asset source and loader, the
//! screens as states, and play driven by the same `Action` messages clicks and keys send.
//!
//! This is the one test binary that links Bevy.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rapport_app::bevy;

use bevy::asset::{AssetMetaCheck, AssetPlugin};
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;

use rapport_app::{
    Action, Autoplay, Conversation, CorePlugin, Library, Notice, OpenScenario, Play, Problems,
    Reload, ScenarioFile, Screen, register_scenario_source,
};
use rapport_core::framework::Framework;
use rapport_core::model::Outcome;

const CHECK_IN: &str = include_str!("fixtures/check-in.ron");
const JUDGING: &str = include_str!("fixtures/judging.ron");

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

/// Most frames to wait for something that happens off the main thread (a load, a file
/// change); frames are a few milliseconds apart, so this guards against hanging and
/// measures nothing.
const MAX_FRAMES: u32 = 2000;

/// Runs frames until `done` holds (panics after [`MAX_FRAMES`]).
fn run_until(app: &mut App, what: &str, done: impl Fn(&mut World) -> bool) {
    for _ in 0..MAX_FRAMES {
        app.update();
        if done(app.world_mut()) {
            return;
        }
        // Loads and the file watcher run on other threads: give them a moment.
        std::thread::sleep(Duration::from_millis(5));
    }
    panic!("no {what} after {MAX_FRAMES} frames");
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

fn play(app: &App) -> &Play {
    app.world()
        .resource::<Conversation>()
        .0
        .as_ref()
        .expect("a conversation")
}

fn debrief(app: &App) -> rapport_core::debrief::Debrief {
    play(app).debrief().expect("a debrief").clone()
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
    assert_eq!(good.scenario().map(|s| s.id.as_str()), Some("check-in"));
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

    let d = debrief(&app);
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
    let saved = play(&app).saved.clone();
    let path = saved.expect("save attempted").expect("saved");
    assert!(path.starts_with(folder.data()));
    let transcript =
        rapport_core::transcript::Transcript::load(&path).expect("transcript reads back");
    assert_eq!(
        transcript.choices,
        ["greet-first", "solve-together", "confirm-and-explain"]
    );
    assert_eq!(transcript.reflections[0].answer, "A breath and a welcome.");
    // The transcript names the file played, so `rapport debrief` finds it from anywhere.
    assert_eq!(
        transcript.scenario_path.as_deref(),
        std::fs::canonicalize(folder.scenarios().join("check-in.ron"))
            .ok()
            .as_deref()
    );

    // Restart, then choose another scenario.
    send(&mut app, Action::Restart);
    assert_eq!(screen(&app), Screen::Conversation);
    assert!(!play(&app).has_begun());
    assert!(
        play(&app).debrief().is_none() && play(&app).saved.is_none(),
        "a new conversation has no debrief yet"
    );
    send(&mut app, Action::Home);
    assert_eq!(screen(&app), Screen::Title);
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
    let notice = app
        .world()
        .resource::<Notice>()
        .0
        .as_ref()
        .expect("a notice");
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
    let d = debrief(&app);
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

/// What a listener hears from the app, frame by frame: when a scenario file's change was
/// announced, and each [`Reload`] outcome. A test's own system, as any plugin would listen.
#[derive(Resource, Default)]
struct Heard {
    frame: u32,
    modified: Vec<u32>,
    reloads: Vec<(u32, Reload)>,
}

fn listen(
    mut heard: ResMut<Heard>,
    mut files: MessageReader<AssetEvent<ScenarioFile>>,
    mut reloads: MessageReader<Reload>,
) {
    heard.frame += 1;
    let frame = heard.frame;
    for event in files.read() {
        if matches!(event, AssetEvent::Modified { .. }) {
            heard.modified.push(frame);
        }
    }
    for reload in reloads.read() {
        heard.reloads.push((frame, reload.clone()));
    }
}

/// The headless app watching its scenarios folder, with a listener for reloads.
fn watching(folder: &Folder) -> App {
    let mut app = headless(folder, true, None);
    app.init_resource::<Heard>().add_systems(Last, listen);
    run_until(&mut app, "the scenarios to load", library_loaded);
    app
}

/// Edits a scenario file and waits for the app's [`Reload`] message about it, which must come
/// in the frame after the file change is announced (a reload waits for no input).
fn reload_after(app: &mut App, path: &Path, from: &str, to: &str) -> Reload {
    let before = app.world().resource::<Heard>().reloads.len();
    edit(path, from, to);
    run_until(app, "reload message", |world| {
        world.resource::<Heard>().reloads.len() > before
    });
    let heard = app.world().resource::<Heard>();
    let (frame, reload) = heard.reloads[before].clone();
    let announced = heard
        .modified
        .iter()
        .rev()
        .find(|&&m| m <= frame)
        .copied()
        .expect("the file change was announced");
    assert!(
        frame - announced <= 1,
        "announced in frame {announced}, taken up in frame {frame}"
    );
    reload
}

fn problems(app: &App) -> Option<&rapport_app::FileProblems> {
    app.world().resource::<Problems>().0.as_ref()
}

fn notice(app: &App) -> Option<&rapport_app::Note> {
    app.world().resource::<Notice>().0.as_ref()
}

#[test]
fn hot_reload_keeps_the_place_and_survives_a_broken_edit() {
    let folder = Folder::new(&[("check-in.ron", CHECK_IN)]);
    let file = folder.scenarios().join("check-in.ron");
    let mut app = watching(&folder);
    let id = first_file(&app);
    send(&mut app, Action::Open(id));
    send(&mut app, Action::Begin);
    send(&mut app, Action::Choose("greet-first".into()));

    // A trainer rewords what Kez says at the node play is on (the variant her trust earned).
    let reload = reload_after(
        &mut app,
        &file,
        "Honestly? Knackered.",
        "Honestly? Worn out.",
    );
    assert!(matches!(reload, Reload::KeptPlace), "{reload:?}");
    assert!(
        play(&app)
            .lines()
            .iter()
            .any(|l| l.text.starts_with("Honestly? Worn out.")),
        "the new words show at once"
    );
    assert_eq!(play(&app).choices_made(), ["greet-first"], "the same place");
    assert_eq!(play(&app).node(), "how-are-you");
    assert!(problems(&app).is_none());
    assert!(notice(&app).is_some_and(|n| !n.is_error && n.text.contains("same place")));

    // A broken edit: the checker's messages are recorded and the last good version keeps running.
    let reload = reload_after(&mut app, &file, "next: \"plan\"", "next: \"nowhere\"");
    let Reload::Broken { problems: found } = reload else {
        panic!("a broken edit is refused: {reload:?}");
    };
    assert!(found.file.ends_with("check-in.ron"));
    assert!(
        found
            .diagnostics
            .iter()
            .any(|d| d.message.contains("nowhere")),
        "{:?}",
        found.diagnostics
    );
    assert!(found.diagnostics.iter().any(|d| d.line > 0 && d.column > 0));
    let shown = problems(&app).expect("the error panel's problems");
    assert_eq!(shown.errors(), found.errors());
    assert!(notice(&app).is_some_and(|n| n.is_error));
    assert_eq!(screen(&app), Screen::Conversation);
    send(&mut app, Action::Choose("solve-together".into()));
    assert_eq!(
        play(&app).node(),
        "plan",
        "the last good version keeps running"
    );

    // Fixed again: the version in use is the one in the file; the panel clears.
    let reload = reload_after(&mut app, &file, "next: \"nowhere\"", "next: \"plan\"");
    assert!(matches!(reload, Reload::Unchanged), "{reload:?}");
    assert!(problems(&app).is_none());
    assert!(notice(&app).is_none());
    assert_eq!(play(&app).choices_made(), ["greet-first", "solve-together"]);
}

#[test]
fn a_reload_that_removes_a_choice_made_rewinds_to_the_last_step_that_exists() {
    let folder = Folder::new(&[("check-in.ron", CHECK_IN)]);
    let file = folder.scenarios().join("check-in.ron");
    let mut app = watching(&folder);
    let id = first_file(&app);
    send(&mut app, Action::Open(id));
    send(&mut app, Action::Begin);
    send(&mut app, Action::Choose("greet-first".into()));
    send(&mut app, Action::Choose("solve-together".into()));

    let reload = reload_after(
        &mut app,
        &file,
        "id: \"solve-together\"",
        "id: \"work-it-out-together\"",
    );
    let Reload::Rewound { reason } = reload else {
        panic!("the second choice no longer replays: {reload:?}");
    };
    assert!(reason.contains("solve-together"), "{reason}");
    assert_eq!(play(&app).choices_made(), ["greet-first"]);
    assert_eq!(play(&app).node(), "how-are-you");
    assert!(notice(&app).is_some_and(|n| n.is_error && n.text.contains("solve-together")));
    send(&mut app, Action::Choose("work-it-out-together".into()));
    assert_eq!(play(&app).node(), "plan", "play goes on on the new version");
}

#[test]
fn a_reload_on_the_briefing_and_on_the_debrief_shows_the_new_version() {
    let folder = Folder::new(&[("check-in.ron", CHECK_IN)]);
    let file = folder.scenarios().join("check-in.ron");
    let mut app = watching(&folder);
    let id = first_file(&app);
    send(&mut app, Action::Open(id));
    assert_eq!(screen(&app), Screen::Briefing);

    let reload = reload_after(&mut app, &file, "A short check-in", "A quick check-in");
    assert!(matches!(reload, Reload::KeptPlace), "{reload:?}");
    let open = app.world().resource::<OpenScenario>();
    assert_eq!(
        open.scenario().map(|s| s.title.as_str()),
        Some("A quick check-in")
    );

    send(&mut app, Action::Begin);
    for choice in ["greet-first", "solve-together", "confirm-and-explain"] {
        send(&mut app, Action::Choose(choice.into()));
    }
    assert_eq!(screen(&app), Screen::Debrief);
    let reload = reload_after(&mut app, &file, "A time that works", "A time that suits");
    assert!(matches!(reload, Reload::KeptPlace), "{reload:?}");
    app.update();
    assert_eq!(
        debrief(&app).ending_title.as_deref(),
        Some("A time that suits"),
        "the debrief is worked out again"
    );
    assert_eq!(screen(&app), Screen::Debrief);
}

/// Branches and ending variants are followed again when a trainer edits them while the
/// debrief is open: the same choices now lead to another ending, read as its variant.
#[test]
fn a_reload_that_changes_a_branch_reroutes_the_same_choices() {
    let folder = Folder::new(&[("judging.ron", JUDGING)]);
    let file = folder.scenarios().join("judging.ron");
    let mut app = watching(&folder);
    let id = first_file(&app);
    send(&mut app, Action::Open(id));
    send(&mut app, Action::Begin);
    // `plan` takes trust from 40 to 55: its second branch (trust >= 55) leads to `trusted`.
    send(&mut app, Action::Choose("plan".into()));
    assert_eq!(screen(&app), Screen::Debrief);
    assert_eq!(debrief(&app).ending.as_deref(), Some("trusted"));

    // The bar for `trusted` goes up: `plan` now falls back to `next`, the ending `closed`,
    // which reads as its variant because the plan was made.
    let reload = reload_after(
        &mut app,
        &file,
        "when: \"trust >= 55\"",
        "when: \"trust >= 60\"",
    );
    assert!(matches!(reload, Reload::KeptPlace), "{reload:?}");
    app.update();
    let d = debrief(&app);
    assert_eq!(d.ending.as_deref(), Some("closed"));
    assert_eq!(d.ending_title.as_deref(), Some("A plan, but no spark"));
    assert_eq!(screen(&app), Screen::Debrief);

    // A branch on a beat: `move-on` leaves trust at 30, under the beat's 35, so Robin walks
    // out; lower that bar and the same choice ends in `closed`, read as its default.
    send(&mut app, Action::Restart);
    send(&mut app, Action::Begin);
    send(&mut app, Action::Choose("move-on".into()));
    assert_eq!(debrief(&app).ending.as_deref(), Some("walked-out"));
    let reload = reload_after(
        &mut app,
        &file,
        "when: \"trust < 35\"",
        "when: \"trust < 25\"",
    );
    assert!(matches!(reload, Reload::KeptPlace), "{reload:?}");
    app.update();
    let d = debrief(&app);
    assert_eq!(d.ending.as_deref(), Some("closed"));
    assert_eq!(d.ending_title.as_deref(), Some("Nothing settled"));
}

/// The title screen follows the folder: a file added while the app runs gets its card, a
/// deleted one loses it, and a conversation whose file is deleted carries on with a notice.
#[test]
fn files_added_to_or_deleted_from_the_folder_are_followed() {
    let folder = Folder::new(&[("check-in.ron", CHECK_IN)]);
    let mut app = watching(&folder);
    let cards = |app: &App| app.world().resource::<Library>().files.len();
    assert_eq!(cards(&app), 1);
    let id = first_file(&app);
    send(&mut app, Action::Open(id));
    send(&mut app, Action::Begin);

    std::fs::write(folder.scenarios().join("judging.ron"), JUDGING).expect("add a file");
    run_until(&mut app, "the new file's card", |world| {
        world.resource::<Library>().files.len() == 2
    });
    run_until(&mut app, "the new file to load", library_loaded);

    std::fs::remove_file(folder.scenarios().join("check-in.ron")).expect("delete");
    run_until(&mut app, "the deleted file's card to go", |world| {
        world.resource::<Library>().files.len() == 1
    });
    app.update();
    assert!(
        notice(&app).is_some_and(|n| n.is_error && n.text.contains("check-in.ron was deleted")),
        "{:?}",
        notice(&app)
    );
    assert_eq!(screen(&app), Screen::Conversation);
    send(&mut app, Action::Choose("greet-first".into()));
    assert_eq!(
        play(&app).node(),
        "how-are-you",
        "the conversation carries on"
    );
}

#[test]
fn settings_round_trip_as_ron() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("settings.ron");
    let settings = rapport_app::Settings {
        text_size: 24.0,
        high_contrast: true,
        learning_mode: false,
    };
    settings.save(&path).expect("save");
    assert_eq!(rapport_app::Settings::load(&path), settings);
    std::fs::write(&path, "not ron").expect("write");
    assert_eq!(
        rapport_app::Settings::load(&path),
        rapport_app::Settings::default()
    );
}
