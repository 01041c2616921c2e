//! Transcripts: a playthrough saved as JSON, to reopen, re-debrief or take to supervision.
//!
//! A transcript records the scenario (id, path and a SHA-256 hash of the file's text), the
//! choice ids made, the trajectory and the debrief as they were, the trainee's reflections
//! and when it happened. Reopening one replays the choice ids against the current version
//! of the scenario ([`Transcript::replay`]), so a changed scenario is noticed rather than
//! silently misread. Files are written atomically ([`write_atomic`]): a crash never leaves
//! half a transcript.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::compile::Program;
use crate::debrief::Debrief;
use crate::framework::Framework;
use crate::runtime::{ReplayError, Session, Step};

/// The transcript format version written by this build.
pub const FORMAT_VERSION: u32 = 1;

/// A trainee's answer to a reflection question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    /// The question.
    pub question: String,
    /// The answer (may be empty).
    pub answer: String,
}

/// A saved playthrough.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// Format version.
    #[serde(default = "one")]
    pub format: u32,
    /// Scenario id.
    pub scenario_id: String,
    /// Scenario title, for listings.
    #[serde(default)]
    pub scenario_title: String,
    /// Where the scenario file was, when known (absolute if it could be resolved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_path: Option<PathBuf>,
    /// SHA-256 of the scenario file's text, in hex.
    pub scenario_hash: String,
    /// The choice ids made, in order.
    pub choices: Vec<String>,
    /// The decisions as they were played.
    pub trajectory: Vec<Step>,
    /// The debrief as it was shown.
    pub debrief: Debrief,
    /// The trainee's reflections.
    #[serde(default)]
    pub reflections: Vec<Reflection>,
    /// When play started.
    pub started_at: jiff::Timestamp,
    /// When the transcript was made.
    pub finished_at: jiff::Timestamp,
    /// The version of Rapport that wrote it.
    pub app_version: String,
}

fn one() -> u32 {
    1
}

/// Why a transcript could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read the transcript {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a transcript's JSON.
    #[error("{} is not a Rapport transcript (line {line}, column {column}: {source})", path.display())]
    NotATranscript {
        /// The file.
        path: PathBuf,
        /// Where the JSON went wrong.
        line: usize,
        /// Where the JSON went wrong.
        column: usize,
        /// What serde said.
        source: serde_json::Error,
    },
}

/// SHA-256 of a scenario file's bytes, in lower-case hex.
pub fn hash_text(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Transcript {
    /// A transcript of a session. `scenario_hash` is [`hash_text`] of the file's text;
    /// `started_at` when play began. Reflections start empty.
    pub fn from_session(
        session: &Session,
        framework: &Framework,
        scenario_path: Option<&Path>,
        scenario_hash: String,
        started_at: jiff::Timestamp,
    ) -> Transcript {
        let scenario = session.scenario();
        Transcript {
            format: FORMAT_VERSION,
            scenario_id: scenario.id.to_string(),
            scenario_title: scenario.title.clone(),
            scenario_path: scenario_path
                .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())),
            scenario_hash,
            choices: session
                .choices_made()
                .into_iter()
                .map(str::to_string)
                .collect(),
            trajectory: session.trajectory().to_vec(),
            debrief: Debrief::new(session, framework),
            reflections: Vec::new(),
            started_at,
            finished_at: jiff::Timestamp::now(),
            app_version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    /// The transcript as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// Writes the transcript atomically (see [`write_atomic`]).
    pub fn save_atomic(&self, path: &Path) -> std::io::Result<()> {
        let mut json = self.to_json();
        json.push('\n');
        write_atomic(path, json.as_bytes())
    }

    /// Reads a transcript; the error says in a sentence what is wrong.
    pub fn load(path: &Path) -> Result<Transcript, LoadError> {
        let bytes = crate::format::read_bounded(path).map_err(|source| LoadError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_slice(&bytes).map_err(|source| LoadError::NotATranscript {
            path: path.to_path_buf(),
            line: source.line(),
            column: source.column(),
            source,
        })
    }

    /// Replays the transcript's choice ids against a (possibly changed) scenario.
    #[allow(clippy::result_large_err)]
    pub fn replay(&self, program: Arc<Program>) -> Result<Session, ReplayError> {
        Session::replay(program, &self.choices)
    }

    /// A file name for the transcript: scenario id and start time.
    pub fn file_name(&self) -> String {
        let stamp = self.started_at.strftime("%Y%m%dT%H%M%SZ").to_string();
        format!("{}-{stamp}.json", self.scenario_id)
    }
}

/// Where transcripts are saved by default: the user data folder's `transcripts/`.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "Rapport", "rapport")
        .map(|d| d.data_dir().join("transcripts"))
}

/// Why a file could not be written, in words a trainee can act on: a folder on the way that
/// is really a file, no permission, a read-only or full disk.
pub fn write_problem(path: &Path, error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    // The nearest existing ancestor that is not a folder blocks the path.
    let blocked = path
        .ancestors()
        .skip(1)
        .find(|a| a.exists())
        .filter(|a| !a.is_dir());
    if let Some(file) = blocked {
        return format!(
            "cannot save to {}: {} is a file, not a folder",
            path.display(),
            file.display()
        );
    }
    let why = match error.kind() {
        ErrorKind::PermissionDenied => {
            "permission denied (choose a folder you can write to)".into()
        }
        ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        ErrorKind::StorageFull => "the disk is full".into(),
        ErrorKind::IsADirectory => {
            "that is a folder (give a file name, such as attempt.json)".into()
        }
        _ => error.to_string(),
    };
    format!("cannot save to {}: {why}", path.display())
}

/// How our temporary files are named: `.rapport-XXXXXX.tmp` beside the file being written.
const TEMP_PREFIX: &str = ".rapport-";
const TEMP_SUFFIX: &str = ".tmp";

/// A temporary file of ours this old was left by a write that never finished (the process
/// was killed); younger ones may belong to a write under way in another process.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Removes temporary files of our own naming that a killed write left behind. Best effort:
/// a file that cannot be read or removed is left for the next time.
pub fn sweep_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let stale = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Writes a file atomically: a temporary file in the same folder, flushed to disk, then
/// renamed over the target (so a crash leaves the old file or the new one, never half of
/// either). Creates the folder if needed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    sweep_stale_temp_files(&dir);
    let mut file = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(&dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable where the platform allows it.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
