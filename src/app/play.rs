//! Playing a scenario: what the trainee does arrives as [`Action`] messages; this module turns
//! them into calls on the engine ([`Session`]) and screen changes. It also applies hot
//! reloads to the scenario being played.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;

use super::assets::{Library, ScenarioFile};
use super::screens::Screen;
use crate::debrief::Debrief;
use crate::diagnostic::Diagnostic;
use crate::model::Scenario;
use crate::runtime::Session;
use crate::transcript::{Reflection, Transcript, hash_text};

pub(super) fn plugin(app: &mut App) {
    app.add_message::<Action>()
        .init_resource::<Current>()
        .add_systems(
            Update,
            (apply_reloads, apply_actions).chain().in_set(PlaySystems),
        )
        .add_systems(OnEnter(Screen::Debrief), open_debrief);
}

/// The systems that change play; UI reads after them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PlaySystems;

/// The skills, sources and language guide scenarios are checked and scored against.
#[derive(Resource, Clone)]
pub(super) struct Framework(pub Arc<crate::framework::Framework>);

/// Where transcripts are saved (`None`: no user data folder could be found).
#[derive(Resource, Clone, Debug)]
pub(super) struct DataDir(pub Option<PathBuf>);

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

/// A message for the trainee about play (a hot reload, a choice that failed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// What happened.
    pub text: String,
    /// Whether it is a problem rather than news.
    pub is_error: bool,
}

/// The scenario open now, and the conversation if one has started.
#[derive(Resource, Default)]
pub struct Current {
    /// The file whose briefing or conversation is open.
    pub file: Option<Handle<ScenarioFile>>,
    /// The conversation.
    pub play: Option<Play>,
    /// The checker's messages about the open file's latest version, when it has errors (the
    /// last good version keeps running).
    pub problems: Option<(String, Vec<Diagnostic>)>,
    /// News for the trainee.
    pub notice: Option<Notice>,
}

/// A conversation under way.
pub struct Play {
    /// The version of the scenario being played.
    pub scenario: Arc<Scenario>,
    /// That version's text (the transcript records its hash).
    pub text: Arc<str>,
    /// The engine's session.
    pub session: Session,
    /// When play began.
    pub started_at: jiff::Timestamp,
    /// The trainee's answers to the reflection questions so far.
    pub answers: Vec<String>,
}

impl Play {
    fn start(file: &ScenarioFile) -> Result<Play, String> {
        let scenario = file
            .playable()
            .ok_or_else(|| format!("{} has {} error(s)", file.file, file.errors()))?;
        let session = Session::new(Arc::clone(scenario)).map_err(|e| e.to_string())?;
        Ok(Play {
            answers: vec![String::new(); scenario.reflection.len()],
            scenario: Arc::clone(scenario),
            text: Arc::clone(&file.text),
            session,
            started_at: jiff::Timestamp::now(),
        })
    }
}

/// The debrief on show: one entity, despawned when the trainee leaves the screen.
#[derive(Component, Debug, Clone)]
pub struct DebriefView {
    /// What the engine made of the conversation.
    pub debrief: Debrief,
    /// Where the transcript was saved, or why it could not be.
    pub saved: Option<Result<PathBuf, String>>,
}

fn notice(current: &mut Current, text: impl Into<String>, is_error: bool) {
    current.notice = Some(Notice {
        text: text.into(),
        is_error,
    });
}

#[allow(clippy::too_many_arguments)]
fn apply_actions(
    mut actions: MessageReader<Action>,
    mut current: ResMut<Current>,
    files: Res<Assets<ScenarioFile>>,
    library: Res<Library>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    framework: Res<Framework>,
    data_dir: Res<DataDir>,
    mut views: Query<&mut DebriefView>,
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
                let same = current.file.as_ref().is_some_and(|h| h.id() == *id);
                if !same {
                    current.play = None;
                }
                current.problems = None;
                current.notice = None;
                match files.get(*id) {
                    Some(file) if file.playable().is_some() => {
                        current.file = Some(handle);
                        go(Screen::Briefing, &mut at);
                    }
                    Some(file) => {
                        current.problems = Some((file.file.clone(), file.diagnostics.clone()));
                    }
                    None => notice(&mut current, "That scenario is still loading.", false),
                }
            }
            Action::Begin => {
                if current.play.is_none() {
                    let Some(file) = current.file.as_ref().and_then(|h| files.get(h.id())) else {
                        continue;
                    };
                    match Play::start(file) {
                        Ok(play) => current.play = Some(play),
                        Err(e) => {
                            notice(&mut current, e, true);
                            continue;
                        }
                    }
                }
                let over = current.play.as_ref().is_some_and(|p| p.session.is_over());
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
                let Some(play) = current.play.as_mut() else {
                    continue;
                };
                match play.session.choose(id) {
                    Ok(()) => {
                        current.notice = None;
                        if current.play.as_ref().is_some_and(|p| p.session.is_over()) {
                            go(Screen::Debrief, &mut at);
                        }
                    }
                    Err(e) => notice(&mut current, e.to_string(), true),
                }
            }
            Action::Restart => {
                // Restart on the latest good version of the file.
                let Some(file) = current.file.as_ref().and_then(|h| files.get(h.id())) else {
                    continue;
                };
                let restarted = match file.playable() {
                    Some(_) => Play::start(file),
                    None => current
                        .play
                        .as_ref()
                        .ok_or_else(|| "the scenario has errors".to_string())
                        .and_then(|p| {
                            Session::new(Arc::clone(&p.scenario))
                                .map_err(|e| e.to_string())
                                .map(|session| Play {
                                    answers: vec![String::new(); p.scenario.reflection.len()],
                                    scenario: Arc::clone(&p.scenario),
                                    text: Arc::clone(&p.text),
                                    session,
                                    started_at: jiff::Timestamp::now(),
                                })
                        }),
                };
                match restarted {
                    Ok(play) => {
                        current.play = Some(play);
                        current.notice = None;
                        go(Screen::Conversation, &mut at);
                    }
                    Err(e) => notice(&mut current, e, true),
                }
            }
            Action::Back => match at {
                Screen::Title => {
                    current.problems = None;
                }
                Screen::Briefing => go(Screen::Title, &mut at),
                Screen::Conversation => go(Screen::Briefing, &mut at),
                Screen::Debrief => go(Screen::Conversation, &mut at),
            },
            Action::Home => {
                current.problems = None;
                current.notice = None;
                go(Screen::Title, &mut at);
            }
            Action::ShowDebrief => {
                if current.play.as_ref().is_some_and(|p| p.session.is_over()) {
                    go(Screen::Debrief, &mut at);
                }
            }
            Action::Save(answers) => {
                let Some(play) = current.play.as_mut() else {
                    continue;
                };
                play.answers.clone_from(answers);
                let result = save(play, &framework.0, data_dir.0.as_deref());
                if let Err(e) = &result {
                    warn!("{e}");
                }
                for mut view in &mut views {
                    view.saved = Some(result.clone());
                }
            }
        }
    }
}

fn save(
    play: &Play,
    framework: &crate::framework::Framework,
    data_dir: Option<&std::path::Path>,
) -> Result<PathBuf, String> {
    let dir = data_dir.ok_or_else(|| {
        "there is no user data folder on this computer; start Rapport with --data-dir DIR"
            .to_string()
    })?;
    let mut transcript = Transcript::from_session(
        &play.session,
        framework,
        None,
        hash_text(play.text.as_bytes()),
        play.started_at,
    );
    transcript.reflections = play
        .scenario
        .reflection
        .iter()
        .zip(play.answers.iter().chain(std::iter::repeat(&String::new())))
        .map(|(question, answer)| Reflection {
            question: question.clone(),
            answer: answer.clone(),
        })
        .collect();
    let path = dir.join(transcript.file_name());
    transcript
        .save_atomic(&path)
        .map_err(|e| format!("could not save the transcript to {}: {e}", path.display()))?;
    info!("transcript saved to {}", path.display());
    Ok(path)
}

fn open_debrief(mut commands: Commands, current: Res<Current>, framework: Res<Framework>) {
    let Some(play) = &current.play else {
        return;
    };
    commands.spawn((
        Name::new("Debrief"),
        DebriefView {
            debrief: Debrief::new(&play.session, &framework.0),
            saved: None,
        },
        DespawnOnExit(Screen::Debrief),
    ));
}

/// A trainer saved the open scenario: play on the new version from the same place, or show
/// the checker's messages and keep the last good version running.
fn apply_reloads(
    mut events: MessageReader<AssetEvent<ScenarioFile>>,
    mut current: ResMut<Current>,
    files: Res<Assets<ScenarioFile>>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    framework: Res<Framework>,
    mut views: Query<&mut DebriefView>,
) {
    let Some(open) = current.file.as_ref().map(Handle::id) else {
        events.clear();
        return;
    };
    let changed = events
        .read()
        .any(|e| matches!(e, AssetEvent::Modified { id } if *id == open));
    if !changed {
        return;
    }
    let Some(file) = files.get(open) else {
        return;
    };
    let Some(scenario) = file.playable().cloned() else {
        current.problems = Some((file.file.clone(), file.diagnostics.clone()));
        notice(
            &mut current,
            format!(
                "{} has {} error(s) after the last save; still playing the last good version.",
                file.file,
                file.errors()
            ),
            true,
        );
        return;
    };
    current.problems = None;
    let text = Arc::clone(&file.text);
    let Some(play) = current.play.as_mut() else {
        notice(&mut current, "Scenario updated from the file.", false);
        return;
    };
    if *play.scenario == *scenario {
        return;
    }
    let choices: Vec<String> = play
        .session
        .choices_made()
        .into_iter()
        .map(str::to_string)
        .collect();
    let (news, is_error) = match Session::replay(Arc::clone(&scenario), &choices) {
        Ok(session) => {
            play.session = session;
            (
                "Scenario updated from the file; you are at the same place.".to_string(),
                false,
            )
        }
        Err(e) => match e.replayed {
            Some(session) => {
                play.session = *session;
                (
                    format!(
                        "Scenario updated from the file. Play continues from the last step that still exists: {}",
                        e.message
                    ),
                    true,
                )
            }
            None => (
                format!(
                    "The updated scenario cannot start ({}); still playing the last good version.",
                    e.message
                ),
                true,
            ),
        },
    };
    if !is_error || news.starts_with("Scenario updated") {
        play.scenario = Arc::clone(&scenario);
        play.text = text;
        play.answers
            .resize(scenario.reflection.len(), String::new());
    }
    let over = play.session.is_over();
    match (*screen.get(), over) {
        (Screen::Debrief, true) => {
            for mut view in &mut views {
                view.debrief = Debrief::new(&play.session, &framework.0);
            }
        }
        (Screen::Debrief, false) => next.set(Screen::Conversation),
        (Screen::Conversation, true) => next.set(Screen::Debrief),
        _ => {}
    }
    notice(&mut current, news, is_error);
}
