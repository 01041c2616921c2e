//! Scenarios as Bevy assets: a `scenarios://` asset source over the scenarios folder, and an
//! [`AssetLoader`] that calls the same loader and validator as `rapport check`.
//!
//! A file with errors still loads, as a [`ScenarioFile`] carrying the checker's diagnostics:
//! the app shows them and keeps playing the last good version.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bevy::asset::io::file::{FileAssetReader, FileWatcher};
use bevy::asset::io::{AssetSourceBuilder, AssetSourceEvent, AssetWatcher, Reader};
use bevy::asset::{AssetLoader, AssetPath, AsyncReadExt, LoadContext, LoadState};
use bevy::prelude::*;
use bevy::window::RequestRedraw;

use rapport_core::check::check_source;
use rapport_core::compile::Program;
use rapport_core::diagnostic::Diagnostic;
use rapport_core::model::Scenario;

/// The name of the asset source serving the scenarios folder.
pub const SOURCE: &str = "scenarios";

/// How long the file watcher waits for an editor to finish writing before reporting a change.
const DEBOUNCE: Duration = Duration::from_millis(120);

pub(super) fn plugin(app: &mut App) {
    let framework = app
        .world()
        .get_resource::<Framework>()
        .map(|f| Arc::clone(&f.0))
        .unwrap_or_else(|| Arc::new(rapport_core::framework::Framework::builtin()));
    let folder = app
        .world()
        .get_resource::<ScenarioFolder>()
        .map(|f| f.0.clone())
        .unwrap_or_default();
    // Registered by the window plugin too; headless apps (tests) need it for the keep-awake systems.
    app.add_message::<RequestRedraw>()
        .init_asset::<ScenarioFile>()
        .register_asset_loader(ScenarioLoader {
            framework,
            label: folder_label(&folder),
            folder,
        })
        .init_resource::<Library>()
        .add_systems(Startup, load_library)
        .add_message::<FolderChanged>()
        .add_systems(
            Update,
            (keep_awake_while_loading, connect_waker, follow_folder),
        )
        .add_systems(Last, wake_on_asset_events);
}

/// The skills, sources and language guide scenarios are checked (and scored) against.
#[derive(Resource, Clone)]
pub struct Framework(pub Arc<rapport_core::framework::Framework>);

/// The folder the `scenarios://` source reads.
#[derive(Resource, Debug, Clone)]
pub(super) struct ScenarioFolder(pub PathBuf);

/// One scenario file as loaded and checked.
#[derive(Asset, TypePath, Debug, Clone)]
pub struct ScenarioFile {
    /// The file as trainers name it (`scenarios/first-meeting.ron`), used in diagnostics.
    pub file: String,
    /// The file on disk (transcripts record it, so `rapport debrief` finds it again).
    pub path: PathBuf,
    /// The file's text (the transcript records its hash).
    pub text: Arc<str>,
    /// The scenario compiled for play, when it has no errors (warnings allowed).
    pub program: Option<Arc<Program>>,
    /// Every problem the checker found.
    pub diagnostics: Vec<Diagnostic>,
}

impl ScenarioFile {
    /// The compiled scenario, when it is safe to play.
    pub fn playable(&self) -> Option<&Arc<Program>> {
        self.program.as_ref()
    }

    /// The scenario, when it is safe to play.
    pub fn scenario(&self) -> Option<&Arc<Scenario>> {
        self.program.as_ref().map(|p| p.scenario())
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The diagnostics rendered for the error panel (file:line:col, the line, the fix).
    pub fn problems_text(&self) -> String {
        self.diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(Diagnostic::render_unwrapped)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Reads a scenario through [`check_source`], the one loader and validator.
#[derive(TypePath)]
pub struct ScenarioLoader {
    framework: Arc<rapport_core::framework::Framework>,
    /// How the folder is named in diagnostics (`scenarios`).
    label: String,
    /// The folder itself, so each file knows its path on disk.
    folder: PathBuf,
}

impl ScenarioLoader {
    /// A loader checking against `framework`, reading files from `folder`.
    pub fn new(
        framework: Arc<rapport_core::framework::Framework>,
        folder: &Path,
    ) -> ScenarioLoader {
        ScenarioLoader {
            framework,
            label: folder_label(folder),
            folder: folder.to_path_buf(),
        }
    }
}

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioFile;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<ScenarioFile, Self::Error> {
        // Never more than one byte past the limit, which the checker then reports.
        let mut bytes = Vec::new();
        let limit = rapport_core::check::MAX_FILE_BYTES as u64 + 1;
        let mut bounded = AsyncReadExt::take(reader, limit);
        AsyncReadExt::read_to_end(&mut bounded, &mut bytes).await?;
        let file = format!("{}/{}", self.label, load_context.path().path().display());
        let report = check_source(&file, &bytes, &self.framework);
        Ok(ScenarioFile {
            file,
            path: self.folder.join(load_context.path().path()),
            text: Arc::from(String::from_utf8_lossy(&bytes).as_ref()),
            program: report.program,
            diagnostics: report.diagnostics,
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

fn folder_label(folder: &Path) -> String {
    // Relative to where the trainer ran the command when possible, as `rapport check` prints.
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| folder.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| folder.to_path_buf());
    let shown = shown.display().to_string();
    if shown.is_empty() { ".".into() } else { shown }
}

/// Wakes the window's event loop from the file watcher's thread, so a saved edit shows at
/// once even though the app sleeps while it waits for the trainee.
///
/// One wake-up is not enough: the frame it causes only starts the reload, which finishes on a
/// background thread; so frames keep coming for [`STAY_AWAKE`] after a change.
#[derive(Resource, Clone, Default)]
pub struct Waker {
    proxy: Arc<Mutex<Option<bevy::winit::EventLoopProxy<bevy::winit::WinitUserEvent>>>>,
    awake_until: Arc<Mutex<Option<Instant>>>,
    /// Set when a file was added to, removed from or renamed in the folder: the library is
    /// read again.
    folder_changed: Arc<std::sync::atomic::AtomicBool>,
}

/// How long the app keeps drawing after a scenario file changes on disk.
const STAY_AWAKE: Duration = Duration::from_millis(1500);

impl Waker {
    fn wake(&self) {
        *self
            .awake_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(Instant::now() + STAY_AWAKE);
        let proxy = self.proxy.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(proxy) = proxy.as_ref() {
            let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
        }
    }

    fn awake(&self) -> bool {
        self.awake_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .is_some_and(|until| Instant::now() < until)
    }
}

/// Registers the `scenarios://` source over `folder`. Call before `AssetPlugin`. With
/// `watch`, file changes are forwarded to Bevy and wake the window.
pub fn register_scenario_source(app: &mut App, folder: &Path, watch: bool) {
    let folder = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let waker = Waker::default();
    app.insert_resource(waker.clone());
    let reader_root = folder.clone();
    let mut source = AssetSourceBuilder::new(move || Box::new(FileAssetReader::new(&reader_root)));
    if watch {
        source = source.with_watcher(move |sender: async_channel::Sender<AssetSourceEvent>| {
            let (forward, events) = async_channel::unbounded::<AssetSourceEvent>();
            let watcher = match FileWatcher::new(folder.clone(), forward, DEBOUNCE) {
                Ok(watcher) => watcher,
                Err(e) => {
                    warn!("cannot watch {} for changes: {e}", folder.display());
                    return None;
                }
            };
            let waker = waker.clone();
            let spawned = std::thread::Builder::new()
                .name("scenario-watcher".into())
                .spawn(move || {
                    while let Ok(event) = events.recv_blocking() {
                        // Editors that save atomically write a temporary file and rename it
                        // over the scenario; Bevy ignores renames, so report the new name as
                        // modified too.
                        let renamed = match &event {
                            AssetSourceEvent::RenamedAsset { new, .. } => {
                                Some(AssetSourceEvent::ModifiedAsset(new.clone()))
                            }
                            _ => None,
                        };
                        if matches!(
                            event,
                            AssetSourceEvent::AddedAsset(_)
                                | AssetSourceEvent::RemovedAsset(_)
                                | AssetSourceEvent::RenamedAsset { .. }
                                | AssetSourceEvent::RemovedUnknown { .. }
                        ) {
                            waker
                                .folder_changed
                                .store(true, std::sync::atomic::Ordering::Release);
                        }
                        if sender.send_blocking(event).is_err() {
                            break;
                        }
                        if let Some(modified) = renamed
                            && sender.send_blocking(modified).is_err()
                        {
                            break;
                        }
                        waker.wake();
                    }
                });
            if let Err(e) = spawned {
                warn!("cannot start the scenario watcher: {e}");
                return None;
            }
            Some(Box::new(watcher) as Box<dyn AssetWatcher>)
        });
    }
    app.register_asset_source(SOURCE, source);
}

/// Every scenario file in the folder, in file-name order (the title screen's cards).
#[derive(Resource, Debug, Default)]
pub struct Library {
    /// One handle per `.ron` file.
    pub files: Vec<Handle<ScenarioFile>>,
    /// A problem reading the folder itself.
    pub error: Option<String>,
}

impl Library {
    /// Whether every file has finished loading (successfully or not).
    pub fn settled(&self, server: &AssetServer) -> bool {
        self.files.iter().all(|h| {
            matches!(
                server.load_state(h.id()),
                LoadState::Loaded | LoadState::Failed(_)
            )
        })
    }

    /// Finds a file by scenario id, file name or file stem.
    pub fn find(&self, name: &str, files: &Assets<ScenarioFile>) -> Option<Handle<ScenarioFile>> {
        let by_id = self.files.iter().find(|h| {
            files
                .get(h.id())
                .and_then(ScenarioFile::scenario)
                .is_some_and(|s| s.id == name)
        });
        let by_name = || {
            self.files.iter().find(|h| {
                h.path().is_some_and(|p| {
                    let path = p.path();
                    path.file_name().is_some_and(|f| f == name)
                        || path.file_stem().is_some_and(|f| f == name)
                })
            })
        };
        by_id.or_else(by_name).cloned()
    }
}

fn load_library(
    folder: Res<ScenarioFolder>,
    server: Res<AssetServer>,
    mut library: ResMut<Library>,
) {
    read_library(&folder.0, &server, &mut library);
}

/// Reads the folder's `.ron` files into the library, keeping the handles of files already
/// there (loading the new ones); returns the file names that are gone.
fn read_library(folder: &Path, server: &AssetServer, library: &mut Library) -> Vec<String> {
    let paths = match rapport_core::check::scenario_files(folder) {
        Ok(paths) => paths,
        Err(e) => {
            library.error = Some(e.to_string());
            return Vec::new();
        }
    };
    library.error = None;
    let name_of = |h: &Handle<ScenarioFile>| {
        h.path().and_then(|p| {
            p.path()
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
        })
    };
    let names: Vec<String> = paths
        .iter()
        .filter_map(|p| p.file_name().map(|f| f.to_string_lossy().into_owned()))
        .collect();
    let old = std::mem::take(&mut library.files);
    let gone = old
        .iter()
        .filter_map(name_of)
        .filter(|n| !names.contains(n))
        .collect();
    library.files = names
        .iter()
        .map(|name| {
            old.iter()
                .find(|h| name_of(h).as_deref() == Some(name.as_str()))
                .cloned()
                .unwrap_or_else(|| {
                    let path = AssetPath::from_path_buf(PathBuf::from(name)).with_source(SOURCE);
                    server.load::<ScenarioFile>(path)
                })
        })
        .collect();
    gone
}

/// Files were added to or removed from the scenarios folder.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct FolderChanged {
    /// File names no longer in the folder.
    pub removed: Vec<String>,
}

/// Follows the folder: a new file gets its card, a deleted one loses it.
fn follow_folder(
    folder: Res<ScenarioFolder>,
    server: Res<AssetServer>,
    waker: Option<Res<Waker>>,
    mut library: ResMut<Library>,
    mut changed: MessageWriter<FolderChanged>,
) {
    let Some(waker) = waker else { return };
    if !waker
        .folder_changed
        .swap(false, std::sync::atomic::Ordering::AcqRel)
    {
        return;
    }
    let removed = read_library(&folder.0, &server, &mut library);
    changed.write(FolderChanged { removed });
}

/// Loads finish on background threads; keep frames coming until they land (and briefly after
/// a file changes on disk), then sleep.
fn keep_awake_while_loading(
    library: Res<Library>,
    server: Res<AssetServer>,
    waker: Option<Res<Waker>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    let just_changed = waker.is_some_and(|w| w.awake());
    let loading = just_changed
        || library.files.iter().any(|h| {
            matches!(
                server.load_state(h.id()),
                LoadState::Loading | LoadState::NotLoaded
            )
        });
    if loading {
        redraw.write(RequestRedraw);
    }
}

/// A finished (re)load is announced in `PostUpdate` and applied by play in the next frame's
/// `Update`: ask for that frame, or the change would wait for the trainee's next input.
fn wake_on_asset_events(
    mut events: MessageReader<AssetEvent<ScenarioFile>>,
    mut redraw: MessageWriter<RequestRedraw>,
) {
    if events.read().count() > 0 {
        redraw.write(RequestRedraw);
    }
}

/// Hands the window's event-loop proxy to the watcher thread (once the window exists).
fn connect_waker(
    waker: Option<Res<Waker>>,
    proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>,
    mut done: Local<bool>,
) {
    if *done {
        return;
    }
    if let (Some(waker), Some(proxy)) = (waker, proxy) {
        let mut slot = waker.proxy.lock().unwrap_or_else(PoisonError::into_inner);
        *slot = Some((**proxy).clone());
        *done = true;
    }
}
