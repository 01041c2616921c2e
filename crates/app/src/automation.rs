//! Automation for tests and docs: `rapport app --scenario ID --choose a,b,c --screenshot out.png`
//! opens a scenario, plays the choices through the same [`Action`] messages a trainee's
//! clicks send, and (in the window) writes a PNG once the UI has settled, then exits.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::window::RequestRedraw;

use crate::assets::{Library, ScenarioFile};
use crate::play::{Action, Notice, PlaySystems};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            start_autoplay.before(PlaySystems),
            check_autoplay.after(PlaySystems),
        ),
    );
}

pub(super) fn ui_plugin(app: &mut App) {
    app.add_systems(Update, take_screenshot.after(PlaySystems));
}

/// A scenario to open and a route to play at start.
#[derive(Resource, Debug, Clone, PartialEq, Eq)]
pub struct Autoplay {
    /// Scenario id, file name or file stem in the scenarios folder.
    pub scenario: String,
    /// Choice ids to play, in order.
    pub choose: Vec<String>,
    /// How far automation has got.
    pub phase: Phase,
    /// The scenario had errors or a choice could not be played (the exit status says so).
    pub failed: bool,
}

/// How far automation has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the scenarios to load.
    Waiting,
    /// The actions were sent; checking they worked.
    Sent,
    /// The route was played (or failed and the app is exiting).
    Done,
}

impl Autoplay {
    /// Opens `scenario` and plays `choose`.
    pub fn new(scenario: impl Into<String>, choose: Vec<String>) -> Autoplay {
        Autoplay {
            scenario: scenario.into(),
            choose,
            phase: Phase::Waiting,
            failed: false,
        }
    }
}

fn start_autoplay(
    autoplay: Option<ResMut<Autoplay>>,
    library: Res<Library>,
    server: Res<AssetServer>,
    files: Res<Assets<ScenarioFile>>,
    mut actions: MessageWriter<Action>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some(mut autoplay) = autoplay else {
        return;
    };
    if autoplay.phase != Phase::Waiting || !library.settled(&server) {
        return;
    }
    let Some(handle) = library.find(&autoplay.scenario, &files) else {
        eprintln!(
            "rapport: there is no scenario `{}` in the scenarios folder",
            autoplay.scenario
        );
        autoplay.phase = Phase::Done;
        exit.write(AppExit::from_code(2));
        return;
    };
    if let Some(file) = files.get(handle.id())
        && file.playable().is_none()
    {
        // Show the checker's messages (the title screen's error panel) rather than vanish.
        eprintln!("{}", file.problems_text());
        eprintln!("rapport: {} has {} error(s)", file.file, file.errors());
        actions.write(Action::Open(handle.id()));
        autoplay.phase = Phase::Done;
        autoplay.failed = true;
        return;
    }
    // With no choices the briefing shows; with choices, the conversation starts and plays them.
    actions.write(Action::Open(handle.id()));
    if !autoplay.choose.is_empty() {
        actions.write(Action::Begin);
    }
    for choice in &autoplay.choose {
        actions.write(Action::Choose(choice.clone()));
    }
    autoplay.phase = Phase::Sent;
}

fn check_autoplay(autoplay: Option<ResMut<Autoplay>>, notice: Res<Notice>) {
    let Some(mut autoplay) = autoplay else {
        return;
    };
    if autoplay.phase != Phase::Sent {
        return;
    }
    autoplay.phase = Phase::Done;
    // A choice that could not be played: say so; the screen shows where play stopped.
    if let Some(notice) = &notice.0
        && notice.is_error
    {
        eprintln!("rapport: {}", notice.text);
        autoplay.failed = true;
    }
}

/// Where to write a PNG of the window once the UI has settled (then exit).
#[derive(Resource, Debug, Clone, Default)]
pub(super) struct ScreenshotRequest(pub Option<PathBuf>);

/// Frames to draw after automation finishes before the screenshot: egui lays out text in
/// the first passes and sizes some widgets from the previous pass.
const SETTLE_FRAMES: u32 = 12;
const SETTLE_TIME: Duration = Duration::from_millis(400);

#[derive(Default)]
struct Shot {
    ready_at: Option<Instant>,
    frames: u32,
    taken: bool,
}

fn take_screenshot(
    mut commands: Commands,
    request: Res<ScreenshotRequest>,
    autoplay: Option<Res<Autoplay>>,
    library: Res<Library>,
    server: Res<AssetServer>,
    mut redraw: MessageWriter<RequestRedraw>,
    mut shot: Local<Shot>,
) {
    let Some(path) = request.0.clone() else {
        return;
    };
    // Keep frames coming until the PNG is written and the app exits.
    redraw.write(RequestRedraw);
    if shot.taken {
        return;
    }
    let done = autoplay.as_ref().is_none_or(|a| a.phase == Phase::Done);
    if !done || !library.settled(&server) {
        return;
    }
    let ready_at = *shot.ready_at.get_or_insert_with(Instant::now);
    shot.frames += 1;
    if shot.frames < SETTLE_FRAMES || ready_at.elapsed() < SETTLE_TIME {
        return;
    }
    shot.taken = true;
    let status = if autoplay.as_ref().is_some_and(|a| a.failed) {
        AppExit::from_code(1)
    } else {
        AppExit::Success
    };
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| match save_png(
            &captured.image,
            &path,
        ) {
            Ok(()) => {
                info!("screenshot written to {}", path.display());
                exit.write(status.clone());
            }
            Err(e) => {
                eprintln!(
                    "rapport: could not write the screenshot {}: {e}",
                    path.display()
                );
                exit.write(AppExit::from_code(1));
            }
        },
    );
}

fn save_png(image: &Image, path: &std::path::Path) -> Result<(), String> {
    let dynamic = image
        .clone()
        .try_into_dynamic()
        .map_err(|e| e.to_string())?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    // Drop alpha: the swapchain's alpha channel is not meaningful.
    dynamic.to_rgb8().save(path).map_err(|e| e.to_string())
}
