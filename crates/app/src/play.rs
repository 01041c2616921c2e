//! Playing a scenario: what the trainee does arrives as [`Action`] messages; this module turns
//! them into calls on the engine ([`Session`]) and screen changes. It also applies hot
//! reloads to the scenario being played, and says how each went as a [`Reload`] message.
//!
//! This is the one module that calls the core's runtime: the screens read play through
//! [`Play`]'s methods and [`Now`], never through the session itself.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::prelude::*;

use crate::assets::{Framework, Library, ScenarioFile};
use rapport_core::compile::Program;
use rapport_core::debrief::Debrief;
use rapport_core::diagnostic::Diagnostic;
use rapport_core::model::{Mood, Outcome, Scenario, Stage};
use rapport_core::runtime::{Beat, Line, Session};
use rapport_core::transcript::{Reflection, Transcript, hash_text};

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>()
        .add_message::<Action>()
        .add_message::<Reload>()
        .init_resource::<OpenScenario>()
        .init_resource::<Conversation>()
        .init_resource::<Problems>()
        .init_resource::<Notice>()
        .add_systems(
            Update,
            (
                reload_open_scenario,
                (tell_reload, follow_reload, tell_file_deleted),
                apply_actions,
                derive_debrief,
            )
                .chain()
                .in_set(PlaySystems),
        );
}

/// Where the trainee is. Play moves between screens; the screens draw them.
#[derive(States, Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Screen {
    /// Every scenario in the folder, as cards.
    #[default]
    Title,
    /// The setting, the person, the file, the objectives, the time available.
    Briefing,
    /// The conversation itself.
    Conversation,
    /// How it went.
    Debrief,
}

/// The systems that change play; UI reads after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaySystems;

/// Where transcripts are saved (`None`: no user data folder could be found).
#[derive(Resource, Clone, Debug)]
pub struct DataDir(pub Option<PathBuf>);

/// Something the trainee does.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Action {
    /// Open a scenario's briefing.
    Open(AssetId<ScenarioFile>),
    /// Start the conversation (or resume it, if one is under way).
    Begin,
    /// Say the choice with this id.
    Choose(String),
    /// Start the scenario again from the beginning.
    Restart,
    /// Go back one screen (Esc).
    Back,
    /// Go to the scenario list.
    Home,
    /// Go to the debrief of an ended conversation.
    ShowDebrief,
    /// Save the transcript with these answers to the reflection questions.
    Save(Vec<String>),
}

/// How a saved edit of the open scenario's file was taken up.
#[derive(Message, Debug, Clone)]
pub enum Reload {
    /// The new version is in use, and the conversation (if any) is at the same place.
    KeptPlace,
    /// The new version is in use, but some choices made no longer replay on it: play goes on
    /// from the last step that still exists.
    Rewound {
        /// Which choice no longer replays, where, and why.
        reason: String,
    },
    /// The new version passes the checker but cannot be played from the start: the last good
    /// version keeps running.
    Refused {
        /// Why it cannot start.
        reason: String,
    },
    /// The edit has errors: they are shown, and the last good version keeps running.
    Broken {
        /// The checker's messages.
        problems: FileProblems,
    },
    /// The file was saved, but the scenario is the one in use (for example, a broken edit
    /// put right again).
    Unchanged,
}

/// The scenario whose briefing or conversation is open, if any.
#[derive(Resource, Debug, Default)]
pub struct OpenScenario(pub Option<Opened>);

/// An open scenario file and the version of it in use: the latest that passed the checker.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The file, as loaded (and reloaded) by the asset server.
    pub file: Handle<ScenarioFile>,
    /// The version in use, compiled.
    pub program: Arc<Program>,
    /// The hash of that version's text (the transcript records it).
    pub text_hash: String,
    /// The file on disk (the transcript records it).
    pub path: PathBuf,
}

impl Opened {
    fn new(file: Handle<ScenarioFile>, loaded: &ScenarioFile, program: &Arc<Program>) -> Opened {
        Opened {
            file,
            program: Arc::clone(program),
            text_hash: hash_text(loaded.text.as_bytes()),
            path: loaded.path.clone(),
        }
    }
}

impl OpenScenario {
    /// The version in use of the open scenario.
    pub fn scenario(&self) -> Option<&Arc<Scenario>> {
        self.0.as_ref().map(|o| o.program.scenario())
    }

    /// The open file's asset id.
    pub fn id(&self) -> Option<AssetId<ScenarioFile>> {
        self.0.as_ref().map(|o| o.file.id())
    }
}

/// The conversation on the open scenario, once begun: the engine's session and what is
/// derived from it (the debrief, the reflections, the saved transcript).
#[derive(Resource, Default)]
pub struct Conversation(pub Option<Play>);

/// The checker's messages about a scenario file with errors: the one the trainee tried to
/// open, or the open one after a broken edit (whose last good version keeps running).
#[derive(Resource, Debug, Default)]
pub struct Problems(pub Option<FileProblems>);

/// One file's problems.
#[derive(Debug, Clone)]
pub struct FileProblems {
    /// The file as trainers name it.
    pub file: String,
    /// Everything the checker said about it.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileProblems {
    fn of(file: &ScenarioFile) -> FileProblems {
        FileProblems {
            file: file.file.clone(),
            diagnostics: file.diagnostics.clone(),
        }
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// A message for the trainee about play (a hot reload, a choice that failed). Only text to
/// show: nothing decides by it.
#[derive(Resource, Debug, Default, Clone, PartialEq, Eq)]
pub struct Notice(pub Option<Note>);

/// What a [`Notice`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What happened.
    pub text: String,
    /// Whether it is a problem rather than news.
    pub is_error: bool,
}

impl Notice {
    fn say(&mut self, text: impl Into<String>, is_error: bool) {
        self.0 = Some(Note {
            text: text.into(),
            is_error,
        });
    }
}

/// A conversation under way or ended.
pub struct Play {
    session: Session,
    text_hash: String,
    path: PathBuf,
    started_at: jiff::Timestamp,
    debrief: Option<Debrief>,
    /// The trainee's answers to the reflection questions so far.
    pub answers: Vec<String>,
    /// Where the transcript was saved, or why it could not be.
    pub saved: Option<Result<PathBuf, String>>,
}

/// What the trainee faces now.
#[derive(Debug, Clone, PartialEq)]
pub enum Now<'a> {
    /// A decision.
    Deciding {
        /// The node play is at.
        node: &'a str,
        /// The rapport-building stage.
        stage: Stage,
        /// How the person presents.
        mood: Mood,
        /// The choices on offer, in order.
        choices: Vec<Offer<'a>>,
    },
    /// The conversation has ended.
    Ended {
        /// The ending's id.
        ending: &'a str,
        /// Its title.
        title: &'a str,
        /// How it went.
        outcome: Outcome,
        /// How the person seemed last.
        mood: Option<Mood>,
    },
}

/// A choice on offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer<'a> {
    /// Its id (what [`Action::Choose`] names).
    pub id: &'a str,
    /// The words.
    pub say: &'a str,
}

impl Play {
    fn start(open: &Opened) -> Result<Play, String> {
        let session = Session::start(Arc::clone(&open.program)).map_err(|e| e.to_string())?;
        Ok(Play::on(session, open))
    }

    fn on(session: Session, open: &Opened) -> Play {
        Play {
            session,
            text_hash: open.text_hash.clone(),
            path: open.path.clone(),
            started_at: jiff::Timestamp::now(),
            debrief: None,
            answers: vec![String::new(); open.program.scenario().reflection.len()],
            saved: None,
        }
    }

    /// Plays on a new version of the scenario (a hot reload).
    fn adopt(&mut self, session: Session, open: &Opened) {
        self.session = session;
        self.text_hash.clone_from(&open.text_hash);
        self.path.clone_from(&open.path);
        self.debrief = None;
        self.saved = None;
        self.answers
            .resize(open.program.scenario().reflection.len(), String::new());
    }

    fn choose(&mut self, id: &str) -> Result<(), String> {
        self.session.choose(id).map_err(|e| e.to_string())?;
        self.saved = None;
        Ok(())
    }

    /// What the trainee faces now.
    pub fn now(&self) -> Now<'_> {
        match self.session.beat() {
            Beat::Decision {
                node,
                stage,
                mood,
                choices,
                ..
            } => Now::Deciding {
                node,
                stage,
                mood,
                choices: choices
                    .into_iter()
                    .map(|c| Offer {
                        id: c.id.as_str(),
                        say: c.say.as_str(),
                    })
                    .collect(),
            },
            Beat::Ended {
                ending,
                title,
                outcome,
                ..
            } => Now::Ended {
                ending,
                title,
                outcome,
                mood: self.lines().iter().rev().find_map(|l| l.mood),
            },
        }
    }

    /// Where play is: the node, or the ending once over.
    pub fn node(&self) -> &str {
        match self.now() {
            Now::Deciding { node, .. } => node,
            Now::Ended { ending, .. } => ending,
        }
    }

    /// Whether an ending has been reached.
    pub fn is_over(&self) -> bool {
        self.session.is_over()
    }

    /// Everything shown so far, in order.
    pub fn lines(&self) -> &[Line] {
        self.session.lines()
    }

    /// The ids of the choices made, in order.
    pub fn choices_made(&self) -> Vec<&str> {
        self.session
            .trajectory()
            .iter()
            .map(|s| s.choice.as_str())
            .collect()
    }

    /// Whether any choice has been made.
    pub fn has_begun(&self) -> bool {
        !self.session.trajectory().is_empty()
    }

    /// Appointment minutes used so far.
    pub fn minutes_used(&self) -> u32 {
        self.session.state().minutes
    }

    /// The person's dials, by name (learning mode).
    pub fn dials(&self) -> Vec<(String, i32)> {
        self.session.state().dials.into_iter().collect()
    }

    /// The flags set so far (learning mode).
    pub fn flags(&self) -> Vec<String> {
        self.session.state().flags.into_iter().collect()
    }

    /// The debrief, once the conversation has ended.
    pub fn debrief(&self) -> Option<&Debrief> {
        self.debrief.as_ref()
    }

    /// The debrief with the reflection answers, for the debrief screen to fill in.
    pub fn debrief_and_answers(&mut self) -> Option<(&Debrief, &mut Vec<String>)> {
        Some((self.debrief.as_ref()?, &mut self.answers))
    }

    fn save(
        &self,
        framework: &rapport_core::framework::Framework,
        data_dir: Option<&Path>,
    ) -> Result<PathBuf, String> {
        let dir = data_dir.ok_or_else(|| {
            "there is no user data folder on this computer; start Rapport with --data-dir DIR"
                .to_string()
        })?;
        let mut transcript = Transcript::from_session(
            &self.session,
            framework,
            Some(&self.path),
            self.text_hash.clone(),
            self.started_at,
        );
        transcript.reflections = self
            .session
            .scenario()
            .reflection
            .iter()
            .zip(self.answers.iter().chain(std::iter::repeat(&String::new())))
            .map(|(question, answer)| Reflection {
                question: question.to_string(),
                answer: answer.clone(),
            })
            .collect();
        let path = dir.join(transcript.file_name());
        transcript
            .save_atomic(&path)
            .map_err(|e| rapport_core::transcript::write_problem(&path, &e))?;
        info!("transcript saved to {}", path.display());
        Ok(path)
    }
}

#[allow(clippy::too_many_arguments)]
fn apply_actions(
    mut actions: MessageReader<Action>,
    mut open: ResMut<OpenScenario>,
    mut conversation: ResMut<Conversation>,
    mut problems: ResMut<Problems>,
    mut notice: ResMut<Notice>,
    files: Res<Assets<ScenarioFile>>,
    library: Res<Library>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    framework: Res<Framework>,
    data_dir: Res<DataDir>,
) {
    // Several actions may arrive in one frame (automation plays a whole route at once), so
    // each one sees the screen the previous one chose.
    let mut at = *screen.get();
    let mut go = |to: Screen, at: &mut Screen| {
        *at = to;
        next.set(to);
    };
    for action in actions.read() {
        match action {
            Action::Open(id) => {
                let Some(handle) = library.files.iter().find(|h| h.id() == *id).cloned() else {
                    continue;
                };
                problems.0 = None;
                notice.0 = None;
                match files.get(*id) {
                    Some(file) => match file.playable() {
                        Some(scenario) => {
                            // Reopening the open scenario resumes its conversation.
                            if open.id() != Some(*id) {
                                conversation.0 = None;
                                open.0 = Some(Opened::new(handle, file, scenario));
                            }
                            go(Screen::Briefing, &mut at);
                        }
                        None => problems.0 = Some(FileProblems::of(file)),
                    },
                    None => notice.say("That scenario is still loading.", false),
                }
            }
            Action::Begin => {
                if conversation.0.is_none() {
                    let Some(opened) = &open.0 else {
                        continue;
                    };
                    match Play::start(opened) {
                        Ok(play) => conversation.0 = Some(play),
                        Err(e) => {
                            notice.say(e, true);
                            continue;
                        }
                    }
                }
                let over = conversation.0.as_ref().is_some_and(Play::is_over);
                go(
                    if over {
                        Screen::Debrief
                    } else {
                        Screen::Conversation
                    },
                    &mut at,
                );
            }
            Action::Choose(id) => {
                let Some(play) = conversation.0.as_mut() else {
                    continue;
                };
                match play.choose(id) {
                    Ok(()) => {
                        notice.0 = None;
                        if play.is_over() {
                            go(Screen::Debrief, &mut at);
                        }
                    }
                    Err(e) => notice.say(e, true),
                }
            }
            Action::Restart => {
                // On the version in use: the latest that passed the checker.
                let Some(opened) = &open.0 else {
                    continue;
                };
                match Play::start(opened) {
                    Ok(play) => {
                        conversation.0 = Some(play);
                        notice.0 = None;
                        go(Screen::Conversation, &mut at);
                    }
                    Err(e) => notice.say(e, true),
                }
            }
            Action::Back => match at {
                Screen::Title => problems.0 = None,
                Screen::Briefing => go(Screen::Title, &mut at),
                Screen::Conversation => go(Screen::Briefing, &mut at),
                Screen::Debrief => go(Screen::Conversation, &mut at),
            },
            Action::Home => {
                problems.0 = None;
                notice.0 = None;
                go(Screen::Title, &mut at);
            }
            Action::ShowDebrief => {
                if conversation.0.as_ref().is_some_and(Play::is_over) {
                    go(Screen::Debrief, &mut at);
                }
            }
            Action::Save(answers) => {
                let Some(play) = conversation.0.as_mut() else {
                    continue;
                };
                play.answers.clone_from(answers);
                let result = play.save(&framework.0, data_dir.0.as_deref());
                if let Err(e) = &result {
                    warn!("{e}");
                }
                play.saved = Some(result);
            }
        }
    }
}

/// Works out the debrief once the conversation has ended (again after a reload changes it).
fn derive_debrief(mut conversation: ResMut<Conversation>, framework: Res<Framework>) {
    let wanted = conversation
        .0
        .as_ref()
        .is_some_and(|p| p.debrief.is_none() && p.is_over());
    if let Some(play) = conversation.0.as_mut().filter(|_| wanted) {
        play.debrief = Some(Debrief::new(&play.session, &framework.0));
    }
}

/// A trainer saved the open scenario's file: take the new version up if it passes the
/// checker, keeping the trainee's place, and say how it went as a [`Reload`].
fn reload_open_scenario(
    mut events: MessageReader<AssetEvent<ScenarioFile>>,
    files: Res<Assets<ScenarioFile>>,
    mut open: ResMut<OpenScenario>,
    mut conversation: ResMut<Conversation>,
    mut problems: ResMut<Problems>,
    mut reloads: MessageWriter<Reload>,
) {
    let Some(id) = open.id() else {
        events.clear();
        return;
    };
    let changed = events
        .read()
        .any(|e| matches!(e, AssetEvent::Modified { id: changed } if *changed == id));
    if !changed {
        return;
    }
    let (Some(file), Some(opened)) = (files.get(id), open.0.as_mut()) else {
        return;
    };
    let (reload, session) = reloaded(file, opened, conversation.0.as_ref());
    match &reload {
        Reload::KeptPlace | Reload::Rewound { .. } => {
            problems.0 = None;
            if let Some(scenario) = file.playable() {
                *opened = Opened::new(opened.file.clone(), file, scenario);
            }
            if let (Some(play), Some(session)) = (conversation.0.as_mut(), session) {
                play.adopt(session, opened);
            }
        }
        Reload::Refused { .. } | Reload::Unchanged => problems.0 = None,
        Reload::Broken { problems: found } => problems.0 = Some(found.clone()),
    }
    reloads.write(reload);
}

/// How a new version of the open file would be taken up, and the session replayed on it.
fn reloaded(file: &ScenarioFile, open: &Opened, play: Option<&Play>) -> (Reload, Option<Session>) {
    let Some(program) = file.playable() else {
        return (
            Reload::Broken {
                problems: FileProblems::of(file),
            },
            None,
        );
    };
    if **program.scenario() == **open.program.scenario() {
        return (Reload::Unchanged, None);
    }
    let Some(play) = play else {
        return (Reload::KeptPlace, None);
    };
    let choices: Vec<String> = play.choices_made().into_iter().map(String::from).collect();
    match Session::replay(Arc::clone(program), &choices) {
        Ok(session) => (Reload::KeptPlace, Some(session)),
        Err(e) => match e.replayed {
            Some(session) => (Reload::Rewound { reason: e.message }, Some(*session)),
            None => (Reload::Refused { reason: e.message }, None),
        },
    }
}

/// Tells the trainee when the open scenario's file is deleted: play goes on, on the version
/// opened, but it can no longer follow the file.
fn tell_file_deleted(
    mut changes: MessageReader<crate::assets::FolderChanged>,
    open: Res<OpenScenario>,
    mut notice: ResMut<Notice>,
) {
    for change in changes.read() {
        let Some(opened) = &open.0 else { continue };
        let name = opened
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        if change.removed.contains(&name) {
            notice.say(
                format!(
                    "{name} was deleted from the scenarios folder. This conversation carries on with the version you opened; save the file again to follow it."
                ),
                true,
            );
        }
    }
}

/// Tells the trainee how a reload went.
fn tell_reload(
    mut reloads: MessageReader<Reload>,
    conversation: Res<Conversation>,
    mut notice: ResMut<Notice>,
) {
    for reload in reloads.read() {
        match reload {
            Reload::KeptPlace if conversation.0.is_some() => notice.say(
                "Scenario updated from the file; you are at the same place.",
                false,
            ),
            Reload::KeptPlace => notice.say("Scenario updated from the file.", false),
            Reload::Rewound { reason } => notice.say(
                format!(
                    "Scenario updated from the file. Play continues from the last step that still exists: {reason}"
                ),
                true,
            ),
            Reload::Refused { reason } => notice.say(
                format!(
                    "The updated scenario cannot start ({reason}); still playing the last good version."
                ),
                true,
            ),
            Reload::Broken { problems } => notice.say(
                format!(
                    "{} has {} error(s) after the last save; still playing the last good version.",
                    problems.file,
                    problems.errors()
                ),
                true,
            ),
            Reload::Unchanged => notice.0 = None,
        }
    }
}

/// After a reload the conversation may have ended (or no longer be over): show the screen
/// that fits.
fn follow_reload(
    mut reloads: MessageReader<Reload>,
    conversation: Res<Conversation>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
) {
    let adopted = reloads
        .read()
        .any(|r| matches!(r, Reload::KeptPlace | Reload::Rewound { .. }));
    let Some(play) = conversation.0.as_ref().filter(|_| adopted) else {
        return;
    };
    match (*screen.get(), play.is_over()) {
        (Screen::Debrief, false) => next.set(Screen::Conversation),
        (Screen::Conversation, true) => next.set(Screen::Debrief),
        _ => {}
    }
}
