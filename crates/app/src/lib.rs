//! The window trainees use: Bevy 0.19 and bevy_egui 0.42 over the engine.
//!
//! The app holds no scenario or scoring logic. It loads scenarios through the one loader
//! ([`rapport_core::check::check_source`], wrapped as a Bevy [`AssetLoader`](bevy::asset::AssetLoader)),
//! plays them with [`rapport_core::runtime::Session`], and shows [`rapport_core::debrief::Debrief`].
//!
//! The module tree follows the bevy_new_2d template: one plugin per file, a [`Screen`]
//! state, messages ([`Action`]) for what the trainee does and [`Reload`] for how a saved
//! edit was taken up. [`CorePlugin`] is everything but the drawing, so tests drive it
//! headless with `MinimalPlugins`; [`run`] adds the window, egui and the screens.
//!
//! Dependencies run one way: `assets` (the loader and the library) knows nothing of play;
//! `play` (sessions, actions, reloads, the one caller of the core runtime) knows nothing of
//! drawing; `screens` draw with `widgets` and `theme`. `automation` drives play as clicks do.

mod assets;
mod automation;
mod idle;
mod play;
mod screens;
mod settings;
mod theme;
mod widgets;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use bevy::asset::AssetMetaCheck;
use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy::winit::WinitSettings;

/// The Bevy the app is built on, so tests drive it without depending on Bevy themselves.
pub use bevy;

pub use assets::{Library, ScenarioFile, ScenarioLoader, register_scenario_source};
pub use automation::Autoplay;
pub use play::{
    Action, Conversation, FileProblems, Note, Notice, Now, Offer, OpenScenario, Opened, Play,
    PlaySystems, Problems, Reload, Screen,
};
pub use settings::{Settings, SettingsFile};

use rapport_core::framework::Framework;

/// What `rapport app` (and `rapport` with no subcommand) was asked to do.
#[derive(Debug, Clone, Default)]
pub struct AppOptions {
    /// A scenario id (from the scenarios folder) or a path to a `.ron` file, opened at once.
    pub scenario: Option<String>,
    /// Choice ids to play on that scenario.
    pub choose: Vec<String>,
    /// Write a PNG of the window once the UI has settled, then exit.
    pub screenshot: Option<PathBuf>,
    /// The scenarios folder.
    pub scenarios: PathBuf,
    /// Where transcripts are saved (default: the user's data folder).
    pub data_dir: Option<PathBuf>,
}

/// The parts of the app that do not draw: scenario assets, play, settings, automation.
///
/// Register the scenario source with [`register_scenario_source`] before `AssetPlugin`, then
/// add this plugin.
pub struct CorePlugin {
    /// The folder the scenario source reads.
    pub scenarios: PathBuf,
    /// The framework scenarios are checked against (skills, sources, language).
    pub framework: Arc<Framework>,
    /// Where transcripts are saved.
    pub data_dir: Option<PathBuf>,
    /// Where settings are remembered (`None`: not remembered, as in tests).
    pub settings_file: Option<PathBuf>,
    /// A scenario to open and choices to play at start.
    pub autoplay: Option<Autoplay>,
}

impl Plugin for CorePlugin {
    fn build(&self, app: &mut App) {
        app.insert_resource(assets::ScenarioFolder(self.scenarios.clone()))
            .insert_resource(assets::Framework(Arc::clone(&self.framework)))
            .insert_resource(play::DataDir(self.data_dir.clone()))
            .insert_resource(SettingsFile(self.settings_file.clone()));
        if let Some(autoplay) = &self.autoplay {
            app.insert_resource(autoplay.clone());
        }
        app.add_plugins((
            assets::plugin,
            play::plugin,
            settings::plugin,
            automation::plugin,
        ));
    }
}

/// Opens the window. Returns when it closes (or, with a screenshot asked for, once the PNG is
/// written).
pub fn run(options: AppOptions) -> Result<ExitCode, String> {
    let launched = Instant::now();
    let (folder, autoplay) = resolve(&options)?;
    if let Some(why) = no_desktop() {
        return Err(needs_desktop(&why));
    }
    // The windowing library panics when the display refuses the connection: catch that and
    // say what to do, rather than end with a panic (exit 101).
    let said = Arc::new(std::sync::Mutex::new(None::<String>));
    let previous = std::panic::take_hook();
    let heard = Arc::clone(&said);
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| {
                info.payload()
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_string())
            })
            .unwrap_or_default();
        if let Ok(mut slot) = heard.lock() {
            *slot = Some(message);
        }
    }));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        open_window(options, launched, folder, autoplay)
    }));
    std::panic::set_hook(previous);
    match outcome {
        Ok(result) => result,
        Err(_) => {
            let message = said.lock().ok().and_then(|m| m.clone()).unwrap_or_default();
            let lower = message.to_lowercase();
            if ["display", "x11", "xlib", "wayland", "winit", "event loop"]
                .iter()
                .any(|w| lower.contains(w))
            {
                Err(needs_desktop(&message))
            } else {
                Err(format!("the app stopped unexpectedly: {message}"))
            }
        }
    }
}

/// On a screen smaller than the window's 1280×800 (a 1366×768 laptop, a 1024×768 projector),
/// shrinks the window to fit, once, as soon as the monitor is known.
fn fit_window_to_screen(
    monitors: Query<&bevy::window::Monitor, With<bevy::window::PrimaryMonitor>>,
    mut windows: Query<&mut Window, With<bevy::window::PrimaryWindow>>,
    mut fitted: Local<bool>,
) {
    if *fitted {
        return;
    }
    let (Ok(monitor), Ok(mut window)) = (monitors.single(), windows.single_mut()) else {
        return;
    };
    *fitted = true;
    // Only when it does not fit; then leave room for a desktop's panels and title bar.
    let fit = |want: u32, have: u32| if want <= have { want } else { have - have / 20 };
    let width = fit(window.resolution.physical_width(), monitor.physical_width);
    let height = fit(window.resolution.physical_height(), monitor.physical_height);
    if (width, height)
        != (
            window.resolution.physical_width(),
            window.resolution.physical_height(),
        )
    {
        window.resolution.set_physical_resolution(width, height);
    }
}

/// Why no window can open here, when that is plain before trying (a Linux or BSD session
/// with neither an X nor a Wayland display).
fn no_desktop() -> Option<String> {
    if cfg!(all(unix, not(target_os = "macos"))) {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        if !set("DISPLAY") && !set("WAYLAND_DISPLAY") {
            return Some("neither DISPLAY nor WAYLAND_DISPLAY is set".into());
        }
    }
    None
}

/// The message for a machine where the window cannot open.
fn needs_desktop(why: &str) -> String {
    format!(
        "the app needs a desktop to open its window, and none is available here ({why}). \
         To practise in the terminal instead, run `rapport play SCENARIO` \
         (for example `rapport play scenarios/first-meeting.ron`)"
    )
}

/// Builds the app with its window and runs it until it closes.
fn open_window(
    options: AppOptions,
    launched: Instant,
    folder: PathBuf,
    autoplay: Option<Autoplay>,
) -> Result<ExitCode, String> {
    let (framework, problems) = Framework::discover(&folder);
    for problem in &problems {
        eprintln!("{}", problem.render(false));
    }
    let data_dir = options
        .data_dir
        .clone()
        .or_else(rapport_core::transcript::default_data_dir);

    let mut app = App::new();
    register_scenario_source(&mut app, &folder, true);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Rapport".into(),
                    resolution: WindowResolution::new(1280, 800),
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                // Hot reload in every build: trainers edit scenarios while playing them.
                watch_for_changes_override: Some(true),
                meta_check: AssetMetaCheck::Never,
                ..default()
            }),
    )
    .add_plugins(bevy_egui::EguiPlugin::default())
    .add_plugins(CorePlugin {
        scenarios: folder,
        framework: Arc::new(framework),
        data_dir,
        settings_file: settings::default_settings_file(),
        autoplay,
    })
    .insert_resource(ClearColor(Color::srgb(0.95, 0.95, 0.93)))
    // Draw only when something happens: input, a file change, a requested redraw.
    .insert_resource(WinitSettings::desktop_app())
    .insert_resource(idle::Launched(launched))
    .insert_resource(automation::ScreenshotRequest(options.screenshot.clone()))
    .add_plugins((
        idle::plugin,
        theme::plugin,
        screens::plugin,
        automation::ui_plugin,
    ))
    // egui draws through a camera: its primary context attaches to the first one.
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn((Name::new("Camera"), Camera2d));
    })
    .add_systems(Update, fit_window_to_screen);

    match app.run() {
        AppExit::Success => Ok(ExitCode::SUCCESS),
        AppExit::Error(code) => Ok(ExitCode::from(code.get())),
    }
}

/// Works out the folder to serve and what to open: `--scenario` may be an id in the folder or
/// a path to a file anywhere (then its folder is served).
fn resolve(options: &AppOptions) -> Result<(PathBuf, Option<Autoplay>), String> {
    let mut folder = options.scenarios.clone();
    let mut target = options.scenario.clone();
    if let Some(named) = &options.scenario {
        let path = Path::new(named);
        if path.extension().is_some_and(|x| x == "ron") || path.is_file() {
            if path.is_file() && path.extension().is_none_or(|x| x != "ron") {
                return Err(format!(
                    "{} is not a scenario file: scenarios are `.ron` files",
                    path.display()
                ));
            }
            if !path.is_file() {
                return Err(format!(
                    "there is no scenario file called {}",
                    path.display()
                ));
            }
            folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            target = path.file_name().map(|f| f.to_string_lossy().into_owned());
        }
    }
    if !folder.is_dir() {
        return Err(format!(
            "there is no scenarios folder at {} (use --scenarios DIR)",
            folder.display()
        ));
    }
    let folder = std::path::absolute(&folder).map_err(|e| e.to_string())?;
    if !options.choose.is_empty() && target.is_none() {
        return Err("--choose needs --scenario to say which scenario to play".into());
    }
    let autoplay = target.map(|scenario| Autoplay::new(scenario, options.choose.clone()));
    Ok((folder, autoplay))
}
